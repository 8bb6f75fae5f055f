// Internal: schedules (roll-calls 3.2.2, drills' report rounds 3.2.3) — when each runs next,
// and what a run does (src/engine/schedule_calendar.cpp, src/engine/schedule_actions.cpp).
#pragma once

#include "engine/engine_impl.hpp"

#include <utility>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// The first time after `after` that rhythm `r` names, at a fixed UTC offset.
timestamp next_in_rhythm(const rhythm& r, timestamp after, seconds_t utc_offset);
/// The schedule's first run after `after`, and the more_often rhythm it comes from (no_index:
/// the regular one). A denser rhythm counts while one of its periods is in force at that time.
std::pair<timestamp, index_t> next_run(const engine::impl& en, const schedule& s, timestamp after);

/// Arms every schedule from the first accepted input's time `at` (its first run comes after):
/// a refused input changes nothing, not even this.
void arm_schedules(engine::impl& en, timestamp at);
/// A period was declared or ended: schedules that run more often in it re-plan their next run.
void replan_schedules(dispatch& cx);
/// The schedule's timer: opens a run (or skips it, catching up once) and arms the next.
void schedule_due(dispatch& cx, index_t s, timestamp due);
/// After an answer: the current run closes when every call has been answered.
void close_answered_run(dispatch& cx);
/// A force.update (3.2.1): answers the force's call in the open run of every schedule that asks
/// for an update (answer: update), as schedule.answer answers the others.
void answer_update_calls(dispatch& cx);

}  // namespace detail
MUSTER_END_NAMESPACE
