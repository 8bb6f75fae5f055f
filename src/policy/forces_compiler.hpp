// Internal: the force registry's compile phase on its own (forces_compiler.cpp), for callers
// that load the registry's YAML themselves (rules_loader.cpp loads it while the policy compiles).
#pragma once

#include "policy/yaml_document.hpp"

#include <muster/policy.hpp>

#include <string_view>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// The registry from its loaded document (`loaded`: load_yaml succeeded; `bytes`: the file's,
/// for its digest; `diags`: the load's), checked against `p`.
registry_result compile_registry(bool loaded, const yaml_document& doc, std::string_view bytes, std::vector<diagnostic> diags,
                                 const policy& p, const compile_options& options);

}  // namespace detail
MUSTER_END_NAMESPACE
