// The JSON codecs (include/muster/codec.hpp, docs/events.md) on the reference policy:
// every event kind reads back what it writes; every kind of bad input gets its exact path,
// line and column; names get numbers in order of first appearance; times are RFC 3339 at
// the policy's fixed offset; effects and outcomes of a real engine encode exactly.
#include "codec/captured_records.hpp"
#include "codec/event_reader.hpp"

#include <muster/codec.hpp>
#include <muster/engine.hpp>

#include <doctest/doctest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using muster::codec;
using muster::detail::codec_error;  // the decoder's own form (read_event); codec::decode_event answers a status
using muster::event;
using muster::event_kind;
using muster::owned_event;
using muster::timestamp;

namespace {

struct reference_policy {
  std::shared_ptr<const muster::policy> policy;
  std::shared_ptr<const muster::force_registry> forces;
};

const reference_policy& weihai() {
  static const reference_policy r = [] {
    const std::string dir = MUSTER_SOURCE_DIR;
    auto p = muster::compile_policy_file(dir + "/rules/weihai.yaml");
    if (!p.ok()) throw std::runtime_error("rules/weihai.yaml does not compile");
    auto f = muster::compile_forces_file(*p.value, dir + "/rules/weihai-forces.yaml");
    if (!f.ok()) throw std::runtime_error("rules/weihai-forces.yaml does not compile");
    return reference_policy{p.value, f.value};
  }();
  return r;
}

codec make_codec() { return codec(weihai().policy, weihai().forces); }

/// Every field of an event, so two events compare by one string and a mismatch is readable.
std::string dump(const event& e) {
  std::string s = "id=" + std::to_string(e.id) + " kind=" + muster::to_string(e.kind) + " at=" + std::to_string(e.at) +
                  " org=" + std::to_string(e.by.organisation) + " person=" + std::to_string(e.by.person) +
                  " incident=" + std::to_string(e.incident) + " target=" + std::to_string(e.target) +
                  " jurisdiction=" + std::to_string(e.jurisdiction) + " type=" + std::to_string(e.incident_type) +
                  " grade=" + std::to_string(e.grade) + " force=" + std::to_string(e.force) +
                  " period=" + std::to_string(e.period) + " until=" + std::to_string(e.until) + " chain=" + std::to_string(e.chain) +
                  " quantity=" + std::to_string(e.quantity) + " amount=" + std::to_string(e.amount) + " forces=[";
  for (std::uint32_t i = 0; i < e.force_count; ++i) s += (i ? "," : "") + std::to_string(e.forces[i]);
  s += "] capabilities=" + std::to_string(e.capabilities) + " break_glass=" + (e.break_glass ? "1" : "0") +
       " reason=" + std::string(e.reason) + " warning=" + std::to_string(e.warning) + " references=" + std::to_string(e.references) +
       " hazard=" + std::to_string(e.hazard) + " level=" + std::to_string(e.level) +
       " status=" + std::to_string(static_cast<int>(e.status)) + " area=[";
  for (std::uint32_t i = 0; i < e.area_count; ++i) s += (i ? "," : "") + std::to_string(e.area[i]);
  s += "] duty=" + std::to_string(e.duty) + " personnel=" + std::to_string(e.personnel) + " item=" + std::to_string(e.item) +
       " count=" + std::to_string(e.count) + " confirmed=" + (e.confirmed ? "1" : "0") + " costs=[";
  for (std::uint32_t i = 0; i < e.cost_count && e.costs; ++i) s += (i ? "," : "") + std::string(e.costs[i].what) + ":" + std::to_string(e.costs[i].amount);
  return s + "]";
}

owned_event decode_ok(codec& c, std::string_view json) {
  owned_event e;
  INFO("json: " << std::string(json));
  const muster::status err = c.decode_event(json, e);
  INFO("error: " << err.message());
  REQUIRE(err.ok());
  return e;
}

/// The error decoding `json` gives, rendered "line:col: path: message".
std::string decode_error(codec& c, std::string_view json) {
  owned_event e;
  const muster::status err = c.decode_event(json, e);
  if (err.ok()) return "(accepted)";
  CHECK(err.code() == muster::status_code::malformed_input);
  return err.message();
}

muster::index_t org(std::string_view id) { return weihai().policy->find_organisation(id); }
muster::index_t force(std::string_view id) { return weihai().forces->find_force(id); }

// One event of every kind, as an integrator writes them (docs/events.md shows the same).
const std::vector<std::string>& samples() {
  static const std::vector<std::string> s = {
      R"({"id":"e-1","kind":"incident.report","at":"2026-07-10T09:00:00+08:00","actor":"wendeng_water","person":42,"incident":"INC-2026-0710-01","jurisdiction":"wendeng","incident_type":"flood","grade":"general"})",
      R"({"id":"e-2","kind":"incident.regrade","at":"2026-07-10T09:30:00+08:00","actor":"wendeng_em","incident":"INC-2026-0710-01","grade":"larger"})",
      R"({"id":"e-3","kind":"incident.hq_established","at":"2026-07-10T10:00:00+08:00","actor":"weihai_gov","incident":"INC-2026-0710-01"})",
      R"({"id":"e-4","kind":"incident.conclude","at":"2026-07-11T18:00:00+08:00","actor":"weihai_em","incident":"INC-2026-0710-01"})",
      R"({"id":"e-5","kind":"incident.review_filed","at":"2026-07-14T09:00:00+08:00","actor":"wendeng_fire","incident":"INC-2026-0710-01"})",
      R"({"id":"e-6","kind":"plan.draft","at":"2026-07-10T09:05:00+08:00","actor":"wendeng_fire","incident":"INC-2026-0710-01","forces":["wendeng_flood_team"],"capabilities":["heavy_machinery","medical_first_aid"]})",
      R"({"id":"e-7","kind":"request.approve","at":"2026-07-10T09:10:00+08:00","actor":"weihai_em","incident":"INC-2026-0710-01","request":1,"break_glass":true,"reason":"文登区应急管理局联系不上, no answer"})",
      R"({"id":"e-8","kind":"request.reject","at":"2026-07-10T09:10:00+08:00","actor":"wendeng_em","request":1,"force":"wendeng_flood_team","reason":"already deployed"})",
      R"({"id":"e-9","kind":"request.consent","at":"2026-07-10T09:12:00+08:00","actor":"wendeng_water","request":2,"force":"wendeng_flood_team"})",
      R"({"id":"e-10","kind":"request.refuse","at":"2026-07-10T09:12:00+08:00","actor":"wendeng_water","request":2,"force":"wendeng_flood_team","reason":"pumps under repair"})",
      R"({"id":"e-11","kind":"request.withdraw","at":"2026-07-10T09:15:00+08:00","actor":"wendeng_fire","request":3})",
      R"({"id":"e-12","kind":"reinforcement.apply","at":"2026-07-10T09:20:00+08:00","actor":"wendeng_em","incident":"INC-2026-0710-01","capabilities":["water_rescue"]})",
      R"({"id":"e-13","kind":"order.ack","at":"2026-07-10T09:21:00+08:00","actor":"wendeng_water","order":1})",
      R"({"id":"e-14","kind":"order.decline","at":"2026-07-10T09:21:00+08:00","actor":"wendeng_water","incident":"INC-2026-0710-01","order":2,"reason":"team already committed"})",
      R"({"id":"e-15","kind":"order.depart","at":"2026-07-10T09:25:00+08:00","actor":"wendeng_water","order":1})",
      R"({"id":"e-16","kind":"order.arrive","at":"2026-07-10T09:50:00+08:00","actor":"wendeng_water","order":1})",
      R"({"id":"e-17","kind":"order.release","at":"2026-07-11T12:00:00+08:00","actor":"wendeng_fire","order":1})",
      R"({"id":"e-18","kind":"period.declare","at":"2026-09-30T08:00:00+08:00","actor":"weihai_em","period":"key_dates","until":"2026-10-08T00:00:00+08:00"})",
      R"({"id":"e-19","kind":"period.end","at":"2026-10-07T20:00:00+08:00","actor":"weihai_em","period":"key_dates"})",
      R"({"id":"e-20","kind":"clock.advance","at":"2026-10-08T00:00:00+08:00"})",
      R"({"id":"e-21","kind":"chain.open","at":"2026-07-20T09:00:00+08:00","actor":"wendeng_water","incident":"INC-2026-0710-01","chain":"compensation","forces":["wendeng_flood_team"],"amount":1250000,"costs":[{"what":"燃油 fuel","amount":250000},{"what":"沙袋 sandbags","amount":1000000}]})",
      R"({"id":"e-22","kind":"chain.open","at":"2026-07-10T09:06:00+08:00","actor":"wendeng_fire","incident":"INC-2026-0710-01","chain":"call_plan","forces":["wendeng_flood_team"],"quantity":3})",
      R"({"id":"e-23","kind":"request.acknowledge","at":"2026-07-10T09:07:00+08:00","actor":"wendeng_water","request":6,"force":"wendeng_flood_team"})",
      R"({"id":"e-24","kind":"request.submit","at":"2026-07-10T09:08:00+08:00","actor":"wendeng_fire","request":7,"reason":"报告见附件 report attached"})",
      R"({"id":"e-25","kind":"warning.issue","at":"2026-07-10T06:00:00+08:00","actor":"weihai_meteo","warning":"CN-WH-2026-0710-01","hazard":"rainstorm","level":"orange","area":["wendeng","rushan"],"status":"exercise","until":"2026-07-11T06:00:00+08:00"})",
      R"({"id":"e-26","kind":"warning.update","at":"2026-07-10T12:00:00+08:00","actor":"weihai_meteo","warning":"CN-WH-2026-0710-02","references":"CN-WH-2026-0710-01","level":"red"})",
      R"({"id":"e-27","kind":"warning.cancel","at":"2026-07-10T20:00:00+08:00","actor":"weihai_meteo","warning":"CN-WH-2026-0710-03","references":"CN-WH-2026-0710-02"})",
      R"({"id":"e-28","kind":"warning.acknowledge","at":"2026-07-10T06:40:00+08:00","actor":"wendeng_water","warning":"CN-WH-2026-0710-01","force":"wendeng_flood_team"})",
      R"({"id":"e-29","kind":"incident.update","at":"2026-07-10T11:00:00+08:00","actor":"wendeng_water","incident":"INC-2026-0710-01","reason":"水位上涨, the river is rising at 文登 bridge"})",
      R"({"id":"e-30","kind":"schedule.answer","at":"2026-08-01T09:20:00+08:00","actor":"wendeng_water","run":1,"force":"wendeng_flood_team"})",
      R"({"id":"e-31","kind":"force.update","at":"2026-08-02T08:00:00+08:00","actor":"wendeng_water","force":"wendeng_flood_team","duty":"maintenance","personnel":36,"confirmed":true})",
      R"({"id":"e-32","kind":"force.update","at":"2026-08-02T08:05:00+08:00","actor":"wendeng_water","force":"wendeng_flood_team","item":"橡皮艇","count":2})",
      R"({"id":"e-33","kind":"request.submit","at":"2026-07-10T09:09:00+08:00","actor":"wendeng_water","request":7,"force":"wendeng_flood_team"})",
  };
  return s;
}

}  // namespace

