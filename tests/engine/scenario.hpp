// Test harness for the engine contract (docs/engine.md).
//
//   scenario s(no_special_period);                       // a fresh engine on rules/weihai.yaml
//   s.report(1, "wendeng", "flood", "general", "wendeng_water", 0_min);
//   auto o = s.draft(1, "wendeng_fire", {"wendeng_flood_team"}, {}, 1_min);
//   CHECK_EFFECTS(s, o, {"request_approval at=+1m to=wendeng_em request=1 step=em_approval due=+16m "
//                        "because=chains.call_plan.steps.em_approval,chains.call_plan"});
//
// The reference policy and registry are compiled once and shared by every test. Events are
// built from the ids written in the YAML files (a missing id fails the test at once).
//
// Expected effects are written in the scenario notation `muster test` reads (the library
// component src/cli/scenario_notation.hpp, docs/replay.md "Effect lines"): KIND [TOPIC] then
// KEY=VALUE pairs, only the fields written compared, `none` for a field that must be absent,
// times as offsets from the scenario's epoch (+0, +45s, +16m, +1h5m, +7d10m), `because=a,b`
// the effect's first reasons. CHECK_EFFECTS asserts the exact ordered list (one pattern per
// effect) and a failure shows the expected lines against the actual effects, rendered in the
// same notation. The tests write, for each kind, the fields docs/engine.md gives a meaning for
// that kind, so they pin the contract without pinning fields the document leaves open:
//   notify              topic to [grade: regraded] [req: request topics, force_dropped, break_glass]
//                       [force: force_dropped, order_declined] [order: order_declined]
//   assign_command      topic to grade
//   request_approval    to [via] req step due
//   request_consent     to [via] force req step due
//   issue_order         from [via] force order due
//   file_record         from to [via] force
//   escalate            topic to [req step: step_overdue] [force order: order_overdue]
//   remind              topic to [req step: step_overdue] due
//   propose_force       force req
//   propose_substitute  force order
//   request_report      to from due
// A field the kind needs but the effect leaves unset is written `none`, so its absence is checked.
// `because` lists every rule id (engine::rules()[i]->id), most specific first.
//
// Readings of docs/engine.md this harness and the tests rely on (the document is silent):
//   - an effect produced by a timer carries `at` = the timer's due time (the moment the deadline
//     passed), not the time passed to advance_to;
//   - `remind.due` is the deadline the reminded party now has: when the next on_timeout action
//     would act (the step's / report's new due time).
#pragma once

#include "cli/scenario_notation.hpp"
#include "common/civil_time.hpp"

#include <muster/codec.hpp>
#include <muster/engine.hpp>
#include <muster/events.hpp>
#include <muster/policy.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace muster_test {

using muster::event;
using muster::event_kind;
using muster::incident_id;
using muster::index_t;
using muster::no_index;
using muster::order_id;
using muster::outcome;
using muster::request_id;
using muster::seconds_t;
using muster::timestamp;

// ---- durations and instants ----------------------------------------------------------------

constexpr seconds_t operator""_s(unsigned long long v) { return static_cast<seconds_t>(v); }
constexpr seconds_t operator""_min(unsigned long long v) { return static_cast<seconds_t>(v) * 60; }
constexpr seconds_t operator""_h(unsigned long long v) { return static_cast<seconds_t>(v) * 3600; }
constexpr seconds_t operator""_d(unsigned long long v) { return static_cast<seconds_t>(v) * 86400; }

using muster::detail::days_from_civil;

/// Local wall-clock time at a fixed UTC offset (Asia/Shanghai: +08:00) as Unix seconds.
constexpr timestamp local_time(int y, unsigned mo, unsigned d, int h, int mi, int utc_offset_minutes = 480) {
  return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 - static_cast<timestamp>(utc_offset_minutes) * 60;
}

/// 2026-07-10T09:00:00+08:00: inside `flood_season` (06-01 … 09-30), a special period (3.1.2).
inline constexpr timestamp flood_season = local_time(2026, 7, 10, 9, 0);
/// 2026-10-10T09:00:00+08:00: after the flood season, before forest-fire prevention (11-01 …
/// 05-31), and no declared period: no special period is in force.
inline constexpr timestamp no_special_period = local_time(2026, 10, 10, 9, 0);
static_assert(flood_season == 1783645200, "2026-07-10T01:00:00Z");
static_assert(no_special_period == 1791594000, "2026-10-10T01:00:00Z");

// ---- the reference policy -------------------------------------------------------------------

struct reference {
  std::shared_ptr<const muster::policy> policy;
  std::shared_ptr<const muster::force_registry> forces;
};

/// rules/weihai.yaml + rules/weihai-forces.yaml, compiled on first use and shared. Throws (so
/// the test fails with every diagnostic) when either does not compile.
const reference& weihai();
inline const muster::policy& policy() { return *weihai().policy; }
inline const muster::force_registry& registry() { return *weihai().forces; }

