// The journal and the session (docs/journal.md): a realistic incident written through a
// session survives a restart, a torn last record at every byte offset, and a full disk; a
// flipped bit anywhere before the end, or another policy, refuses the start; replay is a pure
// fold (same digest every time); group commit syncs as configured.
#include "engine/scenario.hpp"
#include "journal/journal_files.hpp"

#include "journal/journal_writer.hpp"
#include <muster/session.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <filesystem>

#include <sys/stat.h>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

namespace fs = std::filesystem;
using muster::durability;
using muster::journal_io;
using muster::session;
using session_options = muster_test::test_session_options;
using muster_test::open_ok;
using muster_test::open_session;
using muster_test::read_file;
using muster_test::temp_dir;
using muster_test::weihai;
using muster_test::write_file;

namespace {

/// No fsync at all: for tests that open hundreds of journals.
session_options fast() {
  session_options o;
  o.mode = durability::none;
  return o;
}

bool accepted(const std::string& outcome_json) { return outcome_json.find("\"accepted\":true") != std::string::npos; }

// ---- a realistic incident: a flood in Wendeng, 2026-10-10 (no special period) -------------------

const char* const incident_inputs[] = {
    R"({"id":"e1","kind":"incident.report","at":"2026-10-10T09:00:00+08:00","actor":"wendeng_water","incident":"wendeng-flood-1","jurisdiction":"wendeng","incident_type":"flood","grade":"general"})",
    R"({"id":"e2","kind":"plan.draft","at":"2026-10-10T09:01:00+08:00","actor":"wendeng_fire","incident":"wendeng-flood-1","forces":["wendeng_flood_team","weihai_emergency_medical"]})",
    // the wrong EM approves: rejected (actor_lacks_role), journaled as a rejection
    R"({"id":"e3","kind":"request.approve","at":"2026-10-10T09:02:00+08:00","actor":"rongcheng_em","incident":"wendeng-flood-1","request":1})",
    R"({"id":"e4","kind":"request.approve","at":"2026-10-10T09:05:00+08:00","actor":"wendeng_em","incident":"wendeng-flood-1","request":1})",
    R"({"id":"e5","kind":"order.ack","at":"2026-10-10T09:06:00+08:00","actor":"wendeng_water","incident":"wendeng-flood-1","order":1})",
    // the host retries e4: a duplicate
    R"({"id":"e4","kind":"request.approve","at":"2026-10-10T09:05:00+08:00","actor":"wendeng_em","incident":"wendeng-flood-1","request":1})",
    // a garbled line from the host: a malformed rejection
    R"({"id":"e-bad","kind":"order.ack","at":)",
    // order 2's acknowledgement is overdue at 09:20: escalation and substitutes
    "advance:2026-10-10T09:21:00+08:00",
    R"({"id":"e6","kind":"order.ack","at":"2026-10-10T09:22:00+08:00","actor":"weihai_health","incident":"wendeng-flood-1","order":2})",
    R"({"id":"e7","kind":"order.arrive","at":"2026-10-10T09:40:00+08:00","actor":"wendeng_water","incident":"wendeng-flood-1","order":1})",
    R"({"id":"e8","kind":"order.release","at":"2026-10-10T11:00:00+08:00","actor":"wendeng_fire","incident":"wendeng-flood-1","order":1})",
    R"({"id":"e9","kind":"incident.conclude","at":"2026-10-10T12:00:00+08:00","actor":"wendeng_em","incident":"wendeng-flood-1"})",
};

std::string feed(session& s, const std::string& input) {
  if (input.rfind("advance:", 0) == 0) return s.advance_json(input.substr(8));
  return s.submit_json(input);
}

/// After each input: the state digest and the journal's size.
struct checkpoint {
  std::string digest;
  std::uint64_t bytes = 0;
};

std::vector<checkpoint> run_incident(session& s, const std::string& path) {
  std::vector<checkpoint> after;
  for (const char* in : incident_inputs) {
    const std::string out = feed(s, in);
    INFO("input: " << in << "\noutcome: " << out);
    const std::string id = std::string(in);
    if (id.find("\"e3\"") != std::string::npos) CHECK(out.find("actor_lacks_role") != std::string::npos);
    else if (id.find("e-bad") != std::string::npos) CHECK(out.find("\"malformed\"") != std::string::npos);
    else CHECK(accepted(out));
    CHECK(s.last_error().ok() == (id.find("e-bad") == std::string::npos));
    after.push_back({s.state_digest(), static_cast<std::uint64_t>(fs::file_size(path))});
  }
  return after;
}

/// Every record of a journal file: where its line starts and its type.
struct line_info {
  std::uint64_t offset = 0;
  std::uint64_t size = 0;  ///< with the newline
  std::string type;
};

std::vector<line_info> records_of(const std::string& path) {
  std::vector<line_info> v;
  const muster::journal_scan scan = muster::scan_journal(path, [&](const muster::journal_record& r) {
    v.push_back({r.offset, 0, std::string(r.type)});
    return muster::status();
  });
  REQUIRE(scan.ok());
  for (std::size_t i = 0; i < v.size(); ++i) v[i].size = (i + 1 < v.size() ? v[i + 1].offset : scan.good_bytes) - v[i].offset;
  return v;
}

}  // namespace

