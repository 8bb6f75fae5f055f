// What the journal promises the host when the disk fills up or the file was cut (docs/journal.md
// "Appending", "Opening and recovery"): an input the journal cannot take is refused before it
// is read, in every durability mode, and nothing answered is lost; recovery says what it found
// and cut, a host that knows its last durable head has a shorter or other journal refused, a
// file without a whole header is never a new journal; and replay_journal (muster verify) says
// ok exactly when opening would.
#include "engine/scenario.hpp"
#include "journal/journal_files.hpp"

#include "journal/journal_writer.hpp"
#include <muster/session.hpp>

#include <doctest/doctest.h>

#include <csignal>
#include <string>
#include <vector>

#include <sys/resource.h>

using muster::durability;
using session_options = muster_test::test_session_options;
using muster_test::open_ok;
using muster_test::open_session;
using muster_test::read_file;
using muster_test::temp_dir;
using muster_test::weihai;
using muster_test::write_file;

namespace {

/// A report of incident `i` (five effects, ~1.7 KB of journal): many fill a disk quickly.
std::string report(int i) {
  return R"({"id":"r)" + std::to_string(i) + R"(","kind":"incident.report","at":"2026-10-10T09:00:00+08:00","actor":"wendeng_water","incident":"flood-)" +
         std::to_string(i) + R"(","jurisdiction":"wendeng","incident_type":"flood","grade":"general"})";
}

/// RLIMIT_FSIZE as a small disk: writes and reservations past `bytes` fail (EFBIG, SIGXFSZ
/// ignored), for this process, until the guard goes.
struct file_size_limit {
  struct sigaction old_action {};
  rlimit old_limit{};
  explicit file_size_limit(rlim_t bytes) {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGXFSZ, &ignore, &old_action);
    getrlimit(RLIMIT_FSIZE, &old_limit);
    rlimit small = old_limit;
    small.rlim_cur = bytes;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
  }
  ~file_size_limit() {
    setrlimit(RLIMIT_FSIZE, &old_limit);
    sigaction(SIGXFSZ, &old_action, nullptr);
  }
};

/// A journal with reports `first` … `first + n - 1` in it; returns its bytes.
std::string journal_of(const std::string& path, int n, int first = 0) {
  session_options o;
  o.mode = durability::none;
  auto s = open_ok(path, o);
  for (int i = first; i < first + n; ++i) REQUIRE(s->submit_json(report(i)).find("\"accepted\":true") != std::string::npos);
  s.reset();
  return read_file(path);
}

muster::status open_error(const std::string& path, const session_options& o = {}) {
  muster::status err;
  auto s = open_session(path, err, o);
  CHECK_FALSE(s);
  return err;
}

}  // namespace

TEST_CASE("recovery: a full disk refuses the next input before it is read, in every durability mode, and loses nothing accepted") {
  for (const durability mode : {durability::every_event, durability::batch, durability::none}) {
    CAPTURE(muster::to_string(mode));
    temp_dir dir;
    const std::string path = dir.file("j");
    session_options o;
    o.mode = mode;
    auto s = open_ok(path, o);
    int accepted = 0;
    std::string digest_before_refusal, refusal, error;
    {
      const file_size_limit disk(1536 * 1024);  // room for ~700 reports and their repetitions
      // Each report sent again three times (a host retrying): duplicates are written by the
      // journal's thread in none and batch, from a capture of their outcome.
      for (int i = 0; i < 16000 && refusal.empty(); ++i) {
        const std::string before = s->state_digest();
        const std::string out = s->submit_json(report(i / 4));
        if (out.find("\"accepted\":true") != std::string::npos) {
          ++accepted;
          continue;
        }
        refusal = out;
        error = s->last_error().message();
        digest_before_refusal = before;
        CHECK(s->state_digest() == before);  // nothing changed
      }
      CHECK(s->flush());  // everything accepted is written and synced: nothing failed on the journal's thread
    }
    INFO(refusal);
    REQUIRE_FALSE(refusal.empty());
    CHECK(accepted > 500);
    CHECK(refusal.find("internal_error") != std::string::npos);
    CHECK(error.find("refused before it was read") != std::string::npos);
    CHECK(error.find("File too large") != std::string::npos);
    CHECK_FALSE(s->failed());
    s.reset();
    // Reopened: every accepted input is there, and the refused one is not.
    auto again = open_ok(path, o);
    CHECK(again->recovery().events_replayed == static_cast<std::uint64_t>(accepted));  // duplicates too
    CHECK(again->recovery().records_restored == 0);
    CHECK(again->state_digest() == digest_before_refusal);
  }
}

