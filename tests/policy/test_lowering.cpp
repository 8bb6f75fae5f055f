// Pass `lower`: the command, first_response, headquarters, information and review blocks become
// one list of reactions per incident event, in the order the engine runs them (issue 11, item 7).
#include "test_compiler_support.hpp"

#include <muster/policy.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace compiler_test;

namespace {

/// "notify(information.report_to_local_government)", "command_by_grade(command)" … for one event.
std::vector<std::string> lowered(const muster::policy& p, muster::incident_event e) {
  std::vector<std::string> out;
  const auto i = static_cast<std::size_t>(e);
  for (std::size_t k = p.reactions_at[i]; k < p.reactions_at[i + 1]; ++k) {
    const muster::reaction& r = p.reactions[k];
    CHECK(r.on == e);
    const muster::rule_ref* source = muster::rule_of(p, r.source);
    REQUIRE(source != nullptr);
    out.push_back(std::string(muster::to_string(r.kind)) + "(" + source->id + ")");
  }
  return out;
}

std::shared_ptr<const muster::policy> reference() {
  static const auto r = muster::compile_policy_file(std::string(MUSTER_SOURCE_DIR) + "/rules/weihai.yaml");
  REQUIRE(r.ok());
  return r.value;
}

}  // namespace

TEST_CASE("3.3.1 3.1.1 3.3.2 lowered: on incident.report the routes run, then command by grade, then the first responder") {
  const auto p = reference();
  using V = std::vector<std::string>;
  CHECK(lowered(*p, muster::incident_event::report) ==
        V{"notify(information.report_to_local_government)", "notify(information.report_to_city_command)", "command_by_grade(command)",
          "notify(first_response)"});
  const muster::reaction& first = p->reactions[p->reactions_at[0] + 3];
  CHECK(first.takes_part);
  CHECK(first.notice_group == 0);  // told even when a route told the same team
  CHECK(first.to_topic == muster::topic::first_response);
  const muster::reaction& route = p->reactions[p->reactions_at[0]];
  CHECK(route.notice_group != 0);
  CHECK(route.to_topic == muster::topic::incident_reported);
  CHECK(route.copy_topic == muster::topic::incident_copied);
  CHECK(p->reactions[p->reactions_at[0] + 1].when != muster::no_index);  // at_or_above_threshold, from the route
}

TEST_CASE("3.1.1 lowered: a regrade runs its routes, then command by grade (which acts only when the level moves)") {
  const auto p = reference();
  CHECK(lowered(*p, muster::incident_event::regrade) ==
        std::vector<std::string>{"notify(information.regrade_to_command)", "command_by_grade(command)"});
}

TEST_CASE("3.1.3 lowered: headquarters_commands is an actor_takes_position before the routes, citing command too") {
  const auto p = reference();
  CHECK(lowered(*p, muster::incident_event::hq_established) ==
        std::vector<std::string>{"actor_takes_position(headquarters)", "notify(information.headquarters_established)",
                                 "tell_replaced(headquarters)"});
  const auto at = p->reactions_at[static_cast<std::size_t>(muster::incident_event::hq_established)];
  CHECK(p->reactions[at].position == muster::command_position::commander);
  CHECK(p->reactions[at].also.block == muster::rule_block::command);
  CHECK(p->reactions[at + 1].also.block == muster::rule_block::headquarters);  // the route cites the headquarters rule second
}

TEST_CASE("3.1.3 lowered: without then: headquarters_commands the headquarters takes no position") {
  const auto r = muster::compile_policy_text("minimal.yaml", edit(policy_text(), "  then: headquarters_commands\n", ""));
  REQUIRE(r.ok());
  const auto at = r.value->reactions_at[static_cast<std::size_t>(muster::incident_event::hq_established)];
  const auto end = r.value->reactions_at[static_cast<std::size_t>(muster::incident_event::hq_established) + 1];
  REQUIRE(end > at);
  for (auto i = at; i < end; ++i) CHECK(r.value->reactions[i].kind != muster::reaction_kind::actor_takes_position);
  CHECK(r.value->reactions[end - 1].kind == muster::reaction_kind::tell_replaced);
}