// ---- round trips ------------------------------------------------------------------------------

TEST_CASE("codec: every event kind decodes, and decode(encode(e)) == e") {
  codec c = make_codec();
  std::vector<bool> kinds(muster::event_kind_count, false);
  for (const auto& json : samples()) {
    CAPTURE(json);
    const owned_event e = decode_ok(c, json);
    kinds[static_cast<int>(e.ev.kind)] = true;
    const std::string written = c.encode_event(e.ev);
    // The encoder writes the fields in one fixed order; these samples already use it.
    CHECK(written == json);
    const owned_event back = decode_ok(c, written);
    CHECK(dump(back.ev) == dump(e.ev));
    CHECK(c.encode_event(back.ev) == written);
  }
  for (int k = 0; k < muster::event_kind_count; ++k) {
    CAPTURE(muster::to_string(static_cast<event_kind>(k)));
    CHECK(kinds[k]);
  }
}

TEST_CASE("codec: typed events built in C++ round-trip through a fresh codec, ids written as numbers") {
  codec writer = make_codec();
  codec reader = make_codec();
  const muster::policy& p = *weihai().policy;
  std::vector<muster::index_t> named = {force("wendeng_flood_team"), force("wendeng_fire_brigade")};
  std::string reason = "理由: \"quoted\"\\ and a tab\t";
  std::vector<muster::index_t> area = {p.find_jurisdiction("wendeng"), p.find_jurisdiction("rushan")};
  muster::event_id next = 1;
  for (int k = 0; k < muster::event_kind_count; ++k) {
    event e;
    e.id = next++;  // fresh codecs number names 1, 2, 3 …: ids written in that order read back the same
    e.kind = static_cast<event_kind>(k);
    e.at = 1783645200 + k * 60;
    e.by.organisation = org("wendeng_fire");
    e.by.person = static_cast<std::uint32_t>(k);
    switch (e.kind) {
      case event_kind::incident_report:
        e.incident = 1;
        e.jurisdiction = p.find_jurisdiction("wendeng");
        e.incident_type = p.find_incident_type("flood");
        e.grade = p.find_grade("general");
        e.status = muster::input_status::exercise;  // a drill (3.2.3)
        break;
      case event_kind::incident_regrade: e.incident = 1; e.grade = p.find_grade("major"); break;
      case event_kind::incident_hq_established:
      case event_kind::incident_conclude:
      case event_kind::incident_review_filed: e.incident = 1; break;
      case event_kind::plan_draft:
      case event_kind::reinforcement_apply:
        e.incident = 1;
        e.forces = named.data();
        e.force_count = static_cast<std::uint32_t>(named.size());
        e.capabilities = (std::uint64_t{1} << p.find_capability("water_rescue")) | (std::uint64_t{1} << p.find_capability("hazmat"));
        break;
      case event_kind::request_approve: e.incident = 1; e.target = 3; e.break_glass = true; e.reason = reason; break;
      case event_kind::request_reject: e.target = 3; e.force = force("wendeng_flood_team"); e.reason = reason; break;
      case event_kind::request_consent: e.target = 3; e.force = force("wendeng_flood_team"); break;
      case event_kind::request_refuse: e.target = 4; e.force = force("wendeng_fire_brigade"); e.reason = reason; break;
      case event_kind::request_withdraw: e.target = 5; break;
      case event_kind::order_decline: e.target = 7; e.reason = reason; break;
      case event_kind::order_ack:
      case event_kind::order_depart:
      case event_kind::order_arrive:
      case event_kind::order_release: e.incident = 1; e.target = 7; break;
      case event_kind::period_declare: e.period = p.find_period("key_dates"); e.until = 1783645200 + 86400; break;
      case event_kind::period_end: e.period = p.find_period("key_dates"); break;
      case event_kind::clock_advance: e.by = {}; break;
      case event_kind::chain_open:
        e.incident = 1;
        e.chain = p.find_chain("compensation");
        e.amount = 1250000;
        break;
      case event_kind::request_acknowledge: e.target = 8; e.force = force("wendeng_flood_team"); break;
      case event_kind::request_submit: e.target = 9; e.reason = reason; break;
      case event_kind::warning_issue:
        e.warning = 1;
        e.hazard = p.find_hazard("rainstorm");
        e.level = static_cast<std::uint8_t>(muster::warning_level::orange);
        e.area = area.data();
        e.area_count = static_cast<std::uint32_t>(area.size());
        e.until = 1783645200 + 86400;
        e.status = muster::input_status::test;
        break;
      case event_kind::warning_update:
        e.warning = 2;
        e.references = 1;
        e.level = static_cast<std::uint8_t>(muster::warning_level::red);
        break;
      case event_kind::warning_cancel: e.warning = 3; e.references = 2; break;
      case event_kind::warning_acknowledge: e.warning = 1; e.force = force("wendeng_flood_team"); break;
      case event_kind::incident_update: e.incident = 1; e.reason = reason; break;
      case event_kind::schedule_answer: e.target = 3; e.force = force("wendeng_flood_team"); break;
      case event_kind::force_update:
        e.force = force("wendeng_flood_team");
        e.duty = static_cast<std::uint8_t>(muster::duty_status::on_duty_elsewhere);
        e.personnel = 0;  // zero is a value, not "unchanged"
        e.item = 3;       // its materials follow its equipment: 救生衣
        e.count = 140;
        e.confirmed = true;
        break;
    }
    const std::string json = writer.encode_event(e);
    CAPTURE(json);
    const owned_event back = decode_ok(reader, json);
    CHECK(dump(back.ev) == dump(e));
  }
}

