// The order machine: one per force per incident (3.1.2, 3.3.2).
//
//   issued ──ack──▶ acknowledged ──depart──▶ en_route ──arrive──▶ on_scene ──release──▶ released
//     │  └─ack_due─▶ overdue ──ack──▶ acknowledged          └──────arrive──────▲
//     └─decline─▶ declined        (an overdue order can still be acknowledged or declined)
//
// States are listed in `order_state` order so the MSM state id is the public state.
#pragma once

#include <muster/machines/machine_common.hpp>

MUSTER_BEGIN_NAMESPACE
namespace detail {

namespace order_ev {
struct ack { dispatch* cx; };
struct decline { dispatch* cx; };
struct depart { dispatch* cx; };
struct arrive { dispatch* cx; };
struct release { dispatch* cx; };
struct ack_due { dispatch* cx; };  ///< timer: acknowledgement overdue
}  // namespace order_ev

// Actions, defined in src/engine/order_actions.cpp.
void order_acknowledged(dispatch& cx);
void order_declined(dispatch& cx);
void order_ack_overdue(dispatch& cx);
void order_released(dispatch& cx);

struct order_def : machine_base<order_def> {
  struct issued : boost::msm::front::state<> {};
  struct overdue : boost::msm::front::state<> {};
  struct acknowledged : boost::msm::front::state<> {};
  struct en_route : boost::msm::front::state<> {};
  struct on_scene : boost::msm::front::state<> {};
  struct released : boost::msm::front::state<> {};
  struct declined : boost::msm::front::state<> {};
  typedef issued initial_state;

  MUSTER_MACHINE_ACTION(on_ack, order_acknowledged)
  MUSTER_MACHINE_ACTION(on_decline, order_declined)
  MUSTER_MACHINE_ACTION(on_overdue, order_ack_overdue)
  MUSTER_MACHINE_ACTION(on_release, order_released)

  using none = boost::msm::front::none;
  template <class S, class E, class T, class A = none>
  using row = boost::msm::front::Row<S, E, T, A, none>;

  struct transition_table : boost::mpl::vector<
      row<issued,       order_ev::ack,     acknowledged, on_ack>,
      row<issued,       order_ev::decline, declined,     on_decline>,
      row<issued,       order_ev::ack_due, overdue,      on_overdue>,
      row<overdue,      order_ev::ack,     acknowledged, on_ack>,
      row<overdue,      order_ev::decline, declined,     on_decline>,
      row<acknowledged, order_ev::depart,  en_route>,
      row<acknowledged, order_ev::arrive,  on_scene>,
      row<en_route,     order_ev::arrive,  on_scene>,
      row<acknowledged, order_ev::release, released,     on_release>,
      row<en_route,     order_ev::release, released,     on_release>,
      row<on_scene,     order_ev::release, released,     on_release>> {};
};

using order_machine = boost::msm::back::state_machine<order_def>;

}  // namespace detail
MUSTER_END_NAMESPACE
