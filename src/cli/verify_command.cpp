// `muster verify JOURNAL [POLICY --forces FILE] [--expect-seq N --expect-hash H] [--format text|json]`
//
// Reads a journal without changing it (no lock taken, no torn tail cut, nothing created) and
// checks every record's hash chain and shape, as opening it would. With a policy and registry,
// also checks the journal is pinned to them and replays it against its recorded outcomes
// (session.hpp replay_journal), so exit 0 means an engine would open it with these rules. With
// the host's last durable head, a journal shorter than it, or another one, is refused. For
// auditors and operators: exit 0 when the journal would open, 1 when it would be refused.
#include "cli/commands.hpp"
#include "cli/timeline.hpp"

#include <muster/journal.hpp>
#include <muster/session.hpp>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>
#include <memory>
#include <string>

namespace muster::cli {
namespace {

struct verify_options {
  std::string journal_path, policy_path, forces_path, format = "text";
  std::optional<std::uint64_t> expect_seq;
  std::string expect_hash;
};

struct verdict {
  journal_scan scan;
  bool replayed = false;                         ///< the events were replayed against the rules given
  std::map<std::string, std::uint64_t> by_type;  ///< records per type, header excluded (ordered: stable output)
  std::string pin_error;                         ///< set when the rules given are not the journal's
};

/// "journal-pinned: …" when `rules` are not the ones the journal's header names.
std::string check_pin(const journal_header& h, const rules_pair& rules, const verify_options& o) {
  if (h.policy_digest != rules.pol->digest)
    return fmt::format("journal-pinned: the journal was written under policy {}, not {} ({})", short_digest(h.policy_digest),
                       o.policy_path, short_digest(rules.pol->digest));
  if (h.registry_digest != rules.forces->digest)
    return fmt::format("journal-pinned: the journal was written with force registry {}, not {} ({})",
                       short_digest(h.registry_digest), o.forces_path, short_digest(rules.forces->digest));
  return {};
}

void print_text(const verify_options& o, const verdict& v) {
  const journal_scan& s = v.scan;
  if (!s.ok()) {  // a verdict names the journal ("<path>:<line>: journal-damaged: …"); an unreadable one is named here
    fmt::print(stderr, "{}{}\n", journal_verdict(s.error) ? "" : "muster verify: ", s.error.message());
    return;
  }
  std::string counts;
  for (const auto& [type, n] : v.by_type) counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", n, type);
  // Records read: after the header, or from the segment record a compacted journal starts at.
  const std::uint64_t records = s.records == 0 ? 0 : s.records - s.first_seq - (s.first_seq == 0 ? 1 : 0);
  const std::string from = s.first_seq == 0 ? "after the header" : fmt::format("from record {}", s.first_seq);
  fmt::print("{}: {} — {}, engine {}, {} records {}{}; chain verified to sha256:{}\u2026; policy {}, registry {}\n",
             v.pin_error.empty() ? "ok" : "not these rules", o.journal_path, s.header.format, s.header.engine_version, records, from,
             counts.empty() ? "" : " (" + counts + ")", s.last_hash.substr(0, 16), short_digest(s.header.policy_digest),
             short_digest(s.header.registry_digest));
  if (s.segments > 1) fmt::print("{}: read from {} files: sealed segments, then the journal's own\n", o.journal_path, s.segments);
  if (s.first_seq > 0)
    fmt::print("{}: records 0..{} were archived (muster compact): the chain is verified from record {}, the segment record "
               "that names the hash it follows\n",
               o.journal_path, s.first_seq - 1, s.first_seq);
  if (v.replayed) fmt::print("{}: replayed: every event gives its recorded outcome under these rules\n", o.journal_path);
  if (o.expect_seq) fmt::print("{}: holds the expected head, record {}\n", o.journal_path, *o.expect_seq);
  if (s.torn_hole)
    fmt::print("{}: the records from a hole of zeros on ({} bytes, past the expected head) would be dropped on opening "
               "(writes a power cut left in part)\n", o.journal_path, s.torn_bytes);
  else if (s.torn_bytes > 0)
    fmt::print("{}: an unfinished last record ({} bytes) would be dropped on opening (a write the crash cut short)\n",
               o.journal_path, s.torn_bytes);
  if (!v.pin_error.empty()) fmt::print(stderr, "{}: {}\n", o.journal_path, v.pin_error);
}

void print_json(const verify_options& o, const verdict& v) {
  const journal_scan& s = v.scan;
  nlohmann::ordered_json j;
  j["ok"] = s.ok() && v.pin_error.empty();
  j["file"] = o.journal_path;
  j["records"] = s.records;
  j["good_bytes"] = s.good_bytes;
  j["torn_bytes"] = s.torn_bytes;
  j["torn_hole"] = s.torn_hole;
  j["replayed"] = v.replayed;
  if (s.ok()) {
    j["format"] = s.header.format;
    j["engine"] = s.header.engine_version;
    j["policy_digest"] = s.header.policy_digest;
    j["registry_digest"] = s.header.registry_digest;
    j["last_hash"] = s.last_hash;
    j["first_seq"] = s.first_seq;
    j["segments"] = s.segments;
    j["by_type"] = nlohmann::ordered_json::object();
    for (const auto& [type, n] : v.by_type) j["by_type"][type] = n;
  } else {
    j["error"] = {{"seq", s.error_seq}, {"offset", s.error_offset}, {"message", s.error.message()}};
  }
  if (!v.pin_error.empty()) j["pinned"] = v.pin_error;
  fmt::print("{}\n", j.dump(2));
}

int run_verify(const verify_options& o) {
  if (o.policy_path.empty() != o.forces_path.empty()) {
    fmt::print(stderr, "muster verify: give both the policy and --forces FILE, or neither\n");
    return exit_usage;
  }
  if (o.expect_seq.has_value() != !o.expect_hash.empty()) {
    fmt::print(stderr, "muster verify: give both --expect-seq and --expect-hash (the host's last durable head), or neither\n");
    return exit_usage;
  }
  std::optional<journal_head> expect;
  if (o.expect_seq) expect = journal_head{*o.expect_seq, o.expect_hash};
  std::optional<rules_pair> rules;
  if (!o.policy_path.empty()) {
    rules = load_rules(o.policy_path, o.forces_path);
    if (!rules) return exit_invalid_input;
  }
  verdict v;
  v.scan = scan_journal(
      o.journal_path,
      [&](const journal_record& r) {
        if (r.type != "header") ++v.by_type[std::string(r.type)];
        return status();
      },
      expect);
  if (v.scan.ok() && rules) v.pin_error = check_pin(v.scan.header, *rules, o);
  if (v.scan.ok() && rules && v.pin_error.empty()) {
    // Opening replays every event against its recorded outcome: a well-chained forgery fails only there.
    session_options so;
    so.journal_path = o.journal_path;
    so.expected_head = expect;
    recovery_report report;
    const journal_scan replay = replay_journal(rules->pol, rules->forces, so, report);
    v.replayed = replay.ok();
    if (!replay.ok()) v.scan = replay;
  }
  if (o.format == "json") print_json(o, v);
  else print_text(o, v);
  return v.scan.ok() && v.pin_error.empty() ? exit_ok : exit_invalid_input;
}

}  // namespace

void register_verify(CLI::App& app, int& status) {
  auto o = std::make_shared<verify_options>();  // outlives this function: the callback runs during parse
  CLI::App* cmd = app.add_subcommand(
      "verify", "Check a journal's hash chain without changing it, and (with a policy) that it is pinned to those rules");
  cmd->add_option("JOURNAL", o->journal_path, "The journal: a file (JSON Lines, muster-journal/2) or a PostgreSQL partition, postgresql://…#partition")->type_name("JOURNAL")->required();
  cmd->add_option("POLICY", o->policy_path, "The policy the journal should be pinned to (with --forces)")->type_name("FILE");
  cmd->add_option("--forces", o->forces_path, "The force registry the journal should be pinned to")->type_name("FILE");
  cmd->add_option("--expect-seq", o->expect_seq, "The host's last durable head: its seq (with --expect-hash); a shorter journal is refused")
      ->type_name("SEQ");
  cmd->add_option("--expect-hash", o->expect_hash, "The host's last durable head: its hash (64 hex digits)")
      ->type_name("HASH")
      ->check([](const std::string& h) {
        return h.size() == 64 && h.find_first_not_of("0123456789abcdef") == std::string::npos
                   ? std::string()
                   : std::string("a head's hash is 64 lower-case hex digits");
      });
  cmd->add_option("--format", o->format,
                  "text (default; digests and hashes shortened to 16 hex digits) or json (one document on stdout, in full)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->callback([o, &status] { status = run_verify(*o); });
}

}  // namespace muster::cli
