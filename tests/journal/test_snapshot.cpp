// Snapshots (issue 15, item 3; docs/journal.md "Snapshots"): the engine's and codec's state in a
// file beside the journal, hashed into the chain by a `snapshot` record. Opening starts from the
// newest snapshot that verifies and replays only the records after it; a snapshot that does not
// verify is passed over, saying why, and never changes what the journal means.
#include "engine/scenario.hpp"
#include "journal/journal_files.hpp"
#include "journal/snapshot_helpers.hpp"

#include <muster/journal.hpp>
#include <muster/session.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using muster::session;
using muster::status_code;
using session_options = muster_test::test_session_options;
using muster_test::feed;
using muster_test::incident_lines;
using muster_test::open_ok;
using muster_test::read_file;
using muster_test::reference_run;
using muster_test::run_reference;
using muster_test::temp_dir;
using muster_test::write_file;

namespace {

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

std::vector<std::string> snapshot_files(const temp_dir& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir.path))
    if (e.path().filename().string().find(".snapshot-") != std::string::npos) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

/// A journal of `lines[0..k)` with a snapshot after them, then `lines[k..tail)`; returns the
/// snapshot file's path.
std::string journal_with_snapshot(const std::string& path, const std::vector<std::string>& lines, std::size_t k, std::size_t tail) {
  auto s = open_ok(path);
  for (std::size_t i = 0; i < k; ++i) feed(*s, lines[i]);
  const muster::status taken = s->snapshot();
  INFO(taken.message());
  REQUIRE(taken.ok());
  for (std::size_t i = k; i < tail; ++i) feed(*s, lines[i]);
  const std::string head = path + ".snapshot-";
  std::string found;
  for (const auto& e : fs::directory_iterator(fs::path(path).parent_path()))
    if (e.path().string().rfind(head, 0) == 0) found = e.path().string();
  REQUIRE(!found.empty());
  return found;
}

void check_resumes_everywhere(const char* name) {
  const std::vector<std::string> lines = incident_lines(name);
  const reference_run want = run_reference(lines);
  for (std::size_t k = 0; k <= lines.size(); ++k) {
    CAPTURE(k);
    temp_dir dir;
    const std::string path = dir.file("j");
    journal_with_snapshot(path, lines, k, k);
    auto s = open_ok(path);
    INFO(s->recovery().summary() << " / " << s->recovery().snapshot_note);
    CHECK(s->recovery().snapshot_seq > 0);
    CHECK(s->recovery().events_replayed == 0);
    CHECK(s->recovery().snapshot_note.empty());
    CHECK(s->state_digest() == want.digests[k]);
    for (std::size_t i = k; i < lines.size(); ++i) {
      CAPTURE(lines[i]);
      CHECK(feed(*s, lines[i]) == want.answers[i]);
    }
    CHECK(s->state_digest() == want.digests.back());
    CHECK(feed(*s, lines[0]) == want.repeat);  // a repeated id is answered from the history the snapshot kept
    s.reset();
    // Replaying everything checks the snapshot record against the state replay reaches there.
    session_options full;
    full.open_from_snapshot = false;
    auto again = open_ok(path, full);
    CHECK(again->recovery().snapshot_seq == 0);
    CHECK(again->state_digest() == want.digests.back());
  }
}

}  // namespace

// Warnings, roll-calls, drills, stock and claims are resumed by every scenario under
// `muster test --resume-each-step` (ctest scenarios.resumed_from_snapshots).
TEST_CASE("snapshot: opening from a snapshot taken after any input answers the rest exactly as one uninterrupted run") {
  check_resumes_everywhere("wendeng-flood.jsonl");
}