TEST_CASE("3.3.3 lowered: the review is a report round on review.started and a notice to the coordinator on review.closed") {
  const auto p = reference();
  CHECK(lowered(*p, muster::incident_event::review_start) == std::vector<std::string>{"request_reports(review)"});
  const muster::reaction& round = p->reactions[p->reactions_at[static_cast<std::size_t>(muster::incident_event::review_start)]];
  CHECK(round.due == p->review.due);
  CHECK(round.on_timeout.size() == p->review.on_timeout.size());
  REQUIRE(round.to.size() == 1);
  CHECK(round.to.front().of == muster::party_scope::participant);
  CHECK(lowered(*p, muster::incident_event::review_close) == std::vector<std::string>{"notify(review)"});
  const muster::reaction& closed = p->reactions[p->reactions_at[static_cast<std::size_t>(muster::incident_event::review_close)]];
  REQUIRE(closed.to.size() == 1);
  CHECK(closed.to.front().position == muster::command_position::coordinator);
  CHECK(closed.to_topic == muster::topic::closed);
}

TEST_CASE("2.3 3.2.2 3.3.3 lowered: update, force.update and conclude run exactly their routes, in file order") {
  const auto p = reference();
  using V = std::vector<std::string>;
  CHECK(lowered(*p, muster::incident_event::update) == V{"notify(information.situation_update)"});
  CHECK(lowered(*p, muster::incident_event::force_update) == V{"notify(information.deployed_force_status)"});
  CHECK(lowered(*p, muster::incident_event::conclude) == V{"notify(information.conclude_to_command)"});
  // Every route is lowered once, and every reaction lies in its event's range.
  std::size_t routes = 0;
  for (const auto& r : p->reactions) routes += r.source.block == muster::rule_block::information;
  CHECK(routes == p->information.size());
  CHECK(p->reactions_at[muster::incident_event_count] == p->reactions.size());
}

TEST_CASE("lowered: a route added for an event runs in file order among that event's routes, before the command") {
  const std::string route = "  - id: extra_report_route\n    on_event: incident.report\n    notify:\n      - { role: fire_rescue, of: root }\n    clause: 3.3.1\n";
  const std::string text = policy_text();
  const std::size_t at = text.find("\ninformation:\n");
  REQUIRE(at != std::string::npos);
  std::string edited = text;
  edited.insert(at + std::string("\ninformation:\n").size(), route);
  const auto r = muster::compile_policy_text("minimal.yaml", edited);
  REQUIRE_MESSAGE(r.ok(), (r.diagnostics.empty() ? std::string() : muster::render(r.diagnostics.front())));
  const auto got = lowered(*r.value, muster::incident_event::report);
  REQUIRE(got.size() >= 3);
  CHECK(got.front() == "notify(information.extra_report_route)");
  CHECK(got[got.size() - 2] == "command_by_grade(command)");
  CHECK(got.back() == "notify(first_response)");
}

TEST_CASE("3.1.2 lowered: the orders block gives every deploying action its orders' terms; other actions get none") {
  const auto r = muster::compile_policy_text("minimal.yaml", policy_text());
  REQUIRE(r.ok());
  const muster::policy& p = *r.value;
  std::size_t deploying = 0;
  for (const auto& c : p.chains)
    for (const auto& a : c.on_approved) {
      const bool deploys = a.kind == muster::action_kind::issue_orders || a.kind == muster::action_kind::request_support;
      deploying += deploys;
      CHECK(a.ack_timeout == (deploys ? p.orders.ack_timeout : 0));
      CHECK(a.escalate_to.size() == (deploys ? p.orders.escalate_to.size() : 0U));
      CHECK(a.propose_substitutes == (deploys && p.orders.propose_substitutes));
    }
  CHECK(deploying == 2);
  CHECK(p.orders.ack_timeout == 600);
}

TEST_CASE("3.3.2 lowered: a request_support action keeps its own ack_timeout, and takes the orders block's escalation") {
  const auto p = reference();
  bool seen = false;
  for (const auto& c : p->chains)
    for (const auto& a : c.on_approved) {
      if (a.kind != muster::action_kind::request_support) continue;
      seen = true;
      CHECK(a.ack_timeout > 0);
      CHECK(a.escalate_to.size() == p->orders.escalate_to.size());
    }
  CHECK(seen);
}

TEST_CASE("lowered: a chain has at most 255 on_approved actions (an order keeps its action in one byte)") {
  std::string actions;
  for (int i = 0; i < 256; ++i)
    actions += "      - id: note_" + std::to_string(i) + "\n        do: notify\n        to: { role: fire_rescue, of: command }\n        clause: 3.1.2\n";
  const std::string text = edit(policy_text(), "    on_approved:\n      - id: issue_orders\n", "    on_approved:\n" + actions + "      - id: issue_orders\n");
  const auto r = muster::compile_policy_text("minimal.yaml", text);
  CHECK_FALSE(r.ok());
  bool too_many = false;
  for (const auto& d : r.diagnostics) too_many |= d.code == "too-many" && d.message.find("at most 255") != std::string::npos;
  CHECK(too_many);
}