TEST_CASE("journal: a session writes a hash-chained journal and a restart rebuilds the same state") {
  temp_dir dir;
  const std::string path = dir.file("weihai.journal");
  std::string live;
  {
    auto s = open_ok(path);
    CHECK(s->recovery().created);
    run_incident(*s, path);
    live = s->state_digest();
    CHECK(s->engine().incident(1));
  }
  // The file: one JSON object a line, header first, every record chained.
  const std::string bytes = read_file(path);
  REQUIRE(!bytes.empty());
  CHECK(bytes.back() == '\n');
  CHECK(bytes.rfind(R"({"seq":0,"type":"header","format":"muster-journal/2","engine":")", 0) == 0);
  const auto recs = records_of(path);
  std::vector<std::string> types;
  for (const auto& r : recs) types.push_back(r.type);
  CHECK(std::count(types.begin(), types.end(), "event") == 11);  // 10 events (with the duplicate) and 1 advance
  CHECK(std::count(types.begin(), types.end(), "duplicate") == 1);
  CHECK(std::count(types.begin(), types.end(), "rejection") == 2);  // e3 and the malformed line
  CHECK(std::count(types.begin(), types.end(), "effect") > 10);

  auto s = open_ok(path);
  const auto& rep = s->recovery();
  INFO(rep.summary());
  CHECK_FALSE(rep.created);
  CHECK(rep.records == recs.size());
  CHECK(rep.events_replayed == 11);
  CHECK(rep.malformed == 1);
  CHECK(rep.torn_bytes == 0);
  CHECK(rep.records_restored == 0);
  CHECK(rep.engine_version == MUSTER_VERSION_STRING);
  CHECK(rep.digest == live);
  CHECK(s->state_digest() == live);
  // Reopening changed nothing on the disk.
  CHECK(read_file(path) == bytes);

  // The session carries on where it stopped: a repeat of e9 is a duplicate, a new event appends.
  const std::string again = s->submit_json(incident_inputs[11]);
  CHECK(again.find("\"duplicate\":true") != std::string::npos);
  CHECK(s->state_digest() == live);
}

TEST_CASE("journal: replaying the same journal twice gives identical digests") {
  temp_dir dir;
  const std::string path = dir.file("j");
  std::string live;
  {
    auto s = open_ok(path);
    run_incident(*s, path);
    live = s->state_digest();
  }
  std::string first, second;
  {
    auto s = open_ok(path);
    first = s->state_digest();
  }
  {
    auto s = open_ok(path);
    second = s->state_digest();
  }
  CHECK(first == live);
  CHECK(second == first);
  // An in-memory session fed the same inputs agrees too: the state is a fold of the inputs.
  auto mem_opened = session::open(weihai().policy, weihai().forces, {});
  REQUIRE(mem_opened);
  auto mem = std::move(*mem_opened);
  CHECK_FALSE(mem->journal().recorded);
  for (const char* in : incident_inputs) feed(*mem, in);
  CHECK(mem->state_digest() == live);
}

TEST_CASE("journal: a torn last record, cut at every byte offset, is dropped and reported; the state is the last complete event's") {
  temp_dir dir;
  const std::string path = dir.file("j");
  std::vector<checkpoint> after;
  std::string before_last;
  {
    auto s = open_ok(path, fast());
    after = run_incident(*s, path);
  }
  const std::string full = read_file(path);
  const auto recs = records_of(path);
  REQUIRE(recs.size() > 3);

  SUBCASE("the last record is an effect of the last event: recovery completes the event's records") {
    const line_info last = recs.back();
    REQUIRE(last.type == "effect");
    REQUIRE(last.offset + last.size == full.size());
    for (std::uint64_t cut = last.offset; cut < full.size(); ++cut) {
      CAPTURE(cut);
      const std::string p = dir.file("cut-" + std::to_string(cut));
      write_file(p, full.substr(0, cut));
      {
        auto s = open_ok(p, fast());
        const auto& rep = s->recovery();
        CHECK(rep.torn_bytes == cut - last.offset);
        CHECK(rep.records == recs.size() - 1);
        CHECK(rep.records_restored == 1);  // the engine produced the lost effect again
        CHECK(rep.digest == after.back().digest);
        CHECK(s->state_digest() == after.back().digest);
      }
      // Deterministic: the restored journal is byte for byte the one that was cut.
      CHECK(read_file(p) == full);
      fs::remove(p);
    }
  }

  SUBCASE("the last record is an event record: the torn event is gone, the state is the one before it") {
    // Append a clock advance with nothing due: a lone event record.
    {
      auto s = open_ok(path);
      CHECK(accepted(s->advance_json("\"2026-10-10T12:00:30+08:00\"")));
    }
    const std::string longer = read_file(path);
    const auto recs2 = records_of(path);
    REQUIRE(recs2.size() == recs.size() + 1);
    const line_info last = recs2.back();
    REQUIRE(last.type == "event");
    for (std::uint64_t cut = last.offset; cut < longer.size(); ++cut) {
      CAPTURE(cut);
      const std::string p = dir.file("cut-" + std::to_string(cut));
      write_file(p, longer.substr(0, cut));
      {
        auto s = open_ok(p, fast());
        const auto& rep = s->recovery();
        CHECK(rep.torn_bytes == cut - last.offset);
        CHECK(rep.records_restored == 0);
        CHECK(rep.digest == after.back().digest);
      }
      CHECK(read_file(p) == full);  // cut back to the last complete record
      fs::remove(p);
    }
  }

  SUBCASE("zero bytes after the last record (the file grew but the data never came) are a torn tail too") {
    const std::string p = dir.file("zeros");
    write_file(p, full + std::string(4096, '\0'));
    auto s = open_ok(p);
    CHECK(s->recovery().torn_bytes == 4096);
    CHECK(s->state_digest() == after.back().digest);
  }
}

TEST_CASE("journal: damage before the end refuses the start and names the record") {
  temp_dir dir;
  const std::string path = dir.file("j");
  {
    auto s = open_ok(path, fast());
    run_incident(*s, path);
  }
  const std::string full = read_file(path);
  const auto recs = records_of(path);
  const std::size_t middle = recs.size() / 2;
  const line_info& r = recs[middle];

  struct flip {
    const char* what;
    std::uint64_t at;
    unsigned bit;
  };
  const flip flips[] = {
      {"first byte", r.offset, 0},
      {"a seq digit", r.offset + 7, 0},
      {"the middle of the body", r.offset + r.size / 2, 3},
      {"the hash", r.offset + r.size - 10, 1},
      {"the newline", r.offset + r.size - 1, 0},
      {"a byte turned into a newline", r.offset + r.size / 3, 0},
  };
  for (const flip& f : flips) {
    CAPTURE(f.what);
    std::string bytes = full;
    if (std::string(f.what) == "a byte turned into a newline") bytes[f.at] = '\n';
    else bytes[f.at] = static_cast<char>(bytes[f.at] ^ (1U << f.bit));
    const std::string p = dir.file("flipped");
    write_file(p, bytes);
    muster::status err;
    auto s = open_session(p, err);
    CHECK_FALSE(s);
    CHECK(err.message().find("refusing to start") != std::string::npos);
    CHECK(err.message().find("journal-damaged") != std::string::npos);
    CHECK(err.code() == muster::status_code::journal_damaged);
    CHECK(err.where().file == p);
    CHECK(err.where().line == middle + 1);
    CHECK(err.message().find("record " + std::to_string(middle) + " ") != std::string::npos);
    CHECK(err.message().find(p + ":" + std::to_string(middle + 1) + ":") != std::string::npos);  // path:line
    CHECK(read_file(p) == bytes);  // a refused journal is left as it was, for inspection
  }

  SUBCASE("the last complete record altered is damage too, not a torn write") {
    std::string bytes = full;
    bytes[recs.back().offset + 20] ^= 4;
    const std::string p = dir.file("last");
    write_file(p, bytes);
    muster::status err;
    CHECK_FALSE(open_session(p, err));
    CHECK(err.message().find("record " + std::to_string(recs.size() - 1) + " ") != std::string::npos);
  }

  SUBCASE("two records swapped") {
    const line_info& a = recs[middle];
    const line_info& b = recs[middle + 1];
    const std::string bytes = full.substr(0, a.offset) + full.substr(b.offset, b.size) + full.substr(a.offset, a.size) +
                              full.substr(b.offset + b.size);
    const std::string p = dir.file("swapped");
    write_file(p, bytes);
    muster::status err;
    CHECK_FALSE(open_session(p, err));
    CHECK(err.message().find("record " + std::to_string(middle) + " ") != std::string::npos);
  }

  SUBCASE("a record removed from the middle") {
    const std::string bytes = full.substr(0, r.offset) + full.substr(r.offset + r.size);
    const std::string p = dir.file("removed");
    write_file(p, bytes);
    muster::status err;
    CHECK_FALSE(open_session(p, err));
    CHECK(err.message().find("record " + std::to_string(middle) + " ") != std::string::npos);
  }

  SUBCASE("a complete last record followed by stray bytes instead of its newline") {
    std::string bytes = full;
    bytes.back() = '\x0b';  // the final newline with one bit flipped
    const std::string p = dir.file("stray");
    write_file(p, bytes);
    muster::status err;
    CHECK_FALSE(open_session(p, err));
    CHECK(err.message().find("record " + std::to_string(recs.size() - 1) + " ") != std::string::npos);
  }
}

TEST_CASE("journal: a write failure refuses the event, leaves the state as it was and the journal valid; a full disk is no_space") {
  temp_dir dir;
  const std::string path = dir.file("j");
  // An input's records are written with one write: fail the next one after arming, with
  // `kept(bytes)` of it reaching the file first (a short write, as on a full disk).
  muster_test::write_failure fail;
  session_options o;
  o.mode = durability::every_event;
  o.fault = fail.hook();
  auto s = open_ok(path, o);
  for (int i = 0; i < 3; ++i) s->submit_json(incident_inputs[i]);  // e3 is rejected, the others accepted
  REQUIRE(s->engine().request(1));
  const std::string digest = s->state_digest();
  const std::string file_before = read_file(path);

  auto check_refused = [&](const std::string& out) {
    INFO(out);
    CHECK_FALSE(fail.armed);  // the write was tried
    CHECK_FALSE(accepted(out));
    CHECK(out.find("internal_error") != std::string::npos);
    CHECK(out.find("No space left on device") != std::string::npos);
    CHECK(s->last_error().message().find("No space left on device") != std::string::npos);
    CHECK(s->last_error().code() == muster::status_code::no_space);
    CHECK(s->last_error().where().file == path);
    CHECK_FALSE(s->failed());
    CHECK(s->state_digest() == digest);
    CHECK(read_file(path) == file_before);  // no half record left behind
    const auto scan = muster::scan_journal(path, {});
    CHECK(scan.ok());
    CHECK(scan.torn_bytes == 0);
  };
  // Nothing, part of the event record, the event record and part of its outcome, all but the last byte.
  std::size_t (*const cuts[])(std::size_t) = {[](std::size_t) -> std::size_t { return 0; },
                                               [](std::size_t n) { return n / 8; }, [](std::size_t n) { return n / 2; },
                                               [](std::size_t n) { return n - 1; }};

  SUBCASE("an event (e4's approval issues two orders, files two records, notifies)") {
    for (auto cut : cuts) {
      fail.arm(cut);
      check_refused(s->submit_json(incident_inputs[3]));
    }
  }
  SUBCASE("a clock advance (the approval step is overdue at 09:16)") {
    for (auto cut : cuts) {
      fail.arm(cut);
      check_refused(s->advance_json("2026-10-10T09:21:00+08:00"));
    }
  }
  // Space again: the same event goes through, and the result is as if the failure never happened.
  CHECK(accepted(s->submit_json(incident_inputs[3])));
  CHECK(s->last_error().ok());
  const std::string expected = [&] {
    auto mem = open_ok("");
    for (int i = 0; i < 4; ++i) mem->submit_json(incident_inputs[i]);
    return mem->state_digest();
  }();
  CHECK(s->state_digest() == expected);
  s.reset();
  CHECK(open_ok(path)->state_digest() == expected);
}

TEST_CASE("journal: no room to reserve refuses the input before it is read, as no_space") {
  temp_dir dir;
  const std::string path = dir.file("j");
  bool full = false;
  int reserves = 0;
  session_options o;
  o.fault = [&](journal_io op, std::uint64_t, std::size_t) -> muster::journal_fault {
    if (op != journal_io::reserve) return {};
    ++reserves;
    return full ? muster::journal_fault{ENOSPC, 0} : muster::journal_fault{};
  };
  auto s = open_ok(path, o);
  full = true;  // nothing is reserved yet: the first input asks
  const std::string out = s->submit_json(incident_inputs[0]);
  CHECK(reserves == 2);  // a 1 MiB step, then exactly what the input needs
  CHECK_FALSE(accepted(out));
  CHECK(out.find("No space left on device") != std::string::npos);
  CHECK(s->last_error().message().find("refused before it was read") != std::string::npos);
  CHECK(s->last_error().code() == muster::status_code::no_space);
  CHECK_FALSE(s->engine().incident(1));
  CHECK(records_of(path).size() == 2);  // the header and the registry's copy only
  full = false;
  CHECK(accepted(s->submit_json(incident_inputs[0])));
  CHECK(accepted(s->submit_json(incident_inputs[1])));
  CHECK(reserves == 3);  // 1 MiB reserved at once: one call covers many events
  CHECK(s->engine().incident(1));
}

TEST_CASE("journal: a half-written record that cannot be cut back stops the session; reopening drops it") {
  temp_dir dir;
  const std::string path = dir.file("j");
  bool broken_disk = false;
  session_options o;
  o.mode = durability::every_event;  // the synchronous path: the input sees its own write fail
  o.fault = [&](journal_io op, std::uint64_t, std::size_t bytes) -> muster::journal_fault {
    if (!broken_disk) return {};
    if (op == journal_io::write) return {ENOSPC, std::min<std::size_t>(bytes / 2, 40)};  // a torn event record
    if (op == journal_io::truncate) return {EIO, 0};
    return {};
  };
  auto s = open_ok(path, o);
  REQUIRE(accepted(s->submit_json(incident_inputs[0])));
  const std::string digest = s->state_digest();
  const std::uint64_t good = fs::file_size(path);
  broken_disk = true;
  CHECK_FALSE(accepted(s->submit_json(incident_inputs[1])));
  CHECK(s->failed());
  CHECK(fs::file_size(path) > good);  // the half record is there, and nothing may follow it
  broken_disk = false;
  const std::string later = s->submit_json(incident_inputs[1]);
  CHECK(later.find("session stopped") != std::string::npos);
  CHECK(fs::file_size(path) > good);
  const std::uint64_t torn = fs::file_size(path) - good;
  s.reset();
  auto again = open_ok(path);
  CHECK(again->recovery().torn_bytes == torn);
  CHECK(again->state_digest() == digest);
  CHECK(fs::file_size(path) == good);
}

TEST_CASE("journal: an event record that reached the disk before its outcome's cut-back failed stands on reopening") {
  // The host was told the input was refused (the session stopped); the journal says the event
  // was taken, so recovery replays it and restores its outcome records: resubmitting it is safe
  // (a repeated id). docs/journal.md "Appending".
  temp_dir dir;
  const std::string path = dir.file("j");
  bool broken_disk = false;
  std::size_t event_record = 0;
  session_options o;
  o.mode = durability::every_event;  // the synchronous path: the input sees its own write fail
  o.fault = [&](journal_io op, std::uint64_t, std::size_t) -> muster::journal_fault {
    if (!broken_disk) return {};
    if (op == journal_io::write) return {ENOSPC, event_record + 10};  // the event record and 10 bytes of an effect
    if (op == journal_io::truncate) return {EIO, 0};
    return {};
  };
  auto s = open_ok(path, o);
  REQUIRE(accepted(s->submit_json(incident_inputs[0])));
  const std::string expected = [&] {
    auto mem = open_ok("");
    for (int i = 0; i < 2; ++i) mem->submit_json(incident_inputs[i]);
    return mem->state_digest();
  }();
  // The length of e2's event record: from the same inputs written to another journal.
  {
    const std::string other = dir.file("other");
    auto t = open_ok(other, fast());
    for (int i = 0; i < 2; ++i) t->submit_json(incident_inputs[i]);
    t.reset();
    const auto recs = records_of(other);
    const std::size_t at = records_of(path).size();  // e2's event record comes next
    REQUIRE(recs.size() > at);
    REQUIRE(recs[at].type == "event");
    event_record = recs[at].size;
  }
  broken_disk = true;
  CHECK_FALSE(accepted(s->submit_json(incident_inputs[1])));
  CHECK(s->failed());
  broken_disk = false;
  s.reset();
  auto again = open_ok(path);
  CHECK(again->recovery().torn_bytes == 10);
  CHECK(again->recovery().records_restored > 0);
  CHECK(again->state_digest() == expected);
  CHECK(again->submit_json(incident_inputs[1]).find("\"duplicate\":true") != std::string::npos);
}

TEST_CASE("journal: a real short write from the kernel (file size limit) is refused like a full disk") {
  temp_dir dir;
  const std::string path = dir.file("j");
  session_options o;
  o.mode = durability::every_event;  // the write happens before submit_json returns
  auto s = open_ok(path, o);
  for (int i = 0; i < 2; ++i) REQUIRE(accepted(s->submit_json(incident_inputs[i])));
  const std::string digest = s->state_digest();
  const std::string file_before = read_file(path);

  // RLIMIT_FSIZE makes write(2) stop at the limit (a short write, then EFBIG) as a full disk would.
  struct sigaction ignore {}, old_action {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGXFSZ, &ignore, &old_action);
  rlimit old_limit{};
  getrlimit(RLIMIT_FSIZE, &old_limit);
  rlimit small = old_limit;
  small.rlim_cur = file_before.size() + 100;
  REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
  const std::string out = s->submit_json(incident_inputs[3]);  // event record (~250 bytes) does not fit
  setrlimit(RLIMIT_FSIZE, &old_limit);
  sigaction(SIGXFSZ, &old_action, nullptr);

  INFO(out);
  CHECK_FALSE(accepted(out));
  CHECK(s->last_error().message().find("File too large") != std::string::npos);
  CHECK(s->last_error().code() == muster::status_code::no_space);  // EFBIG: as a full disk
  CHECK(s->state_digest() == digest);
  CHECK(read_file(path) == file_before);
  CHECK(accepted(s->submit_json(incident_inputs[3])));
}

TEST_CASE("journal: a failed fsync stops the session (the disk can no longer be trusted), as io_error") {
  temp_dir dir;
  const std::string path = dir.file("j");
  muster_test::sync_failure sync;
  session_options o;
  o.mode = durability::every_event;
  o.fault = sync.hook();
  auto s = open_ok(path, o);
  REQUIRE(accepted(s->submit_json(incident_inputs[0])));
  sync.failing = true;
  CHECK_FALSE(accepted(s->submit_json(incident_inputs[1])));
  CHECK(s->failed());
  CHECK(s->last_error().message().find("Input/output error") != std::string::npos);
  CHECK(s->last_error().code() == muster::status_code::io_error);
  sync.failing = false;
  const std::string later = s->submit_json(incident_inputs[2]);
  CHECK(later.find("session stopped") != std::string::npos);
}

namespace {
std::size_t inputs_on_disk(const std::string& path);
}  // namespace

TEST_CASE("journal: group commit syncs on the journal's thread; a failed sync there stops the session at the next input") {
  temp_dir dir;
  const std::string path = dir.file("j");
  std::atomic<bool> fail_sync{false};
  std::atomic<int> syncs{0};
  session_options o;
  o.mode = durability::batch;
  o.batch_size = 1;  // every input's records make a batch
  o.batch_interval = std::chrono::hours(1);
  o.fault = [&](journal_io op, std::uint64_t, std::size_t) -> muster::journal_fault {
    if (op != journal_io::sync) return {};
    ++syncs;  // on the journal's thread (after open's own sync of the new header)
    return fail_sync ? muster::journal_fault{EIO, 0} : muster::journal_fault{};
  };
  auto s = open_ok(path, o);
  const int created = syncs;  // the new journal's header was synced
  REQUIRE(accepted(s->submit_json(incident_inputs[0])));
  CHECK(s->journal().durable_seq == s->journal().next_seq);  // waits for the queue to be written
  CHECK(syncs == created + 1);
  CHECK(s->journal().counters.fsyncs == 2);  // the registry's copy at open, then the input

  fail_sync = true;
  // Handed to the journal's thread, whose sync will fail: the submitter does not wait for it.
  CHECK(accepted(s->submit_json(incident_inputs[1])));  // provisional
  const std::uint64_t durable = s->journal().durable_seq;  // waits: the thread has tried by now
  CHECK(durable < s->journal().next_seq);
  CHECK(s->journal().failed);
  fail_sync = false;
  // The next input finds the failure: the disk can no longer be trusted.
  CHECK_FALSE(accepted(s->submit_json(incident_inputs[2])));
  CHECK(s->failed());
  CHECK(s->last_error().message().find("Input/output error") != std::string::npos);
  CHECK(s->last_error().code() == muster::status_code::io_error);
  CHECK(s->submit_json(incident_inputs[3]).find("session stopped") != std::string::npos);
  CHECK(s->flush().code() == muster::status_code::io_error);  // the first failure's code, for good
  s.reset();
  // e2 was written before its sync failed: on this disk it survived, and reopening replays it
  // (a machine crash could have lost it: it was never acknowledged as durable).
  CHECK(inputs_on_disk(path) == 2);
  auto mem_opened = session::open(weihai().policy, weihai().forces, {});
  REQUIRE(mem_opened);
  auto mem = std::move(*mem_opened);
  for (int i = 0; i < 2; ++i) mem->submit_json(incident_inputs[i]);
  CHECK(open_ok(path)->state_digest() == mem->state_digest());
}

TEST_CASE("journal: a journal written under another policy or registry is refused (policy pinning)") {
  temp_dir dir;
  const std::string path = dir.file("j");
  {
    auto s = open_ok(path);
    REQUIRE(accepted(s->submit_json(incident_inputs[0])));
  }
  // The same rules with one comment more: another file, another digest.
  const std::string yaml = read_file(std::string(MUSTER_SOURCE_DIR) + "/rules/weihai.yaml") + "\n# amended\n";
  auto p = muster::compile_policy_text("weihai-amended.yaml", yaml);
  REQUIRE(p.ok());
  REQUIRE(p.value->digest != weihai().policy->digest);
  auto r = muster::compile_forces_file(*p.value, std::string(MUSTER_SOURCE_DIR) + "/rules/weihai-forces.yaml");
  REQUIRE(r.ok());
  session_options o;
  o.journal_path = path;
  muster::status err;
  CHECK_FALSE(muster_test::open_with(p.value, r.value, o, err));
  CHECK(err.message().find("journal-policy-mismatch") != std::string::npos);
  CHECK(err.code() == muster::status_code::journal_policy_mismatch);
  CHECK(err.message().find(path + ":1:") != std::string::npos);

  const std::string forces = read_file(std::string(MUSTER_SOURCE_DIR) + "/rules/weihai-forces.yaml") + "\n# amended\n";
  auto r2 = muster::compile_forces_text(*weihai().policy, "weihai-forces-amended.yaml", forces);
  REQUIRE(r2.ok());
  // An edited registry is not refused: the journal keeps a copy of each version (docs/journal.md).
  auto moved = muster_test::open_with(weihai().policy, r2.value, o, err);
  REQUIRE_MESSAGE(moved, err.message());
  CHECK(moved->recovery().registry_replaced);
}

TEST_CASE("journal: the same rules from another directory replay (the digest pins bytes, not paths)") {
  temp_dir dir;
  const std::string path = dir.file("j");
  std::string live;
  {
    auto s = open_ok(path);
    run_incident(*s, path);
    live = s->state_digest();
  }
  fs::copy_file(std::string(MUSTER_SOURCE_DIR) + "/rules/weihai.yaml", dir.file("weihai.yaml"));
  fs::copy_file(std::string(MUSTER_SOURCE_DIR) + "/rules/weihai-forces.yaml", dir.file("weihai-forces.yaml"));
  auto p = muster::compile_policy_file(dir.file("weihai.yaml"));
  REQUIRE(p.ok());
  auto r = muster::compile_forces_file(*p.value, dir.file("weihai-forces.yaml"));
  REQUIRE(r.ok());
  session_options o;
  o.journal_path = path;
  muster::status err;
  auto s = muster_test::open_with(p.value, r.value, o, err);
  INFO(err.message());
  REQUIRE(s);
  CHECK(s->state_digest() == live);
}

TEST_CASE("journal: a well-chained journal whose effects the engine does not reproduce is refused, naming the record") {
  temp_dir dir;
  const std::string path = dir.file("j");
  {
    auto s = open_ok(path, fast());
    run_incident(*s, path);
  }
  // Copy it record by record through the journal API (so the chain is valid), changing one
  // effect's addressee: only replay can tell.
  struct rec {
    std::string type, body;
  };
  std::vector<rec> recs;
  REQUIRE(muster::scan_journal(path, [&](const muster::journal_record& r) {
            recs.push_back({std::string(r.type), std::string(r.body)});
            return muster::status();
          }).ok());
  std::size_t forged = 0;
  for (std::size_t i = recs.size() / 2; i < recs.size() && forged == 0; ++i) {
    for (const std::string from : {"\"to\":\"wendeng_em\"", "\"to\":\"wendeng_fire\""}) {
      const std::size_t at = recs[i].body.find(from);
      if (recs[i].type == "effect" && at != std::string::npos) {
        recs[i].body.replace(at, from.size(), "\"to\":\"weihai_em\"");
        forged = i;
        break;
      }
    }
  }
  REQUIRE(forged != 0);
  const std::string copy = dir.file("forged");
  {
    const muster::journal_header h{std::string(muster::journal_format), MUSTER_VERSION_STRING, weihai().policy->digest, weihai().forces->digest};
    muster::journal_options jo;
    jo.mode = durability::none;
    muster::journal_scan scan;
    auto j = muster::journal::open(copy, h, jo, {}, scan);
    REQUIRE(j);
    for (std::size_t i = 1; i < recs.size(); ++i) j->stage(recs[i].type, recs[i].body);
    REQUIRE(j->commit(true).ok());
  }
  REQUIRE(muster::scan_journal(copy, {}).ok());
  muster::status err;
  CHECK_FALSE(open_session(copy, err));
  CHECK(err.message().find("journal-replay-mismatch") != std::string::npos);
  CHECK(err.code() == muster::status_code::journal_replay_mismatch);
  CHECK(err.where().line == forged + 1);
  CHECK(err.message().find("record " + std::to_string(forged) + ":") != std::string::npos);
  CHECK(err.message().find(copy + ":" + std::to_string(forged + 1) + ":") != std::string::npos);
}

TEST_CASE("journal: one session per journal") {
  temp_dir dir;
  const std::string path = dir.file("j");
  auto s = open_ok(path);
  muster::status err;
  CHECK_FALSE(open_session(path, err));
  CHECK(err.message().find("in use") != std::string::npos);
  CHECK(err.code() == muster::status_code::journal_locked);
  s.reset();
  CHECK(open_ok(path));  // free again once the first is closed
}

TEST_CASE("journal: durability modes sync as configured") {
  temp_dir dir;
  const muster::journal_header h{std::string(muster::journal_format), MUSTER_VERSION_STRING, weihai().policy->digest, weihai().forces->digest};

  SUBCASE("batch of N: ceil(records / N) fsyncs") {
    for (std::size_t n : {1U, 3U, 4U, 7U}) {
      CAPTURE(n);
      muster::journal_options o;
      o.mode = durability::batch;
      o.batch_size = n;
      o.batch_interval = std::chrono::hours(1);
      muster::journal_scan scan;
      auto j = muster::journal::open(dir.file("batch-" + std::to_string(n)), h, o, {}, scan);
      REQUIRE(j);
      CHECK(scan.created);
      const std::uint64_t records = 10;
      for (std::uint64_t i = 0; i < records; ++i) {
        CHECK(j->stage("note", "\"n\":" + std::to_string(i)) == i + 1);
        REQUIRE(j->commit(true).ok());
      }
      CHECK(j->counters().fsyncs == records / n);  // counters() waits for the journal's thread
      REQUIRE(j->flush().ok());
      CHECK(j->counters().records == records);
      CHECK(j->counters().writes >= records / n);  // the thread writes what it has at each sync, or more at once
      CHECK(j->counters().writes <= records);
      CHECK(j->counters().fsyncs == (records + n - 1) / n);
      CHECK(j->durable_seq() == records + 1);
    }
  }

  SUBCASE("batch interval: an old enough batch is synced at the next commit") {
    muster::journal_options o;
    o.batch_size = 1000;
    o.batch_interval = std::chrono::microseconds(0);
    muster::journal_scan scan;
    auto j = muster::journal::open(dir.file("interval"), h, o, {}, scan);
    REQUIRE(j);
    j->stage("note", "");
    REQUIRE(j->commit(true).ok());
    CHECK(j->counters().fsyncs == 1);
  }

  SUBCASE("every_event: one fsync per event, none within it; none: no fsync") {
    for (durability mode : {durability::every_event, durability::none}) {
      CAPTURE(muster::to_string(mode));
      muster::journal_options o;
      o.mode = mode;
      muster::journal_scan scan;
      auto j = muster::journal::open(dir.file(std::string("mode-") + muster::to_string(mode)), h, o, {}, scan);
      REQUIRE(j);
      for (int e = 0; e < 5; ++e) {
        j->stage("event", "");
        REQUIRE(j->commit(false).ok());
        j->stage("effect", "");
        j->stage("effect", "");
        REQUIRE(j->commit(true).ok());
      }
      CHECK(j->counters().records == 15);
      // every_event: one write per commit; none: the journal's thread writes in chunks
      if (mode == durability::every_event) CHECK(j->counters().writes == 10);
      else CHECK((j->counters().writes >= 1 && j->counters().writes <= 10));
      CHECK(j->counters().fsyncs == (mode == durability::every_event ? 5U : 0U));
    }
  }

  SUBCASE("through a session") {
    for (durability mode : {durability::every_event, durability::none, durability::batch}) {
      CAPTURE(muster::to_string(mode));
      session_options o;
      o.mode = mode;
      o.batch_size = 4;
      o.batch_interval = std::chrono::hours(1);
      const std::string path = dir.file(std::string("session-") + muster::to_string(mode));
      auto s = open_ok(path, o);
      run_incident(*s, path);
      REQUIRE(s->flush_if_due());
      const muster::journal_counters c = s->journal().counters;
      const std::uint64_t inputs = std::size(incident_inputs);
      if (mode == durability::every_event) CHECK(c.fsyncs == inputs);
      if (mode == durability::none) CHECK(c.fsyncs == 0);
      if (mode == durability::batch) {
        // A commit writes an event's records together, so a sync may cover more than 4.
        CHECK(c.fsyncs >= 1);
        CHECK(c.fsyncs <= c.records / 4);
        REQUIRE(s->flush());
        CHECK(s->journal().counters.fsyncs <= (c.records + 3) / 4);
        CHECK(s->journal().durable_seq == s->journal().next_seq);
      }
      CHECK(c.records == records_of(path).size() - 1);
    }
  }
}

TEST_CASE("journal: a muster-journal/1 journal is refused, saying which format it is") {
  temp_dir dir;
  const std::string path = dir.file("v1");
  // The header line as version 1 wrote it (each line carried the previous record's hash).
  const std::string header = std::string(R"({"seq":0,"type":"header","prev":")") + std::string(64, '0') +
                             R"(","format":"muster-journal/1","engine":"0.1.0","policy":")" + weihai().policy->digest +
                             R"(","registry":")" + weihai().forces->digest + R"(","hash":")" + std::string(64, 'a') + "\"}\n";
  write_file(path, header);
  muster::status err;
  CHECK_FALSE(open_session(path, err));
  INFO(err.message());
  CHECK(err.message().find(path + ":1: journal-format-unsupported") != std::string::npos);
  CHECK(err.message().find("muster-journal/1") != std::string::npos);
  CHECK(err.code() == muster::status_code::journal_format_unsupported);
  CHECK(read_file(path) == header);  // left as it was
}

TEST_CASE("journal: outcome records are compact: ids, seconds and rule ids, no display names") {
  temp_dir dir;
  const std::string path = dir.file("j");
  {
    auto s = open_ok(path, fast());
    run_incident(*s, path);
  }
  std::vector<std::string> effects;
  REQUIRE(muster::scan_journal(path, [&](const muster::journal_record& r) {
            if (r.type == "effect") effects.emplace_back(r.body);
            return muster::status();
          }).ok());
  REQUIRE(!effects.empty());
  for (const std::string& e : effects) {
    INFO(e);
    CHECK(e.rfind("\"of\":", 0) == 0);
    CHECK(e.find("_name\":") == std::string::npos);
    CHECK(e.find("\"file\":") == std::string::npos);
    CHECK(e.find("\"at\":17") != std::string::npos);  // seconds since 1970
    CHECK(e.find("\"because\":[\"") != std::string::npos);
  }
}

// ---- the journal's thread (durability none and batch) -------------------------------------------

namespace {

/// Inputs of incident_inputs that a journal file holds: its event records and malformed rejections.
std::size_t inputs_on_disk(const std::string& path) {
  std::size_t n = 0;
  const muster::journal_scan scan = muster::scan_journal(path, [&](const muster::journal_record& r) {
    if (r.type == "event" || (r.type == "rejection" && r.body.rfind("\"malformed\":", 0) == 0)) ++n;
    return muster::status();
  });
  REQUIRE(scan.ok());
  CHECK(scan.torn_bytes == 0);
  return n;
}

}  // namespace

TEST_CASE("journal: the journal's thread writes byte for byte what the synchronous path writes") {
  temp_dir dir;
  std::string reference;
  std::vector<checkpoint> reference_after;
  {
    session_options o;
    o.mode = durability::every_event;
    const std::string path = dir.file("every_event");
    auto s = open_ok(path, o);
    reference_after = run_incident(*s, path);
    s.reset();
    reference = read_file(path);
  }
  struct variant {
    const char* name;
    durability mode;
    std::size_t batch_size;
    std::size_t queue_bytes;
  };
  // A queue of one commit is always behind, so its records are written on the submitting thread;
  // a large one keeps up, so they are written from captures on the journal's thread: the same bytes.
  const variant variants[] = {
      {"none", durability::none, 4096, 4U << 20},
      {"batch", durability::batch, 4096, 4U << 20},
      {"batch of 3", durability::batch, 3, 4U << 20},
      {"none, a queue of one commit", durability::none, 4096, 1},
      {"batch of 1, a queue of one commit", durability::batch, 1, 1},
  };
  for (const variant& v : variants) {
    CAPTURE(v.name);
    session_options o;
    o.mode = v.mode;
    o.batch_size = v.batch_size;
    o.queue_bytes = v.queue_bytes;
    const std::string path = dir.file(std::string("v-") + std::to_string(&v - variants));
    auto s = open_ok(path, o);
    for (std::size_t i = 0; i < std::size(incident_inputs); ++i) {
      feed(*s, incident_inputs[i]);
      CHECK(s->state_digest() == reference_after[i].digest);
    }
    REQUIRE(s->flush());  // waits for the queue, then syncs
    CHECK(s->journal().durable_seq == s->journal().next_seq);
    CHECK(read_file(path) == reference);  // written before flush() returned: nothing is left to the destructor
    s.reset();
    CHECK(read_file(path) == reference);
    CHECK(open_ok(path, o)->state_digest() == reference_after.back().digest);
  }
}

TEST_CASE("journal: durable_seq and counters wait for the journal's queue; an outcome is provisional until then") {
  temp_dir dir;
  const std::string path = dir.file("j");
  session_options o;
  o.mode = durability::batch;
  o.batch_size = 1U << 20;  // no batch falls due by size
  o.batch_interval = std::chrono::hours(1);
  auto s = open_ok(path, o);
  const std::uint64_t header = s->journal().durable_seq;
  CHECK(header == 1);
  for (int i = 0; i < 3; ++i) s->submit_json(incident_inputs[i]);  // e3 is rejected (and journaled)
  REQUIRE(s->last_error().ok());
  const std::uint64_t next = s->journal().next_seq;
  CHECK(next > 4);
  CHECK(s->journal().durable_seq == header);         // written, not synced: still provisional
  CHECK(s->journal().counters.records == next - 1);  // all written by now
  CHECK(s->journal().counters.fsyncs == 0);
  CHECK(inputs_on_disk(path) == 3);
  REQUIRE(s->flush());
  CHECK(s->journal().durable_seq == next);
  CHECK(s->journal().counters.fsyncs == 1);
}

TEST_CASE("journal: a batch that falls due by time is synced by the journal's thread while the host is idle") {
  temp_dir dir;
  const std::string path = dir.file("j");
  session_options o;
  o.mode = durability::batch;
  o.batch_interval = std::chrono::milliseconds(5);
  auto s = open_ok(path, o);
  // No more inputs, no flush: within a few intervals the thread syncs what was written by itself.
  const auto synced_while_idle = [&] {
    const std::uint64_t next = s->journal().next_seq;
    for (int i = 0; i < 400 && s->journal().durable_seq < next; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return s->journal().durable_seq == next;
  };
  // Opening records the registry unsynced; it falls due by time first. Waiting for it here keeps
  // it out of the count below: on a slow host (ASan) it and the input would otherwise be synced
  // together or apart, by chance.
  CHECK(synced_while_idle());
  const std::uint64_t before = s->journal().counters.fsyncs;
  REQUIRE(accepted(s->submit_json(incident_inputs[0])));
  CHECK(synced_while_idle());
  CHECK(s->journal().counters.fsyncs == before + 1);  // one input, one batch, one sync
}

TEST_CASE("journal: a write that fails on the journal's thread stops the session; reopening gives the state of what reached the disk") {
  temp_dir dir;
  std::vector<checkpoint> after;  // the state after each input, from an undisturbed run
  {
    const std::string p = dir.file("reference");
    auto s = open_ok(p, fast());
    after = run_incident(*s, p);
  }
  int failed_runs = 0;
  for (std::size_t queue : {std::size_t(4U << 20), std::size_t(1)}) {
    for (int fail_at : {1, 2, 3, 5}) {
      for (bool short_write : {false, true}) {
        // drain_each: the host waits for each input to be written (one write per input), so the
        // failing write is input fail_at's; otherwise the thread chunks as it likes.
        for (bool drain_each : {false, true}) {
        CAPTURE(queue);
        CAPTURE(fail_at);
        CAPTURE(short_write);
        CAPTURE(drain_each);
        const std::string path = dir.file("j-" + std::to_string(queue) + "-" + std::to_string(fail_at) + (short_write ? "-short" : "") +
                                          (drain_each ? "-drained" : ""));
        std::atomic<int> writes{0};
        std::atomic<bool> armed{false};
        session_options o;
        o.mode = durability::none;
        o.queue_bytes = queue;
        o.fault = [&](journal_io op, std::uint64_t, std::size_t bytes) -> muster::journal_fault {
          if (op != journal_io::write || !armed) return {};
          if (++writes != fail_at) return {};
          return {ENOSPC, short_write ? bytes / 2 : 0};
        };
        auto s = open_ok(path, o);
        REQUIRE(accepted(s->submit_json(incident_inputs[0])));
        REQUIRE(s->journal().durable_seq == 1);  // waits: input 0 is written
        const std::string first = read_file(path);
        armed = true;
        std::size_t refused_at = std::size(incident_inputs);
        for (std::size_t i = 1; i < std::size(incident_inputs); ++i) {
          const std::string out = feed(*s, incident_inputs[i]);
          if (out.find("internal_error") != std::string::npos) {
            refused_at = i;
            break;
          }
          if (drain_each) s->journal().durable_seq;  // waits until the input is written (or its write failed)
        }
        const bool flushed = s->flush().ok();
        if (writes < fail_at) {
          // The thread wrote everything in fewer chunks than fail_at: nothing failed.
          CHECK(flushed);
          CHECK_FALSE(s->failed());
          continue;
        }
        ++failed_runs;
        CHECK_FALSE(flushed);
        CHECK(s->failed());
        if (drain_each) CHECK(refused_at == static_cast<std::size_t>(fail_at) + 1);  // the next input reports it
        CHECK(s->last_error().message().find("No space left on device") != std::string::npos);
        CHECK(s->last_error().code() == muster::status_code::no_space);  // found on the journal's thread, carried up
        CHECK(s->submit_json(incident_inputs[1]).find("session stopped") != std::string::npos);
        s.reset();
        // Cut back to the end of the last good chunk: whole inputs only.
        const std::size_t kept = inputs_on_disk(path);
        CHECK(kept >= 1);
        CHECK(kept < refused_at + 1);
        CHECK(read_file(path).rfind(first, 0) == 0);
        auto again = open_ok(path, fast());
        CHECK(again->recovery().torn_bytes == 0);
        CHECK(again->recovery().records_restored == 0);
        CHECK(again->state_digest() == after[kept - 1].digest);
        // The host resubmits what was provisional: the rest of the incident, from where the disk stops.
        if (drain_each) CHECK(kept == static_cast<std::size_t>(fail_at));  // input 0, then the ones written before the failure
        for (std::size_t i = kept; i < std::size(incident_inputs); ++i) feed(*again, incident_inputs[i]);
        CHECK(again->state_digest() == after.back().digest);
        }
      }
    }
  }
  CHECK(failed_runs >= 2 * 2 * 4 + 4);  // every drained run, and at least the first write of the others
}

TEST_CASE("journal: a write failure whose cut-back fails too leaves a torn tail; reopening drops it") {
  temp_dir dir;
  const std::string path = dir.file("j");
  std::atomic<bool> broken_disk{false};
  session_options o;
  o.mode = durability::batch;
  o.fault = [&](journal_io op, std::uint64_t, std::size_t bytes) -> muster::journal_fault {
    if (!broken_disk) return {};
    if (op == journal_io::write) return {ENOSPC, std::min<std::size_t>(bytes / 2, 40)};
    if (op == journal_io::truncate) return {EIO, 0};
    return {};
  };
  auto s = open_ok(path, o);
  REQUIRE(accepted(s->submit_json(incident_inputs[0])));
  const std::string digest = s->state_digest();
  REQUIRE(s->flush());
  const std::uint64_t good = fs::file_size(path);
  broken_disk = true;
  CHECK(accepted(s->submit_json(incident_inputs[1])));  // provisional
  CHECK_FALSE(s->flush());
  CHECK(s->failed());
  CHECK(s->last_error().message().find("cutting back the partial write failed") != std::string::npos);
  broken_disk = false;
  CHECK(fs::file_size(path) > good);
  const std::uint64_t torn = fs::file_size(path) - good;
  s.reset();
  auto again = open_ok(path);
  CHECK(again->recovery().torn_bytes == torn);
  CHECK(again->state_digest() == digest);
}

TEST_CASE("journal: a tiny queue makes the submitter wait for the journal's thread, and nothing is lost") {
  temp_dir dir;
  const std::string path = dir.file("j");
  session_options o;
  o.mode = durability::none;
  o.queue_bytes = 1;  // one commit at a time
  auto s = open_ok(path, o);
  std::string digest;
  for (int round = 0; round < 50; ++round) {
    const std::string json = R"({"id":"q)" + std::to_string(round) + R"(","kind":"incident.report","at":"2026-10-10T09:00:00+08:00","actor":"wendeng_water","incident":"q-)" +
                             std::to_string(round) + R"(","jurisdiction":"wendeng","incident_type":"flood","grade":"general"})";
    REQUIRE(accepted(s->submit_json(json)));
  }
  digest = s->state_digest();
  const std::uint64_t next = s->journal().next_seq;
  s.reset();
  auto again = open_ok(path, o);
  CHECK(again->recovery().records == next);
  CHECK(again->recovery().events_replayed == 50);
  CHECK(again->state_digest() == digest);
}

