// Fuzz target: the policy compiler — the YAML loader's hostile-input checks and every named
// pass — on a policy file made of the input's bytes. Diagnostics are rendered too.
#include "fuzz_support.hpp"

#include <muster/diagnostic.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto result = muster::compile_policy_text("fuzz.yaml", muster::fuzz::as_text(data, size));
  for (const muster::diagnostic& d : result.diagnostics) (void)muster::render(d);
  return 0;
}
