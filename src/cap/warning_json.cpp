// Warning events as JSON Lines (docs/warnings.md): written by the importer, read by the exporter.
// Reading checks each line against the policy, so an export never writes a hazard, level or
// jurisdiction the policy does not have; times are rewritten in the policy's zone, as the
// importer writes them, so that import(export(x)) can give x back exactly.
#include "cap/cap_time.hpp"
#include "cap/messages.hpp"

#include "codec/time_text.hpp"
#include "common/did_you_mean.hpp"

#include <muster/cap.hpp>
#include <muster/policy.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>

MUSTER_BEGIN_NAMESPACE
namespace cap {
namespace {

using namespace detail;
using json = nlohmann::ordered_json;

/// A line longer than this is no warning event (one names a few jurisdictions).
constexpr std::size_t max_line_bytes = 64 * 1024;
/// Nesting a warning event needs: the object and its area array.
constexpr int max_nesting = 4;

constexpr const char* members[] = {"id",   "kind",  "at",   "actor", "warning",  "references",
                                   "hazard", "level", "area", "until", "exercise", "status"};
constexpr const char* levels[] = {"blue", "yellow", "orange", "red"};

/// Deeper than max_nesting? Counted before parsing, so no parser recursion or destructor
/// ever sees a hostile depth.
bool too_deep(std::string_view line) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_nesting) return true;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return false;
}

/// The column (characters, 1-based) of byte `byte` of `line`.
std::uint32_t column_of(std::string_view line, std::size_t byte) {
  std::uint32_t col = 1;
  for (std::size_t i = 0; i < byte && i < line.size(); ++i)
    if ((static_cast<unsigned char>(line[i]) & 0xC0U) != 0x80U) ++col;
  return col;
}

class line_reader {
 public:
  line_reader(const policy& p, reporter& rep, source_location where, const json& j)
      : p_(p), rep_(rep), where_(std::move(where)), j_(j) {}

  void bad(const std::string& member, const std::string& why, std::string hint = {}) {
    rep_.add(msg::bad_event_field, where_, {member, why}, std::move(hint));
  }

  bool has(const char* member) const { return j_.contains(member); }

  /// An id: a non-empty string or a non-negative integer (written as text).
  std::string id(const char* member, bool required) {
    if (!has(member)) {
      if (required) bad(member, "missing");
      return {};
    }
    const json& v = j_[member];
    if (v.is_string() && !v.get<std::string>().empty()) return v.get<std::string>();
    if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
    bad(member, "expected a non-empty string or an integer");
    return {};
  }

  std::string time(const char* member, bool required) {
    if (!has(member)) {
      if (required) bad(member, "missing");
      return {};
    }
    const json& v = j_[member];
    std::string text;
    if (v.is_string()) text = v.get<std::string>();
    else if (v.is_number_unsigned()) text = std::to_string(v.get<std::uint64_t>());
    else {
      bad(member, "expected an RFC 3339 time or seconds since 1970");
      return {};
    }
    timestamp t = 0;
    std::string why;
    if (!muster::detail::parse_time_text(text, t, &why)) {
      bad(member, shown(text) + " is not a valid time: " + why);
      return {};
    }
    return event_time(t, p_.utc_offset_minutes);
  }

  /// A name of one of `ids` (a string), with a did-you-mean.
  std::string one_of(const char* member, const std::vector<std::string>& ids, const char* what, bool required) {
    if (!has(member)) {
      if (required) bad(member, "missing");
      return {};
    }
    const json& v = j_[member];
    if (!v.is_string()) {
      bad(member, "expected a string");
      return {};
    }
    const std::string s = v.get<std::string>();
    if (std::find(ids.begin(), ids.end(), s) != ids.end()) return s;
    const std::string guess = muster::detail::did_you_mean(s, ids);
    bad(member, shown(s) + " is not " + what, guess.empty() ? std::string() : "did you mean '" + guess + "'?");
    return {};
  }

  std::vector<std::string> area(bool required, const std::vector<std::string>& jurisdictions) {
    std::vector<std::string> out;
    if (!has("area")) {
      if (required) bad("area", "missing");
      return out;
    }
    const json& v = j_["area"];
    if (!v.is_array() || v.empty()) {
      bad("area", "expected an array of jurisdiction ids (at least one)");
      return out;
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string m = "area[" + std::to_string(i) + "]";
      if (!v[i].is_string()) {
        bad(m, "expected a string");
        continue;
      }
      const std::string s = v[i].get<std::string>();
      if (std::find(jurisdictions.begin(), jurisdictions.end(), s) == jurisdictions.end()) {
        const std::string guess = muster::detail::did_you_mean(s, jurisdictions);
        bad(m, shown(s) + " is not a jurisdiction of the policy", guess.empty() ? std::string() : "did you mean '" + guess + "'?");
        continue;
      }
      if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    }
    return out;
  }

