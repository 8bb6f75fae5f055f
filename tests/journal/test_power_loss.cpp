// Simulated power loss (tests/journal/power_loss.hpp; docs/journal.md "What each durability
// mode survives: process crash vs power loss"). A session runs three floods in Wendeng (the
// reference incident, examples/incidents/wendeng-flood.jsonl, three times over, with repeated
// and malformed inputs) in each durability mode, single inputs and batches, while every write
// and sync of its journal is recorded with what the host was told was durable after each
// step. Then the power goes at every operation, leaving (a) what was synced, (b) that and a
// seeded-random subset of the unsynced writes' pieces — later ones surviving earlier ones,
// holes of zeros — or (c) that and a torn write. Each such file must open with the host's last
// durable head, keep every record reported durable, cut only what is torn (saying so in the
// recovery report) and reach the state digest of a fresh engine fed the recovered inputs; the
// journal it leaves is the run's own, cut short.
//
// Deterministic: fixed seeds, splitmix64, syncs by record count only (batch_interval is an
// hour), and the host waits for the journal after each input or batch (durable_head), so each
// commit is one write of the journal's thread.
#include "engine/scenario.hpp"
#include "journal/journal_files.hpp"
#include "journal/power_loss.hpp"

#include <muster/journal.hpp>
#include <muster/session.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

using muster::durability;
using session_options = muster_test::test_session_options;
using muster_test::open_session;
using muster_test::read_file;
using muster_test::weihai;
using muster_test::write_file;
namespace pl = muster_test::power_loss;