TEST_CASE("recovery: the report says what opening found, cut and restored, and where the journal ends") {
  temp_dir dir;
  const std::string path = dir.file("j");
  {
    auto s = open_ok(path);
    CHECK(s->recovery().created);
    CHECK(s->recovery().head.seq == 0);
    CHECK(s->recovery().head.hash.size() == 64);
    REQUIRE(s->submit_json(report(1)).find("\"accepted\":true") != std::string::npos);
    REQUIRE(s->flush());
  }
  const std::string full = read_file(path);
  muster::journal_head head;
  {
    auto s = open_ok(path);
    CHECK_FALSE(s->recovery().created);
    head = s->recovery().head;
    CHECK(head.seq + 1 == s->journal().next_seq);
    CHECK(s->journal().durable_head.hash == head.hash);
    CHECK(full.find(head.hash) != std::string::npos);
  }
  // Half the last record cut: dropped and counted, then restored by replay.
  write_file(path, full.substr(0, full.size() - 40));
  auto s = open_ok(path);
  CHECK(s->recovery().torn_bytes > 0);
  CHECK(s->recovery().records_restored == 1);
}

TEST_CASE("recovery: a host's last durable head refuses a journal cut back, at a record boundary or inside a record") {
  temp_dir dir;
  const std::string path = dir.file("j");
  const std::string full = journal_of(path, 20);
  muster::journal_head head;
  {
    auto s = open_ok(path);
    head = s->recovery().head;
  }
  session_options expect;
  expect.expected_head = head;
  CHECK(open_ok(path, expect)->recovery().head.seq == head.seq);  // the whole journal: it opens

  // Cut at the boundary of record 45 (a clean end: without the head, nothing shows it) …
  std::vector<std::uint64_t> starts;
  REQUIRE(muster::scan_journal(path, [&](const muster::journal_record& r) {
            starts.push_back(r.offset);
            return muster::status();
          }).ok());
  REQUIRE(starts.size() > 60);
  write_file(path, full.substr(0, starts[45]));
  muster::status err = open_error(path, expect);
  CHECK(err.message().find("journal-truncated") != std::string::npos);
  CHECK(err.message().find("ends at record 44") != std::string::npos);
  CHECK(err.code() == muster::status_code::journal_truncated);
  CHECK(err.message().find("record " + std::to_string(head.seq)) != std::string::npos);
  CHECK(read_file(path) == full.substr(0, starts[45]));  // left as it was

  // … and in the middle of record 45, which alone would look like a torn write.
  write_file(path, full.substr(0, starts[45] + 30));
  err = open_error(path, expect);
  CHECK(err.message().find("journal-truncated") != std::string::npos);
  CHECK(read_file(path) == full.substr(0, starts[45] + 30));  // the torn tail is not cut either

  // Another journal, as long: its record at the head's seq has another hash.
  temp_dir other;
  journal_of(other.file("j"), 21, 1000);
  err = open_error(other.file("j"), expect);
  CHECK(err.message().find("journal-head-mismatch") != std::string::npos);
  CHECK(err.message().find(":" + std::to_string(head.seq + 1) + ": ") != std::string::npos);
  CHECK(err.code() == muster::status_code::journal_head_mismatch);
  CHECK(err.where().line == head.seq + 1);

  // No journal at all: not created.
  err = open_error(dir.file("missing"), expect);
  CHECK(err.message().find("journal-missing") != std::string::npos);
  CHECK(err.code() == muster::status_code::journal_missing);
  CHECK_FALSE(std::filesystem::exists(dir.file("missing")));
}

