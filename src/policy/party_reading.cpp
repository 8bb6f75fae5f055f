// Party references, ladders, role lists and categories as the rules write them.
#include "policy/party_reading.hpp"

#include "policy/condition_compiler.hpp"
#include "policy/scalars.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {

party_scope scope_of(const std::string& s) {
  for (unsigned i = 0; i <= static_cast<unsigned>(party_scope::area); ++i)
    if (s == to_string(static_cast<party_scope>(i))) return static_cast<party_scope>(i);
  return party_scope::incident;
}

namespace {

/// A place that takes of: area (the warnings block) has parties relative to a jurisdiction, not
/// to an incident. There the hints written for an incident's rules (add for_each: force, use
/// the review block, the command block's positions, of: incident) name what it does not have.
bool outside_incidents(unsigned allowed) { return (allowed & allow_area) != 0; }

/// What a place takes, as a hint: "escalate_to takes of: area, upper or root".
std::string scopes_taken(unsigned allowed, const char* where) {
  static const party_scope listed[] = {party_scope::area,  party_scope::incident, party_scope::command, party_scope::upper,
                                       party_scope::root,  party_scope::force,    party_scope::participant};
  std::vector<const char*> scopes;
  for (party_scope s : listed)
    if (allowed & (1U << static_cast<unsigned>(s))) scopes.push_back(to_string(s));
  std::string hint = std::string(where) + " takes of: ";
  for (std::size_t i = 0; i < scopes.size(); ++i) hint += (i == 0 ? "" : i + 1 == scopes.size() ? " or " : ", ") + std::string(scopes[i]);
  if (allowed & allow_owner) hint += ", or { of: owner }";
  if (allowed & allow_position) hint += ", or { position: commander } / { position: coordinator }";
  return hint;
}

}  // namespace

party_ref read_party(policy_context& cx, const yaml_node* n, unsigned allowed, const char* where) {
  party_ref r;
  if (!n) return r;
  const bool list_scopes = outside_incidents(allowed);  // hint: what this place takes
  const yaml_node* role = field(*n, "role");
  const yaml_node* of = field(*n, "of");
  if (const yaml_node* position = field(*n, "position")) {
    if (role || of)
      cx.report(*position, "party-conflict", "a party is either a role (role + of) or a position of the command, not both",
                "keep position: " + position->text + ", or role and of");
    else if (!(allowed & allow_position))
      cx.report(*position, "invalid-scope", std::string("position: is not allowed in ") + where,
                list_scopes ? scopes_taken(allowed, where) : "the command block defines the positions; name roles there");
    r.position = position->text == "coordinator" ? command_position::coordinator : command_position::commander;
    return r;
  }
  if (of && of->text == "owner" && !role) {  // the force's owning organisation: no role to look up
    r.of = party_scope::owner;
    if (!(allowed & allow_owner))
      cx.report(*of, "invalid-scope", std::string("of: owner is not allowed in ") + where,
                list_scopes ? scopes_taken(allowed, where) : "of: owner needs for_each: force (one owner per force)");
    return r;
  }
  if (!role || !of) {
    cx.report(*n, "missing-key", std::string("a party reference needs '") + (role ? "of" : "role") + "'",
              list_scopes ? "write { role: ..., of: ... }: " + scopes_taken(allowed, where)
                             : "write { role: emergency_management, of: command }, { of: owner }, or { position: commander }");
    return r;
  }
  r.role = cx.resolve(*role, cx.tables->roles, "role");
  if (of) {
    r.of = scope_of(of->text);
    if (!(allowed & (1U << static_cast<unsigned>(r.of)))) {
      std::string hint = list_scopes ? scopes_taken(allowed, where)
                         : r.of == party_scope::force ? "of: force needs for_each: force (one party per force)"
                         : r.of == party_scope::participant ? "of: participant is for the review block"
                         : r.of == party_scope::area ? "of: area is for the warnings block"
                         : r.of == party_scope::command ? "the command block defines the command level; use incident or root"
                                                        : "";
      cx.report(*of, "invalid-scope", std::string("of: ") + of->text + " is not allowed in " + where, hint);
    } else if (r.of == party_scope::owner) {
      cx.report(*role, "invalid-scope", "of: owner is the force's owning organisation; it takes no role", "write { of: owner }");
    } else if (r.of == party_scope::force && r.role != no_index) {
      // The force's registered authority answers; the registry is checked to hold this role.
      cx.p.force_authority_roles |= role_mask{1} << r.role;
    }
  }
  if (r.role != no_index) cx.parties.push_back({r, n});
  return r;
}

std::vector<party_ref> read_parties(policy_context& cx, const yaml_node* list, unsigned allowed, const char* where) {
  std::vector<party_ref> out;
  for (const auto& item : items_of(list)) out.push_back(read_party(cx, &item, allowed, where));
  return out;
}

/// A `when:` expression, compiled into cx.p.conditions (src/policy/condition_compiler.cpp).
index_t read_condition(policy_context& cx, const yaml_node* n, const condition_place& place) {
  return n ? compile_when(cx, *n, place) : no_index;
}

silence_action silence_of(const std::string& s) {
  return s == "remind" ? silence_action::remind : s == "escalate" ? silence_action::escalate : silence_action::expire;
}

/// A timeout ladder: each rung a bare action (`remind`) or `{do: remind, notify: [parties]}`.
/// Every ladder is read here (a step's, the review's, a warning tier's), so each is checked
/// here once: `expire` ends the wait, so a rung after it could never run (expire-not-last).
std::vector<silence_rung> read_ladder(policy_context& cx, const yaml_node* list, unsigned allowed, const char* where) {
  std::vector<silence_rung> out;
  const auto& items = items_of(list);
  for (const auto& item : items) {
    silence_rung& rung = out.emplace_back();
    if (item.is_scalar()) {
      rung.act = silence_of(item.text);
      continue;
    }
    rung.act = silence_of(scalar_or(item, "do"));
    rung.notify = read_parties(cx, field(item, "notify"), allowed, where);
  }
  for (std::size_t i = 0; i + 1 < out.size(); ++i)
    if (out[i].act == silence_action::expire) {
      cx.report(items[i], "expire-not-last", std::string(where) + ": expire ends the wait, so the rungs after it never run",
                "move expire to the end of on_timeout (and keep only one)");
      break;  // one report per ladder, at the first expire
    }
  return out;
}

category_mask read_categories(const yaml_node& list) {
  static const char* const names[] = {"government", "enterprise", "social", "expert"};  // force_category order
  category_mask m = 0;
  for (const auto& item : list.items)
    for (unsigned i = 0; i < 4; ++i)
      if (item.text == names[i]) m = static_cast<category_mask>(m | 1U << i);
  return m;
}

/// A list of role ids as a mask.
role_mask read_roles(policy_context& cx, const yaml_node* list) {
  role_mask m = 0;
  for (const auto& item : items_of(list)) {
    const index_t r = cx.resolve(item, cx.tables->roles, "role");
    if (r != no_index) m |= role_mask{1} << r;
  }
  return m;
}

}  // namespace detail
MUSTER_END_NAMESPACE
