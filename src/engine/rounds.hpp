// Internal: answer rounds — the members a warning or a schedule run asks, their deadlines,
// answers and silence ladders (src/engine/rounds.cpp). Warnings (3.3.1) and schedule runs
// (3.2.2, 3.2.3) differ in whom they ask and what they say; this is what they share.
#pragma once

#include "engine/engine_impl.hpp"

#include <string>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// Appends `m` to the round whose members run from `first` to `last` (fields of the warning's
/// or the run's record, which the caller has touched).
std::uint32_t append_member(dispatch& cx, std::uint32_t& first, std::uint32_t& last, const round_member& m);
/// The member of the round starting at `first` answering for (`org`, `force`), or no_record.
std::uint32_t find_member(const engine::impl& en, std::uint32_t first, index_t org, index_t force);
/// The tier's deadline from now: shorter while a special period is active, when the policy says so.
timestamp tier_deadline(const engine::impl& en, const round_tier& t);
/// Asks member `i` (again): pending, no silence, a fresh deadline with its timer of kind `k`.
/// The caller tells the member.
void reask(dispatch& cx, std::uint32_t i, const round_tier& t, timer_kind k);
/// Records member `i`'s answer (late when its ladder has started); refuses it, and returns
/// false, when it answered already or its call is closed. `what` names the call in details.
bool record_answer(dispatch& cx, std::uint32_t i, const std::string& what);
/// Member cx.member stayed silent past its deadline: the tier's ladder climbs one rung (remind
/// it, escalate to the tier's escalate_to, tell the rung's parties), with topic `about`,
/// because of `why` and `also`. Returns true when the member is now missed (the ladder ran
/// out, or the rung was `expire`).
bool climb_ladder(dispatch& cx, const round_tier& t, timer_kind k, topic about, rule_index why, rule_index also);
/// Settles member `i` when its round closes: missed when `overdue` (or its ladder had started),
/// closed otherwise. Returns true when it was still pending.
bool close_member(dispatch& cx, std::uint32_t i, bool overdue);

}  // namespace detail
MUSTER_END_NAMESPACE
