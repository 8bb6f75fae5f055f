// Pass `scalars`: strict scalar types. No YAML 1.1 booleans, no octal, no quoted numbers,
// durations and dates in one spelling each, ids lower-case, choices from a closed set.
#include "policy/compile_context.hpp"
#include "policy/scalars.hpp"

#include <algorithm>
#include <map>
#include <string_view>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

std::vector<std::string> as_strings(const std::vector<std::string_view>& v) { return {v.begin(), v.end()}; }

struct scalar_checker final : schema_visitor {
  compile_context& cx;
  explicit scalar_checker(compile_context& c) : cx(c) {}

  void on_object(const yaml_node&, const object_spec&) override {}

  void on_value(const field_spec& f, const yaml_node&, const yaml_node& value) override {
    switch (f.type) {
      case value_type::choice_or_object_list:  // a rung written as a mapping is checked by its own spec
        for (const auto& item : value.items)
          if (item.is_scalar()) check(f, item);
        return;
      case value_type::ref_list:
      case value_type::choice_list:
      case value_type::clauses:
        if (value.is_scalar() && f.type == value_type::clauses) return check(f, value);
        for (const auto& item : value.items)
          if (item.is_scalar()) check(f, item);
        // A ladder (on_timeout) may repeat a step on purpose: [remind, remind, escalate].
        if (f.type != value_type::choice_list) check_repeats(f, value);
        return;
      default:
        if (value.is_scalar()) check(f, value);
    }
  }

  /// A list of references or clauses naming the same thing twice is a slip (a copy left
  /// behind, or the wrong one of two similar names): refused at the repeat, naming the first.
  void check_repeats(const field_spec& f, const yaml_node& list) {
    std::map<std::string_view, const yaml_node*> first;  // ordered: no hash order can leak
    for (const yaml_node& item : list.items) {
      if (!item.is_scalar()) continue;
      const auto [it, fresh] = first.emplace(item.text, &item);
      if (!fresh)
        cx.report(item, "duplicate-item",
                  std::string(f.key) + ": '" + item.text + "' is listed twice (first at line " + std::to_string(it->second->line) +
                      ", column " + std::to_string(it->second->column) + ")",
                  "remove the repeat");
    }
  }

  void check(const field_spec& f, const yaml_node& v) {
    const std::string key(f.key);
    std::string why;
    switch (f.type) {
      case value_type::language_version:
        if (v.quoted && v.text == "1")
          cx.report(v, "invalid-integer", key + ": the language version must not be quoted", "write " + key + ": 1");
        else if (v.text != "1")
          cx.report(v, "unsupported-version", key + ": language version '" + v.text + "' is not supported", "this Muster reads version 1");
        return;
      case value_type::id:
      case value_type::ref:
      case value_type::ref_list:
        if (!is_valid_id(v.text))
          cx.report(v, "invalid-id", key + ": '" + v.text + "' is not an id",
                    "ids are lower-case ASCII letters, digits and '_', starting with a letter, at most 64 long");
        return;
      case value_type::integer: {
        if (v.quoted) return cx.report(v, "invalid-integer", key + ": a number must not be quoted", "remove the quotes");
        auto n = parse_integer(v.text, &why);
        if (!n) return cx.report(v, "invalid-integer", key + ": '" + v.text + "' is not an integer: " + why);
        if (*n < f.min || *n > f.max)
          cx.report(v, "out-of-range", key + ": " + v.text + " is out of range",
                    "allowed: " + std::to_string(f.min) + " to " + std::to_string(f.max));
        return;
      }
      case value_type::boolean:
        if (v.quoted || !parse_boolean(v.text))
          cx.report(v, "invalid-boolean", key + ": '" + v.text + "' is not a boolean", "write true or false (unquoted)");
        return;
      case value_type::duration:
        if (!parse_duration(v.text, &why)) cx.report(v, "invalid-duration", key + ": '" + v.text + "': " + why);
        return;
      case value_type::date:
        if (!parse_date(v.text, &why)) cx.report(v, "invalid-date", key + ": '" + v.text + "': " + why);
        return;
      case value_type::month_day:
        if (!parse_month_day(v.text, &why)) cx.report(v, "invalid-month-day", key + ": '" + v.text + "': " + why);
        return;
      case value_type::clauses: {
        const auto& known = cx.clause_ids;
        // No document, or one listing no clause, is reported once, at the document (missing-key,
        // empty-list): every citation is not reported unknown as well.
        if (known.empty()) return;
        if (std::find(known.begin(), known.end(), v.text) == known.end()) {
          std::string guess = did_you_mean(v.text, known);
          cx.report(v, "unknown-clause", "clause '" + v.text + "' is not a clause of the policy's document",
                    guess.empty() ? "add it to document: clauses, or cite one listed there" : "did you mean '" + guess + "'?");
        }
        return;
      }
      case value_type::choice:
      case value_type::choice_list:
      case value_type::choice_or_object_list:
        if (std::find(f.choices.begin(), f.choices.end(), v.text) == f.choices.end()) {
          std::string guess = did_you_mean(v.text, as_strings(f.choices));
          std::string all;
          for (auto c : f.choices) all += (all.empty() ? "" : ", ") + std::string(c);
          cx.report(v, "invalid-choice", key + ": '" + v.text + "' is not one of " + all,
                    guess.empty() ? std::string() : "did you mean '" + guess + "'?");
        }
        return;
      default:
        return;
    }
  }
};

}  // namespace

void check_scalars(compile_context& cx) {
  scalar_checker v(cx);
  walk(cx.doc.root, cx.spec, v);
}

}  // namespace detail
MUSTER_END_NAMESPACE
