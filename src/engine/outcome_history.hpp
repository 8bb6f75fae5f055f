// Internal: every outcome the engine has given, kept so a repeated event id gets its first
// outcome back (DESIGN.md "Idempotency") for as long as the engine lives.
//
// Kept as a compact byte stream, not as effect values: a 56-byte effect copied per effect into
// fresh memory was ~40% of the engine's time (mostly the kernel handing out pages), and
// repeats are rare, so they pay for decoding. Outcomes are numbered in the order appended and
// encoded in groups of 16: within a group, each outcome's sequence number, and each effect's
// incident, request, order and time, are stored as the difference from the one before
// (usually nothing), and only fields that are set are stored; only the start of each group is
// indexed. Reading outcome n decodes from its group's start: at most 15 outcomes to skip.
#pragma once

#include <muster/events.hpp>

#include "common/byte_stream.hpp"

#include <cstdint>
#include <memory>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

class outcome_history {
 public:
  /// Appends `o` (all but `duplicate`); returns its number (0, 1, 2, … in append order).
  std::uint32_t append(const outcome& o);
  /// Replaces `out` with outcome number `n` (duplicate = false). Throws std::out_of_range when
  /// there is no such outcome.
  void read(std::uint32_t n, outcome& out) const;
  std::uint32_t size() const { return count_; }
  /// Bytes held, including the unused tail of the last block.
  std::size_t bytes() const {
    return blocks_.size() * block_size + blocks_.capacity() * sizeof(void*) + group_starts_.capacity() * sizeof(std::uint64_t);
  }

  /// The stream as it stands (snapshots): loading it gives the same reads and the same
  /// encoding of what is appended next.
  void save(byte_writer& w) const;
  bool load(byte_reader& r);

  static constexpr unsigned group_size = 16;

 private:
  static constexpr std::size_t block_bits = 16;
  static constexpr std::size_t block_size = std::size_t{1} << block_bits;

  /// What the next outcome's and effect's fields are stored relative to (reset per group).
  struct context {
    std::uint64_t seq = 0;
    effect last;
  };
  static std::uint8_t* encode(const outcome& o, context& c, std::uint8_t* p);
  /// Decodes outcome `n` into `out`, leaving `c` as the encoder's context after it.
  void decode(std::uint32_t n, outcome& out, context& c) const;
  void put(const std::uint8_t* p, std::size_t n);

  std::vector<std::unique_ptr<std::uint8_t[]>> blocks_;  ///< fixed blocks: growing copies nothing
  std::uint64_t size_ = 0;                               ///< bytes used, counting skipped block tails
  std::vector<std::uint64_t> group_starts_;              ///< where each group of 16 outcomes starts
  std::uint32_t count_ = 0;
  context context_;
  std::vector<std::uint8_t> scratch_;  ///< an outcome larger than a block, before it is appended
};

}  // namespace detail
MUSTER_END_NAMESPACE
