// `muster cap import ALERT.xml… --policy P [--actor ORG] [--journal J --forces F] [-q]`
// `muster cap export EVENTS.jsonl --policy P [--sender-domain D] [--out DIR]`
//
// CAP 1.2 in and out (docs/warnings.md, "CAP 1.2"). import prints one warning event per alert
// (JSON Lines), or with --journal submits them through a session and prints each outcome;
// export prints one CAP 1.2 alert per warning event, or writes each to DIR/<identifier>.xml.
// Problems are printed as `file:line:col: code: message [hint]`, then `N errors, M warnings`;
// nothing is printed on stdout (nor submitted) unless every input is good. Exit 0, 1 (an
// input has errors; an event was rejected), 2 (usage).
#include "cli/commands.hpp"

#include <muster/cap.hpp>
#include <muster/session.hpp>

#include <fmt/core.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace muster::cli {
namespace {

struct import_options {
  std::vector<std::string> alerts;
  std::string policy_path, forces_path, journal_path, actor;
  bool quiet = false;
};

struct export_options {
  std::string events_path, policy_path, sender_domain, out_dir;
  bool quiet = false;
};

/// The diagnostics (warnings only unless `failed`, none of them when `quiet`), then on failure
/// the closing `N errors, M warnings` line, as `validate` prints them.
void report(const std::vector<diagnostic>& diags, bool failed, bool quiet) {
  std::size_t errors = 0, warnings = 0;
  for (const diagnostic& d : diags) {
    (d.level == severity::error ? errors : warnings) += 1;
    if (d.level == severity::error || !quiet) fmt::print(stderr, "{}\n", render(d));
  }
  if (failed)
    fmt::print(stderr, "{} error{}, {} warning{}\n", errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
}

/// The policy alone, as `validate` compiles it; its diagnostics printed when it does not compile.
std::shared_ptr<const policy> load_policy(const std::string& path) {
  const checked_inputs c = check_inputs({path, ""});
  if (!c.ok()) {
    print_diagnostics(c, true);
    return nullptr;
  }
  return c.policy.value;
}

/// At most `limit` bytes of `path`; false with `err` when it cannot be read or is larger.
bool read_bounded(const std::string& path, std::size_t limit, std::string& out, std::string& err) {
  std::error_code ec;
  const auto st = std::filesystem::status(path, ec);
  if (!ec && !std::filesystem::is_regular_file(st)) {
    err = std::filesystem::is_directory(st) ? "it is a directory" : "not a regular file";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    err = std::strerror(errno);
    return false;
  }
  out.assign(limit + 1, '\0');
  in.read(out.data(), static_cast<std::streamsize>(out.size()));
  out.resize(static_cast<std::size_t>(in.gcount()));
  if (out.size() > limit) {
    err = fmt::format("larger than {} bytes", limit);
    return false;
  }
  return true;
}

/// Submits the events through a session on the journal; prints each outcome. Exit 1 when one
/// is rejected or the journal fails.
int submit(const import_options& o, const std::vector<cap::warning_event>& events) {
  const checked_inputs c = check_inputs({o.policy_path, o.forces_path});
  if (!c.ok() || !c.forces) {
    print_diagnostics(c, true);
    return exit_invalid_input;
  }
  session_options so;
  so.journal_path = o.journal_path;
  auto opened = session::open(c.policy.value, c.forces->value, so);
  if (!opened) {
    fmt::print(stderr, "muster cap import: {}\n", opened.error().message());
    return exit_invalid_input;
  }
  const std::unique_ptr<session> s = std::move(*opened);
  if (!o.quiet) fmt::print(stderr, "{}: {}\n", o.journal_path, s->recovery().summary());
  std::size_t rejected = 0;
  outcome_text out;
  for (const cap::warning_event& e : events) {
    s->submit_json(cap::to_json_line(e), out);
    fmt::print("{}\n", out.json);
    if (!out.accepted) {
      ++rejected;
      fmt::print(stderr, "{}: event {} rejected: {}{}\n", e.where.file, e.id, to_string(out.reason),
                 out.detail.empty() ? "" : ": " + out.detail);
    }
  }
  if (s->failed() || !s->flush()) {
    fmt::print(stderr, "muster cap import: the journal failed: {}\n", s->last_error().message());
    return exit_invalid_input;
  }
  return rejected == 0 ? exit_ok : exit_invalid_input;
}

int run_import(const import_options& o) {
  if (!o.journal_path.empty() && o.forces_path.empty()) {
    fmt::print(stderr, "muster cap import: --journal needs --forces (a session runs the policy with its force registry)\n");
    return exit_usage;
  }
  const auto p = load_policy(o.policy_path);
  if (!p) return exit_invalid_input;
  cap::import_options io;
  io.actor = o.actor;
  std::vector<diagnostic> diags;
  std::vector<cap::warning_event> events;
  bool failed = false;
  for (const std::string& path : o.alerts) {
    result<cap::alert> a = cap::parse_alert_file(path);
    diags.insert(diags.end(), a.diagnostics.begin(), a.diagnostics.end());
    if (!a.ok()) {
      failed = true;
      continue;
    }
    result<cap::warning_event> e = cap::to_warning_event(*p, *a, io);
    diags.insert(diags.end(), e.diagnostics.begin(), e.diagnostics.end());
    if (e.ok()) events.push_back(std::move(*e));
    else failed = true;
  }
  report(diags, failed, o.quiet);
  if (failed) return exit_invalid_input;
  if (!o.journal_path.empty()) return submit(o, events);
  for (const cap::warning_event& e : events) fmt::print("{}\n", cap::to_json_line(e));
  return exit_ok;
}

/// A file name for an identifier: CAP identifiers have no spaces, commas, '<' or '&', but may
/// hold '/' or ':', which a file name must not.
std::string file_name_for(const std::string& identifier) {
  std::string s = identifier;
  for (char& c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) c = '_';
  if (s.empty() || s[0] == '.') s.insert(0, "alert");
  return s + ".xml";
}

int run_export(const export_options& o) {
  const auto p = load_policy(o.policy_path);
  if (!p) return exit_invalid_input;
  constexpr std::size_t max_events_bytes = 64U << 20;
  std::string text, err;
  if (!read_bounded(o.events_path, max_events_bytes, text, err)) {
    fmt::print(stderr, "{}: file-unreadable: cannot read '{}': {}\n1 error, 0 warnings\n", o.events_path, o.events_path, err);
    return exit_invalid_input;
  }
  const auto events = cap::read_warning_events(*p, text, o.events_path);
  if (!events.ok()) {
    report(events.diagnostics, true, o.quiet);
    return exit_invalid_input;
  }
  cap::export_options eo;
  eo.sender_domain = o.sender_domain;
  const auto alerts = cap::export_alerts(*p, *events, eo);
  std::vector<diagnostic> diags = events.diagnostics;
  diags.insert(diags.end(), alerts.diagnostics.begin(), alerts.diagnostics.end());
  report(diags, !alerts.ok(), o.quiet);
  if (!alerts.ok()) return exit_invalid_input;
  if (o.out_dir.empty()) {
    for (const std::string& xml : *alerts) fmt::print("{}", xml);
    return exit_ok;
  }
  std::error_code ec;
  std::filesystem::create_directories(o.out_dir, ec);
  for (std::size_t i = 0; i < alerts->size(); ++i) {
    const std::string path = (std::filesystem::path(o.out_dir) / file_name_for((*events)[i].warning)).string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << (*alerts)[i];
    if (!out.flush()) {
      fmt::print(stderr, "muster cap export: cannot write {}: {}\n", path, std::strerror(errno));
      return exit_invalid_input;
    }
    fmt::print("{}\n", path);
  }
  return exit_ok;
}

}  // namespace

void register_cap(CLI::App& app, int& status) {
  CLI::App* cap = app.add_subcommand("cap", "CAP 1.2 warnings in and out (docs/warnings.md)");
  cap->require_subcommand(1);

  auto i = std::make_shared<import_options>();
  CLI::App* imp = cap->add_subcommand(
      "import", "Read CAP 1.2 alerts as warning events: print them (JSON Lines), or submit them to a journal");
  imp->add_option("ALERT", i->alerts, "CAP 1.2 alerts (XML), one per file, taken in order")->type_name("FILE")->required();
  imp->add_option("--policy", i->policy_path, "The policy (its hazards, jurisdictions and organisations)")
      ->type_name("FILE")
      ->required();
  imp->add_option("--actor", i->actor,
                  "The organisation the alerts come from (default: the one whose id is the sender's part before '@')")
      ->type_name("ORG");
  imp->add_option("--journal", i->journal_path, "Submit the events through a session on this journal and print the outcomes")
      ->type_name("FILE");
  imp->add_option("--forces", i->forces_path, "The force registry (needed with --journal)")->type_name("FILE");
  imp->add_flag("-q,--quiet", i->quiet, "Print no warnings (errors still)");
  imp->callback([i, &status] { status = run_import(*i); });

  auto e = std::make_shared<export_options>();
  CLI::App* exp = cap->add_subcommand("export", "Write warning events (JSON Lines) as CAP 1.2 alerts");
  exp->add_option("EVENTS", e->events_path, "warning.issue / .update / .cancel events, one per line (docs/warnings.md)")
      ->type_name("FILE")
      ->required();
  exp->add_option("--policy", e->policy_path, "The policy (hazard and jurisdiction names and codes)")->type_name("FILE")->required();
  exp->add_option("--sender-domain", e->sender_domain, "Write each sender as <actor>@<domain> (default: the actor's id)")
      ->type_name("DOMAIN");
  exp->add_option("--out", e->out_dir, "Write each alert to DIR/<identifier>.xml and print the paths (default: print the alerts)")
      ->type_name("DIR");
  exp->add_flag("-q,--quiet", e->quiet, "Print no warnings (errors still)");
  exp->callback([e, &status] { status = run_export(*e); });
}

}  // namespace muster::cli