// ---- event records and deferred records ----------------------------------------------------------

TEST_CASE("journal: an event record keeps the host's line; an input over several lines is re-encoded and replays") {
  temp_dir dir;
  const std::string path = dir.file("j");
  const std::string one_line = std::string(" ") + incident_inputs[0] + "\t";  // blanks around are trimmed
  // The same kind of event spread over lines, as a host might pretty-print it.
  const std::string spread =
      "{\"id\":\"e2\",\n \"kind\":\"plan.draft\",\r\n \"at\":\"2026-10-10T09:01:00+08:00\",\"actor\":\"wendeng_fire\","
      "\"incident\":\"wendeng-flood-1\",\"forces\":[\"wendeng_flood_team\",\"weihai_emergency_medical\"]}";
  std::string digest;
  {
    auto s = open_ok(path, fast());
    REQUIRE(accepted(s->submit_json(one_line)));
    REQUIRE(accepted(s->submit_json(spread)));
    digest = s->state_digest();
  }
  std::vector<std::string> events;
  REQUIRE(muster::scan_journal(path, [&](const muster::journal_record& r) {
            if (r.type == "event") events.emplace_back(r.body);
            return muster::status();
          }).ok());
  REQUIRE(events.size() == 2);
  CHECK(events[0] == std::string("\"event\":") + incident_inputs[0]);
  CHECK(events[1].rfind("\"event\":{\"id\":\"e2\",\"kind\":\"plan.draft\"", 0) == 0);
  CHECK(events[1].find('\n') == std::string::npos);
  auto s = open_ok(path, fast());
  CHECK(s->recovery().events_replayed == 2);
  CHECK(s->state_digest() == digest);
}

