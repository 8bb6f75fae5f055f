// Internal: every outcome the engine has given, kept so a repeated event id gets its first
// outcome back (DESIGN.md "Idempotency") — for as long as the engine lives, or, under the
// policy's limits.retention, until the engine forgets the oldest (forget_before).
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
#include <deque>
#include <memory>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

class outcome_history {
 public:
  /// Appends `o` (all but `duplicate`), given when the engine's clock read `clock`; returns
  /// its number (0, 1, 2, … in append order). Clocks never decrease from one append to the next.
  std::uint32_t append(const outcome& o, timestamp clock);
  /// Replaces `out` with outcome number `n` (duplicate = false). Throws std::out_of_range when
  /// there is no such outcome, or it was forgotten.
  void read(std::uint32_t n, outcome& out) const;
  std::uint32_t size() const { return count_; }
  /// The first outcome still kept: those before it were forgotten.
  std::uint32_t first_kept() const { return group_base_ * group_size; }
  /// The end of the longest run of whole groups, from first_kept(), given before `horizon`:
  /// the outcomes that forget_before may drop. Never reaches into the group being filled.
  std::uint32_t kept_before(timestamp horizon) const;
  /// Forgets the outcomes before `n` (a multiple of group_size, at most kept_before's answer),
  /// freeing the blocks only they used.
  void forget_before(std::uint32_t n);
  /// Bytes held, including the unused tail of the last block.
  std::size_t bytes() const {
    std::size_t held = 0;
    for (const auto& b : blocks_) held += b ? block_size : 0;
    return held + blocks_.size() * sizeof(void*) + groups_.size() * sizeof(group);
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

  struct group {
    std::uint64_t start;  ///< where the group's first outcome starts in the stream
    timestamp clock;      ///< the clock when its last outcome so far was given
  };
  /// Fixed blocks (growing copies nothing); block i of the stream is blocks_[i - block_base_],
  /// null once forgotten.
  std::deque<std::unique_ptr<std::uint8_t[]>> blocks_;
  std::uint64_t block_base_ = 0;
  std::uint64_t size_ = 0;   ///< bytes of stream so far, counting skipped block tails and forgotten blocks
  std::deque<group> groups_; ///< each group of 16 outcomes still kept; the first is group number group_base_
  std::uint32_t group_base_ = 0;
  std::uint32_t count_ = 0;
  context context_;
  std::vector<std::uint8_t> scratch_;  ///< an outcome larger than a block, before it is appended
};

}  // namespace detail
MUSTER_END_NAMESPACE
