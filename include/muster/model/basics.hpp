// Small value types shared by the whole model: indices, names, rule references, dates.
#pragma once

#include <muster/config.hpp>
#include <muster/diagnostic.hpp>

#include <cstdint>
#include <string>
#include <vector>

MUSTER_BEGIN_NAMESPACE

/// Interned id: a position in one of the policy's tables.
using index_t = std::uint16_t;
inline constexpr index_t no_index = 0xFFFF;

/// A bilingual name. At least one of the two is set.
struct text {
  std::string zh;
  std::string en;
  /// "文登区 (Wendeng District)", or whichever half exists.
  std::string display() const;
};

/// Where a rule comes from: its id, its place in the policy file and the seed clauses it encodes.
/// Every effect the engine produces carries these, so "why" is always answerable.
struct rule_ref {
  std::string id;                    ///< e.g. "chains.call_plan.steps.em_approval"
  source_location where;             ///< file:line:col of the rule in the policy
  std::vector<std::string> clauses;  ///< e.g. {"3.1.2"}
};

/// A calendar date, proleptic Gregorian.
struct date {
  std::int16_t year = 0;
  std::uint8_t month = 0;
  std::uint8_t day = 0;
  bool valid() const { return month != 0; }
  friend bool operator<(date a, date b) {
    return a.year != b.year ? a.year < b.year : a.month != b.month ? a.month < b.month : a.day < b.day;
  }
  friend bool operator==(date a, date b) { return a.year == b.year && a.month == b.month && a.day == b.day; }
};

/// Seconds. Durations in the policy are whole seconds.
using seconds_t = std::int64_t;

/// Warning colour levels (预警级别), lowest first: 蓝 blue, 黄 yellow, 橙 orange, 红 red.
enum class warning_level : std::uint8_t { blue, yellow, orange, red };
inline constexpr int warning_level_count = 4;

MUSTER_END_NAMESPACE
