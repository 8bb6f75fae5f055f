// A journal partition in PostgreSQL: schema, records read back as lines, scan_pg_journal.
#include "journal/pg_partition.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

MUSTER_BEGIN_NAMESPACE
namespace detail {

bool ensure_pg_schema(pg_connection& c, std::string& err) {
  // CREATE TABLE IF NOT EXISTS is not safe against a concurrent twin (both may pass the check):
  // the transaction-level lock makes first openers of one database take turns.
  static const char* const steps[] = {
      "BEGIN",
      "SELECT pg_advisory_xact_lock(1836413811, 0)",
      "CREATE TABLE IF NOT EXISTS muster_journal_partitions ("
      " id serial UNIQUE, name text PRIMARY KEY, epoch bigint NOT NULL DEFAULT 0, header text)",
      "CREATE TABLE IF NOT EXISTS muster_journal_records ("
      " partition text NOT NULL, seq bigint NOT NULL, line text NOT NULL, PRIMARY KEY (partition, seq))",
      // Added with snapshots of partitions: a database made before gets it at its next open.
      "CREATE TABLE IF NOT EXISTS muster_journal_snapshots ("
      " partition text NOT NULL, seq bigint NOT NULL, bytes bytea NOT NULL, PRIMARY KEY (partition, seq))",
      "COMMIT",
  };
  for (const char* sql : steps) {
    if (c.run(sql, {}, err) != pg_outcome::ok) {
      std::string ignored;
      c.run("ROLLBACK", {}, ignored);
      err = "creating the journal tables: " + err;
      return false;
    }
  }
  return true;
}

pg_record_source::pg_record_source(pg_connection& c, std::string partition, std::string display)
    : c_(c), partition_(std::move(partition)), display_(std::move(display)) {}

long pg_record_source::read_some(char* buf, std::size_t n, std::string& err) {
  if (at_ == buf_.size() && !end_) {
    buf_.clear();
    at_ = 0;
    pg_rows page;
    constexpr int page_records = 8192;
    if (c_.run("SELECT seq, line FROM muster_journal_records WHERE partition = $1 AND seq >= $2 ORDER BY seq LIMIT 8192",
               {partition_, std::to_string(next_seq_)}, err, &page) != pg_outcome::ok) {
      err = display_ + ": reading records from " + std::to_string(next_seq_) + ": " + err;
      return -1;
    }
    for (const auto& row : page.rows) {
      // Gaps and disorder are left to the verifier, which names the record that is missing.
      buf_ += row[1];
      buf_ += '\n';
      next_seq_ = std::stoull(row[0]) + 1;
    }
    end_ = page.rows.size() < static_cast<std::size_t>(page_records);
  }
  const std::size_t k = std::min(n, buf_.size() - at_);
  std::memcpy(buf, buf_.data() + at_, k);
  at_ += k;
  return static_cast<long>(k);
}

bool pg_record_source::size(std::uint64_t& out, std::string& err) const {
  // From where reading started: the records before a resumed scan's are not read (nor summed).
  pg_rows r;
  if (c_.run("SELECT coalesce(sum(octet_length(line) + 1), 0) FROM muster_journal_records WHERE partition = $1 AND seq >= $2",
             {partition_, std::to_string(first_seq_)}, err, &r) != pg_outcome::ok)
    return false;
  out = first_offset_ + std::stoull(r.rows.at(0).at(0));
  return true;
}

bool pg_record_source::resume_at(std::uint64_t offset, std::uint64_t seq, std::uint64_t& at, std::string&) {
  at = offset;
  buf_.clear();
  at_ = 0;
  end_ = false;
  next_seq_ = first_seq_ = seq;
  first_offset_ = offset;
  return true;
}

journal_scan scan_pg_journal(const std::string& location, const journal_visitor& visit,
                             const std::optional<journal_head>& expect) {
  journal_scan scan;
  pg_location loc;
  pg_connection c;
  std::string err;
  if (!parse_pg_location(location, loc, err)) {
    scan.error = journal_error(status_code::journal_location, err, location);
    return scan;
  }
  if (!c.connect(loc.conninfo, err)) {
    scan.error = journal_error(status_code::io_error, loc.display + ": " + err, loc.display);
    return scan;
  }
  // One snapshot: a writer appending meanwhile (or rewinding) does not change what is read.
  pg_rows tables, found;
  if (c.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", {}, err) != pg_outcome::ok ||
      c.run("SELECT to_regclass('muster_journal_records') IS NOT NULL", {}, err, &tables) != pg_outcome::ok ||
      (tables.rows.at(0).at(0) == "t" &&
       c.run("SELECT 1 FROM muster_journal_records WHERE partition = $1 AND seq = 0", {loc.partition}, err, &found) !=
           pg_outcome::ok)) {
    scan.error = journal_error(status_code::io_error, loc.display + ": " + err, loc.display);
    return scan;
  }
  if (found.rows.empty()) {
    scan.error = journal_error(status_code::journal_missing,
                               loc.display + ": journal-missing: partition '" + loc.partition + "' holds no journal in this database",
                               loc.display);
    return scan;
  }
  pg_record_source src(c, loc.partition, loc.display);
  scan_records(src, visit, expect, scan);
  c.run("COMMIT", {}, err);
  return scan;
}

bool is_pg_location(std::string_view location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

}  // namespace detail
MUSTER_END_NAMESPACE
