// `muster validate POLICY [--forces FILE] [--format text|json] [--quiet]`
//
// Compiles the policy and, when it compiles, the force registry; prints a one-line summary or
// every problem found. Also home of the checking code `summary` shares (commands.hpp).
#include "cli/commands.hpp"

#include <muster/rules.hpp>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

namespace muster::cli {
namespace {

/// "1 error", "2 warnings".
std::string counted(std::size_t n, const char* one, const char* many) { return fmt::format("{} {}", n, n == 1 ? one : many); }

std::size_t count_level(const std::vector<diagnostic>& diags, severity level) {
  return static_cast<std::size_t>(
      std::count_if(diags.begin(), diags.end(), [&](const diagnostic& d) { return d.level == level; }));
}

}  // namespace

// ---- shared with `summary` and `verify` (commands.hpp) ------------------------------------

std::string short_digest(const std::string& hex) { return "sha256:" + hex.substr(0, 16) + "\u2026"; }

bool checked_inputs::ok() const { return policy.ok() && (paths.forces_path.empty() || (forces && forces->ok())); }

std::vector<diagnostic> checked_inputs::diagnostics() const {
  std::vector<diagnostic> all = policy.diagnostics;
  if (forces) all.insert(all.end(), forces->diagnostics.begin(), forces->diagnostics.end());
  return all;
}

checked_inputs check_inputs(const inputs& in) {
  // The registry names the policy's organisations and jurisdictions: it is only checked against
  // a policy that compiled (its YAML is parsed meanwhile: rules.hpp).
  rules_result r = compile_rules_files(in.policy_path, in.forces_path.empty() ? std::nullopt : std::optional<std::string>(in.forces_path));
  return checked_inputs{in, std::move(r.policy), std::move(r.forces)};
}

void print_diagnostics(const checked_inputs& c, bool quiet) {
  const std::vector<diagnostic> all = c.diagnostics();
  const bool ok = c.ok();
  for (const auto& d : all)
    if (!ok || (!quiet && d.level == severity::warning)) fmt::print(stderr, "{}\n", render(d));
  if (ok) return;
  std::string line = counted(count_level(all, severity::error), "error", "errors") + ", " +
                     counted(count_level(all, severity::warning), "warning", "warnings");
  if (!c.paths.forces_path.empty() && !c.forces)
    line += fmt::format(" ({} not checked: the policy has errors)", c.paths.forces_path);
  fmt::print(stderr, "{}\n", line);
}

std::array<std::size_t, 4> count_by_category(const force_registry& r) {
  std::array<std::size_t, 4> n{};
  for (const auto& f : r.forces) ++n[static_cast<std::size_t>(f.category)];
  return n;
}

// ---- validate ------------------------------------------------------------------------------

namespace {

/// `ok: weihai 2026.1 — 4 grades, …; 40 forces; policy sha256:…, forces sha256:…`
std::string summary_line(const checked_inputs& c) {
  const policy& p = *c.policy.value;
  std::string line = "ok: " + p.id + (p.version.empty() ? "" : " " + p.version) + " \u2014 " +
                     counted(p.grades.size(), "grade", "grades") + ", " +
                     counted(p.jurisdictions.size(), "jurisdiction", "jurisdictions") + ", " +
                     counted(p.organisations.size(), "organisation", "organisations") + ", " +
                     counted(p.incident_types.size(), "incident type", "incident types") + ", " +
                     counted(p.periods.size(), "period", "periods") + ", " + counted(p.chains.size(), "chain", "chains");
  if (c.forces) line += "; " + counted(c.forces->value->forces.size(), "force", "forces");
  line += "; policy " + short_digest(p.digest);
  if (c.forces) line += ", forces " + short_digest(c.forces->value->digest);
  return line;
}

using json = nlohmann::ordered_json;  // keys in the order a reader expects, not alphabetical

json policy_json(const checked_inputs& c) {
  json j = {{"file", c.paths.policy_path}};
  if (!c.policy.ok()) return j;
  const policy& p = *c.policy.value;
  j["id"] = p.id;
  j["version"] = p.version;
  j["digest"] = p.digest;
  j["counts"] = {{"grades", p.grades.size()},
                 {"roles", p.roles.size()},
                 {"sectors", p.sectors.size()},
                 {"capabilities", p.capabilities.size()},
                 {"jurisdictions", p.jurisdictions.size()},
                 {"organisations", p.organisations.size()},
                 {"incident_types", p.incident_types.size()},
                 {"periods", p.periods.size()},
                 {"information_routes", p.information.size()},
                 {"chains", p.chains.size()}};
  return j;
}

json forces_json(const checked_inputs& c) {
  if (c.paths.forces_path.empty()) return nullptr;
  json j = {{"file", c.paths.forces_path}, {"checked", c.forces.has_value()}};
  if (!c.forces || !c.forces->ok()) return j;
  const force_registry& r = *c.forces->value;
  j["digest"] = r.digest;
  j["count"] = r.forces.size();
  const auto n = count_by_category(r);
  json by = json::object();
  for (std::size_t i = 0; i < n.size(); ++i) by[to_string(static_cast<force_category>(i))] = n[i];
  j["by_category"] = by;
  return j;
}

json diagnostic_json(const diagnostic& d) {
  json j = {{"severity", d.level == severity::error ? "error" : "warning"},
            {"code", d.code},
            {"file", d.where.file},
            {"line", d.where.line},
            {"column", d.where.column}};
  if (d.where.offset >= 0) j["offset"] = d.where.offset;
  j["message"] = d.message;
  j["hint"] = d.hint;
  return j;
}

std::string to_json(const checked_inputs& c) {
  json diags = json::array();
  for (const auto& d : c.diagnostics()) diags.push_back(diagnostic_json(d));
  const json j = {{"ok", c.ok()}, {"policy", policy_json(c)}, {"forces", forces_json(c)}, {"diagnostics", diags}};
  // File names come from the command line and need not be UTF-8; replace rather than throw.
  return j.dump(2, ' ', false, json::error_handler_t::replace);
}

struct validate_options {
  inputs paths;
  std::string format = "text";
  bool quiet = false;
};

int run_validate(const validate_options& o) {
  const checked_inputs c = check_inputs(o.paths);
  if (o.format == "json") {
    fmt::print("{}\n", to_json(c));
  } else {
    print_diagnostics(c, o.quiet);
    if (c.ok() && !o.quiet) fmt::print("{}\n", summary_line(c));
  }
  return c.ok() ? exit_ok : exit_invalid_input;
}

}  // namespace

void register_validate(CLI::App& app, int& status) {
  auto o = std::make_shared<validate_options>();  // outlives this function: the callback runs during parse
  CLI::App* cmd = app.add_subcommand("validate", "Check a policy (and its force registry); print a one-line summary or every problem");
  cmd->add_option("POLICY", o->paths.policy_path, "The policy file (muster: 1)")->type_name("FILE")->required();
  cmd->add_option("--forces", o->paths.forces_path, "The force registry to check against the policy (muster_forces: 1)")
      ->type_name("FILE");
  cmd->add_option("--format", o->format,
                  "text (default; digests shortened to 16 hex digits) or json (one document on stdout, digests in full)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("-q,--quiet", o->quiet, "Text format: print nothing on success and no warnings; errors are still printed");
  cmd->callback([o, &status] { status = run_validate(*o); });
}

}  // namespace muster::cli
