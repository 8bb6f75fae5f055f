// Internal: every outcome the engine has given, kept so a repeated event id gets its first
// outcome back (DESIGN.md "Idempotency") for as long as the engine lives.
//
// Kept as a compact byte stream, not as effect values: a 56-byte effect copied per effect into
// fresh memory was ~40% of the engine's time (mostly the kernel handing out pages), and
// repeats are rare, so they pay for decoding. Each effect stores only what differs from
// "nothing" (absent organisations, no deadline) or from the effect before it in the same
// outcome (incident, request, order, time), ~15–30 bytes instead of 56.
#pragma once

#include <muster/events.hpp>

#include <cstdint>
#include <memory>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

class outcome_history {
 public:
  /// Appends `o` (all but `duplicate`); returns where it starts, for read().
  std::uint64_t append(const outcome& o);
  /// Replaces `out` with the outcome appended at `at` (duplicate = false).
  void read(std::uint64_t at, outcome& out) const;
  /// Bytes held, including the unused tail of the last block.
  std::size_t bytes() const { return blocks_.size() * block_size + blocks_.capacity() * sizeof(void*); }

 private:
  static constexpr std::size_t block_bits = 16;
  static constexpr std::size_t block_size = std::size_t{1} << block_bits;

  /// Writes `o` from `p` on; returns the end. At most 32 + detail + 75 bytes per effect.
  static std::uint8_t* encode(const outcome& o, std::uint8_t* p);
  void put(const std::uint8_t* p, std::size_t n);

  std::vector<std::unique_ptr<std::uint8_t[]>> blocks_;  ///< fixed blocks: growing copies nothing
  std::uint64_t size_ = 0;
  std::vector<std::uint8_t> scratch_;  ///< one outcome, encoded before it is appended
};

}  // namespace detail
MUSTER_END_NAMESPACE
