// Who a rule means for this incident, which facts hold now, and which forces to propose.
#include "engine/engine_impl.hpp"

#include "common/civil_time.hpp"
#include "engine/condition_eval.hpp"

#include <algorithm>

MUSTER_BEGIN_NAMESPACE
namespace detail {

index_t ancestor(const policy& p, index_t j, unsigned levels) {
  while (levels-- > 0 && j != no_index && p.jurisdictions[j].parent != no_index) j = p.jurisdictions[j].parent;
  return j;
}

namespace {

/// A force's authority, `levels` up: in each parent jurisdiction, the holder of `role` that
/// governs one of the same sectors (first in file order). Where none does, or at the root,
/// the step stays with the authority reached so far.
index_t escalated_authority(const policy& p, index_t authority, index_t role, unsigned levels) {
  for (; levels > 0; --levels) {
    const organisation& from = p.organisations[authority];
    const index_t parent = p.jurisdictions[from.jurisdiction].parent;
    if (parent == no_index) break;
    index_t next = no_index;
    for (std::size_t o = 0; o < p.organisations.size() && next == no_index; ++o) {
      const organisation& cand = p.organisations[o];
      if (cand.jurisdiction != parent || !cand.holds(role)) continue;
      for (index_t s : from.sectors)
        if (std::find(cand.sectors.begin(), cand.sectors.end(), s) != cand.sectors.end()) next = static_cast<index_t>(o);
    }
    if (next == no_index) break;
    authority = next;
  }
  return authority;
}

/// The holder of `role` `levels` above jurisdiction `j` (or in `j` when none holds it there).
index_t holder_above(const policy& p, index_t role, index_t j, unsigned levels) {
  if (j == no_index) return no_index;
  const index_t org = p.holder(role, ancestor(p, j, levels));
  return org != no_index ? org : p.holder(role, j);
}

}  // namespace

index_t resolve_party(const engine::impl& en, const incident_record& inc, const party_ref& r, index_t force, unsigned escalation) {
  const policy& p = en.p;
  if (r.position != command_position::none) {  // whoever holds it now; positions do not climb
    const auto [coordinator, commander] = command_for(en, inc, inc.grade);
    return r.position == command_position::coordinator ? coordinator : commander;
  }
  index_t j = no_index;
  switch (r.of) {
    case party_scope::incident: j = inc.jurisdiction; break;
    case party_scope::command: j = inc.command; break;
    case party_scope::upper: j = p.jurisdictions[inc.command].parent; break;
    case party_scope::root: j = p.root; break;
    case party_scope::participant:
    case party_scope::area: j = inc.jurisdiction; break;
    case party_scope::force:
    case party_scope::owner: return resolve_party_in(en, inc.jurisdiction, r, force, escalation);
  }
  return holder_above(p, r.role, j, escalation);
}

index_t resolve_party_in(const engine::impl& en, index_t jurisdiction, const party_ref& r, index_t force, unsigned escalation) {
  const policy& p = en.p;
  switch (r.of) {
    case party_scope::force:
      return force == no_index ? no_index : escalated_authority(p, en.facts[force].authority, r.role, escalation);
    case party_scope::owner: return force == no_index ? no_index : en.facts[force].owner;
    case party_scope::upper: return holder_above(p, r.role, jurisdiction == no_index ? no_index : p.jurisdictions[jurisdiction].parent, escalation);
    case party_scope::root: return holder_above(p, r.role, p.root, escalation);
    default: return holder_above(p, r.role, jurisdiction, escalation);
  }
}

std::uint16_t local_month_day(const engine::impl& en, timestamp t) {
  // The answer changes once a day at most: remember the day last asked about.
  const std::int64_t local = t + en.p.utc_offset();
  const std::int64_t day_number = floor_div(local, 86400);
  if (day_number == en.cached_day) return en.cached_mmdd;
  const civil_date c = civil_from_days(day_number);
  en.cached_day = day_number;
  en.cached_mmdd = static_cast<std::uint16_t>(c.month * 100 + c.day);
  return en.cached_mmdd;
}

bool declared_active(const engine::impl& en, std::size_t i, timestamp t) {
  // 0: not declared. Compared to `t` alone, it would hold before the first event (the clock at
  // INT64_MIN) and for event times before 1970.
  return en.declared_until[i] != 0 && en.declared_until[i] > t;
}

bool period_class_active(const engine::impl& en, period_class c, timestamp t) {
  const std::uint16_t mmdd = local_month_day(en, t);
  for (std::size_t i = 0; i < en.p.periods.size(); ++i) {
    const period& x = en.p.periods[i];
    if (x.cls != c) continue;
    if (x.declared ? declared_active(en, i, t) : x.contains(mmdd)) return true;
  }
  return false;
}

namespace {

/// The facts a `when:` condition reads (src/engine/condition_eval.hpp), each computed only when
/// the program asks: a program that names no period never reads the calendar.
struct engine_facts {
  const engine::impl& en;
  const incident_record& inc;
  const request_record* req;  ///< nullptr outside a chain (information routes)
  index_t force;              ///< no_index outside a per-force rule

