// Snapshots of a PostgreSQL journal (docs/journal.md "Snapshots", "PostgreSQL"): the state's
// bytes in a row of muster_journal_snapshots, hashed into the chain by the same `snapshot`
// record a file journal holds. Opening starts from the newest row that verifies and reads only
// the records after it; a damaged row is passed over, saying why; a stale writer writes none;
// snapshots_kept prunes the rows. The file-journal equivalents: tests/journal/test_snapshot.cpp.
#include "journal/journal_files.hpp"
#include "journal/snapshot_helpers.hpp"
#include "pg/pg_test_server.hpp"

#include <muster/journal.hpp>
#include <muster/session.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using muster::durability;
using muster::status_code;
using muster_test::feed;
using muster_test::incident_lines;
using muster_test::open_ok;
using muster_test::pg_admin;
using muster_test::pg_journal;
using muster_test::pg_partition;
using muster_test::reference_run;
using muster_test::run_reference;
using session_options = muster_test::test_session_options;

namespace {

/// The bodies of the partition's `snapshot` records, as scan_journal reads them.
std::vector<std::string> snapshot_records(const std::string& location) {
  std::vector<std::string> v;
  const muster::journal_scan scan = muster::scan_journal(location, [&](const muster::journal_record& r) {
    if (r.type == "snapshot") v.emplace_back(r.body);
    return muster::status();
  });
  INFO(scan.error.message());
  REQUIRE(scan.ok());
  return v;
}

std::string rows(pg_admin& admin, const std::string& part) {
  return admin.run("SELECT count(*) FROM muster_journal_snapshots WHERE partition = $1", {part});
}

/// A partition of `lines[0..k)`, a snapshot after them, then `lines[k..)`; the snapshot's seq.
std::uint64_t partition_with_snapshot(const std::string& part, const std::vector<std::string>& lines, std::size_t k,
                                      session_options o = {}) {
  auto s = open_ok(pg_journal(part), o);
  for (std::size_t i = 0; i < k; ++i) feed(*s, lines[i]);
  const std::uint64_t seq = s->journal().next_seq;
  const muster::status taken = s->snapshot();
  INFO(taken.message());
  REQUIRE(taken.ok());
  CHECK(s->journal().durable_seq == s->journal().next_seq);  // the record is committed synchronously
  for (std::size_t i = k; i < lines.size(); ++i) feed(*s, lines[i]);
  return seq;
}

}  // namespace

TEST_CASE("pg snapshot: opening a partition starts from its snapshot, reads only the tail, and reaches a full replay's state") {
  MUSTER_REQUIRE_PG_SERVER();
  const std::vector<std::string> lines = incident_lines("wendeng-flood.jsonl");
  const reference_run want = run_reference(lines);
  const std::size_t k = lines.size() / 2;
  for (durability mode : {durability::every_event, durability::batch, durability::none}) {
    CAPTURE(std::string(muster::to_string(mode)));
    const std::string part = pg_partition("snap");
    session_options o;
    o.mode = mode;
    const std::uint64_t seq = partition_with_snapshot(part, lines, k, o);
    pg_admin admin;
    CHECK(rows(admin, part) == "1");
    const std::vector<std::string> records = snapshot_records(pg_journal(part));
    REQUIRE(records.size() == 1);
    const std::string digits = std::to_string(seq);
    CHECK(records[0].find("\"file\":\"snapshot-" + std::string(20 - digits.size(), '0') + digits + "\"") != std::string::npos);
    muster::journal_head head;
    std::string after_repeat;
    {
      auto s = open_ok(pg_journal(part), o);
      INFO(s->recovery().summary() << " / " << s->recovery().snapshot_note);
      CHECK(s->recovery().snapshot_seq == seq);
      CHECK(s->recovery().snapshot_note.empty());
      CHECK(s->recovery().events_replayed == lines.size() - k);
      CHECK(s->recovery().records == s->recovery().head.seq - seq);  // only those after the snapshot's were read
      CHECK(s->state_digest() == want.digests.back());
      CHECK(feed(*s, lines[0]) == want.repeat);  // a repeated id is answered from the history the row kept
      REQUIRE(s->flush().ok());  // none: durable_head moves only with a synchronous commit
      head = s->journal().durable_head;
      after_repeat = s->state_digest();
    }
    // Replaying everything (as `muster verify` does) checks the snapshot record against the
    // state replay reaches there, and gives the same state.
    session_options full = o;
    full.open_from_snapshot = false;
    auto again = open_ok(pg_journal(part), full);
    CHECK(again->recovery().snapshot_seq == 0);
    CHECK(again->recovery().events_replayed == lines.size() + 1);
    CHECK(again->recovery().head.seq == head.seq);
    CHECK(again->recovery().head.hash == head.hash);
    CHECK(again->state_digest() == after_repeat);
    again.reset();
    muster::session_options vo;
    vo.journal_path = pg_journal(part);
    muster::recovery_report rep;
    const muster::journal_scan scan = muster::replay_journal(muster_test::weihai().policy, muster_test::weihai().forces, vo, rep);
    INFO(scan.error.message());
    CHECK(scan.ok());
    CHECK(rep.digest == after_repeat);
  }
}

