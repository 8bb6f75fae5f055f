// limits.retention releases ended records (issue 15, item 3; docs/engine.md, rule 2): an
// incident is held for the window after it closes, then released with its requests and orders
// (a warning and a schedule run likewise, with their calls), and record blocks whose every
// record is released are freed. Released, it is never taken as
// new: events about it, its requests or its orders are beyond_retention. It is held on while
// an order of it is still in use. A journal replays to the same state, in full or from a
// snapshot taken after releasing.
#include "codec/codec_state.hpp"
#include "engine/engine_impl.hpp"
#include "journal/journal_files.hpp"
#include "policy/test_compiler_support.hpp"

#include <muster/session.hpp>

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

using muster::session;
using session_options = muster_test::test_session_options;
using muster_test::temp_dir;

namespace {

constexpr std::int64_t t0 = 1791594000;  // 2026-10-10T09:00:00+08:00

/// rules/weihai.yaml with `retention` (none: as it is, every incident held for ever).
std::shared_ptr<const muster::policy> weihai_with(const std::string& retention) {
  std::ifstream in(std::string(MUSTER_SOURCE_DIR) + "/rules/weihai.yaml", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  std::string policy = text.str();
  if (!retention.empty())
    policy = compiler_test::edit(policy, "limits:\n  max_clock_step: 31d\n", "limits:\n  max_clock_step: 31d\n  retention: " + retention + "\n");
  auto r = muster::compile_policy_text("weihai.yaml", policy);
  REQUIRE(r.ok());
  return r.value;
}

struct engine_on {
  std::unique_ptr<session> s;
  std::uint64_t id = 0;
  std::string submit(std::int64_t at, const std::string& kind, const std::string& actor, const std::string& incident,
                     const std::string& rest = "") {
    return s->submit_json(R"({"id":)" + std::to_string(++id) + R"(,"kind":")" + kind + R"(","at":)" + std::to_string(at) +
                          R"(,"actor":")" + actor + "\"" + (incident.empty() ? "" : R"(,"incident":")" + incident + "\"") + rest + "}");
  }
  /// An incident's whole life, closed at `at` + 2 s: reported, concluded, its report filed.
  void live_and_close(std::int64_t at, const std::string& incident) {
    for (const std::string& out : {submit(at, "incident.report", "wendeng_water", incident,
                                          R"(,"jurisdiction":"wendeng","incident_type":"flood","grade":"general")"),
                                   submit(at + 1, "incident.conclude", "wendeng_em", incident),
                                   submit(at + 2, "incident.review_filed", "wendeng_fire", incident)}) {
      INFO(incident << ": " << out);
      REQUIRE(out.find(R"("accepted":true)") != std::string::npos);
    }
  }
};

engine_on open_on(std::shared_ptr<const muster::policy> policy, const std::string& journal = "", session_options o = {}) {
  o.journal_path = journal;
  muster::status err;
  auto forces = muster::compile_forces_file(*policy, std::string(MUSTER_SOURCE_DIR) + "/rules/weihai-forces.yaml");
  REQUIRE(forces.ok());
  engine_on e{muster_test::open_with(policy, forces.value, o, err)};
  INFO("open: " << err.message());
  REQUIRE(e.s);
  return e;
}

bool has(const std::string& json, const std::string& needle) { return json.find(needle) != std::string::npos; }

constexpr int incidents = 3000;  // one a minute: about 2.1 days; the window is 1 day

void feed(engine_on& e) {
  for (int k = 1; k <= incidents; ++k) e.live_and_close(t0 + 60 * k, "I-" + std::to_string(k));
}

}  // namespace