  std::int64_t grade() const { return inc.grade; }
  std::int64_t type() const { return inc.type; }
  std::int64_t level() const { return static_cast<std::int64_t>(en.p.jurisdictions[inc.jurisdiction].level); }
  std::int64_t forces() const {
    if (!req) return 0;
    const std::uint64_t all = req->force_count == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << req->force_count) - 1;
    return __builtin_popcountll(all & ~req->dropped);
  }
  std::int64_t measure(chain_subject about) const {
    return req && en.p.chains[req->chain].about == about ? req->measure : 0;
  }
  std::int64_t amount() const { return measure(chain_subject::claim); }
  std::int64_t quantity() const { return measure(chain_subject::quantity); }
  bool special_period() const { return period_class_active(en, period_class::special, en.now); }
  bool sensitive_period() const { return period_class_active(en, period_class::sensitive, en.now); }
  bool headquarters() const { return inc.headquarters != no_index; }
  bool above_threshold() const { return inc.grade >= en.p.command.threshold; }
  bool drill() const { return inc.status != input_status::actual; }
  bool period(index_t i) const {
    const struct period& x = en.p.periods[i];
    return x.declared ? declared_active(en, i, en.now) : x.contains(local_month_day(en, en.now));
  }
  bool flag(index_t i) const { return i < 64 && (inc.flags >> i & 1U); }
  std::int64_t force_category() const { return force == no_index ? -1 : en.facts[force].category; }
  std::int64_t force_sector() const { return force == no_index ? -1 : en.reg->forces[force].sector; }
  std::uint64_t force_capabilities() const { return force == no_index ? 0 : en.facts[force].capabilities; }
};

}  // namespace

bool condition_holds(const engine::impl& en, const incident_record& inc, index_t when, const request_record* req, index_t force) {
  return evaluate(en.p.conditions[when], engine_facts{en, inc, req, force});
}

order_id drill_order(const engine::impl& en, index_t force) {
  const std::uint32_t o = en.committed[force];
  if (o == 0) return 0;
  return en.incidents[en.orders[o - 1].incident].status != input_status::actual ? o : 0;
}

bool force_available(const engine::impl& en, index_t force, bool for_drill) {
  return en.committed[force] == 0 || (!for_drill && drill_order(en, force) != 0);
}

unsigned tree_distance(const policy& p, index_t a, index_t b) {
  unsigned d = 0;
  while (a != b) {
    // Step the deeper one up; equal depth: both.
    if (p.jurisdictions[a].depth >= p.jurisdictions[b].depth) { a = p.jurisdictions[a].parent; ++d; }
    else { b = p.jurisdictions[b].parent; ++d; }
    if (a == no_index || b == no_index) return 0xFFFF;
  }
  return d;
}

