// src/codec/name_table.hpp: the host's names numbered by first appearance, also once the table
// is large enough to live in huge pages (src/common/huge_pages.hpp).
#include "codec/name_table.hpp"
#include "common/huge_pages.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

TEST_CASE("name_table: numbers by first appearance, across growth into huge pages") {
  muster::detail::name_table t;
  constexpr std::uint64_t n = 300000;  // 2^20 slots of 8 bytes at the end: 8 MiB
  for (std::uint64_t i = 0; i < n; ++i) REQUIRE(t.intern("event-" + std::to_string(i)) == i + 1);
  CHECK(t.size() == n);
  for (std::uint64_t i = 0; i < n; i += 997) {
    const std::string name = "event-" + std::to_string(i);
    CHECK(t.find(name) == i + 1);
    CHECK(t.intern(name) == i + 1);
    CHECK(t.name(i + 1) == name);
  }
  CHECK(t.find("event-300000") == 0);
  CHECK(t.bytes() >= (std::uint64_t{1} << 20) * 8);
}

TEST_CASE("name_table: forgetting the oldest names keeps the rest's numbers and never gives a number twice") {
  muster::detail::name_table t;
  for (std::uint64_t i = 1; i <= 20000; ++i) REQUIRE(t.intern("e-" + std::to_string(i)) == i);
  const std::size_t full = t.bytes();
  t.forget_below(100);  // too few to be worth a rebuild: kept for now
  CHECK(t.find("e-1") == 1);
  t.forget_below(15001);
  CHECK(t.kept() == 5000);
  CHECK(t.size() == 20000);
  CHECK(t.bytes() < full / 2);
  CHECK(t.find("e-1") == 0);
  CHECK(t.find("e-15000") == 0);
  CHECK(t.name(15000).empty());
  CHECK(t.find("e-15001") == 15001);
  CHECK(t.name(20000) == "e-20000");
  CHECK(t.intern("e-1") == 20001);  // a forgotten name is new again, with a new number
  CHECK(t.intern("e-20000") == 20000);
  // Saved and loaded: the same numbers and the same next number.
  std::string saved;
  muster::detail::byte_writer w(saved);
  t.save(w);
  muster::detail::name_table loaded;
  muster::detail::byte_reader r(saved);
  REQUIRE(loaded.load(r));
  CHECK(loaded.find("e-15001") == 15001);
  CHECK(loaded.find("e-1") == 20001);
  CHECK(loaded.find("e-14000") == 0);
  CHECK(loaded.intern("next") == 20002);
  t.forget_below(UINT64_MAX);  // every name
  CHECK(t.kept() == 0);
  CHECK(t.intern("e-5") == 20002);
}

TEST_CASE("huge_page_allocator: small blocks ordinary, large ones aligned to a huge page") {
  std::vector<std::uint64_t, muster::detail::huge_page_allocator<std::uint64_t>> v;
  for (std::uint64_t i = 0; i < 600000; ++i) v.push_back(i * 3);  // past 2 MiB: reallocated into huge pages
  CHECK(reinterpret_cast<std::uintptr_t>(v.data()) % muster::detail::huge_page_bytes == 0);
  bool same = true;
  for (std::uint64_t i = 0; i < v.size(); ++i) same = same && v[i] == i * 3;
  CHECK(same);
  v.resize(10);
  v.shrink_to_fit();
  CHECK(v.size() == 10);
  CHECK(v[9] == 27);
}
