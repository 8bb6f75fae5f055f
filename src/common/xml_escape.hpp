// Text for XML 1.0 and HTML: shared by the JUnit report of `muster test` and the HTML page of
// `muster report`, so both escape markup the same way.
#pragma once

#include <muster/config.hpp>

#include <string>
#include <string_view>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// Markup escaped; in attributes quotes escaped, and newlines and tabs kept as character
/// references (a parser would fold them to spaces); control bytes XML cannot carry as '?'.
std::string xml_escape(std::string_view s, bool attribute);

}  // namespace detail
MUSTER_END_NAMESPACE
