// Rejection details as a host reads them through the session (JSON in, JSON out): incidents by
// the host's own ids, never the codec's numbers; times in RFC 3339, never seconds since 1970
// (issue 10, item 6).
#include "journal/journal_files.hpp"

#include <doctest/doctest.h>

using muster::outcome_text;
using muster::rejection;
using muster_test::open_ok;

namespace {

const char* const flood =
    R"({"id":"e1","kind":"incident.report","at":"2026-10-10T09:00:00+08:00","actor":"wendeng_water","incident":"INC-7","jurisdiction":"wendeng","incident_type":"flood","grade":"general"})";
const char* const fire =
    R"({"id":"e2","kind":"incident.report","at":"2026-10-10T09:00:00+08:00","actor":"rushan_em","incident":"INC-8","jurisdiction":"rushan","incident_type":"building_fire","grade":"general"})";
const char* const plan =
    R"({"id":"e3","kind":"plan.draft","at":"2026-10-10T09:01:00+08:00","actor":"wendeng_fire","incident":"INC-7","forces":["wendeng_flood_team"]})";

outcome_text submit(muster::session& s, const std::string& line) {
  outcome_text o;
  s.submit_json(line, o);
  return o;
}

}  // namespace

TEST_CASE("Contract: an answer naming another incident is refused with the host's ids, and orders nothing") {
  auto s = open_ok("");
  REQUIRE(submit(*s, flood).accepted);
  REQUIRE(submit(*s, fire).accepted);
  REQUIRE(submit(*s, plan).accepted);
  const std::string digest = s->state_digest();

  const outcome_text ghost = submit(*s, R"({"id":"e4","kind":"request.approve","at":"2026-10-10T09:02:00+08:00","actor":"wendeng_em","incident":"ghost","request":1})");
  CHECK(ghost.reason == rejection::unknown_incident);
  CHECK(ghost.detail == "no incident ghost");
  CHECK(ghost.effects.empty());

  const outcome_text other = submit(*s, R"({"id":"e5","kind":"request.approve","at":"2026-10-10T09:02:00+08:00","actor":"wendeng_em","incident":"INC-8","request":1})");
  CHECK(other.reason == rejection::wrong_incident);
  CHECK(other.detail == "request 1 belongs to incident INC-7, not INC-8");
  CHECK(other.effects.empty());
  CHECK(s->state_digest() == digest);

  const outcome_text again = submit(*s, R"({"id":"e6","kind":"incident.report","at":"2026-10-10T09:03:00+08:00","actor":"wendeng_water","incident":"INC-7","jurisdiction":"wendeng","incident_type":"flood","grade":"general"})");
  CHECK(again.detail == "incident INC-7 was already reported: send new facts on it as incident.update (2.3)");
}

TEST_CASE("Contract: stale_time and clock_jump details give times in RFC 3339") {
  auto s = open_ok("");
  REQUIRE(submit(*s, flood).accepted);
  const outcome_text stale = submit(*s, R"({"id":"t1","kind":"clock.advance","at":"2026-10-10T08:00:00+08:00"})");
  CHECK(stale.reason == rejection::stale_time);
  CHECK(stale.detail == "time 2026-10-10T08:00:00+08:00 is earlier than the engine's clock 2026-10-10T09:00:00+08:00");
  const outcome_text jump = submit(*s, R"({"id":"t2","kind":"clock.advance","at":"2062-10-10T09:00:00+08:00"})");
  CHECK(jump.reason == rejection::clock_jump);
  CHECK(jump.detail.find("time 2062-10-10T09:00:00+08:00 is more than 31d after the engine's clock 2026-10-10T09:00:00+08:00") == 0);
  CHECK(jump.json.find("\"clock_jump\"") != std::string::npos);
}
