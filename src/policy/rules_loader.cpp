// compile_rules_files (rules.hpp): the registry's YAML parsed while the policy compiles.
#include <muster/rules.hpp>

#include "policy/forces_compiler.hpp"
#include "policy/yaml_document.hpp"

#include <future>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace {

/// The registry's file, read and loaded: the part of its compile that needs no policy.
struct loaded_registry {
  detail::yaml_document doc;
  std::vector<diagnostic> diags;
  std::string bytes;
  bool loaded = false;
};

loaded_registry read_registry_yaml(const std::string& path, const load_limits& limits) {
  loaded_registry r;
  r.loaded = detail::load_yaml_file(path, limits, r.doc, r.diags, &r.bytes);
  return r;
}

}  // namespace

std::vector<diagnostic> rules_result::diagnostics() const {
  std::vector<diagnostic> all = policy.diagnostics;
  if (forces) all.insert(all.end(), forces->diagnostics.begin(), forces->diagnostics.end());
  return all;
}

rules_result compile_rules_files(const std::string& policy_path, const std::optional<std::string>& forces_path,
                                 const compile_options& options) {
  rules_result out;
  std::future<loaded_registry> registry;
  if (forces_path) {
    try {
      registry = std::async(std::launch::async, read_registry_yaml, *forces_path, options.limits);
    } catch (const std::system_error&) {
      // no thread to be had: loaded below, after the policy
    }
  }
  out.policy = compile_policy_file(policy_path, options);
  if (!forces_path) return out;
  loaded_registry r = registry.valid() ? registry.get() : read_registry_yaml(*forces_path, options.limits);
  if (out.policy.ok())
    out.forces = detail::compile_registry(r.loaded, r.doc, r.bytes, std::move(r.diags), *out.policy.value, options);
  return out;
}

MUSTER_END_NAMESPACE
