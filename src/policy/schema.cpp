#include "policy/schema.hpp"

#include <muster/model/rules.hpp>
#include <muster/policy.hpp>

#include <iterator>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

using vt = value_type;

const std::vector<std::string_view> scopes = {"incident", "command", "upper", "root", "force", "participant", "owner", "area"};

// Either a role resolved relative to the incident (`role` + `of`), or a position of the
// incident's command (`position`), which follows the command when it moves (3.1.1, 3.1.3).
const object_spec party = {"a party reference", {
    {"role", vt::ref},
    {"of", vt::choice, false, nullptr, scopes},
    {"position", vt::choice, false, nullptr, {"coordinator", "commander"}},
}};

const object_spec named = {"an entry", {
    {"id", vt::id, true}, {"zh", vt::text}, {"en", vt::text}, {"clause", vt::clauses},
}};

// `advisory`: met by decision support (experts), not by deploying a rescue force (3.3.2).
const object_spec capability = {"a capability", {
    {"id", vt::id, true}, {"zh", vt::text}, {"en", vt::text}, {"advisory", vt::boolean}, {"clause", vt::clauses},
}};

const std::vector<std::string_view> force_categories = {"government", "enterprise", "social", "expert"};
const std::vector<std::string_view> duty_statuses = {"available", "on_duty_elsewhere", "maintenance", "stood_down"};

// A role every jurisdiction has exactly one holder of (EM and fire, 2.2): checked, so that
// holder() never silently picks the first of two.
const object_spec role = {"a role", {
    {"id", vt::id, true}, {"zh", vt::text}, {"en", vt::text}, {"one_per_jurisdiction", vt::boolean}, {"clause", vt::clauses},
}};

// The document the policy encodes; every `clause:` must be one of its clauses.
const object_spec document_clause = {"a clause of the document", {
    {"id", vt::text, true}, {"zh", vt::text}, {"en", vt::text},
}};

const object_spec document = {"the document block", {
    {"id", vt::id, true}, {"zh", vt::text}, {"en", vt::text},
    {"clauses", vt::object_list, true, &document_clause},
}};

const object_spec policy_meta = {"the policy block", {
    {"id", vt::id, true}, {"zh", vt::text}, {"en", vt::text}, {"source", vt::text},
    {"version", vt::text}, {"time_zone", vt::text},
}};

const object_spec limits = {"the limits block", {
    {"max_clock_step", vt::duration}, {"retention", vt::duration}, {"clause", vt::clauses},
}};

const object_spec jurisdiction = {"a jurisdiction", {
    {"id", vt::id, true}, {"zh", vt::text}, {"en", vt::text},
    {"level", vt::choice, true, nullptr, {"city", "county"}},
    {"kind", vt::choice, false, nullptr, {"city", "district", "county_city", "development_zone", "new_area", "bonded_zone"}},
    {"parent", vt::ref}, {"code", vt::text}, {"clause", vt::clauses},
}};

const object_spec organisation = {"an organisation", {
    {"id", vt::id, true}, {"zh", vt::text}, {"en", vt::text},
    {"jurisdiction", vt::ref, true}, {"roles", vt::ref_list, true}, {"sectors", vt::ref_list},
    {"clause", vt::clauses},
}};

// Organisations said once for many jurisdictions (passes/templates_pass.cpp): the same fields
// as an organisation, less the jurisdiction, which each copy takes from `for_each`.
const object_spec template_organisation = {"an organisation of a template", {
    {"id", vt::text, true}, {"zh", vt::text}, {"en", vt::text},
    {"roles", vt::ref_list, true}, {"sectors", vt::ref_list}, {"clause", vt::clauses},
}};

const object_spec template_filter = {"for_each", {
    {"level", vt::choice, false, nullptr, {"city", "county"}},
    {"kind", vt::choice_list, false, nullptr, {"city", "district", "county_city", "development_zone", "new_area", "bonded_zone"}},
    {"jurisdictions", vt::ref_list},
}};

const object_spec organisation_template = {"an organisation template", {
    {"id", vt::id, true}, {"for_each", vt::object, true, &template_filter},
    {"organisations", vt::object_list, true, &template_organisation}, {"clause", vt::clauses},
}};

