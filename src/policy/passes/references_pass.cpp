// Pass `references`: every name used resolves to something defined, party references use a
// scope that makes sense where they stand, and the jurisdiction tree is a tree.
#include "policy/condition_compiler.hpp"
#include "policy/diagnostic_codes.hpp"
#include "policy/party_reading.hpp"
#include "policy/policy_context.hpp"
#include "policy/scalars.hpp"

#include <muster/events.hpp>

#include <algorithm>
#include <iterator>

MUSTER_BEGIN_NAMESPACE
namespace detail {

index_t policy_context::resolve(const yaml_node& ref, const id_table& table, std::string_view what) {
  index_t i = find_in(table, ref.text);
  if (i != no_index) return i;
  std::vector<std::string> names;
  for (const auto& e : table) names.push_back(e.first);
  std::string guess = did_you_mean(ref.text, names);
  report(ref, unknown_code(what), words(what) + " '" + ref.text + "' is not defined",
         guess.empty() ? "define it in the " + words(what) + " list first" : "did you mean '" + guess + "'?");
  return no_index;
}

namespace {

/// `advisory: true` capabilities, as a mask the engine reads when it proposes forces.
void resolve_capabilities(policy_context& cx) {
  for (const auto& n : cx.list("capabilities")) {
    if (scalar_or(n, "advisory") != "true") continue;
    const index_t c = find_in(cx.tables->capabilities, scalar_or(n, "id"));
    if (c == no_index) continue;
    cx.p.capabilities[c].advisory = true;
    cx.p.advisory_capabilities |= capability_mask{1} << c;
  }
}

void resolve_periods(policy_context& cx) {
  for (std::size_t i = 0; i < cx.p.periods.size(); ++i) {
    const yaml_node& n = *cx.period_nodes[i];
    period& x = cx.p.periods[i];
    x.declared_by = read_roles(cx, field(n, "declared_by"));
    x.announce_to = read_roles(cx, field(n, "announce_to"));
    const bool declared = scalar_or(n, "declared") == "true";
    if (declared && !field(n, "declared_by"))
      cx.report(n, "missing-key", "period '" + x.id + "' is declared at run time but says nobody may declare it",
                "add declared_by: [roles], e.g. [emergency_management, party_government]");
    for (const char* key : {"declared_by", "announce_to"})
      if (!declared && field(n, key))
        cx.report(*field(n, key), "unknown-key", std::string(key) + " is for periods with declared: true", "a calendar period is never declared");
  }
}

void resolve_jurisdictions(policy_context& cx) {
  policy& p = cx.p;
  for (std::size_t j = 0; j < p.jurisdictions.size(); ++j) {
    const yaml_node& n = *cx.jurisdiction_nodes[j];
    if (const yaml_node* parent = field(n, "parent")) {
      p.jurisdictions[j].parent = cx.resolve(*parent, cx.tables->jurisdictions, "jurisdiction");
    } else if (p.root == no_index) {
      p.root = static_cast<index_t>(j);
    } else {
      cx.report(n, "jurisdiction-root", "jurisdiction '" + p.jurisdictions[j].id + "' has no parent, but '" +
                p.jurisdictions[p.root].id + "' is already the root", "give it a parent: the tree has one root");
    }
  }
  if (p.root == no_index && !p.jurisdictions.empty()) {
    cx.report(*cx.jurisdiction_nodes[0], "jurisdiction-root", "the jurisdiction tree has no root (every entry has a parent)");
    return;
  }
  // Depth by walking to the root; a walk longer than the table is a cycle.
  for (std::size_t j = 0; j < p.jurisdictions.size(); ++j) {
    std::size_t steps = 0;
    index_t at = static_cast<index_t>(j);
    while (at != no_index && at != p.root && steps <= p.jurisdictions.size()) {
      at = p.jurisdictions[at].parent;
      ++steps;
    }
    if (steps > p.jurisdictions.size()) {
      cx.report(*cx.jurisdiction_nodes[j], "jurisdiction-cycle", "jurisdiction '" + p.jurisdictions[j].id + "' is its own ancestor");
      continue;
    }
    p.jurisdictions[j].depth = static_cast<index_t>(steps);
    if (index_t parent = p.jurisdictions[j].parent; parent != no_index) p.jurisdictions[parent].children.push_back(static_cast<index_t>(j));
  }
}

void resolve_organisations(policy_context& cx) {
  policy& p = cx.p;
  // Templates were expanded before any name was known: their named jurisdictions are checked here.
  for (const auto& t : cx.list("organisation_templates"))
    if (const yaml_node* each = field(t, "for_each"))
      for (const auto& j : items_of(field(*each, "jurisdictions"))) cx.resolve(j, cx.tables->jurisdictions, "jurisdiction");
  for (std::size_t o = 0; o < p.organisations.size(); ++o) {
    const yaml_node& n = *cx.organisation_nodes[o];
    organisation& org = p.organisations[o];
    if (const yaml_node* j = field(n, "jurisdiction")) org.jurisdiction = cx.resolve(*j, cx.tables->jurisdictions, "jurisdiction");
    if (const yaml_node* roles = field(n, "roles"); roles && roles->is_seq() && roles->items.empty())
      cx.report(*roles, "empty-list", "organisation '" + org.id + "' holds no role", "give it at least one role from the roles list");
    for (const auto& r : items_of(field(n, "roles"))) {
      index_t role = cx.resolve(r, cx.tables->roles, "role");
      if (role != no_index) org.roles |= role_mask{1} << role;
    }
    for (const auto& s : items_of(field(n, "sectors"))) {
      index_t sec = cx.resolve(s, cx.tables->sectors, "sector");
      if (sec != no_index) org.sectors.push_back(sec);
    }
  }
  for (std::size_t t = 0; t < p.incident_types.size(); ++t)
    for (const auto& c : items_of(field(*cx.incident_type_nodes[t], "needs"))) {
      index_t cap = cx.resolve(c, cx.tables->capabilities, "capability");
      if (cap != no_index) p.incident_types[t].needs.push_back(cap);
    }
}

void resolve_rules(policy_context& cx) {
  policy& p = cx.p;
  const yaml_node& root = cx.doc.root;
  const yaml_node& cmd = *field(root, "command");
  p.command.rule = cx.rule("command", cmd);
  if (const yaml_node* t = field(cmd, "threshold")) p.command.threshold = cx.resolve(*t, cx.tables->grades, "grade");
  p.command.reassessed_by = read_roles(cx, field(cmd, "reassessed_by"));
  const unsigned fixed = allow_incident | allow_root | allow_upper;
  if (const yaml_node* below = field(cmd, "below")) {
    p.command.below_coordinator = read_party(cx, field(*below, "coordinator"), fixed, "the command block");
    p.command.below_commander = read_party(cx, field(*below, "commander"), fixed, "the command block");
  }
  if (const yaml_node* above = field(cmd, "at_or_above")) {
    p.command.above_coordinator = read_party(cx, field(*above, "coordinator"), fixed, "the command block");
    p.command.above_commander = read_party(cx, field(*above, "commander"), fixed, "the command block");
  }
  const yaml_node& first = *field(root, "first_response");
  p.first_response = {read_party(cx, field(first, "by"), levels, "first_response"), cx.rule("first_response", first)};
  const yaml_node& hq = *field(root, "headquarters");
  p.headquarters = {read_party(cx, field(hq, "established_by"), levels, "headquarters"),
                    scalar_or(hq, "then") == "headquarters_commands", cx.rule("headquarters", hq)};

  for (std::size_t i = 0; i < p.information.size(); ++i) {
    const yaml_node& n = *cx.route_nodes[i];
    information_route& r = p.information[i];
    const std::string on = scalar_or(n, "on_event");
    r.on = incident_event::report;  // the schema pass has checked `on_event` is one of the routes' events
    for (int t = 0; t < route_event_count; ++t)
      if (on == to_string(static_cast<incident_event>(t))) r.on = static_cast<incident_event>(t);
    r.when = read_condition(cx, field(n, "when"), {false, false, "an information route"});
    r.notify = read_parties(cx, field(n, "notify"), levels, "information routes");
    r.copy = read_parties(cx, field(n, "copy"), levels, "information routes");
  }

  const yaml_node& ord = *field(root, "orders");
  p.orders.rule = cx.rule("orders", ord);
  p.orders.ack_timeout = parse_duration(scalar_or(ord, "ack_timeout")).value_or(0);
  if (const yaml_node* overdue = field(ord, "on_ack_overdue")) {
    p.orders.escalate_to = read_parties(cx, field(*overdue, "escalate_to"), levels | per_force, "on_ack_overdue");
    p.orders.propose_substitutes = scalar_or(*overdue, "propose_substitutes") == "true";
  }

  const yaml_node& rev = *field(root, "review");
  p.review.rule = cx.rule("review", rev);
  p.review.report_by = read_party(cx, field(rev, "report_by"), levels | allow_participant, "review");
  p.review.report_to = read_party(cx, field(rev, "report_to"), levels | allow_participant, "review");
  p.review.due = parse_duration(scalar_or(rev, "due")).value_or(0);
  p.review.on_timeout = read_ladder(cx, field(rev, "on_timeout"), levels | allow_participant, "the review's on_timeout");
}

/// Why for_each: force is refused in a claim, and how to allow it.
std::string claim_hint(const chain& ch) {
  return ch.about == chain_subject::claim ? "a claim goes through its forces when a force's owner files it (opened_by: { of: owner })" : "";
}

void resolve_chain(policy_context& cx, std::size_t c) {
  chain& ch = cx.p.chains[c];
  const yaml_node& n = *cx.chain_nodes[c];
  const std::string about = scalar_or(n, "about", "forces");
  ch.about = about == "quantity" ? chain_subject::quantity : about == "claim" ? chain_subject::claim
             : about == "document" ? chain_subject::document : about == "nothing" ? chain_subject::nothing : chain_subject::forces;
  // The opening event names forces (or a claim the force it is for, 4.1): then a force's owner
  // or authority may be the one who opens it, resolved for the first force named.
  const bool opened_over_forces = ch.about != chain_subject::document && ch.about != chain_subject::nothing;
  ch.opened_by = read_party(cx, field(n, "opened_by"), levels | (opened_over_forces ? per_force : 0U),
                            opened_over_forces ? "opened_by" : "opened_by of a chain about a document or nothing");
  const bool has_forces = ch.about == chain_subject::forces || ch.about == chain_subject::quantity;
  // A claim its force's owner files always names the forces it is for (4.1): its steps and
  // notices may go through them (for_each: force), though it deploys none.
  const bool claim_for_forces = ch.about == chain_subject::claim && ch.opened_by.per_force();
  const bool goes_through_forces = has_forces || claim_for_forces;
  ch.outside_only = scalar_or(n, "forces_from") == "outside_incident_jurisdiction";
  if (const yaml_node* stock = field(n, "stock")) {
    ch.reserves_stock = true;
    if (ch.about != chain_subject::quantity)
      cx.report(*stock, "chain-subject", "chain '" + ch.id + "' is about " + about + "; stock: reserve draws a quantity from a force's stock",
                "add about: quantity");
  }
  if (ch.outside_only && !has_forces)
    cx.report(*field(n, "forces_from"), "chain-subject", "chain '" + ch.id + "' is about " + about + ", not forces; forces_from chooses forces");
  if (const yaml_node* with = field(n, "opened_with")) {
    ch.opened_with = static_cast<std::uint8_t>(with->text == "reinforcement.apply" ? event_kind::reinforcement_apply : event_kind::plan_draft);
    for (std::size_t other = 0; other < c; ++other)
      if (cx.p.chains[other].opened_with == ch.opened_with)
        cx.report(*with, "duplicate-shorthand", with->text + " already opens chain '" + cx.p.chains[other].id + "'",
                  "a shorthand event opens one chain; open this one with chain.open");
    if (ch.about != chain_subject::forces)
      cx.report(*with, "chain-subject", with->text + " carries forces; chain '" + ch.id + "' is about " + about, "open it with chain.open");
  }
  // opened_on: each item an event name (at once) or { event: …, after: duration } (that long after).
  std::array<const yaml_node*, chain_trigger_count> listed{};
  for (const auto& item : items_of(field(n, "opened_on"))) {
    const yaml_node* on = item.is_map() ? field(item, "event") : &item;
    if (on == nullptr || !on->is_scalar()) continue;  // the shape pass reported it
    const auto* name = std::find(std::begin(chain_trigger_names), std::end(chain_trigger_names), on->text);
    if (name == std::end(chain_trigger_names)) continue;  // invalid-choice, from the scalar pass
    const auto t = static_cast<std::size_t>(name - std::begin(chain_trigger_names));
    if (listed[t] != nullptr) {
      cx.report(*on, "duplicate-item", "opened_on: '" + on->text + "' is listed twice (first at line " + std::to_string(listed[t]->line) +
                                           ", column " + std::to_string(listed[t]->column) + ")",
                "a chain opens once per event: keep one, at once or with after:");
      continue;
    }
    listed[t] = on;
    ch.triggers = static_cast<std::uint8_t>(ch.triggers | 1U << t);
    if (item.is_map()) ch.opens_after[t] = parse_duration(scalar_or(item, "after")).value_or(0);
    const auto trig = static_cast<chain_trigger>(t);
    const bool carries_force = trig == chain_trigger::order_released || trig == chain_trigger::order_departed || trig == chain_trigger::order_returned;
    if (ch.about == chain_subject::quantity || ch.about == chain_subject::claim || (ch.about == chain_subject::forces && !carries_force))
      cx.report(*on, "chain-subject", "chain '" + ch.id + "' is about " + about + ", which " + on->text + " does not carry",
                carries_force ? on->text + " carries the order's force: about: forces" : "use about: document or nothing");
  }
  for (std::size_t s = 0; s < ch.steps.size(); ++s) {
    const yaml_node& sn = *cx.step_nodes[c][s];
    chain_step& st = ch.steps[s];
    const std::string kind = scalar_or(sn, "kind");
    st.kind = kind == "consent" ? step_kind::consent : kind == "notify" ? step_kind::notify
              : kind == "acknowledge" ? step_kind::acknowledge : kind == "submit" ? step_kind::submit : step_kind::approve;
    st.per_force = field(sn, "for_each") != nullptr;
    if (st.per_force && !goes_through_forces)
      cx.report(*field(sn, "for_each"), "chain-subject", "chain '" + ch.id + "' is about " + about + ": it has no forces to go through",
                claim_hint(ch));
    st.by = read_party(cx, field(sn, "by"), levels | (st.per_force ? per_force : 0U),
                       st.per_force ? "a step" : "a step without for_each: force");
    st.asked_by = read_party(cx, field(sn, "asked_by"), levels, "asked_by");
    st.when = read_condition(cx, field(sn, "when"), {st.per_force, true, "this step"});
    st.timeout = parse_duration(scalar_or(sn, "timeout")).value_or(0);
    const std::string ladder = "the on_timeout of step '" + st.id + "' of chain '" + ch.id + "'";
    st.on_timeout = read_ladder(cx, field(sn, "on_timeout"), levels | (st.per_force ? per_force : 0U), ladder.c_str());
    st.on_refuse = scalar_or(sn, "on_refuse") == "drop_force" ? refusal_effect::drop_force : refusal_effect::fail;
    // `next` defaults to the following step; resolved against this chain's own step ids.
    st.next = s + 1 < ch.steps.size() ? static_cast<index_t>(s + 1) : no_index;
    if (const yaml_node* next = field(sn, "next")) {
      if (next->text == "done") {
        st.next = no_index;
      } else {
        auto it = std::find_if(ch.steps.begin(), ch.steps.end(), [&](const chain_step& x) { return x.id == next->text; });
        if (it != ch.steps.end()) {
          st.next = static_cast<index_t>(it - ch.steps.begin());
        } else {
          std::vector<std::string> ids{"done"};
          for (const auto& x : ch.steps) ids.push_back(x.id);
          std::string guess = did_you_mean(next->text, ids);
          cx.report(*next, "unknown-step", "chain '" + ch.id + "' has no step '" + next->text + "'",
                    guess.empty() ? "name a step of this chain, or done" : "did you mean '" + guess + "'?");
        }
      }
    }
  }
  for (std::size_t a = 0; a < ch.on_approved.size(); ++a) {
    const yaml_node& an = *cx.action_nodes[c][a];
    chain_action& act = ch.on_approved[a];
    const std::string kind = scalar_or(an, "do");
    // The scalar pass has checked `do` is one of the names; anything else is left a notify.
    const auto* named = std::find(std::begin(action_kind_names), std::end(action_kind_names), kind);
    act.kind = named == std::end(action_kind_names) ? action_kind::notify : static_cast<action_kind>(named - std::begin(action_kind_names));
    act.per_force = field(an, "for_each") != nullptr;
    if ((act.kind == action_kind::issue_orders || act.kind == action_kind::request_support) && !has_forces)
      cx.report(an, "chain-subject", "chain '" + ch.id + "' is about " + about + ": do: " + kind + " needs forces");
    else if (act.per_force && !goes_through_forces)
      cx.report(an, "chain-subject", "chain '" + ch.id + "' is about " + about + ": do: " + kind + " needs forces", claim_hint(ch));
    else if (act.kind == action_kind::release_stock && ch.about != chain_subject::quantity)
      cx.report(an, "chain-subject", "chain '" + ch.id + "' is about " + about + ": do: release_stock gives back a quantity held from stock",
                "release it in the chain stock: reserve opens, or one about a quantity opened from it");
    const yaml_node* target_chain = field(an, "chain");
    const yaml_node* flag = field(an, "flag");
    if (act.kind == action_kind::open_chain) {
      if (!target_chain) cx.report(an, "missing-key", "do: open_chain needs 'chain'", "name the chain it opens");
      else act.target = cx.resolve(*target_chain, cx.tables->chains, "chain");
    } else if (target_chain) {
      cx.report(*target_chain, "unknown-key", "chain: is for do: open_chain");
    }
    if (act.kind == action_kind::set_flag || act.kind == action_kind::clear_flag) {
      if (!flag) cx.report(an, "missing-key", "do: " + kind + " needs 'flag'", "name a flag of the flags list");
      else act.target = cx.resolve(*flag, cx.tables->flags, "flag");
    } else if (flag) {
      cx.report(*flag, "unknown-key", "flag: is for do: set_flag and do: clear_flag");
    }
    if (const yaml_node* position = field(an, "position")) {
      act.position = position->text == "coordinator" ? command_position::coordinator : command_position::commander;
      if (act.kind != action_kind::assign_command) cx.report(*position, "unknown-key", "position: is for do: assign_command");
    } else if (act.kind == action_kind::assign_command) {
      cx.report(an, "missing-key", "do: assign_command needs 'position'", "coordinator or commander: the position 'to' takes");
    }
    if (act.kind == action_kind::assign_command && act.per_force)
      cx.report(*field(an, "for_each"), "unknown-key", "do: assign_command gives one position to one party; it does not go through forces");
    act.forces = scalar_or(an, "forces") == "outside_incident_jurisdiction" ? force_selection::outside_incident_jurisdiction : force_selection::named;
    const bool deploys = act.kind == action_kind::issue_orders || act.kind == action_kind::request_support;
    act.when = read_condition(cx, field(an, "when"), {act.per_force || deploys, true, "this action"});
    if (const yaml_node* cats = field(an, "categories")) {
      act.categories = read_categories(*cats);
      if (!deploys && !act.per_force)
        cx.report(*cats, "unknown-key", "categories chooses forces: for issue_orders, request_support, or an action with for_each: force");
    }
    if (const yaml_node* ack = field(an, "ack_timeout")) {
      act.ack_timeout = parse_duration(ack->text).value_or(0);
      if (act.kind != action_kind::request_support) cx.report(*ack, "unknown-key", "ack_timeout is for do: request_support (orders take the orders block's)");
    }
    if (act.kind == action_kind::request_support) cx.p.support_categories |= act.categories;
    const bool opens = act.kind == action_kind::open_chain;
    const bool flags = act.kind == action_kind::set_flag || act.kind == action_kind::clear_flag;
    const char* party_key = deploys || opens ? "by" : "to";
    const char* other_key = deploys || opens ? "to" : "by";
    for (const auto& e : an.entries)  // at the key, as the shape pass reports unknown keys (flags: below, once)
      if (!flags && e.key.text == other_key && field(an, other_key))
        cx.report(e.key, "unknown-key", std::string("do: ") + kind + " takes '" + party_key + "', not '" + other_key + "'");
    if (flags) {
      for (const char* key : {"by", "to"})
        if (const yaml_node* party = field(an, key)) cx.report(*party, "unknown-key", "do: " + kind + " changes the incident; it names no party");
    } else if (const yaml_node* party = field(an, party_key)) {
      act.party = read_party(cx, party, levels | (act.per_force ? per_force : 0U),
                             act.per_force ? "an action" : "an action without for_each: force");
    } else if (!opens) {  // open_chain without by: the opened chain's own opened_by drafts it
      cx.report(an, "missing-key", std::string("do: ") + kind + " needs '" + party_key + "'");
    }
  }
  // A chain whose rules name the upper level cannot run where the command is at the root.
  auto upper = [](const party_ref& r) { return r.position == command_position::none && r.role != no_index && r.of == party_scope::upper; };
  ch.needs_upper = upper(ch.opened_by);
  for (const chain_step& st : ch.steps) {
    ch.needs_upper |= upper(st.by) || upper(st.asked_by);
    for (const silence_rung& rung : st.on_timeout)
      for (const party_ref& r : rung.notify) ch.needs_upper |= upper(r);
  }
  for (const chain_action& act : ch.on_approved) ch.needs_upper |= upper(act.party);
}

}  // namespace

void resolve_references(policy_context& cx) {
  policy& p = cx.p;
  resolve_jurisdictions(cx);
  resolve_periods(cx);
  resolve_organisations(cx);
  resolve_capabilities(cx);
  resolve_rules(cx);
  for (std::size_t c = 0; c < p.chains.size(); ++c) resolve_chain(cx, c);
}

}  // namespace detail
MUSTER_END_NAMESPACE