TEST_CASE("snapshot: opening replays only the records after the newest snapshot") {
  const std::vector<std::string> lines = incident_lines("wendeng-flood.jsonl");
  const reference_run want = run_reference(lines);
  temp_dir dir;
  const std::string path = dir.file("j");
  const std::size_t k = lines.size() / 2;
  journal_with_snapshot(path, lines, k, lines.size());
  auto s = open_ok(path);
  CHECK(s->recovery().snapshot_seq > 0);
  CHECK(s->recovery().events_replayed == lines.size() - k);
  CHECK(s->recovery().summary().find("after the snapshot at record " + std::to_string(s->recovery().snapshot_seq)) != std::string::npos);
  CHECK(s->state_digest() == want.digests.back());
  // The journal's head is the same whichever way it was opened.
  const muster::journal_head head = s->recovery().head;
  s.reset();
  session_options full;
  full.open_from_snapshot = false;
  auto again = open_ok(path, full);
  CHECK(again->recovery().events_replayed == lines.size());
  CHECK(again->recovery().head.seq == head.seq);
  CHECK(again->recovery().head.hash == head.hash);
}

TEST_CASE("snapshot: snapshot_every takes one every N inputs and keeps the newest snapshots_kept files") {
  const std::vector<std::string> lines = incident_lines("wendeng-flood.jsonl");
  const reference_run want = run_reference(lines);
  temp_dir dir;
  const std::string path = dir.file("j");
  session_options o;
  o.snapshot_every = 10;
  o.snapshots_kept = 2;
  {
    auto s = open_ok(path, o);
    for (const std::string& l : lines) {
      feed(*s, l);
      CHECK(s->last_error().ok());
    }
  }
  CHECK(count_of(read_file(path), "\"type\":\"snapshot\"") == lines.size() / 10);
  const auto files = snapshot_files(dir);
  REQUIRE(files.size() == 2);
  auto s = open_ok(path, o);
  CHECK(s->recovery().snapshot_seq == std::stoull(files.back().substr(files.back().size() - 20)));
  CHECK(s->recovery().events_replayed == lines.size() % 10);
  CHECK(s->state_digest() == want.digests.back());
}

TEST_CASE("snapshot: a snapshot that does not verify is passed over, saying why, and the journal replayed from the start") {
  const std::vector<std::string> lines = incident_lines("wendeng-flood.jsonl");
  const reference_run want = run_reference(lines);
  const std::size_t k = lines.size() / 2;

  SUBCASE("a byte of the file changed") {
    temp_dir dir;
    const std::string path = dir.file("j");
    const std::string snap = journal_with_snapshot(path, lines, k, lines.size());
    std::string bytes = read_file(snap);
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 1);
    write_file(snap, bytes);
    auto s = open_ok(path);
    CHECK(s->recovery().snapshot_seq == 0);
    CHECK(s->recovery().snapshot_note.find("its bytes are not those its journal record hashed") != std::string::npos);
    CHECK(s->recovery().events_replayed == lines.size());
    CHECK(s->state_digest() == want.digests.back());
  }
  SUBCASE("written by another build") {
    temp_dir dir;
    const std::string path = dir.file("j");
    const std::string snap = journal_with_snapshot(path, lines, k, lines.size());
    std::string bytes = read_file(snap);
    const std::size_t layout = bytes.find("engine ");
    REQUIRE(layout != std::string::npos);
    bytes[layout] = 'E';
    write_file(snap, bytes);
    auto s = open_ok(path);
    CHECK(s->recovery().snapshot_seq == 0);
    CHECK(s->recovery().snapshot_note.find("written by another build") != std::string::npos);
    CHECK(s->state_digest() == want.digests.back());
  }
  SUBCASE("the journal was cut back before its record (restored from an older copy)") {
    temp_dir dir;
    const std::string path = dir.file("j");
    const std::string before = dir.file("before");
    {
      auto s = open_ok(path);
      for (std::size_t i = 0; i < k; ++i) feed(*s, lines[i]);
    }
    fs::copy_file(path, before);
    journal_with_snapshot(path, lines, k, k);  // reopens, snapshots at the end
    fs::copy_file(before, path, fs::copy_options::overwrite_existing);
    auto s = open_ok(path);
    CHECK(s->recovery().snapshot_seq == 0);
    CHECK(s->recovery().snapshot_note.find("cut short") != std::string::npos);
    CHECK(s->state_digest() == want.digests[k]);
  }
  SUBCASE("another journal's snapshot under this journal's name") {
    temp_dir dir;
    const std::string path = dir.file("j");
    const std::string other = dir.file("other");
    journal_with_snapshot(path, lines, 0, lines.size());
    const std::string theirs = journal_with_snapshot(other, lines, k, k);
    const std::string mine = path + theirs.substr(other.size());
    for (const auto& e : fs::directory_iterator(dir.path))
      if (e.path().string().rfind(path + ".snapshot-", 0) == 0) fs::remove(e.path());
    fs::copy_file(theirs, mine);
    auto s = open_ok(path);
    CHECK(s->recovery().snapshot_seq == 0);
    CHECK(!s->recovery().snapshot_note.empty());
    CHECK(s->state_digest() == want.digests.back());
  }
  SUBCASE("the host's durable head lies before it") {
    temp_dir dir;
    const std::string path = dir.file("j");
    muster::journal_head early;
    {
      auto s = open_ok(path);
      feed(*s, lines[0]);
      REQUIRE(s->flush().ok());
      early = s->journal().durable_head;
    }
    journal_with_snapshot(path, lines, 1, lines.size());
    session_options o;
    o.expected_head = early;
    auto s = open_ok(path, o);
    CHECK(s->recovery().snapshot_seq == 0);
    CHECK(s->recovery().snapshot_note.find("comes before it") != std::string::npos);
    CHECK(s->state_digest() == want.digests.back());
  }
  SUBCASE("an older snapshot is used when the newest does not verify") {
    temp_dir dir;
    const std::string path = dir.file("j");
    session_options o;
    o.snapshot_every = 10;
    {
      auto s = open_ok(path, o);
      for (const std::string& l : lines) feed(*s, l);
    }
    const auto files = snapshot_files(dir);
    REQUIRE(files.size() == 2);
    write_file(dir.file(files.back()), "muster-snapshot/1\n");
    auto s = open_ok(path);
    CHECK(s->recovery().snapshot_seq == std::stoull(files.front().substr(files.front().size() - 20)));
    CHECK(s->recovery().snapshot_note.find(files.back()) != std::string::npos);
    CHECK(s->state_digest() == want.digests.back());
  }
}

