// src/common/incident_lines.hpp: the one incident-file dialect the command line and the API's
// batches both read (issue 14): comments, blank lines, a byte-order mark, {"advance": T}.
#include "common/incident_lines.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace muster::detail;

namespace {
incident_line_kind kind_of(std::string_view line, bool first = false) { return classify_incident_line(line, first, 1024).kind; }
}  // namespace

TEST_CASE("incident lines: blanks and comments are skipped; a byte-order mark only before the first line") {
  CHECK(kind_of("") == incident_line_kind::skip);
  CHECK(kind_of(" \t\r") == incident_line_kind::skip);
  CHECK(kind_of("# a comment") == incident_line_kind::skip);
  CHECK(kind_of("   # indented") == incident_line_kind::skip);
  CHECK(kind_of("\xEF\xBB\xBF# first", true) == incident_line_kind::skip);
  CHECK(kind_of("\xEF\xBB\xBF# not first", false) == incident_line_kind::event);
  CHECK(incident_line_text("\xEF\xBB\xBF{}\r", true) == "{}");
  CHECK(incident_line_text("{}\r", false) == "{}");
  CHECK(kind_of("{\"id\":\"e1\",\"kind\":\"incident.report\"}") == incident_line_kind::event);
  CHECK(kind_of("not json at all") == incident_line_kind::event);  // decoding refuses it, located
}

TEST_CASE("incident lines: exactly {\"advance\": T} is an advance, T as written") {
  incident_line l = classify_incident_line("{\"advance\":\"+20m\"}", false, 1024);
  CHECK(l.kind == incident_line_kind::advance);
  CHECK(l.time == "+20m");
  l = classify_incident_line("  { \"advance\" : 1791594000 }\r", false, 1024);
  CHECK(l.kind == incident_line_kind::advance);
  CHECK(l.time == "1791594000");
  // More members, another key, an array, an oversized line: events (the decoder says why).
  CHECK(kind_of("{\"advance\":\"+20m\",\"id\":\"x\"}") == incident_line_kind::event);
  CHECK(kind_of("{\"advanced\":\"+20m\"}") == incident_line_kind::event);
  CHECK(kind_of("[{\"advance\":\"+20m\"}]") == incident_line_kind::event);
  CHECK(kind_of("{\"advance\":\"+20m\"") == incident_line_kind::event);
  CHECK(classify_incident_line("{\"advance\":\"" + std::string(2000, '1') + "\"}", false, 1024).kind == incident_line_kind::event);
}

TEST_CASE("incident lines: advance times, relative to the latest time seen or absolute") {
  const auto absolute = [](std::string_view t, std::int64_t& out) {
    if (t != "2026-10-10T10:00:00+08:00") return false;
    out = 1791597600;
    return true;
  };
  std::int64_t t = 0;
  std::string err;
  CHECK(advance_time("+20m", 1000, absolute, t, err));
  CHECK(t == 2200);
  CHECK(advance_time("+1h30m", 0, absolute, t, err));
  CHECK(t == 5400);
  CHECK(advance_time("2026-10-10T10:00:00+08:00", INT64_MIN, absolute, t, err));
  CHECK(t == 1791597600);
  CHECK_FALSE(advance_time("+5m", INT64_MIN, absolute, t, err));
  CHECK(err == "a relative time (+5m) needs an earlier event to count from");
  CHECK_FALSE(advance_time("soon", 0, absolute, t, err));
  CHECK(err.rfind("'soon' is not a time: expected RFC 3339", 0) == 0);
  std::int64_t s = 0;
  CHECK(parse_offset("+7d", s));
  CHECK(s == 7 * 86400);
  CHECK(parse_offset("-30s", s));
  CHECK(s == -30);
  CHECK_FALSE(parse_offset("+5", s));
  CHECK_FALSE(parse_offset("5m", s));
  CHECK_FALSE(parse_offset("+5w", s));
}
