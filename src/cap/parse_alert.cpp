// parse_alert: a CAP 1.2 document → cap::alert. One table per block (alert, info, area …)
// says which elements CAP 1.2 defines there and how often; collect() sorts a block's children
// by it, so a missing, repeated or unknown element is found the same way in every block.
// Elements of other namespaces are extensions and are ignored; so is anything CAP defines
// that the table marks `ignored` (docs/warnings.md, "CAP 1.2", lists them).
#include "cap/cap_time.hpp"
#include "cap/messages.hpp"
#include "cap/xml_input.hpp"

#include "common/did_you_mean.hpp"

#include <muster/cap.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace cap {
namespace {

using namespace detail;

// ---- the element tables ----------------------------------------------------------------------

enum class occurs : std::uint8_t { optional, required, many, at_least_one };

struct element_rule {
  const char* name;
  occurs n;
};

// Order as in the CAP 1.2 schema (its order is not enforced here).
constexpr element_rule alert_rules[] = {
    {"identifier", occurs::required}, {"sender", occurs::required},      {"sent", occurs::required},
    {"status", occurs::required},     {"msgType", occurs::required},     {"source", occurs::optional},
    {"scope", occurs::optional},  // required by CAP; a missing one is a warning (read as Public)
    {"restriction", occurs::optional}, {"addresses", occurs::optional},  {"code", occurs::many},
    {"note", occurs::optional},       {"references", occurs::optional},  {"incidents", occurs::optional},
    {"info", occurs::many}};
enum alert_field { a_identifier, a_sender, a_sent, a_status, a_msg_type, a_source, a_scope, a_restriction, a_addresses,
                   a_code, a_note, a_references, a_incidents, a_info };

constexpr element_rule info_rules[] = {
    {"language", occurs::optional},  {"category", occurs::at_least_one}, {"event", occurs::required},
    {"responseType", occurs::many},  {"urgency", occurs::required},      {"severity", occurs::required},
    {"certainty", occurs::required}, {"audience", occurs::optional},     {"eventCode", occurs::many},
    {"effective", occurs::optional}, {"onset", occurs::optional},        {"expires", occurs::optional},
    {"senderName", occurs::optional}, {"headline", occurs::optional},    {"description", occurs::optional},
    {"instruction", occurs::optional}, {"web", occurs::optional},        {"contact", occurs::optional},
    {"parameter", occurs::many},     {"resource", occurs::many},  // counted, not read: nothing is fetched
    {"area", occurs::many}};
enum info_field { i_language, i_category, i_event, i_response_type, i_urgency, i_severity, i_certainty, i_audience,
                  i_event_code, i_effective, i_onset, i_expires, i_sender_name, i_headline, i_description,
                  i_instruction, i_web, i_contact, i_parameter, i_resource, i_area };

constexpr element_rule pair_rules[] = {{"valueName", occurs::required}, {"value", occurs::required}};

constexpr element_rule area_rules[] = {{"areaDesc", occurs::required}, {"polygon", occurs::many},
                                       {"circle", occurs::many},      {"geocode", occurs::many},
                                       {"altitude", occurs::optional}, {"ceiling", occurs::optional}};
enum area_field { r_area_desc, r_polygon, r_circle, r_geocode, r_altitude, r_ceiling };

// ---- the enumerations ------------------------------------------------------------------------

constexpr const char* status_values[] = {"Actual", "Exercise", "System", "Test", "Draft"};
constexpr const char* msg_type_values[] = {"Alert", "Update", "Cancel", "Ack", "Error"};
constexpr const char* scope_values[] = {"Public", "Restricted", "Private"};
constexpr const char* category_values[] = {"Geo",       "Met",   "Safety", "Security", "Rescue", "Fire",
                                           "Health",    "Env",   "Transport", "Infra", "CBRNE",  "Other"};
constexpr const char* response_values[] = {"Shelter", "Evacuate", "Prepare", "Execute", "Avoid",
                                           "Monitor", "Assess",   "AllClear", "None"};
constexpr const char* urgency_values[] = {"Immediate", "Expected", "Future", "Past", "Unknown"};
constexpr const char* severity_values[] = {"Extreme", "Severe", "Moderate", "Minor", "Unknown"};
constexpr const char* certainty_values[] = {"Observed", "Likely", "Possible", "Unlikely", "Unknown"};

// ---- the reader ------------------------------------------------------------------------------

template <std::size_t N>
using children = std::array<std::vector<pugi::xml_node>, N>;

bool is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_xml_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_xml_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view local_name(const pugi::xml_node& e) {
  const std::string_view name = e.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

/// The namespace of `e`'s name: its prefix's (or the default) declaration on it or an
/// ancestor. Unset when the prefix is declared nowhere.
std::optional<std::string_view> namespace_of(const pugi::xml_node& e) {
  const std::string_view name = e.name();
  const auto colon = name.find(':');
  const std::string attr = colon == std::string_view::npos ? "xmlns" : "xmlns:" + std::string(name.substr(0, colon));
  for (pugi::xml_node n = e; n && n.type() == pugi::node_element; n = n.parent())
    if (const pugi::xml_attribute a = n.attribute(attr.c_str())) return std::string_view(a.value());
  if (colon == std::string_view::npos) return std::string_view();
  return std::nullopt;
}

class reader {
 public:
  explicit reader(reporter& rep) : rep_(rep) {}

  source_location at(const pugi::xml_node& n) const { return rep_.where(offset_of(n)); }

  /// Sorts the CAP children of `parent` by `rules`: an unknown CAP element is a warning (with a
  /// did-you-mean), a second one of a single element and a missing required one are errors.
  template <std::size_t N>
  children<N> collect(const pugi::xml_node& parent, const element_rule (&rules)[N]) {
    children<N> out;
    const std::string parent_name(local_name(parent));
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;  // text between elements: whitespace, or mixed content CAP does not have
      const std::optional<std::string_view> ns = namespace_of(c);
      if (!ns) {
        rep_.add(msg::unknown_element, at(c), {c.name(), parent_name},
                 "its prefix is declared nowhere; CAP 1.2's elements are in " + std::string(namespace_1_2));
        continue;
      }
      if (*ns != namespace_1_2) continue;  // another namespace: an extension, ignored
      const std::string_view name = local_name(c);
      std::size_t k = 0;
      while (k < N && name != rules[k].name) ++k;
      if (k == N) {
        std::vector<std::string> names;
        for (const auto& r : rules) names.emplace_back(r.name);
        const std::string guess = muster::detail::did_you_mean(name, names);
        rep_.add(msg::unknown_element, at(c), {std::string(name), parent_name},
                 guess.empty() ? std::string() : "did you mean '" + guess + "'?");
        continue;
      }
      const bool single = rules[k].n == occurs::optional || rules[k].n == occurs::required;
      if (single && !out[k].empty()) {
        rep_.add(msg::duplicate_element, at(c), {std::string(name), parent_name, std::to_string(at(out[k].front()).line)});
        continue;
      }
      out[k].push_back(c);
    }
    for (std::size_t k = 0; k < N; ++k)
      if ((rules[k].n == occurs::required || rules[k].n == occurs::at_least_one) && out[k].empty())
        rep_.add(msg::missing_element, at(parent), {parent_name, rules[k].name});
    return out;
  }

  /// The text of a text-only element, trimmed. False (reported) when it holds elements.
  bool text(const pugi::xml_node& e, std::string& out) {
    out.clear();
    for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element) {
        rep_.add(msg::not_text, at(e), {std::string(local_name(e))});
        return false;
      }
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
    }
    out = std::string(trim(out));
    return true;
  }

  /// Where the text of `e` starts (its element when it has none).
  source_location text_at(const pugi::xml_node& e) const {
    for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling())
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) return at(c);
    return at(e);
  }

  /// The text of the first of `nodes` (single elements), or "" when there is none.
  std::string optional_text(const std::vector<pugi::xml_node>& nodes) {
    std::string s;
    if (!nodes.empty()) text(nodes.front(), s);
    return s;
  }

  /// A required text: not empty.
  std::string required_text(const std::vector<pugi::xml_node>& nodes) {
    std::string s;
    if (nodes.empty() || !text(nodes.front(), s)) return s;
    if (s.empty()) rep_.add(msg::empty_value, at(nodes.front()), {std::string(local_name(nodes.front()))});
    return s;
  }

  /// identifier, sender and each part of a reference: no spaces, commas, '<' or '&' (CAP 1.2), no control characters.
  bool identifier_ok(const std::string& s, const source_location& where, const std::string& element) {
    const char* holds = nullptr;
    for (char c : s) {
      const auto b = static_cast<unsigned char>(c);
      if (is_xml_space(c)) holds = "a space";
      else if (b < 0x20 || b == 0x7F) holds = "a control character";  // from a character reference such as &#1;
      else if (c == ',') holds = "a comma";
      else if (c == '<') holds = "'<'";
      else if (c == '&') holds = "'&'";
      if (holds != nullptr) break;
    }
    if (holds == nullptr) return true;
    rep_.add(msg::bad_identifier, where, {element, shown(s), holds});
    return false;
  }

  /// Index of `s` in `values`, or -1 (reported, with a did-you-mean for a wrong case or typo).
  template <std::size_t N>
  int enumerated(const pugi::xml_node& e, const std::string& s, const char* const (&values)[N]) {
    for (std::size_t k = 0; k < N; ++k)
      if (s == values[k]) return static_cast<int>(k);
    std::vector<std::string> names(std::begin(values), std::end(values));
    std::string guess;
    for (const auto& v : names)  // a wrong case is the likeliest slip: "actual"
      if (v.size() == s.size() && std::equal(v.begin(), v.end(), s.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
          }))
        guess = v;
    if (guess.empty()) guess = muster::detail::did_you_mean(s, names);
    rep_.add(msg::unknown_value, text_at(e), {std::string(local_name(e)), shown(s), listed(names)},
             guess.empty() ? std::string() : "did you mean '" + guess + "'?");
    return -1;
  }

  std::optional<date_time> time(const std::vector<pugi::xml_node>& nodes) {
    if (nodes.empty()) return std::nullopt;
    std::string s, why;
    if (!text(nodes.front(), s)) return std::nullopt;
    date_time t;
    if (parse_cap_time(s, t, why)) return t;
    rep_.add(msg::bad_time, text_at(nodes.front()), {std::string(local_name(nodes.front())), shown(s), why});
    return std::nullopt;
  }

  std::vector<value_pair> pairs(const std::vector<pugi::xml_node>& nodes) {
    std::vector<value_pair> out;
    for (const auto& n : nodes) {
      const children<2> c = collect(n, pair_rules);
      value_pair p{required_text(c[0]), optional_text(c[1]), at(n)};
      if (!c[1].empty() && p.value.empty()) rep_.add(msg::empty_value, at(c[1].front()), {"value"});
      out.push_back(std::move(p));
    }
    return out;
  }

  void references(const pugi::xml_node& e, std::vector<reference>& out) {
    std::string s;
    if (!text(e, s)) return;
    const source_location where = text_at(e);
    if (s.empty()) rep_.add(msg::empty_value, at(e), {"references"});
    std::size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && is_xml_space(s[i])) ++i;
      std::size_t end = i;
      while (end < s.size() && !is_xml_space(s[end])) ++end;
      if (end == i) break;
      const std::string entry = s.substr(i, end - i);
      i = end;
      const auto c1 = entry.find(',');
      const auto c2 = c1 == std::string::npos ? c1 : entry.find(',', c1 + 1);
      if (c2 == std::string::npos || entry.find(',', c2 + 1) != std::string::npos) {
        rep_.add(msg::bad_references, where, {shown(entry), ""});
        continue;
      }
      reference r{entry.substr(0, c1), entry.substr(c1 + 1, c2 - c1 - 1), {}};
      std::string why;
      if (!identifier_ok(r.sender, where, "references") || !identifier_ok(r.identifier, where, "references")) continue;
      if (r.sender.empty() || r.identifier.empty()) {
        rep_.add(msg::bad_references, where, {shown(entry), ": its sender or identifier is empty"});
        continue;
      }
      if (!parse_cap_time(entry.substr(c2 + 1), r.sent, why)) {
        rep_.add(msg::bad_references, where, {shown(entry), ": its sent time " + why});
        continue;
      }
      out.push_back(std::move(r));
    }
  }

  area read_area(const pugi::xml_node& e) {
    const children<std::size(area_rules)> c = collect(e, area_rules);
    area a;
    a.where = at(e);
    a.description = required_text(c[r_area_desc]);
    for (const auto& p : c[r_polygon]) {
      std::string s;
      if (!text(p, s)) continue;
      check_polygon(s, text_at(p));
      a.polygons.push_back(std::move(s));
    }
    for (const auto& p : c[r_circle]) {
      std::string s;
      if (!text(p, s)) continue;
      check_circle(s, text_at(p));
      a.circles.push_back(std::move(s));
    }
    a.geocodes = pairs(c[r_geocode]);
    a.altitude = number_text(c[r_altitude]);
    a.ceiling = number_text(c[r_ceiling]);
    return a;
  }

  info read_info(const pugi::xml_node& e) {
    const children<std::size(info_rules)> c = collect(e, info_rules);
    info in;
    in.where = at(e);
    if (!c[i_language].empty()) {
      text(c[i_language].front(), in.language);
      if (in.language.empty()) in.language = "en-US";  // CAP's default
    }
    for (const auto& n : c[i_category]) {
      std::string s;
      if (text(n, s) && enumerated(n, s, category_values) >= 0) in.categories.push_back(s);
    }
    in.event = required_text(c[i_event]);
    if (!c[i_event].empty()) in.event_where = text_at(c[i_event].front());
    for (const auto& n : c[i_response_type]) {
      std::string s;
      if (text(n, s) && enumerated(n, s, response_values) >= 0) in.response_types.push_back(s);
    }
    in.urgency = enumerated_text(c[i_urgency], urgency_values);
    in.severity = enumerated_text(c[i_severity], severity_values);
    if (!c[i_severity].empty()) in.severity_where = text_at(c[i_severity].front());
    in.certainty = enumerated_text(c[i_certainty], certainty_values);
    in.audience = optional_text(c[i_audience]);
    in.event_codes = pairs(c[i_event_code]);
    in.effective = time(c[i_effective]);
    in.onset = time(c[i_onset]);
    in.expires = time(c[i_expires]);
    in.sender_name = optional_text(c[i_sender_name]);
    in.headline = optional_text(c[i_headline]);
    in.description = optional_text(c[i_description]);
    in.instruction = optional_text(c[i_instruction]);
    in.web = optional_text(c[i_web]);
    in.contact = optional_text(c[i_contact]);
    in.parameters = pairs(c[i_parameter]);
    in.resources = c[i_resource].size();
    for (const auto& n : c[i_area]) in.areas.push_back(read_area(n));
    return in;
  }

  std::optional<alert> read_alert(const pugi::xml_node& root) {
    if (!root_is_cap_1_2(root)) return std::nullopt;
    const children<std::size(alert_rules)> c = collect(root, alert_rules);
    alert a;
    a.where = at(root);
    a.identifier = required_text(c[a_identifier]);
    if (!c[a_identifier].empty() && !a.identifier.empty()) {
      const source_location where = text_at(c[a_identifier].front());
      if (identifier_ok(a.identifier, where, "identifier") && a.identifier.size() > max_identifier_bytes)
        rep_.add(msg::id_too_long, where, {std::to_string(a.identifier.size()), std::to_string(max_identifier_bytes)});
    }
    a.sender = required_text(c[a_sender]);
    if (!c[a_sender].empty()) {
      a.sender_where = text_at(c[a_sender].front());
      if (!a.sender.empty()) identifier_ok(a.sender, a.sender_where, "sender");
    }
    if (auto t = time(c[a_sent])) a.sent = *t;
    read_status(c[a_status], a);
    read_msg_type(c[a_msg_type], a);
    a.source = optional_text(c[a_source]);
    if (c[a_scope].empty()) {
      rep_.add(msg::scope_missing, at(root));
      a.scope = "Public";
    } else {
      a.scope = enumerated_text(c[a_scope], scope_values);
    }
    a.restriction = optional_text(c[a_restriction]);
    a.addresses = optional_text(c[a_addresses]);
    for (const auto& n : c[a_code]) {
      std::string s;
      if (text(n, s)) a.codes.push_back(std::move(s));
    }
    a.note = optional_text(c[a_note]);
    if (!c[a_references].empty()) {
      a.references_where = text_at(c[a_references].front());
      references(c[a_references].front(), a.references);
    }
    a.incidents = optional_text(c[a_incidents]);
    for (const auto& n : c[a_info]) a.infos.push_back(read_info(n));
    return a;
  }

 private:
  /// "cap:" and the identifier must fit the codec's 256-byte ids.
  static constexpr std::size_t max_identifier_bytes = 252;

  reporter& rep_;

  template <std::size_t N>
  std::string enumerated_text(const std::vector<pugi::xml_node>& nodes, const char* const (&values)[N]) {
    if (nodes.empty()) return {};
    std::string s;
    if (!text(nodes.front(), s) || enumerated(nodes.front(), s, values) < 0) return {};
    return s;
  }

  std::string number_text(const std::vector<pugi::xml_node>& nodes) {
    if (nodes.empty()) return {};
    std::string s;
    if (!text(nodes.front(), s)) return {};
    double v = 0;
    if (!parse_number(s, v)) rep_.add(msg::bad_number, text_at(nodes.front()), {std::string(local_name(nodes.front())), shown(s)});
    return s;
  }

  static bool parse_number(std::string_view s, double& v) {
    if (s.empty()) return false;
    if (s.front() == '+') s.remove_prefix(1);  // from_chars takes no '+'
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    return r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(v);
  }

  /// "lat,lon" within range.
  static bool parse_point(std::string_view s, double& lat, double& lon) {
    const auto comma = s.find(',');
    if (comma == std::string_view::npos) return false;
    return parse_number(s.substr(0, comma), lat) && parse_number(s.substr(comma + 1), lon) && lat >= -90 && lat <= 90 &&
           lon >= -180 && lon <= 180;
  }

  static std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && is_xml_space(s[i])) ++i;
      std::size_t end = i;
      while (end < s.size() && !is_xml_space(s[end])) ++end;
      if (end > i) out.push_back(s.substr(i, end - i));
      i = end;
    }
    return out;
  }

  void check_polygon(const std::string& s, const source_location& where) {
    const std::vector<std::string_view> points = words(s);
    for (const auto& p : points) {
      double lat = 0, lon = 0;
      if (!parse_point(p, lat, lon)) {
        rep_.add(msg::bad_polygon, where, {shown(s), "point " + shown(p) + " is not lat,lon in range"});
        return;
      }
    }
    if (points.size() < 4) rep_.add(msg::bad_polygon, where, {shown(s), std::to_string(points.size()) + " points; at least 4"});
    else if (points.front() != points.back()) rep_.add(msg::bad_polygon, where, {shown(s), "the last point is not the first"});
  }

  void check_circle(const std::string& s, const source_location& where) {
    const std::vector<std::string_view> parts = words(s);
    double lat = 0, lon = 0, radius = 0;
    if (parts.size() != 2 || !parse_point(parts[0], lat, lon) || !parse_number(parts[1], radius) || radius < 0)
      rep_.add(msg::bad_circle, where, {shown(s), "not a point and a radius"});
  }

  void read_status(const std::vector<pugi::xml_node>& nodes, alert& a) {
    if (nodes.empty()) return;
    std::string s;
    if (!text(nodes.front(), s)) return;
    switch (enumerated(nodes.front(), s, status_values)) {
      case 0: a.status = status::actual; break;
      case 1: a.status = status::exercise; break;
      case 3: a.status = status::test; break;
      case 2:
        rep_.add(msg::status_not_imported, text_at(nodes.front()),
                 {"System", "a message for the alerting network's own operation (a heartbeat, a test of the channel), not a warning"});
        break;
      case 4:
        rep_.add(msg::status_not_imported, text_at(nodes.front()), {"Draft", "a draft, not meant to be acted on"});
        break;
      default: break;
    }
  }

  void read_msg_type(const std::vector<pugi::xml_node>& nodes, alert& a) {
    if (nodes.empty()) return;
    std::string s;
    if (!text(nodes.front(), s)) return;
    switch (enumerated(nodes.front(), s, msg_type_values)) {
      case 0: a.msg_type = msg_type::alert; break;
      case 1: a.msg_type = msg_type::update; break;
      case 2: a.msg_type = msg_type::cancel; break;
      case 3:
        rep_.add(msg::msg_type_not_imported, text_at(nodes.front()),
                 {"Ack", "it acknowledges another message and warns of nothing"});
        break;
      case 4:
        rep_.add(msg::msg_type_not_imported, text_at(nodes.front()),
                 {"Error", "it reports an error in another message and warns of nothing"});
        break;
      default: break;
    }
  }

  /// The root must be CAP 1.2's <alert>; say what it is when it is not.
  bool root_is_cap_1_2(const pugi::xml_node& root) {
    const std::string_view name = local_name(root);
    const std::optional<std::string_view> ns = namespace_of(root);
    const source_location where = at(root);
    if (name == "feed") {
      rep_.add(msg::atom_feed, where);
      return false;
    }
    if (name == "EDXLDistribution") {
      rep_.add(msg::edxl, where);
      return false;
    }
    if (name != "alert") {
      rep_.add(msg::not_cap, where, {root.name()});
      return false;
    }
    if (!ns || ns->empty()) {
      rep_.add(msg::no_namespace, where);
      return false;
    }
    if (*ns == namespace_1_2) return true;
    if (*ns == "urn:oasis:names:tc:emergency:cap:1.1") rep_.add(msg::cap_version, where, {"1.1", shown(*ns)});
    else if (*ns == "http://www.incident.com/cap/1.0") rep_.add(msg::cap_version, where, {"1.0", shown(*ns)});
    else rep_.add(msg::wrong_namespace, where, {shown(*ns)});
    return false;
  }
};

}  // namespace

result<alert> parse_alert(std::string_view xml, const std::string& file_name, const limits& l) {
  std::vector<diagnostic> diags;
  reporter rep(file_name, diags, l.max_diagnostics);
  pugi::xml_document doc;
  std::optional<alert> a;
  if (load_xml(xml, l, rep, doc)) {
    reader r(rep);
    a = r.read_alert(doc.document_element());
  }
  return finish<alert>(std::move(a), std::move(diags));
}

}  // namespace cap
MUSTER_END_NAMESPACE
