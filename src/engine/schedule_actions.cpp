// What a schedule's run does (3.2.2 roll-calls, 3.2.3 drill reports): it calls every force in
// scope (through its owner) or the holder of a role in each jurisdiction in scope; each answers
// within the schedule's deadline, and silence climbs its ladder. A run closes when everyone has
// answered, or when the schedule's next run opens: a call still unanswered then is missed when
// its deadline has passed (or its ladder had started), and closed, not missed, while it was
// still inside its window.
#include "engine/schedule_round.hpp"

#include "engine/handlers.hpp"
#include "engine/rounds.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

rule_index schedule_rule(const engine::impl& en, index_t s) { return en.at.schedules[s]; }

/// The more_often rule a run ran by, or no_rule for the regular rhythm.
rule_index rhythm_rule(const engine::impl& en, const run_record& r) {
  return r.rhythm == no_index ? no_rule : static_cast<rule_index>(en.at.schedules[r.schedule] + 1 + r.rhythm);
}

/// Calls member `i` of the current run: pending, a deadline, and the call itself.
void call(dispatch& cx, std::uint32_t i) {
  engine::impl& en = cx.en;
  const run_record& r = cx.schedule_run();
  const schedule& s = en.p.schedules[r.schedule];
  reask(cx, i, s.call, timer_kind::run_member);
  const round_member& m = en.members[i];
  const topic about = s.answer == answer_kind::report ? topic::report_due : topic::answer_due;
  effect& e = cx.emit(effect_kind::schedule_call, about, m.org, {schedule_rule(en, r.schedule), rhythm_rule(en, r)});
  e.from = m.asked_by;
  e.force = m.force;
  e.due = m.due;
}

void add_call(dispatch& cx, index_t org, index_t force, index_t jurisdiction) {
  engine::impl& en = cx.en;
  run_record& r = cx.schedule_run();
  const schedule& s = en.p.schedules[r.schedule];
  round_member m;
  m.round = cx.run;
  m.kind = round_kind::run;
  m.org = org;
  m.force = force;
  m.asked_by = resolve_party_in(en, jurisdiction, s.from, force);
  m.jurisdiction = jurisdiction;
  const std::uint32_t i = append_member(cx, r.first_member, r.last_member, m);
  ++r.unanswered;
  call(cx, i);
}

/// Every force in scope (registry order), through its owner; or the holder of the role in each
/// jurisdiction in scope (policy order), once each.
void call_everyone(dispatch& cx) {
  engine::impl& en = cx.en;
  const schedule& s = en.p.schedules[cx.schedule_run().schedule];
  if (s.calls_forces) {
    for (std::size_t f = 0; f < en.facts.size(); ++f) {
      const force_facts& x = en.facts[f];
      if (!x.in(s.categories) || (s.capabilities && !(x.capabilities & s.capabilities)) || !en.p.in_or_below(x.jurisdiction, s.jurisdictions)) continue;
      // calls.failing (3.2.1): only forces failing one of the named checks today.
      if (s.failing && !(failed_checks(en, static_cast<index_t>(f), no_index) & s.failing)) continue;
      add_call(cx, x.owner, static_cast<index_t>(f), x.jurisdiction);
    }
    return;
  }
  once_each called;
  for (std::size_t j = 0; j < en.p.jurisdictions.size(); ++j) {
    if (!en.p.in_or_below(static_cast<index_t>(j), s.jurisdictions)) continue;
    const index_t org = en.p.holder(s.role, static_cast<index_t>(j));
    if (called.first(org)) add_call(cx, org, no_index, static_cast<index_t>(j));
  }
}

/// Closes run `r` if it is open (the schedule's next run is opening, or everyone answered).
void close_if_open(dispatch& cx, std::uint32_t r) {
  if (r == no_record || state_of(cx.en.runs[r]) != run_state::open) return;
  const std::uint32_t current = cx.run;
  cx.run = r;
  cx.touch_run(r);
  run(cx.en.runs[r].m.fsm, schedule_run_ev::close{&cx});
  cx.run = current;
}

/// Opens a run of schedule `s`, scheduled at `at`, by rhythm `rhythm`, and calls everyone.
void open_run(dispatch& cx, index_t s, index_t rhythm) {
  engine::impl& en = cx.en;
  close_if_open(cx, en.schedule_states[s].last_run);
  const auto index = static_cast<std::uint32_t>(en.runs.size());
  run_record& r = en.runs.emplace_back();
  r.opened_at = en.now;
  r.schedule = s;
  r.rhythm = rhythm;
  en.schedule_states[s].last_run = index;
  cx.run = index;
  call_everyone(cx);
  if (cx.schedule_run().unanswered == 0) close_if_open(cx, index);  // nobody in scope
}

}  // namespace

void arm_schedules(engine::impl& en, timestamp at) {
  en.schedules_armed = true;
  en.schedule_states.assign(en.p.schedules.size(), {});
  for (std::size_t s = 0; s < en.p.schedules.size(); ++s) {
    schedule_state& st = en.schedule_states[s];
    // A run due at the very instant of the first input is the engine's first: it fires with the
    // next input or advance (as any timer due then), not a period later.
    std::tie(st.next, st.next_rhythm) = next_run(en, en.p.schedules[s], at - 1);
    en.timers.add(timer(st.next, static_cast<std::uint32_t>(s), st.timer_gen, timer_kind::schedule_due));
  }
}

