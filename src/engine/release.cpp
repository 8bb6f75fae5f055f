// Releasing ended records under limits.retention (issue 15: memory stays flat over years): an
// incident that closed, with its requests, orders and their forces; a warning cancelled or
// expired, and a schedule run closed, with their calls. When one ends, a timer is set for
// `retention` later, so releasing follows the clock as every deadline does (the same on replay,
// after a snapshot, and whatever inputs come). Released records become absent
// (chunked_vector::release), and a block whose every record is released is freed. What stays is
// the id → position entry (a run per consecutive ids: nothing per incident), so an event about
// it is refused beyond_retention, never taken as new; the journal keeps its whole story.
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

void release_incident(engine::impl& en, std::uint32_t index) {
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

/// A warning's or a run's calls.
void release_members(engine::impl& en, std::uint32_t first) {
  for (std::uint32_t m = first, next = 0; m != no_record; m = next) {
    next = en.members[m].next;
    en.members.release(m);
  }
}

/// Whether a delayed chain opening still waits on incident `index`. Openings fire in about the
/// order they were made: past the first unfired one, only the few of the last `after` wait.
bool opening_waits(engine::impl& en, std::uint32_t index) {
  while (en.first_unfired_opening < en.openings.size() && en.openings[en.first_unfired_opening].fired) ++en.first_unfired_opening;
  for (std::size_t i = en.first_unfired_opening; i < en.openings.size(); ++i)
    if (!en.openings[i].fired && en.openings[i].incident == index) return true;
  return false;
}

/// After every 16,384 incidents and warnings released: the lowest id of those still held.
void case_released(engine::impl& en) {
  if (++en.released_since_floor < 16384) return;
  en.released_since_floor = 0;
  std::uint64_t lowest = UINT64_MAX;
  en.incidents.for_each([&](const incident_record& r) { lowest = std::min<std::uint64_t>(lowest, r.id); });
  en.warnings.for_each([&](const warning_record& w) { lowest = std::min<std::uint64_t>(lowest, w.id); });
  // An update's or cancel's id is numbered when the codec first reads it: one a host named before
  // the warning was issued is lower than the warning's own (the only ids below the highest the
  // index knew when claimed). Such an id of a warning still held keeps its name too.
  en.warning_index.for_each_straggler([&](std::uint64_t id, std::uint32_t w) {
    if (en.warnings.present(w)) lowest = std::min(lowest, id);
  });
  if (lowest != UINT64_MAX) en.case_ids_held_from = std::max(en.case_ids_held_from, lowest);
}

/// Releases the record the timer is for, when nothing of it can change any more.
bool release_if_done(engine::impl& en, const timer& t) {
  switch (t.kind()) {
    case timer_kind::release_incident:
      if (!releasable(en, t.target) || opening_waits(en, t.target)) return false;
      release_incident(en, t.target);
      case_released(en);
      return true;
    case timer_kind::release_warning:
      release_members(en, en.warnings[t.target].first_member);
      en.warnings.release(t.target);
      case_released(en);
      return true;
    case timer_kind::release_run: {
      const run_record& r = en.runs[t.target];
      if (en.schedule_states[r.schedule].last_run == t.target) return false;  // its schedule's latest: the next run reads it
      release_members(en, r.first_member);
      en.runs.release(t.target);
      return true;
    }
    default:
      return true;
  }
}

}  // namespace

void release_when_due(dispatch& cx, timer_kind kind, std::uint32_t target) {
  if (cx.en.retention > 0) cx.start_timer(kind, target, 0, cx.en.now + cx.en.retention);
}

void release_when_done(dispatch& cx, const timer& t) {
  if (!release_if_done(cx.en, t)) release_when_due(cx, t.kind(), t.target);  // still in use: looked at again a window later
}

void refuse_released(dispatch& cx, const std::string& what, const char* ended) {
  cx.reject(rejection::beyond_retention, what + " " + ended + " more than " + format_duration(cx.en.retention) +
                                             " ago (limits.retention): the engine no longer holds it, and events about it are "
                                             "refused; the journal keeps its record");
}

}  // namespace detail
MUSTER_END_NAMESPACE
