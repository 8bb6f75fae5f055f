// Requisitions against the registry's stock (4.3): a chain with `stock: reserve` holds its
// quantity of one force's item from the opening; asking for more than is left is a typed
// refusal naming what is left; the units come back when the requisition ends unapproved, and
// once approved only when the return chain's release_stock runs. On the reference policy
// (rules/weihai.yaml: requisition, requisition_return), driven through the codec as a host
// would, so the event's `item` and the effects' quantity / item are checked as JSON too.
#include "engine/scenario.hpp"

#include <muster/codec.hpp>
#include <muster/engine.hpp>

#include <fmt/format.h>

#include <string>

using muster::codec;
using muster::owned_event;
using muster::rejection;
using muster_test::no_special_period;

namespace {

class stock_run {
 public:
  stock_run() : engine_(muster_test::weihai().policy, muster_test::weihai().forces), codec_(muster_test::weihai().policy, muster_test::weihai().forces) {
    REQUIRE(submit(R"("kind":"incident.report","actor":"wendeng_water","jurisdiction":"wendeng","incident_type":"flood","grade":"general")", 0).accepted);
  }

  /// Submits `fields` (a JSON object's members, without id and time) `minutes` after the start,
  /// about incident f1 unless it is a force.update (which is about no incident).
  const muster::outcome& submit(const std::string& fields, int minutes) {
    const bool about_incident = fields.find("force.update") == std::string::npos;
    const std::string json = fmt::format(R"({{"id":"e{}","at":{},{}{}}})", ++count_, no_special_period + minutes * 60,
                                         about_incident ? R"("incident":"f1",)" : "", fields);
    owned_event ev;
    INFO(json);
    const muster::status err = codec_.decode_event(json, ev);
    REQUIRE_MESSAGE(err.ok(), err.message());
    return engine_.submit(ev.ev);
  }

  const muster::outcome& requisition(const std::string& force, const std::string& item, int quantity, int minutes) {
    return submit(fmt::format(R"("kind":"chain.open","actor":"wendeng_fire","chain":"requisition","forces":["{}"],"item":"{}","quantity":{})",
                              force, item, quantity),
                  minutes);
  }

  /// Units of the force's item held by requisitions now.
  std::uint32_t held(const std::string& force, std::size_t item) const {
    return engine_.force_status(muster_test::force(force))->held.at(item);
  }

  std::string effects_json(const muster::outcome& o) const { return codec_.encode_outcome(o, engine_); }

  muster::engine& engine() { return engine_; }
  codec& json() { return codec_; }

 private:
  muster::engine engine_;
  codec codec_;
  int count_ = 0;
};

// rushan_fire_brigade: equipment 0 water tender …; its assault boats (冲锋舟, 2) are item 2.
constexpr std::size_t rushan_boats = 2;

}  // namespace

TEST_CASE("4.3 requisition: the units are held from the asking; more than is left is insufficient_stock, naming what is left, and changes nothing") {
  stock_run r;
  REQUIRE(muster_test::registry().forces[muster_test::force("rushan_fire_brigade")].item(rushan_boats)->name.zh == "冲锋舟");
  const auto& asked = r.requisition("rushan_fire_brigade", "冲锋舟", 2, 5);
  REQUIRE(asked.accepted);
  CHECK(r.held("rushan_fire_brigade", rushan_boats) == 2);
  const std::string opened = r.effects_json(asked);
  CHECK(opened.find(R"("chain":"requisition","quantity":2,"item":"冲锋舟")") != std::string::npos);
  auto req = r.engine().request(1);
  REQUIRE(req);
  CHECK(req->measure == 2);
  CHECK(req->item == rushan_boats);
  CHECK(req->held == 2);

  const std::string before = r.engine().state_digest();
  const auto& more = r.requisition("rushan_fire_brigade", "Assault boat", 1, 6);
  REQUIRE_FALSE(more.accepted);
  CHECK(more.reason == rejection::insufficient_stock);
  CHECK(more.detail == "rushan_fire_brigade has 0 of 冲锋舟 (Assault boat) left; 1 asked (stock 2, 2 held by requests 1 (2))");
  CHECK(r.engine().state_digest() == before);
  CHECK(r.held("rushan_fire_brigade", rushan_boats) == 2);

  // The count itself can fall below what is held (a boat lost): nothing more can be asked, and
  // the refusal says none is left rather than a negative number.
  REQUIRE(r.submit(R"("kind":"force.update","actor":"rushan_fire","force":"rushan_fire_brigade","item":"冲锋舟","count":1)", 7).accepted);
  const auto& lost = r.requisition("rushan_fire_brigade", "冲锋舟", 1, 8);
  CHECK(lost.reason == rejection::insufficient_stock);
  CHECK(lost.detail.rfind("rushan_fire_brigade has 0 of 冲锋舟 (Assault boat) left; 1 asked (stock 1, 2 held", 0) == 0);
}

