// Pass `lower`: the command, first_response, headquarters, information and review blocks are
// sugar; this pass writes them as the one form the engine runs, policy::reactions (what happens
// on each incident event, in order). The orders block becomes the terms of each deploying
// action's orders. `muster summary` prints this form.
//
// The order within each event is the order the engine has always produced effects in: a journal
// checks on reopening that replay gives its recorded effects in order, so it is fixed here.
#include "policy/policy_context.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

/// Information routes tell each organisation once per event, across the routes.
constexpr std::uint8_t routes_group = 1;

/// Topics of the notices an event's information routes send: to `notify`, then to `copy`.
std::pair<topic, topic> route_topics(incident_event e) {
  switch (e) {
    case incident_event::report: return {topic::incident_reported, topic::incident_copied};
    case incident_event::regrade: return {topic::regraded, topic::regraded};
    case incident_event::hq_established: return {topic::hq_established, topic::hq_established};
    case incident_event::conclude: return {topic::concluded, topic::concluded};
    case incident_event::update: return {topic::situation_updated, topic::situation_updated};
    case incident_event::force_update: return {topic::force_status_changed, topic::force_status_changed};
    default: return {topic::none, topic::none};
  }
}

class lowering {
 public:
  explicit lowering(policy& p) : p_(p) {}

  void run() {
    order_terms();
    for (int e = 0; e < incident_event_count; ++e) {
      p_.reactions_at[e] = static_cast<std::uint16_t>(p_.reactions.size());
      event(static_cast<incident_event>(e));
    }
    p_.reactions_at[incident_event_count] = static_cast<std::uint16_t>(p_.reactions.size());
  }

 private:
  void event(incident_event e) {
    switch (e) {
      case incident_event::report:
        routes(e);
        command_by_grade(e);
        first_response();
        break;
      case incident_event::regrade:
        routes(e);
        command_by_grade(e);
        break;
      case incident_event::hq_established:
        if (p_.headquarters.takes_command) {
          reaction& r = add(e, reaction_kind::actor_takes_position, rule_block::headquarters);
          r.position = command_position::commander;
          r.also = {rule_block::command, 0};
        }
        routes(e, {rule_block::headquarters, 0});
        add(e, reaction_kind::tell_replaced, rule_block::headquarters);
        break;
      case incident_event::review_start: {
        reaction& r = add(e, reaction_kind::request_reports, rule_block::review);
        r.to = {p_.review.report_to};
        r.due = p_.review.due;
        r.on_timeout = p_.review.on_timeout;
        break;
      }
      case incident_event::review_close: {
        reaction& r = add(e, reaction_kind::notify, rule_block::review);
        r.to = {party_ref{no_index, party_scope::incident, command_position::coordinator}};
        r.to_topic = topic::closed;
        break;
      }
      default:
        routes(e);
        break;
    }
  }

  reaction& add(incident_event e, reaction_kind k, rule_block from, index_t index = 0) {
    reaction& r = p_.reactions.emplace_back();
    r.on = e;
    r.kind = k;
    r.source = {from, index};
    return r;
  }

  void routes(incident_event e, rule_source also = {}) {
    const auto [to_topic, copy_topic] = route_topics(e);
    for (std::size_t i = 0; i < p_.information.size(); ++i) {
      const information_route& route = p_.information[i];
      if (route.on != e) continue;
      reaction& r = add(e, reaction_kind::notify, rule_block::information, static_cast<index_t>(i));
      r.when = route.when;
      r.to = route.notify;
      r.copy = route.copy;
      r.to_topic = to_topic;
      r.copy_topic = copy_topic;
      r.notice_group = routes_group;
      r.also = also;
    }
  }

  /// The orders block gives every deploying action the terms of its orders.
  void order_terms() {
    for (chain& c : p_.chains)
      for (chain_action& a : c.on_approved) {
        if (a.kind != action_kind::issue_orders && a.kind != action_kind::request_support) continue;
        if (a.ack_timeout == 0) a.ack_timeout = p_.orders.ack_timeout;
        a.escalate_to = p_.orders.escalate_to;
        a.propose_substitutes = p_.orders.propose_substitutes;
      }
  }

  void command_by_grade(incident_event e) { add(e, reaction_kind::command_by_grade, rule_block::command); }

  void first_response() {
    reaction& r = add(incident_event::report, reaction_kind::notify, rule_block::first_response);
    r.to = {p_.first_response.by};
    r.to_topic = topic::first_response;
    r.takes_part = true;
  }

  policy& p_;
};

}  // namespace

void lower_incident_blocks(policy_context& cx) { lowering(cx.p).run(); }

}  // namespace detail
MUSTER_END_NAMESPACE
