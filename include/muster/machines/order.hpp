// The order machine: one per force per incident (3.1.2, 3.3.2).
//
//   issued ──ack──▶ acknowledged ──depart──▶ en_route ──arrive──▶ on_scene ──release──▶ released
//     │  └─ack_due─▶ overdue ──ack──▶ acknowledged          └──────arrive──────▲
//     └─decline─▶ declined        (an overdue order can still be acknowledged or declined)
//
// MSM numbers the states in order of first appearance, as a row's source first, then as a
// target; that number is the public order_state (include/muster/engine.hpp), and their names
// are the states' own (src/engine/machine_tables.cpp reads this table for both).
#pragma once

#include <muster/machines/machine_common.hpp>

MUSTER_BEGIN_NAMESPACE
namespace detail {

namespace order_ev {
MUSTER_MACHINE_EVENT(ack, "order.ack")
MUSTER_MACHINE_EVENT(decline, "order.decline")
MUSTER_MACHINE_EVENT(depart, "order.depart")
MUSTER_MACHINE_EVENT(arrive, "order.arrive")
MUSTER_MACHINE_EVENT(release, "order.release")
MUSTER_MACHINE_EVENT(ack_due, "timer: orders.ack_timeout")  // acknowledgement overdue
}  // namespace order_ev

// Actions, defined in src/engine/order_actions.cpp.
void order_acknowledged(dispatch& cx);
void order_declined(dispatch& cx);
void order_ack_overdue(dispatch& cx);
void order_released(dispatch& cx);
void order_departed(dispatch& cx);

struct order_def : machine_base<order_def> {
  static constexpr const char* name = "order";

  MUSTER_MACHINE_STATE(issued)
  MUSTER_MACHINE_STATE(overdue)
  MUSTER_MACHINE_STATE(acknowledged)
  MUSTER_MACHINE_STATE(en_route)
  MUSTER_MACHINE_STATE(on_scene)
  MUSTER_MACHINE_STATE(released)
  MUSTER_MACHINE_STATE(declined)
  typedef issued initial_state;

  MUSTER_MACHINE_ACTION(on_ack, order_acknowledged)
  MUSTER_MACHINE_ACTION(on_decline, order_declined)
  MUSTER_MACHINE_ACTION(on_overdue, order_ack_overdue)
  MUSTER_MACHINE_ACTION(on_release, order_released)
  MUSTER_MACHINE_ACTION(on_depart, order_departed)

  using none = boost::msm::front::none;
  template <class S, class E, class T, class A = none>
  using row = boost::msm::front::Row<S, E, T, A, none>;

  struct transition_table : boost::mpl::vector<
      row<issued,       order_ev::ack,     acknowledged, on_ack>,
      row<issued,       order_ev::decline, declined,     on_decline>,
      row<issued,       order_ev::ack_due, overdue,      on_overdue>,
      row<overdue,      order_ev::ack,     acknowledged, on_ack>,
      row<overdue,      order_ev::decline, declined,     on_decline>,
      row<acknowledged, order_ev::depart,  en_route,     on_depart>,
      row<acknowledged, order_ev::arrive,  on_scene>,
      row<en_route,     order_ev::arrive,  on_scene>,
      row<acknowledged, order_ev::release, released,     on_release>,
      row<en_route,     order_ev::release, released,     on_release>,
      row<on_scene,     order_ev::release, released,     on_release>> {};
};

using order_machine = boost::msm::back::state_machine<order_def>;

}  // namespace detail
MUSTER_END_NAMESPACE
