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
  for (std::size_t i = 0; i < force_count; ++i) en.force_pool.push_back(forces[i]);
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

namespace {

/// Opens chain `c` because of an engine event (now, or as a delayed opening falls due), drafted by
/// whoever its `opened_by` names on the incident now. Not opened where that party does not
/// exist: no holder, or no upper level above the command for a chain naming it.
void open_by_itself(dispatch& cx, index_t c, index_t force) {
  const engine::impl& en = cx.en;
  const chain& ch = en.p.chains[c];
  if (ch.needs_upper && en.p.jurisdictions[cx.inc().command].parent == no_index) return;
  const index_t drafter = resolve_party(en, cx.inc(), ch.opened_by, force);
  if (drafter == no_index) return;
  open_announced(cx, c, drafter, &force, force == no_index ? 0U : 1U, 0, no_rule);
}

}  // namespace

void open_triggered(dispatch& cx, chain_trigger trigger, index_t force) {
  engine::impl& en = cx.en;
  const auto t = static_cast<unsigned>(trigger);
  const std::uint32_t request_before = cx.request;
  const std::uint32_t order_before = cx.order;
  cx.order = no_record;  // the new request's effects are about it, not about the order that triggered it
  for (std::size_t c = 0; c < en.p.chains.size() && !cx.refused; ++c) {
    const chain& ch = en.p.chains[c];
    if (!(ch.triggers >> t & 1U)) continue;
    if (const seconds_t after = ch.opens_after[t]; after > 0) {
      // Opened later: a record and its timer, both undone with the event if it is refused.
      const auto index = static_cast<std::uint32_t>(en.openings.size());
      en.openings.push_back({cx.ev.at + after, cx.incident, static_cast<index_t>(c), force, false});
      cx.start_timer(timer_kind::chain_opening, index, 0, cx.ev.at + after);
      continue;
    }
    open_by_itself(cx, static_cast<index_t>(c), force);
  }
  cx.request = request_before;
  cx.order = order_before;
}

void open_when_due(dispatch& cx, std::uint32_t opening) {
  opening_record& o = cx.en.openings[opening];
  // Its time has come once, whatever follows: as its timer leaves the queue for good, this stays
  // set even if opening the chain is refused and the rest is undone.
  o.fired = true;
  cx.incident = o.incident;
  cx.touch_incident(o.incident);
  open_by_itself(cx, o.chain, o.force);
}

}  // namespace detail
MUSTER_END_NAMESPACE
