// The engine's front door: duplicate and time checks, timers, and the all-or-nothing
// application of one event (an undo log restores everything a refused event touched).
#include "engine/engine_impl.hpp"
#include "engine/handlers.hpp"
#include "engine/schedule_round.hpp"

#include "common/civil_time.hpp"
#include "policy/scalars.hpp"

#include <algorithm>

MUSTER_BEGIN_NAMESPACE

engine::impl::impl(std::shared_ptr<const policy> pp, std::shared_ptr<const force_registry> rr, engine_options o)
    : pol(std::move(pp)), opt(o), p(*pol) {
  rules = detail::build_rule_table(p, at);
  declared_until.assign(p.periods.size(), 0);
  detail::load_registry(*this, std::move(rr));
  max_clock_step = opt.max_clock_step.value_or(p.max_clock_step);
  retention = p.retention;
  out.effects.reserve(64);
}

engine::engine(std::shared_ptr<const policy> p, std::shared_ptr<const force_registry> forces, engine_options options) {
  if (!p || !forces) throw std::invalid_argument("muster::engine needs a compiled policy and force registry");
  if (forces->policy_digest != p->digest)
    throw std::invalid_argument("the force registry was compiled against another policy (digest mismatch)");
  impl_ = std::make_unique<impl>(std::move(p), std::move(forces), options);
}

engine::~engine() = default;
engine::engine(engine&&) noexcept = default;
engine& engine::operator=(engine&&) noexcept = default;