// Ids as written in the YAML files → indices. A missing id fails the calling test.
index_t org(std::string_view id);
index_t force(std::string_view id);
index_t grade(std::string_view id);
index_t jurisdiction(std::string_view id);
index_t incident_type(std::string_view id);
index_t period(std::string_view id);
index_t capability(std::string_view id);
std::uint64_t capabilities(std::initializer_list<std::string_view> ids);

// Indices → ids, for rendering ("none" for no_index, "#n" when out of range).
std::string org_id(index_t i);
std::string force_id(index_t i);
std::string grade_id(index_t i);
std::string jurisdiction_id(index_t i);

std::vector<index_t> orgs(std::initializer_list<std::string_view> ids);
std::vector<index_t> forces(std::initializer_list<std::string_view> ids);
std::vector<std::string> org_ids(const std::vector<index_t>& v);
std::vector<std::string> force_ids(const std::vector<index_t>& v);

// ---- rendering ---------------------------------------------------------------------------------

const char* name_of(muster::effect_kind k);
const char* name_of(muster::topic t);
const char* name_of(muster::rejection r);
const char* name_of(muster::deadline_kind k);
const char* name_of(muster::incident_state s);
const char* name_of(muster::request_state s);
const char* name_of(muster::order_state s);
const char* name_of(muster::warning_state s);
const char* name_of(muster::run_state s);

/// "+0", "+45s", "+16m", "+1h5m", "+7d10m" (or "-…") of `t` relative to `epoch`.
std::string offset(timestamp t, timestamp epoch);
/// "accepted" or "rejected: <reason>", with " (duplicate)" when the outcome is a repeat.
std::string verdict(const outcome& o);
/// Joins with '\n' (and a trailing '\n' per line) so doctest prints lists one per line.
std::string lines(const std::vector<std::string>& v);

// ---- effects in the scenario notation ------------------------------------------------------------

/// The scenario notation for one policy and registry, times counted from `epoch`: effects as
/// rows and lines (src/cli/effect_row.hpp, scenario_notation.hpp), and expected lines checked
/// against them. Movable: what the vocabulary points to lives on the heap.
class effect_notation {
 public:
  effect_notation(std::shared_ptr<const muster::policy> p, std::shared_ptr<const muster::force_registry> forces, timestamp epoch);

  std::vector<muster::cli::effect_row> rows(const outcome& o, const muster::engine& en) const;
  /// Each effect in full, in the notation (at= always).
  std::vector<std::string> lines(const outcome& o, const muster::engine& en) const;
  /// "" when the effects of `o` are exactly `expected` (one pattern per effect, in order); else
  /// the expected lines against the actual ones ("- " expected only, "+ " actual only), or the
  /// expected line that does not parse and why.
  std::string differ(const outcome& o, const muster::engine& en, const std::vector<std::string>& expected) const;

 private:
  std::unique_ptr<muster::cli::rules_pair> rules_;
  std::unique_ptr<muster::codec> names_;
  muster::cli::notation_vocabulary vocab_;
};

/// `o` with only its last `n` effects (all of them when it has fewer).
inline outcome last_effects(outcome o, std::size_t n) {
  if (o.effects.size() > n) o.effects.erase(o.effects.begin(), o.effects.end() - static_cast<std::ptrdiff_t>(n));
  return o;
}

// ---- a scenario: one engine on the reference policy ---------------------------------------------

class scenario {
 public:
  explicit scenario(timestamp epoch, muster::engine_options options = {});

  muster::engine& engine() { return engine_; }
  const muster::engine& engine() const { return engine_; }
  timestamp epoch() const { return epoch_; }
  timestamp at(seconds_t offset_from_epoch) const { return epoch_ + offset_from_epoch; }

  // Incidents (3.3.1, 3.1.1, 3.1.3, 3.3.3). `t` is the offset from the epoch.
  outcome report(incident_id id, std::string_view jurisdiction, std::string_view type, std::string_view grade,
                 std::string_view by, seconds_t t);
  outcome regrade(incident_id id, std::string_view grade, std::string_view by, seconds_t t);
  outcome establish_hq(incident_id id, std::string_view by, seconds_t t);
  outcome conclude(incident_id id, std::string_view by, seconds_t t);
  outcome file_review(incident_id id, std::string_view by, seconds_t t);

  // Requests (3.1.2): call plan and cross-region reinforcement.
  outcome draft(incident_id id, std::string_view by, std::initializer_list<std::string_view> named,
                std::initializer_list<std::string_view> wanted, seconds_t t);
  outcome apply(incident_id id, std::string_view by, std::initializer_list<std::string_view> named,
                std::initializer_list<std::string_view> wanted, seconds_t t);
  outcome approve(request_id r, std::string_view by, seconds_t t);
  outcome break_glass(request_id r, std::string_view by, std::string_view reason, seconds_t t);
  outcome reject(request_id r, std::string_view by, seconds_t t, std::string_view reason = "not needed");
  outcome consent(request_id r, std::string_view by, std::string_view force, seconds_t t);
  outcome refuse(request_id r, std::string_view by, std::string_view force, seconds_t t);
  outcome withdraw(request_id r, std::string_view by, seconds_t t);

