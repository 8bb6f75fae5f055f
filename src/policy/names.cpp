// The YAML spelling of every enum, in one table per enum, so diagnostics, summaries and
// traces all say the same word the policy writer typed.
#include <muster/policy.hpp>

MUSTER_BEGIN_NAMESPACE

const char* to_string(party_scope s) {
  static const char* const names[] = {"incident", "command", "upper", "root", "force", "participant"};
  return names[static_cast<int>(s)];
}
const char* to_string(step_kind k) {
  static const char* const names[] = {"approve", "consent", "notify"};
  return names[static_cast<int>(k)];
}
const char* to_string(silence_action a) {
  static const char* const names[] = {"remind", "escalate", "expire"};
  return names[static_cast<int>(a)];
}
const char* to_string(action_kind k) {
  static const char* const names[] = {"issue_orders", "request_support", "file_record", "notify"};
  return names[static_cast<int>(k)];
}
const char* to_string(force_category c) {
  static const char* const names[] = {"government", "enterprise", "social", "expert"};
  return names[static_cast<int>(c)];
}
const char* to_string(period_class c) {
  static const char* const names[] = {"special", "sensitive"};
  return names[static_cast<int>(c)];
}
const char* to_string(info_trigger t) {
  static const char* const names[] = {"incident.report", "incident.regrade", "incident.hq_established", "incident.conclude"};
  return names[static_cast<int>(t)];
}

const std::vector<std::string>& known_clauses() {
  // The seed's own numbering (shared/seed/CLAUSES.md).
  static const std::vector<std::string> ids = {
      "1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1.1", "3.1.2", "3.1.3", "3.2.1", "3.2.2",
      "3.2.3", "3.3.1", "3.3.2", "3.3.3", "4.0", "4.1", "4.2", "4.3", "4.4", "5.1"};
  return ids;
}

std::string to_string(const policy& p, const party_ref& r) {
  if (r.position != command_position::none) return r.position == command_position::coordinator ? "the coordinator" : "the commander";
  const std::string role = r.role < p.roles.size() ? p.roles[r.role].id : "?";
  return role + " of " + to_string(r.of);
}

MUSTER_END_NAMESPACE
