// The YAML spelling of every enum, in one table per enum, so diagnostics, summaries and
// traces all say the same word the policy writer typed.
#include <muster/policy.hpp>

#include <iterator>

MUSTER_BEGIN_NAMESPACE

const char* to_string(party_scope s) {
  static const char* const names[] = {"incident", "command", "upper", "root", "force", "participant", "owner", "area"};
  return names[static_cast<int>(s)];
}
const char* to_string(step_kind k) {
  static const char* const names[] = {"approve", "consent", "notify", "acknowledge", "submit"};
  return names[static_cast<int>(k)];
}
const char* to_string(silence_action a) {
  static const char* const names[] = {"remind", "escalate", "expire"};
  return names[static_cast<int>(a)];
}
const char* to_string(action_kind k) {
  return action_kind_names[static_cast<int>(k)].data();  // literals: NUL-terminated
}
const char* to_string(force_category c) {
  static const char* const names[] = {"government", "enterprise", "social", "expert"};
  return names[static_cast<int>(c)];
}
const char* to_string(period_class c) {
  static const char* const names[] = {"special", "sensitive"};
  return names[static_cast<int>(c)];
}
const char* to_string(incident_event e) {
  static const char* const names[] = {"incident.report", "incident.regrade", "incident.hq_established", "incident.conclude",
                                      "incident.update", "force.update", "review.started", "review.closed"};
  static_assert(std::size(names) == incident_event_count, "a name for each event");
  return names[static_cast<int>(e)];
}
const char* to_string(reaction_kind k) {
  static const char* const names[] = {"notify", "command_by_grade", "actor_takes_position", "tell_replaced", "request_reports"};
  static_assert(std::size(names) == reaction_kind_count, "a name for each kind");
  return names[static_cast<int>(k)];
}

const char* to_string(recurrence r) {
  static const char* const names[] = {"day", "week", "month", "year"};
  return names[static_cast<int>(r)];
}
const char* to_string(catch_up_rule c) {
  static const char* const names[] = {"once", "each_missed"};
  return names[static_cast<int>(c)];
}
const char* to_string(answer_kind a) {
  static const char* const names[] = {"acknowledge", "report", "update"};
  static_assert(std::size(names) == static_cast<std::size_t>(answer_kind::update) + 1, "a name for each value");
  return names[static_cast<int>(a)];
}

std::string to_string(const policy& p, const party_ref& r) {
  if (r.position != command_position::none) return r.position == command_position::coordinator ? "the coordinator" : "the commander";
  if (r.of == party_scope::owner) return "the force's owner";
  const std::string role = r.role < p.roles.size() ? p.roles[r.role].id : "?";
  return role + " of " + to_string(r.of);
}

const rule_ref* rule_of(const policy& p, rule_source s) {
  switch (s.block) {
    case rule_block::command: return &p.command.rule;
    case rule_block::first_response: return &p.first_response.rule;
    case rule_block::headquarters: return &p.headquarters.rule;
    case rule_block::orders: return &p.orders.rule;
    case rule_block::review: return &p.review.rule;
    case rule_block::information: return s.index < p.information.size() ? &p.information[s.index].rule : nullptr;
    case rule_block::none: break;
  }
  return nullptr;
}

MUSTER_END_NAMESPACE
