// `muster replay POLICY --forces FILE INCIDENT.jsonl [--format text|json] [--allow-rejections]
//                [--journal FILE [--segment-bytes BYTES] [--snapshot-every N]]`
//
// Feeds a recorded incident (or a journal's inputs) through a session and prints what the mechanism said at each step:
// a readable timeline, or the outcome JSON of every input line, led by the input's source line
// and event id, then a summary line with the counts and the full state digest (docs/replay.md).
// Exit 1 when an event was rejected (unless --allow-rejections) or a line is malformed.
#include "cli/commands.hpp"
#include "cli/timeline.hpp"
#include "policy/scalars.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace muster::cli {
namespace {

struct replay_options {
  std::string policy_path, forces_path, incident_path, journal_path;
  std::string format = "text";
  std::string max_clock_step;  ///< empty: the policy's; "0": no bound; else a duration
  std::uint64_t segment_bytes = 0, snapshot_every = 0;  ///< the journal's (session_options)
  bool allow_rejections = false;
};

using json = nlohmann::ordered_json;

/// The session's outcome JSON for one input, led by where the input came from:
/// {"line":N,"id":"e01","kind":"incident.report","seq":…} (id null and kind "advance" for an
/// advance; for a malformed line, the id when its JSON has one).
std::string json_line(const incident_input& in, const played& p) {
  json lead = {{"line", in.line}};
  if (in.advance) {
    lead["id"] = nullptr;
    lead["kind"] = "advance";
  } else if (p.decoded) {
    lead["id"] = p.event.id;
    lead["kind"] = to_string(p.event.ev.kind);
  } else {
    const json j = json::parse(in.text, nullptr, false);
    const bool has_id = j.is_object() && j.contains("id") && j["id"].is_string();
    lead["id"] = has_id ? json(j["id"]) : json(nullptr);
    lead["kind"] = j.is_object() && j.contains("kind") && j["kind"].is_string() ? j["kind"] : json(nullptr);
  }
  std::string head = lead.dump(-1, ' ', false, json::error_handler_t::replace);
  const std::string& outcome = p.outcome_json;
  if (outcome.size() < 2 || outcome.front() != '{') return head;  // no outcome (an advance that did not parse)
  head.pop_back();  // the lead's '}'
  return outcome == "{}" ? head + "}" : head + "," + outcome.substr(1);
}

std::string zone(const policy& p) {
  const int m = p.utc_offset_minutes < 0 ? -p.utc_offset_minutes : p.utc_offset_minutes;
  return fmt::format("{} (UTC{}{:02}:{:02})", p.time_zone, p.utc_offset_minutes < 0 ? '-' : '+', m / 60, m % 60);
}

int run_replay(const replay_options& o) {
  const auto rules = load_rules(o.policy_path, o.forces_path);
  if (!rules) return exit_invalid_input;
  std::vector<incident_input> inputs;
  std::string err;
  std::size_t skipped = 0;
  if (!read_incident(o.incident_path, inputs, err, &skipped)) {
    fmt::print(stderr, "muster replay: {}\n", err);
    return exit_invalid_input;
  }
  if (is_journal_file(o.incident_path))
    fmt::print(stderr, "{}: a journal: replaying its {} recorded inputs{}\n", o.incident_path, inputs.size(),
               skipped ? fmt::format("; {} malformed input{} skipped (they changed nothing)", skipped, skipped == 1 ? "" : "s")
                       : "");
  std::optional<seconds_t> step;
  if (!o.max_clock_step.empty()) {
    step = o.max_clock_step == "0" ? std::optional<seconds_t>(0) : detail::parse_duration(o.max_clock_step);
    if (!step) {
      fmt::print(stderr, "muster replay: --max-clock-step {}: expected a duration such as 90d, or 0 for no bound\n", o.max_clock_step);
      return exit_usage;
    }
  }
  if (o.journal_path.empty() && (o.segment_bytes > 0 || o.snapshot_every > 0)) {
    fmt::print(stderr, "muster replay: --segment-bytes and --snapshot-every are the journal's: give --journal FILE too\n");
    return exit_usage;
  }
  auto player = incident_player::open(*rules, o.journal_path, err, step, o.segment_bytes, o.snapshot_every);
  if (!player) {
    fmt::print(stderr, "muster replay: {}\n", err);
    return exit_invalid_input;
  }
  if (!o.journal_path.empty()) fmt::print(stderr, "{}: {}\n", o.journal_path, player->session().recovery().summary());

  const bool text = o.format == "text";
  const policy& p = *rules->pol;
  if (text)
    fmt::print("Replaying {} under {} {} ({}) with {} forces; times in {}\n", o.incident_path, p.id, p.version, p.file,
               rules->forces->forces.size(), zone(p));

  std::size_t events = 0, rejected = 0, repeated = 0, effects = 0;
  std::string first_rejection;
  json first_rejection_json;
  played out;
  muster::session& s = player->session();
  // What is owed (answers, reports, period ends) apart from the calendar's next runs, which a
  // policy with schedules always has.
  auto pending = [&] {
    std::size_t owed = 0, runs = 0;
    for (const auto& d : s.engine().deadlines()) ++(d.kind == muster::deadline_kind::schedule_run ? runs : owed);
    return std::pair{owed, runs};
  };
  auto summary = [&](const json* stopped) {
    json j = {{"inputs", events}, {"accepted", events - rejected}, {"rejected", rejected}, {"repeated", repeated},
              {"effects", effects}, {"deadlines_pending", pending().first}, {"scheduled_runs", pending().second}, {"state_digest", s.state_digest()},
              {"policy_digest", p.digest}, {"registry_digest", rules->forces->digest}};
    if (!first_rejection_json.is_null()) j["first_rejection"] = first_rejection_json;
    if (stopped) j["stopped"] = *stopped;
    return json{{"summary", std::move(j)}}.dump(-1, ' ', false, json::error_handler_t::replace);
  };
  for (const incident_input& in : inputs) {
    if (!player->play(in, out)) {
      const std::string where = located_error(o.incident_path, in, out.error);
      if (!text) {
        const json stopped = {{"line", in.line}, {"error", where}};
        fmt::print("{}\n{}\n", json_line(in, out), summary(&stopped));
      }
      std::fflush(stdout);
      fmt::print(stderr, "{}\n", where);
      fmt::print(stderr, "muster replay: stopped at the malformed line; {} inputs before it were replayed\n", events);
      return exit_invalid_input;
    }
    ++events;
    const step_result& r = out.result;
    effects += r.effects.size();
    if (r.duplicate) ++repeated;
    if (!r.accepted) {
      ++rejected;
      if (first_rejection.empty()) {
        first_rejection = fmt::format("{}:{}: {}{}", o.incident_path, in.line, r.reason, r.detail.empty() ? "" : ": " + r.detail);
        first_rejection_json = {{"line", in.line}, {"reason", r.reason}, {"detail", r.detail}};
      }
    }
    if (text) fmt::print("\n{}", render_timeline_entry(*rules, player->checker(), in, out));
    else fmt::print("{}\n", json_line(in, out));
  }

  if (text) {
    // The text keeps the digest short (16 hex digits); --format json gives it in full.
    const auto [owed, runs] = pending();
    fmt::print("\n{} inputs: {} accepted, {} rejected{}; {} effects; {} deadlines pending{}; state {}\n", events,
               events - rejected, rejected, repeated ? fmt::format(" ({} repeated ids)", repeated) : "", effects, owed,
               runs ? fmt::format(" ({} scheduled runs ahead)", runs) : "", s.state_digest().substr(0, 16));
  } else {
    fmt::print("{}\n", summary(nullptr));
  }
  if (s.failed() || !s.flush()) {
    fmt::print(stderr, "muster replay: the journal failed: {}\n", s.last_error().message());
    return exit_invalid_input;
  }
  if (!s.last_error().ok())  // the inputs stand; what did not (a snapshot not taken) is said
    fmt::print(stderr, "muster replay: {}\n", s.last_error().message());
  if (rejected && !o.allow_rejections) {
    fmt::print(stderr, "muster replay: {} of {} inputs rejected; the first: {}\n(pass --allow-rejections when rejections are expected)\n",
               rejected, events, first_rejection);
    return exit_invalid_input;
  }
  return exit_ok;
}

}  // namespace

