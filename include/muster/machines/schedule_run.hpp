// The schedule run machine: one per run of a schedule (a roll-call 3.2.2, a drill's report
// round 3.2.3), opened by the schedule's timer.
//
//   open ──answer──▶ open       (a called party answers; late when past its deadline)
//     │  ──call_due──▶ open     (timer: a call is silent; the schedule's ladder climbs)
//     └──close──▶ closed        (every call settled, or the schedule's next run opened)
//
// Who is called lives in the engine's round members, as for a warning: the machine says only
// whether the run still takes answers, so an answer to a closed run is refused by the table.
#pragma once

#include <muster/machines/machine_common.hpp>

MUSTER_BEGIN_NAMESPACE
namespace detail {

namespace schedule_run_ev {
MUSTER_MACHINE_EVENT(answer, "schedule.answer")
MUSTER_MACHINE_EVENT(call_due, "timer: schedules[].within")
MUSTER_MACHINE_EVENT(close, "every call settled, or timer: the schedule's next run")
}  // namespace schedule_run_ev

// Actions, defined in src/engine/schedule_actions.cpp.
void run_answered(dispatch& cx);
void run_call_silent(dispatch& cx);
void run_closed(dispatch& cx);

struct schedule_run_def : machine_base<schedule_run_def> {
  static constexpr const char* name = "schedule_run";

  MUSTER_MACHINE_STATE(open)
  MUSTER_MACHINE_STATE(closed)
  typedef open initial_state;

  MUSTER_MACHINE_ACTION(on_answer, run_answered)
  MUSTER_MACHINE_ACTION(on_call_due, run_call_silent)
  MUSTER_MACHINE_ACTION(on_close, run_closed)

  using none = boost::msm::front::none;
  template <class S, class E, class T, class A = none>
  using row = boost::msm::front::Row<S, E, T, A, none>;

  struct transition_table : boost::mpl::vector<
      row<open, schedule_run_ev::answer,   open,   on_answer>,
      row<open, schedule_run_ev::call_due, open,   on_call_due>,
      row<open, schedule_run_ev::close,    closed, on_close>> {};
};

using schedule_run_machine = boost::msm::back::state_machine<schedule_run_def>;

}  // namespace detail
MUSTER_END_NAMESPACE
