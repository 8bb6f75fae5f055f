// The incident, approval chain and order machines as data: their states and rows, read from
// the MSM transition tables of include/muster/machines/*.hpp by machine_tables.cpp (the one
// translation unit that walks them). `muster graph` draws these; to_string() of the public
// state enums reads the state names from here.
#pragma once

#include <muster/config.hpp>

#include <string>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

struct machine_row {
  const char* source;
  const char* event;
  const char* target;
  const char* action;     ///< "" when none
  std::string guard;      ///< "" when none; a chain guard lists the progress it accepts: "waiting | next_step"
  const char* raised_by;  ///< the inputs or timers that raise `event`
};

struct machine_table {
  const char* id;                         ///< incident, approval_chain, order
  std::string header;                     ///< include/muster/machines/<id>.hpp
  std::vector<const char*> states;        ///< by MSM state id, which is the public state enum's value
  const char* initial;
  std::vector<const char*> final_states;  ///< the states no row leaves, in state-id order
  std::vector<machine_row> rows;          ///< the transition_table's rows, in its order
};

const machine_table& incident_machine_table();
const machine_table& approval_chain_machine_table();
const machine_table& order_machine_table();
const machine_table& warning_machine_table();
const machine_table& schedule_run_machine_table();
/// The five above, in that order.
const std::vector<const machine_table*>& machine_tables();

}  // namespace detail
MUSTER_END_NAMESPACE
