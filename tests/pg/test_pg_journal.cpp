// The PostgreSQL journal store (docs/journal.md "PostgreSQL"), against a real PostgreSQL 15
// server the suite starts (tests/pg/pg_server.sh): the same records as a file journal, one
// writer per partition (an advisory lock, and a fencing epoch that refuses a stale writer),
// fail-over after a kill -9 mid-batch, a connection dropped mid-commit, and a full table space.
#include "engine/scenario.hpp"
#include "journal/journal_files.hpp"
#include "journal/journal_writer.hpp"
#include "pg/pg_test_server.hpp"

#include <muster/session.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

using muster::durability;
using muster::outcome_text;
using muster::session;
using muster_test::open_ok;
using muster_test::open_session;
using muster_test::pg_admin;
using muster_test::pg_journal;
using muster_test::pg_partition;
using session_options = muster_test::test_session_options;

namespace {

/// Building fires of their own in Rushan, one incident each: `n` events that are all accepted
/// (also after the flood below, which ends an hour before them).
std::vector<std::string> reports(std::size_t n, const std::string& tag = "r") {
  std::vector<std::string> v;
  for (std::size_t i = 0; i < n; ++i)
    v.push_back(R"({"id":")" + tag + std::to_string(i) +
                R"(","kind":"incident.report","at":"2026-07-24T10:00:00+08:00","actor":"rushan_em","incident":"fire-)" +
                tag + std::to_string(i) + R"(","jurisdiction":"rushan","incident_type":"building_fire","grade":"general"})");
  return v;
}

/// The flood of examples/incidents/wendeng-flood.jsonl, then its first event again (a repeated
/// id) and a garbled line: every kind of record a journal holds.
std::vector<std::string> flood() {
  std::vector<std::string> v;
  std::istringstream in(muster_test::read_file(MUSTER_SOURCE_DIR "/examples/incidents/wendeng-flood.jsonl"));
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') v.push_back(line);
  REQUIRE(v.size() > 10);
  v.push_back(v.front());
  v.push_back(R"({"id":"e-bad","kind":"order.ack","at":)");
  return v;
}

std::string submit_all(session& s, const std::vector<std::string>& lines, std::size_t from = 0, std::size_t to = SIZE_MAX) {
  outcome_text out;
  for (std::size_t i = from; i < lines.size() && i < to; ++i) s.submit_json(lines[i], out);
  return s.state_digest();
}

/// The state digest of a clean replay: `lines` fed to a session in memory.
std::string clean_digest(const std::vector<std::string>& lines, std::size_t n) {
  auto s = open_ok("");
  return submit_all(*s, lines, 0, n);
}

/// Each record's type, body and hash, as scan_journal reads it.
std::vector<std::string> chain(const std::string& location) {
  std::vector<std::string> v;
  const muster::journal_scan scan = muster::scan_journal(location, [&](const muster::journal_record& r) {
    v.push_back(std::string(r.type) + " " + std::string(r.body) + " " + std::string(r.hash));
    return muster::status();
  });
  INFO(scan.error.message());
  REQUIRE(scan.ok());
  return v;
}