TEST_CASE("4.3 requisition: refused or withdrawn before approval, the units are back at once and the drafter is told") {
  stock_run r;
  REQUIRE(r.requisition("rushan_fire_brigade", "冲锋舟", 2, 5).accepted);
  const auto& refused = r.submit(R"("kind":"request.refuse","actor":"rushan_fire","request":1,"force":"rushan_fire_brigade")", 6);
  REQUIRE(refused.accepted);
  CHECK(r.held("rushan_fire_brigade", rushan_boats) == 0);
  const std::string told = r.effects_json(refused);
  CHECK(told.find(R"("topic":"stock_released","incident":"f1","request":1,"to":"wendeng_fire")") != std::string::npos);

  REQUIRE(r.requisition("rushan_fire_brigade", "冲锋舟", 1, 7).accepted);
  CHECK(r.held("rushan_fire_brigade", rushan_boats) == 1);
  REQUIRE(r.submit(R"("kind":"request.withdraw","actor":"wendeng_fire","request":2)", 8).accepted);
  CHECK(r.held("rushan_fire_brigade", rushan_boats) == 0);

  // Silence ends it too: the owner's consent expires after remind, escalate, expire (30m each).
  REQUIRE(r.requisition("rushan_fire_brigade", "冲锋舟", 2, 10).accepted);
  r.engine().advance_to(no_special_period + 10 * 60 + 91 * 60);
  CHECK(r.engine().request(3)->state == muster::request_state::expired);
  CHECK(r.held("rushan_fire_brigade", rushan_boats) == 0);
}

TEST_CASE("4.3 requisition: approved, the units pass to the return chain, outlive the incident, and come back only on release_stock") {
  stock_run r;
  REQUIRE(r.requisition("rushan_fire_brigade", "冲锋舟", 2, 5).accepted);
  REQUIRE(r.submit(R"("kind":"request.consent","actor":"rushan_fire","request":1,"force":"rushan_fire_brigade")", 10).accepted);
  CHECK(r.engine().request(1)->held == 0);  // taken over
  CHECK(r.engine().request(2)->held == 2);
  CHECK(r.held("rushan_fire_brigade", rushan_boats) == 2);

  REQUIRE(r.submit(R"("kind":"incident.conclude","actor":"wendeng_fire")", 6 * 60).accepted);
  CHECK(r.engine().request(2)->state == muster::request_state::awaiting);  // not withdrawn: the boats are still out
  REQUIRE(r.submit(R"("kind":"request.submit","actor":"wendeng_fire","request":2)", 2 * 24 * 60).accepted);
  CHECK(r.held("rushan_fire_brigade", rushan_boats) == 2);  // returned is not yet confirmed
  const auto& confirmed = r.submit(R"("kind":"request.acknowledge","actor":"rushan_fire","request":2,"force":"rushan_fire_brigade")", 2 * 24 * 60 + 30);
  REQUIRE(confirmed.accepted);
  CHECK(r.held("rushan_fire_brigade", rushan_boats) == 0);
  CHECK(r.engine().request(2)->held == 0);
  CHECK(r.effects_json(confirmed).find(R"("topic":"stock_released","incident":"f1","request":2,"to":"rushan_fire")") != std::string::npos);
}

