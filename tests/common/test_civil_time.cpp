// src/common/civil_time.hpp: the calendar maths the policy (dates, month-days), the codec
// (RFC 3339 times), the engine (periods) and the CLI share. days_in_month came from the
// policy's scalars, which the codec borrowed it from.
#include "common/civil_time.hpp"

#include <doctest/doctest.h>

using namespace muster::detail;

TEST_CASE("civil_time: leap years and month lengths") {
  CHECK(is_leap_year(2024));
  CHECK(is_leap_year(2000));
  CHECK_FALSE(is_leap_year(1900));
  CHECK_FALSE(is_leap_year(2100));
  CHECK_FALSE(is_leap_year(2026));
  CHECK(days_in_month(2024, 2) == 29);
  CHECK(days_in_month(2026, 2) == 28);
  CHECK(days_in_month(2100, 2) == 28);
  CHECK(days_in_month(2026, 1) == 31);
  CHECK(days_in_month(2026, 4) == 30);
  CHECK(days_in_month(2026, 12) == 31);
  CHECK(days_in_month(2026, 0) == 0);
  CHECK(days_in_month(2026, 13) == 0);
  static_assert(days_in_month(2000, 2) == 29);
}

TEST_CASE("civil_time: day numbers walk the calendar one day at a time") {
  static_assert(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(2000, 3, 1) == 11017);
  CHECK(days_from_civil(1969, 12, 31) == -1);
  std::int64_t n = days_from_civil(1896, 1, 1);
  for (std::int64_t y = 1896; y <= 2104; ++y) {
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= days_in_month(y, m); ++d, ++n) {
        REQUIRE(days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) == n);
        const civil_date c = civil_from_days(n);
        REQUIRE((c.year == y && c.month == static_cast<unsigned>(m) && c.day == static_cast<unsigned>(d)));
      }
    }
  }
}

TEST_CASE("civil_time: floor division and RFC 3339") {
  CHECK(floor_div(-1, 86400) == -1);
  CHECK(floor_div(-86400, 86400) == -1);
  CHECK(floor_div(86399, 86400) == 0);
  CHECK(rfc3339(0, 0) == "1970-01-01T00:00:00Z");
  CHECK(rfc3339(days_from_civil(2026, 7, 10) * 86400 + 3600, 480) == "2026-07-10T09:00:00+08:00");
  CHECK(rfc3339(days_from_civil(2024, 2, 29) * 86400, -330) == "2024-02-28T18:30:00-05:30");
}
