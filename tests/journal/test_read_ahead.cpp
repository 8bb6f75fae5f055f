// Reading a journal longer than one chunk (1 MiB): its records are read and verified on a
// thread of their own, ahead of the visitor (src/journal/read_ahead.hpp). The visitor still
// sees every verified record in order and none after one that fails or that it refuses; the
// scan says the same as reading on one thread would; no thread outlives the scan.
#include "journal/journal_files.hpp"

#include "journal/journal_writer.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using muster::durability;
using muster_test::read_file;
using muster_test::temp_dir;
using muster_test::write_file;

namespace {

/// A journal of `n` note records (~1 KB each) after the header, written at `path`.
void write_long_journal(const std::string& path, int n) {
  muster::journal_header h;
  h.policy_digest = "policy";
  h.registry_digest = "registry";
  muster::journal_options o;
  o.mode = durability::none;
  muster::journal_scan scan;
  auto j = muster::journal::open(path, h, o, {}, scan);
  REQUIRE(j);
  for (int i = 1; i <= n; ++i) {
    j->stage("note", "\"n\":" + std::to_string(i) + ",\"pad\":\"" + std::string(900 + i % 200, 'x') + "\"");
    if (i % 100 == 0) REQUIRE(j->commit(true).ok());
  }
  REQUIRE(j->commit(true).ok());
  REQUIRE(j->flush().ok());
}

struct line {
  std::uint64_t offset = 0;
  std::string text;  ///< without the newline
};

std::vector<line> lines_of(const std::string& bytes) {
  std::vector<line> v;
  for (std::size_t at = 0, nl; (nl = bytes.find('\n', at)) != std::string::npos; at = nl + 1) v.push_back({at, bytes.substr(at, nl - at)});
  return v;
}

std::string hash_of(const line& l) { return l.text.substr(l.text.size() - 2 - 64, 64); }

/// The first record whose line starts at or after `offset`.
std::size_t record_at(const std::vector<line>& lines, std::uint64_t offset) {
  std::size_t k = 0;
  while (lines[k].offset < offset) ++k;
  return k;
}

/// The threads of this process (Linux), to see that a scan leaves none behind.
int threads_now() {
  std::ifstream in("/proc/self/status");
  for (std::string l; std::getline(in, l);)
    if (l.rfind("Threads:", 0) == 0) return std::stoi(l.substr(8));
  return -1;
}

/// The threads of this process once a joined thread is gone from the count too (the kernel
/// counts it a moment longer than pthread_join waits), or after a second.
int threads_after_join(int expected) {
  int n = threads_now();
  for (int i = 0; i < 100 && n > expected; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    n = threads_now();
  }
  return n;
}

constexpr int notes = 4000;  // ~4 MiB: four chunks and more

}  // namespace

TEST_CASE("journal: a journal of several chunks is visited whole, in order, with the same scan as one read in one piece") {
  temp_dir dir;
  const std::string path = dir.file("long");
  write_long_journal(path, notes);
  const std::string bytes = read_file(path);
  const std::vector<line> lines = lines_of(bytes);
  REQUIRE(lines.size() == notes + 1);
  REQUIRE(bytes.size() > (3U << 20));
  const int threads = threads_now();
  std::vector<std::uint64_t> seqs, offsets;
  const muster::journal_scan scan = muster::scan_journal(path, [&](const muster::journal_record& r) {
    seqs.push_back(r.seq);
    offsets.push_back(r.offset);
    const line& l = lines[seqs.size() - 1];
    CHECK(l.text.find(std::string(r.body)) != std::string::npos);
    CHECK(r.hash == hash_of(l));
    return muster::status();
  });
  CHECK(threads_after_join(threads) == threads);
  INFO(scan.error.message());
  REQUIRE(scan.ok());
  CHECK(scan.records == lines.size());
  CHECK(scan.good_bytes == bytes.size());
  CHECK(scan.torn_bytes == 0);
  CHECK(scan.last_hash == hash_of(lines.back()));
  CHECK(scan.header.policy_digest == "policy");
  REQUIRE(seqs.size() == lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    CHECK(seqs[i] == i);
    CHECK(offsets[i] == lines[i].offset);
  }

  // A torn last record after them is dropped as ever.
  write_file(path, bytes + lines[5].text.substr(0, 3));
  const muster::journal_scan torn = muster::scan_journal(path, [](const muster::journal_record&) { return muster::status(); });
  CHECK(torn.ok());
  CHECK(torn.records == lines.size());
  CHECK(torn.torn_bytes == 3);
}

