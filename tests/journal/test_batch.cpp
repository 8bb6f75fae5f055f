// Batches (session::submit_batch, include/muster/session.hpp): JSON Lines in, one outcome per
// event line out, each as submit_json would give it; one journal commit for the whole batch
// (every_event: one write, one sync); a failed write refuses every line and changes nothing;
// no room part-way keeps the lines before and refuses the rest; a stopped session refuses all.
#include "engine/scenario.hpp"
#include "journal/journal_files.hpp"

#include "journal/journal_writer.hpp"
#include <muster/session.hpp>

#include <doctest/doctest.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;
using muster::durability;
using muster::journal_io;
using muster::outcome_text;
using muster::rejection;
using muster::session;
using session_options = muster_test::test_session_options;
using muster_test::open_ok;
using muster_test::read_file;
using muster_test::weihai;

/// Scratch directories named for this suite.
struct temp_dir : muster_test::temp_dir {
  temp_dir() : muster_test::temp_dir("muster-batch-test") {}
};

namespace {

std::unique_ptr<session> memory() { return open_ok(""); }

// A flood in Wendeng, 2026-10-10: a rejection (e3), a repeated id (e4 again), a garbled line
// (e-bad) and a clock advance that fires timers (t1) among accepted events.
const std::vector<std::string> incident = {
    R"({"id":"e1","kind":"incident.report","at":"2026-10-10T09:00:00+08:00","actor":"wendeng_water","incident":"wendeng-flood-1","jurisdiction":"wendeng","incident_type":"flood","grade":"general"})",
    R"({"id":"e2","kind":"plan.draft","at":"2026-10-10T09:01:00+08:00","actor":"wendeng_fire","incident":"wendeng-flood-1","forces":["wendeng_flood_team","weihai_emergency_medical"]})",
    R"({"id":"e3","kind":"request.approve","at":"2026-10-10T09:02:00+08:00","actor":"rongcheng_em","incident":"wendeng-flood-1","request":1})",
    R"({"id":"e4","kind":"request.approve","at":"2026-10-10T09:05:00+08:00","actor":"wendeng_em","incident":"wendeng-flood-1","request":1})",
    R"({"id":"e5","kind":"order.ack","at":"2026-10-10T09:06:00+08:00","actor":"wendeng_water","incident":"wendeng-flood-1","order":1})",
    R"({"id":"e4","kind":"request.approve","at":"2026-10-10T09:05:00+08:00","actor":"wendeng_em","incident":"wendeng-flood-1","request":1})",
    R"({"id":"e-bad","kind":"order.ack","at":)",
    // order 2's acknowledgement is overdue at 09:20: the clock's advance fires escalations
    R"({"id":"t1","kind":"clock.advance","at":"2026-10-10T09:21:00+08:00"})",
    R"({"id":"e6","kind":"order.ack","at":"2026-10-10T09:22:00+08:00","actor":"weihai_health","incident":"wendeng-flood-1","order":2})",
    R"({"id":"e7","kind":"order.arrive","at":"2026-10-10T09:40:00+08:00","actor":"wendeng_water","incident":"wendeng-flood-1","order":1})",
    R"({"id":"e8","kind":"order.release","at":"2026-10-10T11:00:00+08:00","actor":"wendeng_fire","incident":"wendeng-flood-1","order":1})",
    R"({"id":"e9","kind":"incident.conclude","at":"2026-10-10T12:00:00+08:00","actor":"wendeng_em","incident":"wendeng-flood-1"})",
};

/// A building fire of its own in Rushan at `at` (accepted whatever the flood above has reached).
std::string other_report(const std::string& id, const std::string& incident_id, const std::string& at = "2026-10-10T08:00:00+08:00") {
  return R"({"id":")" + id + R"(","kind":"incident.report","at":")" + at + R"(","actor":"rushan_em","incident":")" + incident_id +
         R"(","jurisdiction":"rushan","incident_type":"building_fire","grade":"general"})";
}

std::string jsonl(const std::vector<std::string>& lines, const std::string& eol = "\n") {
  std::string s;
  for (const auto& l : lines) s += l + eol;
  return s;
}

/// The answers of a fresh in-memory session fed `lines` one by one with submit_json.
std::vector<outcome_text> one_by_one(const std::vector<std::string>& lines, std::string* digest = nullptr) {
  auto s = memory();
  std::vector<outcome_text> outs(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) s->submit_json(lines[i], outs[i]);
  if (digest != nullptr) *digest = s->state_digest();
  return outs;
}

