// Effects and outcomes as rows of values, and `+16m` offsets (effect_row.hpp).
#include "cli/effect_row.hpp"

#include "codec/fragments.hpp"
#include "common/incident_lines.hpp"

#include <utility>

namespace muster::cli {

// ---- outcomes as rows -----------------------------------------------------------------------
// From the typed values, named as the codec names them in its JSON (codec/encode_effect.cpp):
// ids and display names from the policy and registry, a number for an index outside them, the
// codec's names for incidents and warnings, the engine's names for kinds, topics and levels.

namespace {

template <class Table>
std::string id_at(const Table& table, index_t i) {
  return i < table.size() ? table[i].id : std::to_string(i);
}

template <class Table>
std::string name_at(const Table& table, index_t i) {
  return i < table.size() ? detail::display_name(table[i].name) : std::string();
}

cited_rule cited(const rule_ref& r) { return {r.id, r.where.file, r.where.line, r.where.column, r.clauses}; }

/// The rule `r` of `rules`, when it is one (a rule the engine does not know is cited as null).
std::optional<cited_rule> cited(const std::vector<const rule_ref*>& rules, rule_index r) {
  if (r >= rules.size() || rules[r] == nullptr) return std::nullopt;
  return cited(*rules[r]);
}

}  // namespace

effect_row effect_row_of(const effect& e, const engine& en, const codec& names) {
  const policy& p = names.rules_policy();
  const force_registry& reg = names.forces();
  effect_row r;
  r.kind = to_string(e.kind);
  if (e.about != topic::none) r.topic = to_string(e.about);
  if (e.incident != 0) r.incident = names.incident_name(e.incident);
  if (e.warning != 0) r.warning = names.incident_name(e.warning);
  r.request = e.request;
  r.order = e.order;
  r.run = e.run;
  if (e.to != no_index) r.to = id_at(p.organisations, e.to), r.to_name = name_at(p.organisations, e.to);
  if (e.from != no_index) r.from = id_at(p.organisations, e.from), r.from_name = name_at(p.organisations, e.from);
  if (e.via != no_index) r.via = id_at(p.organisations, e.via), r.via_name = name_at(p.organisations, e.via);
  if (e.force != no_index) r.force = id_at(reg.forces, e.force), r.force_name = name_at(reg.forces, e.force);
  if (e.chain != no_index) r.chain = id_at(p.chains, e.chain);
  if (e.measure > 0 && e.chain < p.chains.size()) {
    (p.chains[e.chain].about == chain_subject::claim ? r.amount : r.quantity) = static_cast<std::uint64_t>(e.measure);
  }
  if (e.item != no_index) {
    const bool known = e.force < reg.forces.size() && e.item < reg.forces[e.force].item_count();
    r.item = known ? detail::display_name(reg.forces[e.force].item(e.item)->name) : std::to_string(e.item);
  }
  if (e.step != no_index) {
    const bool known = e.chain < p.chains.size() && e.step < p.chains[e.chain].steps.size();
    r.step = known ? p.chains[e.chain].steps[e.step].id : std::to_string(e.step);
  }
  if (e.schedule != no_index) r.schedule = id_at(p.schedules, e.schedule);
  if (e.flag != no_index) r.flag = id_at(p.flags, e.flag);
  if (e.grade != no_index) r.grade = id_at(p.grades, e.grade);
  if (e.hazard != no_index) r.hazard = id_at(p.warnings.hazards, e.hazard);
  if (e.level < warning_level_count) r.level = to_string(static_cast<warning_level>(e.level));
  r.exercise = e.exercise;
  r.at = e.at;
  r.due = e.due;
  for (unsigned i = 0; i < e.because_count && i < e.because.size(); ++i)
    if (auto rule = cited(en.rules(), e.because[i])) r.because.push_back(std::move(*rule));
  return r;
}

step_result step_result_of(const outcome& o, const engine& en, const codec& names) {
  step_result r;
  r.seq = o.seq;
  r.accepted = o.accepted;
  r.duplicate = o.duplicate;
  if (!o.accepted) {
    r.reason = to_string(o.reason);
    r.detail = o.detail;
    r.rule = cited(en.rules(), o.rule);
  }
  r.effects.reserve(o.effects.size());
  for (const effect& e : o.effects) r.effects.push_back(effect_row_of(e, en, names));
  return r;
}

bool parse_offset(std::string_view s, std::int64_t& seconds) { return detail::parse_offset(s, seconds); }

std::string format_offset(std::int64_t seconds) {
  if (seconds == 0) return "+0";
  std::string s = seconds < 0 ? "-" : "+";
  std::int64_t v = seconds < 0 ? -seconds : seconds;
  const std::pair<std::int64_t, char> units[] = {{86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
  for (const auto& [size, letter] : units) {
    if (v >= size) {
      s += std::to_string(v / size);
      s += letter;
      v %= size;
    }
  }
  return s;
}

}  // namespace muster::cli
