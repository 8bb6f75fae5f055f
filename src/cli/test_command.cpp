// `muster test PATH...`
//
// Runs scenario files (docs/replay.md "Scenarios"): each named file, and every *.yaml / *.yml
// under each named directory, in path order. Prints `PASS name` or `FAIL name` with what
// differed (expected vs actual effect lines, as a unified diff), then `N passed, M failed`.
// Exit 1 when any scenario failed or could not be loaded.
#include "cli/commands.hpp"
#include "cli/scenario.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

namespace muster::cli {
namespace {

namespace fs = std::filesystem;

struct test_options {
  std::vector<std::string> paths;
};

bool is_scenario_file(const fs::path& p) { return p.extension() == ".yaml" || p.extension() == ".yml"; }

/// The scenario files a path names; false (with a message) when it names nothing readable.
bool collect(const std::string& path, std::vector<std::string>& out) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    fmt::print(stderr, "muster test: {}: no such file or directory\n", path);
    return false;
  }
  if (!fs::is_directory(st)) {
    out.push_back(path);
    return true;
  }
  std::vector<std::string> found;
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec) && is_scenario_file(it->path())) found.push_back(it->path().string());
  if (ec) {
    fmt::print(stderr, "muster test: {}: {}\n", path, ec.message());
    return false;
  }
  std::sort(found.begin(), found.end());
  if (found.empty()) fmt::print(stderr, "muster test: {}: no scenario files (*.yaml, *.yml)\n", path);
  out.insert(out.end(), found.begin(), found.end());
  return !found.empty();
}

int run_test(const test_options& o) {
  std::vector<std::string> files;
  bool all_found = true;
  for (const auto& p : o.paths) all_found &= collect(p, files);

  scenario_loader loader;
  std::size_t passed = 0, failed = 0;
  for (const auto& file : files) {
    scenario s;
    std::vector<diagnostic> diags;
    if (!loader.load(file, s, diags)) {
      ++failed;
      fmt::print("FAIL {}\n", s.name);
      sort_diagnostics(diags);
      for (const auto& d : diags) fmt::print("{}\n", render(d));
      continue;
    }
    const scenario_result r = run_scenario(s);
    if (r.passed) {
      ++passed;
      fmt::print("PASS {}\n", s.name);
    } else {
      ++failed;
      fmt::print("FAIL {}\n{}", s.name, r.report);
    }
    std::fflush(stdout);
  }
  fmt::print("{} passed, {} failed\n", passed, failed);
  return failed == 0 && all_found ? exit_ok : exit_invalid_input;
}

}  // namespace

void register_test(CLI::App& app, int& status) {
  auto o = std::make_shared<test_options>();
  CLI::App* cmd = app.add_subcommand("test", "Run scenario files (given / when / then) and report PASS or FAIL for each");
  cmd->add_option("PATH", o->paths, "Scenario files, or directories searched for *.yaml")->type_name("PATH...")->required();
  cmd->callback([o, &status] { status = run_test(*o); });
}

}  // namespace muster::cli
