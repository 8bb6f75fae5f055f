// A compiled `when:` condition: a flat postfix program over the facts the engine knows.
//
//   when: special_period and forces > 3
//     → [test special_period] [compare forces > 3] [and]
//
// The policy compiler checks names and types and bounds the size; the engine evaluates a
// program with a fixed-size stack (src/engine/condition_eval.hpp), no allocation.
#pragma once

#include <muster/model/basics.hpp>

#include <cstdint>
#include <string>
#include <vector>

MUSTER_BEGIN_NAMESPACE

/// What a condition can ask about. The comment gives each fact's type.
enum class condition_fact : std::uint8_t {
  constant,          ///< bool: `value` (1 true, 0 false); `always` inside an expression
  grade,             ///< grade index, ordered as the policy's `grades` list
  type,              ///< incident type index
  level,             ///< jurisdiction_level of the incident's jurisdiction
  forces,            ///< integer: forces still in the request
  amount,            ///< integer: the chain subject's amount (claims)
  quantity,          ///< integer: the chain subject's quantity (requisitions)
  special_period,    ///< bool: a special period is active
  sensitive_period,  ///< bool: a sensitive period is active
  headquarters,      ///< bool: a headquarters is established
  above_threshold,   ///< bool: grade at or above the command threshold
  period,            ///< bool: period `value` is active
  flag,              ///< bool: incident flag `value` is set
  force_category,    ///< force_category of the force a per-force rule is about
  force_sector,      ///< sector index of that force (no_index: none)
  force_capability,  ///< capability_mask of that force
  drill,             ///< bool: the incident is a drill (reported with status exercise or test, 3.2.3)
};

enum class condition_opcode : std::uint8_t {
  test,     ///< push a boolean fact
  compare,  ///< push (fact cmp value)
  member,   ///< push (bit `fact` of `value` is set); force_capability: (capabilities & value) != 0
  op_not,   ///< pop a, push !a
  op_and,   ///< pop b, pop a, push a && b
  op_or,    ///< pop b, pop a, push a || b
};

enum class condition_compare : std::uint8_t { eq, ne, lt, le, gt, ge };

/// One instruction. Plain data: 16 bytes.
struct condition_op {
  condition_opcode code = condition_opcode::test;
  condition_fact fact = condition_fact::constant;
  condition_compare cmp = condition_compare::eq;
  std::int64_t value = 0;  ///< the literal compared with, an index, or a bit mask (member)
};

/// Bounds the compiler enforces, so evaluation needs no allocation.
inline constexpr std::size_t max_condition_ops = 64;
inline constexpr std::size_t max_condition_depth = 16;  ///< nesting, and so the evaluation stack

struct condition_program {
  std::string text;                ///< as the policy writer wrote it, for summaries and graphs
  std::vector<condition_op> ops;   ///< postfix
  bool uses_force = false;         ///< reads force.* facts: evaluated once per force
  source_location where;           ///< the `when:` value
};

MUSTER_END_NAMESPACE
