// Segments and compaction (issue 15, item 3; docs/journal.md "Segments"): a journal file rotates
// into sealed segments, each new file starting with a `segment` record chained to the last one
// sealed; read in order they are one journal. `compact_journal` archives the segments behind a
// snapshot, and the chain is verified from the segment record the journal then starts at.
#include "journal/journal_files.hpp"
#include "journal/snapshot_helpers.hpp"

#include <muster/journal.hpp>
#include <muster/session.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using muster::status_code;
using session_options = muster_test::test_session_options;
using muster_test::feed;
using muster_test::incident_lines;
using muster_test::open_ok;
using muster_test::open_session;
using muster_test::reference_run;
using muster_test::run_reference;
using muster_test::temp_dir;
using muster_test::weihai;

namespace {

/// The sealed segments beside `journal`, oldest first.
std::vector<std::string> segment_files(const std::string& journal) {
  std::vector<std::string> found;
  const std::string head = fs::path(journal).filename().string() + ".segment-";
  for (const auto& e : fs::directory_iterator(fs::path(journal).parent_path()))
    if (e.path().filename().string().rfind(head, 0) == 0) found.push_back(e.path().string());
  std::sort(found.begin(), found.end());
  return found;
}

std::string first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

/// Every input of the bundled incident through a journal rotating at `bytes`, answered as one
/// uninterrupted run in memory answers them.
void run_rotating(const std::string& path, muster::durability mode, std::uint64_t bytes, const std::vector<std::string>& lines,
                  const reference_run& want, std::size_t from = 0, std::size_t to = SIZE_MAX) {
  session_options o;
  o.mode = mode;
  o.segment_bytes = bytes;
  auto s = open_ok(path, o);
  for (std::size_t i = from; i < std::min(to, lines.size()); ++i) {
    CAPTURE(i);
    CHECK(feed(*s, lines[i]) == want.answers[i]);
  }
  CHECK(s->last_error().ok());
}

}  // namespace

TEST_CASE("segments: a journal rotating into segments answers, reopens and verifies as one file") {
  const std::vector<std::string> lines = incident_lines("wendeng-flood.jsonl");
  const reference_run want = run_reference(lines);
  for (const muster::durability mode : {muster::durability::every_event, muster::durability::batch, muster::durability::none}) {
    for (const std::uint64_t bytes : {std::uint64_t{1}, std::uint64_t{16384}}) {
      CAPTURE(muster::to_string(mode));
      CAPTURE(bytes);
      temp_dir dir;
      const std::string path = dir.file("j");
      run_rotating(path, mode, bytes, lines, want);
      const std::vector<std::string> sealed = segment_files(path);
      CHECK(sealed.size() >= (bytes == 1 ? lines.size() : 2));
      // The journal's own file starts again with a segment record; the first segment holds the header.
      CHECK(first_line(path).find("\"type\":\"segment\",\"prev\":\"") != std::string::npos);
      CHECK(first_line(sealed.front()).rfind("{\"seq\":0,\"type\":\"header\"", 0) == 0);
      const muster::journal_scan scan = muster::scan_journal(path, nullptr);
      INFO(scan.error.message());
      REQUIRE(scan.ok());
      CHECK(scan.segments == sealed.size() + 1);
      CHECK(scan.first_seq == 0);
      // Reopened, a full replay reads every segment; the state and the next answers are the same.
      session_options full;
      full.open_from_snapshot = false;
      full.segment_bytes = bytes;
      auto again = open_ok(path, full);
      CHECK(again->state_digest() == want.digests.back());
      CHECK(feed(*again, lines[0]) == want.repeat);
    }
  }
}

TEST_CASE("segments: opening from a snapshot whose record ends a segment resumes in the next one") {
  // Rotating after every input: each snapshot record is the last line of its segment.
  const std::vector<std::string> lines = incident_lines("wendeng-flood.jsonl");
  const reference_run want = run_reference(lines);
  temp_dir dir;
  const std::string path = dir.file("j");
  session_options o;
  o.segment_bytes = 1;
  o.snapshot_every = 1;
  for (std::size_t k = 0; k < lines.size(); k += 7) {
    CAPTURE(k);
    auto s = open_ok(path, o);
    CHECK(s->state_digest() == want.digests[k]);
    if (k > 0) CHECK(s->recovery().snapshot_seq > 0);
    CHECK(s->recovery().snapshot_note == "");
    for (std::size_t i = k; i < std::min(k + 7, lines.size()); ++i) CHECK(feed(*s, lines[i]) == want.answers[i]);
  }
}

