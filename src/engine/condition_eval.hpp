// Internal: evaluates a compiled `when:` condition (include/muster/model/condition.hpp).
//
// `Facts` answers only what the program asks, when it asks: a program that never names a
// period never reads the calendar. The stack is a fixed array (the compiler bounds the depth),
// so evaluation allocates nothing.
//
//   struct Facts {
//     std::int64_t grade() const;  type()  level()  forces()  amount()  quantity()
//     bool special_period() const; sensitive_period()  headquarters()  above_threshold()  drill()
//     bool period(index_t) const;  flag(index_t)
//     std::int64_t force_category() const;  force_sector()
//     std::uint64_t force_capabilities() const;
//   };
#pragma once

#include <muster/model/condition.hpp>

#include <cstdint>

MUSTER_BEGIN_NAMESPACE
namespace detail {

template <class Facts>
std::int64_t condition_value(condition_fact f, const Facts& x) {
  switch (f) {
    case condition_fact::grade: return x.grade();
    case condition_fact::type: return x.type();
    case condition_fact::level: return x.level();
    case condition_fact::forces: return x.forces();
    case condition_fact::amount: return x.amount();
    case condition_fact::quantity: return x.quantity();
    case condition_fact::force_category: return x.force_category();
    case condition_fact::force_sector: return x.force_sector();
    default: return -1;
  }
}

template <class Facts>
bool condition_test(const condition_op& op, const Facts& x) {
  switch (op.fact) {
    case condition_fact::constant: return op.value != 0;
    case condition_fact::special_period: return x.special_period();
    case condition_fact::sensitive_period: return x.sensitive_period();
    case condition_fact::headquarters: return x.headquarters();
    case condition_fact::above_threshold: return x.above_threshold();
    case condition_fact::drill: return x.drill();
    case condition_fact::period: return x.period(static_cast<index_t>(op.value));
    case condition_fact::flag: return x.flag(static_cast<index_t>(op.value));
    default: return false;
  }
}

inline bool condition_compare_holds(std::int64_t a, condition_compare c, std::int64_t b) {
  switch (c) {
    case condition_compare::eq: return a == b;
    case condition_compare::ne: return a != b;
    case condition_compare::lt: return a < b;
    case condition_compare::le: return a <= b;
    case condition_compare::gt: return a > b;
    case condition_compare::ge: return a >= b;
  }
  return false;
}

/// Whether `prog` holds for the facts `x`. A malformed program (which the compiler never
/// builds) is false.
template <class Facts>
bool evaluate(const condition_program& prog, const Facts& x) {
  bool stack[max_condition_depth];
  std::size_t top = 0;
  for (const condition_op& op : prog.ops) {
    switch (op.code) {
      case condition_opcode::test:
      case condition_opcode::compare:
      case condition_opcode::member: {
        if (top == max_condition_depth) return false;
        bool v = false;
        if (op.code == condition_opcode::test) {
          v = condition_test(op, x);
        } else if (op.code == condition_opcode::compare) {
          v = condition_compare_holds(condition_value(op.fact, x), op.cmp, op.value);
        } else if (op.fact == condition_fact::force_capability) {
          v = (x.force_capabilities() & static_cast<std::uint64_t>(op.value)) != 0;
        } else {
          const std::int64_t i = condition_value(op.fact, x);
          v = i >= 0 && i < 64 && (static_cast<std::uint64_t>(op.value) >> i & 1U);
        }
        stack[top++] = v;
        break;
      }
      case condition_opcode::op_not:
        if (top < 1) return false;
        stack[top - 1] = !stack[top - 1];
        break;
      case condition_opcode::op_and:
      case condition_opcode::op_or:
        if (top < 2) return false;
        --top;
        stack[top - 1] = op.code == condition_opcode::op_and ? stack[top - 1] && stack[top] : stack[top - 1] || stack[top];
        break;
    }
  }
  return top == 1 && stack[0];
}

}  // namespace detail
MUSTER_END_NAMESPACE