TEST_CASE("limits.retention: a closed incident is released a window after it closed; events about it are beyond_retention") {
  auto held = open_on(weihai_with(""));
  auto released = open_on(weihai_with("1d"));
  feed(held);
  feed(released);
  const std::int64_t end = t0 + 60 * incidents + 10;

  // The first closed about 2.1 days before the clock: released. Its update, its report sent
  // again with a new id, are refused as beyond_retention, never as unknown and never as new.
  const std::string update = released.submit(end, "incident.update", "wendeng_em", "I-1", R"(,"reason":"late")");
  INFO(update);
  CHECK(has(update, R"("reason":"beyond_retention")"));
  CHECK(has(update, "incident I-1 closed more than 1d ago (limits.retention)"));
  CHECK(has(released.submit(end, "incident.report", "wendeng_water", "I-1", R"(,"jurisdiction":"wendeng","incident_type":"flood","grade":"general")"),
            R"("reason":"beyond_retention")"));
  // Closed within the window: held, and refused as a closed incident is.
  const std::string recent = released.submit(end, "incident.update", "wendeng_em", "I-" + std::to_string(incidents - 10), R"(,"reason":"late")");
  CHECK(has(recent, R"("reason":"not_allowed_in_state")"));
  // Without retention, the oldest is held too.
  CHECK(has(held.submit(end, "incident.update", "wendeng_em", "I-1", R"(,"reason":"late")"), R"("reason":"not_allowed_in_state")"));

  // Whole blocks of incidents were freed: the oldest 1,024 released (one a minute, 1,440 a day).
  const auto& kept = muster::detail::engine_access::of(const_cast<muster::engine&>(released.s->engine())).incidents;
  const auto& all = muster::detail::engine_access::of(const_cast<muster::engine&>(held.s->engine())).incidents;
  INFO("incident bytes held " << all.bytes() << ", released " << kept.bytes() << "; timers " << muster::detail::engine_access::of(const_cast<muster::engine&>(released.s->engine())).timers.bytes());
  CHECK(kept.released() > 1500);
  CHECK(kept.bytes() + 1024 * sizeof(muster::detail::incident_record) <= all.bytes() + 1024);  // a block less, a few words of marks more
  CHECK(held.s->state_digest() != released.s->state_digest());
}

TEST_CASE("limits.retention: an incident is held while an order of it is in use, and released a window after it is not") {
  auto e = open_on(weihai_with("1d"));
  const std::int64_t h = 3600, d = 86400;
  for (const std::string& out :
       {e.submit(t0, "incident.report", "wendeng_water", "A", R"(,"jurisdiction":"wendeng","incident_type":"flood","grade":"general")"),
        e.submit(t0 + 60, "reinforcement.apply", "wendeng_em", "A", R"(,"forces":["huancui_fire_brigade"])"),
        e.submit(t0 + 120, "request.approve", "weihai_em", "A", R"(,"request":1)"),
        e.submit(t0 + 180, "order.ack", "huancui_fire", "A", R"(,"order":1)"),
        e.submit(t0 + 6 * h, "incident.conclude", "wendeng_em", "A"),
        e.submit(t0 + 2 * d, "incident.review_filed", "weihai_fire", "A"),
        e.submit(t0 + 3 * d, "incident.review_filed", "wendeng_fire", "A")}) {
    INFO(out);
    REQUIRE(has(out, R"("accepted":true)"));
  }
  // Closed at +3d; at +4d its order is still acknowledged, not released: the incident is held.
  CHECK(has(e.submit(t0 + 4 * d + h, "incident.update", "wendeng_em", "A", R"(,"reason":"x")"), R"("reason":"not_allowed_in_state")"));
  CHECK(has(e.submit(t0 + 4 * d + 2 * h, "order.release", "weihai_fire", "A", R"(,"order":1)"), R"("accepted":true)"));
  // Looked at again a window later (+5d): nothing is in use any more, so it is released.
  CHECK(has(e.submit(t0 + 5 * d - h, "incident.update", "wendeng_em", "A", R"(,"reason":"x")"), R"("reason":"not_allowed_in_state")"));
  const std::string order = e.submit(t0 + 5 * d + h, "order.release", "weihai_fire", "", R"(,"order":1)");
  INFO(order);
  CHECK(has(order, R"("reason":"beyond_retention")"));
  CHECK(has(order, "order 1 was released with its incident, which closed more than 1d ago"));
  CHECK(has(e.submit(t0 + 5 * d + h, "request.approve", "weihai_em", "", R"(,"request":1)"), R"("reason":"beyond_retention")"));
  CHECK(!e.s->engine().request(1));
  CHECK(!e.s->engine().order(1));
}

