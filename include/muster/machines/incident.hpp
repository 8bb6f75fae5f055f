// The incident machine (3.3.1, 3.3.2, 3.1.1, 3.1.3, 3.3.3).
//
// MSM numbers the states in order of first appearance, as a row's source first, then as a
// target; that number is the public incident_state (include/muster/engine.hpp), and their
// names are the states' own (src/engine/machine_tables.cpp reads this table for both).
//
//   reported ──report──▶ first_response ──respond──▶ fire_led ──hq──▶ hq_led
//                          │  └─────────────hq──────────────────────▲    │
//                          └── conclude (from any responding state) ─▶ concluded ──review──▶ under_review
//   under_review ──filed: last report──▶ closed      (filed: more owed / report_due: stay)
//   regrade: in first_response, fire_led and hq_led, moves command and re-routes at once.
//   update: in the same three, new facts from a department (2.3), routed by the information rules.
//   hq in hq_led: the government of the level that commands now (after a regrade) sets up its
//   own headquarters, which takes over from the earlier one.
#pragma once

#include <muster/machines/machine_common.hpp>

MUSTER_BEGIN_NAMESPACE
namespace detail {

namespace incident_ev {
MUSTER_MACHINE_EVENT(report, "incident.report")
MUSTER_MACHINE_EVENT(respond, "chain.open (forces, quantity)")  // a chain that moves forces or equipment was opened (or its shorthand)
MUSTER_MACHINE_EVENT(regrade, "incident.regrade")
MUSTER_MACHINE_EVENT(update, "incident.update")  // new facts while the response runs (2.3)
MUSTER_MACHINE_EVENT(hq, "incident.hq_established")  // in hq_led: the level commanding now takes over
MUSTER_MACHINE_EVENT(conclude, "incident.conclude")
MUSTER_MACHINE_EVENT(review, "at once, after conclude")  // reports are now owed
MUSTER_MACHINE_EVENT(filed, "incident.review_filed")     // one after-action report arrived
MUSTER_MACHINE_EVENT(report_due, "timer: review.due")    // reports still owed
}  // namespace incident_ev

bool last_report(const dispatch& cx);
inline bool more_reports_owed(const dispatch& cx) { return !last_report(cx); }
void incident_reported(dispatch& cx);
void incident_regraded(dispatch& cx);
void incident_situation_updated(dispatch& cx);
void incident_hq_established(dispatch& cx);
void incident_concluded(dispatch& cx);
void incident_review_started(dispatch& cx);
void incident_report_filed(dispatch& cx);
void incident_closed(dispatch& cx);
void incident_report_overdue(dispatch& cx);

struct incident_def : machine_base<incident_def> {
  static constexpr const char* name = "incident";

  MUSTER_MACHINE_STATE(reported)
  MUSTER_MACHINE_STATE(first_response)
  MUSTER_MACHINE_STATE(fire_led)
  MUSTER_MACHINE_STATE(hq_led)
  MUSTER_MACHINE_STATE(concluded)
  MUSTER_MACHINE_STATE(under_review)
  MUSTER_MACHINE_STATE(closed)
  typedef reported initial_state;

  MUSTER_MACHINE_ACTION(on_report, incident_reported)
  MUSTER_MACHINE_ACTION(on_regrade, incident_regraded)
  MUSTER_MACHINE_ACTION(on_update, incident_situation_updated)
  MUSTER_MACHINE_ACTION(on_hq, incident_hq_established)
  MUSTER_MACHINE_ACTION(on_conclude, incident_concluded)
  MUSTER_MACHINE_ACTION(on_review, incident_review_started)
  MUSTER_MACHINE_ACTION(on_filed, incident_report_filed)
  MUSTER_MACHINE_ACTION(on_closed, incident_closed)
  MUSTER_MACHINE_ACTION(on_report_due, incident_report_overdue)

  MUSTER_MACHINE_GUARD(is_last, last_report)
  MUSTER_MACHINE_GUARD(not_last, more_reports_owed)

  using none = boost::msm::front::none;
  template <class S, class E, class T, class A = none, class G = none>
  using row = boost::msm::front::Row<S, E, T, A, G>;

  struct transition_table : boost::mpl::vector<
      row<reported,       incident_ev::report,     first_response, on_report>,
      row<first_response, incident_ev::respond,    fire_led>,
      row<fire_led,       incident_ev::respond,    fire_led>,
      row<hq_led,         incident_ev::respond,    hq_led>,
      row<first_response, incident_ev::regrade,    first_response, on_regrade>,
      row<fire_led,       incident_ev::regrade,    fire_led,       on_regrade>,
      row<hq_led,         incident_ev::regrade,    hq_led,         on_regrade>,
      row<first_response, incident_ev::update,     first_response, on_update>,
      row<fire_led,       incident_ev::update,     fire_led,       on_update>,
      row<hq_led,         incident_ev::update,     hq_led,         on_update>,
      row<first_response, incident_ev::hq,         hq_led,         on_hq>,
      row<fire_led,       incident_ev::hq,         hq_led,         on_hq>,
      row<hq_led,         incident_ev::hq,         hq_led,         on_hq>,
      row<first_response, incident_ev::conclude,   concluded,      on_conclude>,
      row<fire_led,       incident_ev::conclude,   concluded,      on_conclude>,
      row<hq_led,         incident_ev::conclude,   concluded,      on_conclude>,
      row<concluded,      incident_ev::review,     under_review,   on_review>,
      row<under_review,   incident_ev::filed,      closed,         on_closed,     is_last>,
      row<under_review,   incident_ev::filed,      under_review,   on_filed,      not_last>,
      row<under_review,   incident_ev::report_due, under_review,   on_report_due>> {};
};

using incident_machine = boost::msm::back::state_machine<incident_def>;

}  // namespace detail
MUSTER_END_NAMESPACE
