// Numbering the host's names by first appearance (name_table.hpp).
#include "codec/name_table.hpp"

#include <algorithm>
#include <cstring>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

constexpr std::uint64_t k1 = 0x9E3779B97F4A7C15ULL, k2 = 0xBF58476D1CE4E5B9ULL, k3 = 0x94D049BB133111EBULL;

std::uint64_t mix(std::uint64_t w) { return (w ^ (w >> 31)) * k2; }

}  // namespace

std::uint64_t name_table::hash_of(std::string_view s) {
  // Eight bytes at a time, each word mixed in (splitmix64's constants); fixed, so it is the
  // same on every machine, though nothing depends on it but speed.
  std::uint64_t h = k1 ^ (s.size() * k3);
  const char* p = s.data();
  std::size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ mix(w)) * k1;
  }
  if (n != 0) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = (h ^ mix(w)) * k1;
  }
  h ^= h >> 32;
  h *= k3;
  h ^= h >> 29;
  return h;
}

std::uint64_t name_table::find(std::string_view s) const {
  if (slots_.empty()) return 0;
  const std::uint64_t h = hash_of(s);
  for (std::size_t i = static_cast<std::size_t>(h) & mask();; i = (i + 1) & mask()) {
    const slot& at = slots_[i];
    if (at.id == 0) return 0;
    if (at.hash == h && name(at.id) == s) return at.id;
  }
}

std::uint64_t name_table::intern(std::string_view s, std::uint64_t h) {
  if ((ends_.size() + 1) * 2 > slots_.size()) grow();
  std::size_t i = static_cast<std::size_t>(h) & mask();
  for (; slots_[i].id != 0; i = (i + 1) & mask())
    if (slots_[i].hash == h && name(slots_[i].id) == s) return slots_[i].id;
  text_.append(s.data(), s.size());
  ends_.push_back(text_.size());
  slots_[i] = {h, ends_.size()};
  return ends_.size();
}

bool name_table::load(byte_reader& r) {
  std::string text;
  std::vector<std::size_t> ends;
  r.get_string(text);
  r.get_vector(ends);
  for (std::size_t i = 0; i < ends.size() && !r.failed(); ++i)
    if (ends[i] > text.size() || (i > 0 && ends[i] < ends[i - 1])) r.fail();
  if (r.failed()) return false;
  // The names keep their numbers; only the slots are rebuilt, sized once as growing would have.
  name_table t;
  t.text_ = std::move(text);
  t.ends_ = std::move(ends);
  std::size_t slots = 256;
  while ((t.ends_.size() + 1) * 2 > slots) slots *= 2;
  t.slots_.assign(slots, slot{});
  // Each name's slot is asked from memory a few names ahead: the table is large and probed at
  // random, so one miss per name was most of the time.
  constexpr std::uint64_t ahead = 8;
  std::uint64_t hashes[ahead];
  const std::uint64_t n = t.ends_.size();
  auto ask = [&](std::uint64_t id) {
    const std::uint64_t h = hash_of(t.name(id));
    hashes[id % ahead] = h;
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(&t.slots_[static_cast<std::size_t>(h) & t.mask()]);
#endif
  };
  for (std::uint64_t id = 1; id <= std::min(n, ahead); ++id) ask(id);
  for (std::uint64_t id = 1; id <= n; ++id) {
    const std::string_view name = t.name(id);
    const std::uint64_t h = hashes[id % ahead];
    if (id + ahead <= n) ask(id + ahead);
    std::size_t i = static_cast<std::size_t>(h) & t.mask();
    for (; t.slots_[i].id != 0; i = (i + 1) & t.mask())
      if (t.slots_[i].hash == h && t.name(t.slots_[i].id) == name) return r.fail(), false;  // a name twice: not a table this wrote
    t.slots_[i] = {h, id};
  }
  *this = std::move(t);
  return true;
}

void name_table::grow() {
  std::vector<slot, huge_page_allocator<slot>> old = std::move(slots_);
  slots_.assign(old.empty() ? 256 : old.size() * 2, slot{});
  for (const slot& s : old) {
    if (s.id == 0) continue;
    std::size_t i = static_cast<std::size_t>(s.hash) & mask();
    while (slots_[i].id != 0) i = (i + 1) & mask();
    slots_[i] = s;
  }
}

}  // namespace detail
MUSTER_END_NAMESPACE