TEST_CASE("snapshot: a session in memory keeps none, and asking is invalid_argument that changes nothing") {
  auto s = open_ok("");
  const std::string before = s->state_digest();
  const muster::status st = s->snapshot();
  CHECK(st.code() == status_code::invalid_argument);
  CHECK(st.message().find("in memory") != std::string::npos);
  CHECK(s->last_error().code() == status_code::invalid_argument);
  CHECK(!s->failed());
  CHECK(s->state_digest() == before);
}

TEST_CASE("snapshot: a snapshot taken under an edited registry reopens with the registry it keeps, then moves to the one given") {
  const std::vector<std::string> lines = incident_lines("wendeng-flood.jsonl");
  temp_dir dir;
  const std::string path = dir.file("j");
  const std::string forces_path = std::string(MUSTER_SOURCE_DIR) + "/rules/weihai-forces.yaml";
  auto edited = [&](const std::string& personnel) {
    std::string text = read_file(forces_path);
    const std::string from = "    personnel: 40\n";
    const std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), "    personnel: " + personnel + "\n");
    auto r = muster::compile_forces_text(*muster_test::weihai().policy, "weihai-forces.yaml", text);
    REQUIRE(r.ok());
    return r.value;
  };
  const auto b = edited("44");
  const auto c = edited("48");
  auto open_under = [&](std::shared_ptr<const muster::force_registry> r, bool from_snapshot) {
    session_options o;
    o.journal_path = path;
    o.open_from_snapshot = from_snapshot;
    muster::status err;
    auto s = muster_test::open_with(muster_test::weihai().policy, std::move(r), o, err);
    INFO(err.message());
    REQUIRE(s);
    return s;
  };
  {
    auto s = open_ok(path);
    for (std::size_t i = 0; i < 10; ++i) feed(*s, lines[i]);
  }
  {
    auto s = open_under(b, true);
    CHECK(s->recovery().registry_replaced);
    for (std::size_t i = 10; i < 20; ++i) feed(*s, lines[i]);
    REQUIRE(s->snapshot().ok());
    for (std::size_t i = 20; i < 30; ++i) feed(*s, lines[i]);
  }
  std::string via_snapshot;
  {
    auto s = open_under(c, true);
    CHECK(s->recovery().snapshot_seq > 0);
    CHECK(s->recovery().registry_replaced);
    CHECK(s->engine().forces().digest == c->digest);
    via_snapshot = s->state_digest();
  }
  auto s = open_under(c, false);
  CHECK(s->recovery().snapshot_seq == 0);
  CHECK(s->state_digest() == via_snapshot);
}