namespace {

/// Available forces with any of `wanted`, nearest to `jurisdiction` first, then registry order.
std::vector<index_t> candidates(const engine::impl& en, const incident_record& inc, std::uint64_t wanted,
                                const std::vector<index_t>& exclude, bool outside_only) {
  const index_t jurisdiction = inc.jurisdiction;
  const bool for_drill = inc.status != input_status::actual;
  std::vector<std::pair<unsigned, index_t>> order;
  for (std::size_t i = 0; i < en.facts.size(); ++i) {
    const force_facts& fc = en.facts[i];
    const auto fi = static_cast<index_t>(i);
    if (!(fc.capabilities & wanted) || !force_available(en, fi, for_drill)) continue;
    if (outside_only && fc.jurisdiction == jurisdiction) continue;
    if (std::find(exclude.begin(), exclude.end(), fi) != exclude.end()) continue;
    // Dispatch checks (1.3, 3.2.1, 4.4): a force a check excludes, or one only break_glass may
    // name, is never proposed; at the same distance one no check warns about comes first.
    const std::uint32_t failed = failed_checks(en, fi, jurisdiction);
    if (failed && strongest_action(en, failed) != check_action::warn) continue;
    order.emplace_back(tree_distance(en.p, jurisdiction, fc.jurisdiction) * 2U + (failed ? 1U : 0U), fi);
  }
  std::stable_sort(order.begin(), order.end());
  std::vector<index_t> out;
  for (const auto& entry : order) out.push_back(entry.second);
  return out;
}

}  // namespace

once_each on_scene_teams(const incident_record& inc) {
  once_each teams;
  for (int i = 0; i < inc.participant_count; ++i) teams.first(inc.participants[i]);
  return teams;
}

std::vector<index_t> propose_forces(const engine::impl& en, const incident_record& inc, std::uint64_t wanted,
                                    const std::vector<index_t>& exclude, bool outside_only, unsigned limit,
                                    const once_each& on_scene) {
  // For each wanted capability, in policy order, not yet covered: the first candidate having it.
  const std::vector<index_t> order = candidates(en, inc, wanted, exclude, outside_only);
  std::vector<index_t> out;
  std::uint64_t covered = 0;
  for (unsigned cap = 0; cap < 64 && out.size() < limit; ++cap) {
    const std::uint64_t bit = std::uint64_t{1} << cap;
    if (!(wanted & bit) || (covered & bit)) continue;
    const bool advisory = (en.p.advisory_capabilities & bit) != 0;
    for (index_t fi : order) {
      const force_facts& fc = en.facts[fi];
      if (!(fc.capabilities & bit) || fc.in(en.p.support_categories) != advisory) continue;
      if (on_scene.has(fc.owner)) continue;
      if (std::find(out.begin(), out.end(), fi) != out.end()) continue;
      out.push_back(fi);
      covered |= en.facts[fi].capabilities & wanted;
      break;
    }
  }
  return out;
}

std::vector<index_t> substitutes(const engine::impl& en, const incident_record& inc, std::uint64_t required,
                                 const std::vector<index_t>& exclude, unsigned limit, bool support, const once_each& on_scene) {
  std::vector<index_t> out;
  for (index_t fi : candidates(en, inc, required, exclude, false)) {
    if (out.size() >= limit) break;
    const force_facts& fc = en.facts[fi];
    if ((fc.capabilities & required) == required && fc.in(en.p.support_categories) == support && !on_scene.has(fc.owner))
      out.push_back(fi);
  }
  return out;
}

std::pair<index_t, index_t> command_for(const engine::impl& en, const incident_record& inc, index_t grade) {
  // The command block is relative to the incident itself (incident, upper, root), never to
  // the command level it defines.
  const command_rule& c = en.p.command;
  const bool above = grade >= c.threshold;
  auto at = [&](const party_ref& r) {
    index_t j = r.of == party_scope::root ? en.p.root
              : r.of == party_scope::upper ? ancestor(en.p, inc.jurisdiction, 1) : inc.jurisdiction;
    return en.p.holder(r.role, j);
  };
  auto command = above ? std::make_pair(at(c.above_coordinator), at(c.above_commander))
                      : std::make_pair(at(c.below_coordinator), at(c.below_commander));
  // A position once assigned (3.1.3: a headquarters took over) holds whatever the grade.
  if (inc.assigned_coordinator != no_index) command.first = inc.assigned_coordinator;
  if (inc.assigned_commander != no_index) command.second = inc.assigned_commander;
  return command;
}

}  // namespace detail
MUSTER_END_NAMESPACE