TEST_CASE("limits.retention: a warning that ended and a schedule run that closed are released a window later") {
  auto e = open_on(weihai_with("1d"));
  const std::int64_t start = 1783634400;  // 2026-07-10T06:00:00+08:00
  const std::int64_t h = 3600, d = 86400;
  auto warning = [&](std::int64_t at, const std::string& kind, const std::string& actor, const std::string& rest) {
    return e.s->submit_json(R"({"id":")" + std::to_string(++e.id) + R"(","kind":")" + kind + R"(","at":)" + std::to_string(at) +
                            R"(,"actor":")" + actor + "\"" + rest + "}");
  };
  REQUIRE(has(warning(start, "warning.issue", "weihai_meteo",
                      R"(,"warning":"W1","hazard":"rainstorm","level":"orange","area":["wendeng"],"until":)" + std::to_string(start + 2 * d)),
              R"("accepted":true)"));
  REQUIRE(has(warning(start + 5 * h, "warning.cancel", "weihai_meteo", R"(,"warning":"W1-cancel","references":"W1")"), R"("accepted":true)"));
  // Cancelled at +5h: held for a day, refused as a cancelled warning is.
  CHECK(has(warning(start + d + 4 * h, "warning.acknowledge", "wendeng_fire", R"(,"warning":"W1")"), R"("reason":"not_allowed_in_state")"));
  const std::string late = warning(start + d + 6 * h, "warning.acknowledge", "wendeng_fire", R"(,"warning":"W1")");
  INFO(late);
  CHECK(has(late, R"("reason":"beyond_retention")"));
  CHECK(has(late, "warning W1 ended more than 1d ago (limits.retention)"));
  // Its ids stay taken.
  CHECK(has(warning(start + d + 6 * h, "warning.issue", "weihai_meteo",
                    R"(,"warning":"W1","hazard":"rainstorm","level":"orange","area":["wendeng"])"),
            R"("reason":"warning_exists")"));

  // The monthly schedules run for three months: each run closes when the next opens, and a
  // day later it is released, but for each schedule's latest.
  for (int k = 1; k <= 3; ++k) REQUIRE(has(e.s->advance_to(start + 31 * d * k), R"("accepted":true)"));
  const auto& engine = e.s->engine();
  REQUIRE(engine.run_count() >= 4);
  CHECK(!engine.run(1));
  CHECK(engine.run(engine.run_count()));
  const std::string answer = e.s->submit_json(R"({"id":"a1","kind":"schedule.answer","at":)" + std::to_string(start + 93 * d) +
                                              R"(,"actor":"wendeng_water","run":1,"force":"wendeng_flood_team"})");
  INFO(answer);
  CHECK(has(answer, R"("reason":"beyond_retention")"));
  CHECK(has(answer, "schedule run 1 closed more than 1d ago"));
}

TEST_CASE("limits.retention: a journal with released incidents replays to the same state, in full and from a snapshot") {
  temp_dir dir;
  const std::string path = dir.file("j");
  const auto policy = weihai_with("1d");
  std::string digest, answer;
  {
    auto e = open_on(policy, path);
    feed(e);
    REQUIRE(e.s->snapshot().ok());
    e.live_and_close(t0 + 60 * (incidents + 1), "after");
    digest = e.s->state_digest();
  }
  for (const bool from_snapshot : {false, true}) {
    session_options o;
    o.open_from_snapshot = from_snapshot;
    auto e = open_on(policy, path, o);
    e.id = 1000000 * (from_snapshot ? 2 : 1);
    INFO("from snapshot: " << from_snapshot << "; " << e.s->recovery().snapshot_note);
    CHECK((e.s->recovery().snapshot_seq > 0) == from_snapshot);
    CHECK(e.s->state_digest() == digest);
    CHECK(has(e.submit(t0 + 60 * (incidents + 2), "incident.update", "wendeng_em", "I-1", R"(,"reason":"x")"), R"("reason":"beyond_retention")"));
    CHECK(has(e.submit(t0 + 60 * (incidents + 2), "incident.update", "wendeng_em", "after", R"(,"reason":"x")"),
              R"("reason":"not_allowed_in_state")"));
  }
}