TEST_CASE("codec: owned_event copies and moves keep their views on their own storage") {
  codec c = make_codec();
  owned_event a = decode_ok(c, samples()[5]);  // plan.draft: forces
  owned_event b = a;
  CHECK(b.ev.forces == b.forces.data());
  CHECK(dump(b.ev) == dump(a.ev));
  owned_event r = decode_ok(c, samples()[6]);  // request.approve: reason
  owned_event moved = std::move(r);
  CHECK(moved.ev.reason.data() == moved.reason.data());
  CHECK(moved.ev.reason == "文登区应急管理局联系不上, no answer");
  owned_event assigned;
  assigned = moved;
  CHECK(assigned.ev.reason.data() == assigned.reason.data());
  // A claim's cost lines (4.1): short texts live inside the strings, so the views must follow.
  owned_event claim = decode_ok(c, samples()[20]);
  REQUIRE(claim.ev.cost_count == 2);
  owned_event claim_copy = claim;
  owned_event claim_moved = std::move(claim);
  for (const owned_event* e : {&claim_copy, &claim_moved}) {
    REQUIRE(e->ev.costs == e->costs.data());
    CHECK(e->ev.costs[0].what.data() == e->cost_what[0].data());
    CHECK(e->ev.costs[0].what == "燃油 fuel");
    CHECK(e->ev.costs[1].amount == 1000000);
  }
}

TEST_CASE("4.1 codec errors: a claim's cost lines are what and a positive amount each, and add up to the amount") {
  codec c = make_codec();
  const std::string head = R"({"id":"e1","kind":"chain.open","at":0,"actor":"jiajiayue","incident":1,"chain":"compensation","forces":["jiajiayue_supply_team"],)";
  auto with = [&](const std::string& tail) { return decode_error(c, head + tail + "}"); };
  CHECK(with(R"("amount":300,"costs":[{"what":"fuel","amount":100},{"what":"meals","amount":200}])") == "(accepted)");
  CHECK(with(R"("amount":300,"costs":[{"what":"fuel","amount":100},{"what":"meals","amount":150}])") ==
        "1:143: costs: the cost lines add up to 250, less than the amount 300");
  CHECK(with(R"("amount":300,"costs":[{"what":"fuel","amount":100},{"what":"meals","amount":250}])") ==
        "1:143: costs: the cost lines add up to more than the amount 300");
  CHECK(with(R"("costs":[{"what":"fuel","amount":100}])") == "1:130: costs: needs amount: the claim's total, which the cost lines add up to");
  CHECK(with(R"("amount":300,"costs":[])") == "1:143: costs: lists no cost line; give at least one, or leave costs out");
  CHECK(with(R"("amount":300,"costs":[{"what":"fuel","amount":-100}])") == "1:152: costs[0].amount: expected a positive integer, not -100");
  CHECK(with(R"("amount":300,"costs":[{"what":"fuel","amount":0}])") == "1:152: costs[0].amount: expected a positive integer");
  CHECK(with(R"("amount":300,"costs":[{"what":"fuel","amount":99.5}])").find("costs[0].amount: expected a positive integer in the smallest unit (fen)") !=
        std::string::npos);
  CHECK(with(R"("amount":300,"costs":[{"what":"","amount":300}])") == "1:152: costs[0].what: must not be empty: say what was consumed or spent");
  CHECK(with(R"("amount":300,"costs":[{"what":"fuel"}])") == "1:152: costs[0]: a cost line needs an amount");
  CHECK(with(R"("amount":300,"costs":[{"amount":300}])") == "1:152: costs[0]: a cost line needs what it is for");
  CHECK(with(R"("amount":300,"costs":[{"what":"fuel","amonut":300}])") ==
        "1:152: costs[0]: unknown field 'amonut' of a cost line (what, amount) (did you mean 'amount'?)");
  CHECK(with(R"("amount":300,"costs":[{"what":"fuel","what":"oil","amount":300}])") == "1:152: costs[0].what: the field appears twice in a cost line");
  CHECK(with(R"("amount":300,"costs":["fuel 300"])") == "1:152: costs[0]: expected an object {\"what\": \"…\", \"amount\": a positive integer}");
  CHECK(with(R"("amount":300,"costs":{"what":"fuel","amount":300})") ==
        "1:151: costs: expected an array of cost lines, each {\"what\": \"…\", \"amount\": a positive integer}");
  CHECK(with(R"("amount":300,"costs":[{"what":["fuel"],"amount":300}])") == "1:152: costs[0].what: expected a string: what was consumed or spent");
  // Only chain.open takes cost lines.
  CHECK(decode_error(c, R"({"id":"e1","kind":"request.approve","at":0,"actor":"wendeng_gov","request":1,"amount":100,"costs":[{"what":"x","amount":100}]})") ==
        "1:91: costs: does not apply to request.approve");
  // At most 64 lines, each at most 2^62: no sum wraps.
  std::string many = R"("amount":4611686018427387903,"costs":[)";
  for (int i = 0; i < 64; ++i) many += std::string(i ? "," : "") + R"({"what":"x","amount":4611686018427387903})";
  CHECK(with(many + "]") == "1:159: costs: the cost lines add up to more than the amount 4611686018427387903");
  CHECK(with(many + R"(,{"what":"x","amount":1}])").find("costs[64]: too many cost lines (at most 64 per claim)") != std::string::npos);
}