void check_same_answer(const outcome_text& got, const outcome_text& want) {
  CHECK(got.json == want.json);
  CHECK(got.accepted == want.accepted);
  CHECK(got.duplicate == want.duplicate);
  CHECK(got.reason == want.reason);
  CHECK(got.detail == want.detail);
  CHECK(got.refused == want.refused);
  REQUIRE(got.effects.size() == want.effects.size());
  for (std::size_t i = 0; i < got.effects.size(); ++i) {
    CHECK(got.effects[i].offset == want.effects[i].offset);
    CHECK(got.effects[i].length == want.effects[i].length);
  }
}

void check_refused(const outcome_text& o, const std::string& why) {
  INFO(o.json);
  CHECK(o.refused);
  CHECK_FALSE(o.accepted);
  CHECK(o.reason == rejection::internal_error);
  CHECK(o.effects.empty());
  CHECK(o.detail.find(why) != std::string::npos);
}

/// Every record type of a journal file, in order.
std::vector<std::string> record_types(const std::string& path) {
  std::vector<std::string> v;
  const muster::journal_scan scan = muster::scan_journal(path, [&](const muster::journal_record& r) {
    v.emplace_back(r.type);
    return muster::status();
  });
  REQUIRE(scan.ok());
  return v;
}

}  // namespace

TEST_CASE("batch: each line is answered as submit_json would answer it, and the state is the same") {
  std::string want_digest;
  const std::vector<outcome_text> want = one_by_one(incident, &want_digest);
  REQUIRE(want[0].accepted);
  REQUIRE(want[2].reason == rejection::actor_lacks_role);
  REQUIRE(want[5].duplicate);
  REQUIRE(want[6].reason == rejection::malformed);
  REQUIRE(want[7].accepted);
  REQUIRE_FALSE(want[7].effects.empty());  // the timers fired

  temp_dir dir;
  for (const char* where : {"memory", "every_event", "batch", "none"}) {
    CAPTURE(where);
    session_options o;
    std::string path;
    if (std::string(where) != "memory") {
      path = dir.file(where);
      o.mode = std::string(where) == "every_event" ? durability::every_event
               : std::string(where) == "batch"     ? durability::batch
                                                   : durability::none;
    }
    auto s = open_ok(path, o);
    std::vector<outcome_text> got;
    REQUIRE(s->submit_batch(jsonl(incident), got) == incident.size());
    REQUIRE(got.size() >= incident.size());
    for (std::size_t i = 0; i < incident.size(); ++i) {
      CAPTURE(i);
      check_same_answer(got[i], want[i]);
    }
    CHECK(s->state_digest() == want_digest);
    // The batch's first problem: e3's rejection is an outcome, not a problem; the garbled line is.
    CHECK(s->last_error().message() == want[6].detail);
    if (!path.empty()) {
      s.reset();
      CHECK(open_ok(path)->state_digest() == want_digest);
    }
  }
}

TEST_CASE("batch: blank lines and \\r\\n line ends are skipped, and the last line needs no newline") {
  const std::vector<std::string> events = {incident[0], incident[1], incident[2]};
  std::string want_digest;
  const std::vector<outcome_text> want = one_by_one(events, &want_digest);
  const std::string text = "\n   \n" + events[0] + "\r\n\t \r\n\r\n" + events[1] + "\n\n" + events[2];  // no newline at the end
  auto s = memory();
  std::vector<outcome_text> got;
  REQUIRE(s->submit_batch(text, got) == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CAPTURE(i);
    check_same_answer(got[i], want[i]);
  }
  // Each outcome says which line of the text it answers, blank lines counted.
  CHECK(got[0].line == 3);
  CHECK(got[1].line == 6);
  CHECK(got[2].line == 8);
  CHECK(s->state_digest() == want_digest);
  s->submit_json(incident[3], got[2]);  // one input alone answers no line of a batch
  CHECK(got[2].line == 0);

  // \r\n everywhere, the last line ended too.
  auto crlf = memory();
  REQUIRE(crlf->submit_batch(jsonl(events, "\r\n"), got) == 3);
  for (std::size_t i = 0; i < 3; ++i) check_same_answer(got[i], want[i]);
  CHECK(crlf->state_digest() == want_digest);
}

