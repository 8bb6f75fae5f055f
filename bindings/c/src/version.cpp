// The library's version. One source: config.hpp's numbers, checked here against the C header's
// copy and against the project version CMake passes in (MUSTER_PROJECT_VERSION).
#include <muster/muster.h>

namespace {
// Taken before config.hpp is read: were its numbers different, they would replace these macros.
constexpr unsigned c_header_version = MUSTER_VERSION_NUMBER;
}  // namespace

#include "capi.hpp"

#include <muster/config.hpp>

#include <string_view>

static_assert(c_header_version == MUSTER_VERSION_NUMBER, "muster.h and config.hpp disagree on the version");
#ifdef MUSTER_PROJECT_VERSION
static_assert(std::string_view(MUSTER_PROJECT_VERSION) == MUSTER_VERSION_STRING,
              "project(VERSION) in CMakeLists.txt and MUSTER_VERSION_STRING in config.hpp disagree");
#endif

// The name functions leave the last error as it was (muster.h).
extern "C" MUSTER_API unsigned muster_version_number(void) {
  return MUSTER_VERSION_NUMBER;
}

extern "C" MUSTER_API const char* muster_version(void) {
  return MUSTER_VERSION_STRING;
}