namespace {

/// Under the sanitizers (make test-asan, test-tsan: Debug builds, where a recovery takes ~50
/// times as long) and in other builds without NDEBUG: one run a mode, one file of each kind per
/// cut point, verify only where there is a hole — still every operation of the run, and every
/// kind of file. The plain build (make test-plain) does the full count.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || !defined(NDEBUG)
constexpr bool light = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool light = true;
#else
constexpr bool light = false;
#endif
#else
constexpr bool light = false;
#endif

/// A scratch directory on tmpfs when there is one (thousands of small files, and the recorded
/// runs' fsyncs, cost nothing there; the model, not the disk, decides what survives), else /tmp.
struct scratch_dir {
  std::filesystem::path path;
  scratch_dir() {
    static unsigned counter = 0;
    std::error_code ec;
    const std::filesystem::path shm("/dev/shm");
    const bool tmpfs = std::filesystem::is_directory(shm, ec) && ::access(shm.c_str(), W_OK) == 0;
    path = (tmpfs ? shm : std::filesystem::path("/tmp")) /
           ("muster-power-loss-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::remove_all(path, ec);
    std::filesystem::create_directories(path);
  }
  ~scratch_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;
  std::string file(const std::string& name) const { return (path / name).string(); }
};

/// The reference flood three times over — in July, August and September, each its own
/// incident, requests and orders numbered on from the floods before — with every seventh input
/// sent again (a duplicate) and a malformed line in each flood.
std::vector<std::string> floods() {
  std::vector<std::string> one;
  {
    std::istringstream in(read_file(std::string(MUSTER_SOURCE_DIR) + "/examples/incidents/wendeng-flood.jsonl"));
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && line[0] == '{') one.push_back(line);
  }
  REQUIRE(one.size() == 35);
  const std::regex request(R"("request":(\d+))"), order(R"("order":(\d+))");
  auto renumber = [](const std::string& s, const std::regex& re, const char* key, int by) {
    std::string out;
    auto last = s.cbegin();
    for (std::sregex_iterator it(s.begin(), s.end(), re), end; it != end; ++it) {
      out.append(last, (*it)[0].first);
      out += std::string("\"") + key + "\":" + std::to_string(std::stoi((*it)[1].str()) + by);
      last = (*it)[0].second;
    }
    out.append(last, s.cend());
    return out;
  };
  auto replace_all = [](std::string s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
    return s;
  };
  std::vector<std::string> inputs;
  for (int c = 0; c < 3; ++c) {
    const std::string tag = "c" + std::to_string(c);
    for (std::size_t i = 0; i < one.size(); ++i) {
      std::string e = replace_all(one[i], "\"id\":\"e", "\"id\":\"" + tag + "-e");
      e = replace_all(e, "wendeng-flood-20260714", "wendeng-flood-" + tag);
      e = replace_all(e, "\"at\":\"2026-07-", "\"at\":\"2026-0" + std::to_string(7 + c) + "-");
      // One flood opens 5 requests (3 call plans and cross-region, plus the road-passage chains of 4.2
      // on its one departure and its release) and 6 orders.
      e = renumber(renumber(e, request, "request", 5 * c), order, "order", 6 * c);
      inputs.push_back(e);
      if (i % 7 == 6) inputs.push_back(inputs[inputs.size() - 3]);  // a host retrying an input
      if (i == 17) inputs.push_back(R"({"id":")" + tag + R"(-bad","kind":"order.ack","at":"2026-07-14T07)");
    }
  }
  return inputs;
}

/// The state digest of a fresh engine after each prefix of `inputs`: [k] after the first k
/// inputs that decode (a malformed one never reaches the engine, nor replay).
std::vector<std::string> clean_digests(const std::vector<std::string>& inputs) {
  muster::status err;
  auto s = open_session("", err);
  REQUIRE(s);
  std::vector<std::string> d{s->state_digest()};
  muster::outcome_text out;
  for (const std::string& in : inputs) {
    s->submit_json(in, out);
    if (out.reason != muster::rejection::malformed) d.push_back(s->state_digest());
  }
  return d;
}

session_options options(durability mode, std::size_t batch_size) {
  session_options o;
  o.mode = mode;
  o.batch_size = batch_size;
  o.batch_interval = std::chrono::hours(1);  // syncs by record count only: the same every run
  return o;
}

/// Runs `inputs` through a new journal at `path` in `mode`: each step one input or a batch of
/// 2..5 (seeded), in none and batch a flush now and then; after each step the host asks the
/// journal's durable head (waiting for its thread: one commit, one write).
pl::trace record(durability mode, std::size_t batch_size, pl::rng& r, const std::vector<std::string>& inputs, const std::string& path) {
  pl::recorder rec;
  session_options o = options(mode, batch_size);
  o.fault = rec.hook();
  muster::status err;
  auto s = open_session(path, err, o);
  INFO(err.message());
  REQUIRE(s);
  const std::size_t base = rec.count();
  // The head first: durable_head() waits for the journal's thread, which records operations.
  auto promise = [&] {
    const muster::journal_head head = s->journal().durable_head;
    return pl::durable_point{rec.count(), head};
  };
  std::vector<pl::durable_point> promises{promise()};
  muster::outcome_text out;
  std::vector<muster::outcome_text> outs;
  for (std::size_t i = 0; i < inputs.size();) {
    const std::size_t n = std::min(inputs.size() - i, r.chance(1, 2) ? std::size_t{1} : 2 + static_cast<std::size_t>(r.below(4)));
    if (n == 1) {
      s->submit_json(inputs[i], out);
      REQUIRE_FALSE(out.refused);
    } else {
      std::string text;
      for (std::size_t k = i; k < i + n; ++k) text += inputs[k] + "\n";
      REQUIRE(s->submit_batch(text, outs) == n);
      for (std::size_t k = 0; k < n; ++k) REQUIRE_FALSE(outs[k].refused);
    }
    i += n;
    if (mode != durability::every_event && r.chance(1, 6)) REQUIRE(s->flush());
    promises.push_back(promise());
  }
  REQUIRE(s->flush());
  promises.push_back(promise());
  s.reset();
  pl::trace t = rec.finish(read_file(path), base, std::move(promises));
  INFO(t.check());
  REQUIRE(t.check().empty());
  return t;
}

struct tally {
  std::size_t runs = 0, ops = 0, writes = 0, syncs = 0, cut_points = 0, images = 0;
  std::size_t by_kind[3] = {};
  std::size_t holes = 0;             ///< images with zeros before surviving bytes
  std::size_t opened = 0;            ///< opened with the host's last durable head
  std::size_t refused = 0;           ///< … or not
  std::size_t hole_cut = 0;          ///< recoveries that cut from a hole of zeros on (torn_hole)
  std::size_t durable_lost = 0;      ///< records reported durable that recovery did not keep
  std::size_t cut = 0;               ///< recoveries that cut bytes (torn_bytes > 0)
  std::size_t restored = 0;          ///< recoveries that restored an unfinished event's outcome records
  std::size_t refused_without_head = 0;  ///< … where opening without the head refuses (journal-damaged past the head)
  std::uint64_t max_records_after_head = 0;  ///< records kept beyond the durable head, at most
  std::uint64_t max_cut_bytes = 0;
};

/// Recovers `im` (written at `path`) and checks what it must do; counts into `n`.
void recover(const pl::trace& t, const pl::image& im, durability mode, std::size_t batch_size, const std::vector<std::string>& clean,
             const std::string& path, bool reopen, tally& n) {
  ++n.images;
  ++n.by_kind[static_cast<int>(im.kind)];
  if (im.hole) ++n.holes;
  write_file(path, im.bytes);
  const muster::journal_head promised = t.promised(im.cut);
  INFO("power cut after operation " << im.cut << " of " << t.ops.size() << " (" << std::string(pl::to_string(im.kind)) << ": " << im.how
                                    << "); the host was told record " << promised.seq << " was durable");
  // Recovery keeps the journal's lines that the image holds unchanged, up to the first byte
  // that is not the journal's (a hole, the end): the journal has no zero bytes.
  const auto diff = std::mismatch(im.bytes.begin(), im.bytes.end(), t.file.begin()).first;
  const std::size_t same = static_cast<std::size_t>(diff - im.bytes.begin());
  REQUIRE(same >= t.created_bytes);
  const std::size_t kept = t.file.rfind('\n', same - 1) + 1;

  // What muster verify (replay_journal: opening without the host's head) says of it; in the
  // light builds only of files with a hole (the others open as with the head).
  muster::recovery_report seen;
  muster::journal_scan v;
  v.error = muster::status();
  const bool verify = !light || im.hole;
  if (verify) {
    session_options vo;
    vo.journal_path = path;
    v = muster::replay_journal(weihai().policy, weihai().forces, vo, seen);
  }
  if (!v.ok()) {
    ++n.refused_without_head;
    INFO(v.error.message());
    CHECK(im.hole);
    CHECK(v.error.message().find("journal-damaged") != std::string::npos);
    CHECK(v.error_seq > promised.seq);  // the damage is past every record reported durable
    CHECK(v.error.message().find("power cut") != std::string::npos);  // and the message says how to open it
  }

  // The host reopens with its last durable head.
  session_options o = options(mode, batch_size);
  o.expected_head = promised;
  muster::status err;
  auto s = open_session(path, err, o);
  INFO("open: " << err.message());
  CHECK(s);
  if (!s) {
    ++n.refused;
    return;
  }
  ++n.opened;
  const muster::recovery_report rep = s->recovery();
  if (rep.head.seq < promised.seq) ++n.durable_lost;
  CHECK(rep.head.seq >= promised.seq);
  n.max_records_after_head = std::max(n.max_records_after_head, rep.head.seq - promised.seq);
  CHECK(rep.torn_bytes == im.bytes.size() - kept);
  if (rep.torn_bytes) ++n.cut;
  // A hole with a line end after it is cut from the record it breaks (an unterminated tail was
  // already a torn record, zeros or not).
  const std::size_t zero = im.bytes.find('\0', kept);
  if (zero != std::string::npos && im.bytes.find('\n', zero) != std::string::npos) CHECK(rep.torn_hole);
  CHECK((!rep.torn_hole || im.hole));
  if (rep.torn_hole) ++n.hole_cut;
  n.max_cut_bytes = std::max<std::uint64_t>(n.max_cut_bytes, rep.torn_bytes);
  if (rep.records_restored) ++n.restored;
  CHECK(rep.digest == s->state_digest());
  REQUIRE(rep.events_replayed < clean.size());
  CHECK(s->state_digest() == clean[rep.events_replayed]);
  if (verify && v.ok()) {
    CHECK(seen.events_replayed == rep.events_replayed);
    CHECK(seen.digest == rep.digest);
  }
  const std::string digest = s->state_digest();
  const muster::journal_head head = rep.head;
  s.reset();
  // The journal left behind is the run's own, cut short: every line recovery kept or restored is
  // the one the run wrote (replay writes the same bytes).
  const std::string after = read_file(path);
  CHECK(after.size() >= kept);
  CHECK(t.file.compare(0, after.size(), after) == 0);
  CHECK(rep.records_restored == static_cast<std::uint64_t>(std::count(after.begin() + static_cast<std::ptrdiff_t>(std::min(kept, after.size())), after.end(), '\n')));
  if (reopen) {
    // And it opens again as it is, with recovery's head: nothing to cut or restore.
    o.expected_head = head;
    auto again = open_session(path, err, o);
    INFO("reopen: " << err.message());
    REQUIRE(again);
    CHECK(again->recovery().torn_bytes == 0);
    CHECK(again->recovery().records_restored == 0);
    CHECK(again->state_digest() == digest);
  }
}

/// Runs `runs` recorded runs in `mode` and, for each, loses power at every operation: one image
/// of what was synced, `subsets` of (b) and `tears` of (c) at each cut with unsynced writes.
tally power_cuts(durability mode, std::uint64_t seed, int runs, int subsets, int tears) {
  if (light) {
    runs = 1;
    subsets = tears = 1;
  }
  static const std::vector<std::string> inputs = floods();
  static const std::vector<std::string> clean = clean_digests(inputs);
  scratch_dir dir;
  tally n;
  pl::rng r(seed);
  for (int run = 0; run < runs; ++run) {
    // batch: a sync every 4, 16, 64 or 256 records (the 35 inputs of a flood take ~90 records).
    const std::size_t batch_size = mode == durability::batch ? std::size_t{4} << (2 * (run % 4)) : 4096;
    CAPTURE(run);
    CAPTURE(batch_size);
    const std::string journal = dir.file("run-" + std::to_string(run));
    const pl::trace t = record(mode, batch_size, r, inputs, journal);
    std::filesystem::remove(journal);
    ++n.runs;
    n.ops += t.ops.size();
    n.writes += t.writes();
    n.syncs += t.syncs();
    const std::string path = dir.file("image");
    for (std::size_t cut = 0; cut <= t.ops.size(); ++cut) {
      ++n.cut_points;
      pl::image im = pl::power_cut(t, cut, pl::loss::synced_only, r);
      const bool unsynced = im.unsynced_writes > 0;
      recover(t, im, mode, batch_size, clean, path, cut % 8 == 0, n);
      if (!unsynced) continue;
      for (int k = 0; k < subsets; ++k) recover(t, pl::power_cut(t, cut, pl::loss::unsynced_subset, r), mode, batch_size, clean, path, k == 0 && cut % 8 == 4, n);
      for (int k = 0; k < tears; ++k) recover(t, pl::power_cut(t, cut, pl::loss::torn_write, r), mode, batch_size, clean, path, k == 0 && cut % 8 == 2, n);
    }
  }
  MESSAGE("power loss, durability " << std::string(muster::to_string(mode)) << ": " << n.runs << " runs, " << n.ops << " operations ("
          << n.writes << " writes, " << n.syncs << " syncs); " << n.cut_points << " cut points, " << n.images
          << " files (synced only " << n.by_kind[0] << ", unsynced subsets " << n.by_kind[1] << ", torn writes "
          << n.by_kind[2] << "; " << n.holes << " with holes); opened " << n.opened << ", refused " << n.refused
          << "; records reported durable and lost " << n.durable_lost << "; bytes cut in " << n.cut << " (at most "
          << n.max_cut_bytes << "; from a hole on in " << n.hole_cut << "), outcome records restored in " << n.restored << "; at most " << n.max_records_after_head << " records kept past the durable head; refused without the head "
          << n.refused_without_head);
  return n;
}

}  // namespace

