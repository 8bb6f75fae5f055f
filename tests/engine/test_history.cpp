// General 2 (idempotency) over a whole incident: the engine keeps every outcome in a compact
// byte stream (src/engine/outcome_history) and its event ids in runs (src/engine/id_index);
// these prove that what comes back for a repeated id is the first outcome, field for field.
#include "engine/id_index.hpp"
#include "engine/outcome_history.hpp"
#include "engine/scenario.hpp"

#include <cstdint>
#include <limits>
#include <stdexcept>

using namespace muster_test;
using muster::effect;
using muster::effect_kind;
using muster::topic;
using muster::detail::id_index;
using muster::detail::outcome_history;

namespace {

void check_same(const outcome& got, const outcome& want) {
  CHECK(got.accepted == want.accepted);
  CHECK(got.reason == want.reason);
  CHECK(got.rule == want.rule);
  CHECK(got.detail == want.detail);
  CHECK(got.seq == want.seq);
  REQUIRE(got.effects.size() == want.effects.size());
  for (std::size_t i = 0; i < got.effects.size(); ++i) {
    const effect& a = got.effects[i];
    const effect& b = want.effects[i];
    INFO("effect " << i);
    CHECK(a.kind == b.kind);
    CHECK(a.about == b.about);
    CHECK(a.to == b.to);
    CHECK(a.from == b.from);
    CHECK(a.via == b.via);
    CHECK(a.force == b.force);
    CHECK(a.step == b.step);
    CHECK(a.grade == b.grade);
    CHECK(a.incident == b.incident);
    CHECK(a.request == b.request);
    CHECK(a.order == b.order);
    CHECK(a.at == b.at);
    CHECK(a.due == b.due);
    CHECK(a.because_count == b.because_count);
    CHECK(a.because == b.because);
  }
}

/// An effect with every field chosen by `n`, some absent, some at their extremes.
effect synthetic(unsigned n) {
  effect e;
  e.kind = static_cast<effect_kind>(n % 9);
  e.about = static_cast<topic>(n % 5);
  if (n % 2) e.to = static_cast<muster::index_t>(n * 7 % 65535);
  if (n % 3) e.from = 0;
  if (n % 4 == 1) e.via = 65534;
  if (n % 5) e.force = static_cast<muster::index_t>(n % 1000);
  if (n % 6 == 2) e.step = 3;
  if (n % 7 == 3) e.grade = 1;
  e.incident = n % 11 == 0 ? std::numeric_limits<std::uint64_t>::max() : n / 3;  // repeats and jumps both ways
  e.request = n % 4 ? n / 2 : 0;
  e.order = n % 8 == 5 ? std::numeric_limits<std::uint32_t>::max() : n / 5;
  e.at = n % 13 == 0 ? std::numeric_limits<std::int64_t>::min() : 1783645200 + static_cast<std::int64_t>(n % 17) * 60 - 500;
  if (n % 3 == 1)  // the far extreme, or a due before `at` (after it when `at` is the minimum)
    e.due = n % 9 == 1 ? std::numeric_limits<std::int64_t>::max() : e.at == std::numeric_limits<std::int64_t>::min() ? e.at + 30 : e.at - 30;
  e.because_count = static_cast<std::uint8_t>(n % 5);
  for (unsigned i = 0; i < e.because_count; ++i) e.because[i] = static_cast<muster::rule_index>(n + i);
  return e;
}

}  // namespace

TEST_CASE("General 2 duplicates: every outcome of an incident's life comes back field for field when its id repeats") {
  scenario s(no_special_period);
  std::vector<std::pair<muster::event_id, outcome>> given;
  auto keep = [&](const outcome& o) { given.emplace_back(s.last_event().id, o); };
  keep(s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min));
  keep(s.report(2, "rongcheng", "maritime_accident", "larger", "rongcheng_ocean", 0_min));
  keep(s.draft(1, "wendeng_fire", {"wendeng_flood_team", "weihai_emergency_medical"}, {}, 1_min));
  keep(s.draft(2, "weihai_fire", {}, {"maritime_sar", "medical_first_aid"}, 1_min));
  keep(s.approve(1, "rongcheng_em", 2_min));  // rejected: its detail and rule come back too
  keep(s.approve(1, "wendeng_em", 2_min));
  keep(s.break_glass(2, "weihai_gov", "", 3_min));  // rejected: no reason
  keep(s.ack(1, "wendeng_water", 5_min));
  keep(s.regrade(1, "larger", "wendeng_em", 25_min));  // timers fire first: effects at several times
  keep(s.establish_hq(2, "weihai_gov", 26_min));       // `via` set on what follows
  keep(s.approve(2, "weihai_em", 27_min));
  keep(s.conclude(1, "weihai_em", 3_h));
  REQUIRE(given.size() == 12);
  CHECK(verdict(given[4].second) == "rejected: actor_lacks_role");

  const std::string digest = s.digest();
  for (const auto& [id, first] : given) {
    INFO("event id " << id);
    event e = s.make(muster::event_kind::clock_advance, "wendeng_em", 4_h);
    e.id = id;
    const outcome again = s.submit(e);
    CHECK(again.duplicate);
    check_same(again, first);
  }
  CHECK(s.digest() == digest);
  CHECK(s.engine().history_bytes() > 0);
}

