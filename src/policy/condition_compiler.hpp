// Internal: `when:` conditions, from text to a typed postfix program (include/muster/model/condition.hpp).
//
//   condition := or
//   or        := and { "or" and }
//   and       := unary { "and" unary }
//   unary     := "not" unary | "(" or ")" | test
//   test      := NAME                                   a boolean fact, period id, flag id or shorthand
//              | NAME ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) VALUE
//              | NAME "in" "[" VALUE { "," VALUE } "]"
//              | NAME "has" VALUE                       force.capability only
//
// Names and types are checked against the policy; the first error is returned with the byte
// offset of the offending token, which the references pass turns into a line and column.
#pragma once

#include <muster/model/condition.hpp>
#include <muster/policy.hpp>

#include <string>
#include <string_view>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

struct policy_context;
struct yaml_node;

/// What the place a condition stands in lets it read.
struct condition_place {
  bool per_force = false;  ///< a rule applied once per force (for_each: force, issue_orders, request_support): force.*
  bool in_chain = false;   ///< a chain's step or action: forces, amount, quantity
  const char* where = "";  ///< "an information route", "a step without for_each: force" …, for messages
};

struct condition_error {
  std::string code;     ///< unknown-condition, condition-type, condition-syntax, condition-context, condition-too-complex
  std::string message;
  std::string hint;
  std::size_t offset = 0;  ///< byte offset in the text of the offending token
};

/// Compiles `text` against the names already read into `p` (grades, incident types, sectors,
/// capabilities, periods, flags). On failure returns false and sets `err`.
bool compile_condition(const policy& p, std::string_view text, const condition_place& place, condition_program& out,
                       condition_error& err);

/// Whether `word` is a fact conditions know by name (grade, special_period, drill …): a period
/// or flag of that id could never be read, as the fact is found first.
bool is_condition_fact(std::string_view word);

/// Compiles the `when:` value `n` into `cx.p.conditions` and returns its index; no_index for
/// `always` (or on error, which is reported at the token's own line and column).
index_t compile_when(policy_context& cx, const yaml_node& n, const condition_place& place);

}  // namespace detail
MUSTER_END_NAMESPACE
