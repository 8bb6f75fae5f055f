// `muster compact JOURNAL POLICY --forces FILE [--to DIR] [--format text|json]`
//
// compact_journal (session.hpp) for operators: archives a journal's sealed segments that lie
// wholly before the snapshot it opens from into DIR (default `<journal>.archive`), and says what
// moved (docs/journal.md "Segments"). The journal must be closed (journal-locked otherwise).
#include "cli/commands.hpp"
#include "cli/timeline.hpp"

#include <muster/journal.hpp>
#include <muster/session.hpp>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>
#include <string>

namespace muster::cli {
namespace {

struct compact_options {
  std::string journal_path, policy_path, forces_path, archive_dir, format = "text";
};

int run_compact(compact_options o) {
  if (o.archive_dir.empty()) o.archive_dir = o.journal_path + ".archive";
  const std::optional<rules_pair> rules = load_rules(o.policy_path, o.forces_path);
  if (!rules) return exit_invalid_input;
  compact_report done;
  const status result = compact_journal(rules->pol, rules->forces, o.journal_path, o.archive_dir, done);
  if (o.format == "json") {
    nlohmann::ordered_json j;
    j["ok"] = result.ok();
    j["file"] = o.journal_path;
    if (!result.ok()) j["error"] = result.message();
    j["archive"] = o.archive_dir;
    j["snapshot_seq"] = done.snapshot_seq;
    j["first_seq"] = done.first_seq;
    j["archived"] = done.archived;
    j["archived_bytes"] = done.archived_bytes;
    fmt::print("{}\n", j.dump(2));
  } else if (!result.ok()) {
    fmt::print(stderr, "muster {}\n", result.message());
  } else if (done.archived.empty()) {
    fmt::print("{}: nothing to archive: no sealed segment lies wholly before the snapshot at record {}\n", o.journal_path,
               done.snapshot_seq);
  } else {
    fmt::print("{}: archived {} segment{} ({} bytes) to {}; the journal now starts at record {}, verifies from there, "
               "and opens from the snapshot at record {}\n",
               o.journal_path, done.archived.size(), done.archived.size() == 1 ? "" : "s", done.archived_bytes, o.archive_dir,
               done.first_seq, done.snapshot_seq);
  }
  return result.ok() ? exit_ok : exit_invalid_input;
}

}  // namespace

void register_compact(CLI::App& app, int& status) {
  auto o = std::make_shared<compact_options>();  // outlives this function: the callback runs during parse
  CLI::App* cmd = app.add_subcommand(
      "compact", "Archive a journal's sealed segments that lie before its newest usable snapshot (the journal must be closed)");
  cmd->add_option("JOURNAL", o->journal_path, "The journal file (written with segment_bytes set)")->type_name("JOURNAL")->required();
  cmd->add_option("POLICY", o->policy_path, "The policy the journal is pinned to (opening proves the snapshot loads)")
      ->type_name("FILE")
      ->required();
  cmd->add_option("--forces", o->forces_path, "The force registry the journal is pinned to")->type_name("FILE")->required();
  cmd->add_option("--to", o->archive_dir, "Where the archived segments go, on the journal's file system (default: JOURNAL.archive)")
      ->type_name("DIR");
  cmd->add_option("--format", o->format, "text (default) or json")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([o, &status] { status = run_compact(*o); });
}

}  // namespace muster::cli
