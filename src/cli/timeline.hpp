// Replaying recorded inputs through a session and showing what came out: shared by `replay`,
// `diff` and `test` (docs/replay.md).
//
//   auto rules = load_rules("rules/weihai.yaml", "rules/weihai-forces.yaml");   // diagnostics on stderr
//   auto player = incident_player::open(*rules, "", err);                       // in memory
//   for (const incident_input& in : inputs) {
//     played p;
//     if (!player->play(in, p)) die(p.error.render());
//     fmt::print("{}", render_timeline_entry(*rules, player->checker(), in, p));
//   }
//
// Outcomes are rendered from the session's typed outcome (session::last_outcome) with the
// names the codec writes into its JSON (effect_row_of), so what these commands show is what a
// host receives, without reading the session's own text back.
#pragma once

#include "cli/effect_row.hpp"

#include <muster/codec.hpp>
#include <muster/policy.hpp>
#include <muster/session.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace muster::cli {

/// Compiles both files as `validate` does. On failure prints the diagnostics on stderr and
/// returns nothing.
std::optional<rules_pair> load_rules(const std::string& policy_path, const std::string& forces_path);

/// One input of an incident file (JSON Lines) or of a scenario.
struct incident_input {
  std::size_t line = 0;       ///< 1-based line in its file (0: not from a file)
  std::string text;           ///< the event's JSON (advance: the time as written)
  bool advance = false;       ///< {"advance": "<time>"}: move the clock, fire due timers
};

/// Reads an incident file: one JSON event per line; blank lines and lines starting with `#`
/// are skipped; a line that is exactly an object `{"advance": T}` advances the clock (T: an
/// RFC 3339 time, seconds since 1970, or `+<duration>` after the latest time seen). A journal
/// (it starts with its header record) is read as one: its inputs (read_journal_incident), the
/// malformed ones it records counted in `*skipped` when given. False with `err` when the file
/// cannot be read (or the journal is damaged).
bool read_incident(const std::string& path, std::vector<incident_input>& out, std::string& err,
                   std::size_t* skipped = nullptr);

/// False, with `err` saying why, when `path` exists but is not a regular file: a FIFO blocks
/// until a writer comes and a device may never end. A missing path is the caller's to report.
bool regular_or_missing(const std::string& path, std::string& err);

/// Whether a journal's refusal is a verdict on its records — damaged, cut short, another
/// journal, written under other rules — whose message names the journal and record itself
/// ("<journal>:<line>: journal-damaged: …"), rather than a failure to read it at all (io_error,
/// a location that names no partition), which the command names. Told by the status's code,
/// not its text (a PostgreSQL journal's messages name it without its password).
bool journal_verdict(const status& s);

/// Whether `path` starts like a journal (its header record).
bool is_journal_file(const std::string& path);
/// A journal's inputs (journal_incident.cpp): each event record's event as the host sent it and
/// each clock advance, with the journal's line numbers; `skipped` counts the malformed inputs
/// it records (they changed nothing). The hash chain is verified; false with `err` naming the
/// damaged record. The policy the journal was written under is not required: replaying it
/// under another (muster diff) is the point.
bool read_journal_incident(const std::string& path, std::vector<incident_input>& out, std::size_t& skipped, std::string& err);

/// What playing one input gave.
struct played {
  bool decoded = false;         ///< false: the input is malformed (see `error`)
  status error;                 ///< malformed_input: where().line/column within the input's text
  owned_event event;            ///< the decoded event (not for advance)
  timestamp at = 0;             ///< the event's time, or the time advanced to
  std::string outcome_json;     ///< the session's answer, verbatim
  step_result result;
};

/// A session (in memory, or on a journal) fed one input at a time. A second codec decodes each
/// event first, to show it and to locate what is wrong with a malformed one.
class incident_player {
 public:
  /// `journal_path` empty: in memory. Nullptr with `err` (the session's status message) when the journal cannot be opened.
  /// `max_clock_step`: how far one input may move the clock (unset: the policy's; 0: no bound).
  /// `segment_bytes`, `snapshot_every`: the journal's (session_options).
  static std::unique_ptr<incident_player> open(const rules_pair& rules, const std::string& journal_path, std::string& err,
                                               std::optional<seconds_t> max_clock_step = std::nullopt,
                                               std::uint64_t segment_bytes = 0, std::uint64_t snapshot_every = 0);

  /// Feeds `in` to the session. Returns false when it is malformed: `out.error` says why, and
  /// the session has recorded it as a `malformed` rejection (as it does for any host).
  bool play(const incident_input& in, played& out);

  /// Takes a snapshot, closes the session and opens it again from the journal, which must start
  /// from that snapshot with nothing to replay (`muster test --resume-each-step`). False with
  /// `err` when any of it fails; the player is then unusable.
  bool resume_from_snapshot(std::string& err);

  const muster::session& session() const { return *session_; }
  muster::session& session() { return *session_; }
  const muster::codec& checker() const { return checker_; }
  const rules_pair& rules() const { return rules_; }
  /// The latest time an input carried (INT64_MIN before the first).
  timestamp latest() const { return latest_; }

 private:
  incident_player(rules_pair rules, std::unique_ptr<muster::session> s, muster::session_options options);
  rules_pair rules_;
  muster::session_options options_;
  std::unique_ptr<muster::session> session_;
  muster::codec checker_;
  timestamp latest_;
};

/// "2026-07-10 09:05" (seconds shown only when not zero), in the policy's time zone.
std::string local_time(const codec& c, timestamp t);

/// "e06 request.consent by weihai_transport at +42m" (without the id when `with_id` is false;
/// without "by" for an event with no actor), or "advance to +55m"; offsets count from `base`.
std::string input_label(const policy& p, bool advance, const owned_event& ev, timestamp at, timestamp base, bool with_id);

/// `file:line:col: path: message` for a malformed input (`file:line: …` when the column is unknown).
std::string located_error(const std::string& file, const incident_input& in, const status& e);

/// The text timeline of one input: time, event (kind, actor's name as written + id, its
/// fields), the verdict when refused, then each effect with its reasons, indented.
std::string render_timeline_entry(const rules_pair& rules, const codec& names, const incident_input& in, const played& p);

/// One effect in words (the timeline's effect line, without its reasons).
std::string describe_effect(const rules_pair& rules, const codec& names, const effect_row& e, timestamp event_at);

/// "because <rule> <file:line:col> [clauses]" lines, each starting with `indent`.
std::string render_reasons(const std::vector<cited_rule>& rules, std::string_view indent, std::string_view first_word);

}  // namespace muster::cli
