// Pass `shape`: every key is known (did-you-mean otherwise), required keys are present and
// every value is a mapping, a list or a scalar as the schema says.
#include "policy/compile_context.hpp"
#include "policy/scalars.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

std::string joined_choices(const field_spec& f) {
  std::string s;
  for (auto c : f.choices) s += (s.empty() ? "" : ", ") + std::string(c);
  return s;
}

const char* kind_name(const yaml_node& n) { return n.is_map() ? "a mapping" : n.is_seq() ? "a list" : "a scalar"; }

std::string joined(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) s += (s.empty() ? "" : ", ") + w;
  return s;
}

// A required key written under its old name has had its renamed-key error; no missing-key too.
bool written_under_old_name(const yaml_node& node, const object_spec& spec, std::string_view key) {
  for (const auto& r : spec.renamed)
    if (r.new_key == key && node.find(r.old_key)) return true;
  return false;
}

struct shape_checker final : schema_visitor {
  compile_context& cx;
  explicit shape_checker(compile_context& c) : cx(c) {}

  void on_object(const yaml_node& node, const object_spec& spec) override {
    std::vector<std::string> known;
    for (const auto& f : spec.fields) known.emplace_back(f.key);
    for (const auto& e : node.entries) {
      const field_spec* f = spec.find(e.key.text);
      if (!f) {
        if (const renamed_key* r = spec.find_renamed(e.key.text)) {
          const std::string now = "'" + e.key.text + "' in " + std::string(spec.name) + " is now '" + std::string(r->new_key) + "'";
          const std::string hint = "write " + std::string(r->new_key) + ": (" + std::string(r->why) + ")";
          if (!r->still_read) {
            cx.report(e.key, "renamed-key", now, hint);
            continue;
          }
          if (node.find(r->new_key)) cx.report(e.key, "renamed-key", now + ", and both are given", "keep only " + std::string(r->new_key));
          else cx.warn(e.key, "deprecated-key", now + "; read as '" + std::string(r->new_key) + "' in this release", hint);
          f = spec.find(r->new_key);  // still read: its value is checked as the new key's
        } else {
          std::string guess = did_you_mean(e.key.text, known);
          cx.report(e.key, "unknown-key", "unknown key '" + e.key.text + "' in " + std::string(spec.name),
                    guess.empty() ? "allowed keys: " + joined(known) : "did you mean '" + guess + "'?");
          continue;
        }
      }
      if (f && f->required && e.value.is_scalar() && e.value.null) {
        cx.report(e.value.line ? e.value : e.key, "missing-value", "'" + e.key.text + "' has no value");
      }
    }
    for (const auto& f : spec.fields) {
      if (f.required && !node.find(f.key) && !written_under_old_name(node, spec, f.key))
        cx.report(node, "missing-key", std::string(spec.name) + " needs '" + std::string(f.key) + "'");
    }
  }

  void on_value(const field_spec& f, const yaml_node&, const yaml_node& value) override {
    const std::string key(f.key);
    switch (f.type) {
      case value_type::object:
        if (!value.is_map()) cx.report(value, "expected-mapping", key + " must be a mapping, not " + kind_name(value));
        return;
      case value_type::object_list:
        if (!value.is_seq()) return cx.report(value, "expected-list", key + " must be a list, not " + kind_name(value));
        for (const auto& item : value.items)
          if (!item.is_map())
            cx.report(item, "expected-mapping", "each item of " + key + " must be " + std::string(f.object->name) + " (a mapping)");
        return;
      case value_type::choice_or_object_list:
        if (!value.is_seq())
          return cx.report(value, "expected-list", key + " must be a list, not " + kind_name(value),
                           "write [" + std::string(f.choices.front()) + ", …]");
        for (const auto& item : value.items)
          if (item.is_seq())
            cx.report(item, "expected-scalar", "each item of " + key + " must be one of " + joined_choices(f) + ", or " +
                                                   std::string(f.object->name) + " written as a mapping such as " + std::string(f.object->example));
        return;
      case value_type::ref_list:
      case value_type::text_list:
      case value_type::choice_list:
        if (!value.is_seq())
          return cx.report(value, "expected-list", key + " must be a list, not " + kind_name(value),
                           "write [a, b], or one item per line starting with '- '");
        for (const auto& item : value.items)
          if (!item.is_scalar()) cx.report(item, "expected-scalar", "each item of " + key + " must be a single value");
        return;
      case value_type::clauses:
        if (value.is_map()) return cx.report(value, "expected-scalar", "clause must be a clause id or a list of them");
        if (value.is_seq() && value.items.empty())  // as the JSON Schema: a clause list names at least one
          return cx.report(value, "empty-list", "clause: [] cites no clause", "name the clause of the document (document: clauses) this rule encodes");
        for (const auto& item : value.items)
          if (!item.is_scalar()) cx.report(item, "expected-scalar", "each clause must be a clause id listed under document: clauses");
        return;
      default:
        if (!value.is_scalar()) cx.report(value, "expected-scalar", key + " must be a single value, not " + kind_name(value));
        return;
    }
  }
};

}  // namespace

void check_shape(compile_context& cx) {
  shape_checker v(cx);
  walk(cx.doc.root, cx.spec, v);
}

}  // namespace detail
MUSTER_END_NAMESPACE