  /// Members the kind does not take, and members no warning event has.
  void only(std::initializer_list<const char*> allowed, const std::string& kind) {
    std::vector<std::string> names(std::begin(members), std::end(members));
    for (const auto& item : j_.items()) {
      const std::string key = item.key();  // a structured binding could not be captured below (C++17)
      if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; }) != allowed.end()) continue;
      if (std::find(names.begin(), names.end(), key) != names.end()) {
        bad(key, "a " + kind + " does not take it");
      } else {
        const std::string guess = muster::detail::did_you_mean(key, names);
        bad(key, "no warning event has this member", guess.empty() ? std::string() : "did you mean '" + guess + "'?");
      }
    }
  }

  warning_event read() {
    warning_event e;
    e.where = where_;
    const json& kind = j_.contains("kind") ? j_["kind"] : json();
    if (!kind.is_string()) {
      bad("kind", j_.contains("kind") ? "expected a string" : "missing");
      return e;
    }
    e.kind = kind.get<std::string>();
    const bool issue = e.kind == "warning.issue", update = e.kind == "warning.update", cancel = e.kind == "warning.cancel";
    if (!issue && !update && !cancel) {
      if (e.kind.rfind("warning.", 0) == 0 || e.kind.find('.') != std::string::npos)
        rep_.add(msg::not_cap_kind, where_, {shown(e.kind)});
      else
        bad("kind", shown(e.kind) + " is not an event kind");
      return e;
    }
    std::vector<std::string> orgs, hazards, jurisdictions;
    for (const auto& o : p_.organisations) orgs.push_back(o.id);
    for (const auto& h : p_.warnings.hazards) hazards.push_back(h.id);
    for (const auto& j : p_.jurisdictions) jurisdictions.push_back(j.id);
    e.id = id("id", true);
    e.at = time("at", true);
    e.actor = one_of("actor", orgs, "an organisation of the policy", true);
    e.warning = id("warning", true);
    if (update || cancel) e.references = id("references", true);
    if (issue || update) {
      e.hazard = one_of("hazard", hazards, "a hazard of the policy (warnings: hazards:)", issue);
      e.level = one_of("level", std::vector<std::string>(std::begin(levels), std::end(levels)), "a level", issue);
      e.area = area(issue, jurisdictions);
      e.until = time("until", false);
    }
    if (issue) {
      e.status = status_of();
      only({"id", "kind", "at", "actor", "warning", "hazard", "level", "area", "until", "exercise", "status"}, e.kind);
    } else if (update) {
      only({"id", "kind", "at", "actor", "warning", "references", "hazard", "level", "area", "until"}, e.kind);
    } else {
      only({"id", "kind", "at", "actor", "warning", "references"}, e.kind);
    }
    return e;
  }

 private:
  const policy& p_;
  reporter& rep_;
  source_location where_;
  const json& j_;

  /// "exercise": true and "status": "exercise" | "test" → the status ("" when actual).
  std::string status_of() {
    std::string s;
    if (has("status")) {
      const json& v = j_["status"];
      if (v.is_string() && (v.get<std::string>() == "exercise" || v.get<std::string>() == "test")) s = v.get<std::string>();
      else bad("status", "expected \"exercise\" or \"test\"");
    }
    if (has("exercise")) {
      const json& v = j_["exercise"];
      if (!v.is_boolean()) bad("exercise", "expected true or false");
      else if (v.get<bool>() && s.empty()) s = "exercise";
      else if (!v.get<bool>() && !s.empty()) bad("exercise", "false, but status " + s + " makes it an exercise");
    }
    return s;
  }
};

}  // namespace

std::string to_json_line(const warning_event& e) {
  json j;
  j["id"] = e.id;
  j["kind"] = e.kind;
  j["at"] = e.at;
  j["actor"] = e.actor;
  j["warning"] = e.warning;
  if (!e.references.empty()) j["references"] = e.references;
  if (!e.hazard.empty()) j["hazard"] = e.hazard;
  if (!e.level.empty()) j["level"] = e.level;
  if (!e.area.empty()) j["area"] = e.area;
  if (!e.until.empty()) j["until"] = e.until;
  if (!e.status.empty()) j["status"] = e.status;
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

result<std::vector<warning_event>> read_warning_events(const policy& p, std::string_view jsonl, const std::string& file_name,
                                                       const limits& l) {
  std::vector<diagnostic> diags;
  reporter rep(file_name, diags, l.max_diagnostics);
  std::vector<warning_event> events;
  std::uint32_t line_no = 0;
  std::size_t start = 0;
  while (start < jsonl.size() && !rep.full()) {
    std::size_t end = jsonl.find('\n', start);
    if (end == std::string_view::npos) end = jsonl.size();
    std::string_view line = jsonl.substr(start, end - start);
    const std::int64_t line_offset = static_cast<std::int64_t>(start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;
    const source_location where{file_name, line_no, 1, line_offset};
    if (line.size() > max_line_bytes) {
      rep.add(msg::bad_json, where, {"the line has " + std::to_string(line.size()) + " bytes; a warning event has at most " +
                                     std::to_string(max_line_bytes)});
      continue;
    }
    if (too_deep(line)) {
      rep.add(msg::bad_json, where, {"nested deeper than a warning event is (" + std::to_string(max_nesting) + " levels)"});
      continue;
    }
    json j;
    try {
      j = json::parse(line);
    } catch (const json::parse_error& e) {
      const std::size_t byte = e.byte > 0 ? e.byte - 1 : 0;
      std::string what = e.what();
      if (const auto at = what.find("syntax error"); at != std::string::npos) what = what.substr(at);
      rep.add(msg::bad_json, source_location{file_name, line_no, column_of(line, byte), line_offset + static_cast<std::int64_t>(byte)},
              {what});
      continue;
    }
    if (!j.is_object()) {
      rep.add(msg::bad_json, where, {"expected a JSON object (one event)"});
      continue;
    }
    line_reader r(p, rep, where, j);
    events.push_back(r.read());
  }
  return finish<std::vector<warning_event>>(std::move(events), std::move(diags));
}

}  // namespace cap
MUSTER_END_NAMESPACE
