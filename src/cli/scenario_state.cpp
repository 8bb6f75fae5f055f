// `state:` in a scenario step's `then`: reading the expected facts, and checking them against
// the engine's views after the step (scenario_state.hpp).
#include "cli/scenario_state.hpp"

#include "common/did_you_mean.hpp"
#include "engine/machine_tables.hpp"
#include "policy/scalars.hpp"

#include <muster/engine.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>

namespace muster::cli {
namespace {

using detail::ids_of;
using detail::yaml_node;

/// What a field's value names, so it can be checked when the scenario loads.
enum class value_kind : std::uint8_t { state, grade, incident_type, jurisdiction, organisation, organisation_or_null, chain, step_or_null,
                                       force, number, flags, organisations, forces };

struct field_def {
  const char* name;
  value_kind kind;
};

const std::vector<field_def> incident_fields = {
    {"state", value_kind::state}, {"grade", value_kind::grade}, {"incident_type", value_kind::incident_type},
    {"jurisdiction", value_kind::jurisdiction}, {"command_jurisdiction", value_kind::jurisdiction},
    {"coordinator", value_kind::organisation_or_null}, {"commander", value_kind::organisation_or_null},
    {"headquarters", value_kind::organisation_or_null}, {"flags", value_kind::flags}, {"reports_owed", value_kind::organisations},
};
const std::vector<field_def> request_fields = {
    {"state", value_kind::state}, {"chain", value_kind::chain}, {"step", value_kind::step_or_null},
    {"drafted_by", value_kind::organisation}, {"forces", value_kind::forces}, {"awaiting", value_kind::organisations},
    {"escalations", value_kind::number},
};
const std::vector<field_def> order_fields = {
    {"state", value_kind::state}, {"force", value_kind::force}, {"issued_by", value_kind::organisation}, {"request", value_kind::number},
};

const std::vector<field_def>& fields_of(const std::string& subject) {
  return subject == "incident" ? incident_fields : subject == "request" ? request_fields : order_fields;
}

const detail::machine_table& machine_of(const std::string& subject) {
  return subject == "incident" ? detail::incident_machine_table()
         : subject == "request" ? detail::approval_chain_machine_table()
                                : detail::order_machine_table();
}

bool is_list(value_kind k) { return k == value_kind::flags || k == value_kind::organisations || k == value_kind::forces; }

struct state_reader {
  const std::string& file;
  const rules_pair& rules;
  std::vector<diagnostic>& diags;
  bool failed = false;

  void error(const yaml_node& at, std::string message, std::string hint = {}) {
    diagnostic d;
    d.code = "scenario-bad-state";
    d.where = source_location{file, at.line, at.column, -1};
    d.message = std::move(message);
    d.hint = std::move(hint);
    diags.push_back(std::move(d));
    failed = true;
  }

  /// `v` names one of `known` (a did-you-mean otherwise).
  bool one_of(const yaml_node& v, const std::vector<std::string>& known, const char* what) {
    if (std::find(known.begin(), known.end(), v.text) != known.end()) return true;
    const std::string best = detail::did_you_mean(v.text, known);
    error(v, fmt::format("'{}' is not {}", v.text, what), best.empty() ? std::string() : "did you mean '" + best + "'?");
    return false;
  }

  bool item(const yaml_node& v, value_kind k, const std::string& subject) {
    if (!v.is_scalar()) {
      error(v, "a value here is one scalar");
      return false;
    }
    const policy& p = *rules.pol;
    switch (k) {
      case value_kind::state: {
        const auto& states = machine_of(subject).states;
        return one_of(v, std::vector<std::string>(states.begin(), states.end()), fmt::format("a state of the {} machine", machine_of(subject).id).c_str());
      }
      case value_kind::grade: return one_of(v, ids_of(p.grades), "a grade of the policy");
      case value_kind::incident_type: return one_of(v, ids_of(p.incident_types), "an incident type of the policy");
      case value_kind::jurisdiction: return one_of(v, ids_of(p.jurisdictions), "a jurisdiction of the policy");
      case value_kind::organisation_or_null:
        if (v.null) return true;
        [[fallthrough]];
      case value_kind::organisation:
      case value_kind::organisations: return one_of(v, ids_of(p.organisations), "an organisation of the policy");
      case value_kind::chain: return one_of(v, ids_of(p.chains), "a chain of the policy");
      case value_kind::step_or_null: {
        if (v.null) return true;
        std::vector<std::string> steps;
        for (const auto& c : p.chains)
          for (const auto& s : c.steps) steps.push_back(s.id);
        return one_of(v, steps, "a step of any chain of the policy");
      }
      case value_kind::force:
      case value_kind::forces: return one_of(v, ids_of(rules.forces->forces), "a force of the registry");
      case value_kind::flags: return one_of(v, ids_of(p.flags), "a flag of the policy");
      case value_kind::number:
        if (!v.quoted && detail::parse_integer(v.text).value_or(-1) >= 0) return true;
        error(v, fmt::format("'{}' is not a whole number", v.text));
        return false;
    }
    return false;
  }

