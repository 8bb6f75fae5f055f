// Checking a snapshot against its journal before it is loaded (snapshot_check.hpp).
#include "session/snapshot_check.hpp"

#include "journal/segments.hpp"

#include "common/digest.hpp"
#include "journal/record.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

std::string short_digest(const std::string& d) { return d.substr(0, 12); }

}  // namespace

bool check_snapshot(const snapshot_expectation& want, snapshot_store& snaps, std::uint64_t seq, checked_snapshot& out,
                    std::string& why) {
  std::string err;
  if (!snaps.read(seq, out.file, err)) return why = err, false;
  const std::string_view bytes = out.file->bytes();
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
  // the record before it as the journal holds it.
  std::string head, before, line;
  if (!snaps.journal_header(head, err)) return why = "the journal's header cannot be read: " + err, false;
  // A compacted journal starts at a segment record, which repeats the header (segments.hpp).
  parsed_record h;
  std::uint64_t first = 0;
  std::string follows(zero_hash), ignored;
  if (peek_segment_record(head, first, follows) && first == 0) follows = zero_hash;
  if (!parse_record(head, follows, h, err) || h.seq != first || h.type != (first == 0 ? "header" : "segment"))
    return why = "the journal's header does not verify", false;
  result<journal_header> header = first == 0 ? parse_journal_header(h.body) : result<journal_header>(journal_header{});
  if (first > 0 && !parse_segment_body(h.body, ignored, *header, err)) return why = "the journal's first segment record does not verify", false;
  if (!header || header->policy_digest != want.policy_digest) return why = "the journal's header does not match", false;
  if (seq <= first && first > 0) return why = "it is in the segments archived before record " + std::to_string(first), false;
  if (seq == 0) return why = "it says its record is record 0, the header", false;
  if (!snaps.journal_record(meta.offset, seq, before, line, err))
    return why = "the journal has no record " + std::to_string(seq) + " at byte " + std::to_string(meta.offset) + " (cut short?): " + err,
           false;
  const std::string_view tail(before);
  if (tail.size() != 68 || tail.substr(0, 1) != "\"" || tail.substr(65, 3) != "\"}\n" || tail.substr(1, 64) != meta.prev)
    return why = "record " + std::to_string(seq - 1) + " of the journal is not the one it follows", false;
  parsed_record rec;
  if (!parse_record(line, meta.prev, rec, err) || rec.seq != seq || rec.type != "snapshot")
    return why = "record " + std::to_string(seq) + " of the journal is not its snapshot record", false;
  snapshot_record said;
  if (!parse_snapshot_record(rec.body, said, err)) return why = err, false;
  if (said.sha256 != sha256_hex(bytes) || said.bytes != bytes.size())
    return why = "its bytes are not those its journal record hashed (damaged or replaced)", false;
  if (said.state != meta.state_digest) return why = "its state is not the one its journal record names", false;
  out.resume = scan_resume{meta.offset + line.size() + 1, seq + 1, std::string(rec.hash), std::move(*header)};
  return true;
}

}  // namespace detail
MUSTER_END_NAMESPACE