TEST_CASE("codec: the fast scanner and nlohmann's parser agree on every input, good or bad") {
  // The fast path must give nlohmann's answer or hand the text to it: compare both on every
  // sample, every prefix of it, and every one-byte change and insertion of a JSON-ish byte.
  const auto& ref = weihai();
  const char bytes[] = {'"', '\\', ',', ':', '}', ']', '[', '{', ' ', '0', '7', '-', '.', 'e', 't', 'n', '\n', '\x80', '\xe6', '\x01', '\0'};
  std::vector<std::string> inputs;
  for (const auto& json : samples()) {
    for (std::size_t i = 0; i <= json.size(); ++i) {
      inputs.push_back(json.substr(0, i));
      for (char b : bytes) {
        inputs.push_back(json.substr(0, i) + b + json.substr(i));
        if (i < json.size()) inputs.push_back(json.substr(0, i) + b + json.substr(i + 1));
      }
    }
  }
  auto outcome_of = [](bool ok, const owned_event& e, const codec_error& err) {
    return ok ? "ok " + e.id + " " + e.incident + " " + dump(e.ev) : "error " + muster::detail::to_status(err).message();
  };
  std::size_t accepted = 0;
  for (const auto& text : inputs) {
    owned_event a, b;
    codec_error ea, eb;
    const bool fast = muster::detail::read_event(*ref.policy, *ref.forces, text, a, ea);
    const bool slow = muster::detail::read_event_reference(*ref.policy, *ref.forces, text, b, eb);
    accepted += slow;
    if (outcome_of(fast, a, ea) != outcome_of(slow, b, eb)) {
      CAPTURE(text);
      CHECK(outcome_of(fast, a, ea) == outcome_of(slow, b, eb));
    }
  }
  CHECK(inputs.size() > 50000);
  CHECK(accepted > 1000);
}

// ---- numbering ----------------------------------------------------------------------------------

TEST_CASE("codec: event and incident names get numbers in order of first appearance; 7 and \"7\" are one name") {
  auto numbers = [](codec& c) {
    std::string s;
    const char* events[] = {
        R"({"id":"e-17","kind":"clock.advance","at":0})",
        R"({"id":"x","kind":"incident.report","at":0,"actor":"wendeng_em","incident":"INC-B","jurisdiction":"wendeng","incident_type":"flood","grade":"general"})",
        R"({"id":"e-17","kind":"clock.advance","at":0})",
        R"({"id":7,"kind":"incident.conclude","at":0,"actor":"wendeng_em","incident":"INC-A"})",
        R"({"id":"7","kind":"incident.conclude","at":0,"actor":"wendeng_em","incident":"INC-B"})",
        R"({"id":"07","kind":"incident.conclude","at":0,"actor":"wendeng_em","incident":12})",
        R"({"id":8,"kind":"incident.conclude","at":0,"actor":"wendeng_em","incident":"12"})",
    };
    for (const char* json : events) {
      const owned_event e = decode_ok(c, json);
      s += std::to_string(e.ev.id) + "/" + std::to_string(e.ev.incident) + " ";
    }
    return s;
  };
  codec a = make_codec();
  codec b = make_codec();
  const std::string first = numbers(a);
  CHECK(first == "1/0 2/1 1/0 3/2 3/1 4/3 5/3 ");
  CHECK(numbers(b) == first);  // the same inputs, the same numbers
  CHECK(a.incident_name(1) == "INC-B");
  CHECK(a.incident_name(3) == "12");
  CHECK(a.incident_name(99) == "99");  // never named: its number
  // Names written back: digits as integers, anything else as strings.
  event e;
  e.id = 4;
  e.kind = event_kind::incident_conclude;
  e.by.organisation = org("wendeng_em");
  e.incident = 3;
  CHECK(a.encode_event(e) == R"({"id":"07","kind":"incident.conclude","at":"1970-01-01T08:00:00+08:00","actor":"wendeng_em","incident":12})");
}

TEST_CASE("codec: thousands of names keep their numbers; a copy remembers them and numbers on by itself") {
  codec a = make_codec();
  auto event_with_id = [](const std::string& id) { return R"({"id":)" + id + R"(,"kind":"clock.advance","at":0})"; };
  auto name = [](int i) { return i % 3 == 0 ? std::to_string(i) : "\"n-" + std::to_string(i) + "\""; };
  int wrong = 0;
  for (int i = 0; i < 5000; ++i) wrong += decode_ok(a, event_with_id(name(i))).ev.id != static_cast<muster::event_id>(i + 1);
  for (int i = 0; i < 5000; i += 7) wrong += decode_ok(a, event_with_id(name(i))).ev.id != static_cast<muster::event_id>(i + 1);
  CHECK(wrong == 0);
  CHECK(decode_ok(a, event_with_id("\"3\"")).ev.id == 4);  // 3 was written as an integer: the same id
  codec b = a;
  CHECK(decode_ok(b, event_with_id("\"only-in-b\"")).ev.id == 5001);
  CHECK(decode_ok(a, event_with_id("\"only-in-a\"")).ev.id == 5001);
  CHECK(decode_ok(b, event_with_id("\"only-in-a\"")).ev.id == 5002);
  CHECK(decode_ok(b, event_with_id("\"n-4999\"")).ev.id == 5000);
  event e;
  e.id = 5000;
  CHECK(b.encode_event(e).rfind(R"({"id":"n-4999",)", 0) == 0);
  e.id = 4;
  CHECK(b.encode_event(e).rfind(R"({"id":3,)", 0) == 0);
}

TEST_CASE("codec: a failed decode remembers nothing") {
  codec c = make_codec();
  owned_event e;
  // Fails on the grade, after the id and the incident were read.
  const muster::status err = c.decode_event(
      R"({"id":"bad","kind":"incident.report","at":0,"actor":"wendeng_em","incident":"INC-X","jurisdiction":"wendeng","incident_type":"flood","grade":"huge"})",
      e);
  CHECK_FALSE(err.ok());
  CHECK(err.where().path == "grade");
  CHECK_FALSE(c.decode_event(R"({"id":"bad2","kind":"incident.conclude","at":0,"actor":"wendeng_em","incident":"INC-Y"} x)", e));
  const owned_event ok = decode_ok(c, R"({"id":"good","kind":"incident.conclude","at":0,"actor":"wendeng_em","incident":"INC-Y"})");
  CHECK(ok.ev.id == 1);
  CHECK(ok.ev.incident == 1);
  CHECK(c.incident_name(1) == "INC-Y");
  CHECK(c.encode_event(ok.ev).find(R"("id":"good")") != std::string::npos);
}

// ---- errors: path, line, column ----------------------------------------------------------------

TEST_CASE("3.2.1 codec errors: a force.update that changes nothing, an item of another force, a count alone, a bad duty") {
  codec c = make_codec();
  const std::string head = R"({"id":"u","kind":"force.update","at":0,"actor":"wendeng_water","force":"wendeng_flood_team")";
  CHECK(decode_error(c, head + "}") == "1:1: duty: force.update changes nothing: give duty, personnel, item and count, or confirmed: true");
  CHECK(decode_error(c, head + R"(,"confirmed":false})") ==
        "1:1: duty: force.update changes nothing: give duty, personnel, item and count, or confirmed: true");
  CHECK(decode_error(c, head + R"(,"item":"橡皮船","count":2})") ==
        "1:100: item: '橡皮船' is not an equipment or material item of force wendeng_flood_team (by its zh or en name)");
  CHECK(decode_error(c, head + R"(,"item":"Inflatable boats","count":2})") ==
        "1:100: item: 'Inflatable boats' is not an equipment or material item of force wendeng_flood_team (by its zh or en name) (did you mean 'Inflatable boat'?)");
  CHECK(decode_error(c, head + R"(,"count":2})") == "1:1: item: required with count: which equipment or material item");
  CHECK(decode_error(c, head + R"(,"item":"橡皮艇"})") == "1:1: count: required with item: the item's new count");
  CHECK(decode_error(c, head + R"(,"duty":"repair"})") ==
        "1:100: duty: 'repair' is not a duty status: available, on_duty_elsewhere, maintenance or stood_down");
  CHECK(decode_error(c, head + R"(,"personnel":-1})") == "1:105: personnel: expected a non-negative integer, not -1");
  CHECK(decode_error(c, head + R"(,"confirmed":"yes"})") == "1:105: confirmed: expected true or false");
  // By zh or en name.
  owned_event e = decode_ok(c, head + R"(,"item":"Inflatable boat","count":2})");
  CHECK(e.ev.item == 1);
  CHECK(e.ev.count == 2);
}

