// Schedule answers and timers: check the run and who answers, then hand the event to the run's
// machine. Nothing is changed before the checks pass.
#include "engine/handlers.hpp"
#include "engine/schedule_round.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {

void handle_schedule_answer(dispatch& cx) {
  engine::impl& en = cx.en;
  if (!known_actor(cx)) return;
  const run_id id = cx.ev.target;
  if (id == 0 || id > en.runs.size())
    return cx.reject(rejection::unknown_run, id == 0 ? std::string("the event names no run") : "no schedule run " + std::to_string(id));
  if (!en.runs.present(id - 1)) return refuse_released(cx, "schedule run " + std::to_string(id), "closed");
  if (cx.ev.force != no_index && cx.ev.force >= en.reg->forces.size())
    return cx.reject(rejection::unknown_force, "the force is not one of the registry's");
  const schedule& s = en.p.schedules[en.runs[id - 1].schedule];
  if (s.answer == answer_kind::update)
    return cx.reject(rejection::not_allowed_in_state, "run " + std::to_string(id) + " of schedule " + s.id +
                                                          " asks for the force's data: answer it with force.update (confirmed: true when nothing changed)");
  cx.run = id - 1;
  cx.touch_run(cx.run);
  run(cx.schedule_run().m.fsm, schedule_run_ev::answer{&cx});
  if (!cx.refused) close_answered_run(cx);
}

namespace {

/// Whether run `r` still waits for an answer about `force` (pending, or missed but open).
bool awaits(const engine::impl& en, std::uint32_t r, index_t force) {
  for (std::uint32_t i = en.runs[r].first_member; i != no_record; i = en.members[i].next)
    if (en.members[i].force == force && (en.members[i].state == member_state::pending || en.members[i].state == member_state::missed))
      return true;
  return false;
}

}  // namespace

void answer_update_calls(dispatch& cx) {
  engine::impl& en = cx.en;
  if (!en.schedules_armed) return;
  for (std::size_t s = 0; s < en.p.schedules.size(); ++s) {
    if (en.p.schedules[s].answer != answer_kind::update) continue;
    const std::uint32_t r = en.schedule_states[s].last_run;
    if (r == no_record || state_of(en.runs[r]) != run_state::open || !awaits(en, r, cx.ev.force)) continue;
    cx.run = r;
    cx.touch_run(r);
    run(en.runs[r].m.fsm, schedule_run_ev::answer{&cx});
    if (cx.refused) return;
    close_answered_run(cx);
  }
}

bool schedule_timer_current(const engine::impl& en, const timer& t) {
  if (t.kind() == timer_kind::run_member) return en.members.present(t.target) && t.current(en.members[t.target].timer_gen);
  return t.current(en.schedule_states[t.target].timer_gen);
}

void fire_schedule_timer(dispatch& cx, const timer& t) {
  engine::impl& en = cx.en;
  if (t.kind() == timer_kind::schedule_due) return schedule_due(cx, static_cast<index_t>(t.target), t.due);
  cx.member = t.target;
  cx.run = en.members[t.target].round;
  cx.touch_member(t.target);
  cx.touch_run(cx.run);
  run(cx.schedule_run().m.fsm, schedule_run_ev::call_due{&cx});
}

}  // namespace detail
MUSTER_END_NAMESPACE
