// Opening a chain: by an event that names it (chain.open or its shorthands), by an engine event
// the chain's `opened_on` names, or by another chain's `open_chain` outcome. One path for all.
#include "engine/engine_impl.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {

std::uint32_t open_request(dispatch& cx, index_t c, index_t drafter, const index_t* forces, unsigned force_count, std::int64_t measure,
                           stock_source stock) {
  engine::impl& en = cx.en;
  cx.touch_incident(cx.incident);
  const auto index = static_cast<std::uint32_t>(en.requests.size());
  request_record& r = en.requests.emplace_back();
  r.incident = cx.incident;
  r.chain = c;
  r.drafted_by = drafter;
  r.measure = measure;
  r.forces = static_cast<std::uint32_t>(en.force_pool.size());
  r.force_count = static_cast<std::uint8_t>(force_count);
  en.force_pool.insert(en.force_pool.end(), forces, forces + force_count);
  r.next_in_incident = cx.inc().first_request;
  cx.inc().first_request = index;
  cx.request = index;
  if (stock.from != no_record) pass_on_stock(cx, stock.from, index);
  else if (stock.item != no_index) hold_stock(cx, stock.item, measure);
  en.requests[index].m.fsm.process_event(chain_ev::open{&cx});
  if (!cx.refused && state_of(en.requests[index]) == request_state::approved)
    en.requests[index].m.fsm.process_event(chain_ev::execute{&cx});
  cx.request = index;
  return index;
}

std::uint32_t open_announced(dispatch& cx, index_t c, index_t drafter, const index_t* forces, unsigned force_count, std::int64_t measure,
                             rule_index because, stock_source stock) {
  cx.request = no_record;
  cx.emit(effect_kind::notify, topic::request_opened, drafter, {because, cx.en.at.chains[c]});
  const std::size_t told_at = cx.en.out.effects.size() - 1;
  const std::uint32_t index = open_request(cx, c, drafter, forces, force_count, measure, stock);
  effect& told = cx.en.out.effects[told_at];  // by position: opening may have grown the effects
  told.request = index + 1;
  told.chain = c;
  told.measure = measure;
  if (force_count == 1) told.force = forces[0];
  return index;
}

void open_triggered(dispatch& cx, chain_trigger trigger, index_t force) {
  const engine::impl& en = cx.en;
  const auto bit = static_cast<std::uint8_t>(1U << static_cast<unsigned>(trigger));
  const std::uint32_t request_before = cx.request;
  const std::uint32_t order_before = cx.order;
  cx.order = no_record;  // the new request's effects are about it, not about the order that triggered it
  for (std::size_t c = 0; c < en.p.chains.size() && !cx.refused; ++c) {
    const chain& ch = en.p.chains[c];
    if (!(ch.triggers & bit)) continue;
    // Where the chain's parties do not exist (no upper level above the command), it is not opened.
    if (ch.needs_upper && en.p.jurisdictions[cx.inc().command].parent == no_index) continue;
    const index_t drafter = resolve_party(en, cx.inc(), ch.opened_by, force);
    if (drafter == no_index) continue;
    open_announced(cx, static_cast<index_t>(c), drafter, &force, force == no_index ? 0U : 1U, 0, no_rule);
  }
  cx.request = request_before;
  cx.order = order_before;
}

}  // namespace detail
MUSTER_END_NAMESPACE
