// Loading the rules an engine runs under — a policy and its force registry — in one call:
//
//   auto rules = muster::compile_rules_files("rules/weihai.yaml", "rules/weihai-forces.yaml");
//   if (!rules.ok()) for (const auto& d : rules.diagnostics()) std::cerr << muster::render(d) << '\n';
//
// The same results as compile_policy_file and compile_forces_file one after the other, sooner:
// reading and parsing a YAML file is most of a compile, and the registry's does not need the
// policy, so it is parsed on a second thread while the policy compiles.
#pragma once

#include <muster/policy.hpp>

#include <optional>
#include <string>
#include <vector>

MUSTER_BEGIN_NAMESPACE

struct rules_result {
  policy_result policy;
  /// Empty when no registry was asked for, or the policy did not compile (a registry is checked
  /// against the policy's ids).
  std::optional<registry_result> forces;
  /// The policy compiled and, when asked for, the registry did.
  bool ok() const { return policy.ok() && (!forces || forces->ok()); }
  /// Every diagnostic, the policy's first (each list already sorted by location).
  std::vector<diagnostic> diagnostics() const;
};

/// compile_policy_file(policy_path, options) and, when it compiles and a registry is asked for,
/// compile_forces_file(*policy, *forces_path, options): the same values, diagnostics and passes
/// (an empty path is file-unreadable, as there). The registry's file is read and parsed on a
/// thread of its own meanwhile (one after the other when no thread can be started), so loading
/// both takes about as long as the longer of the two parses plus the compiler passes, not the sum.
rules_result compile_rules_files(const std::string& policy_path, const std::optional<std::string>& forces_path,
                                 const compile_options& options = {});

MUSTER_END_NAMESPACE
