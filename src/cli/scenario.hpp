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
#include "cli/scenario_report.hpp"
#include "cli/scenario_state.hpp"
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
  std::vector<effect_pattern> must_not;     ///< `must_not:`: no effect may match any of these
  std::optional<std::string> rejected;      ///< the rejection reason
  std::string rejected_rule;                ///< `rejected: <reason> rule=<id>`: the refusing rule
  std::optional<std::string> rejected_detail;  ///< `rejected: { detail: … }`: text the detail contains
  std::optional<bool> duplicate;
  state_expectation state;                  ///< `state:`: what the engine holds after the step
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
  std::string policy_file;                  ///< given.policy, resolved (coverage is per policy)
  bool rules_broken = false;                ///< load failed because the policy or registry does not compile
  std::string name;                         ///< `scenario:`, or the file name
  rules_pair rules;
  timestamp start = 0;
  bool several_incidents = false;
  std::vector<scenario_step> given;         ///< declared periods, as period.declare at the start
  std::vector<scenario_step> steps;
  scenario_expectation overall;             ///< top-level `then:`: every effect of every step
  report_expectation report;                ///< top-level `report:`: the run's scorecards (5.1)
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

/// What the file at `path` holds, told by its top-level keys: a scenario has `scenario:`,
/// `given:` or `when:`; a policy `muster:`, a registry `muster_forces:`. Read as lines, so a
/// scenario broken as YAML is still a scenario (its load reports the error). A path that is not
/// a regular readable file counts as a scenario too: loading it says what is wrong.
enum class yaml_file_kind { scenario, policy, registry, other };
yaml_file_kind classify_yaml_file(const std::string& path);

/// One expectation that did not hold.
struct scenario_problem {
  source_location where;  ///< the step (or the top-level `then`, or the declared period)
  std::size_t step = 0;   ///< 1-based position in `when`; 0 for the whole run or `given`
  std::string label;      ///< "step 2 (plan.draft by wendeng_em at +1m)", "the whole run", "given.periods[0]: …"
  std::string message;    ///< "effects differ (- expected, + actual)"
  std::string diff;       ///< unified-diff lines, each indented six spaces and ending in '\n' (may be empty)
  /// An exact `effects:` list that differs (what `muster test --update` rewrites): the actual
  /// effects in the notation and how they align with the expected lines.
  bool effects_differ = false;
  bool whole_run = false;                   ///< the top-level `then`, not step `step`'s
  std::vector<std::string> actual_effects;
  std::vector<aligned_row> rows;
};

struct scenario_result {
  bool passed = false;
  std::vector<scenario_problem> problems;
  std::string report;  ///< the problems as text, one located paragraph each (empty when passed)
  /// How often each rule was cited while the scenario ran (every `because` of every effect,
  /// and the refusing rule of a rejection), by rule id: what `muster test --coverage` adds up.
  std::map<std::string, std::size_t> fired;
};

/// How a scenario is run. resume_each_step: on a journal, and after the given periods and every
/// step the session takes a snapshot, closes and reopens from it (`muster test
/// --resume-each-step`): the expectations hold only if snapshots resume exactly.
struct run_options {
  bool resume_each_step = false;
};

scenario_result run_scenario(const scenario& s, const run_options& options = {});

/// "  file:line:col: step 2 (…): message\n" and the problem's diff lines.
std::string render_problem(const scenario_problem& p);

/// `muster test --update`: rewrites, in the scenario file, each exact `effects:` list that
/// differs (`problems` with effects_differ) from the actual effects. Lines that matched stay as
/// written (with their comments), expected lines that matched nothing are removed, actual
/// effects nothing expected are inserted in place, in the notation; comments elsewhere are
/// untouched. Block lists are edited line by line; a flow list (`[a, b]`) is rewritten in
/// place, its items quoted. The file is replaced atomically. Returns the number of lists
/// rewritten; -1 with `err` when the file cannot be rewritten (nothing is changed then).
long update_scenario_file(const std::string& file, const std::vector<scenario_problem>& problems, std::string& err);

}  // namespace muster::cli
