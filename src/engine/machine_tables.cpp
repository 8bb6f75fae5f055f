// The machines as data, generated from their MSM transition tables at compile time: one row per
// row of each `transition_table` (mpl::for_each), the states by MSM's own state ids
// (generate_state_set, get_state_id), every name from the part itself (MUSTER_MACHINE_STATE,
// _EVENT, _ACTION, _GUARD in machine_common.hpp). A row added to a machine is a row here; a
// part without a name does not compile. This is the only file that walks the tables.
#include "engine/machine_tables.hpp"

#include <muster/machines/approval_chain.hpp>
#include <muster/machines/incident.hpp>
#include <muster/machines/order.hpp>
#include <muster/machines/schedule_run.hpp>
#include <muster/machines/warning.hpp>

#include <boost/mpl/for_each.hpp>
#include <boost/mpl/size.hpp>
#include <boost/msm/back/metafunctions.hpp>

#include <algorithm>
#include <cstring>
#include <type_traits>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

/// Carries a type through mpl::for_each without constructing it. (No nested `type`: mpl would
/// unwrap it.)
template <class T>
struct tag {
  using carried = T;
};

template <class T, class = void>
struct has_name : std::false_type {};
template <class T>
struct has_name<T, std::void_t<decltype(T::name)>> : std::true_type {};

template <class T, class = void>
struct has_accepts : std::false_type {};
template <class T>
struct has_accepts<T, std::void_t<decltype(T::accepts)>> : std::true_type {};

/// A state's, event's, action's or guard's own name; "" for MSM's `none`.
template <class T>
const char* name_of() {
  if constexpr (std::is_same_v<T, boost::msm::front::none>) {
    return "";
  } else {
    static_assert(has_name<T>::value, "a machine part needs a name: declare it with MUSTER_MACHINE_STATE, _EVENT, _ACTION or _GUARD");
    return T::name;
  }
}

/// A guard as `muster graph` shows it: its name, or the chain progress values it accepts.
template <class G>
std::string guard_of() {
  if constexpr (has_accepts<G>::value) {
    std::string out;
    for (chain_progress p : G::accepts) {
      if (!out.empty()) out += " | ";
      out += chain_progress_names[static_cast<int>(p)];
    }
    return out;
  } else {
    return name_of<G>();
  }
}

template <class Def, class Machine>
machine_table walk() {
  machine_table t;
  t.id = Def::name;
  t.header = std::string("include/muster/machines/") + Def::name + ".hpp";
  t.initial = name_of<typename Def::initial_state>();

  using stt = typename Machine::stt;
  using state_set = typename boost::msm::back::generate_state_set<stt>::type;
  t.states.assign(boost::mpl::size<state_set>::value, "");
  boost::mpl::for_each<state_set, tag<boost::mpl::_1>>([&](auto s) {
    using S = typename decltype(s)::carried;
    t.states[boost::msm::back::get_state_id<stt, S>::value] = name_of<S>();
  });

  boost::mpl::for_each<typename Def::transition_table, tag<boost::mpl::_1>>([&](auto r) {
    using R = typename decltype(r)::carried;
    t.rows.push_back({name_of<typename R::Source>(), name_of<typename R::Evt>(), name_of<typename R::Target>(),
                      name_of<typename R::Action>(), guard_of<typename R::Guard>(), R::Evt::raised_by});
  });

  for (const char* s : t.states) {
    const bool left = std::any_of(t.rows.begin(), t.rows.end(), [&](const machine_row& row) { return std::strcmp(row.source, s) == 0; });
    if (!left) t.final_states.push_back(s);
  }
  return t;
}

}  // namespace

const machine_table& incident_machine_table() {
  static const machine_table t = walk<incident_def, incident_machine>();
  return t;
}
const machine_table& approval_chain_machine_table() {
  static const machine_table t = walk<approval_chain_def, approval_chain_machine>();
  return t;
}
const machine_table& warning_machine_table() {
  static const machine_table t = walk<warning_def, warning_machine>();
  return t;
}

const machine_table& order_machine_table() {
  static const machine_table t = walk<order_def, order_machine>();
  return t;
}

const machine_table& schedule_run_machine_table() {
  static const machine_table t = walk<schedule_run_def, schedule_run_machine>();
  return t;
}

const std::vector<const machine_table*>& machine_tables() {
  static const std::vector<const machine_table*> all{&incident_machine_table(), &approval_chain_machine_table(), &order_machine_table(),
                                                     &warning_machine_table(), &schedule_run_machine_table()};
  return all;
}

}  // namespace detail
MUSTER_END_NAMESPACE