  /// `incident`, `incident <id>`, `request <n>`, `order <n>`.
  bool subject(const yaml_node& key, state_fact& f) {
    const std::string& k = key.text;
    const std::size_t space = k.find(' ');
    f.subject = k.substr(0, space);
    f.name = space == std::string::npos ? std::string() : k.substr(space + 1);
    if (f.subject == "incident") return true;
    if ((f.subject == "request" || f.subject == "order") && !f.name.empty() && detail::parse_integer(f.name).value_or(0) > 0) return true;
    const std::string best = detail::did_you_mean(f.subject, {"incident", "request", "order"});
    error(key, fmt::format("'{}' is not something the state names", k),
          "incident (given.incident), incident <id>, request <number> or order <number>" +
              (best.empty() || best == f.subject ? std::string() : "; did you mean '" + best + "'?"));
    return false;
  }
};

std::string org_id(const policy& p, index_t i) { return i < p.organisations.size() ? p.organisations[i].id : "null"; }

/// The field's value now, as the scenario writes it ("null" for none).
std::vector<std::string> actual_incident(const policy& p, const incident_view& v, const std::string& field) {
  if (field == "state") return {to_string(v.state)};
  if (field == "grade") return {p.grades[v.grade].id};
  if (field == "incident_type") return {p.incident_types[v.incident_type].id};
  if (field == "jurisdiction") return {p.jurisdictions[v.jurisdiction].id};
  if (field == "command_jurisdiction") return {p.jurisdictions[v.command_jurisdiction].id};
  if (field == "coordinator") return {org_id(p, v.coordinator)};
  if (field == "commander") return {org_id(p, v.commander)};
  if (field == "headquarters") return {org_id(p, v.headquarters)};
  std::vector<std::string> out;
  if (field == "flags") {
    for (std::size_t f = 0; f < p.flags.size(); ++f)
      if (v.flags >> f & 1U) out.push_back(p.flags[f].id);
  } else {  // reports_owed
    for (index_t o : v.reports_owed) out.push_back(org_id(p, o));
  }
  return out;
}

std::vector<std::string> actual_request(const policy& p, const force_registry& reg, const request_view& v, const std::string& field) {
  if (field == "state") return {to_string(v.state)};
  if (field == "chain") return {p.chains[v.chain].id};
  if (field == "step") return {v.step < p.chains[v.chain].steps.size() ? p.chains[v.chain].steps[v.step].id : "null"};
  if (field == "drafted_by") return {org_id(p, v.drafted_by)};
  if (field == "escalations") return {std::to_string(v.escalations)};
  std::vector<std::string> out;
  if (field == "forces") {
    for (index_t f : v.forces) out.push_back(reg.forces[f].id);
  } else {  // awaiting
    for (index_t o : v.awaiting) out.push_back(org_id(p, o));
  }
  return out;
}

std::vector<std::string> actual_order(const policy& p, const force_registry& reg, const order_view& v, const std::string& field) {
  if (field == "state") return {to_string(v.state)};
  if (field == "force") return {reg.forces[v.force].id};
  if (field == "issued_by") return {org_id(p, v.issued_by)};
  return {std::to_string(v.request)};
}

/// The engine's number for an incident named in JSON: the codec numbers names 1, 2, … as it
/// first sees them, and gives an unnamed number back as its digits.
incident_id incident_number(const session& s, const std::string& name) {
  for (incident_id n = 1; n < (1U << 20); ++n) {
    const std::string known = s.codec().incident_name(n);
    if (known == name) return n;
    if (known == std::to_string(n)) break;  // past the names it has seen
  }
  return 0;
}

std::string shown(const std::vector<std::string>& values, bool list) {
  return list ? fmt::format("[{}]", fmt::join(values, ", ")) : values.empty() ? std::string("null") : values.front();
}

}  // namespace

bool parse_state_expectation(const yaml_node& n, const std::string& file, const rules_pair& rules, const std::string& default_incident,
                             state_expectation& out, std::vector<diagnostic>& diags) {
  state_reader r{file, rules, diags};
  out.present = true;
  if (!n.is_map() || n.entries.empty()) {
    r.error(n, "'state' is a mapping from what it names to the fields expected",
            "state: { incident: { commander: weihai_gov }, request 1: { step: authority_consent } }");
    return false;
  }
  for (const auto& entry : n.entries) {
    state_fact subject;
    if (!r.subject(entry.key, subject)) continue;
    if (subject.subject == "incident" && subject.name.empty() && default_incident.empty()) {
      r.error(entry.key, "'incident' names given.incident, and the scenario gives none", "write incident <id>");
      continue;
    }
    if (!entry.value.is_map() || entry.value.entries.empty()) {
      r.error(entry.value, fmt::format("'{}' needs a mapping of fields", entry.key.text), "e.g. { state: awaiting }");
      continue;
    }
    const std::vector<field_def>& defs = fields_of(subject.subject);
    for (const auto& fv : entry.value.entries) {
      const auto def = std::find_if(defs.begin(), defs.end(), [&](const field_def& d) { return fv.key.text == d.name; });
      if (def == defs.end()) {
        std::vector<std::string> names;
        for (const auto& d : defs) names.push_back(d.name);
        const std::string best = detail::did_you_mean(fv.key.text, names);
        r.error(fv.key, fmt::format("'{}' is not a field of {} state", fv.key.text, subject.subject == "incident" ? "an incident's" : "a " + subject.subject + "'s"),
                best.empty() ? fmt::format("fields: {}", fmt::join(names, ", ")) : "did you mean '" + best + "'?");
        continue;
      }
      state_fact f = subject;
      if (f.subject == "incident" && f.name.empty()) f.name = default_incident;
      f.field = def->name;
      f.where = source_location{file, fv.key.line, fv.key.column, -1};
      f.list = is_list(def->kind);
      bool good = true;
      if (f.list) {
        if (!fv.value.is_seq()) {
          r.error(fv.value, fmt::format("{} is a list", f.field), "write [] for none");
          continue;
        }
        for (const auto& item : fv.value.items)
          if (r.item(item, def->kind, f.subject)) f.expected.push_back(item.text);
          else good = false;
        std::sort(f.expected.begin(), f.expected.end());
      } else if (r.item(fv.value, def->kind, f.subject)) {
        f.expected.push_back(fv.value.null ? "null" : fv.value.text);
      } else {
        good = false;
      }
      if (good) out.facts.push_back(std::move(f));
    }
  }
  return !r.failed;
}

std::vector<state_mismatch> check_state(const state_expectation& x, const session& s) {
  std::vector<state_mismatch> out;
  const engine& en = s.engine();
  const policy& p = en.rules_policy();
  const force_registry& reg = en.forces();  // the registry the engine runs under now
  for (const state_fact& f : x.facts) {
    std::optional<std::vector<std::string>> actual;
    std::string what;
    if (f.subject == "incident") {
      what = "incident " + f.name;
      if (const incident_id n = incident_number(s, f.name))
        if (const auto v = en.incident(n)) actual = actual_incident(p, *v, f.field);
    } else if (f.subject == "request") {
      what = "request " + f.name;
      if (const auto v = en.request(static_cast<request_id>(detail::parse_integer(f.name).value_or(0)))) actual = actual_request(p, reg, *v, f.field);
    } else {
      what = "order " + f.name;
      if (const auto v = en.order(static_cast<order_id>(detail::parse_integer(f.name).value_or(0)))) actual = actual_order(p, reg, *v, f.field);
    }
    if (!actual) {
      out.push_back({f.where, fmt::format("state: there is no {}", what)});
      continue;
    }
    if (f.list) std::sort(actual->begin(), actual->end());
    if (*actual != f.expected)
      out.push_back({f.where, fmt::format("state: {} {} is {}, expected {}", what, f.field, shown(*actual, f.list), shown(f.expected, f.list))});
  }
  return out;
}

}  // namespace muster::cli
