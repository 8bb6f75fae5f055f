// The incident-file dialect shared by the command line and the API (incident_lines.hpp).
#include "common/incident_lines.hpp"

#include <nlohmann/json.hpp>

MUSTER_BEGIN_NAMESPACE
namespace detail {

std::string_view incident_line_text(std::string_view line, bool first) {
  if (first && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // a UTF-8 byte-order mark
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

incident_line classify_incident_line(std::string_view raw, bool first, std::size_t max_bytes) {
  incident_line out;
  const std::string_view line = incident_line_text(raw, first);
  const std::size_t start = line.find_first_not_of(" \t\r");
  if (start == std::string_view::npos || line[start] == '#') return out;
  out.kind = incident_line_kind::event;
  // Only a line starting {"advance" can be one: events are not parsed twice (batches are hot).
  std::size_t at = start + 1;
  if (line[start] != '{') return out;
  while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) ++at;
  if (line.substr(at, 9) != "\"advance\"") return out;
  // Parsing before the size limit let one hostile line take gigabytes (16 MiB of '[' ≈ 1.3 GB):
  // an oversized line is no advance, and decoding refuses it, located.
  if (line.size() > max_bytes) return out;
  const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
  if (!j.is_object() || j.size() != 1 || !j.contains("advance")) return out;
  const nlohmann::json& t = j["advance"];
  out.kind = incident_line_kind::advance;
  out.time = t.is_string() ? t.get<std::string>() : t.dump();
  return out;
}

bool parse_offset(std::string_view s, std::int64_t& seconds) {
  if (s.size() < 2 || (s[0] != '+' && s[0] != '-')) return false;
  const bool negative = s[0] == '-';
  s.remove_prefix(1);
  if (s == "0") return seconds = 0, true;
  std::int64_t total = 0;
  while (!s.empty()) {
    std::int64_t n = 0;
    std::size_t i = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (n > 100000000) return false;
      n = n * 10 + (s[i] - '0');
      ++i;
    }
    if (i == 0 || i == s.size()) return false;
    std::int64_t unit = 0;
    switch (s[i]) {
      case 'd': unit = 86400; break;
      case 'h': unit = 3600; break;
      case 'm': unit = 60; break;
      case 's': unit = 1; break;
      default: return false;
    }
    total += n * unit;
    if (total > 100LL * 366 * 86400) return false;
    s.remove_prefix(i + 1);
  }
  seconds = negative ? -total : total;
  return true;
}

bool advance_time(std::string_view t, std::int64_t latest, const std::function<bool(std::string_view, std::int64_t&)>& absolute,
                  std::int64_t& out, std::string& err) {
  std::int64_t offset = 0;
  if (parse_offset(t, offset)) {
    if (latest == INT64_MIN) {
      err = "a relative time (" + std::string(t) + ") needs an earlier event to count from";
      return false;
    }
    out = latest + offset;
    return true;
  }
  if (absolute(t, out)) return true;
  err = "'" + std::string(t) +
        "' is not a time: expected RFC 3339 (\"2026-07-10T10:00:00+08:00\"), seconds since 1970, or +<duration> such as \"+16m\"";
  return false;
}

}  // namespace detail
MUSTER_END_NAMESPACE