TEST_CASE("batch: empty input, or only blank lines, answers nothing and changes nothing") {
  temp_dir dir;
  const std::string path = dir.file("j");
  session_options o;
  o.mode = durability::every_event;
  auto s = open_ok(path, o);
  const std::string digest = s->state_digest();
  const std::string file = read_file(path);
  const muster::journal_counters before = s->journal().counters;
  std::vector<outcome_text> outs;
  for (const char* text : {"", "\n", "\r\n", " \t\n\n\r\n  "}) {
    CAPTURE(text);
    CHECK(s->submit_batch(text, outs) == 0);
    CHECK(outs.empty());
    CHECK(s->last_error().ok());
  }
  CHECK(s->state_digest() == digest);
  CHECK(read_file(path) == file);
  CHECK(s->journal().counters.writes == before.writes);
  CHECK(s->journal().counters.fsyncs == before.fsyncs);
}

TEST_CASE("batch: a malformed line in the middle is a malformed rejection, the others go on, and the journal records it") {
  temp_dir dir;
  const std::string path = dir.file("j");
  session_options o;
  o.mode = durability::every_event;
  const std::vector<std::string> lines = {incident[0], "{\"id\":\"x1\",\"kind\":", incident[1]};
  std::string want_digest;
  const std::vector<outcome_text> want = one_by_one(lines, &want_digest);
  {
    auto s = open_ok(path, o);
    std::vector<outcome_text> got;
    REQUIRE(s->submit_batch(jsonl(lines), got) == 3);
    CHECK(got[0].accepted);
    CHECK_FALSE(got[1].accepted);
    CHECK(got[1].reason == rejection::malformed);
    CHECK_FALSE(got[1].refused);
    CHECK_FALSE(got[1].detail.empty());
    CHECK(got[2].accepted);
    for (std::size_t i = 0; i < 3; ++i) check_same_answer(got[i], want[i]);
    CHECK(s->last_error().message() == got[1].detail);  // the batch's first problem
    CHECK(s->state_digest() == want_digest);
  }
  // The journal holds the garbled line as a rejection record, between the two events.
  const std::vector<std::string> types = record_types(path);
  std::size_t events = 0, rejections = 0;
  for (const auto& t : types) {
    events += t == "event";
    rejections += t == "rejection";
  }
  CHECK(events == 2);
  CHECK(rejections == 1);
  auto again = open_ok(path, o);
  CHECK(again->recovery().malformed == 1);
  CHECK(again->recovery().events_replayed == 2);
  CHECK(again->state_digest() == want_digest);
}

TEST_CASE("batch: a repeated id in the same batch is a duplicate with the first outcome") {
  const std::vector<std::string> lines = {incident[0], incident[0], incident[1], incident[0]};
  std::string want_digest;
  const std::vector<outcome_text> want = one_by_one(lines, &want_digest);
  auto s = memory();
  std::vector<outcome_text> got;
  REQUIRE(s->submit_batch(jsonl(lines), got) == 4);
  CHECK(got[0].accepted);
  CHECK_FALSE(got[0].duplicate);
  for (std::size_t i : {1, 3}) {
    CAPTURE(i);
    CHECK(got[i].accepted);
    CHECK(got[i].duplicate);
    CHECK(got[i].effects.size() == got[0].effects.size());
  }
  for (std::size_t i = 0; i < 4; ++i) check_same_answer(got[i], want[i]);
  CHECK(s->state_digest() == want_digest);
  CHECK(s->last_error().ok());
}

TEST_CASE("batch: with every_event durability the batch is one write and one sync, and reopening gives the same state") {
  temp_dir dir;
  const std::string path = dir.file("j");
  session_options o;
  o.mode = durability::every_event;
  auto s = open_ok(path, o);
  REQUIRE(s->submit_json(other_report("pre", "rushan-1")).find("\"accepted\":true") != std::string::npos);
  const muster::journal_counters before = s->journal().counters;
  std::vector<outcome_text> got;
  REQUIRE(s->submit_batch(jsonl(incident), got) == incident.size());
  const muster::journal_counters after = s->journal().counters;
  CHECK(after.writes == before.writes + 1);
  CHECK(after.fsyncs == before.fsyncs + 1);
  CHECK(after.failures == before.failures);
  CHECK(after.records - before.records >= incident.size());  // an event record per line at least (one rejection record for e-bad)
  CHECK(s->journal().durable_seq == s->journal().next_seq);  // durable when submit_batch returns
  const std::string digest = s->state_digest();
  s.reset();
  CHECK(open_ok(path, o)->state_digest() == digest);
}

