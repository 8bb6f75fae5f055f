// The CAP messages (one table) and the reporter that locates them (see messages.hpp).
#include "cap/messages.hpp"

#include <algorithm>

MUSTER_BEGIN_NAMESPACE
namespace cap::detail {
namespace {

constexpr severity E = severity::error;
constexpr severity W = severity::warning;

constexpr message_text messages[] = {
    // ---- reading the bytes
    {msg::file_unreadable, "file-unreadable", "cannot read {}: {}", "check the path and its permissions", E},
    {msg::file_too_large, "file-too-large", "the alert has {} bytes; the limit is {}",
     "an agency's alert is a few KiB: check what was sent, or raise the limit for trusted sources", E},
    {msg::empty_document, "empty-document", "the file holds no XML", "a CAP alert is an <alert> element", E},
    {msg::invalid_utf8, "invalid-utf8", "invalid UTF-8 at byte offset {}", "CAP alerts are read as UTF-8: save it as UTF-8", E},
    {msg::utf16, "encoding", "the alert is UTF-16 (byte order mark {}); only UTF-8 is read", "save it as UTF-8", E},
    {msg::encoding, "encoding", "the XML declaration names encoding {}; only UTF-8 is read", "save it as UTF-8", E},
    {msg::doctype, "doctype-refused",
     "a document type declaration (<!DOCTYPE …>) is refused: CAP needs none, and a DTD is how entity expansion "
     "(\"billion laughs\") and external entities arrive",
     "remove the DOCTYPE", E},
    {msg::entity, "doctype-refused", "an entity declaration (<!ENTITY …>) is refused: entities are never expanded",
     "remove it; write the text out", E},
    {msg::xml_syntax, "xml-syntax", "XML syntax error: {}", "", E},
    {msg::too_deep, "too-deep", "elements nest deeper than {} levels", "CAP nests 4 levels (alert/info/area/geocode)", E},
    {msg::second_root, "xml-syntax", "a second root element <{}>: an XML document has one", "send one alert per document", E},
    {msg::text_outside_root, "xml-syntax", "text outside the root element", "remove it", E},

    // ---- the root element
    {msg::not_cap, "not-cap", "the root element is <{}>, not a CAP <alert>", "give the CAP 1.2 alert itself", E},
    {msg::atom_feed, "atom-feed", "an Atom feed (<feed>), not a CAP alert",
     "a feed lists alerts: import each alert its entries link to", E},
    {msg::edxl, "edxl-envelope", "an EDXL-DE envelope (<EDXLDistribution>), not a CAP alert",
     "import the <alert> inside its <contentObject>", E},
    {msg::cap_version, "cap-version", "a CAP {} alert (namespace {}); only CAP 1.2 is read",
     "ask the sender for CAP 1.2 (urn:oasis:names:tc:emergency:cap:1.2)", E},
    {msg::wrong_namespace, "wrong-namespace", "<alert> is in namespace {}, not CAP 1.2's",
     "CAP 1.2 alerts declare xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"", E},
    {msg::no_namespace, "wrong-namespace", "<alert> has no namespace; CAP 1.2's is urn:oasis:names:tc:emergency:cap:1.2",
     "declare xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\" on <alert>", E},

    // ---- the alert's structure
    {msg::missing_element, "missing-element", "<{}> has no <{}>, which CAP 1.2 requires", "", E},
    {msg::duplicate_element, "duplicate-element", "a second <{}> in <{}>; CAP 1.2 allows one (the first is on line {})",
     "keep one", E},
    {msg::unknown_element, "unknown-element", "<{}> is not an element of CAP 1.2's <{}>; ignored", "", W},
    {msg::not_text, "not-text", "<{}> holds elements; CAP 1.2 gives it text only", "", E},
    {msg::empty_value, "empty-value", "<{}> is empty", "", E},
    {msg::bad_time, "bad-time", "<{}> {} is not a CAP dateTime: {}",
     "CAP 1.2 writes times as 2026-07-10T06:00:00+08:00, UTC as -00:00 (no Z, no fractions)", E},
    {msg::bad_identifier, "bad-identifier", "<{}> {} holds {}; CAP 1.2 identifiers hold no spaces, commas, '<' or '&', nor control characters", "", E},
    {msg::id_too_long, "id-too-long", "<identifier> has {} bytes; at most {} fit an event id (\"cap:\" and the identifier)",
     "", E},
    {msg::unknown_value, "unknown-value", "<{}> {} is not one of CAP 1.2's values ({})", "", E},
    {msg::status_not_imported, "status-not-imported", "status {}: {}; not imported", "", E},
    {msg::msg_type_not_imported, "msgtype-not-imported", "msgType {}: {}; not imported", "", E},
    {msg::bad_references, "bad-references", "references entry {} is not sender,identifier,sent{}",
     "CAP 1.2 writes each referenced message as sender,identifier,sent, entries separated by spaces", E},
    {msg::missing_references, "missing-references", "msgType {} has no <references>: it must name the message it {}",
     "add <references>sender,identifier,sent</references>", E},
    {msg::references_ignored, "references-ignored", "an Alert's <references> are ignored: only an Update or Cancel refers to a warning",
     "", W},
    {msg::scope_missing, "missing-element", "<alert> has no <scope>, which CAP 1.2 requires; read as Public", "", W},
    {msg::bad_polygon, "bad-polygon", "<polygon> {}: {}; kept as written",
     "a polygon is 4 or more lat,lon pairs separated by spaces, the last equal to the first", W},
    {msg::bad_circle, "bad-circle", "<circle> {}: {}; kept as written", "a circle is lat,lon radius (km), e.g. 37.19,122.05 10", W},
    {msg::bad_number, "bad-number", "<{}> {} is not a number", "", E},

    // ---- mapping onto the policy
    {msg::no_info, "no-info", "an {} needs an <info> block: it says the hazard, the level and the area", "", E},
    {msg::no_hazards, "no-hazards", "the policy {} defines no hazards (no warnings: block), so no alert maps onto it",
     "define warnings: hazards: in the policy", E},
    {msg::unknown_hazard, "unknown-hazard", "{} is no hazard of the policy; its hazards are {}",
     "name a hazard by its name, id or CAP event text (cap_events), or by an eventCode in its cap_codes", E},
    {msg::ambiguous_hazard, "ambiguous-hazard", "the eventCodes name two hazards of the policy: {} and {}",
     "send one hazard per alert", E},
    {msg::hazards_differ, "hazards-differ", "info {} is about hazard {}, info {} about {}: one alert is one warning here",
     "send each hazard as an alert of its own", E},
    {msg::unknown_level, "unknown-level", "the {} parameter {} is not a colour level",
     "blue, yellow, orange or red (蓝色, 黄色, 橙色, 红色)", E},
    {msg::unknown_severity, "unknown-severity", "severity {} and no level parameter: the warning's colour level is unknown",
     "add <parameter><valueName>level</valueName><value>orange</value></parameter>, or a known severity", E},
    {msg::level_disagrees, "level-disagrees", "the {} says {}, the {} says {}; {} is used", "", W},
    {msg::area_unmatched, "area-unmatched", "the alert's area matches no jurisdiction of the policy: it names {}; the policy's codes are {}",
     "CAP areas are matched by <geocode> (valueName GB/T 2260, GB2260 or ADCODE) equal to a jurisdiction's code", E},
    {msg::area_outside, "area-outside", "area {} matches no jurisdiction of the policy ({}): not part of the warning here", "", W},
    {msg::polygon_only, "polygon-only",
     "area {} has only a polygon or circle: kept, but only geocodes are matched to jurisdictions",
     "add a <geocode> (valueName GB/T 2260) for each district it covers", W},
    {msg::areas_differ, "areas-differ", "info {} names the jurisdictions {}, info {} {}; info {}'s are used", "", W},
    {msg::unknown_actor, "unknown-actor", "actor {} is no organisation of the policy", "", E},
    {msg::sender_not_organisation, "unknown-sender",
     "sender {} is no organisation of the policy: say which organisation sent it",
     "pass --actor ORG (the organisation this sender is)", E},
    {msg::actor_not_issuer, "actor-not-issuer",
     "{} holds none of the roles that issue warnings ({}): the engine will refuse its events", "", W},

    // ---- warning events (export)
    {msg::bad_json, "bad-json", "not a JSON event: {}", "one JSON object per line (docs/warnings.md)", E},
    {msg::bad_event_field, "bad-event", "{}: {}", "", E},
    {msg::not_cap_kind, "not-cap-kind", "a {} is no CAP message; only warning.issue, warning.update and warning.cancel are",
     "leave acknowledgements out of the export", E},
    {msg::unknown_reference, "unknown-reference",
     "references {}: no earlier event of the input is that message, and CAP names it by sender and sent time",
     "export the warning's whole history: its issue, then its updates, then this", E},
    {msg::no_code, "no-code", "jurisdiction {} has no code (GB/T 2260): its CAP area would have no geocode",
     "give it code: in the policy's jurisdictions", E},
    {msg::not_xml_text, "not-xml-text", "{} holds a control character XML 1.0 cannot carry", "", E},
};

}  // namespace

const message_text& text_of(msg id) {
  for (const auto& m : messages)
    if (m.id == id) return m;
  return messages[0];  // unreachable: every msg has a row (tests/cap check the codes)
}

std::string fill(const char* pattern, std::initializer_list<std::string> args) {
  std::string out;
  auto arg = args.begin();
  for (const char* p = pattern; *p != '\0'; ++p) {
    if (p[0] == '{' && p[1] == '}' && arg != args.end()) {
      out += *arg++;
      ++p;
    } else {
      out += *p;
    }
  }
  return out;
}

std::string shown(std::string_view s) {
  constexpr std::size_t max_shown = 80;
  std::string out = "'";
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (out.size() >= max_shown && (b & 0xC0U) != 0x80U) {
      out += "...";
      break;
    }
    if (b < 0x20 || b == 0x7F) {
      static const char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[b >> 4];
      out += hex[b & 0xFU];
    } else {
      out += static_cast<char>(b);
    }
  }
  return out + "'";
}

std::string listed(const std::vector<std::string>& items, std::size_t max_shown) {
  if (items.empty()) return "none";
  const std::size_t shown = std::min(items.size(), max_shown);
  std::string out;
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
    out += items[i];
  }
  if (shown < items.size()) out += " and " + std::to_string(items.size() - shown) + " more";
  return out;
}