TEST_CASE("codec errors: an unknown field is named, with a did-you-mean") {
  codec c = make_codec();
  CHECK(decode_error(c, R"({"id":"e1","kind":"clock.advance","at":0,"actr":"wendeng_fire"})") ==
        "1:42: actr: unknown field (did you mean 'actor'?)");
  CHECK(decode_error(c, "{\"id\":\"e1\",\n \"kind\":\"clock.advance\",\n \"at\":0,\n \"colour\":\"red\"}") == "4:2: colour: unknown field");
  CHECK(decode_error(c, R"({"id":"e1","kind":"clock.advance","at":0,"at":1})") == "1:42: at: the field appears twice");
}

TEST_CASE("codec errors: a wrong type names the field path") {
  codec c = make_codec();
  const std::string draft = "{\"id\":\"e1\",\"kind\":\"plan.draft\",\"at\":0,\"actor\":\"wendeng_fire\",\"incident\":1,\n"
                            "  \"forces\": [\"wendeng_flood_team\", \"wendeng_fire_brigade\", 3]}";
  CHECK(decode_error(c, draft) == "2:60: forces[2]: expected a string");
  CHECK(decode_error(c, R"({"id":"e1","kind":"clock.advance","at":0.5})") ==
        "1:40: at: expected a time: an RFC 3339 string such as \"2026-07-10T09:00:00+08:00\", or an integer (seconds since 1970); fractions and exponents are not integers");
  CHECK(decode_error(c, R"({"id":{"n":1},"kind":"clock.advance","at":0})") == "1:7: id: expected a string or a non-negative integer");
  CHECK(decode_error(c, R"({"id":-3,"kind":"clock.advance","at":0})") ==
        "1:7: id: expected a string or a non-negative integer, not -3");
  CHECK(decode_error(c, R"({"id":"e1","kind":"request.approve","at":0,"actor":"weihai_em","request":0})") ==
        "1:74: request: expected a positive integer (numbers start at 1)");
  CHECK(decode_error(c, R"({"id":"e1","kind":"request.approve","at":0,"actor":"weihai_em","request":"1"})") ==
        "1:74: request: expected a positive integer");
  CHECK(decode_error(c, R"({"id":"e1","kind":"request.approve","at":0,"actor":"weihai_em","request":1,"break_glass":"yes"})") ==
        "1:90: break_glass: expected true or false");
  CHECK(decode_error(c, R"({"id":"e1","kind":"plan.draft","at":0,"actor":"wendeng_fire","incident":1,"forces":"wendeng_flood_team"})") ==
        "1:84: forces: expected an array of strings");
  CHECK(decode_error(c, R"({"id":"e1","kind":"clock.advance","at":0,"actor":null})") == "1:50: actor: expected a string");
  CHECK(decode_error(c, R"({"id":"","kind":"clock.advance","at":0})") == "1:7: id: must not be empty");
}

TEST_CASE("codec errors: an unknown id names the kind of id and the value") {
  codec c = make_codec();
  CHECK(decode_error(c, R"({"id":"e1","kind":"incident.conclude","at":0,"actor":"wendeng_fir","incident":1})") ==
        "1:54: actor: 'wendeng_fir' is not an organisation of the policy (did you mean 'wendeng_fire'?)");
  CHECK(decode_error(c, R"({"id":"e1","kind":"incident.reprot","at":0})") ==
        "1:19: kind: 'incident.reprot' is not an event kind (did you mean 'incident.report'?)");
  CHECK(decode_error(c, R"({"id":"e1","kind":"plan.draft","at":0,"actor":"wendeng_fire","incident":1,"capabilities":["water_rescue","flying"]})") ==
        "1:106: capabilities[1]: 'flying' is not a capability of the policy");
  CHECK(decode_error(c, R"({"id":"e1","kind":"request.consent","at":0,"actor":"wendeng_water","request":1,"force":"wendeng_flood_teem"})") ==
        "1:88: force: 'wendeng_flood_teem' is not a force of the registry (did you mean 'wendeng_flood_team'?)");
  CHECK(decode_error(c, R"({"id":"e1","kind":"incident.regrade","at":0,"actor":"wendeng_em","incident":1,"grade":"larg"})") ==
        "1:87: grade: 'larg' is not a grade of the policy (did you mean 'larger'?)");
  CHECK(decode_error(c, R"({"id":"e1","kind":"period.end","at":0,"actor":"weihai_em","period":"keydates"})") ==
        "1:68: period: 'keydates' is not a period of the policy (did you mean 'key_dates'?)");
}

TEST_CASE("codec errors: schedule.answer needs a run number, and only it takes one") {
  codec c = make_codec();
  CHECK(decode_error(c, R"({"id":"e1","kind":"schedule.answer","at":0,"actor":"wendeng_water"})") ==
        "1:1: run: required by schedule.answer but missing");
  CHECK(decode_error(c, R"({"id":"e1","kind":"schedule.answer","at":0,"actor":"wendeng_water","run":0})") ==
        "1:74: run: expected a positive integer (numbers start at 1)");
  CHECK(decode_error(c, R"({"id":"e1","kind":"schedule.answer","at":0,"actor":"wendeng_water","run":"2"})") ==
        "1:74: run: expected a positive integer");
  CHECK(decode_error(c, R"({"id":"e1","kind":"schedule.answer","at":0,"actor":"wendeng_water","run":4294967296})") ==
        "1:74: run: too large (at most 4294967295)");
  CHECK(decode_error(c, R"({"id":"e1","kind":"schedule.answer","at":0,"actor":"wendeng_water","run":1,"incident":"INC-1"})") ==
        "1:76: incident: does not apply to schedule.answer");
  CHECK(decode_error(c, R"({"id":"e1","kind":"order.ack","at":0,"actor":"wendeng_water","order":1,"run":1})") ==
        "1:72: run: does not apply to order.ack");
  CHECK(decode_error(c, R"({"id":"e1","kind":"schedule.answer","at":0,"actor":"wendeng_water","rum":1})") ==
        "1:68: rum: unknown field (did you mean 'run'?)");
  // The run is the event's target, as a request or order number is for theirs.
  const owned_event e = decode_ok(c, R"({"id":"e2","kind":"schedule.answer","at":0,"actor":"wendeng_water","run":7})");
  CHECK(e.ev.kind == event_kind::schedule_answer);
  CHECK(e.ev.target == 7);
  CHECK(e.ev.force == muster::no_index);
  CHECK(c.encode_event(e.ev) == R"({"id":"e2","kind":"schedule.answer","at":"1970-01-01T08:00:00+08:00","actor":"wendeng_water","run":7})");
}

