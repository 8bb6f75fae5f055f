// Internal to the muster command: the three state machines as tables, for `muster graph`.
//
// One row per row of the MSM transition_table, in the same order (rows between the same two
// states are drawn as one edge with a label line per row). Keep these in step with
// include/muster/machines/{incident,approval_chain,order}.hpp: `event`, `action` and `guard` are
// the names used there; `input` is what drives the row from outside (docs/engine.md).

#pragma once

#include <vector>

namespace muster::cli {

struct machine_row {
  const char* from;
  const char* event;
  const char* to;
  const char* action;  ///< "" when none
  const char* guard;   ///< "" when none
  const char* input;   ///< the events or timers that raise `event`
};

struct machine_table {
  const char* id;
  const char* title;
  const char* clauses;
  std::vector<const char*> states;  ///< in the public enum's order; the first is initial
  std::vector<const char*> final_states;
  std::vector<machine_row> rows;
};

/// The incident, approval chain and order machines, in that order.
const std::vector<const machine_table*>& machine_tables();

}  // namespace muster::cli
