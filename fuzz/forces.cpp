// Fuzz target: the force registry compiler, on a registry file made of the input's bytes,
// checked against the reference policy. Diagnostics are rendered too.
#include "fuzz_support.hpp"

#include <muster/diagnostic.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto result =
      muster::compile_forces_text(*muster::fuzz::reference_policy(), "fuzz-forces.yaml", muster::fuzz::as_text(data, size));
  for (const muster::diagnostic& d : result.diagnostics) (void)muster::render(d);
  return 0;
}
