// Internal: a journal file in segments (docs/journal.md "Segments"). Once the journal's file
// holds session_options::segment_bytes, it is sealed at the end of an input — kept whole under
// the name `<journal>.segment-<its first seq, 20 digits>` — and the journal's file starts again
// with a `segment` record:
//
//   {"seq":N,"type":"segment","prev":"<hash of record N-1>","format":…,"engine":…,"policy":…,"registry":…,"hash":…}
//
// chained to the last record sealed, like any record, and naming that record's hash and the
// journal's header so the file can be read on its own once `muster compact` has archived the
// segments before it. Read in order — sealed segments, lowest first, then the journal's file —
// the records are exactly those one file would hold; a record's offset is its byte in its file.
#pragma once

#include "journal/file.hpp"
#include "journal/journal_store.hpp"

#include <muster/journal.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

using numbered_files = std::vector<std::pair<std::uint64_t, std::string>>;

std::string segment_path(const std::string& journal, std::uint64_t first_seq);
/// The sealed segments beside `journal`, lowest first. A name that is the journal's own file
/// (a rotation that a crash cut short: see settle_rotation) is left out.
numbered_files list_segments(const std::string& journal);

/// The body of a `segment` record: the hash it follows, then the journal's header.
std::string segment_body(std::string_view prev, const journal_header& h);
/// False with `what` when `body` is not a segment record's.
bool parse_segment_body(std::string_view body, std::string& prev, journal_header& h, std::string& what);
/// The seq and the stated previous hash of a line that starts like a `segment` record (not yet
/// verified): how a journal whose first segments were archived is entered.
bool peek_segment_record(std::string_view line, std::uint64_t& seq, std::string& prev);

/// A rotation interrupted by a crash after the journal's file got its sealed name and before
/// the new file replaced it leaves both names on one file: the sealed name goes (the journal
/// goes on in that file). False with `err` when it cannot be removed.
bool settle_rotation(const std::string& journal, std::string& err);

/// Seals the journal's file `active` (synced, ending with record next_seq - 1, whose hash is
/// `prev`) as segment `first_seq`, and replaces it with a file holding only the `segment`
/// record next_seq. `rotated` says whether the new file took the journal's name: then `active`
/// is the new file, `prev` its record's hash and `bytes` its size — also on a failure after the
/// rename (the directory did not sync: the rotation is not durable, the journal must stop).
/// A failure before it leaves the journal as it was.
status rotate_segment(journal_file& active, std::uint64_t first_seq, std::uint64_t next_seq, std::string& prev,
                      const journal_header& header, std::uint64_t& bytes, bool& rotated);

/// The files of a journal read as one: its sealed segments, then its own file.
class segment_chain final : public record_source {
 public:
  /// `active`: the journal's own file, open (by the caller, who keeps it); its first record's
  /// seq is read from it.
  segment_chain(numbered_files sealed, journal_file& active);
  long read_some(char* buf, std::size_t n, std::string& err) override;
  bool size(std::uint64_t& out, std::string& err) const override;
  const std::string& path() const override;
  bool resume_at(std::uint64_t offset, std::uint64_t seq, std::uint64_t& at, std::string& err) override;
  int next_segment(std::string& err) override;
  std::uint64_t segment_first_seq() const override;

 private:
  bool open_current(std::string& err);
  journal_file& file() const { return current_ < sealed_.size() ? *sealed_file_ : active_; }

  numbered_files sealed_;
  journal_file& active_;
  std::uint64_t active_first_ = 0;
  std::size_t current_ = 0;  ///< index into sealed_; sealed_.size(): the active file
  std::unique_ptr<journal_file> sealed_file_;
};

/// The file of the journal at `journal` that holds record `seq` (a sealed segment, or the
/// journal's own file), and the first file there is (the one whose first line is the header,
/// or the segment record a compacted journal starts with).
std::string segment_holding(const std::string& journal, std::uint64_t seq);
/// The seq of the first record of the journal's own file (0: its header, or unreadable).
std::uint64_t own_file_first_seq(const std::string& journal);
std::string first_segment(const std::string& journal);

}  // namespace detail
MUSTER_END_NAMESPACE
