#include "fuzz_support.hpp"

#include <muster/diagnostic.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace muster::fuzz {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void die(const std::string& why) {
  std::fprintf(stderr, "fuzz: %s\n", why.c_str());
  std::abort();
}

template <class T>
std::shared_ptr<const T> checked(compile_result<T> r, const char* what) {
  if (!r.ok()) {
    for (const diagnostic& d : r.diagnostics) std::fprintf(stderr, "%s\n", render(d).c_str());
    die(std::string("the reference ") + what + " does not compile");
  }
  return r.value;
}

/// Removes the scratch directory when the process ends normally (libFuzzer exits via exit()).
struct scratch_owner {
  std::string path;
  ~scratch_owner() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

}  // namespace

std::string source_file(const std::string& relative) {
  std::ifstream in(std::string(MUSTER_SOURCE_DIR) + "/" + relative, std::ios::binary);
  if (!in) die("cannot read " + relative + " of " + MUSTER_SOURCE_DIR);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::shared_ptr<const policy>& reference_policy() {
  static const std::shared_ptr<const policy> p =
      checked(compile_policy_text("rules/weihai.yaml", source_file("rules/weihai.yaml")), "policy");
  return p;
}

const std::shared_ptr<const force_registry>& reference_forces() {
  static const std::shared_ptr<const force_registry> r = checked(
      compile_forces_text(*reference_policy(), "rules/weihai-forces.yaml", source_file("rules/weihai-forces.yaml")),
      "force registry");
  return r;
}

const std::string& scratch_dir() {
  static const scratch_owner owner = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/muster-fuzz-XXXXXX";
    if (!mkdtemp(pattern.data())) die("mkdtemp failed for " + pattern);
    return scratch_owner{pattern};
  }();
  return owner.path;
}

void write_file(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out.flush()) die("cannot write " + path);
}

}  // namespace muster::fuzz
