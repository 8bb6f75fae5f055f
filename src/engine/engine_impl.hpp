// Internal: the engine's state and the dispatch context its machines' actions work through.
#pragma once

#include "engine/chunked_vector.hpp"
#include "engine/id_index.hpp"
#include "engine/outcome_history.hpp"
#include "engine/records.hpp"
#include "engine/timer_queue.hpp"
#include "policy/rule_table.hpp"

#include <muster/engine.hpp>

#include <algorithm>
#include <functional>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// Per force × check (policy().checks): the first local day number (days since 1970-01-01)
/// on which the force fails the check; INT64_MAX when it never does.
std::vector<std::int64_t> check_thresholds(const policy& p, const force_registry& f, const std::vector<force_live>& live);

/// Everything a rejected or failed event must undo, recorded as it happens.
struct undo_log {
  std::vector<std::pair<std::uint32_t, incident_record>> incidents;
  std::vector<std::pair<std::uint32_t, request_record>> requests;
  std::vector<std::pair<std::uint32_t, order_record>> orders;
  std::vector<std::pair<index_t, std::uint32_t>> commitments;
  std::vector<std::pair<index_t, timestamp>> periods;
  std::vector<std::pair<std::uint32_t, warning_record>> warnings;
  std::vector<std::pair<std::uint32_t, round_member>> members;
  std::vector<std::pair<std::uint32_t, run_record>> runs;
  std::vector<std::pair<index_t, schedule_state>> schedules;
  std::vector<std::pair<index_t, force_live>> forces;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> item_counts;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> item_held;
  std::vector<std::pair<std::uint32_t, std::int64_t>> check_fails_from;
  std::size_t incident_count = 0, request_count = 0, order_count = 0, force_pool = 0;
  std::size_t warning_count = 0, member_count = 0, area_pool = 0, run_count = 0, opening_count = 0;
  std::vector<incident_id> new_incidents;
  std::vector<warning_id> new_warning_ids;
  void clear() {
    incidents.clear(); requests.clear(); orders.clear(); commitments.clear(); periods.clear(); new_incidents.clear();
    warnings.clear(); members.clear(); new_warning_ids.clear(); runs.clear(); schedules.clear();
    forces.clear(); item_counts.clear(); item_held.clear(); check_fails_from.clear();
  }
};

}  // namespace detail

namespace detail {
/// What the hot path reads about a force, packed: the registry's `force` records are large
/// (names, equipment, strings), so reading them per event was a cache miss each time.
struct force_facts {
  std::uint64_t capabilities = 0;
  index_t owner = no_index;
  index_t authority = no_index;
  index_t jurisdiction = no_index;
  std::uint8_t category = 0;  ///< force_category
  /// The first local day a date-based dispatch check fails for it (the least of its row of
  /// check_fails_from, clamped): before that day failed_checks need read no further.
  std::int32_t first_failing_day = INT32_MAX;
  bool in(category_mask m) const { return (m >> category) & 1U; }
};

/// Organisations told once each within one action, however many rules name them.
struct once_each {
  index_t seen[64];
  std::size_t count = 0;
  bool has(index_t org) const { return std::find(seen, seen + count, org) != seen + count; }
  bool first(index_t org) {
    if (org == no_index || has(org)) return false;
    if (count < 64) seen[count++] = org;
    return true;
  }
};
}  // namespace detail

struct engine::impl {
  std::shared_ptr<const policy> pol;
  std::shared_ptr<const force_registry> reg;
  engine_options opt;
  const policy& p;

  std::vector<const rule_ref*> rules;
  detail::rule_offsets at;

  const incident_names* names = nullptr;  ///< how details spell incidents (nullptr: by number)
  seconds_t max_clock_step = 0;           ///< 0: no bound
  seconds_t retention = 0;                ///< the policy's limits.retention (0: every outcome is kept)

  timestamp now = INT64_MIN;  ///< no time yet: the first event sets it
  std::uint64_t seq = 0;      ///< inputs seen (events and advances)