TEST_CASE("codec errors: fields the kind needs, and fields it does not take") {
  codec c = make_codec();
  CHECK(decode_error(c, R"({"id":"e1","kind":"incident.report","at":0,"actor":"wendeng_em","incident":1,"jurisdiction":"wendeng","incident_type":"flood"})") ==
        "1:1: grade: required by incident.report but missing");
  CHECK(decode_error(c, R"({"id":"e1","at":0})") == "1:1: kind: required but missing");
  CHECK(decode_error(c, R"( {"kind":"clock.advance","at":0})") == "1:2: id: required by clock.advance but missing");
  CHECK(decode_error(c, R"({"id":"e1","kind":"incident.conclude","at":0,"incident":1})") == "1:1: actor: required by incident.conclude but missing");
  CHECK(decode_error(c, R"({"id":"e1","kind":"plan.draft","at":0,"actor":"wendeng_fire","incident":1})") ==
        "1:1: forces: plan.draft needs forces, capabilities or both");
  CHECK(decode_error(c, R"({"id":"e1","at":0,"incident":1,"kind":"clock.advance"})") == "1:19: incident: does not apply to clock.advance");
  CHECK(decode_error(c, R"({"id":"e1","kind":"request.consent","at":0,"actor":"wendeng_water","request":1,"force":"wendeng_flood_team","reason":"x"})") ==
        "1:109: reason: does not apply to request.consent");
  CHECK(decode_error(c, R"({"id":"e1","kind":"incident.report","at":0,"actor":"wendeng_em","incident":1,"jurisdiction":"wendeng","incident_type":"flood","grade":"general","forces":[]})") ==
        "1:145: forces: does not apply to incident.report");
  // The actor is optional for clock.advance only.
  decode_ok(c, R"({"id":"e2","kind":"clock.advance","at":0,"actor":"weihai_em"})");
  decode_ok(c, R"({"id":"e3","kind":"plan.draft","at":0,"actor":"wendeng_fire","incident":1,"capabilities":[]})");
}

TEST_CASE("codec errors: malformed JSON is located from nlohmann's byte position, in characters") {
  codec c = make_codec();
  CHECK(decode_error(c, "{\n  \"id\": \"e1\",\n  \"kind\": \"clock.advance\"\n  \"at\": 0\n}") ==
        "4:6: malformed JSON: syntax error while parsing object - unexpected string literal; expected '}'");
  CHECK(decode_error(c, "") == "1:1: malformed JSON: syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal");
  CHECK(decode_error(c, R"({"id":"e1","kind":"clock.advance","at":0)") ==
        "1:41: malformed JSON: syntax error while parsing object - unexpected end of input; expected '}'");
  // Columns count characters: 理由 is two characters (six bytes).
  CHECK(decode_error(c, R"({"reason":"理由", x})") ==
        "1:17: malformed JSON: syntax error while parsing object key - invalid literal; last read: '\"理由\", x'; expected string literal");
  // Invalid UTF-8 in a string: located at the bad byte, quoted printably.
  CHECK(decode_error(c, "{\"id\":\"a\xff\"}") ==
        "1:9: malformed JSON: syntax error while parsing value - invalid string: ill-formed UTF-8 byte; last read: '\"a\\xff'");
  CHECK(decode_error(c, R"({"id":"e1","kind":"clock.advance","at":0} {})") ==
        "1:43: malformed JSON: syntax error while parsing value - unexpected '{'; expected end of input");
}

TEST_CASE("codec errors: not an object, too many forces, too large") {
  codec c = make_codec();
  CHECK(decode_error(c, "  [1, 2]") == "1:3: expected a JSON object (one event), not an array");
  CHECK(decode_error(c, "\"e1\"") == "1:1: expected a JSON object (one event), not a string");
  CHECK(decode_error(c, "42") == "1:1: expected a JSON object (one event), not a number");
  std::string many = R"({"id":"e1","kind":"plan.draft","at":0,"actor":"wendeng_fire","incident":1,"forces":[)";
  for (int i = 0; i < 65; ++i) many += std::string(i ? "," : "") + "\"wendeng_flood_team\"";
  many += "]}";
  const std::string err = decode_error(c, many);
  CHECK(err == "1:" + std::to_string(85 + 64 * 21) + ": forces[64]: too many forces (at most 64 per event)");
  // Hostile values are quoted printably and cut short.
  CHECK(decode_error(c, "{\"id\":\"e1\",\"kind\":\"clock.advance\\u0001" + std::string(100, 'k') + "\"}") ==
        "1:19: kind: 'clock.advance\\x01" + std::string(50, 'k') + "…' is not an event kind");
}

TEST_CASE("9. the whole given length is the event: a NUL, invalid UTF-8 or trailing bytes are a located refusal") {
  codec c = make_codec();
  const std::string good = R"({"id":"e1","kind":"clock.advance","at":0})";  // 41 bytes
  const std::string smuggled = R"({"id":"e2","kind":"request.approve","at":1,"actor":"weihai_em","request":1}ÿ)";
  // nlohmann's lexer takes a NUL for the end of the input: what followed was ignored, though it
  // was part of the event (and the journal kept it).
  CHECK(decode_error(c, good + std::string(1, '\0') + smuggled) ==
        "1:42: malformed JSON: a NUL byte at byte 41; JSON has none, and the event is all 119 bytes given");
  CHECK(decode_error(c, good + "  " + std::string(1, '\0')) ==
        "1:44: malformed JSON: a NUL byte at byte 43; JSON has none, and the event is all 44 bytes given");
  CHECK(decode_error(c, std::string(1, '\0') + good) ==
        "1:1: malformed JSON: a NUL byte at byte 0; JSON has none, and the event is all 42 bytes given");
  // In a string, or cutting an object short: the NUL is what is wrong.
  CHECK(decode_error(c, std::string(R"({"id":"e)") + '\0' + R"(1","kind":"clock.advance","at":0})") ==
        "1:9: malformed JSON: a NUL byte at byte 8; JSON has none, and the event is all 42 bytes given");
  CHECK(decode_error(c, std::string(R"({"id":"e1",)") + '\0' + "}") ==
        "1:12: malformed JSON: a NUL byte at byte 11; JSON has none, and the event is all 13 bytes given");
  // A problem before the NUL is the first one, and is reported as such.
  CHECK(decode_error(c, std::string(R"({"id":"e1","kind":"clock.advanc"})") + '\0') ==
        "1:19: kind: 'clock.advanc' is not an event kind (did you mean 'clock.advance'?)");
  // Trailing bytes and invalid UTF-8 outside a string are refused where they start.
  CHECK(decode_error(c, good + "\xff") == "1:42: malformed JSON: syntax error while parsing value - invalid literal; last read: '0}\\xff'; expected end of input");
  CHECK(decode_error(c, good + " x") == "1:43: malformed JSON: syntax error while parsing value - invalid literal; last read: '0} x'; expected end of input");
}

TEST_CASE("14. a size-limit refusal is located: line and column of the first byte past the limit") {
  codec c = make_codec();
  const std::string huge = R"({"id":"e1","kind":"clock.advance","at":0,"reason":")" + std::string(codec::max_event_bytes, 'x') + "\"}";
  CHECK(decode_error(c, huge) == "1:65537: the event has 65589 bytes; the limit is 65536");
  // On the second line, in a run of three-byte characters: the column of the character that
  // byte 65536 is part of (2 + 10 + 3 × 21841 = 65535 bytes come before it).
  std::string wide = "{\n\"reason\":\"";
  for (int i = 0; i < 30000; ++i) wide += "理";
  wide += "\"}";
  CHECK(decode_error(c, wide) == "2:21852: the event has 90014 bytes; the limit is 65536");
}

// ---- time ---------------------------------------------------------------------------------------

