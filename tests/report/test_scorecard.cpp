// 5.1 supervision: the yearly assessment reads the journal. A journal with known answers —
// orders acknowledged after known delays, one declined, one overdue; a roll-call answered in
// time, late and missed; a warning acknowledged by some recipients; a review filed; a claim
// approved — gives exactly these figures (docs/report.md).
#include "journal/journal_files.hpp"

#include <muster/report.hpp>

#include <doctest/doctest.h>


#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace {

using muster_test::temp_dir;

/// Writes the journal of tests/report/data/scorecard-year.jsonl, every event accepted.
void write_year(const std::string& path) {
  auto s = muster_test::open_ok(path);
  std::istringstream lines(muster_test::read_file(std::string(MUSTER_SOURCE_DIR) + "/tests/report/data/scorecard-year.jsonl"));
  std::size_t events = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::string out = s->submit_json(line);
    INFO(line, "\n→ ", out);
    REQUIRE(out.find("\"accepted\":true") != std::string::npos);
    ++events;
  }
  REQUIRE(events == 25);
  REQUIRE(s->flush());
}

const muster::report_row* find_row(const std::vector<muster::report_row>& rows, const std::string& id) {
  for (const auto& r : rows)
    if (r.id == id) return &r;
  return nullptr;
}

}  // namespace

/// The report of the year's journal (written once per test).
muster::report year_report(const temp_dir& dir, const muster::report_options& o = {}) {
  const std::string path = dir.file("year.journal");
  if (!std::filesystem::exists(path)) write_year(path);
  const auto& w = muster_test::weihai();
  const muster::report_result r = muster::build_report(w.policy, w.forces, path, o);
  INFO(r.error().message());
  REQUIRE(r);
  return *r;
}

const muster::report_row& row(const std::vector<muster::report_row>& rows, const std::string& id) {
  const muster::report_row* r = find_row(rows, id);
  INFO("no row ", id);
  REQUIRE(r != nullptr);
  return *r;
}