TEST_CASE("recovery: a file without a whole header is damage, never a new empty journal") {
  temp_dir dir;
  const std::string path = dir.file("j");
  const std::string created = journal_of(path, 0);  // the header, then the registry's copy
  const std::string header = created.substr(0, created.find('\n') + 1);
  for (const std::size_t keep : {std::size_t{0}, header.size() / 2, header.size() - 1}) {
    CAPTURE(keep);
    write_file(path, header.substr(0, keep));
    const muster::status err = open_error(path);
    CHECK(err.message().find("journal-damaged: record 0 (byte 0)") != std::string::npos);
    CHECK(err.message().find("no complete header") != std::string::npos);
    CHECK(err.code() == muster::status_code::journal_damaged);
    CHECK(read_file(path) == header.substr(0, keep));
    CHECK_FALSE(muster::scan_journal(path, {}).ok());
  }
  // A new journal is created whole: no temporary file is left beside it.
  std::filesystem::remove(path);
  open_ok(path);
  CHECK(read_file(path) == created);
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path), std::filesystem::directory_iterator{}) == 1);
}

TEST_CASE("recovery: a damaged record followed by complete ones is refused at its record and byte, not cut as a torn tail") {
  temp_dir dir;
  const std::string path = dir.file("j");
  const std::string full = journal_of(path, 3);
  std::vector<std::uint64_t> starts;
  REQUIRE(muster::scan_journal(path, [&](const muster::journal_record& r) {
            starts.push_back(r.offset);
            return muster::status();
          }).ok());
  // A hole of zeros (pages a crash never wrote) inside record 4, whole records after it.
  std::string bytes = full;
  for (std::uint64_t i = starts[4] + 10; i < starts[4] + 60; ++i) bytes[i] = '\0';
  write_file(path, bytes);
  const muster::status err = open_error(path);
  CHECK(err.message().find("journal-damaged: record 4 (byte " + std::to_string(starts[4]) + ")") != std::string::npos);
  CHECK(read_file(path) == bytes);
}

TEST_CASE("recovery: replay_journal, as muster verify runs it, refuses exactly what opening refuses") {
  temp_dir dir;
  const std::string path = dir.file("j");
  journal_of(path, 4);
  session_options o;
  o.journal_path = path;
  muster::recovery_report rep;
  const muster::journal_scan ok = muster::replay_journal(weihai().policy, weihai().forces, o, rep);
  CHECK(ok.ok());
  CHECK(rep.events_replayed == 4);
  CHECK(rep.digest == open_ok(path)->state_digest());

  // Re-hashed forgeries: the chain holds, replay does not.
  struct rec {
    std::string type, body;
  };
  std::vector<rec> recs;
  REQUIRE(muster::scan_journal(path, [&](const muster::journal_record& r) {
            recs.push_back({std::string(r.type), std::string(r.body)});
            return muster::status();
          }).ok());
  auto forge = [&](const std::string& name, std::vector<rec> edited) {
    const std::string copy = dir.file(name);
    const muster::journal_header h{std::string(muster::journal_format), MUSTER_VERSION_STRING, weihai().policy->digest,
                                   weihai().forces->digest};
    muster::journal_options jo;
    jo.mode = durability::every_event;
    muster::journal_scan scan;
    auto j = muster::journal::open(copy, h, jo, {}, scan);
    REQUIRE(j);
    for (std::size_t i = 1; i < edited.size(); ++i) j->stage(edited[i].type, edited[i].body);
    REQUIRE(j->commit(true).ok());
    return copy;
  };
  std::vector<rec> other_addressee = recs, extra_effect = recs;
  // Records: the header, the registry's copy, the first event, its first effect.
  REQUIRE(recs[3].type == "effect");
  const std::size_t at = other_addressee[3].body.find("\"to\":\"");
  REQUIRE(at != std::string::npos);
  other_addressee[3].body.insert(at + 6, "x");
  extra_effect.push_back(recs[3]);
  for (const std::string& forged : {forge("addressee", other_addressee), forge("extra", extra_effect)}) {
    CAPTURE(forged);
    REQUIRE(muster::scan_journal(forged, {}).ok());  // the chain alone says ok
    o.journal_path = forged;
    const muster::journal_scan v = muster::replay_journal(weihai().policy, weihai().forces, o, rep);
    CHECK_FALSE(v.ok());
    const muster::status err = open_error(forged);
    CHECK(v.error.message().find("journal-replay-mismatch") != std::string::npos);
    CHECK(err.message() == "refusing to start: " + v.error.message());
    CHECK(err.code() == muster::status_code::journal_replay_mismatch);
    CHECK(v.error.code() == err.code());
  }
}

