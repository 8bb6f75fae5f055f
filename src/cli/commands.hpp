// The `muster` command's subcommands. Each lives in its own file and registers itself on the
// app through one function here, so main.cpp stays a list of registrations.
//
// Exit codes are the same for every subcommand: 0 success, 1 the input has errors,
// 2 the command line itself is wrong (CLI11 reports it). The harness commands give 1 its own
// meaning and 2 a wider one, so CI can tell a finding from a breakage: `test` 1 some scenario
// failed, 2 something could not run; `diff` 1 the policies answer differently, 2 they could not
// be compared (docs/replay.md).
#pragma once

#include <muster/policy.hpp>

#include <CLI/CLI.hpp>

#include <array>
#include <optional>
#include <string>

namespace muster::cli {

enum exit_code : int { exit_ok = 0, exit_invalid_input = 1, exit_usage = 2 };

/// Each `register_*` adds a subcommand to `app`; when that subcommand runs, its callback stores
/// the command's exit code in `status` (CLI11 callbacks cannot return one).
void register_validate(CLI::App& app, int& status);
void register_summary(CLI::App& app, int& status);
void register_replay(CLI::App& app, int& status);  // replay_command.cpp (docs/replay.md)
void register_test(CLI::App& app, int& status);    // test_command.cpp
void register_diff(CLI::App& app, int& status);    // diff_command.cpp
void register_graph(CLI::App& app, int& status);   // graph_command.cpp
void register_verify(CLI::App& app, int& status);  // verify_command.cpp (docs/journal.md)
void register_compact(CLI::App& app, int& status); // compact_command.cpp (docs/journal.md "Segments")
void register_cap(CLI::App& app, int& status);     // cap_command.cpp (docs/warnings.md, "CAP 1.2")
void register_report(CLI::App& app, int& status);  // report_command.cpp (docs/report.md)

// Shared by `validate` and `summary` (defined in validate_command.cpp), so both commands
// accept and reject exactly the same inputs and say so in the same words.

/// The two files a policy check reads. `forces_path` empty: no registry.
struct inputs {
  std::string policy_path;
  std::string forces_path;
};

/// The outcome of compiling the policy and, when it compiled and one was given, the registry.
struct checked_inputs {
  inputs paths;
  policy_result policy;
  std::optional<registry_result> forces;  ///< empty when not given or not checked
  bool ok() const;
  /// Every diagnostic, the policy's first (each list is already sorted by location).
  std::vector<diagnostic> diagnostics() const;
};

checked_inputs check_inputs(const inputs& in);

/// Text report on stderr: the rendered diagnostics (only the warnings when `c.ok()`), and on
/// failure a closing `N errors, M warnings` line. With `quiet`, warnings are not printed.
void print_diagnostics(const checked_inputs& c, bool quiet);

/// "sha256:" and the first 16 hex digits of a digest, as every command prints one.
std::string short_digest(const std::string& hex);

/// Forces per category, indexed by `force_category` (government 1.1 … expert 1.4).
std::array<std::size_t, 4> count_by_category(const force_registry& r);

}  // namespace muster::cli
