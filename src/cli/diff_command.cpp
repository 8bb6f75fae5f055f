// `muster diff OLD NEW INCIDENT.jsonl [--forces FILE | --old-forces F --new-forces F] [--format text|json]`
//
// Replays one incident under two policies (each with its registry) and shows, input by input,
// where their answers diverge: the verdict, and the effects only OLD gave (`-`) or only NEW
// gave (`+`), in the effect-line notation of scenarios. `--format json`: one document with the
// same, and full digests. Exit 0 when every answer is the same, 1 when any differs, 2 when the
// diff could not be made (a command line, a policy that does not compile, an unreadable input)
// (docs/replay.md "diff").
#include "cli/commands.hpp"
#include "cli/scenario_notation.hpp"
#include "cli/timeline.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <climits>
#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace muster::cli {
namespace {

struct diff_options {
  std::string old_policy, new_policy, incident_path;
  std::string forces, old_forces, new_forces;
  std::string format = "text";
};

using json = nlohmann::ordered_json;

json side_json(const rules_pair& r, const std::string& path, const muster::session& s) {
  return {{"policy", path},          {"id", r.pol->id},           {"version", r.pol->version},
          {"policy_digest", r.pol->digest}, {"registry_digest", r.forces->digest}, {"state_digest", s.state_digest()}};
}

/// One side's answer to one input, as comparable lines.
struct answer {
  std::string verdict;              ///< "accepted", "rejected <reason>: <detail>", "malformed: …"
  std::vector<std::string> effects;
};

answer answer_of(bool decoded, const played& p, const notation_style& style) {
  answer a;
  if (!decoded) {
    a.verdict = "malformed: " + p.error.message();
    return a;
  }
  const step_result& r = p.result;
  a.verdict = r.accepted ? "accepted" : "rejected " + r.reason + ": " + r.detail;
  if (r.duplicate) a.verdict += " (repeated id)";
  for (const effect_row& e : r.effects) a.effects.push_back(render_effect(e, p.at, style));
  return a;
}

std::string describe(const policy& p, const std::string& path) {
  return fmt::format("{} ({} {}, sha256:{}\u2026)", path, p.id, p.version, p.digest.substr(0, 12));
}

int run_diff(const diff_options& o) {
  const bool shared = !o.forces.empty();
  if (shared == (!o.old_forces.empty() || !o.new_forces.empty()) || (!shared && (o.old_forces.empty() || o.new_forces.empty()))) {
    fmt::print(stderr, "muster diff: give the force registry: --forces FILE (both policies), or --old-forces F and --new-forces F\n");
    return exit_usage;
  }
  const auto old_rules = load_rules(o.old_policy, shared ? o.forces : o.old_forces);
  const auto new_rules = load_rules(o.new_policy, shared ? o.forces : o.new_forces);
  if (!old_rules || !new_rules) return exit_usage;
  std::vector<incident_input> inputs;
  std::string err;
  if (!read_incident(o.incident_path, inputs, err)) {
    fmt::print(stderr, "muster diff: {}\n", err);
    return exit_usage;
  }
  auto old_player = incident_player::open(*old_rules, "", err);
  auto new_player = old_player ? incident_player::open(*new_rules, "", err) : nullptr;
  if (!old_player || !new_player) {
    fmt::print(stderr, "muster diff: {}\n", err);
    return exit_usage;
  }
  const bool text = o.format == "text";

  // Several incidents in one file: effect lines say which one they are about.
  std::set<std::string> incidents;
  codec probe(old_rules->pol, old_rules->forces);
  owned_event ev;
  for (const incident_input& in : inputs) {
    if (!in.advance && probe.decode_event(in.text, ev).ok() && !ev.incident.empty()) incidents.insert(ev.incident);
  }

  // Text shows the policies' digests short (12 hex digits); json in full.
  if (text) fmt::print("--- old: {}\n+++ new: {}\n", describe(*old_rules->pol, o.old_policy), describe(*new_rules->pol, o.new_policy));
  json differences = json::array();
  notation_style style{INT64_MIN, incidents.size() > 1};
  std::size_t differing = 0, effects = 0;
  std::string first;
  played po, pn;
  for (const incident_input& in : inputs) {
    const bool old_ok = old_player->play(in, po);
    const bool new_ok = new_player->play(in, pn);
    if (!old_ok && !new_ok) {
      std::fflush(stdout);
      fmt::print(stderr, "{}\n", located_error(o.incident_path, in, po.error));
      return exit_usage;
    }
    const played& known = old_ok ? po : pn;
    if (style.base == INT64_MIN) {
      style.base = known.at;
      if (text)
        fmt::print("times: +offset from the first input, {} ({})\n", local_time(old_player->checker(), style.base),
                   old_rules->pol->time_zone);
    }
    const answer a = answer_of(old_ok, po, style);
    const answer b = answer_of(new_ok, pn, style);
    effects += a.effects.size();
    if (a.verdict == b.verdict && a.effects == b.effects) continue;

    ++differing;
    const std::string what = input_label(*old_rules->pol, in.advance, known.event, known.at, style.base, true);
    const std::string where = fmt::format("{}:{}", o.incident_path, in.line);
    const bool is_first = first.empty();
    if (is_first) first = where + " (" + what + ")";
    const auto rows = align(a.effects.size(), b.effects.size(), [&](std::size_t i, std::size_t j) { return a.effects[i] == b.effects[j]; });
    if (!text) {
      json d = {{"line", in.line}, {"id", in.advance ? json(nullptr) : json(known.event.id)},
                {"kind", in.advance ? "advance" : to_string(known.event.ev.kind)}, {"label", what}, {"at", old_player->checker().format_time(known.at)}};
      if (a.verdict != b.verdict) d["verdict"] = {{"old", a.verdict}, {"new", b.verdict}};
      if (alignment_differs(rows, false)) {
        json lines = json::array();
        for (const aligned_row& r : rows) {
          const bool both = r.expected >= 0 && r.actual >= 0;
          lines.push_back({{"op", both ? " " : r.expected >= 0 ? "-" : "+"},
                           {"effect", r.expected >= 0 ? a.effects[static_cast<std::size_t>(r.expected)] : b.effects[static_cast<std::size_t>(r.actual)]}});
        }
        d["effects"] = std::move(lines);
      }
      differences.push_back(std::move(d));
      continue;
    }
    fmt::print("\n{}{}: {}\n", is_first ? ">>> first divergence: " : "", where, what);
    if (a.verdict != b.verdict) fmt::print("  - {}\n  + {}\n", a.verdict, b.verdict);
    if (alignment_differs(rows, false)) fmt::print("{}", render_alignment(rows, a.effects, b.effects, "    ", false));
  }
  if (!text) {
    json j = {{"old", side_json(*old_rules, o.old_policy, old_player->session())},
              {"new", side_json(*new_rules, o.new_policy, new_player->session())},
              {"incident", o.incident_path},
              {"time_base", style.base == INT64_MIN ? json(nullptr) : json(old_player->checker().format_time(style.base))},
              {"inputs", inputs.size()},
              {"effects", effects},
              {"identical", differing == 0},
              {"differing", differing},
              {"differences", std::move(differences)}};
    fmt::print("{}\n", j.dump(2, ' ', false, json::error_handler_t::replace));
    return differing == 0 ? exit_ok : exit_invalid_input;
  }
  if (differing == 0) {
    fmt::print("identical: {} inputs, {} effects, the same under both policies\n", inputs.size(), effects);
    return exit_ok;
  }
  fmt::print("\n{} of {} inputs answered differently; the first: {}\n", differing, inputs.size(), first);
  return exit_invalid_input;
}

}  // namespace

