// Fuzz target: journal recovery. The input's bytes become a journal file, which is read the
// three ways a host can: scan_journal (verify only), replay_journal (muster verify: verify and
// replay without changing it) and session::open (recover: cut a torn tail, restore, replay),
// with the reference rules. Any outcome but a crash, a leak or a hang is fine.
//
// Random bytes almost never carry a valid hash chain, so the first byte picks a mode: odd
// (e.g. '1') re-hashes every line's `hash` (docs/journal.md) before the file is written, so
// the fuzzer reaches the header, the records and the replay behind the chain; even (e.g. '0')
// keeps the bytes as they are, to fuzz the chain check itself.
#include "fuzz_support.hpp"

#include "common/digest.hpp"
#include "journal/segments.hpp"

#include <muster/journal.hpp>
#include <muster/session.hpp>

#include <filesystem>
#include <string>

namespace {

using namespace muster;

constexpr std::string_view hash_key = ",\"hash\":\"";

/// Each line's hash recomputed as the journal computes it (chained from 64 zeros, or from the
/// hash a first `segment` record says it follows: a compacted journal's start); a line without
/// a hash member, and a last line without a newline (torn), are kept as they are.
std::string rechain(std::string_view bytes) {
  std::string out;
  std::string prev(64, '0');
  std::uint64_t first = 0;
  if (std::string stated; detail::peek_segment_record(bytes.substr(0, bytes.find('\n')), first, stated)) prev = stated;
  while (!bytes.empty()) {
    const std::size_t end = bytes.find('\n');
    if (end == std::string_view::npos) {
      out += bytes;
      break;
    }
    const std::string_view line = bytes.substr(0, end);
    bytes.remove_prefix(end + 1);
    const std::size_t at = line.rfind(hash_key);
    if (at == std::string_view::npos) {
      out.append(line).push_back('\n');
      continue;
    }
    const std::string_view covered = line.substr(0, at);
    prev = detail::sha256_hex(prev + std::string(covered));
    out.append(covered).append(hash_key).append(prev).append("\"}\n");
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(fuzz::scratch_dir()) / "journal";
  fs::create_directories(dir);
  const std::string path = (dir / "fuzz.journal").string();
  const std::string_view bytes = fuzz::as_text(data + 1, size - 1);
  fuzz::write_file(path, (data[0] & 1) ? rechain(bytes) : std::string(bytes));

  (void)scan_journal(path, [](const journal_record&) { return status(); });

  session_options options;
  options.journal_path = path;
  options.mode = durability::none;  // no fsync per run; recovery reads and cuts the same either way
  recovery_report report;
  (void)replay_journal(fuzz::reference_policy(), fuzz::reference_forces(), options, report);

  if (auto s = session::open(fuzz::reference_policy(), fuzz::reference_forces(), options))
    (void)(*s)->recovery().summary();

  fs::remove_all(dir);  // open() may have created a new journal or left its temporary file
  return 0;
}