TEST_CASE("outcome_history: outcomes come back exactly, across block boundaries and at field extremes") {
  outcome_history h;
  std::vector<std::pair<std::uint32_t, outcome>> kept;
  unsigned n = 0;
  for (unsigned k = 0; k < 3000; ++k) {
    outcome o;
    o.seq = k % 50 == 0 ? std::numeric_limits<std::uint64_t>::max() - k : k * 3;
    o.accepted = k % 7 != 0;
    if (!o.accepted) {
      o.reason = static_cast<muster::rejection>(1 + k % 17);
      o.rule = k % 2 ? muster::no_rule : static_cast<muster::rule_index>(k);
      o.detail = std::string(k % 300, static_cast<char>('a' + k % 26)) + "\xE6\x96\x87";  // may be long; UTF-8 kept as bytes
    }
    // Mostly small outcomes, now and then one larger than a whole block (64 KiB).
    const unsigned count = k == 1500 ? 5000 : k % 9;
    for (unsigned i = 0; i < count; ++i) o.effects.push_back(synthetic(n++));
    kept.emplace_back(h.append(o, 0), o);
  }
  CHECK(h.bytes() > 65536);
  outcome got;
  for (const auto& [at, want] : kept) {
    h.read(at, got);
    CHECK_FALSE(got.duplicate);
    check_same(got, want);
  }
  CHECK(h.size() == 3000);
  CHECK_THROWS_AS(h.read(h.size(), got), std::out_of_range);
}

TEST_CASE("outcome_history: limits.retention forgets whole groups given before the horizon; the rest reads, saves and loads as before") {
  outcome_history h;
  std::vector<outcome> given;
  unsigned n = 0;
  // 16 outcomes a minute for 200 minutes; every 37th larger than a block, so blocks are skipped.
  for (unsigned k = 0; k < 3200; ++k) {
    outcome o;
    o.seq = k + 1;
    o.accepted = k % 5 != 0;
    if (!o.accepted) o.reason = muster::rejection::stale_time, o.detail = "detail " + std::to_string(k);
    const unsigned count = k % 37 == 0 ? 1200 : k % 6;
    for (unsigned i = 0; i < count; ++i) o.effects.push_back(synthetic(n++));
    REQUIRE(h.append(o, 1000 + 60 * static_cast<timestamp>(k / 16)) == k);
    given.push_back(o);
  }
  CHECK(h.kept_before(1000) == 0);
  CHECK(h.kept_before(1000 + 60) == 16);            // the first group only: its clock is 1000
  CHECK(h.kept_before(1000 + 60 * 100 + 1) == 1616);
  CHECK(h.kept_before(INT64_MAX) == 3200);          // every group is whole
  const std::size_t before = h.bytes();
  h.forget_before(1600);
  CHECK(h.first_kept() == 1600);
  CHECK(h.size() == 3200);
  CHECK(h.bytes() < before * 3 / 5);                // the blocks only the forgotten used are freed
  outcome got;
  CHECK_THROWS_AS(h.read(0, got), std::out_of_range);
  CHECK_THROWS_AS(h.read(1599, got), std::out_of_range);
  CHECK_THROWS_AS(h.forget_before(1601), std::logic_error);  // not a group's start
  for (std::uint32_t k = 1600; k < 3200; k += 7) {
    h.read(k, got);
    check_same(got, given[k]);
  }
  // Saved and loaded, and both appended to alike: the same reads and the same bytes.
  std::string saved;
  muster::detail::byte_writer w(saved);
  h.save(w);
  outcome_history loaded;
  muster::detail::byte_reader r(saved);
  REQUIRE(loaded.load(r));
  CHECK(loaded.first_kept() == 1600);
  outcome extra;
  extra.seq = 3201;
  extra.accepted = true;
  extra.effects.push_back(synthetic(7));
  CHECK(h.append(extra, 99999) == 3200);
  CHECK(loaded.append(extra, 99999) == 3200);
  std::string a, b;
  muster::detail::byte_writer wa(a), wb(b);
  h.save(wa);
  loaded.save(wb);
  CHECK(a == b);
  loaded.read(3200, got);
  check_same(got, extra);
  CHECK_THROWS_AS(loaded.read(1599, got), std::out_of_range);
  // The group being filled never goes, whatever the horizon.
  CHECK(h.kept_before(INT64_MAX) == 3200);
  h.forget_before(3200);
  h.read(3200, got);
  check_same(got, extra);
  CHECK(h.bytes() < 2 * 65536 + 4096);
}

