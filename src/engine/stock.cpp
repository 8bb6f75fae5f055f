// Stock held by requisitions (4.3 "应急物资储备和大型机械设备征用"): a chain with
// `stock: reserve` draws its quantity from one force's equipment or materials item. The units
// are held from the opening, so two requisitions can never promise the same boat; they come
// back when the requisition ends unapproved, or, once handed over, when a `release_stock`
// action (typically of the return chain it opened) says they are back.
#include "engine/engine_impl.hpp"

#include <muster/policy.hpp>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

std::uint32_t slot_of(const engine::impl& en, index_t force, index_t item) { return en.item_offset[force] + item; }

const counted_item& item_of(const engine::impl& en, index_t force, index_t item) { return *en.reg->forces[force].item(item); }

std::string item_text(const engine::impl& en, index_t force, index_t item) {
  const text& name = item_of(en, force, item).name;
  if (name.zh.empty() || name.en.empty()) return name.zh.empty() ? name.en : name.zh;
  return name.zh + " (" + name.en + ")";
}

void set_held(dispatch& cx, std::uint32_t slot, std::uint32_t value) {
  cx.en.undo.item_held.emplace_back(slot, cx.en.item_held[slot]);
  cx.en.item_held[slot] = value;
}

/// "3 (2), 7 (1)": the requests holding the item now and how many each, for a refusal's detail
/// (at most five named). Linear in the requests, and only on the refusal path.
std::string holders(const engine::impl& en, index_t force, index_t item) {
  std::string out;
  unsigned named = 0, more = 0;
  en.requests.for_each_index([&](std::size_t i, const request_record& r) {
    if (r.held == 0 || r.item != item || en.force_pool[r.forces] != force) return;
    if (named == 5) {
      ++more;
      return;
    }
    out += (named++ ? ", " : "") + std::to_string(i + 1) + " (" + std::to_string(r.held) + ")";
  });
  if (more) out += " and " + std::to_string(more) + " more";
  return out;
}

}  // namespace

std::int64_t stock_left(const engine::impl& en, index_t force, index_t item) {
  const std::uint32_t slot = slot_of(en, force, item);
  return static_cast<std::int64_t>(en.item_counts[slot]) - static_cast<std::int64_t>(en.item_held[slot]);
}

bool stock_fits(dispatch& cx, const chain& c) {
  const event& e = cx.ev;
  const engine::impl& en = cx.en;
  if (!c.reserves_stock) {
    if (e.item != no_index)
      return cx.reject(rejection::malformed, "chain " + c.id + " draws on no stock (it has no stock: reserve); name no item"), false;
    return true;
  }
  if (e.force_count != 1 || e.capabilities != 0 || e.item == no_index)
    return cx.reject(rejection::malformed, "chain " + c.id + " draws on stock: name one force in forces and the item of its stock"), false;
  const index_t force = e.forces[0];
  if (e.item >= en.reg->forces[force].item_count())
    return cx.reject(rejection::unknown_reference, "item " + std::to_string(e.item) + " is not an equipment or material item of force " +
                                                       en.reg->forces[force].id), false;
  const std::int64_t left = stock_left(en, force, e.item);
  if (e.quantity <= left) return true;
  const std::uint32_t slot = slot_of(en, force, e.item);
  std::string why = en.reg->forces[force].id + " has " + std::to_string(std::max<std::int64_t>(left, 0)) + " of " +
                    item_text(en, force, e.item) + " left; " + std::to_string(e.quantity) + " asked (stock " +
                    std::to_string(en.item_counts[slot]) + ", " + std::to_string(en.item_held[slot]) + " held";
  const std::string by = holders(en, force, e.item);
  why += by.empty() ? ")" : " by requests " + by + ")";
  return cx.reject(rejection::insufficient_stock, std::move(why)), false;
}

void hold_stock(dispatch& cx, index_t item, std::int64_t quantity) {
  request_record& r = cx.req();
  const index_t force = cx.en.force_pool[r.forces];
  const std::uint32_t slot = slot_of(cx.en, force, item);
  r.item = item;
  r.held = static_cast<std::uint32_t>(quantity);
  cx.en.stock_in_play = true;
  set_held(cx, slot, cx.en.item_held[slot] + r.held);
}

void hold_less(dispatch& cx, std::int64_t units) {
  request_record& r = cx.req();
  if (units < 0 || r.held <= units) return;
  const std::uint32_t slot = slot_of(cx.en, cx.en.force_pool[r.forces], r.item);
  const std::uint32_t surplus = r.held - static_cast<std::uint32_t>(units);
  set_held(cx, slot, cx.en.item_held[slot] - std::min(cx.en.item_held[slot], surplus));
  r.held = static_cast<std::uint32_t>(units);
}

bool give_back_stock(dispatch& cx) {
  request_record& r = cx.req();
  if (r.held == 0) return false;
  cx.touch_request(cx.request);
  const std::uint32_t slot = slot_of(cx.en, cx.en.force_pool[r.forces], r.item);
  set_held(cx, slot, cx.en.item_held[slot] - std::min(cx.en.item_held[slot], r.held));
  r.held = 0;
  return true;
}

void release_unapproved(dispatch& cx) {
  const request_record& r = cx.req();
  if (r.held == 0 || r.stock_out) return;
  give_back_stock(cx);
  cx.emit(effect_kind::notify, topic::stock_released, r.drafted_by, {cx.en.at.chains[r.chain]});
}

void hand_over_stock(dispatch& cx) {
  if (cx.req().held == 0) return;
  cx.touch_request(cx.request);
  cx.req().stock_out = true;
}

void pass_on_stock(dispatch& cx, std::uint32_t from, std::uint32_t to) {
  request_record& giver = cx.en.requests[from];
  request_record& taker = cx.en.requests[to];
  if (giver.held == 0 || taker.force_count != 1 || cx.en.force_pool[taker.forces] != cx.en.force_pool[giver.forces]) return;
  cx.touch_request(from);
  cx.touch_request(to);
  taker.item = giver.item;
  taker.held = giver.held;
  taker.stock_out = giver.stock_out;
  giver.held = 0;
}

void name_stock_items(engine::impl& en, std::size_t from) {
  if (!en.stock_in_play) return;  // no request has ever drawn on stock: nothing to name
  for (std::size_t i = from; i < en.out.effects.size(); ++i) {
    effect& e = en.out.effects[i];
    if (e.request == 0 || !en.requests.present(e.request - 1)) continue;
    const request_record& r = en.requests[e.request - 1];
    if (r.item == no_index) continue;
    if (e.force == no_index) e.force = en.force_pool[r.forces];
    if (e.force == en.force_pool[r.forces]) e.item = r.item;
  }
}

}  // namespace detail
MUSTER_END_NAMESPACE
