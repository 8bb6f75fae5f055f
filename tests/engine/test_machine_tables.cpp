// `muster graph` and the engine's state names read the machines from src/engine/machine_tables.cpp,
// which generates them from the MSM transition tables of include/muster/machines/*.hpp. A row
// added to a machine cannot be missing from the generated table: the table is the walk of the
// machine's `transition_table`, so there is no second copy to forget. What can go wrong is the
// walk itself (a row skipped, a part given the wrong name, states numbered differently from
// MSM) and the public enums (include/muster/engine.hpp cannot include MSM, so their order is
// kept by hand). These check both against what MSM itself says: every row, by the types'
// own C++ names; the row count; the state ids; and each enumerator's name.
#include "engine/machine_tables.hpp"
#include "engine/records.hpp"
#include "engine/scenario.hpp"

#include <muster/engine.hpp>

#include <boost/core/demangle.hpp>
#include <boost/mpl/for_each.hpp>
#include <boost/mpl/size.hpp>
#include <boost/msm/back/metafunctions.hpp>
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <vector>

namespace {

using muster::detail::machine_row;
using muster::detail::machine_table;

/// Carries a row type through mpl::for_each without constructing it. (No nested `type`: mpl
/// would unwrap it.)
template <class T>
struct tag {
  using carried = T;
};

/// The last component of a type's C++ name: "muster::v0::detail::order_ev::ack" → "ack"; ""
/// for MSM's `none`. Independent of the `name` members the generator reads.
template <class T>
std::string cpp_name() {
  if (std::is_same_v<T, boost::msm::front::none>) return "";
  std::string full = boost::core::demangle(typeid(T).name());
  if (const auto angle = full.find('<'); angle != std::string::npos) full.erase(angle);  // is<…> → is
  const auto colon = full.rfind("::");
  return colon == std::string::npos ? full : full.substr(colon + 2);
}

std::string text(const machine_row& r) {
  return std::string(r.source) + " --" + r.event + "--> " + r.target + " / " + r.action;
}

/// "from --event--> to / action" for each row of the machine's transition table, by C++ names.
template <class Def>
std::vector<std::string> msm_rows() {
  std::vector<std::string> rows;
  boost::mpl::for_each<typename Def::transition_table, tag<boost::mpl::_1>>([&](auto row) {
    using R = typename decltype(row)::carried;
    rows.push_back(cpp_name<typename R::Source>() + " --" + cpp_name<typename R::Evt>() + "--> " + cpp_name<typename R::Target>() +
                   " / " + cpp_name<typename R::Action>());
  });
  return rows;
}

/// The generated table is the machine: the same rows in the same order, as many as the
/// transition table has; guards named where the row has one; the states where MSM numbers them.
template <class Def, class Machine>
void check_machine(const machine_table& t) {
  using table = typename Def::transition_table;
  CHECK(t.rows.size() == static_cast<std::size_t>(boost::mpl::size<table>::value));

  std::vector<std::string> generated;
  for (const machine_row& r : t.rows) generated.push_back(text(r));
  CHECK(generated == msm_rows<Def>());

  std::size_t i = 0;
  boost::mpl::for_each<table, tag<boost::mpl::_1>>([&](auto row) {
    using R = typename decltype(row)::carried;
    REQUIRE(i < t.rows.size());
    const bool guarded = !std::is_same_v<typename R::Guard, boost::msm::front::none>;
    CHECK_MESSAGE(t.rows[i].guard.empty() != guarded, text(t.rows[i]));
    CHECK(std::string_view(t.rows[i].raised_by) == R::Evt::raised_by);
    ++i;
  });

  // States: by MSM's ids, every one named, the initial state first.
  using stt = typename Machine::stt;
  using states = typename boost::msm::back::generate_state_set<stt>::type;
  REQUIRE(t.states.size() == static_cast<std::size_t>(boost::mpl::size<states>::value));
  boost::mpl::for_each<states, tag<boost::mpl::_1>>([&](auto s) {
    using S = typename decltype(s)::carried;
    CHECK(t.states[boost::msm::back::get_state_id<stt, S>::value] == cpp_name<S>());
  });
  CHECK(std::string(t.initial) == cpp_name<typename Def::initial_state>());
  CHECK(boost::msm::back::get_state_id<stt, typename Def::initial_state>::value == 0);
}

/// The public enum numbers the states as MSM does: each enumerator (named by the test harness's
/// own switch, tests/engine/scenario.cpp) is the machine's state of that name, and there are
/// no more enumerators than states.
template <class State>
void check_enum(const machine_table& t) {
  const int n = static_cast<int>(t.states.size());
  for (int i = 0; i < n; ++i) {
    CHECK(std::string(muster_test::name_of(static_cast<State>(i))) == t.states[i]);
    CHECK(std::string(muster::to_string(static_cast<State>(i))) == t.states[i]);
  }
  CHECK(std::string(muster_test::name_of(static_cast<State>(n))).back() == '?');  // not an enumerator
}

const machine_row* find_row(const machine_table& t, std::string_view from, std::string_view event, std::string_view to) {
  for (const machine_row& r : t.rows)
    if (r.source == from && r.event == event && r.target == to) return &r;
  return nullptr;
}

}  // namespace