TEST_CASE("5.1 scorecard: acknowledgement latency, declined and overdue orders, roll-calls, warnings, reviews and claims") {
  temp_dir dir("muster-report-test");
  const muster::report r = year_report(dir);
  CHECK(r.events == 25);
  CHECK(r.first_event == "2026-09-30T06:00:00+08:00");
  CHECK(r.last_event == "2026-10-05T10:00:00+08:00");

  // Orders: 2, 6 and 15 minutes to acknowledge (nearest rank: p50 the 2nd of 3, p90 the 3rd);
  // the clearance team declined; the municipal rescue team's deadline passed (escalated once).
  const muster::report_row& t = r.total;
  CHECK(t.orders.issued == 4);
  CHECK(t.orders.acknowledged == 3);
  CHECK(t.orders.declined == 1);
  CHECK(t.orders.overdue == 1);
  CHECK(t.orders.pending == 0);
  CHECK(t.orders.escalations == 1);
  CHECK(t.orders.ack_latency.count == 3);
  CHECK(t.orders.ack_latency.p50 == 360);
  CHECK(t.orders.ack_latency.p90 == 900);
  CHECK(t.orders.ack_latency.max == 900);

  // The roll-call called 54 forces: one answered in time, one late, 52 never.
  CHECK(t.roll_calls.asked == 54);
  CHECK(t.roll_calls.on_time == 1);
  CHECK(t.roll_calls.late == 1);
  CHECK(t.roll_calls.missed == 52);
  CHECK(t.roll_calls.pending == 0);

  // The warning: 文登's brigade and flood team in time, 乳山's brigade silent (escalated once).
  CHECK(t.warnings.asked == 3);
  CHECK(t.warnings.on_time == 2);
  CHECK(t.warnings.missed == 1);
  CHECK(t.warnings.escalations == 1);
  CHECK(t.warnings.on_time_percent() == 67u);

  CHECK(t.reviews.asked == 1);
  CHECK(t.reviews.on_time == 1);

  // Chain steps: two call plans' EM approvals and their four consents (forest-fire season), the
  // claim's EM review and government approval, all answered in time.
  CHECK(t.approvals.asked == 8);
  CHECK(t.approvals.on_time == 8);
  CHECK(t.approvals.pending == 0);
  CHECK(t.approvals.escalations == 0);

  CHECK(t.claims.opened == 1);
  CHECK(t.claims.approved == 1);
  CHECK(t.claims.settled() == 1);
  CHECK(t.claims.open == 0);
  CHECK(t.claims.amount_claimed == 1250000);
  CHECK(t.claims.amount_granted == 1250000);  // approved as claimed
  CHECK(t.claims.reduced == 0);
  CHECK(t.claims.settle_time.p50 == 2 * 86400);
  // Its two cost lines (4.1: materials consumed), summed by what and sorted by it.
  REQUIRE(t.claims.costs.size() == 2);
  CHECK(t.claims.costs[0].what == "沙袋 sandbags");
  CHECK(t.claims.costs[0].amount == 1000000);
  CHECK(t.claims.costs[1].what == "燃油 fuel");
  CHECK(t.claims.costs[1].amount == 250000);
  CHECK(row(r.forces, "wendeng_flood_team").claims.costs.size() == 2);
  CHECK(t.drills.held() == 0);

  // Per jurisdiction, in the policy's order: the city, then the districts with a fact.
  REQUIRE(r.jurisdictions.size() >= 3);
  CHECK(r.jurisdictions.front().id == "weihai");
  const muster::report_row& wendeng = row(r.jurisdictions, "wendeng");
  CHECK(wendeng.name_zh == "文登区");
  CHECK(wendeng.orders.issued == 2);
  CHECK(wendeng.orders.acknowledged == 1);
  CHECK(wendeng.orders.declined == 1);
  CHECK(wendeng.orders.ack_latency.p50 == 120);
  CHECK(wendeng.roll_calls.asked == 5);
  CHECK(wendeng.roll_calls.on_time == 1);
  CHECK(wendeng.roll_calls.missed == 4);
  CHECK(wendeng.warnings.on_time == 2);
  const muster::report_row& rushan = row(r.jurisdictions, "rushan");
  CHECK(rushan.roll_calls.late == 1);
  CHECK(rushan.warnings.missed == 1);
  CHECK(rushan.warnings.on_time_percent() == 0u);

  // Per force; what was asked of an organisation for no force has the organisation's row.
  const muster::report_row& municipal = row(r.forces, "weihai_municipal_rescue");
  CHECK(municipal.kind == muster::report_row_kind::force);
  CHECK(municipal.jurisdiction == "weihai");
  CHECK(municipal.orders.overdue == 1);
  CHECK(municipal.orders.escalations == 1);
  CHECK(municipal.orders.ack_latency.p50 == 900);
  CHECK(row(r.forces, "sdhs_weihai_clearance_team").orders.declined == 1);
  CHECK(row(r.forces, "jinzhou_mine_rescue_team").roll_calls.late == 1);
  const muster::report_row& cnaf = row(r.forces, "cnaf_weihai_response_team");
  CHECK(cnaf.roll_calls.missed == 1);
  CHECK(cnaf.roll_calls.escalations == 2);  // its industry authority and the calling fire team
  const muster::report_row& rushan_fire = row(r.forces, "rushan_fire");
  CHECK(rushan_fire.kind == muster::report_row_kind::organisation);
  CHECK(rushan_fire.warnings.missed == 1);
  CHECK(row(r.forces, "wendeng_flood_team").claims.approved == 1);
}