TEST_CASE("recovery: past the host's durable head, a hole of zeros (pages a power cut lost) is cut as a torn tail; at or before it, and without it, it is damage") {
  temp_dir dir;
  const std::string path = dir.file("j");
  const std::string full = journal_of(path, 4);
  std::vector<std::uint64_t> starts, events;
  std::vector<std::string> hashes;
  REQUIRE(muster::scan_journal(path, [&](const muster::journal_record& r) {
            starts.push_back(r.offset);
            hashes.emplace_back(r.hash);
            if (r.type == "event") events.push_back(r.seq);
            return muster::status();
          }).ok());
  REQUIRE(events.size() == 4);
  auto digest_of = [&](int reports) {
    temp_dir other;
    journal_of(other.file("j"), reports);
    return open_ok(other.file("j"))->state_digest();
  };
  const muster::journal_head durable{events[1] - 1, hashes[events[1] - 1]};  // the first report's records
  auto with_head = [](const muster::journal_head& h) {
    session_options o;
    o.expected_head = h;
    return o;
  };
  struct hole_case {
    const char* what;
    std::uint64_t record;   // the record the hole breaks
    std::uint64_t from, to; // zeros, as offsets from its start
    int events_kept;
  };
  // The second report's event record, and its second effect record (the event then stands and
  // its outcome records are restored); whole records after the hole in each.
  const hole_case cases[] = {
      {"zeros inside an event record", events[2], 10, 60, 2},
      {"zeros from an event record's first byte", events[2], 0, 100, 2},
      {"zeros over the end of an effect record and the start of the next", events[2] + 2, 40, 600, 3},
  };
  for (const hole_case& c : cases) {
    CAPTURE(c.what);
    std::string bytes = full;
    for (std::uint64_t i = starts[c.record] + c.from; i < starts[c.record] + c.to; ++i) bytes[i] = '\0';
    const std::string at = "journal-damaged: record " + std::to_string(c.record) + " (byte " + std::to_string(starts[c.record]) + ")";
    // Without the head it cannot be told from zeros over synced records: refused, and the
    // message says how to open it.
    write_file(path, bytes);
    muster::status err = open_error(path);
    CHECK(err.message().find(at) != std::string::npos);
    CHECK(err.message().find("power cut") != std::string::npos);
    CHECK(read_file(path) == bytes);
    // A head at or past the broken record: records reported durable are damaged.
    err = open_error(path, with_head({c.record, hashes[c.record]}));
    CHECK(err.message().find(at) != std::string::npos);
    CHECK(read_file(path) == bytes);
    // A head before it: the journal ends where the hole begins; the rest is a torn tail.
    session_options o = with_head(durable);
    muster::recovery_report seen;
    o.journal_path = path;
    const muster::journal_scan v = muster::replay_journal(weihai().policy, weihai().forces, o, seen);
    CHECK(v.ok());
    CHECK(v.torn_hole);
    CHECK(read_file(path) == bytes);  // verify changes nothing
    std::string digest;
    {
      auto s = open_ok(path, o);
      const muster::recovery_report& rep = s->recovery();
      CHECK(rep.torn_hole);
      CHECK(rep.torn_bytes == full.size() - starts[c.record]);
      CHECK(rep.events_replayed == static_cast<std::uint64_t>(c.events_kept));
      CHECK(rep.head.seq >= durable.seq);
      CHECK(rep.summary().find("hole of zeros") != std::string::npos);
      digest = s->state_digest();
    }
    CHECK(digest == digest_of(c.events_kept));
    // What is left is the journal as written, up to the last input kept (its outcome restored).
    const std::uint64_t end = starts[events[static_cast<std::size_t>(c.events_kept)]];
    CHECK(read_file(path) == full.substr(0, end));
  }
  // Not a hole: a changed byte past the head is damage as before, zeros after it or not.
  for (const bool zeros_after : {false, true}) {
    CAPTURE(zeros_after);
    std::string bytes = full;
    const std::uint64_t r = events[2] + 2;
    bytes[starts[r] + 3] = '9';  // {"s9q":…
    if (zeros_after)
      for (std::uint64_t i = starts[r] + 40; i < starts[r] + 90; ++i) bytes[i] = '\0';
    write_file(path, bytes);
    const muster::status err = open_error(path, with_head(durable));
    CHECK(err.message().find("journal-damaged: record " + std::to_string(r)) != std::string::npos);
    CHECK(read_file(path) == bytes);
  }
}
