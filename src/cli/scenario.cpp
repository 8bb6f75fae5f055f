// Scenario files: loading (YAML with located nodes, via the policy loader's hostile-input
// rules) and running them through a session (scenario.hpp, docs/replay.md "Scenarios").
#include "cli/scenario.hpp"

#include "cli/commands.hpp"
#include "common/did_you_mean.hpp"
#include "policy/yaml_document.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>

#include <stdlib.h>  // mkdtemp

namespace muster::cli {

struct scenario_loader::compiled {
  bool ok = false;
  std::vector<diagnostic> diags;
  rules_pair rules;
  std::unique_ptr<codec> times;
  notation_vocabulary vocab;
};

scenario_loader::scenario_loader() = default;
scenario_loader::~scenario_loader() = default;

namespace {

namespace fs = std::filesystem;
using detail::yaml_node;
using json = nlohmann::ordered_json;

/// The keys each mapping of a scenario may hold.
const std::vector<std::string> top_keys{"scenario", "clause", "description", "given", "when", "then", "report"};
const std::vector<std::string> given_keys{"policy", "forces", "start", "incident", "periods"};
const std::vector<std::string> then_keys{"effects", "effects_include", "must_not", "rejected", "duplicate", "state"};
const std::vector<std::string> rejected_keys{"reason", "rule", "detail"};
/// Event fields whose unquoted digits are JSON numbers.
const std::vector<std::string> number_fields{"request", "order", "run", "person", "quantity", "amount", "personnel", "count"};
/// Event fields whose unquoted true / false are JSON booleans.
const std::vector<std::string> boolean_fields{"break_glass", "confirmed"};

constexpr const char* time_hint = "write +16m (after given.start), or an RFC 3339 time such as 2026-07-10T09:16:00+08:00";

bool member(const std::vector<std::string>& v, std::string_view s) {
  for (const auto& x : v)
    if (x == s) return true;
  return false;
}

/// Collects located diagnostics for one file.
struct reporter {
  const std::string& file;
  std::vector<diagnostic>& diags;
  bool failed = false;

