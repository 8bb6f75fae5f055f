// compile_rules_files (rules.hpp): the policy and its registry loaded in one call, the
// registry's YAML parsed on a thread of its own — the same results as the two compiles one after
// the other, good and bad.
#include <muster/rules.hpp>

#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include <unistd.h>

namespace {

const std::string policy_path = MUSTER_SOURCE_DIR "/rules/weihai.yaml";
const std::string forces_path = MUSTER_SOURCE_DIR "/rules/weihai-forces.yaml";

std::string rendered(const std::vector<muster::diagnostic>& ds) {
  std::string out;
  for (const auto& d : ds) out += muster::render(d) + "\n";
  return out;
}

}  // namespace

TEST_CASE("compile_rules_files: the reference rules, as the two compiles give them") {
  const muster::rules_result both = muster::compile_rules_files(policy_path, forces_path);
  REQUIRE(both.ok());
  REQUIRE(both.forces);
  const muster::policy_result p = muster::compile_policy_file(policy_path);
  const muster::registry_result r = muster::compile_forces_file(*p.value, forces_path);
  CHECK(both.policy.value->digest == p.value->digest);
  CHECK(both.forces->value->digest == r.value->digest);
  CHECK(both.forces->value->policy_digest == p.value->digest);
  CHECK(both.forces->value->forces.size() == r.value->forces.size());
  CHECK(rendered(both.diagnostics()) == rendered(p.diagnostics) + rendered(r.diagnostics));
  CHECK(both.forces->passes.size() == r.passes.size());
}

TEST_CASE("compile_rules_files: no registry asked for, a policy alone") {
  const muster::rules_result alone = muster::compile_rules_files(policy_path, std::nullopt);
  CHECK(alone.ok());
  CHECK(!alone.forces);
  // An empty path is a path, unreadable, as compile_forces_file says.
  const muster::rules_result empty = muster::compile_rules_files(policy_path, std::string());
  REQUIRE(empty.forces);
  CHECK(!empty.ok());
  CHECK(rendered(empty.forces->diagnostics).find("file-unreadable") != std::string::npos);
}

TEST_CASE("compile_rules_files: a registry with errors gives its diagnostics, located, and no value") {
  const std::string bad = "/tmp/muster-compile-rules-" + std::to_string(::getpid()) + ".yaml";
  std::ifstream in(forces_path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  text += "\n  - id: [unclosed\n";
  std::ofstream(bad) << text;
  const muster::rules_result both = muster::compile_rules_files(policy_path, bad);
  const muster::policy_result p = muster::compile_policy_file(policy_path);
  const muster::registry_result r = muster::compile_forces_file(*p.value, bad);
  std::remove(bad.c_str());
  CHECK(both.policy.ok());
  REQUIRE(both.forces);
  CHECK(!both.forces->ok());
  CHECK(!both.ok());
  CHECK(!both.forces->diagnostics.empty());
  CHECK(rendered(both.forces->diagnostics) == rendered(r.diagnostics));
  CHECK(rendered(both.forces->diagnostics).find(bad + ":") == 0);
}

TEST_CASE("compile_rules_files: a policy that does not compile checks no registry; a missing registry is file-unreadable") {
  const muster::rules_result no_policy = muster::compile_rules_files("/nonexistent/policy.yaml", forces_path);
  CHECK(!no_policy.ok());
  CHECK(!no_policy.forces);
  CHECK(rendered(no_policy.diagnostics()).find("file-unreadable") != std::string::npos);
  const muster::rules_result no_registry = muster::compile_rules_files(policy_path, "/nonexistent/forces.yaml");
  CHECK(!no_registry.ok());
  REQUIRE(no_registry.forces);
  CHECK(rendered(no_registry.forces->diagnostics).find("/nonexistent/forces.yaml") != std::string::npos);
  CHECK(rendered(no_registry.forces->diagnostics).find("file-unreadable") != std::string::npos);
}
