// `muster verify JOURNAL [POLICY --forces FILE] [--format text|json]`
//
// Reads a journal without changing it (journal.hpp scan_journal: no lock taken, no torn tail
// cut, nothing created) and checks every record's hash chain and shape, as opening it would.
// With a policy and registry, also checks the journal is pinned to them (the digests in its
// header), i.e. that `replay --journal` or an engine would open it with these rules. For
// auditors and operators: exit 0 when the journal would open, 1 when it would be refused.
#include "cli/commands.hpp"
#include "cli/timeline.hpp"

#include <muster/journal.hpp>

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
};

struct verdict {
  journal_scan scan;
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
  if (!s.ok) {  // damage is located ("<path>:<line>: journal-damaged: …"); an unreadable file is not
    const bool located = s.error.rfind(o.journal_path + ":", 0) == 0;
    fmt::print(stderr, "{}{}\n", located ? "" : "muster verify: ", s.error);
    return;
  }
  if (s.records == 0) {
    fmt::print("ok: {} — empty, no record yet (opening it writes the header){}\n", o.journal_path,
               s.torn_bytes > 0 ? fmt::format("; an unfinished header ({} bytes) would be dropped", s.torn_bytes) : "");
    return;
  }
  std::string counts;
  for (const auto& [type, n] : v.by_type) counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", n, type);
  const std::uint64_t records = s.records == 0 ? 0 : s.records - 1;
  fmt::print("{}: {} — {}, engine {}, {} records after the header{}; chain verified to sha256:{}\u2026; policy {}, registry {}\n",
             v.pin_error.empty() ? "ok" : "not these rules", o.journal_path, s.header.format, s.header.engine_version, records,
             counts.empty() ? "" : " (" + counts + ")", s.last_hash.substr(0, 16), short_digest(s.header.policy_digest),
             short_digest(s.header.registry_digest));
  if (s.torn_bytes > 0)
    fmt::print("{}: an unfinished last record ({} bytes) would be dropped on opening (a write the crash cut short)\n",
               o.journal_path, s.torn_bytes);
  if (!v.pin_error.empty()) fmt::print(stderr, "{}: {}\n", o.journal_path, v.pin_error);
}

void print_json(const verify_options& o, const verdict& v) {
  const journal_scan& s = v.scan;
  nlohmann::ordered_json j;
  j["ok"] = s.ok && v.pin_error.empty();
  j["file"] = o.journal_path;
  j["records"] = s.records;
  j["good_bytes"] = s.good_bytes;
  j["torn_bytes"] = s.torn_bytes;
  if (s.ok) {
    j["format"] = s.header.format;
    j["engine"] = s.header.engine_version;
    j["policy_digest"] = s.header.policy_digest;
    j["registry_digest"] = s.header.registry_digest;
    j["last_hash"] = s.last_hash;
    j["by_type"] = nlohmann::ordered_json::object();
    for (const auto& [type, n] : v.by_type) j["by_type"][type] = n;
  } else {
    j["error"] = {{"seq", s.error_seq}, {"offset", s.error_offset}, {"message", s.error}};
  }
  if (!v.pin_error.empty()) j["pinned"] = v.pin_error;
  fmt::print("{}\n", j.dump(2));
}

int run_verify(const verify_options& o) {
  if (o.policy_path.empty() != o.forces_path.empty()) {
    fmt::print(stderr, "muster verify: give both the policy and --forces FILE, or neither\n");
    return exit_usage;
  }
  std::optional<rules_pair> rules;
  if (!o.policy_path.empty()) {
    rules = load_rules(o.policy_path, o.forces_path);
    if (!rules) return exit_invalid_input;
  }
  verdict v;
  v.scan = scan_journal(o.journal_path, [&](const journal_record& r, std::string&) {
    if (r.seq > 0) ++v.by_type[std::string(r.type)];
    return true;
  });
  if (v.scan.ok && v.scan.records > 0 && rules) v.pin_error = check_pin(v.scan.header, *rules, o);
  if (o.format == "json") print_json(o, v);
  else print_text(o, v);
  return v.scan.ok && v.pin_error.empty() ? exit_ok : exit_invalid_input;
}

}  // namespace

void register_verify(CLI::App& app, int& status) {
  auto o = std::make_shared<verify_options>();  // outlives this function: the callback runs during parse
  CLI::App* cmd = app.add_subcommand(
      "verify", "Check a journal's hash chain without changing it, and (with a policy) that it is pinned to those rules");
  cmd->add_option("JOURNAL", o->journal_path, "The journal file (JSON Lines, muster-journal/2)")->type_name("FILE")->required();
  cmd->add_option("POLICY", o->policy_path, "The policy the journal should be pinned to (with --forces)")->type_name("FILE");
  cmd->add_option("--forces", o->forces_path, "The force registry the journal should be pinned to")->type_name("FILE");
  cmd->add_option("--format", o->format, "text (default) or json (one document on stdout)")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([o, &status] { status = run_verify(*o); });
}

}  // namespace muster::cli