TEST_CASE("codec time: RFC 3339 with Z or an offset, integers; invalid dates and missing offsets refused") {
  codec c = make_codec();
  timestamp t = 0;
  CHECK(c.parse_time("2026-07-10T01:00:00Z", t));
  CHECK(t == 1783645200);
  CHECK(c.parse_time("2026-07-10T09:00:00+08:00", t));
  CHECK(t == 1783645200);
  CHECK(c.parse_time("2026-07-09T19:30:00-05:30", t));
  CHECK(t == 1783645200);
  CHECK(c.parse_time("2026-07-10t01:00:00.999z", t));  // fractions are dropped
  CHECK(t == 1783645200);
  CHECK(c.parse_time("1783645200", t));
  CHECK(t == 1783645200);
  CHECK(c.parse_time("2024-02-29T00:00:00Z", t));
  for (const char* bad : {"2026-02-30T09:00:00+08:00", "2025-02-29T00:00:00Z", "2026-07-10T09:00:00", "2026-07-10",
                          "2026-07-10 09:00:00+08:00", "2026-07-10T24:00:00Z", "2026-07-10T09:00:60Z", "2026-07-10T09:00:00+8:00",
                          "2026-07-10T09:00:00+08:00x", "1969-12-31T23:59:59Z", "", "-5", "0123", "2026-13-01T00:00:00Z"}) {
    CAPTURE(bad);
    CHECK_FALSE(c.parse_time(bad, t));
  }
  CHECK(c.format_time(1783645200) == "2026-07-10T09:00:00+08:00");
  CHECK(c.format_time(0) == "1970-01-01T08:00:00+08:00");
  CHECK(c.format_time(1791593999) == "2026-10-10T08:59:59+08:00");
  // Integer "at" and string "at" decode alike; errors say why.
  CHECK(decode_ok(c, R"({"id":"a","kind":"clock.advance","at":1783645200})").ev.at == 1783645200);
  CHECK(decode_ok(c, R"({"id":"b","kind":"clock.advance","at":"2026-07-09T19:30:00-05:30"})").ev.at == 1783645200);
  CHECK(decode_error(c, R"({"id":"e","kind":"clock.advance","at":"2026-02-30T09:00:00+08:00"})") ==
        "1:39: at: '2026-02-30T09:00:00+08:00' is not a valid time: no such day in the calendar");
  CHECK(decode_error(c, R"({"id":"e","kind":"clock.advance","at":"2026-07-10T09:00:00"})") ==
        "1:39: at: '2026-07-10T09:00:00' is not a valid time: no UTC offset: end the time with Z or an offset such as +08:00");
  CHECK(decode_error(c, R"({"id":"e","kind":"clock.advance","at":-1})") == "1:39: at: out of range (1970 … 9999)");
  CHECK(decode_error(c, R"({"id":"e","kind":"clock.advance","at":253402300800})") == "1:39: at: out of range (1970 … 9999)");
}

// ---- effects and outcomes -------------------------------------------------------------------------

namespace {

std::string rule_json(const muster::rule_ref& r) {
  std::string s = "{\"rule\":\"" + r.id + "\",\"file\":\"" + r.where.file + "\",\"line\":" + std::to_string(r.where.line) +
                  ",\"column\":" + std::to_string(r.where.column) + ",\"clauses\":[";
  for (std::size_t i = 0; i < r.clauses.size(); ++i) s += (i ? ",\"" : "\"") + r.clauses[i] + "\"";
  return s + "]}";
}

}  // namespace

TEST_CASE("codec effects: a real engine outcome encodes with names, display names, step ids and rules") {
  const auto& ref = weihai();
  const muster::policy& p = *ref.policy;
  muster::engine en(ref.policy, ref.forces);
  codec c = make_codec();
  // 2026-10-10: no special period, so the call plan needs only the EM's approval.
  owned_event report = decode_ok(c, R"({"id":"e-1","kind":"incident.report","at":"2026-10-10T09:00:00+08:00","actor":"wendeng_water","incident":"INC-2026-1010-01","jurisdiction":"wendeng","incident_type":"flood","grade":"general"})");
  const muster::outcome& o = en.submit(report.ev);
  REQUIRE(o.accepted);
  REQUIRE(o.effects.size() >= 4);
  const muster::effect& coordinator = o.effects[3];
  REQUIRE(coordinator.kind == muster::effect_kind::assign_command);
  CHECK(c.encode_effect(coordinator, en) ==
        R"({"kind":"assign_command","topic":"coordinator","incident":"INC-2026-1010-01","to":"wendeng_em","to_name":"文登区应急管理局","grade":"general","at":"2026-10-10T09:00:00+08:00","because":[)" +
            rule_json(p.command.rule) + "]}");
  CHECK(p.command.rule.where.file == std::string(MUSTER_SOURCE_DIR) + "/rules/weihai.yaml");
  CHECK(p.command.rule.clauses == std::vector<std::string>{"3.1.1"});

  owned_event draft = decode_ok(c, R"({"id":"e-2","kind":"plan.draft","at":"2026-10-10T09:01:00+08:00","actor":"wendeng_fire","incident":"INC-2026-1010-01","forces":["wendeng_flood_team"]})");
  const muster::outcome& d = en.submit(draft.ev);
  REQUIRE(d.accepted);
  REQUIRE(d.effects.size() == 1);
  const muster::chain& plan = p.chains[p.find_chain("call_plan")];
  CHECK(c.encode_effect(d.effects[0], en) ==
        R"({"kind":"request_approval","incident":"INC-2026-1010-01","request":1,"to":"wendeng_em","to_name":"文登区应急管理局","from":"wendeng_fire","from_name":"文登区消防救援大队","chain":"call_plan","step":"em_approval","at":"2026-10-10T09:01:00+08:00","due":"2026-10-10T09:16:00+08:00","because":[)" +
            rule_json(plan.steps[0].rule) + "," + rule_json(plan.rule) + "]}");

  owned_event approve = decode_ok(c, R"({"id":"e-3","kind":"request.approve","at":"2026-10-10T09:02:00+08:00","actor":"wendeng_em","request":1})");
  const muster::outcome& a = en.submit(approve.ev);
  REQUIRE(a.accepted);
  const std::string all = c.encode_outcome(a, en);
  CHECK(all.rfind(R"({"seq":3,"accepted":true,"duplicate":false,"effects":[{"kind":"issue_order","incident":"INC-2026-1010-01","request":1,"order":1,"to":"wendeng_water","to_name":"文登区水务局","from":"wendeng_fire","from_name":"文登区消防救援大队","force":"wendeng_flood_team","force_name":"文登区防汛抢险队","chain":"call_plan","at":"2026-10-10T09:02:00+08:00","due":"2026-10-10T09:12:00+08:00","because":[)", 0) == 0);
  // The same outcome encodes to the same bytes.
  CHECK(c.encode_outcome(a, en) == all);
}

TEST_CASE("codec outcomes: a rejection carries its reason, rule and detail; a repeat is marked duplicate") {
  const auto& ref = weihai();
  const muster::policy& p = *ref.policy;
  muster::engine en(ref.policy, ref.forces);
  codec c = make_codec();
  owned_event unknown = decode_ok(c, R"({"id":"e-1","kind":"incident.conclude","at":"2026-10-10T09:00:00+08:00","actor":"wendeng_em","incident":"INC-404"})");
  const muster::outcome& o = en.submit(unknown.ev);
  REQUIRE_FALSE(o.accepted);
  CHECK(c.encode_outcome(o, en) ==
        R"({"seq":1,"accepted":false,"duplicate":false,"rejection":{"reason":"unknown_incident","rule":null,"detail":"no incident 1"},"effects":[]})");

  owned_event report = decode_ok(c, R"({"id":"e-2","kind":"incident.report","at":"2026-10-10T09:00:00+08:00","actor":"wendeng_water","incident":"INC-1","jurisdiction":"wendeng","incident_type":"flood","grade":"general"})");
  REQUIRE(en.submit(report.ev).accepted);
  // The EM may not draft the call plan: the chain's rule refuses it.
  owned_event wrong = decode_ok(c, R"({"id":"e-3","kind":"plan.draft","at":"2026-10-10T09:01:00+08:00","actor":"wendeng_em","incident":"INC-1","forces":["wendeng_flood_team"]})");
  const muster::outcome& r = en.submit(wrong.ev);
  REQUIRE_FALSE(r.accepted);
  CHECK(c.encode_outcome(r, en) ==
        R"({"seq":3,"accepted":false,"duplicate":false,"rejection":{"reason":"actor_lacks_role","rule":)" +
            rule_json(p.chains[p.find_chain("call_plan")].rule) +
            R"(,"detail":"wendeng_em may not open call_plan; wendeng_fire does"},"effects":[]})");
  const muster::outcome& again = en.submit(wrong.ev);
  CHECK(c.encode_outcome(again, en).rfind(R"({"seq":3,"accepted":false,"duplicate":true,)", 0) == 0);
}