TEST_CASE("batch: a failed write refuses every line and leaves the state as before the batch") {
  temp_dir dir;
  const std::string path = dir.file("j");
  muster_test::write_failure fail;
  session_options o;
  o.mode = durability::every_event;
  o.fault = fail.hook();
  auto s = open_ok(path, o);
  std::vector<outcome_text> outs;
  REQUIRE(s->submit_batch(jsonl({incident[0], incident[1]}), outs) == 2);
  REQUIRE(outs[1].accepted);
  const std::string digest = s->state_digest();
  const std::string file = read_file(path);
  const std::vector<std::string> rest(incident.begin() + 2, incident.end());  // a rejection, a duplicate, a malformed line too

  // Nothing written, a part, all but the last byte.
  std::size_t (*const cuts[])(std::size_t) = {[](std::size_t) -> std::size_t { return 0; },
                                               [](std::size_t n) { return n / 2; }, [](std::size_t n) { return n - 1; }};
  for (auto cut : cuts) {
    fail.arm(cut);
    REQUIRE(s->submit_batch(jsonl(rest), outs) == rest.size());
    CHECK_FALSE(fail.armed);  // the write was tried
    for (std::size_t i = 0; i < rest.size(); ++i) {
      CAPTURE(i);
      check_refused(outs[i], "No space left on device");
    }
    CHECK(s->last_error().message().find("No space left on device") != std::string::npos);
    CHECK(s->last_error().message().find("batch was not recorded") != std::string::npos);
    CHECK(s->last_error().code() == muster::status_code::no_space);
    CHECK_FALSE(s->failed());
    CHECK(s->state_digest() == digest);
    CHECK(read_file(path) == file);  // no half batch left behind
    const muster::journal_scan scan = muster::scan_journal(path, {});
    CHECK(scan.ok());
    CHECK(scan.torn_bytes == 0);
  }
  // Room again: the same batch goes through as if the failures never happened.
  REQUIRE(s->submit_batch(jsonl(rest), outs) == rest.size());
  std::string want_digest;
  const std::vector<outcome_text> want = one_by_one(incident, &want_digest);
  for (std::size_t i = 0; i < rest.size(); ++i) {
    CAPTURE(i);
    check_same_answer(outs[i], want[i + 2]);
  }
  CHECK(s->state_digest() == want_digest);
  s.reset();
  CHECK(open_ok(path, o)->state_digest() == want_digest);
}

TEST_CASE("batch: no room part-way keeps the lines before and refuses the rest before they are read") {
  // The journal reserves 1 MiB at a time, ahead of the records staged: a batch of large
  // (garbled, so they change no state) lines outgrows it part-way, and the reserve that
  // follows fails.
  const std::string pad_text(60000, 'x');
  std::vector<std::string> lines = {incident[0]};
  for (int i = 0; i < 24; ++i) lines.push_back(R"({"id":"pad)" + std::to_string(i) + R"(","note":")" + pad_text + "\"}");
  lines.push_back(incident[1]);

  temp_dir dir;
  for (durability mode : {durability::every_event, durability::batch}) {
    CAPTURE(muster::to_string(mode));
    const std::string path = dir.file(std::string("j-") + muster::to_string(mode));
    bool full = false;
    int refused_reserves = 0;
    session_options o;
    o.mode = mode;
    o.fault = [&](journal_io op, std::uint64_t, std::size_t) -> muster::journal_fault {
      if (op != journal_io::reserve || !full) return {};
      ++refused_reserves;
      return {ENOSPC, 0};
    };
    auto s = open_ok(path, o);
    REQUIRE(s->submit_json(other_report("pre", "rushan-1")).find("\"accepted\":true") != std::string::npos);  // reserves 1 MiB
    full = true;
    std::vector<outcome_text> outs;
    REQUIRE(s->submit_batch(jsonl(lines), outs) == lines.size());
    CHECK(refused_reserves == 2);  // asked once (a step, then exactly what the line needs), then each further line is refused unread
    std::size_t first_refused = lines.size();
    for (std::size_t i = 0; i < lines.size(); ++i)
      if (outs[i].refused) {
        first_refused = i;
        break;
      }
    INFO("first refused line: " << first_refused);
    CHECK(first_refused > 1);                 // e1 and some padding fitted …
    CHECK(first_refused < lines.size() - 1);  // … not all of it
    CHECK(outs[0].accepted);
    for (std::size_t i = 1; i < first_refused; ++i) CHECK(outs[i].reason == rejection::malformed);
    for (std::size_t i = first_refused; i < lines.size(); ++i) {
      CAPTURE(i);
      check_refused(outs[i], "No space left on device");
    }
    CHECK_FALSE(s->failed());
    CHECK(s->last_error().message() == outs[1].detail);  // the batch's first problem: the first garbled line

    std::string want_digest;
    one_by_one({other_report("pre", "rushan-1"), incident[0]}, &want_digest);
    CHECK(s->state_digest() == want_digest);
    s.reset();
    auto again = open_ok(path, o);
    CHECK(again->recovery().events_replayed == 2);
    CHECK(again->recovery().malformed == first_refused - 1);
    CHECK(again->state_digest() == want_digest);
  }
}