const object_spec incident_type = {"an incident type", {
    {"id", vt::id, true}, {"zh", vt::text}, {"en", vt::text},
    {"needs", vt::ref_list, true}, {"clause", vt::clauses},
}};

const object_spec period = {"a period", {
    {"id", vt::id, true}, {"zh", vt::text}, {"en", vt::text},
    {"class", vt::choice, true, nullptr, {"special", "sensitive"}},
    {"from", vt::month_day}, {"to", vt::month_day}, {"declared", vt::boolean},
    {"declared_by", vt::ref_list}, {"announce_to", vt::ref_list},
    {"clause", vt::clauses, true},
}};

const object_spec command_level = {"a command level", {
    {"coordinator", vt::object, true, &party}, {"commander", vt::object, true, &party},
}};

const object_spec command = {"the command block", {
    {"clause", vt::clauses, true}, {"threshold", vt::ref, true},
    {"below", vt::object, true, &command_level}, {"at_or_above", vt::object, true, &command_level},
    {"reassessed_by", vt::ref_list},
}};

const object_spec first_response = {"the first_response block", {
    {"clause", vt::clauses, true}, {"by", vt::object, true, &party},
}};

const object_spec headquarters = {"the headquarters block", {
    {"clause", vt::clauses, true}, {"established_by", vt::object, true, &party},
    {"then", vt::choice, false, nullptr, {"headquarters_commands"}},
}};

/// What a route's on_event may name: the engine's own names of the first route_event_count
/// incident events, so the schema cannot drift from what the lowering reads.
std::vector<std::string_view> route_events() {
  std::vector<std::string_view> names;
  for (int i = 0; i < route_event_count; ++i) names.emplace_back(to_string(static_cast<incident_event>(i)));
  return names;
}

const object_spec route = {"an information route", {
    {"id", vt::id, true},
    {"on_event", vt::choice, true, nullptr, route_events()},
    {"when", vt::text}, {"notify", vt::object_list, false, &party}, {"copy", vt::object_list, false, &party},
    {"clause", vt::clauses, true},
}, {
    // YAML 1.1 tools (PyYAML, older editors' schema checks) read the key `on` as the boolean true.
    {"on", "on_event", "YAML 1.1 tools read the key 'on' as true"},
}};

const std::vector<std::string_view> silence = {"remind", "escalate", "expire"};

// One rung of a timeout ladder written out: what silence does, and who else is told.
const object_spec rung = {"a timeout rung", {
    {"do", vt::choice, true, nullptr, silence},
    {"notify", vt::object_list, false, &party},
}, {}, "{do: remind, notify: [...]}"};

const object_spec step = {"a step", {
    {"id", vt::id, true}, {"zh", vt::text}, {"en", vt::text},
    {"kind", vt::choice, true, nullptr, {"approve", "consent", "acknowledge", "submit", "notify"}},
    {"by", vt::object, true, &party},
    {"asked_by", vt::object, false, &party},
    {"for_each", vt::choice, false, nullptr, {"force"}},
    {"when", vt::text}, {"timeout", vt::duration},
    {"on_timeout", vt::choice_or_object_list, false, &rung, silence},
    {"on_refuse", vt::choice, false, nullptr, {"fail", "drop_force"}},
    {"next", vt::ref}, {"clause", vt::clauses, true},
}};

const std::vector<std::string_view> actions(std::begin(action_kind_names), std::end(action_kind_names));

const object_spec action = {"an action", {
    {"id", vt::id, true},
    {"do", vt::choice, true, nullptr, actions},
    {"by", vt::object, false, &party}, {"to", vt::object, false, &party},
    {"for_each", vt::choice, false, nullptr, {"force"}},
    {"forces", vt::choice, false, nullptr, {"named", "outside_incident_jurisdiction"}},
    {"categories", vt::choice_list, false, nullptr, force_categories},
    {"ack_timeout", vt::duration},
    {"chain", vt::ref}, {"flag", vt::ref},
    {"position", vt::choice, false, nullptr, {"coordinator", "commander"}},
    {"when", vt::text}, {"clause", vt::clauses, true},
}};

const std::vector<std::string_view> triggers(std::begin(chain_trigger_names), std::end(chain_trigger_names));