TEST_CASE("segments: a rotation a crash cut short is settled on opening") {
  const std::vector<std::string> lines = incident_lines("wendeng-flood.jsonl");
  const reference_run want = run_reference(lines);
  temp_dir dir;
  const std::string path = dir.file("j");
  run_rotating(path, muster::durability::every_event, 16384, lines, want, 0, lines.size() / 2);
  // The journal's file got its sealed name and the new file never replaced it: both names on one file.
  const std::string line = first_line(path);
  const std::string seq = line.substr(7, line.find(',') - 7);
  const std::string sealed_name = path + ".segment-" + std::string(20 - seq.size(), '0') + seq;
  fs::create_hard_link(path, sealed_name);
  std::ofstream(path + ".rotating") << "{\"seq\":";  // and a new file half written
  const muster::journal_scan read = muster::scan_journal(path, nullptr);  // a reader passes over the second name
  INFO(read.error.message());
  CHECK(read.ok());
  run_rotating(path, muster::durability::every_event, 16384, lines, want, lines.size() / 2);
  CHECK(!fs::exists(path + ".rotating"));
  auto s = open_ok(path);
  CHECK(s->state_digest() == want.digests.back());
}

TEST_CASE("segments: a missing, cut or foreign segment is damage, named by its file") {
  const std::vector<std::string> lines = incident_lines("wendeng-flood.jsonl");
  const reference_run want = run_reference(lines);
  temp_dir dir;
  const std::string path = dir.file("j");
  run_rotating(path, muster::durability::every_event, 4096, lines, want);
  const std::vector<std::string> sealed = segment_files(path);
  REQUIRE(sealed.size() >= 3);
  muster::status err;
  SUBCASE("a segment in the middle removed") {
    fs::remove(sealed[1]);
    CHECK(!open_session(path, err));
    CHECK(err.code() == status_code::journal_damaged);
    CHECK(err.message().find(sealed[0] + ": journal-damaged") != std::string::npos);
    CHECK(err.message().find("a segment is missing") != std::string::npos);
  }
  SUBCASE("a sealed segment cut inside its last record") {
    fs::resize_file(sealed[1], fs::file_size(sealed[1]) - 10);
    CHECK(!open_session(path, err));
    CHECK(err.code() == status_code::journal_damaged);
    CHECK(err.message().find("the segment ends inside a record") != std::string::npos);
  }
  SUBCASE("the journal's own file gone") {
    fs::remove(path);
    CHECK(!open_session(path, err));
    CHECK(err.code() == status_code::journal_missing);
    CHECK(err.message().find("sealed segments") != std::string::npos);
  }
  SUBCASE("a segment's first record changed") {
    std::string text = muster_test::read_file(sealed[2]);
    text[text.find("\"engine\":\"") + 10] ^= 1;
    muster_test::write_file(sealed[2], text);
    CHECK(!open_session(path, err));
    CHECK(err.code() == status_code::journal_damaged);
    CHECK(err.message().find(sealed[2] + ":1:") != std::string::npos);
  }
}

TEST_CASE("compact: segments behind a snapshot are archived, and the journal verifies and opens without them") {
  const std::vector<std::string> lines = incident_lines("wendeng-flood.jsonl");
  const reference_run want = run_reference(lines);
  temp_dir dir;
  const std::string path = dir.file("j");
  const std::string archive = dir.file("archive");
  const std::size_t k = lines.size() * 2 / 3;
  run_rotating(path, muster::durability::batch, 4096, lines, want, 0, k);
  muster::compact_report done;
  {
    // No snapshot yet: nothing can stand for the segments.
    const muster::status none = muster::compact_journal(weihai().policy, weihai().forces, path, archive, done);
    CHECK(none.code() == status_code::invalid_argument);
    CHECK(none.message().find("no snapshot opens this journal") != std::string::npos);
    CHECK(!fs::exists(archive));
  }
  {
    session_options o;
    o.segment_bytes = 4096;
    auto s = open_ok(path, o);
    REQUIRE(s->snapshot().ok());
    // In use: refused, nothing moved.
    const muster::status locked = muster::compact_journal(weihai().policy, weihai().forces, path, archive, done);
    CHECK(locked.code() == status_code::journal_locked);
  }
  run_rotating(path, muster::durability::batch, 4096, lines, want, k);
  const std::size_t before = segment_files(path).size();
  const muster::status ok = muster::compact_journal(weihai().policy, weihai().forces, path, archive, done);
  INFO(ok.message());
  REQUIRE(ok.ok());
  CHECK(!done.archived.empty());
  CHECK(done.archived.size() < before);
  CHECK(done.first_seq > 0);
  CHECK(done.first_seq <= done.snapshot_seq);
  CHECK(segment_files(path).size() == before - done.archived.size());
  for (const std::string& a : done.archived) CHECK(fs::exists(a));
  // The chain is verified from the segment record the journal now starts at.
  const muster::journal_scan scan = muster::scan_journal(path, nullptr);
  REQUIRE(scan.ok());
  CHECK(scan.first_seq == done.first_seq);
  // Opening starts from the snapshot and answers as before.
  {
    auto s = open_ok(path);
    CHECK(s->recovery().snapshot_seq == done.snapshot_seq);
    CHECK(s->state_digest() == want.digests.back());
    CHECK(feed(*s, lines[0]) == want.repeat);
  }
  // A host head in the archived part cannot be checked: refused, as another journal's head is.
  {
    session_options stale;
    stale.expected_head = muster::journal_head{done.first_seq - 1, std::string(64, 'a')};
    muster::status err;
    CHECK(!open_session(path, err, stale));
    CHECK(err.code() == status_code::journal_head_mismatch);
    CHECK(err.message().find("archived by muster compact") != std::string::npos);
  }
  // Compacting again finds nothing more behind the same snapshot.
  muster::compact_report again;
  REQUIRE(muster::compact_journal(weihai().policy, weihai().forces, path, archive, again).ok());
  CHECK(again.archived.empty());
  // Without a snapshot, the archived records are needed: refused, saying so.
  session_options full;
  full.open_from_snapshot = false;
  muster::status err;
  CHECK(!open_session(path, err, full));
  CHECK(err.code() == status_code::journal_missing);
  CHECK(err.message().find("archived by muster compact") != std::string::npos);
  // Put back, the whole journal replays and verifies from its header.
  for (const std::string& a : done.archived) fs::rename(a, dir.path / fs::path(a).filename());
  auto s = open_ok(path, full);
  CHECK(s->recovery().snapshot_seq == 0);
  CHECK(s->state_digest() == want.digests.back());
  CHECK(muster::scan_journal(path, nullptr).first_seq == 0);
}

