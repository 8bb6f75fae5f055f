// limits.retention (issue 15, item 3; docs/engine.md, rule 2): the engine forgets the outcomes
// given more than the window before its clock, with their event ids, and the codec forgets
// those ids' names. A repeat inside the window is answered as before; an event older than the
// window is beyond_retention, so a forgotten accepted event is never taken again. A journal
// replays to the same answers, in full or from a snapshot taken after forgetting.
#include "codec/codec_state.hpp"
#include "journal/journal_files.hpp"
#include "policy/test_compiler_support.hpp"

#include <muster/session.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <string>

using muster::session;
using session_options = muster_test::test_session_options;
using muster_test::temp_dir;

namespace {

constexpr std::int64_t t0 = 1791594000;  // 2026-10-10T09:00:00+08:00
constexpr int updates = 60000;           // one every 10 s: about 6.9 days, the window is 1 day

struct retained_policy {
  std::shared_ptr<const muster::policy> policy;
  std::shared_ptr<const muster::force_registry> forces;
};

const retained_policy& retained() {
  static const retained_policy r = [] {
    auto [p, f] = compiler_test::compile_pair(
        compiler_test::edit(compiler_test::policy_text(), "muster: 1\n", "muster: 1\nlimits:\n  retention: 1d\n"));
    return retained_policy{p, f};
  }();
  return r;
}

std::string at(std::int64_t unix_seconds) {
  const std::int64_t local = unix_seconds + 8 * 3600;
  const std::int64_t days = local / 86400, secs = local % 86400;
  // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
  const std::int64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9, y = yoe + era * 400 + (m <= 2);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld+08:00", static_cast<long long>(y),
                static_cast<long long>(m), static_cast<long long>(d), static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  return buf;
}

std::string report() {
  return R"({"id":"r-1","kind":"incident.report","at":")" + at(t0) +
         R"(","actor":"west_em","incident":"I-1","jurisdiction":"west","incident_type":"flood","grade":"general"})";
}

/// Update k (1 … updates), 10 s after the one before.
std::string update(int k) {
  return R"({"id":"u-)" + std::to_string(k) + R"(","kind":"incident.update","at":")" + at(t0 + 10 * k) +
         R"(","actor":"west_em","incident":"I-1","reason":"water level )" + std::to_string(k) + R"("})";
}

std::unique_ptr<session> open_retained(const std::string& path, session_options o = {}) {
  o.journal_path = path;
  muster::status err;
  auto s = muster_test::open_with(retained().policy, retained().forces, o, err);
  INFO("open: " << err.message());
  REQUIRE(s);
  return s;
}

bool has(const std::string& json, const std::string& needle) { return json.find(needle) != std::string::npos; }

/// What a session answers to the repeats that tell remembered from forgotten.
struct answers {
  std::string first_update, last_update, recent_update, report_again, late_new;
  std::string digest;
};

answers ask(session& s) {
  answers a;
  a.digest = s.state_digest();
  a.first_update = s.submit_json(update(1));
  a.last_update = s.submit_json(update(updates));
  a.recent_update = s.submit_json(update(updates - 2000));  // about 5.6 h before the clock
  a.report_again = s.submit_json(report());
  a.late_new = s.submit_json(R"({"id":"new-1","kind":"incident.update","at":")" + at(t0 + 10 * 100) +
                             R"(","actor":"west_em","incident":"I-1","reason":"late"})");
  return a;
}

/// `first_time`: the repeats were never asked before (later, they are duplicates of their refusal).
void check_answers(const answers& a, bool first_time) {
  INFO(a.first_update);
  CHECK(has(a.first_update, R"("reason":"beyond_retention")"));
  CHECK(has(a.first_update, R"("duplicate":true)") == !first_time);
  CHECK(has(a.first_update, "(limits.retention)"));
  CHECK(has(a.last_update, R"("duplicate":true)"));
  CHECK(has(a.last_update, R"("accepted":true)"));
  CHECK(has(a.recent_update, R"("duplicate":true)"));
  CHECK(has(a.report_again, R"("reason":"beyond_retention")"));  // the incident's own report, long forgotten
  CHECK(has(a.late_new, R"("reason":"beyond_retention")"));      // a new id, as old: the same answer
}

void feed_all(session& s) {
  REQUIRE(has(s.submit_json(report()), R"("accepted":true)"));
  for (int k = 1; k <= updates; ++k) {
    const std::string out = s.submit_json(update(k));
    if (!has(out, R"("accepted":true)")) FAIL("update " << k << ": " << out);
  }
}

}  // namespace

TEST_CASE("limits.retention: repeats inside the window are answered; older events are beyond_retention; memory stops growing") {
  auto s = open_retained("");
  REQUIRE(has(s->submit_json(report()), R"("accepted":true)"));
  // Nearly seven days of updates, one day remembered, forgotten in bulk (16,384 at a time, about
  // 1.9 days of them): the most held over days 2–4 and over days 4–6.9 is the same, where
  // without retention it would grow with every event.
  std::size_t history_peak[2] = {0, 0}, names_peak[2] = {0, 0};
  for (int k = 1; k <= updates; ++k) {
    REQUIRE(has(s->submit_json(update(k)), R"("accepted":true)"));
    if (k % 100 == 0 && k >= 2 * 8640) {
      const int half = k < 4 * 8640 ? 0 : 1;
      history_peak[half] = std::max(history_peak[half], s->engine().history_bytes());
      names_peak[half] = std::max(names_peak[half], muster::detail::codec_access::state(s->codec()).events.bytes());
    }
  }
  INFO("history peaks " << history_peak[0] << ", " << history_peak[1] << "; names " << names_peak[0] << ", " << names_peak[1]);
  CHECK(history_peak[1] <= history_peak[0] * 11 / 10);
  CHECK(names_peak[1] <= names_peak[0] * 11 / 10);
  CHECK(s->engine().remembered_ids_from() > 40000);
  CHECK(muster::detail::codec_access::state(s->codec()).events.kept() < 30000);

  const std::string before = s->state_digest();
  const answers a = ask(*s);
  check_answers(a, true);
  CHECK(a.digest == before);
  CHECK(s->state_digest() == before);  // none of the repeats changed anything
}

TEST_CASE("limits.retention: a journal replays to the same answers, in full and from a snapshot taken after forgetting") {
  temp_dir dir;
  const std::string path = dir.file("retained.journal");
  answers live;
  {
    session_options o;
    o.mode = muster::durability::batch;
    o.snapshot_every = 50000;
    auto s = open_retained(path, o);
    feed_all(*s);
    live = ask(*s);
    check_answers(live, true);
  }
  std::string closed_digest;
  {
    session_options o;
    o.open_from_snapshot = false;  // every record replayed and checked against its outcome
    auto s = open_retained(path, o);
    CHECK(s->recovery().snapshot_seq == 0);
    closed_digest = s->state_digest();
    // The repeats asked before closing were recorded; asked again, they answer as before.
    check_answers(ask(*s), false);
  }
  {
    auto s = open_retained(path);
    INFO(s->recovery().snapshot_note);
    CHECK(s->recovery().snapshot_seq > 0);
    CHECK(s->state_digest() == closed_digest);
    CHECK(s->engine().remembered_ids_from() > 1);
    check_answers(ask(*s), false);
  }
}
