// Internal: the hash of a short text (an id, a host's name) for the engine's open-addressing
// tables: the codec's name tables and the policy's id lookups. Fixed, so it is the same on
// every machine, though nothing but speed depends on it: no table is ever iterated in hash
// order.
#pragma once

#include <muster/config.hpp>

#include <cstdint>
#include <cstring>
#include <string_view>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// Eight bytes at a time, each word mixed in (splitmix64's constants); every bit of the result,
/// the low ones included, depends on every byte.
inline std::uint64_t hash_text(std::string_view s) {
  constexpr std::uint64_t k1 = 0x9E3779B97F4A7C15ULL, k2 = 0xBF58476D1CE4E5B9ULL, k3 = 0x94D049BB133111EBULL;
  auto mix = [](std::uint64_t w) { return (w ^ (w >> 31)) * k2; };
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

}  // namespace detail
MUSTER_END_NAMESPACE
