// The warning machine: one per warning a warning agency issues (3.3.1), with CAP's life cycle.
//
//   active ──update──▶ active        (recipients told again; each acknowledges again)
//     │  ──acknowledge──▶ active   (a recipient confirms; a receiving team's answer pushes it on)
//     │  ──member_due──▶ active    (timer: a recipient is silent; the tier's ladder climbs)
//     ├──cancel──▶ cancelled
//     └──expire──▶ expired         (timer: its `until` passed)
//
// Who is asked lives in the engine's round members, not in the machine: the machine says only
// whether the warning still stands, so an answer to a closed warning is refused by the table.
#pragma once

#include <muster/machines/machine_common.hpp>

MUSTER_BEGIN_NAMESPACE
namespace detail {

namespace warning_ev {
MUSTER_MACHINE_EVENT(update, "warning.update")
MUSTER_MACHINE_EVENT(acknowledge, "warning.acknowledge")
MUSTER_MACHINE_EVENT(cancel, "warning.cancel")
MUSTER_MACHINE_EVENT(member_due, "timer: warnings.receive / push within")
MUSTER_MACHINE_EVENT(expire, "timer: the warning's until")
}  // namespace warning_ev

// Actions, defined in src/engine/warning_actions.cpp.
void warning_updated(dispatch& cx);
void warning_acknowledged(dispatch& cx);
void warning_member_silent(dispatch& cx);
void warning_cancelled(dispatch& cx);
void warning_expired(dispatch& cx);

struct warning_def : machine_base<warning_def> {
  static constexpr const char* name = "warning";

  MUSTER_MACHINE_STATE(active)
  MUSTER_MACHINE_STATE(cancelled)
  MUSTER_MACHINE_STATE(expired)
  typedef active initial_state;

  MUSTER_MACHINE_ACTION(on_update, warning_updated)
  MUSTER_MACHINE_ACTION(on_acknowledge, warning_acknowledged)
  MUSTER_MACHINE_ACTION(on_member_due, warning_member_silent)
  MUSTER_MACHINE_ACTION(on_cancel, warning_cancelled)
  MUSTER_MACHINE_ACTION(on_expire, warning_expired)

  using none = boost::msm::front::none;
  template <class S, class E, class T, class A = none>
  using row = boost::msm::front::Row<S, E, T, A, none>;

  struct transition_table : boost::mpl::vector<
      row<active, warning_ev::update,      active,    on_update>,
      row<active, warning_ev::acknowledge, active,    on_acknowledge>,
      row<active, warning_ev::member_due,  active,    on_member_due>,
      row<active, warning_ev::cancel,      cancelled, on_cancel>,
      row<active, warning_ev::expire,      expired,   on_expire>> {};
};

using warning_machine = boost::msm::back::state_machine<warning_def>;

}  // namespace detail
MUSTER_END_NAMESPACE