  detail::chunked_vector<detail::incident_record> incidents;
  detail::id_index incident_index;                                // incident id → position in `incidents`
  detail::chunked_vector<detail::request_record> requests;         // request_id = index + 1
  detail::chunked_vector<detail::order_record> orders;             // order_id = index + 1
  detail::chunked_vector<index_t, 12> force_pool;                 // forces of each request, contiguous (released with it)
  std::vector<detail::force_facts> facts;                          // per force, from the registry
  std::vector<std::int64_t> check_fails_from;                      // per force × check: the first local day it fails (1.3, 3.2.1, 4.4)
  std::vector<detail::force_live> live;                            // per force: duty, personnel, data date (force.update)
  std::vector<std::uint32_t> item_counts;                         // every force's equipment then materials counts
  std::vector<std::uint32_t> item_offset;                         // per force: its first entry in item_counts
  std::vector<std::uint32_t> item_held;                           // as item_counts: units held by requisitions (4.3)
  std::vector<std::uint32_t> committed;                           // per force: order index + 1, or 0
  std::vector<timestamp> declared_until;                          // per period: 0 = not declared, INT64_MAX = until ended

  detail::chunked_vector<detail::warning_record> warnings;          // 3.3.1
  detail::id_index warning_index;                                   // any id of a warning → its position
  detail::chunked_vector<detail::round_member> members;             // every warning's recipients
  std::vector<index_t> area_pool;                                   // warnings' jurisdictions, contiguous

  std::vector<detail::opening_record> openings;                     // delayed opened_on triggers, in the order they were made
  detail::chunked_vector<detail::run_record> runs;                  // schedule runs (3.2.2, 3.2.3); run_id = index + 1
  std::vector<detail::schedule_state> schedule_states;              // per schedule
  bool schedules_armed = false;                                     // the first input armed every schedule
  timestamp firing_until = INT64_MIN;                               // the time the timers now firing run up to

  detail::timer_queue timers;                 // pending deadlines
  std::vector<detail::timer> staged_timers;  // added to `timers` only when the event commits

  detail::id_index seen_index;       // event id → its outcome's number in `history`
  detail::outcome_history history;   // every outcome (under limits.retention, those in the window), for repeated ids
  std::uint64_t remembered_from = 0; // the lowest event id still in seen_index after the last forgetting (0: none forgotten)
  /// Under limits.retention: incident and warning ids below this name nothing the engine still
  /// holds (0: not worked out yet), worked out again after every 16,384 releases, so the JSON
  /// codec may forget those names (engine_state.hpp).
  std::uint64_t case_ids_held_from = 0;
  std::uint32_t released_since_floor = 0;
  /// Openings before this one have all fired (a cache, not state: 0 after a load).
  std::size_t first_unfired_opening = 0;

  /// Test-only: called before every effect is emitted, so tests can throw inside an action.
  std::function<void(const effect&)> fault_hook;
  std::vector<index_t> scratch_forces;
  /// Some request has drawn on stock (4.3): only then may an effect need its item named
  /// (name_stock_items). Never reset: it decides how much work is done, not what comes out.
  bool stock_in_play = false;
  mutable std::int64_t cached_day = INT64_MIN;                    // local day number of the last period check
  mutable std::uint16_t cached_mmdd = 0;            // reused by each draft: no allocation per event
  outcome out;
  detail::undo_log undo;

  impl(std::shared_ptr<const policy> pp, std::shared_ptr<const force_registry> rr, engine_options o);
};