TEST_CASE("compact: with the snapshot in the journal's own file, every sealed segment is archived") {
  const std::vector<std::string> lines = incident_lines("wendeng-flood.jsonl");
  const reference_run want = run_reference(lines);
  temp_dir dir;
  const std::string path = dir.file("j");
  run_rotating(path, muster::durability::every_event, 4096, lines, want);
  {
    auto s = open_ok(path);
    REQUIRE(s->snapshot().ok());
  }
  const std::size_t sealed = segment_files(path).size();
  REQUIRE(sealed >= 2);
  muster::compact_report done;
  const muster::status ok = muster::compact_journal(weihai().policy, weihai().forces, path, dir.file("archive"), done);
  INFO(ok.message());
  REQUIRE(ok.ok());
  CHECK(done.archived.size() == sealed);
  CHECK(segment_files(path).empty());
  const muster::journal_scan scan = muster::scan_journal(path, nullptr);
  REQUIRE(scan.ok());
  CHECK(scan.segments == 1);
  CHECK(scan.first_seq == done.first_seq);
  auto s = open_ok(path);
  CHECK(s->recovery().snapshot_seq == done.snapshot_seq);
  CHECK(s->recovery().events_replayed == 0);
  CHECK(s->state_digest() == want.digests.back());
}

TEST_CASE("segments: a rotation whose new file cannot be written leaves the journal as it was, and stops it") {
  const std::vector<std::string> lines = incident_lines("wendeng-flood.jsonl");
  const reference_run want = run_reference(lines);
  for (const muster::journal_io failing : {muster::journal_io::write, muster::journal_io::sync}) {
    for (const muster::durability mode : {muster::durability::every_event, muster::durability::batch}) {
      CAPTURE(static_cast<int>(failing));
      CAPTURE(muster::to_string(mode));
      temp_dir dir;
      const std::string path = dir.file("j");
      std::atomic<bool> armed{false};
      std::atomic<int> failed_ops{0};
      session_options o;
      o.mode = mode;
      o.segment_bytes = 4096;
      // The new file is the only one written at byte 0 once the journal is open: its segment
      // record. Its write (or its sync, right after it) fails.
      std::atomic<bool> new_file{false};
      o.fault = [&](muster::journal_io op, std::uint64_t offset, std::size_t) -> muster::journal_fault {
        if (!armed) return {};
        if (op == muster::journal_io::write) new_file = offset == 0;
        if (op == failing && new_file) {
          ++failed_ops;
          return muster::journal_fault{EIO, 0};
        }
        return {};
      };
      std::size_t answered = 0;
      {
        auto s = open_ok(path, o);
        armed = true;
        for (; answered < lines.size() && !s->failed(); ++answered) {
          std::vector<muster::outcome_text> outs;
          REQUIRE(s->submit_batch(lines[answered], outs) == 1);
          if (outs[0].refused) break;
          CHECK(outs[0].json == want.answers[answered]);
        }
        CHECK(failed_ops == 1);
        CHECK((s->failed() || !s->flush().ok()));
        CHECK(s->last_error().message().find("cannot rotate") != std::string::npos);
      }
      // No second name, no half-made file: the journal is one file, and reopens as answered.
      CHECK(segment_files(path).empty());
      CHECK(!fs::exists(path + ".rotating"));
      auto again = open_ok(path);
      CHECK(again->state_digest() == want.digests[answered]);
    }
  }
}
