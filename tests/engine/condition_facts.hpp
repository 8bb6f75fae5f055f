// Facts for evaluating compiled conditions in tests, without an engine: every fact a field,
// and a count of each time the calendar is read (to prove that facts are read lazily).
#pragma once

#include "engine/condition_eval.hpp"

#include <cstdint>

namespace muster_test {

struct test_facts {
  std::int64_t grade_ = 0, type_ = 0, level_ = 1, forces_ = 0, amount_ = 0, quantity_ = 0;
  bool special = false, sensitive = false, hq = false, above = false, drill_ = false;
  std::uint64_t periods = 0, flags = 0;  ///< bit i: period / flag i
  std::int64_t category = 0, sector = -1;
  std::uint64_t caps = 0;
  mutable int calendar_reads = 0;

  std::int64_t grade() const { return grade_; }
  std::int64_t type() const { return type_; }
  std::int64_t level() const { return level_; }
  std::int64_t forces() const { return forces_; }
  std::int64_t amount() const { return amount_; }
  std::int64_t quantity() const { return quantity_; }
  bool special_period() const { return ++calendar_reads, special; }
  bool sensitive_period() const { return ++calendar_reads, sensitive; }
  bool headquarters() const { return hq; }
  bool above_threshold() const { return above; }
  bool drill() const { return drill_; }
  bool period(muster::index_t i) const { return ++calendar_reads, (periods >> i & 1U) != 0; }
  bool flag(muster::index_t i) const { return (flags >> i & 1U) != 0; }
  std::int64_t force_category() const { return category; }
  std::int64_t force_sector() const { return sector; }
  std::uint64_t force_capabilities() const { return caps; }
};

}  // namespace muster_test