positions::positions(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') line_starts_.push_back(i + 1);
}

source_location positions::at(const std::string& file, std::int64_t offset) const {
  if (offset < 0) return {file, 0, 0, -1};
  const auto off = std::min(static_cast<std::size_t>(offset), text_.size());
  const auto line = std::upper_bound(line_starts_.begin(), line_starts_.end(), off) - line_starts_.begin();
  const std::size_t start = line_starts_[static_cast<std::size_t>(line - 1)];
  std::uint32_t column = 1;
  for (std::size_t i = start; i < off; ++i)
    if ((static_cast<unsigned char>(text_[i]) & 0xC0U) != 0x80U) ++column;  // count characters, not bytes
  return {file, static_cast<std::uint32_t>(line), column, offset};
}

reporter::reporter(std::string file, std::vector<diagnostic>& out, std::size_t limit)
    : file_(std::move(file)), out_(out), limit_(limit == 0 ? 1 : limit) {}

source_location reporter::where(std::int64_t offset) const {
  return positions_ ? positions_->at(file_, offset) : source_location{file_, 0, 0, -1};
}

void reporter::add(msg id, const source_location& where, std::initializer_list<std::string> args, std::string hint) {
  const message_text& m = text_of(id);
  if (m.level == severity::error) ++errors_;
  if (full()) return;
  ++added_;
  out_.push_back({m.level, m.code, where, fill(m.text, args), hint.empty() ? std::string(m.hint) : std::move(hint)});
}

muster::status first_error(const std::vector<diagnostic>& diags) {
  const diagnostic* first = nullptr;
  std::size_t errors = 0;
  for (const diagnostic& d : diags)
    if (d.level == severity::error && errors++ == 0) first = &d;
  if (!first) return {};
  std::string message = render(*first);
  if (errors > 1) message += ", and " + std::to_string(errors - 1) + (errors == 2 ? " more error" : " more errors");
  const status_code code = first->code == "file-unreadable" ? status_code::io_error : status_code::malformed_input;
  return muster::status(code, std::move(message), status_location{first->where.file, {}, first->where.line, first->where.column});
}

}  // namespace cap::detail
MUSTER_END_NAMESPACE