TEST_CASE("power loss: the floods are a workload that does things (most inputs accepted, every kind of record)") {
  const std::vector<std::string> inputs = floods();
  CHECK(inputs.size() == 3 * 35 + 3 * 5 + 3);
  muster::status err;
  auto s = open_session("", err);
  REQUIRE(s);
  muster::outcome_text out;
  int accepted = 0, duplicates = 0, malformed = 0;
  for (const std::string& in : inputs) {
    s->submit_json(in, out);
    accepted += out.accepted && !out.duplicate;
    duplicates += out.duplicate;
    malformed += out.reason == muster::rejection::malformed;
  }
  CHECK(duplicates == 15);
  CHECK(malformed == 3);
  CHECK(accepted >= 90);
}

// The floor says "thousands of power cuts per mode"; the exact count follows the workload's
// write sizes (roll-call effects made outcome records longer), so it is a floor, not a figure.
constexpr std::size_t min_images = light ? 150 : 2400;

TEST_CASE("power loss: every_event keeps every input whose outcome was returned") {
  const tally n = power_cuts(durability::every_event, 0xE1E1, 5, 5, 5);
  CHECK(n.refused == 0);
  CHECK(n.durable_lost == 0);
  CHECK(n.images >= min_images);
}

TEST_CASE("power loss: batch keeps every record durable_head reported") {
  const tally n = power_cuts(durability::batch, 0xBA7C, 5, 5, 5);
  CHECK(n.refused == 0);
  CHECK(n.durable_lost == 0);
  CHECK(n.images >= min_images);
}

TEST_CASE("power loss: none keeps what flush() synced, and nothing more is promised") {
  const tally n = power_cuts(durability::none, 0x0E0E, 4, 5, 5);
  CHECK(n.refused == 0);
  CHECK(n.durable_lost == 0);
  CHECK(n.images >= min_images);
}