TEST_CASE("limits.retention: the codec forgets released incidents' names in bulk; a journal reopens to the same answers") {
  temp_dir dir;
  const std::string path = dir.file("j");
  const auto policy = weihai_with("1d");
  constexpr int many = 40000;  // one a minute: about 28 days; names are forgotten after 32,768 releases
  const std::int64_t end = t0 + 60 * many + 10;
  auto ask = [&](engine_on& e) {
    // The first incident's name is forgotten: reported again, it is a new incident (as any id is
    // once forgotten). A recent one is still held, and refused as a closed incident is.
    return e.submit(end, "incident.report", "wendeng_water", "I-1", R"(,"jurisdiction":"wendeng","incident_type":"flood","grade":"general")") +
           e.submit(end, "incident.update", "wendeng_em", "I-" + std::to_string(many - 10), R"(,"reason":"x")");
  };
  std::string digest, answers;
  std::size_t kept = 0;
  {
    session_options o;
    o.mode = muster::durability::none;
    auto e = open_on(policy, path, o);
    for (int k = 1; k <= many; ++k) {
      e.live_and_close(t0 + 60 * k, "I-" + std::to_string(k));
      if (k == many - 100) REQUIRE(e.s->snapshot().ok());
    }
    const auto& names = muster::detail::codec_access::state(e.s->codec());
    INFO("case names kept " << names.incidents.kept() << " of " << names.incidents.size());
    CHECK(names.incidents.kept() < many / 4);
    CHECK(names.incident_json.size() == names.incidents.kept());
    CHECK(names.case_json(1) == nullptr);
    REQUIRE(names.case_json(many) != nullptr);
    CHECK(*names.case_json(many) == "\"I-" + std::to_string(many) + "\"");
    e.id = 10000000;
    answers = ask(e);
    CHECK(has(answers, R"("accepted":true)"));
    CHECK(has(answers, R"("reason":"not_allowed_in_state")"));
    digest = e.s->state_digest();
    kept = names.incidents.kept();
  }
  for (const bool from_snapshot : {false, true}) {
    session_options o;
    o.open_from_snapshot = from_snapshot;
    auto e = open_on(policy, path, o);
    INFO("from snapshot: " << from_snapshot << "; " << e.s->recovery().snapshot_note);
    CHECK((e.s->recovery().snapshot_seq > 0) == from_snapshot);
    CHECK(e.s->state_digest() == digest);
    const auto& names = muster::detail::codec_access::state(e.s->codec());
    CHECK(names.incidents.kept() == kept);
    CHECK(names.case_json(1) == nullptr);
  }
  // Reopened (last, from the snapshot: these inputs join the journal), the new I-1 is known
  // under its new number, and a name forgotten earlier is still unknown.
  auto e = open_on(policy, path);
  e.id = 20000000;
  CHECK(has(e.submit(end + 1, "incident.update", "wendeng_em", "I-1", R"(,"reason":"x")"), R"("accepted":true)"));
  CHECK(has(e.submit(end + 1, "incident.update", "wendeng_em", "I-2", R"(,"reason":"x")"), R"("reason":"unknown_incident")"));
}

