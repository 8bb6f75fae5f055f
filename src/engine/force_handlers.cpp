// force.update: the live registry (3.2.1 base data kept current, 3.2.2 duty status). The owner
// (组建单位) or the industry authority of a force changes its duty status, head count or an item's
// count, or confirms its data current; the dispatch checks read the result. Journaled like any
// input, so a replay rebuilds the registry as it stood at every point.
#include "engine/handlers.hpp"
#include "engine/schedule_round.hpp"

#include "common/civil_time.hpp"

#include <algorithm>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

/// A force whose duty status changed while it holds an order (a team sent out goes into
/// maintenance, or is stood down): the information routes `on_event: force.update` say who on that
/// order's incident hears of it. A force holds at most one order at a time.
void tell_duty_change(dispatch& cx, index_t force) {
  const std::uint32_t held = cx.en.committed[force];
  if (held == 0) return;
  cx.order = held - 1;
  cx.incident = cx.en.orders[cx.order].incident;
  const std::size_t from = cx.en.out.effects.size();
  react(cx, incident_event::force_update);
  for (std::size_t i = from; i < cx.en.out.effects.size(); ++i) cx.en.out.effects[i].force = force;
}

}  // namespace

void handle_force_update(dispatch& cx) {
  engine::impl& en = cx.en;
  const event& e = cx.ev;
  if (!known_actor(cx)) return;
  if (e.force >= en.reg->forces.size()) return cx.reject(rejection::unknown_force, "the force is not one of the registry's");
  const force& x = en.reg->forces[e.force];
  const force_facts& fc = en.facts[e.force];
  if (e.by.organisation != fc.owner && e.by.organisation != fc.authority)
    return cx.reject(rejection::actor_lacks_role, "only force " + x.id + "'s owner (" + org_name(en, fc.owner) + ") or industry authority (" +
                                                      org_name(en, fc.authority) + ") updates it");
  if (e.item != no_index && e.item >= x.item_count()) return cx.reject(rejection::malformed, "force " + x.id + " has no item " + std::to_string(e.item));
  if ((e.item != no_index) != (e.count >= 0)) return cx.reject(rejection::malformed, "item and count go together");
  if (e.duty != 0xFF && e.duty >= duty_status_count) return cx.reject(rejection::malformed, "not a duty status");
  if (e.count > UINT32_MAX || e.personnel > UINT32_MAX) return cx.reject(rejection::malformed, "a count is at most 4294967295");
  const bool data = e.personnel >= 0 || e.item != no_index;
  if (e.duty == 0xFF && !data && !e.confirmed)
    return cx.reject(rejection::malformed, "force.update changes nothing: give duty, personnel, item and count, or confirmed: true");

  cx.touch_force(e.force);
  force_live& now = en.live[e.force];
  const duty_status duty_before = now.duty;
  if (e.duty != 0xFF) now.duty = static_cast<duty_status>(e.duty);
  if (e.personnel >= 0) now.personnel = static_cast<std::uint32_t>(e.personnel);
  if (e.item != no_index) {
    const std::uint32_t at = en.item_offset[e.force] + e.item;
    en.undo.item_counts.emplace_back(at, en.item_counts[at]);
    en.item_counts[at] = static_cast<std::uint32_t>(e.count);
  }
  // Any change of base data, or a confirmation, dates the data today (never back: a registry
  // entry may already carry a later date).
  if (data || e.confirmed) now.data_day = std::max(now.data_day, floor_div(en.now + en.p.utc_offset(), 86400));
  refresh_checks(cx, e.force);
  // Calls that asked for this update (3.2.1: the owner of a stale force was reminded) are answered.
  if (data || e.confirmed) answer_update_calls(cx);
  if (now.duty != duty_before) tell_duty_change(cx, e.force);
}

}  // namespace detail
MUSTER_END_NAMESPACE
