// `muster graph` draws the machines from tables kept beside the command
// (src/cli/machine_tables.cpp). These prove the tables are the machines: the same rows, in the
// same order, as the MSM transition tables of include/muster/machines/*.hpp — source state,
// event, target state, action and guard — and the same states in the public enums' order.
#include "cli/machine_tables.hpp"
#include "engine/records.hpp"

#include <muster/engine.hpp>

#include <boost/core/demangle.hpp>
#include <boost/mpl/for_each.hpp>
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <vector>

namespace {

using muster::cli::machine_table;
using muster::detail::chain_progress;

/// Carries a row type through mpl::for_each without constructing a row. (No nested `type`:
/// mpl would unwrap it.)
template <class T>
struct tag {
  using row_type = T;
};

/// The last component of a type's name: "muster::v0::detail::order_ev::ack" → "ack".
template <class T>
std::string short_name() {
  const std::string full = boost::core::demangle(typeid(T).name());
  const auto colon = full.rfind("::");
  return colon == std::string::npos ? full : full.substr(colon + 2);
}

const char* progress_name(chain_progress p) {
  switch (p) {
    case chain_progress::waiting: return "waiting";
    case chain_progress::next_step: return "next_step";
    case chain_progress::done: return "done";
    case chain_progress::failed: return "failed";
    case chain_progress::expire: return "expire";
  }
  return "?";
}

// How a guard reads in the graph: none → "", the chain's progress tests by their values.
template <class G>
struct guard_text {
  static std::string get() { return short_name<G>(); }
};
template <>
struct guard_text<boost::msm::front::none> {
  static std::string get() { return ""; }
};
template <chain_progress P>
struct guard_text<muster::detail::approval_chain_def::is<P>> {
  static std::string get() { return progress_name(P); }
};
template <chain_progress A, chain_progress B>
struct guard_text<muster::detail::approval_chain_def::is_either<A, B>> {
  static std::string get() { return std::string(progress_name(A)) + " | " + progress_name(B); }
};

template <class A>
std::string action_text() {
  return std::is_same_v<A, boost::msm::front::none> ? std::string() : short_name<A>();
}

/// "from --event--> to / action [guard]" for each row of the machine's transition table.
template <class Def>
std::vector<std::string> machine_rows() {
  std::vector<std::string> rows;
  boost::mpl::for_each<typename Def::transition_table, tag<boost::mpl::_1>>([&](auto row) {
    using R = typename decltype(row)::row_type;
    rows.push_back(short_name<typename R::Source>() + " --" + short_name<typename R::Evt>() + "--> " +
                   short_name<typename R::Target>() + " / " + action_text<typename R::Action>() + " [" +
                   guard_text<typename R::Guard>::get() + "]");
  });
  return rows;
}

std::vector<std::string> table_rows(const machine_table& t) {
  std::vector<std::string> rows;
  for (const auto& r : t.rows)
    rows.push_back(std::string(r.from) + " --" + r.event + "--> " + r.to + " / " + r.action + " [" + r.guard + "]");
  return rows;
}

const machine_table& table(const char* id) {
  for (const machine_table* t : muster::cli::machine_tables())
    if (std::string(t->id) == id) return *t;
  FAIL("no machine table " << id);
  throw 0;
}

/// The table's states: the public enum's names in order (the first is initial), and exactly
/// the states the machine's rows mention.
template <class State, class Def>
void check_states(const machine_table& t, int count) {
  std::vector<std::string> listed(t.states.begin(), t.states.end());
  std::vector<std::string> by_enum;
  for (int i = 0; i < count; ++i) by_enum.push_back(muster::to_string(static_cast<State>(i)));
  CHECK(listed == by_enum);
  CHECK(short_name<typename Def::initial_state>() == listed.front());

  std::set<std::string> in_rows;
  boost::mpl::for_each<typename Def::transition_table, tag<boost::mpl::_1>>([&](auto row) {
    using R = typename decltype(row)::row_type;
    in_rows.insert(short_name<typename R::Source>());
    in_rows.insert(short_name<typename R::Target>());
  });
  CHECK(in_rows == std::set<std::string>(listed.begin(), listed.end()));
  for (const char* f : t.final_states) CHECK(in_rows.count(f) == 1);
}

}  // namespace

TEST_CASE("muster graph: the incident table is the incident machine (3.3.1, 3.3.2, 3.1.1, 3.1.3, 3.3.3)") {
  CHECK(table_rows(table("incident")) == machine_rows<muster::detail::incident_def>());
  check_states<muster::incident_state, muster::detail::incident_def>(table("incident"), 7);
}

TEST_CASE("muster graph: the approval chain table is the approval chain machine (3.1.2, 2.2)") {
  CHECK(table_rows(table("approval_chain")) == machine_rows<muster::detail::approval_chain_def>());
  check_states<muster::request_state, muster::detail::approval_chain_def>(table("approval_chain"), 8);
}

TEST_CASE("muster graph: the order table is the order machine (3.1.2, 3.3.2)") {
  CHECK(table_rows(table("order")) == machine_rows<muster::detail::order_def>());
  check_states<muster::order_state, muster::detail::order_def>(table("order"), 7);
}