TEST_CASE("chunked_vector: released records are absent, a wholly released block is freed, and both save and load") {
  using table = muster::detail::chunked_vector<std::uint64_t, 6>;  // blocks of 64
  table t;
  for (std::uint64_t i = 0; i < 200; ++i) t.push_back(i * 7);
  const std::size_t whole = t.bytes();
  for (std::size_t i = 0; i < 64; ++i) t.release(i);  // block 0: freed
  t.release(70);                                       // block 1: one record released
  t.release(199);                                      // the last, partly filled block
  CHECK(!t.present(0));
  CHECK(!t.present(63));
  CHECK(t.present(64));
  CHECK(!t.present(70));
  CHECK(t.present(198));
  CHECK(!t.present(199));
  CHECK(!t.present(200));
  CHECK(t.released() == 66);
  CHECK(t.bytes() + 64 * sizeof(std::uint64_t) <= whole + 2 * 8 * sizeof(std::uint64_t));  // a block gone, two marks added
  std::size_t seen = 0, sum = 0;
  t.for_each_index([&](std::size_t i, std::uint64_t v) {
    ++seen;
    sum += v;
    CHECK(v == i * 7);
  });
  CHECK(seen == 200 - 66);
  t.push_back(1400);  // new records go on after the released ones
  CHECK(t.size() == 201);
  CHECK(t.present(200));

  std::string bytes;
  muster::detail::byte_writer w(bytes);
  t.save(w);
  table u;
  muster::detail::byte_reader r(bytes);
  REQUIRE(u.load(r));
  CHECK(r.at_end());
  CHECK(u.size() == t.size());
  CHECK(u.released() == t.released());
  CHECK(u.bytes() == t.bytes());
  for (std::size_t i = 0; i < t.size(); ++i) {
    CHECK(u.present(i) == t.present(i));
    if (t.present(i)) CHECK(u[i] == t[i]);
  }
  std::string again;
  muster::detail::byte_writer w2(again);
  u.save(w2);
  CHECK(again == bytes);  // the same state, the same bytes

  // Damaged: an unknown block kind (byte 8: block 0's), or block 1's release marks (bytes
  // 10–17) saying none or all of it is released, are refused.
  REQUIRE(bytes[8] == 1);
  REQUIRE(bytes[9] == 2);
  for (int damage = 0; damage < 3; ++damage) {
    std::string bad = bytes;
    if (damage == 0) bad[8] = 7;
    for (std::size_t i = 10; i < 18 && damage > 0; ++i) bad[i] = damage == 1 ? '\0' : '\xff';
    table v;
    muster::detail::byte_reader rb(bad);
    CHECK(!v.load(rb));
    CHECK(v.size() == 0);
  }
}

TEST_CASE("limits.retention: a held warning's update id, numbered before the warning was issued, keeps its name") {
  // Incidents and warnings share the codec's numbered names. "W-UPD" names an incident first
  // (held open meanwhile), so its number comes before 20,000 more incidents' and "W-1"'s; when it
  // then updates W-1 it is an id of a warning still held. Once that incident is released too,
  // forgetting the released incidents' names (everything below W-1's number, at 32,768 releases)
  // must keep it: it was forgotten, and W-1 lost that id (unknown_warning).
  auto e = open_on(weihai_with("1d"));
  constexpr std::int64_t t0 = 1783634400;  // 2026-07-10T06:00:00+08:00
  auto warning = [&](std::int64_t at, const std::string& kind, const std::string& actor, const std::string& rest) {
    return e.s->submit_json(R"({"id":")" + std::to_string(++e.id) + R"(","kind":")" + kind + R"(","at":)" + std::to_string(at) +
                            R"(,"actor":")" + actor + "\"" + rest + "}");
  };
  REQUIRE(has(e.submit(t0, "incident.report", "wendeng_water", "W-UPD", R"(,"jurisdiction":"wendeng","incident_type":"flood","grade":"general")"),
              R"("accepted":true)"));
  constexpr int half = 20000;
  for (int k = 1; k <= half; ++k) e.live_and_close(t0 + 60 * k, "I-" + std::to_string(k));
  const std::int64_t t1 = t0 + 60 * half + 10;
  REQUIRE(has(warning(t1, "warning.issue", "weihai_meteo", R"(,"warning":"W-1","hazard":"rainstorm","level":"orange","area":["wendeng"])"),
              R"("accepted":true)"));
  REQUIRE(has(warning(t1 + 1, "warning.update", "weihai_meteo",
                      R"(,"warning":"W-UPD","references":"W-1","hazard":"rainstorm","level":"red","area":["wendeng"])"),
              R"("accepted":true)"));
  REQUIRE(has(e.submit(t1 + 2, "incident.conclude", "wendeng_em", "W-UPD"), R"("accepted":true)"));
  REQUIRE(has(e.submit(t1 + 3, "incident.review_filed", "wendeng_fire", "W-UPD"), R"("accepted":true)"));
  for (int k = half + 1; k <= 2 * half; ++k) e.live_and_close(t1 + 60 * (k - half), "I-" + std::to_string(k));
  const auto& names = muster::detail::codec_access::state(e.s->codec());
  CHECK(names.incidents.forgotten() == 0);  // the held warning's id is the lowest held: nothing below it goes
  const std::string ack = warning(t1 + 60 * half + 10, "warning.acknowledge", "wendeng_fire", R"(,"warning":"W-UPD")");
  INFO(ack);
  CHECK(has(ack, R"("accepted":true)"));
  CHECK(has(ack, R"("warning":"W-1")"));
}