// An opened_on item written out: the engine event, and how long after it the chain opens.
const object_spec trigger = {"a delayed trigger", {
    {"event", vt::choice, true, nullptr, triggers},
    {"after", vt::duration, true},
}, {}, "{event: incident.concluded, after: 3d}"};

const object_spec chain = {"a chain", {
    {"id", vt::id, true}, {"zh", vt::text}, {"en", vt::text}, {"clause", vt::clauses, true},
    {"opened_by", vt::object, true, &party},
    {"about", vt::choice, false, nullptr, {"forces", "quantity", "claim", "document", "nothing"}},
    {"stock", vt::choice, false, nullptr, {"reserve"}},  // a quantity drawn from one force's stock (4.3)
    {"forces_from", vt::choice, false, nullptr, {"anywhere", "outside_incident_jurisdiction"}},
    {"opened_with", vt::choice, false, nullptr, {"plan.draft", "reinforcement.apply"}},
    {"opened_on", vt::choice_or_object_list, false, &trigger, triggers},
    {"steps", vt::object_list, true, &step},
    {"on_approved", vt::object_list, false, &action},
}};

const object_spec overdue = {"on_ack_overdue", {
    {"escalate_to", vt::object_list, false, &party}, {"propose_substitutes", vt::boolean},
}};

const object_spec orders = {"the orders block", {
    {"clause", vt::clauses, true}, {"ack_timeout", vt::duration, true},
    {"on_ack_overdue", vt::object, false, &overdue},
}};

const object_spec review = {"the review block", {
    {"clause", vt::clauses, true}, {"report_by", vt::object, true, &party},
    {"report_to", vt::object, true, &party}, {"due", vt::duration, true},
    {"on_timeout", vt::choice_or_object_list, false, &rung, silence},
}};

const object_spec hazard = {"a hazard", {
    {"id", vt::id, true}, {"zh", vt::text}, {"en", vt::text},
    {"capabilities", vt::ref_list}, {"incident_types", vt::ref_list},
    {"cap_codes", vt::text_list}, {"cap_events", vt::text_list}, {"clause", vt::clauses},
}};

const object_spec warning_tier = {"a warning tier", {
    {"to", vt::object, false, &party},
    {"categories", vt::choice_list, false, nullptr, force_categories},
    {"within", vt::duration, true}, {"within_special_period", vt::duration},
    {"on_timeout", vt::choice_or_object_list, false, &rung, silence},
    {"escalate_to", vt::object_list, false, &party},
    {"clause", vt::clauses, true},
}};

const object_spec standby = {"the standby rule", {
    {"from_level", vt::choice, true, nullptr, {"blue", "yellow", "orange", "red"}},
    {"clause", vt::clauses, true},
}};

const object_spec warnings = {"the warnings block", {
    {"clause", vt::clauses, true}, {"issued_by", vt::ref_list, true},
    {"hazards", vt::object_list, true, &hazard},
    {"receive", vt::object, true, &warning_tier}, {"push", vt::object, false, &warning_tier},
    {"standby", vt::object, false, &standby},
}};

// A schedule (roll-calls 3.2.2, drills 3.2.3): when it runs, whom each run calls, what the
// answer is and what silence does. `day` is a weekday, a day of the month or a month-day,
// as `every` says; the schedules pass reads it.
const std::vector<std::string_view> recurrences = {"day", "week", "month", "year"};

const object_spec denser = {"a denser rhythm", {
    {"during", vt::ref_list, true},  // period ids, or the classes special and sensitive
    {"every", vt::choice, true, nullptr, recurrences}, {"day", vt::text}, {"at", vt::text, true},
    {"clause", vt::clauses},
}};

const object_spec calls = {"a schedule's calls", {
    {"forces", vt::choice_list, false, nullptr, force_categories},
    {"capabilities", vt::ref_list},
    {"role", vt::ref},
    {"jurisdictions", vt::ref_list},
    {"failing", vt::ref_list},  // check ids: only forces failing one of them are called (3.2.1)
    {"from", vt::object, true, &party},
}};

// Who hears of an answer to a schedule's call (3.2.3: the EM receives the drill report it asked for).
const object_spec answer_notice = {"on_answer", {
    {"notify", vt::object_list, true, &party},
}};