void register_replay(CLI::App& app, int& status) {
  auto o = std::make_shared<replay_options>();
  CLI::App* cmd = app.add_subcommand("replay", "Feed a recorded incident (JSON Lines) through the engine and show what it said, step by step");
  cmd->add_option("POLICY", o->policy_path, "The policy file (muster: 1)")->type_name("FILE")->required();
  cmd->add_option("INCIDENT", o->incident_path, "The incident: one JSON event per line, or a journal (its inputs) (docs/events.md, docs/replay.md)")
      ->type_name("FILE")
      ->required();
  cmd->add_option("--forces", o->forces_path, "The force registry (muster_forces: 1)")->type_name("FILE")->required();
  cmd->add_option("--format", o->format,
                  "text (default: a timeline; its closing line shows the state digest's first 16 hex digits) or json (per input "
                  "line its outcome, led by the source line, event id and kind; then a summary line with the counts and the full "
                  "state digest)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("--allow-rejections", o->allow_rejections, "Exit 0 even when events were rejected");
  cmd->add_option("--max-clock-step", o->max_clock_step,
                  "How far one input may move the clock (default: the policy's limits.max_clock_step; 0: no bound, for long histories)")
      ->type_name("DURATION");
  cmd->add_option("--journal", o->journal_path, "Record everything in this journal, a file or postgresql://…#partition (recovered first when it exists)")
      ->type_name("FILE");
  cmd->add_option("--segment-bytes", o->segment_bytes,
                  "With --journal: seal the journal's file as a segment once it holds this many bytes (0, the default: never; "
                  "docs/journal.md \"Segments\")")
      ->type_name("BYTES");
  cmd->add_option("--snapshot-every", o->snapshot_every, "With --journal: take a snapshot every this many inputs (0, the default: never)")
      ->type_name("N");
  cmd->callback([o, &status] { status = run_replay(*o); });
}

}  // namespace muster::cli