TEST_CASE("machine tables: the incident table is the incident machine") {
  const machine_table& t = muster::detail::incident_machine_table();
  check_machine<muster::detail::incident_def, muster::detail::incident_machine>(t);
  check_enum<muster::incident_state>(t);
  CHECK(std::string(t.id) == "incident");
  CHECK(t.header == "include/muster/machines/incident.hpp");
  CHECK(t.final_states == std::vector<const char*>{t.states.back()});
  CHECK(std::string(t.final_states.front()) == "closed");
  const machine_row* r = find_row(t, "under_review", "filed", "closed");
  REQUIRE(r != nullptr);
  CHECK(std::string(r->action) == "on_closed");
  CHECK(r->guard == "is_last");
  CHECK(std::string(r->raised_by) == "incident.review_filed");
}

TEST_CASE("machine tables: the approval chain table is the approval chain machine") {
  const machine_table& t = muster::detail::approval_chain_machine_table();
  check_machine<muster::detail::approval_chain_def, muster::detail::approval_chain_machine>(t);
  check_enum<muster::request_state>(t);
  std::set<std::string> finals(t.final_states.begin(), t.final_states.end());
  CHECK(finals == std::set<std::string>{"executed", "rejected", "withdrawn", "expired", "failed"});
  // A chain guard reads as the progress values it accepts.
  const machine_row* open = find_row(t, "drafted", "open", "awaiting");
  REQUIRE(open != nullptr);
  CHECK(open->guard == "waiting | next_step");
  const machine_row* refused = find_row(t, "awaiting", "refuse", "failed");
  REQUIRE(refused != nullptr);
  CHECK(refused->guard == "failed");
  CHECK(std::string(refused->action) == "on_refuse");
}

TEST_CASE("machine tables: the order table is the order machine") {
  const machine_table& t = muster::detail::order_machine_table();
  check_machine<muster::detail::order_def, muster::detail::order_machine>(t);
  check_enum<muster::order_state>(t);
  std::set<std::string> finals(t.final_states.begin(), t.final_states.end());
  CHECK(finals == std::set<std::string>{"released", "declined"});
  const machine_row* r = find_row(t, "issued", "ack_due", "overdue");
  REQUIRE(r != nullptr);
  CHECK(std::string(r->action) == "on_overdue");
  CHECK(r->guard.empty());
  CHECK(std::string(r->raised_by) == "timer: orders.ack_timeout");
}

TEST_CASE("machine tables: the warning table is the warning machine (3.3.1)") {
  const machine_table& t = muster::detail::warning_machine_table();
  check_machine<muster::detail::warning_def, muster::detail::warning_machine>(t);
  check_enum<muster::warning_state>(t);
  CHECK(t.header == "include/muster/machines/warning.hpp");
  std::set<std::string> finals(t.final_states.begin(), t.final_states.end());
  CHECK(finals == std::set<std::string>{"cancelled", "expired"});
  const machine_row* r = find_row(t, "active", "acknowledge", "active");
  REQUIRE(r != nullptr);
  CHECK(std::string(r->action) == "on_acknowledge");
  CHECK(std::string(r->raised_by) == "warning.acknowledge");
  CHECK(find_row(t, "cancelled", "acknowledge", "cancelled") == nullptr);  // an answer to a closed warning is refused
}

TEST_CASE("machine tables: the schedule run table is the schedule run machine (3.2.2, 3.2.3)") {
  const machine_table& t = muster::detail::schedule_run_machine_table();
  check_machine<muster::detail::schedule_run_def, muster::detail::schedule_run_machine>(t);
  check_enum<muster::run_state>(t);
  CHECK(t.header == "include/muster/machines/schedule_run.hpp");
  std::set<std::string> finals(t.final_states.begin(), t.final_states.end());
  CHECK(finals == std::set<std::string>{"closed"});
  const machine_row* r = find_row(t, "open", "answer", "open");
  REQUIRE(r != nullptr);
  CHECK(std::string(r->action) == "on_answer");
  CHECK(std::string(r->raised_by) == "schedule.answer");
  CHECK(find_row(t, "closed", "answer", "closed") == nullptr);  // an answer to a closed run is refused
}

TEST_CASE("machine tables: the five machines, in order") {
  const auto& all = muster::detail::machine_tables();
  REQUIRE(all.size() == 5);
  CHECK(all[0] == &muster::detail::incident_machine_table());
  CHECK(all[1] == &muster::detail::approval_chain_machine_table());
  CHECK(all[2] == &muster::detail::order_machine_table());
  CHECK(all[3] == &muster::detail::warning_machine_table());
  CHECK(all[4] == &muster::detail::schedule_run_machine_table());
}