TEST_CASE("4.3 chain.open item: one force and an item of its stock; a chain that draws on no stock takes none") {
  stock_run r;
  owned_event ev;
  const std::string two_forces = fmt::format(
      R"({{"id":"x1","at":{},"incident":"f1","kind":"chain.open","actor":"wendeng_fire","chain":"requisition","forces":["rushan_fire_brigade","huancui_fire_brigade"],"item":"冲锋舟","quantity":1}})",
      no_special_period + 60);
  muster::status err = r.json().decode_event(two_forces, ev);
  REQUIRE_FALSE(err.ok());
  CHECK(err.where().path == "item");
  CHECK(err.what() == "names an item of one force's stock: give exactly one force in forces");

  const std::string unknown = fmt::format(
      R"({{"id":"x2","at":{},"incident":"f1","kind":"chain.open","actor":"wendeng_fire","chain":"requisition","forces":["rushan_fire_brigade"],"item":"helicopter","quantity":1}})",
      no_special_period + 60);
  err = r.json().decode_event(unknown, ev);
  REQUIRE_FALSE(err.ok());
  CHECK(err.where().path == "item");
  INFO(err.message());
  CHECK(err.message().find("is not an equipment or material item of force rushan_fire_brigade") != std::string::npos);

  // Without an item, a requisition cannot hold anything: malformed, and nothing changes.
  const std::string before = r.engine().state_digest();
  const auto& no_item = r.submit(R"("kind":"chain.open","actor":"wendeng_fire","chain":"requisition","forces":["rushan_fire_brigade"],"quantity":1)", 2);
  CHECK(no_item.reason == rejection::malformed);
  CHECK(no_item.detail == "chain requisition draws on stock: name one force in forces and the item of its stock");
  // A chain about forces draws on no stock.
  const auto& plan = r.submit(R"("kind":"chain.open","actor":"wendeng_fire","chain":"call_plan","forces":["rushan_fire_brigade"],"item":"冲锋舟")", 3);
  CHECK(plan.reason == rejection::malformed);
  CHECK(plan.detail == "chain call_plan draws on no stock (it has no stock: reserve); name no item");
  CHECK(r.engine().state_digest() == before);
}

TEST_CASE("4.3 requisition: the same inputs hold the same units, and a repeated id gets its first outcome back, quantity and item included") {
  stock_run a, b;
  for (stock_run* r : {&a, &b}) {
    REQUIRE(r->requisition("rushan_fire_brigade", "冲锋舟", 2, 5).accepted);
    REQUIRE(r->requisition("nanhai_fire_brigade", "冲锋舟", 1, 6).accepted);
  }
  CHECK(a.engine().state_digest() == b.engine().state_digest());

  owned_event ev;
  REQUIRE(a.json().decode_event(
      fmt::format(R"({{"id":"e2","at":{},"incident":"f1","kind":"chain.open","actor":"wendeng_fire","chain":"requisition","forces":["rushan_fire_brigade"],"item":"冲锋舟","quantity":2}})",
                  no_special_period + 9 * 60),
      ev).ok());
  const std::string again = a.effects_json(a.engine().submit(ev.ev));
  CHECK(again.find(R"("duplicate":true)") != std::string::npos);
  CHECK(again.find(R"("quantity":2,"item":"冲锋舟")") != std::string::npos);
  CHECK(a.held("rushan_fire_brigade", rushan_boats) == 2);
}

TEST_CASE("4.3 requisition: an approver may grant fewer units, with a reason; the rest go back to stock at once") {
  stock_run r;
  // rushan_fire_brigade's life jackets (救生衣, 160): its first materials item.
  const muster::force_view status = *r.engine().force_status(muster_test::force("rushan_fire_brigade"));
  const std::size_t jackets = status.equipment.size();
  REQUIRE(status.materials.at(0) == 160);

  REQUIRE(r.requisition("rushan_fire_brigade", "救生衣", 40, 5).accepted);
  REQUIRE(r.submit(R"("kind":"request.consent","actor":"rushan_fire","request":1,"force":"rushan_fire_brigade")", 6).accepted);
  CHECK(r.held("rushan_fire_brigade", jackets) == 40);  // more than ten: the EM approves

  const std::string before = r.engine().state_digest();
  CHECK(r.submit(R"("kind":"request.approve","actor":"wendeng_em","request":1,"quantity":25)", 7).detail ==
        "granting a smaller quantity needs a reason");
  CHECK(r.submit(R"("kind":"request.approve","actor":"wendeng_em","request":1,"quantity":41,"reason":"more")", 7).detail ==
        "request 1 asks for 40; an approval grants at most that quantity");
  CHECK(r.submit(R"("kind":"request.approve","actor":"wendeng_em","request":1,"amount":25,"reason":"x")", 7).detail ==
        "chain requisition is about a quantity: grant less with quantity");
  CHECK(r.engine().state_digest() == before);

  const auto& granted = r.submit(R"("kind":"request.approve","actor":"wendeng_em","request":1,"quantity":25,"reason":"the rest are needed in Rushan")", 8);
  REQUIRE(granted.accepted);
  CHECK(r.held("rushan_fire_brigade", jackets) == 25);
  CHECK(r.engine().request(2)->held == 25);  // the return chain took over the 25
  const std::string json = r.effects_json(granted);
  CHECK(json.find(R"("topic":"request_reduced","incident":"f1","request":1,"to":"wendeng_fire")") != std::string::npos);
  CHECK(json.find(R"("chain":"requisition_return","quantity":25,"item":"救生衣")") != std::string::npos);
}
