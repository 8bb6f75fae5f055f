#include "policy/compile_context.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {

void walk(const yaml_node& node, const object_spec& spec, schema_visitor& v) {
  v.on_object(node, spec);
  for (const auto& e : node.entries) {
    const field_spec* f = spec.find_or_old(e.key.text);  // an old name still read is checked as the new
    if (!f || (e.value.is_scalar() && e.value.null)) continue;
    v.on_value(*f, e.key, e.value);
    if (f->type == value_type::object && e.value.is_map()) {
      walk(e.value, *f->object, v);
    } else if ((f->type == value_type::object_list || f->type == value_type::choice_or_object_list) && e.value.is_seq()) {
      for (const auto& item : e.value.items)
        if (item.is_map()) walk(item, *f->object, v);
    }
  }
}

const yaml_node* field(const yaml_node& map, std::string_view key) {
  const yaml_node* n = map.find(key);
  return n && !(n->is_scalar() && n->null) ? n : nullptr;
}

const yaml_node* field(const yaml_node& map, const object_spec& spec, std::string_view key) {
  if (const yaml_node* n = field(map, key)) return n;
  for (const auto& r : spec.renamed)
    if (r.still_read && r.new_key == key)
      if (const yaml_node* old = field(map, r.old_key)) return old;
  return nullptr;
}

const std::vector<yaml_node>& items_of(const yaml_node* list) {
  static const std::vector<yaml_node> none;
  return list && list->is_seq() ? list->items : none;
}

std::string scalar_or(const yaml_node& map, std::string_view key, std::string fallback) {
  const yaml_node* n = field(map, key);
  return n && n->is_scalar() ? n->text : fallback;
}

text read_text(const yaml_node& map) { return {scalar_or(map, "zh"), scalar_or(map, "en")}; }

std::vector<std::string> read_clauses(const yaml_node* node) {
  std::vector<std::string> out;
  if (!node) return out;
  if (node->is_scalar()) out.push_back(node->text);
  for (const auto& item : node->items) out.push_back(item.text);
  return out;
}

}  // namespace detail
MUSTER_END_NAMESPACE