namespace detail {

/// Takes `next` as the engine's registry and rebuilds what is read from it per force. A force
/// already known keeps its live state (force.update, standby), except where the file itself
/// changed a value since the previous version: the edit is the newer fact. The caller has
/// checked that `next` keeps every known force at its index (src/engine/registry_tables.cpp).
void load_registry(engine::impl& en, std::shared_ptr<const force_registry> next);

/// Under limits.retention, a record that ended (an incident closed, a warning cancelled or
/// expired, a schedule run closed) is released `retention` later (release.cpp): this arms that
/// timer, of kind release_incident, release_warning or release_run, for record `target`.
void release_when_due(dispatch& cx, timer_kind kind, std::uint32_t target);
/// The timer's time came: releases the record with what hangs on it (an incident's requests,
/// orders and their forces; a warning's or a run's calls), or, while something of it can still
/// change, looks again a window later.
void release_when_done(dispatch& cx, const timer& t);

struct engine_access {
  static engine::impl& of(engine& e) { return *e.impl_; }
};

/// What one machine event is working on. Actions read the input and write effects through it.
struct dispatch {
  engine::impl& en;
  const event& ev;
  std::uint32_t incident = no_record;
  std::uint32_t request = no_record;
  std::uint32_t order = no_record;
  std::uint32_t warning = no_record;
  std::uint32_t member = no_record;  ///< the round member a timer or an answer is about
  std::uint32_t run = no_record;     ///< the schedule run
  index_t force_slot = no_index;  ///< per-force answers: position of ev.force in the request
  rule_index rule_hint = no_rule; ///< the rule being checked, cited if it refuses
  bool refused = false;           ///< set by no_transition / exception_caught
  rejection reason = rejection::none;
  std::string detail;

  dispatch(engine::impl& e, const event& v, std::uint32_t inc_index = no_record, std::uint32_t req_index = no_record)
      : en(e), ev(v), incident(inc_index), request(req_index) {}

  incident_record& inc() { return en.incidents[incident]; }
  request_record& req() { return en.requests[request]; }
  order_record& ord() { return en.orders[order]; }
  warning_record& warn() { return en.warnings[warning]; }
  run_record& schedule_run() { return en.runs[run]; }
  const incident_record& inc() const { return en.incidents[incident]; }
  const request_record& req() const { return en.requests[request]; }

  /// Saves a record before its first change in this event, so a failure can restore it.
  void touch_incident(std::uint32_t i);
  void touch_request(std::uint32_t i);
  void touch_order(std::uint32_t i);
  void touch_warning(std::uint32_t i);
  void touch_member(std::uint32_t i);
  void touch_run(std::uint32_t i);
  void touch_schedule(index_t s);
  void touch_force(index_t f);
  void commit_force(index_t force, std::uint32_t order_plus_one);