TEST_CASE("journal: a record altered past the first chunk stops the scan there, with the same error; the visitor saw exactly the records before it") {
  temp_dir dir;
  const std::string path = dir.file("long");
  write_long_journal(path, notes);
  const std::string bytes = read_file(path);
  const std::vector<line> lines = lines_of(bytes);
  // One in the middle of the second chunk, one across the first chunk's end, the last one.
  for (const std::size_t k : {record_at(lines, 3U << 19), record_at(lines, 1U << 20) - 1, lines.size() - 1}) {
    CAPTURE(k);
    std::string altered = bytes;
    const std::size_t x = altered.find('x', lines[k].offset);
    REQUIRE(x < lines[k].offset + lines[k].text.size());
    altered[x] = 'y';
    write_file(path, altered);
    std::vector<std::uint64_t> seqs;
    const muster::journal_scan scan = muster::scan_journal(path, [&](const muster::journal_record& r) {
      seqs.push_back(r.seq);
      return muster::status();
    });
    CHECK_FALSE(scan.ok());
    CHECK(scan.error.message() == path + ":" + std::to_string(k + 1) + ": journal-damaged: record " + std::to_string(k) + " (byte " +
                            std::to_string(lines[k].offset) +
                            "): the hash does not match the record's bytes and the previous record's hash (the record "
                            "was altered, or records were removed, inserted or reordered)");
    CHECK(scan.error_seq == k);
    CHECK(scan.error_offset == lines[k].offset);
    CHECK(scan.records == k);
    CHECK(scan.good_bytes == lines[k].offset);
    REQUIRE(seqs.size() == k);
    for (std::size_t i = 0; i < k; ++i) CHECK(seqs[i] == i);
  }

  // The host's durable head with another hash there: refused at that record, as before.
  write_file(path, bytes);
  const std::size_t k = record_at(lines, 5U << 19);
  std::size_t visited = 0;
  const muster::journal_scan mismatch = muster::scan_journal(
      path,
      [&](const muster::journal_record&) {
        ++visited;
        return muster::status();
      },
      muster::journal_head{k, std::string(64, 'a')});
  CHECK_FALSE(mismatch.ok());
  CHECK(mismatch.error.message().find(path + ":" + std::to_string(k + 1) + ": journal-head-mismatch: record " + std::to_string(k)) == 0);
  CHECK(mismatch.error_seq == k);
  CHECK(visited == k);
}

TEST_CASE("journal: a visitor that refuses a record past the first chunk stops the scan at once; none after it is visited and no thread is left") {
  temp_dir dir;
  const std::string path = dir.file("long");
  write_long_journal(path, notes);
  const std::vector<line> lines = lines_of(read_file(path));
  const int threads = threads_now();
  for (const std::size_t k : {std::size_t{1}, record_at(lines, 1U << 20), record_at(lines, 5U << 19), lines.size() - 1}) {
    CAPTURE(k);
    std::vector<std::uint64_t> seqs;
    const muster::journal_scan scan = muster::scan_journal(path, [&](const muster::journal_record& r) {
      seqs.push_back(r.seq);
      if (r.seq < k) return muster::status();
      return muster::status(muster::status_code::journal_damaged, "not this one");
    });
    CHECK_FALSE(scan.ok());
    CHECK(scan.error.message() == path + ":" + std::to_string(k + 1) + ": not this one");
    CHECK(scan.error_seq == k);
    CHECK(scan.error_offset == lines[k].offset);
    CHECK(scan.records == k);
    CHECK(scan.good_bytes == lines[k].offset);
    CHECK(scan.last_hash.empty());
    CHECK(scan.header.policy_digest == "policy");
    REQUIRE(seqs.size() == k + 1);
    for (std::size_t i = 0; i <= k; ++i) CHECK(seqs[i] == i);
    CHECK(threads_after_join(threads) == threads);

    // A visitor that throws: the exception comes out, the reader's thread is joined.
    seqs.clear();
    CHECK_THROWS_AS(muster::scan_journal(path,
                                         [&](const muster::journal_record& r) {
                                           seqs.push_back(r.seq);
                                           if (r.seq == k) throw std::runtime_error("visitor failed");
                                           return muster::status();
                                         }),
                    std::runtime_error);
    CHECK(seqs.size() == k + 1);
    CHECK(threads_after_join(threads) == threads);
  }
}