TEST_CASE("pg snapshot: a damaged row is passed over with a note, and opening replays the whole partition to the same state") {
  MUSTER_REQUIRE_PG_SERVER();
  const std::vector<std::string> lines = incident_lines("wendeng-flood.jsonl");
  const reference_run want = run_reference(lines);
  const std::string part = pg_partition("snap-damaged");
  const std::uint64_t seq = partition_with_snapshot(part, lines, lines.size() / 2);
  pg_admin admin;
  admin.run("UPDATE muster_journal_snapshots SET bytes = set_byte(bytes, length(bytes) / 2, get_byte(bytes, length(bytes) / 2) # 1) "
            "WHERE partition = $1",
            {part});
  auto s = open_ok(pg_journal(part));
  const std::string digits = std::to_string(seq);
  CHECK(s->recovery().snapshot_seq == 0);
  CHECK(s->recovery().snapshot_note.find("snapshot-" + std::string(20 - digits.size(), '0') + digits) != std::string::npos);
  CHECK(s->recovery().snapshot_note.find("its bytes are not those its journal record hashed") != std::string::npos);
  CHECK(s->recovery().events_replayed == lines.size());
  CHECK(s->state_digest() == want.digests.back());
  s.reset();
  session_options full;
  full.open_from_snapshot = false;
  CHECK(open_ok(pg_journal(part), full)->state_digest() == want.digests.back());
}

TEST_CASE("pg snapshot: a row no record names is passed over, saying why") {
  MUSTER_REQUIRE_PG_SERVER();
  const std::vector<std::string> lines = incident_lines("wendeng-flood.jsonl");
  const reference_run want = run_reference(lines);
  const std::size_t k = lines.size() / 2;
  const std::string part = pg_partition("snap-orphan");
  const std::uint64_t seq = partition_with_snapshot(part, lines, k);
  pg_admin admin;
  SUBCASE("a row under another record's seq (a crash between a row's commit and its record's)") {
    admin.run("INSERT INTO muster_journal_snapshots (partition, seq, bytes) SELECT partition, seq + 1, bytes "
              "FROM muster_journal_snapshots WHERE partition = $1",
              {part});
    auto s = open_ok(pg_journal(part));
    INFO(s->recovery().snapshot_note);
    CHECK(s->recovery().snapshot_seq == seq);  // the older row, which its record names
    CHECK(s->recovery().snapshot_note.find("its name says record " + std::to_string(seq + 1)) != std::string::npos);
    CHECK(s->state_digest() == want.digests.back());
  }
  SUBCASE("the partition cut back before its record (restored from an older copy)") {
    admin.run("DELETE FROM muster_journal_records WHERE partition = $1 AND seq >= $2", {part, std::to_string(seq)});
    {
      auto s = open_ok(pg_journal(part));
      INFO(s->recovery().snapshot_note);
      CHECK(s->recovery().snapshot_seq == 0);
      CHECK(s->recovery().snapshot_note.find("cut short") != std::string::npos);
      CHECK(s->state_digest() == want.digests[k]);
      CHECK(s->journal().next_seq == seq);
      REQUIRE(s->snapshot().ok());  // at the same seq: the stale row is replaced
    }
    CHECK(rows(admin, part) == "1");
    auto s = open_ok(pg_journal(part));
    CHECK(s->recovery().snapshot_seq == seq);
    CHECK(s->recovery().snapshot_note.empty());
    CHECK(s->state_digest() == want.digests[k]);
  }
}