void replan_schedules(dispatch& cx) {
  engine::impl& en = cx.en;
  if (!en.schedules_armed) return;
  for (std::size_t s = 0; s < en.p.schedules.size(); ++s) {
    if (en.p.schedules[s].more_often.empty()) continue;
    const auto [next, rhythm] = next_run(en, en.p.schedules[s], en.now);
    schedule_state& st = en.schedule_states[s];
    if (next == st.next && rhythm == st.next_rhythm) continue;
    cx.touch_schedule(static_cast<index_t>(s));
    st.next = next;
    st.next_rhythm = rhythm;
    ++st.timer_gen;
    cx.start_timer(timer_kind::schedule_due, static_cast<std::uint32_t>(s), st.timer_gen, next);
  }
}

void schedule_due(dispatch& cx, index_t s, timestamp due) {
  engine::impl& en = cx.en;
  const schedule& sch = en.p.schedules[s];
  cx.touch_schedule(s);
  schedule_state& st = en.schedule_states[s];
  const index_t rhythm = st.next_rhythm;
  const auto [next, next_rhythm] = next_run(en, sch, due);
  // The run that stays open after this step of the clock (no later run of the schedule falls
  // in it), when the step has already carried it past its whole answer window (a gap: the
  // platform down over the run's time), opens where the step ends, so those it calls get the
  // full window rather than a call and its whole ladder at once. Same rhythm, same next run.
  const bool stays_open = next > en.firing_until;
  if (stays_open && due + sch.call.within <= en.firing_until) {
    st.next = en.firing_until;
    ++st.timer_gen;
    cx.start_timer(timer_kind::schedule_due, s, st.timer_gen, en.firing_until);
    return;
  }
  // Catching up after a gap: `once` opens only the latest run the gap skipped; `each_missed`
  // opens each, in order (those before the last at their own time).
  if (sch.catch_up == catch_up_rule::each_missed || stays_open) open_run(cx, s, rhythm);
  schedule_state& after = en.schedule_states[s];
  after.next = next;
  after.next_rhythm = next_rhythm;
  ++after.timer_gen;
  cx.start_timer(timer_kind::schedule_due, s, after.timer_gen, next);
}

void run_answered(dispatch& cx) {
  engine::impl& en = cx.en;
  run_record& r = cx.schedule_run();
  const schedule& s = en.p.schedules[r.schedule];
  const index_t actor = cx.ev.by.organisation;
  std::string what = "run " + std::to_string(cx.run + 1) + " of schedule " + s.id;
  if (cx.ev.force != no_index) what += " for force " + en.reg->forces[cx.ev.force].id;
  // A call for an update (3.2.1) went to the force's owner; its industry authority may update
  // the force as well, and that answers it too.
  const bool by_update = s.answer == answer_kind::update && cx.ev.kind == event_kind::force_update;
  const std::uint32_t i = find_member(en, r.first_member, by_update ? en.facts[cx.ev.force].owner : actor, cx.ev.force);
  if (i == no_record) {
    cx.rule_hint = schedule_rule(en, r.schedule);
    return cx.reject(rejection::actor_lacks_role, org_name(en, actor) + " was not called in " + what +
                                                      (s.calls_forces && cx.ev.force == no_index ? " (name the force it answers for)" : ""));
  }
  if (!record_answer(cx, i, what)) return;
  --r.unanswered;
  // on_answer (3.2.3: the drill report reaches the EM that asked for it), resolved as the
  // call's ladder is: relative to the jurisdiction of the one called.
  const round_member& m = en.members[i];
  once_each told;
  for (const party_ref& p : s.on_answer) {
    const index_t to = resolve_party_in(en, m.jurisdiction, p, m.force);
    if (!told.first(to)) continue;
    effect& e = cx.emit(effect_kind::notify, topic::call_answered, to, {schedule_rule(en, r.schedule), rhythm_rule(en, r)});
    e.from = m.org;
    e.force = m.force;
  }
}

void run_call_silent(dispatch& cx) {
  engine::impl& en = cx.en;
  const run_record& r = cx.schedule_run();
  climb_ladder(cx, en.p.schedules[r.schedule].call, timer_kind::run_member, topic::call_unanswered, schedule_rule(en, r.schedule),
               rhythm_rule(en, r));
}

void run_closed(dispatch& cx) {
  engine::impl& en = cx.en;
  run_record& r = cx.schedule_run();
  r.closed_at = en.now;
  release_when_due(cx, timer_kind::release_run, cx.run);
  // Only a call whose time is up counts as missed: one still inside its window (a deadline
  // longer than the time between runs) was not missed, the run just ended before it was due.
  for (std::uint32_t i = r.first_member; i != no_record; i = en.members[i].next) {
    const round_member& m = en.members[i];
    close_member(cx, i, m.due <= en.now);
  }
}

void close_answered_run(dispatch& cx) {
  if (cx.schedule_run().unanswered == 0) close_if_open(cx, cx.run);
}

}  // namespace detail
MUSTER_END_NAMESPACE
