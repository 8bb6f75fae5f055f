// Internal: every code the policy and registry compilers report, with its severity, in one
// table (diagnostic_codes.cpp). docs/diagnostics.md explains each; a unit test holds the two
// to each other, and finish_diagnostics refuses, as a broken invariant, a code the table lacks.
#pragma once

#include <muster/diagnostic.hpp>

#include <string>
#include <string_view>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

struct diagnostic_code {
  std::string_view code;  ///< stable, kebab-case
  severity level;
};

/// In the order docs/diagnostics.md explains them (loading, templates, shape, names, …).
const std::vector<diagnostic_code>& diagnostic_codes();

/// The entry for `code`, or nullptr.
const diagnostic_code* find_diagnostic_code(std::string_view code);

/// "unknown-" and the kind of thing a reference names, kebab-case: "incident_type" →
/// "unknown-incident-type". Codes are kebab-case; list and key names use '_'.
std::string unknown_code(std::string_view what);
/// The kind of thing in words: "incident_type" → "incident type".
std::string words(std::string_view what);

/// Throws std::logic_error when a diagnostic's code is not in the table, or has another
/// severity: a pass made up a code that no document explains.
void check_diagnostic_codes(const std::vector<diagnostic>& diags);

}  // namespace detail
MUSTER_END_NAMESPACE