  /// Appends an effect about the current incident (and request / order when set).
  effect& emit(effect_kind k, topic about, index_t to, std::initializer_list<rule_index> because);
  void start_timer(timer_kind k, std::uint32_t target, std::uint32_t gen, timestamp due);
  void reject(rejection r, std::string why);
};

/// What a new request holds of its force's stock (4.3) before its first step: `item` drawn now
/// (the opening event's, checked by stock_fits), or what request `from` holds, taken over (the
/// return chain an approved requisition opens).
struct stock_source {
  index_t item = no_index;
  std::uint32_t from = no_record;
};

/// Opens a request of chain `c` on the current incident, drafted by `drafter`, over `forces`,
/// and walks it from its first step (executing it at once when no step waits). Leaves
/// cx.request at the new request. The caller has checked who may open it.
std::uint32_t open_request(dispatch& cx, index_t c, index_t drafter, const index_t* forces, unsigned force_count, std::int64_t measure,
                           stock_source stock = {});
/// open_request for a chain opened by a rule (a trigger, another chain's outcome): the drafter
/// is told first (notify request_opened), because of `because` and the chain.
std::uint32_t open_announced(dispatch& cx, index_t c, index_t drafter, const index_t* forces, unsigned force_count, std::int64_t measure,
                             rule_index because, stock_source stock = {});
/// Stock held by requisitions (4.3, src/engine/stock.cpp). A chain with `stock: reserve` holds
/// its quantity of one force's item from its opening: the units come back when it ends
/// unapproved, or, once approved (handed over), only by a release_stock action.
/// Units of `item` of `force` not held by any request.
std::int64_t stock_left(const engine::impl& en, index_t force, index_t item);
/// Checks the opening event's force and item against chain `c` and what is left: rejects
/// (malformed, insufficient_stock) and returns false, or returns true. Nothing is held yet.
bool stock_fits(dispatch& cx, const chain& c);
/// Request cx.request (just opened) holds `quantity` of `item` of its one force.
void hold_stock(dispatch& cx, index_t item, std::int64_t quantity);
/// cx.request now asks for `units` (an approver granted less): what it held beyond goes back.
void hold_less(dispatch& cx, std::int64_t units);
/// Gives back what cx.request holds, if anything; true when something was given back.
bool give_back_stock(dispatch& cx);
/// cx.request ended unapproved: what it holds and never handed over is given back, and its
/// drafter told (notify stock_released).
void release_unapproved(dispatch& cx);
/// cx.request was approved: what it holds is handed over.
void hand_over_stock(dispatch& cx);
/// Names in each effect since `from` about a request that draws on stock its force and item
/// (the actions that told someone set neither).
void name_stock_items(engine::impl& en, std::size_t from);
/// Request `to`, opened by request `from`'s outcome, takes over what `from` holds (when `to` is
/// about the same one force).
void pass_on_stock(dispatch& cx, std::uint32_t from, std::uint32_t to);

/// Opens every chain whose `opened_on` names `trigger` (with `force`, for order.released).
/// A chain whose trigger says `after:` is not opened now but recorded (engine::impl::openings)
/// with a timer, and opened by open_when_due when that fires.
void open_triggered(dispatch& cx, chain_trigger trigger, index_t force = no_index);
void open_when_due(dispatch& cx, std::uint32_t opening);

/// How rejection details spell an incident and a time: the host's name, RFC 3339 (src/engine/engine.cpp).
std::string incident_text(const engine::impl& en, incident_id id);
std::string time_text(const engine::impl& en, timestamp t);

// Party resolution and the facts rules are gated on (src/engine/parties.cpp).
index_t ancestor(const policy& p, index_t j, unsigned levels);
index_t resolve_party(const engine::impl& en, const incident_record& inc, const party_ref& r, index_t force = no_index,
                      unsigned escalation = 0);
/// resolve_party outside an incident (warnings, roll-calls): `incident`, `area` and
/// `participant` scopes mean `jurisdiction`, `upper` its parent.
index_t resolve_party_in(const engine::impl& en, index_t jurisdiction, const party_ref& r, index_t force = no_index,
                         unsigned escalation = 0);
/// Whether condition `when` (an index into policy::conditions) holds now for the incident, and
/// for the request and force when the rule is about them. no_index (always) costs one compare.
bool condition_holds(const engine::impl& en, const incident_record& inc, index_t when, const request_record* req, index_t force);
inline bool holds(const engine::impl& en, const incident_record& inc, index_t when, const request_record* req = nullptr,
                  index_t force = no_index) {
  return when == no_index || condition_holds(en, inc, when, req, force);
}
/// The local month*100 + day of time `t` (the policy's zone).
std::uint16_t local_month_day(const engine::impl& en, timestamp t);
/// Whether declared period `i` is declared at time `t`.
bool declared_active(const engine::impl& en, std::size_t i, timestamp t);
bool period_class_active(const engine::impl& en, period_class c, timestamp t);
/// Not committed to an open order; for a real incident, a force busy in a drill (3.2.3) is
/// available too (drill_order says which).
bool force_available(const engine::impl& en, index_t force, bool for_drill);
/// The open drill order `force` is committed to (its number), or 0.
order_id drill_order(const engine::impl& en, index_t force);
/// Dispatch checks (policy().checks): bit c set when `force` fails check c on the local day of
/// the engine's clock. 0 under a policy without checks.
/// `where`: the incident's jurisdiction (a standby check fails only for an incident outside the
/// area of the warning the force stands by for); no_index: anywhere.
std::uint32_t failed_checks(const engine::impl& en, index_t force, index_t where);
/// Sets facts[force].first_failing_day from its row of check_fails_from (after that row changed).
void summarise_checks(engine::impl& en, index_t force);
/// Recomputes `force`'s rows of check_fails_from after its live facts changed (undone on failure).
void refresh_checks(dispatch& cx, index_t force);
/// Whether jurisdiction `j` lies in the warning's area (named, or below one named).
bool in_area(const engine::impl& en, const warning_record& w, index_t j);
/// The latest active warning `force` stands by under, or nullptr.
const warning_record* latest_standby(const engine::impl& en, index_t force);
/// The strongest action among the failed checks `failed` (check_action::warn when none).
check_action strongest_action(const engine::impl& en, std::uint32_t failed);
/// "check insured (4.4): its insurance ended on 2026-06-30; …" for the checks in `failed`.
std::string check_failure(const engine::impl& en, index_t force, std::uint32_t failed);
/// Cites in `e` (after the rules already there, while room is left) every check `force` fails.
void cite_checks(const engine::impl& en, effect& e, index_t force, index_t where);
/// The teams taking part (first responder, order issuers): their own forces are on scene already.
once_each on_scene_teams(const incident_record& inc);
/// Forces for wanted capabilities: own jurisdiction first, then nearest, then registry order.
/// A force of a support category (experts) is proposed only for advisory capabilities, and no
/// force owned by an organisation in `on_scene` (it is there already, 3.3.2).
std::vector<index_t> propose_forces(const engine::impl& en, const incident_record& inc, std::uint64_t wanted,
                                    const std::vector<index_t>& exclude, bool outside_only, unsigned limit,
                                    const once_each& on_scene);
/// Available forces having every capability in `required`, nearest first (substitutes): of a
/// support category for a support order, of any other for a deployment order.
std::vector<index_t> substitutes(const engine::impl& en, const incident_record& inc, std::uint64_t required,
                                 const std::vector<index_t>& exclude, unsigned limit, bool support, const once_each& on_scene);
unsigned tree_distance(const policy& p, index_t a, index_t b);

/// Command for a grade: (coordinator organisation, commander organisation).
std::pair<index_t, index_t> command_for(const engine::impl& en, const incident_record& inc, index_t grade);
/// Creates an order for `force` from `issuer` on the terms of action `action` of cx's request's
/// chain, commits the force and arms the ack timer. A support order (request_support: an
/// expert group asked for decision support, 3.3.2) is announced as request_support.
void issue_order(dispatch& cx, index_t force, index_t issuer, std::initializer_list<rule_index> because, std::size_t action);
/// Adds `team` to the incident's participants (fire teams owing an after-action report).
void add_participant(dispatch& cx, index_t team);
/// Gives `org` position `pos` of the current incident's command until assigned again, whatever
/// the grade (a headquarters taking over, 3.1.3; an assign_command action), and tells it
/// (assign_command).
void assign_position(dispatch& cx, command_position pos, index_t org, std::initializer_list<rule_index> because);
/// What an incident event replaced, for the reactions that act on the change: the command
/// level before a regrade (no_index: the event set it first), the headquarters before a new one.
struct replaced {
  index_t command = no_index;
  index_t headquarters = no_index;
};
/// Runs the policy's reactions to incident event `on` (policy::reactions), in order, on cx's
/// incident (src/engine/reactions.cpp).
void react(dispatch& cx, incident_event on, replaced before = {});
/// A review report fell due unanswered: the next rung of the report round's ladder.
void report_round_overdue(dispatch& cx);

// Public state of a machine record (MSM state ids → public enums).
incident_state state_of(const incident_record& r);
request_state state_of(const request_record& r);
order_state state_of(const order_record& r);
warning_state state_of(const warning_record& r);

/// Calls fn(w) for each active warning `force` stands by under (pushed to it and put on standby),
/// oldest first. Reads nothing for a force never put on standby.
template <class Fn>
void for_each_standby(const engine::impl& en, index_t force, Fn&& fn) {
  if (en.live[force].standby_warning == no_record) return;
  for (std::size_t k = 0; k < en.warnings.size(); ++k) {
    if (!en.warnings.present(k)) continue;
    const warning_record& w = en.warnings[k];
    if (state_of(w) != warning_state::active) continue;
    for (std::uint32_t i = w.first_member; i != no_record; i = en.members[i].next)
      if (en.members[i].force == force && en.members[i].standby) {
        fn(w);
        break;
      }
  }
}

run_state state_of(const run_record& r);

}  // namespace detail
MUSTER_END_NAMESPACE
