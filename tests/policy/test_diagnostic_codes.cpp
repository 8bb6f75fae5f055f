// docs/diagnostics.md against the compiler's table of codes (src/policy/diagnostic_codes.cpp):
// every code the table holds is explained there with the same severity, and every code the
// page explains is in the table. A pass that reports a code the table lacks fails every test
// that reaches it (finish_diagnostics throws), the fuzzers included.
#include "policy/diagnostic_codes.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <regex>
#include <stdexcept>
#include <string>

namespace {

/// Each code of the page's tables (`| \`code\` | severity | …`, warnings in bold), with its severity; a code
/// explained in several sections must have one severity.
std::map<std::string, std::string> documented_codes() {
  std::ifstream in(std::string(MUSTER_SOURCE_DIR) + "/docs/diagnostics.md");
  REQUIRE_MESSAGE(in.good(), "cannot read docs/diagnostics.md");
  const std::regex row(R"(^\| `([a-z0-9-]+)` \| (?:\*\*)?(error|warning)(?:\*\*)? \|)");
  std::map<std::string, std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (!std::regex_search(line, m, row)) continue;
    const auto [at, fresh] = out.emplace(m[1], m[2]);
    CHECK_MESSAGE((fresh || at->second == m[2].str()), "docs/diagnostics.md gives " << m[1] << " two severities");
  }
  return out;
}

}  // namespace

TEST_CASE("diagnostics: docs/diagnostics.md explains every code of the table, with its severity, and no other") {
  const auto documented = documented_codes();
  CHECK(documented.size() >= 80);
  for (const auto& c : muster::detail::diagnostic_codes()) {
    const std::string code(c.code);
    const auto it = documented.find(code);
    CHECK_MESSAGE(it != documented.end(), code << " is in the table but not explained in docs/diagnostics.md");
    if (it != documented.end())
      CHECK_MESSAGE(it->second == (c.level == muster::severity::error ? "error" : "warning"), code << ": the page and the table disagree on severity");
  }
  for (const auto& [code, level] : documented)
    CHECK_MESSAGE(muster::detail::find_diagnostic_code(code) != nullptr, code << " is explained in docs/diagnostics.md but not in the table");
}

TEST_CASE("diagnostics: a code the table lacks, or a severity it does not give, is a broken invariant") {
  muster::diagnostic d;
  d.code = "unknown-key";
  CHECK_NOTHROW(muster::detail::check_diagnostic_codes({d}));
  d.code = "made-up-code";
  CHECK_THROWS_AS(muster::detail::check_diagnostic_codes({d}), std::logic_error);
  d.code = "unknown-key";
  d.level = muster::severity::warning;
  CHECK_THROWS_AS(muster::detail::check_diagnostic_codes({d}), std::logic_error);
}
