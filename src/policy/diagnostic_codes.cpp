// The table of diagnostic codes (diagnostic_codes.hpp).
#include "policy/diagnostic_codes.hpp"

#include <stdexcept>
#include <string>

MUSTER_BEGIN_NAMESPACE
namespace detail {

const std::vector<diagnostic_code>& diagnostic_codes() {
  static const std::vector<diagnostic_code> codes = {
    // Loading (both files)
    {"file-unreadable", severity::error},
    {"file-too-large", severity::error},
    {"invalid-utf8", severity::error},
    {"empty-document", severity::error},
    {"yaml-syntax", severity::error},
    {"too-deep", severity::error},
    {"too-many-nodes", severity::error},
    {"multiple-documents", severity::error},
    {"anchor-refused", severity::error},
    {"alias-refused", severity::error},
    {"tag-refused", severity::error},
    {"merge-key-refused", severity::error},
    {"duplicate-key", severity::error},
    {"complex-key", severity::error},
    {"top-not-mapping", severity::error},
    // Templates (policy)
    {"template-placeholder", severity::error},
    {"template-jurisdiction", severity::error},
    {"template-too-large", severity::error},
    {"template-unused", severity::warning},
    // Shape and scalars (both files)
    {"unknown-key", severity::error},
    {"renamed-key", severity::error},
    {"deprecated-key", severity::warning},
    {"missing-key", severity::error},
    {"missing-value", severity::error},
    {"expected-mapping", severity::error},
    {"expected-list", severity::error},
    {"expected-scalar", severity::error},
    {"empty-list", severity::error},
    {"unsupported-version", severity::error},
    {"duplicate-item", severity::error},
    {"invalid-id", severity::error},
    {"invalid-integer", severity::error},
    {"out-of-range", severity::error},
    {"invalid-boolean", severity::error},
    {"invalid-duration", severity::error},
    {"invalid-date", severity::error},
    {"invalid-month-day", severity::error},
    {"invalid-choice", severity::error},
    {"unknown-clause", severity::error},
    // Names and references (policy)
    {"missing-name", severity::error},
    {"duplicate-id", severity::error},
    {"too-many", severity::error},
    {"invalid-code", severity::error},
    {"duplicate-code", severity::error},
    {"reserved-id", severity::error},
    {"empty-route", severity::error},
    {"unknown-role", severity::error},
    {"unknown-grade", severity::error},
    {"unknown-jurisdiction", severity::error},
    {"unknown-sector", severity::error},
    {"unknown-capability", severity::error},
    {"unknown-chain", severity::error},
    {"unknown-flag", severity::error},
    {"unknown-condition", severity::error},
    {"condition-type", severity::error},
    {"condition-syntax", severity::error},
    {"condition-context", severity::error},
    {"condition-too-complex", severity::error},
    {"unknown-step", severity::error},
    {"party-conflict", severity::error},
    {"invalid-scope", severity::error},
    {"chain-subject", severity::error},
    {"duplicate-shorthand", severity::error},
    {"expire-not-last", severity::error},
    {"jurisdiction-root", severity::error},
    {"jurisdiction-cycle", severity::error},
    {"missing-holder", severity::error},
    {"duplicate-holder", severity::error},
    {"unresolvable-party", severity::error},
    {"shared-role", severity::warning},
    // Chains (policy)
    {"empty-chain", severity::error},
    {"chain-cycle", severity::error},
    {"chain-unreachable-step", severity::error},
    {"chain-missing-timeout", severity::error},
    {"on-refuse-not-consent", severity::error},
    {"chain-open-cycle", severity::error},
    {"timeout-ignored", severity::warning},
    {"silence-ignored", severity::warning},
    {"undeployed-category", severity::warning},
    // Warnings (policy)
    {"unknown-incident-type", severity::error},
    {"hazard-without-forces", severity::error},
    {"special-period-longer", severity::error},
    // Calendar (policy)
    {"unknown-time-zone", severity::error},
    {"period-conflict", severity::error},
    {"retention-too-short", severity::error},
    {"period-incomplete", severity::error},
    // Schedules (policy)
    {"invalid-schedule-time", severity::error},
    {"unknown-period", severity::error},
    {"schedule-calls", severity::error},
    {"unknown-check", severity::error},
    {"not-denser", severity::warning},
    // Checks (policy)
    {"check-max-age", severity::error},
    {"check-fails-on", severity::error},
    {"too-many-checks", severity::error},
    // Registry (force registry file)
    {"unknown-organisation", severity::error},
    {"not-an-authority", severity::error},
    {"date-in-future", severity::error},
    {"insurance-expired", severity::warning},
    // Any phase
    {"too-many-diagnostics", severity::error},
  };
  return codes;
}

const diagnostic_code* find_diagnostic_code(std::string_view code) {
  for (const auto& c : diagnostic_codes())
    if (c.code == code) return &c;
  return nullptr;
}

std::string unknown_code(std::string_view what) {
  std::string code = "unknown-" + std::string(what);
  for (char& c : code)
    if (c == '_') c = '-';
  return code;
}

std::string words(std::string_view what) {
  std::string s(what);
  for (char& c : s)
    if (c == '_') c = ' ';
  return s;
}

void check_diagnostic_codes(const std::vector<diagnostic>& diags) {
  for (const auto& d : diags) {
    const diagnostic_code* c = find_diagnostic_code(d.code);
    if (!c) throw std::logic_error("diagnostic code '" + d.code + "' is not in src/policy/diagnostic_codes.cpp (nor explained in docs/diagnostics.md)");
    if (c->level != d.level) throw std::logic_error("diagnostic code '" + d.code + "' is reported with another severity than its table entry");
  }
}

}  // namespace detail
MUSTER_END_NAMESPACE