/// Opens `location`, retrying while the lock of a writer whose process was just killed is
/// still held (the server notices the closed socket a moment later).
std::unique_ptr<session> open_after_failover(const std::string& location, session_options o) {
  muster::status err;
  for (int i = 0; i < 200; ++i) {
    auto s = open_session(location, err, o);
    if (s || err.message().find("journal-locked") == std::string::npos) {
      INFO(err.message());
      REQUIRE(s);
      return s;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL("the partition stayed locked: " << err.message());
  return nullptr;
}

}  // namespace

TEST_CASE("pg journal: a session's records are the same as a file journal's, and reopening gives the same state") {
  MUSTER_REQUIRE_PG_SERVER();
  for (durability mode : {durability::every_event, durability::batch, durability::none}) {
    CAPTURE(std::string(muster::to_string(mode)));
    session_options o;
    o.mode = mode;
    muster_test::temp_dir dir("muster-pg-test");
    const std::string file = dir.file("flood.journal");
    const std::string pg = pg_journal(pg_partition("round-trip"));
    std::string file_digest, pg_digest;
    {
      auto f = open_ok(file, o);
      file_digest = submit_all(*f, flood());
      auto p = open_ok(pg, o);
      CHECK(p->recovery().created);
      pg_digest = submit_all(*p, flood());
    }
    CHECK(pg_digest == file_digest);
    CHECK(chain(pg) == chain(file));  // record for record, hash for hash
    auto again = open_ok(pg, o);
    CHECK_FALSE(again->recovery().created);
    CHECK(again->state_digest() == file_digest);
    outcome_text out;
    again->submit_json(reports(1)[0], out);
    INFO(out.json);
    CHECK(out.accepted);
  }
}

TEST_CASE("pg journal: a second writer of a partition is refused, naming it, and other partitions open beside it") {
  MUSTER_REQUIRE_PG_SERVER();
  const std::string part = pg_partition("county-371002");
  auto first = open_ok(pg_journal(part));
  muster::status err;
  CHECK_FALSE(open_session(pg_journal(part), err));
  CHECK(err.message().find("journal-locked") != std::string::npos);
  CHECK(err.message().find("partition '" + part + "'") != std::string::npos);
  CHECK(err.code() == muster::status_code::journal_locked);
  auto other = open_ok(pg_journal(pg_partition("county-371003")));  // several partitions, one database
  outcome_text out;
  first->submit_json(reports(1)[0], out);
  CHECK(out.accepted);
  first.reset();
  CHECK(open_session(pg_journal(part), err));  // the lock goes with the writer
}

TEST_CASE("pg journal: a location without a partition, or with an invalid one, is refused saying how to write it") {
  MUSTER_REQUIRE_PG_SERVER();
  muster::status err;
  CHECK_FALSE(open_session(muster_test::pg_server(), err));
  CHECK(err.message().find("journal-location") != std::string::npos);
  CHECK(err.code() == muster::status_code::journal_location);
  CHECK_FALSE(open_session(pg_journal("a b"), err));
  CHECK(err.message().find("'a b' is not") != std::string::npos);
  const std::string never = pg_partition("never-written");
  const muster::journal_scan scan = muster::scan_journal(pg_journal(never), nullptr);
  CHECK_FALSE(scan.ok());
  CHECK(scan.error.message().find("journal-missing") != std::string::npos);
  // With the host's durable head, a partition that holds nothing is refused, and not created.
  session_options o;
  o.expected_head = muster::journal_head{5, std::string(64, 'c')};
  CHECK_FALSE(open_session(pg_journal(never), err, o));
  CHECK(err.message().find("journal-missing") != std::string::npos);
  CHECK(err.code() == muster::status_code::journal_missing);
  pg_admin admin;
  CHECK(admin.run("SELECT count(*) FROM muster_journal_partitions WHERE name = $1", {never}) == "0");
}

namespace {

/// Host A (every_event) has journaled events[0] into `part`, then its connection ended — its
/// host froze, the network dropped it, an operator ended it: its lock is released.
std::unique_ptr<session> writer_cut_off(const std::string& part, const std::vector<std::string>& events,
                                        durability mode = durability::every_event) {
  session_options o;
  o.mode = mode;
  auto a = open_ok(pg_journal(part), o);
  outcome_text out;
  a->submit_json(events[0], out);
  REQUIRE(out.accepted);
  REQUIRE(a->flush());  // batch: written before the cut
  pg_admin admin;
  REQUIRE(admin.end_writer(part));
  return a;
}

}  // namespace

TEST_CASE("pg journal: a location is a libpq URI and a partition, and messages never show its password") {
  muster::detail::pg_location loc;
  std::string err;
  REQUIRE(muster::detail::parse_pg_location("postgresql://dispatch:s3cret@db1:5432/muster?sslmode=require#county-371002", loc, err));
  CHECK(loc.conninfo == "postgresql://dispatch:s3cret@db1:5432/muster?sslmode=require");
  CHECK(loc.partition == "county-371002");
  CHECK(loc.display == "postgresql://dispatch@db1:5432/muster?sslmode=require#county-371002");
  CHECK_FALSE(muster::detail::parse_pg_location("postgresql://dispatch:s3cret@db1/muster", loc, err));
  CHECK(err.find("s3cret") == std::string::npos);
  CHECK(err.find("journal-location") != std::string::npos);
  CHECK(muster::detail::is_pg_location("postgres://db1/muster#a"));
  CHECK_FALSE(muster::detail::is_pg_location("/var/lib/muster/postgresql://x"));
}

TEST_CASE("pg journal: rewind deletes the records past a mark, and the chain goes on from it") {
  MUSTER_REQUIRE_PG_SERVER();
  for (durability mode : {durability::every_event, durability::batch, durability::none}) {
    CAPTURE(std::string(muster::to_string(mode)));
    const std::string location = pg_journal(pg_partition("rewind"));
    muster::journal_header h;
    h.policy_digest = std::string(64, 'a');
    h.registry_digest = std::string(64, 'b');
    muster::journal_options o;
    o.mode = mode;
    muster::journal_scan scan;
    {
      auto j = muster::journal::open(location, h, o, nullptr, scan);
      INFO(scan.error.message());
      REQUIRE(j);
      for (int i = 0; i < 3; ++i) j->stage("note", R"("n":)" + std::to_string(i));
      REQUIRE(j->commit(true).ok());
      const muster::journal_mark m = j->mark();
      CHECK(m.next_seq == 4);
      for (int i = 3; i < 6; ++i) j->stage("note", R"("n":)" + std::to_string(i));
      REQUIRE(j->commit(true).ok());
      REQUIRE(j->rewind(m).ok());
      CHECK(j->next_seq() == 4);
      CHECK(j->durable_seq() == 4);
      j->stage("note", R"("n":"after")");
      REQUIRE(j->commit(true).ok());
      REQUIRE(j->flush().ok());
    }
    std::vector<std::string> bodies;
    const muster::journal_scan read = muster::scan_journal(location, [&](const muster::journal_record& r) {
      bodies.emplace_back(r.body);
      return muster::status();
    });
    INFO(read.error.message());
    REQUIRE(read.ok());  // the chain verifies across the cut
    CHECK(bodies == std::vector<std::string>{bodies.at(0), R"("n":0)", R"("n":1)", R"("n":2)", R"("n":"after")"});
  }
}

TEST_CASE("pg journal: a stale writer cannot append after fail-over, and its refusal is journal_fenced") {
  MUSTER_REQUIRE_PG_SERVER();
  const std::string part = pg_partition("stale");
  const auto events = reports(3);
  auto a = writer_cut_off(part, events);
  session_options o;
  o.mode = durability::every_event;
  outcome_text out;
  {
    auto b = open_ok(pg_journal(part), o);  // host B takes over: the epoch moves on
    b->submit_json(events[1], out);
    REQUIRE(out.accepted);
  }  // … and B closes, releasing the lock: only the epoch still tells A it is stale
  a->submit_json(events[2], out);  // A wakes up, reconnects and tries to append
  CHECK(out.refused);
  CHECK(out.detail.find("journal-fenced") != std::string::npos);
  CHECK(a->last_error().code() == muster::status_code::journal_fenced);
  CHECK(a->last_error().message() == out.detail);
  CHECK(a->failed());
  const muster::status flushed = a->flush();  // a stopped session keeps saying why
  CHECK(flushed.code() == muster::status_code::journal_fenced);
  CHECK(flushed.message().find("journal-fenced") != std::string::npos);
  a.reset();
  auto c = open_ok(pg_journal(part), o);
  CHECK(c->state_digest() == clean_digest(events, 2));  // A's first and B's, never A's late one
}

TEST_CASE("pg journal: a stale writer in batch mode is fenced at its next commit: flush and last_error say journal_fenced") {
  MUSTER_REQUIRE_PG_SERVER();
  const std::string part = pg_partition("stale-batch");
  const auto events = reports(3);
  auto a = writer_cut_off(part, events, durability::batch);
  session_options o;
  o.mode = durability::every_event;
  outcome_text out;
  {
    auto b = open_ok(pg_journal(part), o);
    b->submit_json(events[1], out);
    REQUIRE(out.accepted);
  }
  a->submit_json(events[2], out);
  CHECK(out.accepted);  // provisional: handed to the store's thread, which finds itself fenced
  const muster::status flushed = a->flush();
  CHECK(flushed.code() == muster::status_code::journal_fenced);
  CHECK(flushed.message().find("journal-fenced") != std::string::npos);
  CHECK(a->last_error().code() == muster::status_code::journal_fenced);
  CHECK(a->failed());
  a->submit_json(events[0], out);
  CHECK(out.refused);
  CHECK(a->last_error().code() == muster::status_code::journal_fenced);
  a.reset();
  CHECK(open_ok(pg_journal(part), o)->state_digest() == clean_digest(events, 2));
}

TEST_CASE("pg journal: a writer whose connection broke while idle reconnects and goes on when no one took over") {
  MUSTER_REQUIRE_PG_SERVER();
  const auto events = reports(2);
  const std::string part = pg_partition("reconnect");
  auto a = writer_cut_off(part, events);
  outcome_text out;
  a->submit_json(events[1], out);  // reconnects: the lock is free and the epoch still its own
  CHECK(out.accepted);
  CHECK_FALSE(a->failed());
  a.reset();
  CHECK(open_ok(pg_journal(part))->state_digest() == clean_digest(events, 2));
}

TEST_CASE("pg journal: after a kill -9 mid-batch a second host goes on from the last committed record") {
  MUSTER_REQUIRE_PG_SERVER();
  const std::string part = pg_partition("failover");
  const auto events = reports(20000, "f");
  session_options o;
  o.mode = durability::batch;
  o.batch_size = 16;
  o.queue_bytes = 64U << 10;  // A can run only a little ahead of what the database takes
  o.batch_interval = std::chrono::seconds(5);  // batches end by size: the kill lands mid-batch
  int pipefd[2];
  REQUIRE(::pipe(pipefd) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // Host A: reports a durable head after 100 events, then keeps submitting until killed.
    ::close(pipefd[0]);
    muster::status err;
    auto a = open_session(pg_journal(part), err, o);
    if (!a) ::_exit(2);
    outcome_text out;
    submit_all(*a, events, 0, 100);
    const muster::journal_head h = a->journal().durable_head;
    const std::string line = std::to_string(h.seq) + " " + h.hash + "\n";
    if (::write(pipefd[1], line.data(), line.size()) != static_cast<ssize_t>(line.size())) ::_exit(3);
    for (std::size_t i = 100; i < events.size(); ++i) a->submit_json(events[i], out);
    ::pause();
    ::_exit(0);
  }
  ::close(pipefd[1]);
  char buf[128] = {};
  const ssize_t got = ::read(pipefd[0], buf, sizeof buf - 1);
  ::close(pipefd[0]);
  std::this_thread::sleep_for(std::chrono::milliseconds(40));  // A is mid-stream: batches written, one queued
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  REQUIRE(got > 0);
  muster::journal_head reported;
  char hash[65] = {};
  unsigned long long seq = 0;
  REQUIRE(std::sscanf(buf, "%llu %64s", &seq, hash) == 2);
  reported.seq = seq;
  reported.hash = hash;
  // Host B: the partition must hold what A reported durable (expected_head), and its state must
  // be a clean replay of the events it recovered.
  session_options ob = o;
  ob.expected_head = reported;
  auto b = open_after_failover(pg_journal(part), ob);
  const std::uint64_t recovered = b->recovery().events_replayed;
  MESSAGE("A reported record " << reported.seq << " durable; B recovered " << recovered << " events");
  CHECK(recovered >= 100);
  CHECK(recovered < events.size());  // killed before the end: the test proves a mid-stream cut
  CHECK(b->recovery().records_restored == 0);  // transactions hold whole commits: no half event
  CHECK(b->state_digest() == clean_digest(events, recovered));
  outcome_text out;
  b->submit_json(reports(1, "after")[0], out);
  CHECK(out.accepted);
  CHECK(b->flush());
}

TEST_CASE("pg journal: a connection dropped mid-commit stops the session with a reason (io_error), and reopening recovers") {
  MUSTER_REQUIRE_PG_SERVER();
  for (durability mode : {durability::every_event, durability::batch}) {
    CAPTURE(std::string(muster::to_string(mode)));
    const std::string part = pg_partition("dropped");
    const auto events = reports(3);
    session_options o;
    o.mode = mode;
    auto a = open_ok(pg_journal(part), o);
    outcome_text out;
    a->submit_json(events[0], out);
    REQUIRE(a->flush());
    pg_admin admin;
    // The backend ends itself in the middle of the COPY of the next records: the connection
    // drops mid-commit, before COMMIT.
    admin.trigger("muster_test_drop", part, "PERFORM pg_terminate_backend(pg_backend_pid())");
    a->submit_json(events[1], out);
    if (mode == durability::every_event) {
      CHECK(out.refused);
      CHECK(out.detail.find("journal-connection-lost") != std::string::npos);
    } else {
      CHECK(out.accepted);  // provisional: handed to the store's thread
      CHECK_FALSE(a->flush());
      CHECK(a->last_error().message().find("journal-connection-lost") != std::string::npos);
    }
    CHECK(a->last_error().code() == muster::status_code::io_error);
    admin.drop_trigger("muster_test_drop");
    CHECK(a->failed());
    a->submit_json(events[2], out);
    CHECK(out.refused);  // a stopped session refuses everything
    a.reset();
    CHECK(open_ok(pg_journal(part), o)->state_digest() == clean_digest(events, 1));
  }
}

// A full table space is simulated: mounting a tiny file system for the server needs privileges
// a CI runner does not grant (and a real one would fill the server's WAL too), so a trigger
// raises what PostgreSQL raises when it runs out of room, SQLSTATE 53100 (disk_full), in the
// middle of the commit's COPY.
TEST_CASE("pg journal: a full table space (SQLSTATE 53100, simulated) refuses the event as no_space and changes nothing") {
  MUSTER_REQUIRE_PG_SERVER();
  const std::string part = pg_partition("full");
  const auto events = reports(3);
  session_options o;
  o.mode = durability::every_event;
  auto a = open_ok(pg_journal(part), o);
  outcome_text out;
  a->submit_json(events[0], out);
  const std::string before = a->state_digest();
  pg_admin admin;
  admin.trigger("muster_test_full", part,
                "RAISE EXCEPTION 'could not extend file: No space left on device (simulated)' USING ERRCODE = 'disk_full'");
  a->submit_json(events[1], out);
  CHECK(out.refused);
  CHECK(out.detail.find("journal-write-refused") != std::string::npos);
  CHECK(out.detail.find("53100") != std::string::npos);
  CHECK(a->last_error().code() == muster::status_code::no_space);
  CHECK(a->last_error().message() == out.detail);
  CHECK(a->state_digest() == before);
  CHECK_FALSE(a->failed());  // nothing was written: the session goes on
  admin.drop_trigger("muster_test_full");
  a->submit_json(events[2], out);
  CHECK(out.accepted);
  const std::string after = a->state_digest();
  a.reset();
  CHECK(open_ok(pg_journal(part), o)->state_digest() == after);
  std::vector<std::string> kept = {events[0], events[2]};
  CHECK(after == clean_digest(kept, 2));
}