TEST_CASE("snapshot: a snapshot record the disk has no room for is no_space; its file goes, and the session goes on") {
  const std::vector<std::string> lines = incident_lines("wendeng-flood.jsonl");
  const reference_run want = run_reference(lines);
  temp_dir dir;
  const std::string path = dir.file("j");
  muster_test::write_failure fail;
  session_options o;
  o.mode = muster::durability::every_event;
  o.fault = fail.hook();
  auto s = open_ok(path, o);
  for (std::size_t i = 0; i < 5; ++i) feed(*s, lines[i]);
  const std::uint64_t seq = s->journal().next_seq;
  fail.arm([](std::size_t n) { return n / 2; });  // the snapshot record's write, cut short
  const muster::status st = s->snapshot();
  CHECK_FALSE(fail.armed);  // the write was tried
  CHECK(st.code() == status_code::no_space);
  CHECK(st.message().find("the snapshot record could not be written") != std::string::npos);
  CHECK(st.message().find("No space left on device") != std::string::npos);
  CHECK(!s->failed());
  CHECK(s->journal().next_seq == seq);  // cut back: no record
  for (const auto& entry : fs::directory_iterator(dir.path))
    CHECK(entry.path().filename().string().find(".snapshot-") == std::string::npos);  // nor a file
  for (std::size_t i = 5; i < lines.size(); ++i) CHECK(feed(*s, lines[i]) == want.answers[i]);
}

TEST_CASE("snapshot: a file that cannot be written is io_error, no record names it, and the session goes on") {
  const std::vector<std::string> lines = incident_lines("wendeng-flood.jsonl");
  const reference_run want = run_reference(lines);
  temp_dir dir;
  const std::string path = dir.file("j");
  auto s = open_ok(path);
  for (std::size_t i = 0; i < 5; ++i) feed(*s, lines[i]);
  const std::uint64_t seq = s->journal().next_seq;
  const std::string digits = std::to_string(seq);
  // A directory where the file's temporary name goes: creating it fails.
  fs::create_directory(path + ".snapshot-" + std::string(20 - digits.size(), '0') + digits + ".tmp");
  const muster::status st = s->snapshot();
  CHECK(st.code() == status_code::io_error);
  CHECK(st.message().find("snapshot not taken") != std::string::npos);
  CHECK(!s->failed());
  CHECK(s->journal().next_seq == seq);  // no record
  for (std::size_t i = 5; i < lines.size(); ++i) CHECK(feed(*s, lines[i]) == want.answers[i]);
  s.reset();
  CHECK(count_of(read_file(path), "\"type\":\"snapshot\"") == 0);
  auto again = open_ok(path);
  CHECK(again->recovery().snapshot_seq == 0);
  CHECK(again->state_digest() == want.digests.back());
}

TEST_CASE("snapshot: taken and opened from in every durability mode") {
  const std::vector<std::string> lines = incident_lines("wendeng-flood.jsonl");
  const reference_run want = run_reference(lines);
  for (muster::durability mode : {muster::durability::none, muster::durability::batch, muster::durability::every_event}) {
    CAPTURE(muster::to_string(mode));
    temp_dir dir;
    const std::string path = dir.file("j");
    session_options o;
    o.mode = mode;
    {
      auto s = open_ok(path, o);
      for (std::size_t i = 0; i < 20; ++i) feed(*s, lines[i]);
      REQUIRE(s->snapshot().ok());
      CHECK(s->journal().durable_seq == s->journal().next_seq);  // the record is synced (none: written)
      for (std::size_t i = 20; i < lines.size(); ++i) feed(*s, lines[i]);
    }
    auto s = open_ok(path, o);
    CHECK(s->recovery().snapshot_seq > 0);
    CHECK(s->recovery().events_replayed == lines.size() - 20);
    CHECK(s->state_digest() == want.digests.back());
  }
}
