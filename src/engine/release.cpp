// Releasing closed incidents under limits.retention (issue 15: memory stays flat over years).
// When an incident closes, a timer is set for `retention` later, so releasing follows the clock
// as every deadline does (the same on replay, after a snapshot, and whatever inputs come). Then
// the incident is released with its requests and orders: their records become absent
// (chunked_vector::release), and a block whose every record is released is freed. What stays is the id → position entry (a run per consecutive ids: nothing per
// incident), so an event about it is refused beyond_retention, never taken as new; the journal
// keeps its whole story.
#include "engine/handlers.hpp"
#include "policy/scalars.hpp"

#include <algorithm>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

bool request_done(const request_record& r) {
  switch (state_of(r)) {
    case request_state::failed: case request_state::rejected: case request_state::withdrawn:
    case request_state::expired: case request_state::executed:
      return r.held == 0 && !r.stock_out;  // units it holds must go back first (4.3)
    default:
      return false;
  }
}

bool order_done(const engine::impl& en, std::uint32_t index) {
  const order_record& o = en.orders[index];
  const order_state s = state_of(o);
  return (s == order_state::declined || s == order_state::released) && en.committed[o.force] != index + 1;
}

/// Whether nothing can change the incident any more: it is closed, and every request and order
/// of it has ended (a delayed chain opening waiting on it is looked for by the caller).
bool releasable(const engine::impl& en, std::uint32_t index) {
  const incident_record& inc = en.incidents[index];
  if (state_of(inc) != incident_state::closed) return false;
  for (std::uint32_t q = inc.first_request; q != no_record; q = en.requests[q].next_in_incident)
    if (!request_done(en.requests[q])) return false;
  for (std::uint32_t o = inc.first_order; o != no_record; o = en.orders[o].next_in_incident)
    if (!order_done(en, o)) return false;
  return true;
}

void release(engine::impl& en, std::uint32_t index) {
  const incident_record& inc = en.incidents[index];
  for (std::uint32_t q = inc.first_request, next = 0; q != no_record; q = next) {
    const request_record& r = en.requests[q];
    next = r.next_in_incident;
    for (std::uint32_t i = 0; i < r.force_count; ++i) en.force_pool.release(r.forces + i);
    en.requests.release(q);
  }
  for (std::uint32_t o = inc.first_order, next = 0; o != no_record; o = next) {
    next = en.orders[o].next_in_incident;
    en.orders.release(o);
  }
  en.incidents.release(index);
}

}  // namespace

void release_when_due(dispatch& cx) {
  if (cx.en.retention > 0) cx.start_timer(timer_kind::release_incident, cx.incident, 0, cx.en.now + cx.en.retention);
}

void release_incident_when_done(dispatch& cx, std::uint32_t incident) {
  engine::impl& en = cx.en;
  // Openings fire in about the order they were made: past the first unfired, only a few wait.
  while (en.first_unfired_opening < en.openings.size() && en.openings[en.first_unfired_opening].fired) ++en.first_unfired_opening;
  for (std::size_t i = en.first_unfired_opening; i < en.openings.size(); ++i)
    if (!en.openings[i].fired && en.openings[i].incident == incident) return cx.start_timer(timer_kind::release_incident, incident, 0, en.now + en.retention);
  if (!releasable(en, incident)) return cx.start_timer(timer_kind::release_incident, incident, 0, en.now + en.retention);
  release(en, incident);
}

void refuse_released(dispatch& cx, const std::string& what, bool is_incident) {
  cx.reject(rejection::beyond_retention, what + (is_incident ? " closed" : " was released with its incident, which closed") + " more than " +
                                             format_duration(cx.en.retention) + " ago (limits.retention): the engine no longer holds it, and "
                                             "events about it are refused; the journal keeps its record");
}

}  // namespace detail
MUSTER_END_NAMESPACE