TEST_CASE("codec records: the journal's forms carry ids, seconds and rule ids; spans locate each effect in an outcome") {
  const auto& ref = weihai();
  const muster::policy& p = *ref.policy;
  muster::engine en(ref.policy, ref.forces);
  codec c = make_codec();
  owned_event report = decode_ok(c, R"({"id":"e-1","kind":"incident.report","at":"2026-10-10T09:00:00+08:00","actor":"wendeng_water","incident":"INC-2026-1010-01","jurisdiction":"wendeng","incident_type":"flood","grade":"general"})");
  REQUIRE(en.submit(report.ev).accepted);
  owned_event draft = decode_ok(c, R"({"id":"e-2","kind":"plan.draft","at":"2026-10-10T09:01:00+08:00","actor":"wendeng_fire","incident":"INC-2026-1010-01","forces":["wendeng_flood_team"]})");
  const muster::outcome& d = en.submit(draft.ev);
  REQUIRE(d.effects.size() == 1);
  const muster::chain& plan = p.chains[p.find_chain("call_plan")];
  std::string record;
  muster::detail::append_effect_record(record, c, d.effects[0], en);
  CHECK(record ==
        R"({"kind":"request_approval","incident":"INC-2026-1010-01","request":1,"to":"wendeng_em","from":"wendeng_fire","chain":"call_plan","step":"em_approval","at":1791594060,"due":1791594960,"because":[")" +
            plan.steps[0].rule.id + R"(",")" + plan.rule.id + R"("]})");

  // A rejection's verdict names its rule by id; a repeat is marked duplicate.
  owned_event wrong = decode_ok(c, R"({"id":"e-3","kind":"plan.draft","at":"2026-10-10T09:02:00+08:00","actor":"wendeng_em","incident":"INC-2026-1010-01","forces":["wendeng_flood_team"]})");
  const muster::outcome& r = en.submit(wrong.ev);
  REQUIRE_FALSE(r.accepted);
  record.clear();
  muster::detail::append_verdict_record(record, c, r, en);
  CHECK(record == R"({"seq":3,"accepted":false,"duplicate":false,"rejection":{"reason":"actor_lacks_role","rule":")" + plan.rule.id +
                      R"(","detail":"wendeng_em may not open call_plan; wendeng_fire does"}})");

  // The host's form, with each effect's place: the spans cut out exactly what encode_effect writes.
  owned_event approve = decode_ok(c, R"({"id":"e-4","kind":"request.approve","at":"2026-10-10T09:03:00+08:00","actor":"wendeng_em","request":1})");
  const muster::outcome& a = en.submit(approve.ev);
  REQUIRE(a.effects.size() >= 2);
  std::string text = "prefix:";
  std::vector<muster::json_span> spans;
  c.append_outcome(text, a, en, spans);
  CHECK(text.substr(7) == c.encode_outcome(a, en));
  REQUIRE(spans.size() == a.effects.size());
  for (std::size_t i = 0; i < spans.size(); ++i) CHECK(text.substr(spans[i].offset, spans[i].length) == c.encode_effect(a.effects[i], en));
}

TEST_CASE("codec effects: a schedule call names its run by number and its schedule by id, in both forms") {
  // The reference policy with two schedules of its own, so the ids are known whatever
  // rules/weihai.yaml's schedules: block holds.
  const auto& ref = weihai();
  auto with_schedules = std::make_shared<muster::policy>(*ref.policy);
  with_schedules->schedules.clear();
  for (const char* id : {"flood_team_roll_call", "drill_report"}) {
    muster::schedule s;
    s.id = id;
    with_schedules->schedules.push_back(s);
  }
  codec c(with_schedules, ref.forces);
  muster::engine en(ref.policy, ref.forces);  // its rules() only: `because` is empty here

  auto about_run = [](muster::effect_kind k, muster::topic t, muster::run_id run, muster::index_t schedule, muster::index_t to,
                      timestamp at) {
    muster::effect e;
    e.kind = k;
    e.about = t;
    e.run = run;
    e.schedule = schedule;
    e.to = to;
    e.at = at;
    return e;
  };
  muster::effect call = about_run(muster::effect_kind::schedule_call, muster::topic::answer_due, 3, 0, org("wendeng_water"),
                                  1785546000);  // 2026-08-01T09:00:00+08:00
  call.from = org("wendeng_em");
  call.force = force("wendeng_flood_team");
  call.due = 1785546000 + 3600;
  CHECK(c.encode_effect(call, en) ==
        R"({"kind":"schedule_call","topic":"answer_due","run":3,"to":"wendeng_water","to_name":"文登区水务局","from":"wendeng_em","from_name":"文登区应急管理局","force":"wendeng_flood_team","force_name":"文登区防汛抢险队","schedule":"flood_team_roll_call","at":"2026-08-01T09:00:00+08:00","due":"2026-08-01T10:00:00+08:00","because":[]})");
  std::string record;
  muster::detail::append_effect_record(record, c, call, en);
  CHECK(record ==
        R"({"kind":"schedule_call","topic":"answer_due","run":3,"to":"wendeng_water","from":"wendeng_em","force":"wendeng_flood_team","schedule":"flood_team_roll_call","at":1785546000,"due":1785549600,"because":[]})");

  // The report a drill owes, and the escalation of a call left unanswered.
  call.about = muster::topic::report_due;
  call.schedule = 1;
  call.force = muster::no_index;
  CHECK(c.encode_effect(call, en).find(R"("topic":"report_due","run":3,)") != std::string::npos);
  CHECK(c.encode_effect(call, en).find(R"("schedule":"drill_report",)") != std::string::npos);
  muster::effect up = about_run(muster::effect_kind::escalate, muster::topic::call_unanswered, 12, 1, org("weihai_em"), 1785549600);
  CHECK(c.encode_effect(up, en) ==
        R"({"kind":"escalate","topic":"call_unanswered","run":12,"to":"weihai_em","to_name":"威海市应急管理局","schedule":"drill_report","at":"2026-08-01T10:00:00+08:00","because":[]})");

  // No run, no schedule: neither key. A schedule outside the table: its number, visible.
  up.run = 0;
  up.schedule = muster::no_index;
  const std::string plain = c.encode_effect(up, en);
  CHECK(plain.find("\"run\"") == std::string::npos);
  CHECK(plain.find("\"schedule\"") == std::string::npos);
  up.schedule = 9;
  CHECK(c.encode_effect(up, en).find(R"("schedule":9,)") != std::string::npos);
}

TEST_CASE("codec effects: every topic and effect kind is written with the engine's name") {
  codec c = make_codec();
  const auto& ref = weihai();
  muster::engine en(ref.policy, ref.forces);
  for (int k = 0; k < muster::effect_kind_count; ++k) {
    muster::effect e;
    e.kind = static_cast<muster::effect_kind>(k);
    CHECK(c.encode_effect(e, en).rfind(std::string(R"({"kind":")") + muster::to_string(e.kind) + "\"", 0) == 0);
  }
  for (int t = 1; t < muster::topic_count; ++t) {
    muster::effect e;
    e.about = static_cast<muster::topic>(t);
    CHECK(c.encode_effect(e, en).find(std::string(R"("topic":")") + muster::to_string(e.about) + "\"") != std::string::npos);
  }
}
