// The machines' rows, mirrored from include/muster/machines/*.hpp for `muster graph`.
// tests/engine/test_machine_tables.cpp checks them against the MSM transition tables.
#include "cli/machine_tables.hpp"

namespace muster::cli {
namespace {

const machine_table incident_table{
    "incident",
    "incident machine (include/muster/machines/incident.hpp)",
    "3.3.1, 3.3.2, 3.1.1, 3.1.3, 3.3.3",
    {"reported", "first_response", "fire_led", "hq_led", "concluded", "under_review", "closed"},
    {"closed"},
    {
        {"reported", "report", "first_response", "on_report", "", "incident.report"},
        {"first_response", "respond", "fire_led", "", "", "plan.draft, reinforcement.apply"},
        {"fire_led", "respond", "fire_led", "", "", "plan.draft, reinforcement.apply"},
        {"hq_led", "respond", "hq_led", "", "", "plan.draft, reinforcement.apply"},
        {"first_response", "regrade", "first_response", "on_regrade", "", "incident.regrade"},
        {"fire_led", "regrade", "fire_led", "on_regrade", "", "incident.regrade"},
        {"hq_led", "regrade", "hq_led", "on_regrade", "", "incident.regrade"},
        {"first_response", "hq", "hq_led", "on_hq", "", "incident.hq_established"},
        {"fire_led", "hq", "hq_led", "on_hq", "", "incident.hq_established"},
        {"hq_led", "hq", "hq_led", "on_hq", "", "incident.hq_established (the level commanding now takes over)"},
        {"first_response", "conclude", "concluded", "on_conclude", "", "incident.conclude"},
        {"fire_led", "conclude", "concluded", "on_conclude", "", "incident.conclude"},
        {"hq_led", "conclude", "concluded", "on_conclude", "", "incident.conclude"},
        {"concluded", "review", "under_review", "on_review", "", "at once, after conclude"},
        {"under_review", "filed", "closed", "on_closed", "is_last", "incident.review_filed"},
        {"under_review", "filed", "under_review", "on_filed", "not_last", "incident.review_filed"},
        {"under_review", "report_due", "under_review", "on_report_due", "", "timer: review.due"},
    }};

const machine_table chain_table{
    "approval_chain",
    "approval chain machine (include/muster/machines/approval_chain.hpp)",
    "3.1.2, 2.2",
    {"drafted", "awaiting", "approved", "executed", "rejected", "withdrawn", "expired", "failed"},
    {"executed", "rejected", "withdrawn", "expired", "failed"},
    {
        {"drafted", "open", "awaiting", "start", "waiting | next_step", "plan.draft, reinforcement.apply"},
        {"drafted", "open", "approved", "start", "done", "plan.draft, reinforcement.apply"},
        {"awaiting", "answer", "awaiting", "record", "waiting | next_step", "request.approve, request.consent"},
        {"awaiting", "answer", "approved", "record", "done", "request.approve, request.consent"},
        {"awaiting", "refuse", "awaiting", "on_refuse", "waiting | next_step", "request.refuse"},
        {"awaiting", "refuse", "approved", "on_refuse", "done", "request.refuse"},
        {"awaiting", "refuse", "failed", "on_refuse", "failed", "request.refuse"},
        {"awaiting", "reject", "rejected", "on_reject", "", "request.reject"},
        {"awaiting", "withdraw", "withdrawn", "on_withdraw", "", "request.withdraw, incident.conclude"},
        {"awaiting", "timeout", "awaiting", "on_silence", "waiting", "timer: step timeout"},
        {"awaiting", "timeout", "expired", "on_expire", "expire", "timer: step timeout"},
        {"awaiting", "reroute", "awaiting", "on_reroute", "waiting", "incident.regrade moving command"},
        {"awaiting", "reroute", "failed", "on_unroutable", "failed", "incident.regrade: nobody left to ask"},
        {"approved", "execute", "executed", "run_on_approved", "", "at once, after approval"},
    }};

const machine_table order_table{
    "order",
    "order machine (include/muster/machines/order.hpp)",
    "3.1.2, 3.3.2",
    {"issued", "overdue", "acknowledged", "en_route", "on_scene", "released", "declined"},
    {"released", "declined"},
    {
        {"issued", "ack", "acknowledged", "on_ack", "", "order.ack"},
        {"issued", "decline", "declined", "on_decline", "", "order.decline"},
        {"issued", "ack_due", "overdue", "on_overdue", "", "timer: orders.ack_timeout"},
        {"overdue", "ack", "acknowledged", "on_ack", "", "order.ack"},
        {"overdue", "decline", "declined", "on_decline", "", "order.decline"},
        {"acknowledged", "depart", "en_route", "", "", "order.depart"},
        {"acknowledged", "arrive", "on_scene", "", "", "order.arrive"},
        {"en_route", "arrive", "on_scene", "", "", "order.arrive"},
        {"acknowledged", "release", "released", "on_release", "", "order.release"},
        {"en_route", "release", "released", "on_release", "", "order.release"},
        {"on_scene", "release", "released", "on_release", "", "order.release"},
    }};

}  // namespace

const std::vector<const machine_table*>& machine_tables() {
  static const std::vector<const machine_table*> all{&incident_table, &chain_table, &order_table};
  return all;
}

}  // namespace muster::cli