  void error(const yaml_node& at, const char* code, std::string message, std::string hint = {}) { error(at.line, at.column, code, std::move(message), std::move(hint)); }
  void error(std::uint32_t line, std::uint32_t column, const char* code, std::string message, std::string hint = {}) {
    diagnostic d;
    d.code = code;
    d.where.file = file;
    d.where.line = line;
    d.where.column = column;
    d.message = std::move(message);
    d.hint = std::move(hint);
    diags.push_back(std::move(d));
    failed = true;
  }
  source_location at(const yaml_node& n) const {
    source_location l;
    l.file = file;
    l.line = n.line;
    l.column = n.column;
    return l;
  }
};

/// Unknown keys of a mapping, with a did-you-mean.
void check_keys(const yaml_node& m, const std::vector<std::string>& allowed, const char* where, reporter& r) {
  for (const auto& e : m.entries) {
    if (member(allowed, e.key.text)) continue;
    const std::string best = detail::did_you_mean(e.key.text, allowed);
    r.error(e.key, "scenario-unknown-key", fmt::format("'{}' is not a key of {}", e.key.text, where),
            best.empty() ? fmt::format("the keys are: {}", fmt::join(allowed, ", ")) : "did you mean '" + best + "'?");
  }
}

const yaml_node* scalar(const yaml_node* n, const char* what, reporter& r) {
  if (!n) return nullptr;
  if (!n->is_scalar() || n->null) {
    r.error(*n, "scenario-bad-value", fmt::format("{} must be a single value", what));
    return nullptr;
  }
  return n;
}

/// `+16m` after `base`, RFC 3339, or seconds since 1970.
bool scenario_time(const yaml_node& n, timestamp base, bool relative_ok, const codec& c, timestamp& out, reporter& r) {
  if (!n.is_scalar() || n.null) {
    r.error(n, "scenario-bad-time", "a time must be a single value", time_hint);
    return false;
  }
  std::int64_t offset = 0;
  if (parse_offset(n.text, offset)) {
    if (!relative_ok) {
      r.error(n, "scenario-bad-time", "given.start must be a time of day, not an offset", "write an RFC 3339 time such as 2026-07-10T09:00:00+08:00");
      return false;
    }
    out = base + offset;
    return true;
  }
  if (c.parse_time(n.text, out)) return true;
  r.error(n, "scenario-bad-time", fmt::format("'{}' is not a time", n.text), time_hint);
  return false;
}

/// Where each field of an event came from, to place the codec's complaints.
struct field_places {
  const yaml_node* step = nullptr;
  std::map<std::string, std::pair<const yaml_node*, const yaml_node*>> fields;  ///< key node, value node
};

/// A codec error placed on the YAML node it is about.
void report_codec_error(const status& e, const field_places& places, reporter& r) {
  const yaml_node* at = places.step;
  const std::string& path = e.where().path;
  const std::string_view what = e.what();
  std::string field = path;
  std::string member;  // "costs[0].amount": a member of an element that is a mapping
  long element = -1;
  if (auto open = field.find('['); open != std::string::npos) {
    element = std::strtol(field.c_str() + open + 1, nullptr, 10);
    if (auto dot = field.find("].", open); dot != std::string::npos) member = field.substr(dot + 2);
    field.erase(open);
  }
  if (auto it = places.fields.find(field); it != places.fields.end()) {
    const bool about_key = element < 0 && (what.rfind("unknown field", 0) == 0 || what.rfind("does not apply", 0) == 0 ||
                                           what.rfind("the field appears twice", 0) == 0);
    at = about_key ? it->second.first : it->second.second;
    if (element >= 0 && at->is_seq() && static_cast<std::size_t>(element) < at->items.size()) at = &at->items[static_cast<std::size_t>(element)];
    if (const yaml_node* m = !member.empty() && at->is_map() ? at->find(member) : nullptr) at = m;
  }
  r.error(*at, "scenario-bad-event", path.empty() ? std::string(what) : path + ": " + std::string(what));
}

/// Kinds that name an incident (the others take `given.incident` only when written).
bool needs_incident(std::string_view kind) {
  return kind.rfind("incident.", 0) == 0 || kind == "plan.draft" || kind == "reinforcement.apply" || kind == "chain.open";
}

/// One value of a step as JSON: a boolean or a number where the field takes one, else its text.
json scalar_value(const std::string& key, const yaml_node& v) {
  if (v.null) return nullptr;
  if (!v.quoted && member(boolean_fields, key) && (v.text == "true" || v.text == "false")) return v.text == "true";
  if (!v.quoted && member(number_fields, key) && !v.text.empty() && v.text.find_first_not_of("0123456789") == std::string::npos && v.text.size() < 20)
    return std::stoull(v.text);
  return v.text;
}

/// A step written as a mapping of event fields → the event's JSON, checked by the codec.
bool build_event(const yaml_node& m, const char* forced_kind, const std::string& default_id, timestamp default_at,
                 const std::string& default_incident, timestamp start, codec& checker, scenario_step& step, reporter& r) {
  json ev = json::object();
  field_places places;
  places.step = &m;
  bool ok = true;
  if (forced_kind) ev["kind"] = forced_kind;
  for (const auto& e : m.entries) {
    const std::string& key = e.key.text;
    if (key == "then") continue;
    places.fields[key] = {&e.key, &e.value};
    const yaml_node& v = e.value;
    if (key == "at" || key == "until") {
      timestamp t = 0;
      if (!scenario_time(v, start, true, checker, t, r)) ok = false;
      ev[key] = t;
    } else if (v.is_seq()) {
      json list = json::array();
      for (const auto& item : v.items) {
        if (item.is_map()) {  // a claim's cost line: { what: …, amount: … }
          json object = json::object();
          for (const auto& part : item.entries) {
            if (!part.value.is_scalar()) {
              r.error(part.value, "scenario-bad-value", fmt::format("the members of an item of '{}' must be single values", key));
              ok = false;
            }
            object[part.key.text] = scalar_value(part.key.text, part.value);
          }
          list.push_back(std::move(object));
          continue;
        }
        if (!item.is_scalar()) {
          r.error(item, "scenario-bad-value", fmt::format("the items of '{}' must be single values", key));
          ok = false;
        }
        list.push_back(item.text);
      }
      ev[key] = std::move(list);
    } else if (v.is_map()) {
      r.error(v, "scenario-bad-value", fmt::format("'{}' must be a single value or a list", key));
      ok = false;
    } else {
      ev[key] = scalar_value(key, v);
    }
  }
  if (!ev.contains("id")) ev["id"] = default_id;
  if (!ev.contains("at")) ev["at"] = default_at;
  const std::string kind = ev.contains("kind") && ev["kind"].is_string() ? ev["kind"].get<std::string>() : std::string();
  if (!ev.contains("incident") && !default_incident.empty() && needs_incident(kind)) ev["incident"] = default_incident;
  if (!ok) return false;

  step.input.text = ev.dump();
  step.input.line = m.line;
  owned_event decoded;
  if (const status err = checker.decode_event(step.input.text, decoded); !err) {
    report_codec_error(err, places, r);
    return false;
  }
  step.at = decoded.ev.at;
  step.label = input_label(checker.rules_policy(), false, decoded, step.at, start, false);
  return true;
}

/// The reason of `rejected:`, checked against the engine's reasons.
bool parse_reason(const yaml_node& n, const std::string& reason, scenario_expectation& x, reporter& r) {
  std::vector<std::string> reasons;
  for (int i = 1; i < rejection_count; ++i) reasons.emplace_back(to_string(static_cast<rejection>(i)));
  if (!member(reasons, reason)) {
    const std::string best = detail::did_you_mean(reason, reasons);
    r.error(n, "scenario-bad-value", fmt::format("'{}' is not a rejection reason", reason),
            best.empty() ? fmt::format("the reasons are: {}", fmt::join(reasons, ", ")) : "did you mean '" + best + "'?");
    return false;
  }
  x.rejected = reason;
  return true;
}

bool parse_rule(const yaml_node& n, const std::string& rule, const notation_vocabulary& vocab, scenario_expectation& x, reporter& r) {
  if (!member(vocab.rule_ids, rule)) {
    const std::string best = detail::did_you_mean(rule, vocab.rule_ids);
    r.error(n, "scenario-bad-value", fmt::format("'{}' is not a rule of the policy", rule),
            best.empty() ? std::string() : "did you mean '" + best + "'?");
    return false;
  }
  x.rejected_rule = rule;
  return true;
}

/// `rejected: <reason> [rule=<rule id>]`, or `rejected: { reason: …, rule: …, detail: … }`
/// (`detail`: text the rejection's detail must contain).
bool parse_rejected(const yaml_node& n, const notation_vocabulary& vocab, scenario_expectation& x, reporter& r) {
  if (n.is_map()) {
    check_keys(n, rejected_keys, "'rejected'", r);
    const yaml_node* reason = scalar(n.find("reason"), "rejected.reason", r);
    if (!reason) {
      if (!n.find("reason")) r.error(n, "scenario-missing-key", "'rejected' needs 'reason'", "rejected: { reason: separation_of_duties, detail: may not answer }");
      return false;
    }
    bool ok = parse_reason(*reason, reason->text, x, r);
    if (const yaml_node* rule = scalar(n.find("rule"), "rejected.rule", r)) ok = parse_rule(*rule, rule->text, vocab, x, r) && ok;
    if (const yaml_node* d = scalar(n.find("detail"), "rejected.detail", r)) {
      if (d->text.empty()) r.error(*d, "scenario-bad-value", "rejected.detail is empty", "write a part of the detail the rejection must contain");
      else x.rejected_detail = d->text;
    }
    return ok && !r.failed;
  }
  if (!scalar(&n, "rejected", r)) return false;
  const std::string& t = n.text;
  const std::size_t space = t.find(' ');
  if (!parse_reason(n, t.substr(0, space), x, r)) return false;
  if (space != std::string::npos) {
    std::string rest = t.substr(space + 1);
    while (!rest.empty() && rest.front() == ' ') rest.erase(0, 1);
    if (rest.rfind("rule=", 0) != 0) {
      r.error(n, "scenario-bad-value", fmt::format("'{}' after the reason is not rule=<rule id>", rest),
              rest.rfind("detail", 0) == 0 ? "a detail is checked in the mapping form: rejected: { reason: …, detail: … }" : std::string());
      return false;
    }
    return parse_rule(n, rest.substr(5), vocab, x, r);
  }
  return true;
}

/// A list of effect lines (`effects`, `effects_include`, `must_not`).
void parse_effect_list(const yaml_node& list, const char* key, const notation_vocabulary& vocab, std::vector<effect_pattern>& out, reporter& r) {
  if (!list.is_seq()) {
    r.error(list, "scenario-bad-value", fmt::format("'{}' must be a list of effect lines", key), "write [] for no effects");
    return;
  }
  for (const auto& item : list.items) {
    if (!item.is_scalar() || item.null) {
      r.error(item, "scenario-bad-effect", "an effect is one line of text", "e.g. notify incident_reported to=wendeng_gov");
      continue;
    }
    effect_pattern pat;
    notation_error err;
    if (!parse_effect_pattern(item.text, vocab, pat, err)) {
      const auto column = item.column + static_cast<std::uint32_t>(err.offset) + (item.quoted ? 1U : 0U);
      r.error(item.line, column, "scenario-bad-effect", err.message, err.hint);
      continue;
    }
    out.push_back(std::move(pat));
  }
}

bool parse_expectation(const yaml_node& n, const notation_vocabulary& vocab, scenario_expectation& x, reporter& r) {
  x.present = true;
  x.where = r.at(n);
  if (!n.is_map()) {
    r.error(n, "scenario-bad-value", "'then' must be a mapping", "keys: effects, effects_include, must_not, rejected, duplicate");
    return false;
  }
  check_keys(n, then_keys, "'then'", r);
  const yaml_node* exact = n.find("effects");
  const yaml_node* include = n.find("effects_include");
  if (exact && include) r.error(*include, "scenario-bad-value", "give either effects (the exact list) or effects_include (a subsequence), not both");
  if (const yaml_node* list = exact ? exact : include) {
    x.has_effects = true;
    x.exact = exact != nullptr;
    parse_effect_list(*list, exact ? "effects" : "effects_include", vocab, x.effects, r);
  }
  if (const yaml_node* list = n.find("must_not")) {
    parse_effect_list(*list, "must_not", vocab, x.must_not, r);
    if (list->is_seq() && list->items.empty()) r.error(*list, "scenario-bad-value", "'must_not' is empty", "list the effects that must not happen, or leave the key out");
  }
  if (const yaml_node* rej = n.find("rejected")) parse_rejected(*rej, vocab, x, r);
  if (const yaml_node* dup = n.find("duplicate")) {
    if (dup->is_scalar() && !dup->quoted && (dup->text == "true" || dup->text == "false")) x.duplicate = dup->text == "true";
    else r.error(*dup, "scenario-bad-value", "duplicate must be true or false");
  }
  return !r.failed;
}

std::string resolve_path(const std::string& scenario_file, const std::string& relative) {
  fs::path p(relative);
  if (p.is_relative()) p = fs::path(scenario_file).parent_path() / p;
  return p.lexically_normal().string();
}

}  // namespace

yaml_file_kind classify_yaml_file(const std::string& path) {
  std::string why;
  if (!regular_or_missing(path, why)) return yaml_file_kind::scenario;  // loading it says what is wrong
  std::ifstream in(path, std::ios::binary);
  if (!in) return yaml_file_kind::scenario;
  bool policy = false, registry = false, any = false;
  std::string line;
  std::size_t bytes = 0;
  // A top-level key is a line starting with a plain key and a colon. Read at most what the loader would.
  while (bytes <= load_limits{}.max_bytes && std::getline(in, line)) {
    bytes += line.size() + 1;
    if (bytes == line.size() + 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
    std::size_t end = 0;
    while (end < line.size() && (std::isalnum(static_cast<unsigned char>(line[end])) || line[end] == '_')) ++end;
    if (end == 0 || end >= line.size() || line[end] != ':') continue;
    const std::string key = line.substr(0, end);
    any = true;
    if (key == "scenario" || key == "given" || key == "when") return yaml_file_kind::scenario;
    policy = policy || key == "muster";
    registry = registry || key == "muster_forces";
  }
  if (registry) return yaml_file_kind::registry;
  if (policy) return yaml_file_kind::policy;
  return any ? yaml_file_kind::other : yaml_file_kind::scenario;
}

bool scenario_loader::load(const std::string& path, scenario& out, std::vector<diagnostic>& diags) {
  out = scenario{};
  out.file = path;
  out.name = fs::path(path).stem().string();
  detail::yaml_document doc;
  if (!detail::load_yaml_file(path, load_limits{}, doc, diags)) return false;
  reporter r{path, diags};
  const yaml_node& root = doc.root;
  check_keys(root, top_keys, "a scenario", r);
  if (const yaml_node* name = scalar(root.find("scenario"), "scenario (its name)", r)) out.name = name->text;

  // ---- given ----
  const yaml_node* given = root.find("given");
  if (!given || !given->is_map()) {
    r.error(given ? *given : root, given ? "scenario-bad-value" : "scenario-missing-key",
            "a scenario needs 'given:' with policy, forces and start", "given: { policy: ../../rules/weihai.yaml, forces: ../../rules/weihai-forces.yaml, start: 2026-07-10T09:00:00+08:00 }");
    return false;
  }
  check_keys(*given, given_keys, "'given'", r);
  const yaml_node* pol = scalar(given->find("policy"), "given.policy", r);
  const yaml_node* forces = scalar(given->find("forces"), "given.forces", r);
  const yaml_node* start = given->find("start");
  for (const auto& [node, key] : {std::pair{pol, "policy"}, std::pair{forces, "forces"}, std::pair{start, "start"}})
    if (!node && !given->find(key)) r.error(*given, "scenario-missing-key", fmt::format("given needs '{}'", key));
  if (!pol || !forces || !start) return false;

  const std::string policy_path = resolve_path(path, pol->text);
  const std::string forces_path = resolve_path(path, forces->text);
  out.policy_file = policy_path;
  auto& slot = cache_[{policy_path, forces_path}];
  if (!slot) {
    slot = std::make_unique<compiled>();
    const checked_inputs c = check_inputs({policy_path, forces_path});
    slot->diags = c.diagnostics();
    slot->ok = c.ok() && c.forces;
    if (slot->ok) {
      slot->rules = rules_pair{c.policy.value, c.forces->value};
      slot->times = std::make_unique<codec>(slot->rules.pol, slot->rules.forces);
      slot->vocab = notation_vocabulary::build(slot->rules, *slot->times);
    }
  }
  if (!slot->ok) {
    for (const diagnostic& d : slot->diags)
      if (d.level == severity::error) diags.push_back(d);
    out.rules_broken = true;
    r.error(*pol, "scenario-policy", fmt::format("the policy '{}' or its registry '{}' has errors (above)", policy_path, forces_path));
    return false;
  }
  out.rules = slot->rules;
  codec checker(out.rules.pol, out.rules.forces);
  if (!scenario_time(*start, 0, false, checker, out.start, r)) return false;
  notation_vocabulary vocab = slot->vocab;
  vocab.base = out.start;
  std::string default_incident;
  if (const yaml_node* inc = scalar(given->find("incident"), "given.incident", r)) default_incident = inc->text;

  if (const yaml_node* periods = given->find("periods")) {
    if (!periods->is_seq()) r.error(*periods, "scenario-bad-value", "given.periods must be a list of declarations",
                                    "- { period: key_dates, actor: weihai_em, until: +3d }");
    else
      for (std::size_t i = 0; i < periods->items.size(); ++i) {
        const yaml_node& d = periods->items[i];
        if (!d.is_map()) {
          r.error(d, "scenario-bad-value", "a declared period is a mapping of period.declare's fields");
          continue;
        }
        scenario_step step;
        step.where = r.at(d);
        if (build_event(d, "period.declare", fmt::format("given-period-{}", i + 1), out.start, {}, out.start, checker, step, r)) {
          step.label = "given.periods[" + std::to_string(i) + "]: " + step.label;
          out.given.push_back(std::move(step));
        }
      }
  }

  // ---- when ----
  const yaml_node* when = root.find("when");
  if (!when || !when->is_seq() || when->items.empty()) {
    r.error(when ? *when : root, when ? "scenario-bad-value" : "scenario-missing-key", "a scenario needs 'when:', a list of events and advances");
    return false;
  }
  timestamp clock = out.start;
  std::set<std::string> incidents;
  for (std::size_t i = 0; i < when->items.size(); ++i) {
    const yaml_node& m = when->items[i];
    scenario_step step;
    step.where = r.at(m);
    if (!m.is_map()) {
      r.error(m, "scenario-bad-value", "a step is a mapping: an event's fields, or 'advance: +16m'");
      continue;
    }
    bool built = false;
    if (const yaml_node* adv = m.find("advance")) {
      for (const auto& e : m.entries)
        if (e.key.text != "advance" && e.key.text != "then")
          r.error(e.key, "scenario-unknown-key", fmt::format("an advance step takes only 'advance' and 'then', not '{}'", e.key.text));
      timestamp t = 0;
      if (scenario_time(*adv, out.start, true, checker, t, r)) {
        step.input = incident_input{m.line, std::to_string(t), true};
        step.at = t;
        step.label = input_label(*out.rules.pol, true, owned_event{}, t, out.start, false);
        built = true;
      }
    } else if (build_event(m, nullptr, fmt::format("step-{}", i + 1), clock, default_incident, out.start, checker, step, r)) {
      built = true;
      owned_event ev;
      if (checker.decode_event(step.input.text, ev).ok() && !ev.incident.empty()) incidents.insert(ev.incident);
    }
    if (const yaml_node* then = m.find("then")) {
      parse_expectation(*then, vocab, step.expect, r);
      if (const yaml_node* state = then->is_map() ? then->find("state") : nullptr)
        if (!parse_state_expectation(*state, path, out.rules, default_incident, step.expect.state, diags)) r.failed = true;
    }
    if (!built) continue;
    clock = step.at;
    out.steps.push_back(std::move(step));
  }
  out.several_incidents = incidents.size() > 1;
  if (const yaml_node* then = root.find("then")) {
    parse_expectation(*then, vocab, out.overall, r);
    for (const char* key : {"rejected", "duplicate", "state"})
      if (const yaml_node* n = then->is_map() ? then->find(key) : nullptr)
        r.error(*n, "scenario-bad-value", fmt::format("the top-level 'then' is about every effect of the run; '{}' belongs under a step's 'then'", key));
  }
  if (const yaml_node* report = root.find("report"))
    if (!parse_report_expectation(*report, path, out.rules, out.report, diags)) r.failed = true;
  return !r.failed;
}

// ---- running -------------------------------------------------------------------------------

namespace {

struct effect_at {
  effect_row row;
  timestamp event_at;
};

/// The expectation against what happened: a problem for each thing that does not hold.
void check(const scenario& s, const scenario_expectation& x, const scenario_problem& at, const step_result* r,
           const std::vector<effect_at>& effects, std::vector<scenario_problem>& out) {
  auto problem = [&](std::string what, std::string diff = {}) {
    scenario_problem p = at;
    p.message = std::move(what);
    p.diff = std::move(diff);
    out.push_back(std::move(p));
  };
  const std::string by_rule = r && r->rule ? " [refused by " + r->rule->id + "]" : "";
  if (r) {
    if (x.rejected) {
      if (r->accepted) problem(fmt::format("expected rejection {}, but it was accepted", *x.rejected));
      else if (r->reason != *x.rejected)
        problem(fmt::format("expected rejection {}, but it was rejected {}: {}", *x.rejected, r->reason, r->detail));
      else {
        if (!x.rejected_rule.empty() && (!r->rule || r->rule->id != x.rejected_rule))
          problem(fmt::format("expected rejection {} by rule {}, but the refusing rule is {}", *x.rejected, x.rejected_rule,
                              r->rule ? r->rule->id : "none"));
        if (x.rejected_detail && r->detail.find(*x.rejected_detail) == std::string::npos)
          problem(fmt::format("expected the rejection's detail to contain \"{}\", but it is \"{}\"", *x.rejected_detail, r->detail));
      }
    } else if (!r->accepted) {
      problem(fmt::format("rejected {}: {}{} (no rejection was expected)", r->reason, r->detail, by_rule));
    }
    if (x.duplicate && *x.duplicate != r->duplicate)
      problem(*x.duplicate ? "expected a repeated event id (duplicate), but the engine took it as new"
                           : "expected a new event, but the engine saw a repeated id (duplicate)");
  }
  const notation_style style{s.start, s.several_incidents};
  if (x.has_effects) {
    auto rows = align(x.effects.size(), effects.size(), [&](std::size_t i, std::size_t j) { return matches(x.effects[i], effects[j].row); });
    if (alignment_differs(rows, !x.exact)) {
      std::vector<std::string> want, got;
      for (const auto& p : x.effects) want.push_back(p.text);
      for (const auto& e : effects) got.push_back(render_effect(e.row, e.event_at, style));
      problem(x.exact ? "effects differ (- expected, + actual)" : "expected effects missing (- expected; the others are actual)",
              render_alignment(rows, want, got, "      ", !x.exact));
      if (x.exact) {
        scenario_problem& p = out.back();
        p.effects_differ = true;
        p.whole_run = r == nullptr;
        p.actual_effects = std::move(got);
        p.rows = std::move(rows);
      }
    }
  }
  if (!x.must_not.empty()) {
    std::string lines;
    for (const auto& e : effects)
      for (const auto& p : x.must_not)
        if (matches(p, e.row)) {
          lines += fmt::format("      ! {}\n        (must_not: {})\n", render_effect(e.row, e.event_at, style), p.text);
          break;
        }
    if (!lines.empty()) problem("effects that must not happen happened (! actual, and the must_not line it matches)", lines);
  }
}

std::string place(const source_location& l) { return fmt::format("{}:{}:{}", l.file, l.line, l.column); }

void count_rules(const step_result& r, std::map<std::string, std::size_t>& fired) {
  for (const effect_row& e : r.effects)
    for (const cited_rule& c : e.because) ++fired[c.id];
  if (r.rule) ++fired[r.rule->id];
}

}  // namespace

std::string render_problem(const scenario_problem& p) {
  return "  " + place(p.where) + ": " + p.label + ": " + p.message + "\n" + p.diff;
}

/// A journal of the run's own, for `report:` (the scorecards are read from a journal); removed
/// with its directory when the run is checked.
struct run_journal {
  std::string dir, path;
  explicit run_journal(bool wanted) {
    if (!wanted) return;
    std::string pattern = (fs::temp_directory_path() / "muster-scenario-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return;
    dir = pattern;
    path = (fs::path(dir) / "run.journal").string();
  }
  ~run_journal() {
    std::error_code ignored;
    if (!dir.empty()) fs::remove_all(dir, ignored);
  }
  run_journal(const run_journal&) = delete;
  run_journal& operator=(const run_journal&) = delete;
};

scenario_result run_scenario(const scenario& s, const run_options& options) {
  scenario_result result;
  std::string err;
  const run_journal journal(s.report.present || options.resume_each_step);
  if ((s.report.present || options.resume_each_step) && journal.path.empty())
    err = "no temporary directory for the run's journal (report:, --resume-each-step)";
  auto player = err.empty() ? incident_player::open(s.rules, journal.path, err) : nullptr;
  if (!player) {
    scenario_problem p;
    p.where.file = s.file;
    p.label = "the session";
    p.message = err;
    result.problems.push_back(std::move(p));
  }
  played pl;
  for (const scenario_step& g : s.given) {
    if (!player) break;
    const bool decoded = player->play(g.input, pl);
    if (decoded) count_rules(pl.result, result.fired);
    if (!decoded || !pl.result.accepted) {
      scenario_problem p;
      p.where = g.where;
      p.label = g.label;
      p.message = fmt::format("rejected {}: {}", pl.result.reason, decoded ? pl.result.detail : pl.error.message());
      result.problems.push_back(std::move(p));
    }
  }
  // --resume-each-step: the session starts again from a snapshot of itself; a problem ends the run.
  auto resume = [&](const source_location& where, const std::string& label) {
    if (!options.resume_each_step || !player) return;
    std::string why;
    if (player->resume_from_snapshot(why)) return;
    scenario_problem p;
    p.where = where;
    p.label = label;
    p.message = "--resume-each-step: " + why;
    result.problems.push_back(std::move(p));
    player.reset();
  };
  resume(source_location{s.file, 1, 1}, "the given periods");
  std::vector<effect_at> all;
  for (std::size_t i = 0; player && i < s.steps.size(); ++i) {
    const scenario_step& step = s.steps[i];
    if (i > 0) resume(s.steps[i - 1].where, fmt::format("step {} ({})", i, s.steps[i - 1].label));
    if (!player) break;
    scenario_problem at;
    at.where = step.where;
    at.step = i + 1;
    at.label = fmt::format("step {} ({})", i + 1, step.label);
    if (!player->play(step.input, pl)) {
      at.message = pl.error.message();
      result.problems.push_back(std::move(at));
      continue;
    }
    count_rules(pl.result, result.fired);
    std::vector<effect_at> mine;
    for (const effect_row& e : pl.result.effects) mine.push_back({e, pl.at});
    check(s, step.expect, at, &pl.result, mine, result.problems);
    for (const state_mismatch& m : check_state(step.expect.state, player->session())) {
      scenario_problem p = at;
      p.where = m.where;
      p.message = m.message;
      result.problems.push_back(std::move(p));
    }
    all.insert(all.end(), mine.begin(), mine.end());
  }
  if (player && s.overall.present) {
    scenario_problem at;
    at.where = s.overall.where;
    at.label = "the whole run";
    check(s, s.overall, at, nullptr, all, result.problems);
  }
  if (player && s.report.present) {
    player.reset();  // the session writes and syncs the journal's tail as it closes
    for (const report_mismatch& m : check_report(s.report, s.rules, journal.path)) {
      scenario_problem p;
      p.where = m.where;
      p.label = "report";
      p.message = m.message;
      result.problems.push_back(std::move(p));
    }
  }
  for (const auto& p : result.problems) result.report += render_problem(p);
  result.passed = result.problems.empty();
  return result;
}

}  // namespace muster::cli
