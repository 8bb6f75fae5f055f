// Numbering the host's names by first appearance (name_table.hpp).
#include "codec/name_table.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

MUSTER_BEGIN_NAMESPACE
namespace detail {

std::uint64_t name_table::find(std::string_view s) const {
  if (slots_.empty()) return 0;
  const std::uint64_t h = hash_of(s);
  for (std::size_t i = static_cast<std::size_t>(h) & mask();; i = (i + 1) & mask()) {
    const slot& at = slots_[i];
    if (at.kept == 0) return 0;
    if (at.tag == tag_of(h) && name(id_of(at)) == s) return id_of(at);
  }
}

std::uint64_t name_table::intern(std::string_view s, std::uint64_t h) {
  if ((ends_.size() + 1) * 2 > slots_.size()) grow();
  std::size_t i = static_cast<std::size_t>(h) & mask();
  for (; slots_[i].kept != 0; i = (i + 1) & mask())
    if (slots_[i].tag == tag_of(h) && name(id_of(slots_[i])) == s) return id_of(slots_[i]);
  // A slot's tag chooses its place in tables of up to 2^32 slots, half full at most: past
  // 2^31 names (the slots alone would take 32 GiB) it could not.
  if (ends_.size() >= (std::size_t{1} << 31)) throw std::length_error("name_table: more than 2,147,483,648 names kept");
  text_.append(s.data(), s.size());
  ends_.push_back(text_.size());
  slots_[i] = slot_for(h, size());
  return size();
}

void name_table::forget_below(std::uint64_t first) {
  if (first <= base_ + 1) return;
  const std::size_t drop = static_cast<std::size_t>(std::min<std::uint64_t>(first - 1 - base_, ends_.size()));
  if (drop * 2 < ends_.size() || drop < std::min<std::size_t>(4096, ends_.size())) return;  // not yet worth a rebuild
  const std::size_t cut = drop == 0 ? 0 : ends_[drop - 1];
  text_.erase(0, cut);
  text_.shrink_to_fit();
  ends_.erase(ends_.begin(), ends_.begin() + static_cast<std::ptrdiff_t>(drop));
  for (std::size_t& e : ends_) e -= cut;
  ends_.shrink_to_fit();
  base_ += drop;
  rebuild_slots();  // the names kept were distinct: cannot fail
}

bool name_table::load(byte_reader& r) {
  std::string text;
  std::vector<std::size_t> ends;
  std::uint64_t base = 0;
  r.get(base);
  r.get_string(text);
  r.get_vector(ends);
  for (std::size_t i = 0; i < ends.size() && !r.failed(); ++i)
    if (ends[i] > text.size() || (i > 0 && ends[i] < ends[i - 1])) r.fail();
  if (base > (std::uint64_t{1} << 62)) r.fail();
  if (r.failed()) return false;
  // The names keep their numbers; only the slots are rebuilt.
  name_table t;
  t.text_ = std::move(text);
  t.ends_ = std::move(ends);
  t.base_ = base;
  if (!t.rebuild_slots()) return r.fail(), false;
  *this = std::move(t);
  return true;
}

bool name_table::rebuild_slots() {
  std::size_t slots = 256;
  while ((ends_.size() + 1) * 2 > slots) slots *= 2;
  slots_ = decltype(slots_)(slots);  // exactly this size: a rebuild after forgetting shrinks it
  // Each name's slot is asked from memory a few names ahead: the table is large and probed at
  // random, so one miss per name was most of the time.
  constexpr std::uint64_t ahead = 8;
  std::uint64_t hashes[ahead];
  const std::uint64_t n = ends_.size();
  auto ask = [&](std::uint64_t id) {
    const std::uint64_t h = hash_of(name(id));
    hashes[id % ahead] = h;
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(&slots_[static_cast<std::size_t>(h) & mask()]);
#endif
  };
  const std::uint64_t first = base_ + 1;
  for (std::uint64_t id = first; id < first + std::min(n, ahead); ++id) ask(id);
  for (std::uint64_t id = first; id < first + n; ++id) {
    const std::string_view text = name(id);
    const std::uint64_t h = hashes[id % ahead];
    if (id + ahead < first + n) ask(id + ahead);
    std::size_t i = static_cast<std::size_t>(h) & mask();
    for (; slots_[i].kept != 0; i = (i + 1) & mask())
      if (slots_[i].tag == tag_of(h) && name(id_of(slots_[i])) == text) return false;  // a name twice
    slots_[i] = slot_for(h, id);
  }
  return true;
}

void name_table::grow() {
  std::vector<slot, huge_page_allocator<slot>> old = std::move(slots_);
  slots_.assign(old.empty() ? 256 : old.size() * 2, slot{});
  // The tag holds the hash's bits that choose a slot in any table of up to 2^32 slots.
  for (const slot& s : old) {
    if (s.kept == 0) continue;
    std::size_t i = s.tag & mask();
    while (slots_[i].kept != 0) i = (i + 1) & mask();
    slots_[i] = s;
  }
}

}  // namespace detail
MUSTER_END_NAMESPACE