TEST_CASE("id_index: forgetting the oldest values keeps later ids exactly, in runs and stragglers") {
  id_index ix;
  for (std::uint32_t i = 0; i < 1000; ++i) ix.insert(100 + i, i);  // ids 100… → values 0…
  ix.insert(5000, 1000);
  ix.insert(7, 1001);     // stragglers: below the highest
  ix.insert(2000, 1002);
  ix.insert(3, 5);        // a straggler with an old value (a host's id, not the codec's numbering)
  CHECK(ix.forget_values_below(600) == 7);  // the lowest id left is a straggler
  CHECK_FALSE(ix.find(100));
  CHECK_FALSE(ix.find(699));
  CHECK_FALSE(ix.find(3));
  CHECK(*ix.find(700) == 600);              // the run was cut, not dropped
  CHECK(*ix.find(1099) == 999);
  CHECK(*ix.find(5000) == 1000);
  CHECK(*ix.find(7) == 1001);
  CHECK(*ix.find(2000) == 1002);
  CHECK(ix.size() == 403);
  CHECK(ix.forget_values_below(1001) == 7);
  CHECK_FALSE(ix.find(5000));
  CHECK(ix.forget_values_below(2000) == std::numeric_limits<std::uint64_t>::max());  // nothing left
  CHECK(ix.size() == 0);
  ix.insert(6000, 2000);  // new ids go on as before
  CHECK(*ix.find(6000) == 2000);
}

TEST_CASE("id_index: consecutive ids share a run; gaps, late ids and rollbacks are found exactly") {
  id_index ix;
  CHECK_FALSE(ix.find(1));
  for (std::uint32_t i = 0; i < 1000; ++i) ix.insert(100 + i, i);  // one run
  const std::size_t one_run = ix.bytes();
  ix.insert(5000, 1000);  // a gap: a new run
  ix.insert(5001, 1001);
  ix.insert(5003, 1002);  // gap of one
  ix.insert(7, 1003);     // below the highest: a straggler
  ix.insert(2000, 1004);  // between runs: a straggler
  CHECK(ix.size() == 1005);
  CHECK(*ix.find(100) == 0);
  CHECK(*ix.find(1099) == 999);
  CHECK_FALSE(ix.find(1100));
  CHECK_FALSE(ix.find(99));
  CHECK(*ix.find(5000) == 1000);
  CHECK(*ix.find(5001) == 1001);
  CHECK_FALSE(ix.find(5002));
  CHECK(*ix.find(5003) == 1002);
  CHECK(*ix.find(7) == 1003);
  CHECK(*ix.find(2000) == 1004);
  CHECK_FALSE(ix.find(5004));
  CHECK_FALSE(ix.find(std::numeric_limits<std::uint64_t>::max()));

  // Rollback removes the last insert, whether it extended a run, opened one or was late.
  ix.erase(2000);
  CHECK_FALSE(ix.find(2000));
  ix.erase(7);
  CHECK_FALSE(ix.find(7));
  ix.erase(5003);
  CHECK_FALSE(ix.find(5003));
  CHECK(*ix.find(5001) == 1001);
  ix.insert(5002, 1002);  // now it extends the run
  CHECK(*ix.find(5002) == 1002);
  CHECK(ix.size() == 1003);
  CHECK(one_run <= 4 * 16);  // a thousand consecutive ids take one entry, not a thousand
}
