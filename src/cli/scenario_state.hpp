// `state:` under a step's `then` (docs/replay.md "Scenarios"): what the engine holds once that
// step is applied — an incident's command and flags, a request's step, an order's state —
// for what effects do not show (who commands now, which flags are set, where a chain waits).
//
//   then:
//     state:
//       incident: { state: hq_led, commander: weihai_gov, flags: [evacuation_ordered] }
//       incident other-fire: { grade: larger }        # another incident than given.incident
//       request 1: { state: awaiting, step: authority_consent, awaiting: [wendeng_water] }
//       order 2: { state: acknowledged, force: wendeng_flood_team }
//
// Only the fields named are checked. Ids, states and field names are checked when the scenario
// loads (`scenario-bad-state`, located, with a did-you-mean); lists (flags, forces, awaiting,
// reports_owed) are compared as sets.
#pragma once

#include "cli/timeline.hpp"
#include "policy/yaml_document.hpp"

#include <muster/diagnostic.hpp>
#include <muster/session.hpp>

#include <string>
#include <vector>

namespace muster::cli {

struct state_fact {
  source_location where;
  std::string subject;   ///< "incident", "request", "order"
  std::string name;      ///< the incident's id (empty: given.incident), or the request's or order's number
  std::string field;     ///< "commander", "step", "flags" …
  std::vector<std::string> expected;  ///< one value, or a list's items sorted
  bool list = false;
};

struct state_expectation {
  bool present = false;
  std::vector<state_fact> facts;
};

/// Reads `state:`; located diagnostics (`file`) for an unknown subject, field, id or state.
/// `default_incident` is given.incident. False when any was added.
bool parse_state_expectation(const detail::yaml_node& n, const std::string& file, const rules_pair& rules,
                             const std::string& default_incident, state_expectation& out, std::vector<diagnostic>& diags);

/// One fact that did not hold.
struct state_mismatch {
  source_location where;
  std::string message;
};

/// The session's engine against `x`, right after the step.
std::vector<state_mismatch> check_state(const state_expectation& x, const session& s);

}  // namespace muster::cli
