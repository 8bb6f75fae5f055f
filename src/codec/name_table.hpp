// Internal: the names the host gives events and incidents, numbered 1, 2, 3 … in order of
// first appearance. Names are stored back to back in one string; an open-addressing table of
// (half the hash, number) finds them, so remembering one more name allocates nothing of its
// own and a new name is usually told new without reading any stored name. Never iterated: no hash
// order can leak into output. The oldest names may be forgotten (forget_below, when the engine
// has forgotten their events under limits.retention); numbers are never given twice.
#pragma once

#include <muster/config.hpp>

#include "common/byte_stream.hpp"
#include "common/huge_pages.hpp"
#include "common/text_hash.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

class name_table {
 public:
  /// The number of `name`, or 0 when it has none.
  std::uint64_t find(std::string_view name) const;
  /// The number of `name`, giving it the next one when it is new.
  std::uint64_t intern(std::string_view name) { return intern(name, hash_of(name)); }
  /// A name's hash, with its slot asked from memory ahead of intern(name, hash): a table of
  /// many names misses the cache on nearly every probe, and two misses asked together overlap.
  std::uint64_t prefetch(std::string_view name) {
    if ((ends_.size() + 1) * 2 > slots_.size()) grow();
    const std::uint64_t h = hash_of(name);
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(&slots_[static_cast<std::size_t>(h) & mask()]);
#endif
    return h;
  }
  /// intern() with the hash prefetch() gave.
  std::uint64_t intern(std::string_view name, std::uint64_t hash);
  /// The name numbered `id`, or "" when there is none (or it was forgotten).
  std::string_view name(std::uint64_t id) const {
    if (id <= base_ || id - base_ > ends_.size()) return {};
    const std::size_t k = static_cast<std::size_t>(id - base_);
    const std::size_t begin = k == 1 ? 0 : ends_[k - 2];
    return std::string_view(text_.data() + begin, ends_[k - 1] - begin);
  }
  /// The highest number given so far (forgotten names included).
  std::size_t size() const { return static_cast<std::size_t>(base_) + ends_.size(); }
  /// The names kept.
  std::size_t kept() const { return ends_.size(); }
  /// The names forgotten: numbers up to this have none any more.
  std::uint64_t forgotten() const { return base_; }
  /// Forgets the names numbered below `first`: find() no longer knows them, and intern() gives
  /// such a name a new number. Done in bulk (when at least half the names kept would go), so
  /// a call per input costs nothing until then.
  void forget_below(std::uint64_t first);
  /// Every name kept, in order, after the count forgotten (snapshots); loading numbers them
  /// as they were.
  void save(byte_writer& w) const {
    w.put(base_);
    w.put_string(text_);
    w.put_vector(ends_);
  }
  bool load(byte_reader& r);
  /// Bytes held (names, offsets, slots).
  std::size_t bytes() const { return text_.capacity() + ends_.capacity() * sizeof(std::size_t) + slots_.capacity() * sizeof(slot); }

 private:
  /// Eight bytes, so twice as many fit a cache line and a page as (hash, number) would: the
  /// table is probed at random, and its memory is most of what a new name costs.
  struct slot {
    std::uint32_t tag = 0;   ///< the hash's low half: it chose the slot, so growing needs no name again
    std::uint32_t kept = 0;  ///< the name's number less base_ (1 …); 0: empty
  };
  static std::uint32_t tag_of(std::uint64_t hash) { return static_cast<std::uint32_t>(hash); }
  std::uint64_t id_of(const slot& s) const { return base_ + s.kept; }
  /// The slot of the name numbered `id` with hash `h`.
  slot slot_for(std::uint64_t h, std::uint64_t id) const { return {tag_of(h), static_cast<std::uint32_t>(id - base_)}; }
  /// A power of two, at most half full; probed at random, so in huge pages once it is large.
  std::vector<slot, huge_page_allocator<slot>> slots_;
  std::string text_;              ///< every name kept, back to back
  std::vector<std::size_t> ends_; ///< where name base_ + i + 1 ends in text_
  std::uint64_t base_ = 0;        ///< names numbered up to this were forgotten

  static std::uint64_t hash_of(std::string_view s) { return hash_text(s); }
  std::size_t mask() const { return slots_.size() - 1; }
  void grow();
  /// Slots for every name kept, sized once as growing would have; false when a name is there
  /// twice (not a table this wrote).
  bool rebuild_slots();
};

}  // namespace detail
MUSTER_END_NAMESPACE