void register_diff(CLI::App& app, int& status) {
  auto o = std::make_shared<diff_options>();
  CLI::App* cmd = app.add_subcommand(
      "diff", "Replay one incident under two policies and show where their answers diverge (exit 0 the same, 1 different, 2 could not compare)");
  cmd->add_option("OLD", o->old_policy, "The policy as it was")->type_name("FILE")->required();
  cmd->add_option("NEW", o->new_policy, "The policy as it is proposed")->type_name("FILE")->required();
  cmd->add_option("INCIDENT", o->incident_path, "The incident: one JSON event per line, or a journal (its inputs) (docs/replay.md)")->type_name("FILE")->required();
  auto* f = cmd->add_option("--forces", o->forces, "The force registry, for both policies")->type_name("FILE");
  auto* fo = cmd->add_option("--old-forces", o->old_forces, "The registry compiled against OLD")->type_name("FILE");
  auto* fn = cmd->add_option("--new-forces", o->new_forces, "The registry compiled against NEW")->type_name("FILE");
  f->excludes(fo)->excludes(fn);
  cmd->add_option("--format", o->format,
                  "text (default: a unified diff; policy digests shortened to 12 hex digits) or json (one document, full digests)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->callback([o, &status] { status = run_diff(*o); });
}

}  // namespace muster::cli