namespace detail {

std::string incident_text(const engine::impl& en, incident_id id) {
  return en.names ? en.names->incident_name(id) : std::to_string(id);
}

std::string time_text(const engine::impl& en, timestamp t) { return rfc3339(t, en.p.utc_offset_minutes); }

namespace {

void begin(engine::impl& en) {
  en.undo.clear();
  en.undo.incident_count = en.incidents.size();
  en.undo.request_count = en.requests.size();
  en.undo.order_count = en.orders.size();
  en.undo.force_pool = en.force_pool.size();
  en.undo.warning_count = en.warnings.size();
  en.undo.member_count = en.members.size();
  en.undo.area_pool = en.area_pool.size();
  en.undo.run_count = en.runs.size();
  en.undo.opening_count = en.openings.size();
  en.staged_timers.clear();
}

void commit(engine::impl& en) {
  for (const timer& t : en.staged_timers) en.timers.add(t);
  en.staged_timers.clear();
}

void roll_back(engine::impl& en, std::size_t effects_before) {
  undo_log& u = en.undo;
  for (auto it = u.incidents.rbegin(); it != u.incidents.rend(); ++it) en.incidents[it->first] = it->second;
  for (auto it = u.requests.rbegin(); it != u.requests.rend(); ++it) en.requests[it->first] = it->second;
  for (auto it = u.orders.rbegin(); it != u.orders.rend(); ++it) en.orders[it->first] = it->second;
  for (auto it = u.commitments.rbegin(); it != u.commitments.rend(); ++it) en.committed[it->first] = it->second;
  for (auto it = u.periods.rbegin(); it != u.periods.rend(); ++it) en.declared_until[it->first] = it->second;
  for (auto it = u.new_incidents.rbegin(); it != u.new_incidents.rend(); ++it) en.incident_index.erase(*it);
  for (auto it = u.warnings.rbegin(); it != u.warnings.rend(); ++it) en.warnings[it->first] = it->second;
  for (auto it = u.members.rbegin(); it != u.members.rend(); ++it) en.members[it->first] = it->second;
  for (auto it = u.runs.rbegin(); it != u.runs.rend(); ++it) en.runs[it->first] = it->second;
  for (auto it = u.schedules.rbegin(); it != u.schedules.rend(); ++it) en.schedule_states[it->first] = it->second;
  for (auto it = u.forces.rbegin(); it != u.forces.rend(); ++it) en.live[it->first] = it->second;
  for (auto it = u.item_counts.rbegin(); it != u.item_counts.rend(); ++it) en.item_counts[it->first] = it->second;
  for (auto it = u.item_held.rbegin(); it != u.item_held.rend(); ++it) en.item_held[it->first] = it->second;
  for (auto it = u.check_fails_from.rbegin(); it != u.check_fails_from.rend(); ++it) en.check_fails_from[it->first] = it->second;
  for (const auto& changed : u.check_fails_from) summarise_checks(en, static_cast<index_t>(changed.first / en.p.checks.size()));
  for (auto it = u.new_warning_ids.rbegin(); it != u.new_warning_ids.rend(); ++it) en.warning_index.erase(*it);
  en.warnings.shrink_to(u.warning_count);
  en.runs.shrink_to(u.run_count);
  en.openings.resize(u.opening_count);
  en.members.shrink_to(u.member_count);
  en.area_pool.resize(u.area_pool);
  en.incidents.shrink_to(u.incident_count);
  en.requests.shrink_to(u.request_count);
  en.orders.shrink_to(u.order_count);
  en.force_pool.shrink_to(u.force_pool);
  en.staged_timers.clear();
  en.out.effects.resize(effects_before);
}

/// Notices that announce the input itself (who reported, regraded, approved …), as opposed to
/// its consequences (a request that failed because of it, a force dropped).
bool announces_input(topic t) {
  switch (t) {
    case topic::incident_reported: case topic::incident_copied: case topic::regraded: case topic::hq_established:
    case topic::concluded: case topic::request_approved: case topic::break_glass:
    case topic::period_declared: case topic::period_ended: case topic::situation_updated:
      return true;
    default:
      return false;
  }
}

/// No one is told of its own act: a notice announcing the input to the organisation that acted
/// (`actor`; none for a timer), or a notice or escalation back to the one it comes from, says
/// nothing it does not know. Dropped here, once, rather than by every action that tells someone.
/// Except the policy's notice to a request's drafter that another's answer approved it (4.1: the
/// claimant learns its claim was granted): that is news to it.
inline bool self_notice(const effect& e, index_t actor) {
  if (e.kind != effect_kind::notify && e.kind != effect_kind::escalate) return false;
  const bool news_of_approval = e.kind == effect_kind::notify && e.about == topic::request_approved && actor != no_index && actor != e.from;
  if (e.from != no_index && e.to == e.from && !news_of_approval) return true;
  return e.kind == effect_kind::notify && actor != no_index && e.to == actor && announces_input(e.about);
}

inline void drop_self_notices(std::vector<effect>& effects, std::size_t from, index_t actor) {
  std::size_t kept = from;
  for (std::size_t i = from; i < effects.size(); ++i) {  // no copy until the first one dropped
    if (self_notice(effects[i], actor)) continue;
    if (kept != i) effects[kept] = effects[i];
    ++kept;
  }
  effects.resize(kept);
}

/// Fires one timer if it is still current (its record's generation has not moved on).
void fire(engine::impl& en, const timer& t) {
  if (!timer_current(en, t)) return;  // answered meanwhile: nothing to do, nothing to undo
  event tick;
  tick.kind = event_kind::clock_advance;
  tick.at = t.due;
  begin(en);
  const std::size_t before = en.out.effects.size();
  dispatch cx{en, tick};
  fire_timer(cx, t);
  if (cx.refused) {
    roll_back(en, before);  // the machine refused it (e.g. an exception in an action)
    return;
  }
  drop_self_notices(en.out.effects, before, no_index);
  name_stock_items(en, before);
  commit(en);
}

/// Fires every timer due at or before `until`; the clock follows each timer it fires.
void fire_due(engine::impl& en, timestamp until) {
  en.firing_until = until;
  en.timers.pop_due(until, [&](const timer& t) {
    en.now = std::max(en.now, t.due);
    fire(en, t);
  });
}

/// The reused outcome buffer, emptied (its effects keep their capacity: no allocation per event).
outcome& fresh_outcome(engine::impl& en) {
  outcome& out = en.out;
  out.effects.clear();
  out.detail.clear();
  out.duplicate = false;
  out.rule = no_rule;
  return out;
}

/// The oldest time limits.retention still remembers (INT64_MIN: everything).
timestamp retention_horizon(const engine::impl& en) {
  return en.retention > 0 && en.now > INT64_MIN + en.retention ? en.now - en.retention : INT64_MIN;
}

/// Time never runs backwards (stale_time), and one input moves it at most max_clock_step
/// (clock_jump): a mistyped year would otherwise fire every timer and make every later input
/// stale, on every replay too. Either refusal changes nothing. Under limits.retention, a time
/// older than the window is beyond_retention: that event's id may have been forgotten, and a
/// repeat of it must not look like a late new event.
bool refuse_time_slow(engine::impl& en, timestamp t) {
  if (t < retention_horizon(en)) {
    en.out.reason = rejection::beyond_retention;
    en.out.detail = "time " + time_text(en, t) + " is more than " + format_duration(en.retention) + " before the engine's clock " +
                    time_text(en, en.now) + " (limits.retention): events this old are no longer remembered, so a repeat of one "
                    "cannot be told from a new event";
  } else if (t < en.now) {
    en.out.reason = rejection::stale_time;
    en.out.detail = "time " + time_text(en, t) + " is earlier than the engine's clock " + time_text(en, en.now);
  } else if (en.max_clock_step > 0 && t - en.now > en.max_clock_step) {
    en.out.reason = rejection::clock_jump;
    en.out.detail = "time " + time_text(en, t) + " is more than " + format_duration(en.max_clock_step) + " after the engine's clock " +
                    time_text(en, en.now) + " (limits.max_clock_step); check the date, or advance the clock in steps";
  } else {
    return false;
  }
  en.out.accepted = false;
  return true;
}

/// Under limits.retention, the outcomes given before the window (and their event ids) are
/// forgotten, in bulk: once those that may go are at least 16,384 and an eighth of those kept,
/// so the work is a small constant per event. Their clocks, not the events' own times, decide:
/// an accepted event's time is at most its clock, so a repeat of a forgotten accepted event is
/// beyond_retention; a refused one changed nothing and is judged again.
void forget_old_outcomes(engine::impl& en) {
  const timestamp horizon = retention_horizon(en);
  const std::uint32_t first = en.history.first_kept();
  const std::uint32_t kept = en.history.size() - first;
  const std::uint32_t may_go = en.history.kept_before(horizon) - first;
  if (may_go < 16384 || may_go < kept / 8) return;
  en.remembered_from = en.seen_index.forget_values_below(first + may_go);
  en.history.forget_before(first + may_go);
}

/// The usual case inline: a first input, or one on time and within the bound.
inline bool refuse_time(engine::impl& en, timestamp t) {
  if (en.now == INT64_MIN || (t >= en.now && (en.max_clock_step == 0 || t - en.now <= en.max_clock_step))) return false;
  return refuse_time_slow(en, t);
}

}  // namespace
}  // namespace detail