namespace {

/// A bare journal (no session) at `path`, required to open; every existing record accepted.
std::unique_ptr<muster::journal> open_bare(const std::string& path, const muster::journal_options& o) {
  muster::journal_scan scan;
  auto j = muster::journal::open(path, {}, o, [](const muster::journal_record&) { return muster::status(); }, scan);
  INFO("open: " << scan.error.message());
  REQUIRE(j);
  return j;
}

/// Every record of a journal as "seq type body".
std::vector<std::string> record_lines(const std::string& path) {
  std::vector<std::string> lines;
  const muster::journal_scan read = muster::scan_journal(path, [&](const muster::journal_record& r) {
    lines.push_back(std::to_string(r.seq) + " " + std::string(r.type) + " " + std::string(r.body));
    return muster::status();
  });
  REQUIRE(read.ok());
  return lines;
}

/// A deferred writer with a bug: one record, whatever was staged.
std::size_t one_record_always(std::string_view entry, const muster::journal_record_emit& emit) {
  emit("note", "\"one\":1");
  return entry.size();
}

}  // namespace

TEST_CASE("journal: deferred records are numbered when staged and written by the journal's writer, in every mode") {
  for (const durability mode : {durability::none, durability::batch, durability::every_event}) {
    CAPTURE(static_cast<int>(mode));
    temp_dir dir;
    const std::string path = dir.file("j");
    muster::journal_options o;
    o.mode = mode;
    // The entry is "n:text": n records of type "note", each {"text":…,"i":k}.
    o.write_deferred = [](std::string_view entry, const muster::journal_record_emit& emit) {
      const std::size_t colon = entry.find(':');
      const int n = std::stoi(std::string(entry.substr(0, colon)));
      for (int k = 0; k < n; ++k)
        emit("note", "\"text\":\"" + std::string(entry.substr(colon + 1)) + "\",\"i\":" + std::to_string(k));
      return entry.size();
    };
    {
      auto j = open_bare(path, o);
      CHECK(j->deferring_helps() == (mode != durability::every_event));  // an idle thread has time
      CHECK(j->stage("event", "\"n\":1") == 1);
      constexpr std::size_t most = 32 + muster::journal::max_record_framing;  // a note record's bytes, at most
      CHECK(j->stage_deferred("2:a", 2, 2 * most) == 2);
      CHECK(j->stage_deferred("0:none", 0, 0) == 4);  // nothing staged: the next seq is unchanged
      CHECK(j->stage("event", "\"n\":2") == 4);
      CHECK(j->stage_deferred("1:b", 1, most) == 5);
      REQUIRE(j->commit(true).ok());
      REQUIRE(j->flush().ok());
      CHECK(j->next_seq() == 6);
    }
    const std::vector<std::string> lines = record_lines(path);
    REQUIRE(lines.size() == 6);
    CHECK(lines[1] == "1 event \"n\":1");
    CHECK(lines[2] == "2 note \"text\":\"a\",\"i\":0");
    CHECK(lines[3] == "3 note \"text\":\"a\",\"i\":1");
    CHECK(lines[4] == "4 event \"n\":2");
    CHECK(lines[5] == "5 note \"text\":\"b\",\"i\":0");
  }
}

