// Scenario files (examples/scenarios/*.yaml, docs/replay.md "Scenarios"): a policy, a start
// time and declared periods (given), a list of events and clock advances (when), and what the
// engine must answer (then, per step or for the whole run). `muster test` loads and runs them.
//
//   scenario_loader loader;                       // compiles each policy once
//   scenario s;
//   std::vector<diagnostic> diags;
//   if (!loader.load("examples/scenarios/3.1.2-call-plan.yaml", s, diags)) print(diags);
//   scenario_result r = run_scenario(s);          // r.passed, r.report (the differences)
#pragma once

#include "cli/scenario_notation.hpp"
#include "cli/timeline.hpp"

#include <muster/diagnostic.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace muster::cli {

/// What a `then:` block expects.
struct scenario_expectation {
  bool present = false;
  source_location where;
  bool has_effects = false;
  bool exact = false;                       ///< `effects:` (exact, ordered) vs `effects_include:` (ordered subsequence)
  std::vector<effect_pattern> effects;
  std::optional<std::string> rejected;      ///< the rejection reason
  std::string rejected_rule;                ///< `rejected: <reason> rule=<id>`: the refusing rule
  std::optional<bool> duplicate;
};

struct scenario_step {
  incident_input input;
  std::string label;                        ///< "request.approve by wendeng_em at +5m"
  source_location where;
  timestamp at = 0;
  scenario_expectation expect;
};

struct scenario {
  std::string file;
  std::string name;                         ///< `scenario:`, or the file name
  rules_pair rules;
  timestamp start = 0;
  bool several_incidents = false;
  std::vector<scenario_step> given;         ///< declared periods, as period.declare at the start
  std::vector<scenario_step> steps;
  scenario_expectation overall;             ///< top-level `then:`: every effect of every step
};

/// Loads scenario files, compiling each (policy, registry) pair once.
class scenario_loader {
 public:
  scenario_loader();
  ~scenario_loader();
  /// False with located diagnostics (file:line:col) when the file is not a good scenario.
  bool load(const std::string& path, scenario& out, std::vector<diagnostic>& diags);

  struct compiled;

 private:
  std::map<std::pair<std::string, std::string>, std::unique_ptr<compiled>> cache_;
};

struct scenario_result {
  bool passed = false;
  std::string report;  ///< what differed, one located paragraph per failing step (empty when passed)
};

scenario_result run_scenario(const scenario& s);

}  // namespace muster::cli
