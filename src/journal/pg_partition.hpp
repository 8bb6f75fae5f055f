// Internal: a journal partition in PostgreSQL — the schema (created when absent), reading its
// records back as the lines of a journal file (so scan_records verifies them exactly as it
// verifies a file), and scan_pg_journal. The writer is pg_store.cpp.
//
//   muster_journal_partitions (id, name, epoch, header)  one row per partition: its fencing
//                                                        epoch and record 0's line
//   muster_journal_records (partition, seq, line)         the records, keyed by (partition, seq)
//   muster_journal_snapshots (partition, seq, bytes)      snapshots, named by the seq of the
//                                                        `snapshot` record that hashes them
#pragma once

#include "journal/journal_store.hpp"
#include "journal/pg_connection.hpp"

#include <cstdint>
#include <string>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// The advisory lock class of journal partitions (pg_locks.classid; "must" in ASCII): the
/// object id is the partition's id.
inline constexpr std::int64_t pg_lock_class = 0x6d757374;

/// Creates the tables when they are absent (under a transaction-level advisory lock, so
/// that two first openers do not race). False with `err`.
bool ensure_pg_schema(pg_connection& c, std::string& err);

/// The records of one partition, read in pages by seq, each line followed by a newline: the
/// bytes a journal file of the same records holds.
class pg_record_source final : public record_source {
 public:
  pg_record_source(pg_connection& c, std::string partition, std::string display);
  long read_some(char* buf, std::size_t n, std::string& err) override;
  bool size(std::uint64_t& out, std::string& err) const override;
  const std::string& path() const override { return display_; }
  /// Reading goes on at record `seq` (found by seq; `offset` is where a file would hold it).
  bool resume_at(std::uint64_t offset, std::uint64_t seq, std::uint64_t& at, std::string& err) override;

 private:
  pg_connection& c_;
  std::string partition_;
  std::string display_;
  std::string buf_;
  std::size_t at_ = 0;
  std::uint64_t next_seq_ = 0;
  std::uint64_t first_seq_ = 0;     ///< where reading started (resume_at)
  std::uint64_t first_offset_ = 0;  ///< … and that record's offset
  bool end_ = false;
};

}  // namespace detail
MUSTER_END_NAMESPACE