TEST_CASE("journal: a deferred writer that gives another number of records than staged fails the journal, writing none of them") {
  temp_dir dir;
  const std::string path = dir.file("j");
  muster::journal_options o;
  o.mode = durability::none;
  o.write_deferred = one_record_always;
  auto j = open_bare(path, o);
  j->stage("event", "\"n\":1");
  j->stage_deferred("x", 2, 100);
  REQUIRE(j->commit(true).ok());  // handed over; the thread finds the mismatch
  const muster::status drained = j->drain();
  CHECK_FALSE(drained.ok());
  CHECK(drained.message().find("gave 1 records where 2 were staged") != std::string::npos);
  CHECK_FALSE(j->commit(true).ok());  // failed for good
  j.reset();
  CHECK(record_lines(path).size() == 1);  // the header only: the commit with the bad entry was not written
}

TEST_CASE("journal: every_event: a deferred writer that miscounts throws and stages nothing") {
  temp_dir dir;
  const std::string path = dir.file("j");
  muster::journal_options o;
  o.mode = durability::every_event;
  o.write_deferred = one_record_always;
  auto j = open_bare(path, o);
  CHECK(j->stage("event", "\"n\":1") == 1);
  CHECK_THROWS_AS(j->stage_deferred("x", 2, 100), std::logic_error);
  CHECK(j->stage("event", "\"n\":2") == 2);  // the bad entry left no record behind
  REQUIRE(j->commit(true).ok());
  j.reset();
  const std::vector<std::string> lines = record_lines(path);
  REQUIRE(lines.size() == 3);
  CHECK(lines[1] == "1 event \"n\":1");
  CHECK(lines[2] == "2 event \"n\":2");
}

