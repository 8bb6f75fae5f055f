// `muster report JOURNAL --policy P --forces F [--from T] [--to T] [--by jurisdiction|force]
//  [--format text|json|html]`: the scorecards of supervision (5.1) — acknowledgement latency,
// declined and overdue orders, approval steps, roll-calls, warnings, after-action reports, drills, claims — per
// jurisdiction and per force (docs/report.md). Read-only: the journal is verified as opening it
// would (a journal that does not verify gives no figures) and never changed.
#include "cli/commands.hpp"
#include "cli/timeline.hpp"

#include <muster/codec.hpp>
#include <muster/report.hpp>

#include <fmt/core.h>

#include <cstdio>
#include <memory>
#include <string>

namespace muster::cli {
namespace {

struct report_cli_options {
  std::string journal_path, policy_path, forces_path, from, to, by, format = "text";
};

/// An RFC 3339 time (or seconds) for --from / --to; false after saying why on stderr.
bool parse_bound(const codec& c, const char* flag, const std::string& text, std::optional<timestamp>& out) {
  if (text.empty()) return true;
  timestamp t = 0;
  if (!c.parse_time(text, t)) {
    fmt::print(stderr, "muster report: {} '{}' is not a time: give RFC 3339 with its offset, e.g. 2026-07-01T00:00:00+08:00\n", flag,
               text);
    return false;
  }
  out = t;
  return true;
}

int run_report(const report_cli_options& o) {
  std::string err;
  if (!regular_or_missing(o.journal_path, err)) {
    fmt::print(stderr, "muster report: {}\n", err);
    return exit_invalid_input;
  }
  const std::optional<rules_pair> rules = load_rules(o.policy_path, o.forces_path);
  if (!rules) return exit_invalid_input;
  const codec times(rules->pol, rules->forces);
  report_options ro;
  if (!parse_bound(times, "--from", o.from, ro.from) || !parse_bound(times, "--to", o.to, ro.to)) return exit_usage;
  if (ro.from && ro.to && *ro.from >= *ro.to) {
    fmt::print(stderr, "muster report: --from {} is not before --to {}: the period [from, to) would be empty\n", o.from, o.to);
    return exit_usage;
  }
  const report_result r = build_report(rules->pol, rules->forces, o.journal_path, ro);
  if (!r) {  // a verdict names the record ("<path>:<line>: journal-damaged: …"); an unreadable journal is not one
    fmt::print(stderr, "{}{}\n", journal_verdict(r.error()) ? "muster report: the journal does not verify: " : "muster report: ",
               r.error().message());
    return exit_invalid_input;
  }
  const report_grouping g = o.by == "jurisdiction" ? report_grouping::jurisdiction
                            : o.by == "force"      ? report_grouping::force
                                                   : report_grouping::both;
  const std::string text = o.format == "json"   ? render_report_json(*r, g)
                           : o.format == "html" ? render_report_html(*r, g)
                                                : render_report_text(*r, g);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return exit_ok;
}

}  // namespace

void register_report(CLI::App& app, int& status) {
  auto o = std::make_shared<report_cli_options>();  // outlives this function: the callback runs during parse
  CLI::App* cmd = app.add_subcommand(
      "report", "Scorecards for supervision (5.1): orders, approval steps, roll-calls, warnings, reviews, drills and claims per jurisdiction and force");
  cmd->add_option("JOURNAL", o->journal_path, "The journal to read, a file or postgresql://…#partition (verified first; never changed)")->type_name("JOURNAL")->required();
  cmd->add_option("--policy", o->policy_path, "The policy the journal was written under")->type_name("FILE")->required();
  cmd->add_option("--forces", o->forces_path, "The force registry the journal was written with")->type_name("FILE")->required();
  cmd->add_option("--from", o->from, "Count what started at or after this time (RFC 3339, event time)")->type_name("TIME");
  cmd->add_option("--to", o->to, "Count what started before this time (RFC 3339, event time)")->type_name("TIME");
  cmd->add_option("--by", o->by, "One grouping only: jurisdiction or force (default: both)")
      ->check(CLI::IsMember({"jurisdiction", "force"}));
  cmd->add_option("--format", o->format,
                  "text (default), json (every figure; durations in seconds) or html (one self-contained page with SVG charts)")
      ->check(CLI::IsMember({"text", "json", "html"}));
  cmd->callback([o, &status] { status = run_report(*o); });
}

}  // namespace muster::cli
