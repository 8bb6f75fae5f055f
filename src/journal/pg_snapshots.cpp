// Snapshots of a PostgreSQL partition (snapshot_store.hpp, docs/journal.md "PostgreSQL"): rows
// of muster_journal_snapshots (partition, seq, bytes), beside the partition's records.
//
// Written only by the partition's writer, and only while its fencing epoch is the partition's:
// the write's transaction reads the epoch FOR SHARE first, as a commit does (pg_store.cpp), so a
// stale writer — one another opener has fenced — writes no row, and an open and a snapshot's
// write are ordered. A row is committed synchronously before the `snapshot` record that names it
// is staged; a row no record names (a crash in between, a record refused) is never used.
//
// On a connection of its own: the writer's may be busy on the store's thread (batch, none).
#include "journal/snapshot_store.hpp"

#include "journal/journal_store.hpp"
#include "journal/pg_connection.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

/// A row's bytes, copied out of the result.
class row_bytes final : public snapshot_bytes {
 public:
  explicit row_bytes(std::string b) : bytes_(std::move(b)) {}
  std::string_view bytes() const override { return bytes_; }

 private:
  std::string bytes_;
};

class pg_snapshots final : public snapshot_store {
 public:
  pg_snapshots(const std::string& location, std::int64_t epoch) : epoch_(epoch) {
    loc_ok_ = parse_pg_location(location, loc_, loc_error_);
    if (!loc_ok_) loc_.display = location;
  }

  std::string name(std::uint64_t seq) const override { return "snapshot-" + snapshot_seq_text(seq); }
  std::string where(std::uint64_t seq) const override { return "partition '" + loc_.partition + "' " + name(seq); }

  std::vector<std::uint64_t> list() override {
    std::vector<std::uint64_t> seqs;
    std::string err;
    pg_rows r;
    // No table yet (a database no version with snapshots opened): no snapshots.
    if (!connected(err) ||
        c_.run("SELECT to_regclass('muster_journal_snapshots') IS NOT NULL", {}, err, &r) != pg_outcome::ok ||
        r.rows.at(0).at(0) != "t" ||
        c_.run("SELECT seq FROM muster_journal_snapshots WHERE partition = $1 ORDER BY seq DESC", {loc_.partition}, err, &r) !=
            pg_outcome::ok)
      return seqs;
    for (const auto& row : r.rows) seqs.push_back(std::stoull(row.at(0)));
    return seqs;
  }

  bool read(std::uint64_t seq, std::unique_ptr<snapshot_bytes>& out, std::string& err) override {
    std::string bytes;
    bool found = false;
    if (!connected(err) ||
        c_.fetch_bytes("SELECT bytes FROM muster_journal_snapshots WHERE partition = $1 AND seq = $2",
                       {loc_.partition, std::to_string(seq)}, bytes, found, err) != pg_outcome::ok)
      return err = "cannot be read: " + err, false;
    if (!found) return err = "no longer there (removed by its writer)", false;
    out = std::make_unique<row_bytes>(std::move(bytes));
    return true;
  }