const outcome& engine::submit(const event& e) {
  impl& en = *impl_;
  outcome& out = detail::fresh_outcome(en);

  if (const auto at = en.seen_index.find(e.id)) {
    en.history.read(*at, out);
    out.duplicate = true;
    return out;
  }
  out.seq = ++en.seq;
  if (!detail::refuse_time(en, e.at)) {
    detail::fire_due(en, e.at);
    const timestamp resume = en.now;  // a refused event does not move the clock past its timers
    en.now = e.at;
    detail::begin(en);
    const std::size_t before = out.effects.size();
    detail::dispatch cx{en, e};
    try {
      detail::handle_event(cx);
    } catch (const std::exception& ex) {
      detail::report_internal_error(cx, ex);
    } catch (...) {
      cx.reject(rejection::internal_error, "internal error: unknown exception");
    }
    if (cx.refused) {
      detail::roll_back(en, before);
      en.now = resume;
      out.accepted = false;
      out.reason = cx.reason;
      out.rule = cx.rule_hint;
      out.detail = std::move(cx.detail);
    } else {
      detail::drop_self_notices(out.effects, before, e.by.organisation);
      detail::name_stock_items(en, before);
      detail::commit(en);
      if (!en.schedules_armed) detail::arm_schedules(en, en.now);
      out.accepted = true;
      out.reason = rejection::none;
    }
  }
  en.seen_index.insert(e.id, en.history.append(out, en.now));
  if (en.retention > 0) detail::forget_old_outcomes(en);
  return out;
}

const outcome& engine::advance_to(timestamp t) {
  impl& en = *impl_;
  outcome& out = detail::fresh_outcome(en);
  out.seq = ++en.seq;
  if (detail::refuse_time(en, t)) return out;
  detail::fire_due(en, t);
  en.now = std::max(en.now, t);
  if (!en.schedules_armed) detail::arm_schedules(en, en.now);
  out.accepted = true;
  out.reason = rejection::none;
  return out;
}

timestamp engine::now() const { return impl_->now; }
void engine::name_incidents_with(const incident_names* names) { impl_->names = names; }
const policy& engine::rules_policy() const { return impl_->p; }
const force_registry& engine::forces() const { return *impl_->reg; }
const std::vector<const rule_ref*>& engine::rules() const { return impl_->rules; }

MUSTER_END_NAMESPACE
