// Namespace and version macros shared by every public header.
#pragma once

#define MUSTER_VERSION_MAJOR 0
#define MUSTER_VERSION_MINOR 1
#define MUSTER_VERSION_PATCH 0
/// major*10000 + minor*100 + patch
#define MUSTER_VERSION_NUMBER (MUSTER_VERSION_MAJOR * 10000 + MUSTER_VERSION_MINOR * 100 + MUSTER_VERSION_PATCH)
#define MUSTER_VERSION_STRING "0.1.0"

// A future ABI bump changes v0 here and nowhere else.
#define MUSTER_BEGIN_NAMESPACE namespace muster { inline namespace v0 {
#define MUSTER_END_NAMESPACE } }