const object_spec schedule = {"a schedule", {
    {"id", vt::id, true}, {"zh", vt::text}, {"en", vt::text}, {"clause", vt::clauses, true},
    {"every", vt::choice, true, nullptr, recurrences}, {"day", vt::text}, {"at", vt::text, true},
    {"more_often", vt::object_list, false, &denser},
    {"catch_up", vt::choice, false, nullptr, {"once", "each_missed"}},
    {"calls", vt::object, true, &calls},
    {"answer", vt::choice, false, nullptr, {"acknowledge", "report", "update"}},
    {"within", vt::duration, true}, {"within_special_period", vt::duration},
    {"on_timeout", vt::choice_or_object_list, false, &rung, silence},
    {"escalate_to", vt::object_list, false, &party},
    {"on_answer", vt::object, false, &answer_notice},
}};

// A dispatch check (1.3, 3.2.1, 4.4): a registry fact a force must show before it is proposed,
// named or ordered, and what follows when it does not. The checks pass reads it.
const object_spec check = {"a dispatch check", {
    {"id", vt::id, true}, {"zh", vt::text}, {"en", vt::text}, {"clause", vt::clauses, true},
    {"check", vt::choice, true, nullptr, {"registered", "insured", "data_current", "duty", "standby"}},
    {"max_age", vt::duration},
    {"fails_on", vt::choice_list, false, nullptr, duty_statuses},
    {"categories", vt::choice_list, false, nullptr, force_categories},
    {"then", vt::choice, true, nullptr, {"warn", "break_glass", "exclude"}},
}};

const object_spec policy_file = {"a policy file", {
    {"muster", vt::language_version, true},
    {"policy", vt::object, true, &policy_meta},
    {"document", vt::object, true, &document},
    {"limits", vt::object, false, &limits},
    {"grades", vt::object_list, true, &named},
    {"roles", vt::object_list, true, &role},
    {"sectors", vt::object_list, false, &named},
    {"capabilities", vt::object_list, true, &capability},
    {"jurisdictions", vt::object_list, true, &jurisdiction},
    {"organisation_templates", vt::object_list, false, &organisation_template},
    {"organisations", vt::object_list, true, &organisation},
    {"incident_types", vt::object_list, true, &incident_type},
    {"periods", vt::object_list, false, &period},
    {"flags", vt::object_list, false, &named},
    {"command", vt::object, true, &command},
    {"first_response", vt::object, true, &first_response},
    {"headquarters", vt::object, true, &headquarters},
    {"information", vt::object_list, false, &route},
    {"chains", vt::object_list, true, &chain},
    {"orders", vt::object, true, &orders},
    {"review", vt::object, true, &review},
    {"warnings", vt::object, false, &warnings},
    {"schedules", vt::object_list, false, &schedule},
    {"checks", vt::object_list, false, &check},
}};

const object_spec counted = {"an item", {
    {"zh", vt::text}, {"en", vt::text}, {"count", vt::integer, true, nullptr, {}, 1, 1000000},
}};

const object_spec force = {"a force", {
    {"id", vt::id, true}, {"zh", vt::text}, {"en", vt::text},
    {"category", vt::choice, true, nullptr, force_categories},
    {"owner", vt::ref, true}, {"authority", vt::ref, true}, {"jurisdiction", vt::ref, true},
    {"capabilities", vt::ref_list, true},
    {"personnel", vt::integer, true, nullptr, {}, 1, 100000},
    {"equipment", vt::object_list, false, &counted}, {"materials", vt::object_list, false, &counted},
    {"data_updated", vt::date, true}, {"insured_until", vt::date, true},
    {"sector", vt::ref}, {"registered", vt::boolean}, {"expertise", vt::text_list},
    {"duty", vt::choice, false, nullptr, duty_statuses},
    {"clause", vt::clauses},
}, {
    // The governing department is the policy's to name as a role; the registry key says what
    // it is for any policy. Still read: registries kept in journals (registry records) used it.
    {"industry_authority", "authority", "the department that governs the force, whatever role the policy gives it", true},
}};

const object_spec forces_file = {"a force registry", {
    {"muster_forces", vt::language_version, true},
    {"updated", vt::date, true},
    {"forces", vt::object_list, true, &force},
}};

}  // namespace

const object_spec& policy_file_spec() { return policy_file; }
const object_spec& forces_file_spec() { return forces_file; }

}  // namespace detail
MUSTER_END_NAMESPACE