TEST_CASE("5.1 scorecard: a period counts what started in it, and the JSON carries the same figures") {
  temp_dir dir("muster-report-test");
  muster::report_options o;
  o.from = 1790816400;  // 2026-10-01T09:00:00+08:00: the roll-call, the review and the claim; no order, no warning
  const muster::report r = year_report(dir, o);
  CHECK(r.from == "2026-10-01T09:00:00+08:00");
  CHECK(r.total.orders.issued == 0);
  CHECK(r.total.warnings.asked == 0);
  CHECK(r.total.roll_calls.asked == 54);
  CHECK(r.total.claims.settled() == 1);

  const muster::report all = year_report(dir);
  const std::string json = muster::render_report_json(all, muster::report_grouping::jurisdiction);
  CHECK(json.find(R"("p50": 360)") != std::string::npos);
  CHECK(json.find(R"("on_time_percent": 67)") != std::string::npos);
  CHECK(json.find(R"("forces")") == std::string::npos);  // one grouping asked for
  const std::string html = muster::render_report_html(all, muster::report_grouping::both);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find(R"(data-row="total" data-figure="orders.ack_latency.p90" data-value="900")") != std::string::npos);
}

TEST_CASE("5.1 scorecard: a journal that does not verify gives no figures, and the refusal names the record") {
  temp_dir dir("muster-report-test");
  const std::string path = dir.file("year.journal");
  write_year(path);
  std::string bytes = muster_test::read_file(path);
  const std::size_t at = bytes.find(R"("at":"2026-09-30T09:05:00+08:00")");
  REQUIRE(at != std::string::npos);
  bytes.replace(at, 32, R"("at":"2026-09-30T09:04:00+08:00")");  // the first acknowledgement, a minute sooner
  muster_test::write_file(path, bytes);
  const auto& w = muster_test::weihai();
  const muster::report_result r = muster::build_report(w.policy, w.forces, path, {});
  CHECK_FALSE(r);
  CHECK(r.error().message().rfind(path + ":", 0) == 0);
  CHECK(r.error().message().find("record") != std::string::npos);

  const muster::report_result missing = muster::build_report(w.policy, w.forces, dir.file("none.journal"), {});
  CHECK_FALSE(missing);
  CHECK(missing.error().code() == muster::status_code::io_error);
  CHECK_FALSE(missing.error().message().empty());
}

TEST_CASE("5.1 scorecard: an approval step left silent is late and escalated, counted for the EM department it first asked") {
  temp_dir dir;
  const std::string path = dir.file("silent.journal");
  {
    auto s = muster_test::open_ok(path);
    for (const char* line : {
             R"({"id":"r1","kind":"incident.report","at":"2026-07-10T09:00:00+08:00","actor":"wendeng_water","incident":"INC-1","jurisdiction":"wendeng","incident_type":"flood","grade":"general"})",
             R"({"id":"p1","kind":"plan.draft","at":"2026-07-10T09:01:00+08:00","actor":"wendeng_fire","incident":"INC-1","forces":["wendeng_flood_team"]})",
             // 15 minutes: wendeng_em is reminded; 15 more: the step is escalated to the city EM.
             R"({"id":"a1","kind":"request.approve","at":"2026-07-10T09:40:00+08:00","actor":"weihai_em","request":1})",
         }) {
      const std::string out = s->submit_json(line);
      INFO(line, "\n→ ", out);
      REQUIRE(out.find("\"accepted\":true") != std::string::npos);
    }
    REQUIRE(s->flush());
  }
  const auto& w = muster_test::weihai();
  const muster::report_result r = muster::build_report(w.policy, w.forces, path, {});
  REQUIRE(r);
  const muster::answer_figures& a = r->total.approvals;
  // The EM approval, late and escalated; then (flood season, a special period) the flood
  // team's authority is asked to consent, and has not answered yet.
  CHECK(a.asked == 2);
  CHECK(a.late == 1);
  CHECK(a.on_time == 0);
  CHECK(a.pending == 1);
  CHECK(a.escalations == 1);
  // Whose silence it was: 文登区's EM (and its water bureau, asked to consent), not the city
  // EM that answered in its place; the city has no row.
  const muster::report_row& wendeng = row(r->jurisdictions, "wendeng");
  CHECK(wendeng.approvals.late == 1);
  CHECK(wendeng.approvals.escalations == 1);
  CHECK(find_row(r->jurisdictions, "weihai") == nullptr);
}
