// Internal: validation and routing of each event kind into its machine, and of timers.
#pragma once

#include "engine/engine_impl.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// Validates `cx.ev` (references, authorisation) and dispatches it; rejections go through cx.reject.
void handle_event(dispatch& cx);
/// Dispatches a due timer to its record, if the record still waits for it.
void fire_timer(dispatch& cx, const timer& t);

/// Authorisation helpers (src/engine/authorisation.cpp).
bool holds_role_on_path(const engine::impl& en, const incident_record& inc, index_t org, index_t role);
/// Whether `org` may answer the request's current step (for `force`, in per-force steps).
bool is_addressee(const dispatch& cx, index_t org, index_t force);

}  // namespace detail
MUSTER_END_NAMESPACE