  status write(std::uint64_t seq, std::string_view bytes) override {
    if (epoch_ == 0) return failure(status_code::invalid_argument, "snapshots of a partition are written by its writer only");
    std::string err;
    if (!connected(err)) return failure(status_code::io_error, name(seq) + " not written: " + err);
    pg_rows r;
    pg_outcome o = c_.run("BEGIN", {}, err);
    if (o == pg_outcome::ok) o = c_.run("SELECT epoch FROM muster_journal_partitions WHERE name = $1 FOR SHARE", {loc_.partition}, err, &r);
    if (o == pg_outcome::ok && (r.rows.empty() || r.rows[0][0] != std::to_string(epoch_))) {
      rollback();
      return failure(status_code::journal_fenced,
                     "journal-fenced: partition '" + loc_.partition + "' was opened by another writer since (epoch " +
                         (r.rows.empty() ? std::string("gone") : r.rows[0][0]) + ", this writer's " + std::to_string(epoch_) +
                         "): this writer is stale and may not write " + name(seq));
    }
    // Durable before the record that names it is staged, whatever the writer's own mode.
    if (o == pg_outcome::ok) o = c_.run("SET LOCAL synchronous_commit = on", {}, err);
    if (o == pg_outcome::ok)
      o = c_.run_with_bytes("INSERT INTO muster_journal_snapshots (partition, seq, bytes) VALUES ($1, $2, $3) "
                            "ON CONFLICT (partition, seq) DO UPDATE SET bytes = EXCLUDED.bytes",
                            {loc_.partition, std::to_string(seq)}, bytes, err);
    if (o == pg_outcome::ok) o = c_.run("COMMIT", {}, err);
    if (o == pg_outcome::ok) return {};
    if (o == pg_outcome::lost)  // perhaps committed: a row no record names, never used
      return failure(status_code::io_error, name(seq) + ": the connection was lost writing it: " + err);
    const bool full = c_.sqlstate() == "53100";  // disk_full (read before ROLLBACK clears it)
    rollback();
    return failure(full ? status_code::no_space : status_code::io_error, name(seq) + " not written: " + err);
  }

  void remove(std::uint64_t seq) override {
    std::string err;
    if (epoch_ == 0 || !connected(err)) return;
    c_.run("DELETE FROM muster_journal_snapshots WHERE partition = $1 AND seq = $2 AND EXISTS "
           "(SELECT 1 FROM muster_journal_partitions WHERE name = $1 AND epoch = $3)",
           {loc_.partition, std::to_string(seq), std::to_string(epoch_)}, err);
  }

  bool journal_header(std::string& line, std::string& err) override {
    pg_rows r;
    if (!connected(err) || c_.run("SELECT line FROM muster_journal_records WHERE partition = $1 AND seq = 0",
                                  {loc_.partition}, err, &r) != pg_outcome::ok)
      return false;
    if (r.rows.empty()) return err = "partition '" + loc_.partition + "' has no record 0", false;
    line = std::move(r.rows[0][0]);
    return true;
  }

  /// Found by seq: a partition's records have no bytes offsets of their own (the one a file
  /// would hold is counted from the lines as they are read).
  bool journal_record(std::uint64_t, std::uint64_t seq, std::string& before, std::string& line, std::string& err) override {
    pg_rows r;
    if (seq == 0) return err = "record 0 is the header", false;
    if (!connected(err) ||
        c_.run("SELECT seq, line FROM muster_journal_records WHERE partition = $1 AND seq IN ($2, $3) ORDER BY seq",
               {loc_.partition, std::to_string(seq - 1), std::to_string(seq)}, err, &r) != pg_outcome::ok)
      return false;
    if (r.rows.size() != 2) return err = "partition '" + loc_.partition + "' holds " + std::to_string(r.rows.size()) + " of records " +
                                         std::to_string(seq - 1) + " and " + std::to_string(seq),
                                  false;
    const std::string& previous = r.rows[0][1];
    constexpr std::size_t tail = 67;  // `"<64 hex>"}`; the newline a file would hold follows
    before = previous.size() < tail ? previous : previous.substr(previous.size() - tail);
    before += '\n';
    line = std::move(r.rows[1][1]);
    return true;
  }

 private:
  bool connected(std::string& err) {
    if (!c_.broken()) return true;
    if (!loc_ok_) return err = loc_error_, false;
    return c_.connect(loc_.conninfo, err);
  }
  void rollback() {
    std::string ignored;
    c_.run("ROLLBACK", {}, ignored);
  }
  status failure(status_code code, const std::string& why) const {
    return status(code, loc_.display + ": " + why, status_location{loc_.display, {}, 0, 0});
  }

  pg_location loc_;
  bool loc_ok_ = false;
  std::string loc_error_;  ///< why the location names no partition
  std::int64_t epoch_;
  pg_connection c_;
};

}  // namespace

std::unique_ptr<snapshot_store> pg_snapshot_store(const std::string& location, std::int64_t epoch) {
  return std::make_unique<pg_snapshots>(location, epoch);
}

}  // namespace detail
MUSTER_END_NAMESPACE