TEST_CASE("pg snapshot: a stale writer cannot write a snapshot: journal_fenced, no row, and the session stops") {
  MUSTER_REQUIRE_PG_SERVER();
  const std::vector<std::string> lines = incident_lines("wendeng-flood.jsonl");
  const reference_run want = run_reference(lines);
  const std::string part = pg_partition("snap-stale");
  for (durability mode : {durability::every_event, durability::batch}) {
    CAPTURE(std::string(muster::to_string(mode)));
    session_options o;
    o.mode = mode;
    const std::string location = pg_journal(part + "-" + muster::to_string(mode));
    auto a = open_ok(location, o);
    feed(*a, lines[0]);
    REQUIRE(a->flush().ok());
    pg_admin admin;
    REQUIRE(admin.end_writer(part + "-" + muster::to_string(mode)));  // A is cut off …
    open_ok(location, o).reset();                                     // … B opens and closes: the epoch moved on
    const muster::status st = a->snapshot();
    CHECK(st.code() == status_code::journal_fenced);
    CHECK(st.message().find("journal-fenced") != std::string::npos);
    CHECK(st.message().find("snapshot not taken") != std::string::npos);
    CHECK(a->failed());
    CHECK(a->last_error().code() == status_code::journal_fenced);
    a.reset();
    CHECK(rows(admin, part + "-" + muster::to_string(mode)) == "0");
    auto c = open_ok(location, o);
    CHECK(c->recovery().snapshot_seq == 0);
    CHECK(c->state_digest() == want.digests[1]);
  }
}

TEST_CASE("pg snapshot: snapshot_every takes one every N inputs and snapshots_kept prunes the older rows") {
  MUSTER_REQUIRE_PG_SERVER();
  const std::vector<std::string> lines = incident_lines("wendeng-flood.jsonl");
  const reference_run want = run_reference(lines);
  const std::string part = pg_partition("snap-kept");
  session_options o;
  o.snapshot_every = 10;
  o.snapshots_kept = 2;
  {
    auto s = open_ok(pg_journal(part), o);
    for (const std::string& l : lines) {
      feed(*s, l);
      CHECK(s->last_error().ok());
    }
  }
  CHECK(snapshot_records(pg_journal(part)).size() == lines.size() / 10);
  pg_admin admin;
  CHECK(rows(admin, part) == "2");
  const std::string newest = admin.run("SELECT max(seq) FROM muster_journal_snapshots WHERE partition = $1", {part});
  auto s = open_ok(pg_journal(part), o);
  CHECK(s->recovery().snapshot_seq == std::stoull(newest));
  CHECK(s->recovery().events_replayed == lines.size() % 10);
  CHECK(s->state_digest() == want.digests.back());
  // The older row is used when the newest does not verify.
  s.reset();
  admin.run("UPDATE muster_journal_snapshots SET bytes = '\\x00'::bytea WHERE partition = $1 AND seq = $2", {part, newest});
  session_options once;
  auto t = open_ok(pg_journal(part), once);
  CHECK(t->recovery().snapshot_seq > 0);
  CHECK(t->recovery().snapshot_seq < std::stoull(newest));
  CHECK(t->recovery().snapshot_note.find("not a muster-snapshot/1 file") != std::string::npos);
  CHECK(t->state_digest() == want.digests.back());
}

TEST_CASE("pg snapshot: a row the server has no room for is no_space; no record names it, and the session goes on") {
  MUSTER_REQUIRE_PG_SERVER();
  const std::vector<std::string> lines = incident_lines("wendeng-flood.jsonl");
  const reference_run want = run_reference(lines);
  const std::string part = pg_partition("snap-full");
  session_options o;
  o.mode = durability::every_event;
  auto s = open_ok(pg_journal(part), o);
  for (std::size_t i = 0; i < 5; ++i) feed(*s, lines[i]);
  const std::uint64_t seq = s->journal().next_seq;
  pg_admin admin;
  admin.run("CREATE FUNCTION muster_test_snap_full() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN IF NEW.partition = '" + part +
            "' THEN RAISE EXCEPTION 'could not extend file: No space left on device (simulated)' USING ERRCODE = 'disk_full'; "
            "END IF; RETURN NEW; END $f$");
  admin.run("CREATE TRIGGER muster_test_snap_full BEFORE INSERT ON muster_journal_snapshots FOR EACH ROW EXECUTE FUNCTION "
            "muster_test_snap_full()");
  const muster::status st = s->snapshot();
  admin.run("DROP TRIGGER muster_test_snap_full ON muster_journal_snapshots");
  admin.run("DROP FUNCTION muster_test_snap_full()");
  CHECK(st.code() == status_code::no_space);
  CHECK(st.message().find("snapshot not taken") != std::string::npos);
  CHECK(st.message().find("53100") != std::string::npos);
  CHECK(!s->failed());
  CHECK(s->journal().next_seq == seq);  // no record
  CHECK(rows(admin, part) == "0");
  for (std::size_t i = 5; i < lines.size(); ++i) CHECK(feed(*s, lines[i]) == want.answers[i]);
  REQUIRE(s->snapshot().ok());  // room again
  s.reset();
  auto again = open_ok(pg_journal(part), o);
  CHECK(again->recovery().snapshot_seq > seq);
  CHECK(again->state_digest() == want.digests.back());
}