TEST_CASE("journal: staging a deferred entry without a writer is a programming error") {
  temp_dir dir;
  muster::journal_options o;
  o.mode = durability::every_event;
  auto j = open_bare(dir.file("j"), o);
  CHECK_THROWS_AS(j->stage_deferred("x", 1, 10), std::logic_error);
}

TEST_CASE("journal: a FIFO or a device is not a journal: opening and scanning refuse it at once, they do not block") {
  temp_dir dir;
  const std::string fifo = dir.file("fifo");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  for (const std::string& path : {fifo, std::string("/dev/null")}) {
    muster::status err;
    CHECK(open_session(path, err) == nullptr);
    CHECK(err.message().find(path + ": not a regular file") != std::string::npos);
    CHECK(err.code() == muster::status_code::io_error);
    const muster::journal_scan scan = muster::scan_journal(path, [](const muster::journal_record&) { return muster::status(); });
    CHECK_FALSE(scan.ok());
    CHECK(scan.error.message().find("not a regular file") != std::string::npos);
  }
}

TEST_CASE("journal: 3.2.2 schedule runs survive a reopen: the runs, their answers and the next run come back, and fire on") {
  temp_dir dir;
  const std::string path = dir.file("roll-call.journal");
  std::string live;
  {
    auto s = open_ok(path, fast());
    CHECK(accepted(s->advance_json(R"("2026-07-31T09:00:00+08:00")")));  // arms the schedules
    CHECK(accepted(s->advance_json(R"("2026-08-01T09:00:00+08:00")")));   // run 1 of the duty roll-call
    CHECK(accepted(s->submit_json(
        R"({"id":"a1","kind":"schedule.answer","at":"2026-08-01T09:10:00+08:00","actor":"wendeng_water","run":1,"force":"wendeng_flood_team"})")));
    live = s->state_digest();
    REQUIRE(s->engine().run_count() == 1);
  }
  auto s = open_ok(path, fast());
  CHECK(s->state_digest() == live);
  REQUIRE(s->engine().run_count() == 1);
  const auto run = s->engine().run(1);
  REQUIRE(run);
  CHECK(run->state == muster::run_state::open);
  const muster::index_t team = s->engine().forces().find_force("wendeng_flood_team");
  bool answered = false;
  for (const auto& c : run->calls) answered |= c.force == team && c.state == muster::call_state::answered;
  CHECK(answered);
  // The same answer again is refused as already given; the next month's run opens on time.
  CHECK_FALSE(accepted(s->submit_json(
      R"({"id":"a2","kind":"schedule.answer","at":"2026-08-01T09:20:00+08:00","actor":"wendeng_water","run":1,"force":"wendeng_flood_team"})")));
  CHECK(accepted(s->advance_json(R"("2026-09-01T09:00:00+08:00")")));
  // Run 2 is the base-data upkeep of 15 August (3.2.1); run 4 the yearly comprehensive drill's
  // call, also on 1 September.
  CHECK(s->engine().run_count() == 4);
  CHECK(s->engine().run(1)->state == muster::run_state::closed);
}