TEST_CASE("batch: no room at the first line refuses every line, and nothing changes") {
  temp_dir dir;
  const std::string path = dir.file("j");
  bool full = false;
  session_options o;
  o.mode = durability::every_event;
  o.fault = [&](journal_io op, std::uint64_t, std::size_t) -> muster::journal_fault {
    return op == journal_io::reserve && full ? muster::journal_fault{ENOSPC, 0} : muster::journal_fault{};
  };
  auto s = open_ok(path, o);
  full = true;  // nothing is reserved yet: the first line asks
  const std::string digest = s->state_digest();
  const std::string file = read_file(path);
  std::vector<outcome_text> outs;
  REQUIRE(s->submit_batch(jsonl({incident[0], "{garbled", incident[1]}), outs) == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CAPTURE(i);
    check_refused(outs[i], "No space left on device");
  }
  CHECK(s->last_error().message().find("refused before it was read") != std::string::npos);
  CHECK(s->last_error().code() == muster::status_code::no_space);
  CHECK_FALSE(s->failed());
  CHECK(s->state_digest() == digest);
  CHECK(read_file(path) == file);
  // Room again: the same batch goes through.
  full = false;
  REQUIRE(s->submit_batch(jsonl({incident[0], "{garbled", incident[1]}), outs) == 3);
  CHECK(outs[0].accepted);
  CHECK(outs[1].reason == rejection::malformed);
  CHECK(outs[2].accepted);
}

TEST_CASE("batch: a stopped session refuses the whole batch") {
  temp_dir dir;
  const std::string path = dir.file("j");
  muster_test::sync_failure sync;
  session_options o;
  o.mode = durability::every_event;
  o.fault = sync.hook();
  auto s = open_ok(path, o);
  std::vector<outcome_text> outs;
  REQUIRE(s->submit_batch(jsonl({incident[0]}), outs) == 1);
  REQUIRE(outs[0].accepted);
  sync.failing = true;
  REQUIRE(s->submit_batch(jsonl({incident[1]}), outs) == 1);  // the sync fails: the session stops
  REQUIRE(s->failed());
  sync.failing = false;
  const std::string digest = s->state_digest();
  const std::vector<std::string> lines = {incident[2], "{not json", other_report("later", "rushan-9")};
  REQUIRE(s->submit_batch(jsonl(lines), outs) == lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    CAPTURE(i);
    check_refused(outs[i], "session stopped");
  }
  CHECK(s->failed());
  CHECK(s->last_error().message().find("Input/output error") != std::string::npos);
  CHECK(s->state_digest() == digest);
}

TEST_CASE("batch: the outcomes vector is reused, never shrunk, and the return value is the count") {
  auto s = memory();
  std::vector<outcome_text> outs(1);
  outs[0].refused = true;  // left over from somewhere else: nothing of it may show
  outs[0].detail = "stale";
  outs[0].json = "stale";
  const std::vector<std::string> first = {"{\"id\":", incident[0], incident[1]};
  REQUIRE(s->submit_batch(jsonl(first), outs) == 3);
  CHECK(outs.size() == 3);
  CHECK_FALSE(outs[0].refused);
  CHECK(outs[0].reason == rejection::malformed);
  CHECK(outs[1].accepted);

  // A smaller batch: its answers in outs[0..1), the vector keeps its size.
  REQUIRE(s->submit_batch(jsonl({other_report("r1", "rushan-1", "2026-10-10T12:30:00+08:00")}), outs) == 1);
  CHECK(outs.size() == 3);
  CHECK(outs[0].accepted);
  CHECK_FALSE(outs[0].refused);
  CHECK(outs[0].reason == rejection::none);
  CHECK(outs[0].detail.empty());
  CHECK_FALSE(outs[0].effects.empty());
  CHECK(outs[0].json.find("rushan-1") != std::string::npos);
  CHECK(s->last_error().ok());

  // And as submit_json would answer it.
  auto alone = memory();
  outcome_text want;
  for (const auto& l : first) alone->submit_json(l, want);
  alone->submit_json(other_report("r1", "rushan-1", "2026-10-10T12:30:00+08:00"), want);
  check_same_answer(outs[0], want);
  CHECK(s->state_digest() == alone->state_digest());
}
