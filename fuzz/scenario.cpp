// Fuzz target: the scenario parser (src/cli/scenario.cpp, docs/replay.md "Scenarios"), and
// running a scenario that loads. The input becomes scenario.yaml two folders below a scratch
// folder holding copies of the reference rules, so the seeds' `policy: ../../rules/weihai.yaml`
// resolves as it does in examples/scenarios; the loader keeps each compiled policy for the
// whole run, as `muster test` does.
#include "fuzz_support.hpp"

#include "cli/scenario.hpp"

#include <muster/diagnostic.hpp>

#include <filesystem>
#include <vector>

namespace {

namespace fs = std::filesystem;

/// The path the scenario is written to, after the rules are put where it expects them.
const std::string& scenario_path() {
  static const std::string path = [] {
    const fs::path root(muster::fuzz::scratch_dir());
    fs::create_directories(root / "rules");
    fs::create_directories(root / "scenarios" / "fuzz");
    for (const char* file : {"rules/weihai.yaml", "rules/weihai-forces.yaml"})
      muster::fuzz::write_file((root / file).string(), muster::fuzz::source_file(file));
    return (root / "scenarios" / "fuzz" / "scenario.yaml").string();
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static muster::cli::scenario_loader loader;
  const std::string& path = scenario_path();
  muster::fuzz::write_file(path, muster::fuzz::as_text(data, size));
  muster::cli::scenario s;
  std::vector<muster::diagnostic> diags;
  if (loader.load(path, s, diags)) (void)muster::cli::run_scenario(s);
  for (const muster::diagnostic& d : diags) (void)muster::render(d);
  return 0;
}
