// Orders: creation on approval, and the actions of the order machine (3.1.2, 3.3.2); a real
// order taking over a force busy in a drill (3.2.3).
#include "engine/engine_impl.hpp"
#include "engine/handlers.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

/// The capabilities a replacement must bring: what the force brings that the incident needs,
/// or everything it brings when the incident type names none of them. An expert group is
/// replaced by one that covers every field it covers.
std::uint64_t required_of(const dispatch& cx, index_t force, bool support) {
  const std::uint64_t has = cx.en.facts[force].capabilities;
  if (support) return has;
  std::uint64_t needs = 0;
  for (index_t c : cx.en.p.incident_types[cx.inc().type].needs) needs |= std::uint64_t{1} << c;
  return (has & needs) ? (has & needs) : has;
}

/// The action that gave the current order: its terms (ack deadline, escalation, substitutes).
const chain_action& terms_of(const dispatch& cx) {
  const order_record& o = cx.en.orders[cx.order];
  return cx.en.p.chains[cx.en.requests[o.request - 1].chain].on_approved[o.action];
}

void propose_substitutes(dispatch& cx, rule_index why, topic about) {
  const order_record& o = cx.ord();
  if (!terms_of(cx).propose_substitutes) return;
  const auto found = substitutes(cx.en, cx.inc(), required_of(cx, o.force, o.support), {o.force},
                                 cx.en.opt.max_substitutes, o.support, on_scene_teams(cx.inc()));
  for (index_t sub : found) {
    effect& e = cx.emit(effect_kind::propose_substitute, about, o.issued_by, {why});
    e.force = sub;
    cite_checks(cx.en, e, sub, cx.inc().jurisdiction);
  }
}

void release_force(dispatch& cx) {
  const order_record& o = cx.ord();
  if (cx.en.committed[o.force] == cx.order + 1) cx.commit_force(o.force, 0);
}

/// 3.2.3: a real order has taken over the force of drill order `drill` (an index), and the
/// force is already committed to it. The drill is told, in its own terms: its order's issuer
/// and its commander get a notify force_in_drill about the drill's incident and order (so
/// exercise-marked), naming the force. Then the drill's order ends, by its machine, so the
/// drill's record and rules follow: released when the force had acknowledged it (the drill's
/// order.released rules run), declined on its behalf when it had not (the issuer is told, and
/// substitutes are proposed for the drill as for any declined order). The force's commitment
/// to the real order is left alone: release_force frees only a force committed to its own order.
void end_drill_order(dispatch& cx, std::uint32_t drill) {
  engine::impl& en = cx.en;
  dispatch dx{en, cx.ev, en.orders[drill].incident};
  dx.order = drill;
  dx.touch_order(drill);
  order_record& o = dx.ord();
  once_each told;
  for (index_t to : {o.issued_by, command_for(en, dx.inc(), dx.inc().grade).second})
    if (told.first(to)) dx.emit(effect_kind::notify, topic::force_in_drill, to, {en.at.orders}).force = o.force;
  const order_state state = state_of(o);
  if (state == order_state::issued || state == order_state::overdue) run(o.m.fsm, order_ev::decline{&dx});
  else run(o.m.fsm, order_ev::release{&dx});
  if (dx.refused) cx.reject(dx.reason, dx.detail);
}

}  // namespace

void issue_order(dispatch& cx, index_t force, index_t issuer, std::initializer_list<rule_index> because, std::size_t action) {
  engine::impl& en = cx.en;
  const chain_action& terms = en.p.chains[cx.req().chain].on_approved[action];
  const bool support = terms.kind == action_kind::request_support;
  // 3.2.3: a real incident may take a force busy in a drill; its order says so (below).
  const order_id drill = cx.inc().status == input_status::actual ? drill_order(en, force) : 0;
  const auto index = static_cast<std::uint32_t>(en.orders.size());
  order_record& o = en.orders.emplace_back();
  o.incident = cx.incident;
  o.request = cx.request + 1;
  o.action = static_cast<std::uint8_t>(action);
  o.force = force;
  o.issued_by = issuer;
  o.support = support;
  o.due = en.now + terms.ack_timeout;
  o.timer_gen = 1;
  incident_record& inc = cx.inc();
  cx.touch_incident(cx.incident);
  o.next_in_incident = inc.first_order;
  inc.first_order = index;
  cx.commit_force(force, index + 1);

  const std::uint32_t saved = cx.order;
  cx.order = index;
  effect& e = cx.emit(support ? effect_kind::request_support : effect_kind::issue_order, drill ? topic::force_in_drill : topic::none,
                      en.facts[force].owner, because);
  e.from = issuer;
  e.force = force;
  e.due = o.due;
  cite_checks(en, e, force, cx.inc().jurisdiction);
  cx.order = saved;
  cx.start_timer(timer_kind::order_ack, index, o.timer_gen, o.due);
  if (drill) end_drill_order(cx, drill - 1);
}

void order_acknowledged(dispatch& cx) { ++cx.ord().timer_gen; }

void order_declined(dispatch& cx) {
  ++cx.ord().timer_gen;
  release_force(cx);
  effect& e = cx.emit(effect_kind::notify, topic::order_declined, cx.ord().issued_by, {cx.en.at.orders});
  e.force = cx.ord().force;
  propose_substitutes(cx, cx.en.at.orders, topic::order_declined);
}

void order_ack_overdue(dispatch& cx) {
  const order_record& o = cx.ord();
  for (const party_ref& party : terms_of(cx).escalate_to) {
    effect& e = cx.emit(effect_kind::escalate, topic::order_overdue, resolve_party(cx.en, cx.inc(), party, o.force), {cx.en.at.orders});
    e.force = o.force;
    e.from = o.issued_by;
  }
  propose_substitutes(cx, cx.en.at.orders, topic::order_overdue);
}

void order_released(dispatch& cx) {
  release_force(cx);
  open_triggered(cx, chain_trigger::order_released, cx.ord().force);
  if (cx.ord().departed) open_triggered(cx, chain_trigger::order_returned, cx.ord().force);
}

void order_departed(dispatch& cx) {
  cx.touch_order(cx.order);
  cx.ord().departed = true;
  open_triggered(cx, chain_trigger::order_departed, cx.ord().force);
}

}  // namespace detail
MUSTER_END_NAMESPACE
