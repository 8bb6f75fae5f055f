// The C constants against the engine's tables, both ways: every MUSTER_EFFECT_*, MUSTER_TOPIC_*
// and MUSTER_REJECTION_* names the engine value of the same number (muster::to_string), and
// every engine value has its constant. When the engine gains an effect kind, topic or rejection,
// this fails until muster.h lists it (and the Python enums follow: bindings/python/tests).
//
// C++, linking both the engine (for its tables) and libmuster_c (for the muster_*_str functions
// a C host calls); the C tests stay C.
#include <muster/events.hpp>
#include <muster/muster.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

// The engine's counts. topic_count and rejection_count arrived with the warnings work; before
// them only effect_kind_count existed. Unqualified lookup inside muster::v0::counts finds the
// engine's own name in muster::v0 first, and only when there is none the fallback below, which
// the using-directive makes visible from namespace muster (so both compile, and the check of
// the engine against the header runs whenever the engine declares its count).
namespace muster {
namespace count_fallback {
inline constexpr int topic_count = -1;
inline constexpr int rejection_count = -1;
}  // namespace count_fallback
inline namespace v0 {
namespace counts {
using namespace ::muster::count_fallback;
inline constexpr int topics = topic_count;
inline constexpr int rejections = rejection_count;
inline constexpr int effect_kinds = effect_kind_count;
}  // namespace counts
}  // namespace v0
}  // namespace muster

namespace {

int failures = 0;

void fail(const std::string& what) {
  std::printf("FAILED: %s\n", what.c_str());
  ++failures;
}

struct constant {
  const char* macro;
  int value;
  const char* name;
};

#define AS_CONSTANT(c, v, n) {#c, c, n},
const std::vector<constant> effect_kinds = {MUSTER_EFFECT_KINDS(AS_CONSTANT)};
const std::vector<constant> topics = {MUSTER_TOPICS(AS_CONSTANT)};
const std::vector<constant> rejections = {MUSTER_REJECTIONS(AS_CONSTANT)};
#undef AS_CONSTANT

/// Header → engine: each constant's number is the engine value of its name. Engine → header:
/// the engine has exactly as many values (when it says how many), so none lacks its constant.
template <class Enum>
void check(const char* what, const std::vector<constant>& list, int header_count, int engine_count,
           const char* (*c_name)(int32_t)) {
  if (static_cast<int>(list.size()) != header_count)
    fail(std::string(what) + ": the list has " + std::to_string(list.size()) + " entries, its COUNT says " +
         std::to_string(header_count));
  if (engine_count >= 0 && engine_count != header_count) {
    std::string missing;
    for (int v = header_count; v < engine_count; ++v) missing += std::string(" ") + muster::to_string(static_cast<Enum>(v));
    fail(std::string(what) + ": the engine has " + std::to_string(engine_count) + " values, muster.h " +
         std::to_string(header_count) + (missing.empty() ? std::string() : "; add to muster.h:" + missing));
  }
  const int checkable = engine_count >= 0 && engine_count < header_count ? engine_count : header_count;
  for (const constant& c : list) {
    if (c.value < 0 || c.value >= checkable) {
      fail(std::string(what) + ": " + c.macro + " = " + std::to_string(c.value) + " is no engine value");
      continue;
    }
    const char* engine = muster::to_string(static_cast<Enum>(c.value));
    if (std::strcmp(engine, c.name) != 0)
      fail(std::string(what) + ": " + c.macro + " = " + std::to_string(c.value) + " says \"" + c.name + "\", the engine \"" +
           engine + "\"");
    if (std::strcmp(c_name(c.value), c.name) != 0)
      fail(std::string(what) + ": the library's name of " + c.macro + " is \"" + c_name(c.value) + "\"");
  }
  // The library answers "" (never NULL) outside the list.
  for (int v : {-1, header_count, header_count + 1, 1000}) {
    const char* n = c_name(v);
    if (n == nullptr || *n != '\0') fail(std::string(what) + ": the library names " + std::to_string(v));
  }
}

}  // namespace

int main() {
  check<muster::effect_kind>("effect kinds", effect_kinds, MUSTER_EFFECT_KIND_COUNT, muster::counts::effect_kinds,
                             &muster_effect_kind_str);
  check<muster::topic>("topics", topics, MUSTER_TOPIC_COUNT, muster::counts::topics, &muster_topic_str);
  check<muster::rejection>("rejections", rejections, MUSTER_REJECTION_COUNT, muster::counts::rejections, &muster_rejection_str);
  if (muster::counts::topics < 0 || muster::counts::rejections < 0)
    std::printf("note: the engine declares no topic_count / rejection_count: checked muster.h against the engine only\n");
  std::printf("%d passed, %d failed\n", failures == 0 ? 1 : 0, failures == 0 ? 0 : 1);
  return failures == 0 ? 0 : 1;
}
