// Internal: a warning's acknowledgement round (3.3.1) — who is asked, pushing on to the forces,
// and what silence does (src/engine/warning_actions.cpp).
#pragma once

#include "engine/engine_impl.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// Sets the new warning cx.warning from the issuing event and asks its receivers.
void issue_warning(dispatch& cx);

}  // namespace detail
MUSTER_END_NAMESPACE
