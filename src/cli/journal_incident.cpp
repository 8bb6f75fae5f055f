// A journal read as an incident: its inputs, in order, for `muster replay` and `muster diff`.
// What the host sent is in the event records (the line as sent, or its canonical form) and the
// advance records (the time); the outcome records are the engine's answers, which replaying
// computes again. Malformed inputs changed nothing and are skipped (and counted).
#include "cli/timeline.hpp"

#include "journal/segments.hpp"
#include "journal/journal_store.hpp"

#include <muster/journal.hpp>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace muster::cli {
namespace {

constexpr std::string_view header_start = "{\"seq\":0,\"type\":\"header\",";
constexpr std::string_view event_member = "\"event\":";
constexpr std::string_view advance_member = "\"advance\":";

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

bool is_journal_file(const std::string& path) {
  if (muster::detail::is_pg_location(path)) return true;  // a partition holds journals only
  std::ifstream in(path, std::ios::binary);
  std::string start(200, '\0');
  in.read(start.data(), static_cast<std::streamsize>(start.size()));
  start.resize(static_cast<std::size_t>(in.gcount()));
  // A journal's header, or the segment record a compacted journal starts with.
  std::uint64_t seq = 0;
  std::string prev;
  return starts_with(start, header_start) || muster::detail::peek_segment_record(start, seq, prev);
}

bool read_journal_incident(const std::string& path, std::vector<incident_input>& out, std::size_t& skipped, std::string& err) {
  out.clear();
  skipped = 0;
  const journal_scan scan = scan_journal(path, [&](const journal_record& r) {
    const std::size_t line = static_cast<std::size_t>(r.seq) + 1;
    if (r.type == "event" && starts_with(r.body, event_member)) {
      out.push_back({line, std::string(r.body.substr(event_member.size())), false});
    } else if (r.type == "event" && starts_with(r.body, advance_member)) {
      // A few dozen bytes when the journal wrote it: a larger one is not parsed (a hostile record
      // of nested brackets would take gigabytes).
      constexpr std::size_t max_advance_bytes = 256;
      const std::string_view body = r.body.substr(advance_member.size());
      const nlohmann::json a = body.size() <= max_advance_bytes ? nlohmann::json::parse(body, nullptr, false) : nlohmann::json();
      if (!a.is_object() || !a.contains("unix") || !a["unix"].is_number_integer()) {
        return status(status_code::journal_damaged, fmt::format("record {}: a clock advance without its \"unix\" time", r.seq));
      }
      // The time as the codec wrote it (RFC 3339, in the policy's zone) reads better in a
      // timeline; the seconds are what replay reads when it is not there.
      const bool written = a.contains("at") && a["at"].is_string();
      out.push_back({line, written ? a["at"].get<std::string>() : std::to_string(a["unix"].get<std::int64_t>()), true});
    } else if (r.type == "event") {
      return status(status_code::journal_damaged,
                    fmt::format("record {}: an event record with neither \"event\" nor \"advance\"", r.seq));
    } else if (r.type == "rejection" && starts_with(r.body, "\"malformed\":")) {
      ++skipped;
    }
    return status();
  });
  if (!scan.ok()) {
    err = scan.error.message();
    return false;
  }
  if (scan.first_seq > 0) {
    err = fmt::format("{}: journal-missing: records 0..{} were archived by muster compact: the incident's inputs before them "
                      "are in the archived segments; put them back beside the journal to replay it",
                      path, scan.first_seq - 1);
    return false;
  }
  return true;
}

}  // namespace muster::cli
