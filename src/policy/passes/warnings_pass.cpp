// Pass `warnings`: the `warnings:` block (3.3.1) — who issues warnings, the hazards and the
// forces each concerns, and the acknowledgement tiers (receive, push) with their ladders.
#include "policy/party_reading.hpp"
#include "policy/policy_context.hpp"
#include "policy/scalars.hpp"

#include <muster/events.hpp>

#include <map>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

void read_hazards(policy_context& cx, const yaml_node& block) {
  warning_rules& w = cx.p.warnings;
  std::map<std::string, std::uint32_t> seen;  // id → line of first definition
  for (const auto& n : items_of(field(block, "hazards"))) {
    const yaml_node* id = field(n, "id");
    if (!id) continue;
    if (auto [it, fresh] = seen.emplace(id->text, id->line); !fresh) {
      cx.report(*id, "duplicate-id", "hazards: id '" + id->text + "' is already defined on line " + std::to_string(it->second),
                "ids must be unique within their list");
      continue;
    }
    hazard& h = w.hazards.emplace_back();
    h.id = id->text;
    h.name = read_text(n);
    h.rule = cx.rule("warnings.hazards." + h.id, n);
    for (const auto& c : items_of(field(n, "capabilities"))) {
      const index_t i = cx.resolve(c, cx.tables->capabilities, "capability");
      if (i != no_index) h.capabilities |= capability_mask{1} << i;
    }
    // An incident type's needs are the forces its hazard concerns (a rainstorm: a flood's).
    for (const auto& t : items_of(field(n, "incident_types"))) {
      const index_t i = cx.resolve(t, cx.tables->incident_types, "incident_type");
      if (i == no_index) continue;
      h.incident_types.push_back(i);
      for (index_t c : cx.p.incident_types[i].needs) h.capabilities |= capability_mask{1} << c;
    }
    if (h.capabilities == 0)
      cx.report(n, "hazard-without-forces", "hazard '" + h.id + "' concerns no force: it names no capability or incident type",
                "add capabilities: [...] or incident_types: [...] so the warning is pushed to the forces that fit it");
    for (const auto& c : items_of(field(n, "cap_codes"))) h.cap_codes.push_back(c.text);
    for (const auto& c : items_of(field(n, "cap_events"))) h.cap_events.push_back(c.text);
  }
  cx.tables->hazards = make_table(w.hazards);
  if (w.hazards.empty()) cx.report(block, "empty-list", "warnings: at least one hazard is needed", "list the hazards warnings are issued for, e.g. - { id: rainstorm, zh: 暴雨 }");
}

}  // namespace

void resolve_warnings(policy_context& cx) {
  const yaml_node* block = field(cx.doc.root, "warnings");
  if (!block) return;
  warning_rules& w = cx.p.warnings;
  w.rule = cx.rule("warnings", *block);
  const yaml_node* issuers = field(*block, "issued_by");
  w.issued_by = read_roles(cx, issuers);
  // No issuer would make the block dead: the engine takes warnings only from a role listed here.
  if (issuers && issuers->is_seq() && issuers->items.empty())
    cx.report(*issuers, "empty-list", "warnings: issued_by: [] names no role, so nobody could issue a warning",
              "name the roles that issue warnings, e.g. issued_by: [warning_agency], or remove the warnings block");
  read_hazards(cx, *block);

  const unsigned around = allow_area | allow_upper | allow_root;
  if (const yaml_node* receive = field(*block, "receive")) {
    w.receive = read_tier(cx, *receive, "warnings.receive", around);
    w.receive.to = read_party(cx, field(*receive, "to"), allow_area, "warnings.receive.to");
    if (w.receive.to.role == no_index && !field(*receive, "to"))
      cx.report(*receive, "missing-key", "warnings.receive needs 'to': who receives a warning in each jurisdiction of its area",
                "write to: { role: fire_rescue, of: area }");
  }
  if (const yaml_node* push = field(*block, "push")) {
    w.push = read_tier(cx, *push, "warnings.push", around | allow_force | allow_owner);
    if (const yaml_node* to = field(*push, "to"))
      cx.report(*to, "unknown-key", "warnings.push goes to the forces that fit the hazard, through their owners; it takes no 'to'",
                "choose the forces with categories: [...] and the hazard's capabilities");
  }
  if (const yaml_node* standby = field(*block, "standby")) {
    const std::string from = scalar_or(*standby, "from_level");
    for (int l = 0; l < warning_level_count; ++l)
      if (from == to_string(static_cast<warning_level>(l))) w.standby_from = static_cast<std::uint8_t>(l);
    if (!w.push.defined())
      cx.report(*standby, "missing-key", "warnings.standby puts pushed forces on standby, but the block has no push tier",
                "add push: so warnings reach the forces");
  }
  w.standby_rule = field(*block, "standby") ? cx.rule("warnings.standby", *field(*block, "standby")) : rule_ref{};
}

}  // namespace detail
MUSTER_END_NAMESPACE
