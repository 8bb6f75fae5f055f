// What the fuzz targets share: the reference rules compiled once, and a scratch directory of
// this process's own for targets that must hand the library a file (docs/fuzzing.md).
#pragma once

#include <muster/policy.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace muster::fuzz {

/// rules/weihai.yaml and rules/weihai-forces.yaml of the source tree, compiled on first use.
/// Aborts when they do not compile: every target needs them, and a fuzz run on broken
/// rules would report nonsense.
const std::shared_ptr<const policy>& reference_policy();
const std::shared_ptr<const force_registry>& reference_forces();

/// The text of a file of the source tree (e.g. "rules/weihai.yaml").
std::string source_file(const std::string& relative);

/// A fresh directory (mkdtemp under $TMPDIR) owned by this process and removed at its exit, so
/// parallel fuzzers (-jobs) never share files.
const std::string& scratch_dir();

void write_file(const std::string& path, std::string_view bytes);

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace muster::fuzz

/// libFuzzer's entry point, which every target defines once (declared here for replay_main.cpp).
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