  // Orders.
  outcome ack(order_id o, std::string_view by, seconds_t t);
  outcome decline(order_id o, std::string_view by, seconds_t t);
  outcome depart(order_id o, std::string_view by, seconds_t t);
  outcome arrive(order_id o, std::string_view by, seconds_t t);
  outcome release(order_id o, std::string_view by, seconds_t t);

  /// engine.advance_to(epoch + t).
  outcome advance(seconds_t t);

  /// A fresh event (new id) of `kind` by organisation `by` (empty: no actor) at epoch + t.
  event make(event_kind kind, std::string_view by, seconds_t t);
  /// Submits `e` with `named` as its forces and `reason` as its reason (kept alive by the
  /// scenario, so the event can be submitted again with resubmit_last()).
  outcome submit(const event& e, std::vector<index_t> named = {}, std::string reason = {});
  /// The last submitted event again, same id and content.
  outcome resubmit_last();
  const event& last_event() const { return last_; }

  /// One line per effect, in full, in the scenario notation (effect_notation::lines).
  std::vector<std::string> effects(const outcome& o) const { return notation_.lines(o, engine_); }
  /// effect_notation::differ, for CHECK_EFFECTS.
  std::string effects_differ(const outcome& o, const std::vector<std::string>& expected) const {
    return notation_.differ(o, engine_, expected);
  }
  /// Every pending deadline: "<kind> due=<t> [request=|order=] org=<id>", soonest first.
  /// engine().deadlines() as lines; the schedules' next runs (schedule_run) only when asked for:
  /// the reference policy's roll-calls and drills are always on the calendar.
  std::vector<std::string> deadlines(bool with_calendar = false) const;
  std::string digest() const { return engine_.state_digest(); }

  /// The state's name, or "missing" when the engine does not know the id.
  std::string incident_state_of(incident_id id) const;
  std::string request_state_of(request_id r) const;
  std::string order_state_of(order_id o) const;

  /// Request events carry the request's incident (or the last reported incident when the
  /// request is unknown); order events likewise.
  incident_id incident_of_request(request_id r) const;
  incident_id incident_of_order(order_id o) const;

 private:
  outcome plan(event_kind kind, incident_id id, std::string_view by, std::initializer_list<std::string_view> named,
               std::initializer_list<std::string_view> wanted, seconds_t t);
  outcome answer(event_kind kind, request_id r, std::string_view by, seconds_t t, std::string_view force = {},
                 bool glass = false, std::string_view reason = {});
  outcome order_event(event_kind kind, order_id o, std::string_view by, seconds_t t);
  timestamp epoch_;
  muster::engine engine_;
  effect_notation notation_;
  muster::event_id next_id_ = 1;
  incident_id last_incident_ = 0;
  event last_;
  std::vector<index_t> last_forces_;
  std::string last_reason_;
};

}  // namespace muster_test

// ---- assertions (macros, so failures point at the test line) ---------------------------------

/// The outcome was accepted and its effects are exactly the given patterns (the scenario
/// notation), in order.
#define CHECK_EFFECTS(s, o, ...)                                                                     \
  do {                                                                                               \
    const ::muster::outcome& check_o_ = (o);                                                         \
    INFO("detail: " << check_o_.detail);                                                             \
    CHECK(::muster_test::verdict(check_o_) == "accepted");                                           \
    const std::string check_diff_ = (s).effects_differ(check_o_, std::vector<std::string> __VA_ARGS__); \
    CHECK_MESSAGE(check_diff_.empty(), "effects (- expected, + actual):\n" << check_diff_);          \
  } while (0)

/// The event was rejected for `why`, said why in English, produced no effect and left the
/// engine's state digest unchanged, clock included (docs/engine.md, General rules 1). Only for
/// events with no timer due before them: timers that fire first do change the state.
#define CHECK_REJECTS(s, expr, why)                                                                  \
  do {                                                                                               \
    const std::string check_before_ = (s).digest();                                                  \
    const ::muster::outcome check_o_ = (expr);                                                       \
    INFO("detail: " << check_o_.detail);                                                             \
    CHECK(::muster_test::verdict(check_o_) == std::string("rejected: ") + (why));                    \
    CHECK_FALSE(check_o_.detail.empty());                                                            \
    CHECK(::muster_test::lines((s).effects(check_o_)).empty());                                      \
    CHECK((s).digest() == check_before_);                                                            \
  } while (0)
