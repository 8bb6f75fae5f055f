// An edited force registry keeps a live journal openable (issue 13, item 2; docs/journal.md
// "Registry versions"): the journal keeps a copy of every registry version it ran under, replays
// each part of its history under its own version, and moves to the edited file when reopened
// with it. Forces already known keep their places; an edit that drops or reorders one is refused.
#include "engine/scenario.hpp"
#include "journal/journal_files.hpp"

#include <muster/journal.hpp>
#include <muster/session.hpp>

#include <doctest/doctest.h>

#include <string>

using muster::session;
using session_options = muster_test::test_session_options;
using muster_test::open_ok;
using muster_test::read_file;
using muster_test::temp_dir;
using muster_test::weihai;

namespace {

const std::string forces_path = std::string(MUSTER_SOURCE_DIR) + "/rules/weihai-forces.yaml";

/// The reference registry with one snippet replaced (it must occur once) and `appended` added at
/// the end, compiled.
std::shared_ptr<const muster::force_registry> edited_registry(const std::string& from, const std::string& to,
                                                              const std::string& appended = {}) {
  std::string text = read_file(forces_path);
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  text.replace(at, from.size(), to);
  text += appended;
  auto r = muster::compile_forces_text(*weihai().policy, "weihai-forces.yaml", text);
  const std::string first = r.diagnostics.empty() ? std::string() : muster::render(r.diagnostics[0]);
  INFO(first);
  REQUIRE(r.ok());
  return r.value;
}

std::unique_ptr<session> open_with(const std::string& path, std::shared_ptr<const muster::force_registry> r, muster::status& err) {
  session_options o;
  o.journal_path = path;
  return muster_test::open_with(weihai().policy, std::move(r), o, err);
}

bool accepted(const std::string& outcome) { return outcome.find("\"accepted\":true") != std::string::npos; }

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// 文登区防汛抢险队's head count in the file, and a new team appended at the end.
const std::string flood_team_personnel = "    personnel: 40\n    equipment:\n      - { zh: 移动排涝泵";
const std::string appended_team =
    "\n  - id: wendeng_new_volunteers\n"
    "    zh: 文登区新志愿救援队\n"
    "    en: Wendeng New Volunteer Team\n"
    "    category: social\n"
    "    registered: true\n"
    "    owner: wendeng_water\n"
    "    authority: wendeng_em\n"
    "    jurisdiction: wendeng\n"
    "    capabilities: [water_rescue]\n"
    "    personnel: 15\n"
    "    data_updated: 2026-11-19\n"
    "    insured_until: 2027-06-30\n";

}  // namespace

TEST_CASE("3.2.1 registry versions: a journal reopened with an edited registry moves to it and replays its past under its own") {
  temp_dir dir;
  const std::string path = dir.file("j");
  const auto flood_team = weihai().forces->find_force("wendeng_flood_team");
  REQUIRE(flood_team != muster::no_index);
  {
    auto s = open_ok(path);
    CHECK(s->recovery().created);
    REQUIRE(accepted(s->submit_json(
        R"({"id":"u1","kind":"force.update","at":"2026-10-10T09:00:00+08:00","actor":"wendeng_water","force":"wendeng_flood_team","duty":"maintenance"})")));
  }
  // The journal keeps the registry it was started with.
  CHECK(count_of(read_file(path), "\"type\":\"registry\"") == 1);

  // The file is edited: the flood team's head count, and a team appended.
  const auto edited = edited_registry(flood_team_personnel, "    personnel: 44\n    equipment:\n      - { zh: 移动排涝泵", appended_team);
  muster::status err;
  std::string digest;
  {
    auto s = open_with(path, edited, err);
    REQUIRE_MESSAGE(s, err.message());
    CHECK(s->recovery().registry_replaced);
    CHECK(s->engine().forces().digest == edited->digest);
    const auto view = s->engine().force_status(flood_team);
    REQUIRE(view);
    CHECK(view->personnel == 44);                              // the file changed it: the edit wins
    CHECK(view->duty == muster::duty_status::maintenance);     // the update stays
    // The appended team can be named at once.
    REQUIRE(accepted(s->submit_json(
        R"({"id":"r1","kind":"incident.report","at":"2026-10-10T10:00:00+08:00","actor":"wendeng_water","incident":"f1","jurisdiction":"wendeng","incident_type":"flood","grade":"general"})")));
    REQUIRE(accepted(s->submit_json(
        R"({"id":"r2","kind":"plan.draft","at":"2026-10-10T10:01:00+08:00","actor":"wendeng_fire","incident":"f1","forces":["wendeng_new_volunteers"]})")));
    digest = s->state_digest();
  }
  CHECK(count_of(read_file(path), "\"type\":\"registry\"") == 2);

  // Reopened with the edited file: no new version; the state is rebuilt exactly.
  {
    auto s = open_with(path, edited, err);
    REQUIRE_MESSAGE(s, err.message());
    CHECK_FALSE(s->recovery().registry_replaced);
    CHECK(s->state_digest() == digest);
  }
  CHECK(count_of(read_file(path), "\"type\":\"registry\"") == 2);

  // Verified with the original file: the journal's own copies replay it to the same state.
  session_options o;
  o.journal_path = path;
  muster::recovery_report rep;
  const auto scan = muster::replay_journal(weihai().policy, weihai().forces, o, rep);
  CHECK_MESSAGE(scan.ok(), scan.error.message());
  CHECK(rep.digest == digest);
}

