// Checking a snapshot against its journal before it is loaded (snapshot_check.hpp).
#include "session/snapshot_check.hpp"

#include "common/digest.hpp"
#include "journal/file.hpp"
#include "journal/record.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

/// The bytes that end the record before the snapshot's: `"<64 hex>"}` and a newline.
constexpr std::size_t tail_of_previous = 68;

std::string short_digest(const std::string& d) { return d.substr(0, 12); }

/// Up to `n` bytes of `f` from `offset` (fewer at its end).
bool read_at(journal_file& f, std::uint64_t offset, std::size_t n, std::string& out, std::string& err) {
  if (!f.seek(offset, err)) return false;
  out.assign(n, '\0');
  std::size_t have = 0;
  while (have < n) {
    const long got = f.read_some(out.data() + have, n - have, err);
    if (got < 0) return false;
    if (got == 0) break;
    have += static_cast<std::size_t>(got);
  }
  out.resize(have);
  return true;
}

/// The line of `f` starting at `offset`, without its newline; false when there is no whole line
/// there (a snapshot's record is a few hundred bytes, a header less; at most 1 MiB is read).
bool read_line_at(journal_file& f, std::uint64_t offset, std::string& line, std::string& err) {
  for (std::size_t n = 4096; n <= (1U << 20); n *= 4) {
    if (!read_at(f, offset, n, line, err)) return false;
    const std::size_t nl = line.find('\n');
    if (nl != std::string::npos) {
      line.resize(nl);
      return true;
    }
    if (line.size() < n) break;  // the end of the file, and no newline
  }
  err = "no whole line at byte " + std::to_string(offset);
  return false;
}

}  // namespace

bool check_snapshot(const snapshot_expectation& want, std::uint64_t seq, const std::string& path, checked_snapshot& out,
                    std::string& why) {
  std::string err;
  if (!out.file.open(path, err)) return why = err, false;
  const std::string_view bytes = out.file.bytes();
  snapshot_meta& meta = out.meta;
  if (!read_snapshot_meta(bytes, out.state, meta, why)) return false;
  if (meta.seq != seq) return why = "its name says record " + std::to_string(seq) + ", its contents record " + std::to_string(meta.seq), false;
  if (meta.policy_digest != want.policy_digest) return why = "taken under another policy (" + short_digest(meta.policy_digest) + "…)", false;
  if (meta.rules_digest != want.rules_digest) return why = "written by a build that compiles this policy into other rule positions", false;
  if (want.expected_head && want.expected_head->seq < seq)
    return why = "the host's last durable head, record " + std::to_string(want.expected_head->seq) +
                 ", comes before it and can only be checked by reading from the start",
           false;
  // The journal's header, and the snapshot's record where the snapshot says it is, chained to
  // the record before it as the file holds it.
  journal_file jf;
  if (!jf.open_read(want.journal, err)) return why = err, false;
  std::string head, around;
  if (!read_line_at(jf, 0, head, err)) return why = "the journal's header cannot be read: " + err, false;
  parsed_record h;
  if (!parse_record(head, zero_hash, h, err) || h.seq != 0 || h.type != "header") return why = "the journal's header does not verify", false;
  result<journal_header> header = parse_journal_header(h.body);
  if (!header || header->policy_digest != want.policy_digest) return why = "the journal's header does not match", false;
  const std::string missing = "the journal has no record " + std::to_string(seq) + " at byte " + std::to_string(meta.offset) + " (cut short?)";
  if (meta.offset < tail_of_previous) return why = "it says its record is at byte " + std::to_string(meta.offset), false;
  if (!read_at(jf, meta.offset - tail_of_previous, tail_of_previous, around, err) || around.size() < tail_of_previous)
    return why = missing, false;
  const std::string_view before(around);
  if (before.substr(0, 1) != "\"" || before.substr(65, 3) != "\"}\n" || before.substr(1, 64) != meta.prev)
    return why = "record " + std::to_string(seq - 1) + " of the journal is not the one it follows", false;
  if (!read_line_at(jf, meta.offset, around, err)) return why = missing + ": " + err, false;
  parsed_record rec;
  if (!parse_record(around, meta.prev, rec, err) || rec.seq != seq || rec.type != "snapshot")
    return why = "record " + std::to_string(seq) + " of the journal is not its snapshot record", false;
  snapshot_record said;
  if (!parse_snapshot_record(rec.body, said, err)) return why = err, false;
  if (said.sha256 != sha256_hex(bytes) || said.bytes != bytes.size())
    return why = "its bytes are not those its journal record hashed (damaged or replaced)", false;
  if (said.state != meta.state_digest) return why = "its state is not the one its journal record names", false;
  out.resume = scan_resume{meta.offset + around.size() + 1, seq + 1, std::string(rec.hash), std::move(*header)};
  return true;
}

}  // namespace detail
MUSTER_END_NAMESPACE