TEST_CASE("3.2.1 registry versions: an edit that drops or reorders a known force is refused, naming it, and writes nothing") {
  temp_dir dir;
  const std::string path = dir.file("j");
  {
    auto s = open_ok(path);
    REQUIRE(accepted(s->submit_json(
        R"({"id":"r1","kind":"incident.report","at":"2026-10-10T10:00:00+08:00","actor":"wendeng_water","incident":"f1","jurisdiction":"wendeng","incident_type":"flood","grade":"general"})")));
  }
  const std::string before = read_file(path);
  // Renaming the first force is, to the journal, dropping it.
  auto renamed = edited_registry("  - id: weihai_fire_special_service\n", "  - id: weihai_fire_special_services\n");
  muster::status err;
  CHECK_FALSE(open_with(path, renamed, err));
  CHECK(err.message().find("journal-registry-edit") != std::string::npos);
  CHECK(err.code() == muster::status_code::registry_conflict);
  CHECK(err.where().path == "forces[0]");
  CHECK(err.message().find("force weihai_fire_special_service is no longer at position 1") != std::string::npos);
  CHECK(err.message().find("add new ones at the end") != std::string::npos);
  CHECK(read_file(path) == before);
  // The original file still opens it.
  CHECK(open_ok(path)->engine().forces().digest == weihai().forces->digest);
}

TEST_CASE("4.3 registry versions: an edit that reorders a force's items keeps what requisitions hold and what updates counted on the same item") {
  temp_dir dir;
  const std::string path = dir.file("j");
  const auto brigade = weihai().forces->find_force("rushan_fire_brigade");
  REQUIRE(brigade != muster::no_index);
  const std::string equipment = "      - { zh: 水罐消防车, en: Water tender, count: 4 }\n"
                                "      - { zh: 森林消防车, en: Forest-fire engine, count: 2 }\n"
                                "      - { zh: 冲锋舟, en: Assault boat, count: 2 }\n";
  {
    auto s = open_ok(path);
    REQUIRE(accepted(s->submit_json(
        R"({"id":"r1","kind":"incident.report","at":"2026-10-10T10:00:00+08:00","actor":"wendeng_water","incident":"f1","jurisdiction":"wendeng","incident_type":"flood","grade":"general"})")));
    // One forest-fire engine is out of service (the live count), and both boats are asked for.
    REQUIRE(accepted(s->submit_json(
        R"({"id":"u1","kind":"force.update","at":"2026-10-10T10:01:00+08:00","actor":"rushan_fire","force":"rushan_fire_brigade","item":"森林消防车","count":1})")));
    REQUIRE(accepted(s->submit_json(
        R"({"id":"q1","kind":"chain.open","at":"2026-10-10T10:02:00+08:00","actor":"wendeng_fire","incident":"f1","chain":"requisition","forces":["rushan_fire_brigade"],"item":"冲锋舟","quantity":2})")));
    const auto view = s->engine().force_status(brigade);
    REQUIRE(view);
    CHECK(view->held.at(2) == 2);
  }
  // The boats move first, a pump is added, the tenders' count is corrected; the engines' is not.
  const auto edited = edited_registry(equipment, "      - { zh: 冲锋舟, en: Assault boat, count: 2 }\n"
                                                 "      - { zh: 水罐消防车, en: Water tender, count: 5 }\n"
                                                 "      - { zh: 排涝泵, en: Drainage pump, count: 1 }\n"
                                                 "      - { zh: 森林消防车, en: Forest-fire engine, count: 2 }\n");
  muster::status err;
  auto s = open_with(path, edited, err);
  REQUIRE_MESSAGE(s, err.message());
  CHECK(s->recovery().registry_replaced);
  const auto view = s->engine().force_status(brigade);
  REQUIRE(view);
  CHECK(view->held.at(0) == 2);   // the boats, now first, are still held
  CHECK(view->held.at(1) == 0);
  CHECK(view->held.at(3) == 0);
  CHECK(view->equipment.at(1) == 5);  // the file changed the tenders: the edit wins
  CHECK(view->equipment.at(2) == 1);  // the new pump, as the file says
  CHECK(view->equipment.at(3) == 1);  // the engines: the file did not change them, the update stays
  const auto req = s->engine().request(1);
  REQUIRE(req);
  CHECK(req->item == 0);
  CHECK(req->held == 2);
  // The stock is still spoken for: a third boat is refused, naming the boats.
  const std::string more = s->submit_json(
      R"({"id":"q2","kind":"chain.open","at":"2026-10-10T11:00:00+08:00","actor":"wendeng_fire","incident":"f1","chain":"requisition","forces":["rushan_fire_brigade"],"item":"冲锋舟","quantity":1})");
  CHECK(more.find("insufficient_stock") != std::string::npos);
  CHECK(more.find("0 of 冲锋舟 (Assault boat) left") != std::string::npos);
}
