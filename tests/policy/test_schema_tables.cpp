// The JSON Schemas editors use (rules/muster-*.schema.json) against the key tables the compiler
// checks with (src/policy/schema.cpp): walked side by side, so that a key, a required key or a
// choice added to one and not the other fails here. The schemas may be narrower than the tables
// where a later pass refuses by context what the shape pass lets through; each such place is
// listed below with its reason, and a listed place that is no longer narrower fails too.
#include "policy/schema.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <string>
#include <vector>

namespace {

using muster::detail::field_spec;
using muster::detail::object_spec;
using muster::detail::value_type;
using json = nlohmann::json;

json load_schema(const char* name) {
  std::ifstream in(std::string(MUSTER_SOURCE_DIR) + "/rules/" + name);
  REQUIRE_MESSAGE(in.good(), "cannot read rules/" << name);
  return json::parse(in);
}

// Where the schema differs from the table on purpose: at a key's path (as the failures print
// it), `item` is "" (the schema leaves the key out), "required" (one requires it, the other
// not) or a choice the schema leaves out. `why` says which pass decides instead.
struct narrowing {
  std::string path;
  std::string item;
  const char* why;
};

// A party reference is one table for every place a party is written; which scopes (`of`) and
// forms (`position`, a bare `role`) a place accepts is decided by read_party with the scopes
// of that place (scope-not-allowed), and the schema spells each place's own variant. So in a
// party the schema may leave out keys and choices, or require more; it may never add any.
constexpr std::string_view context_narrowed = "a party reference";

struct walker {
  const json& root;
  std::vector<narrowing> allowed;
  std::set<std::string> used;  // allowed narrowings that were met
  std::vector<std::string> problems;

  const json& resolve(const json& node) const {
    const json* n = &node;
    while (n->is_object() && n->contains("$ref")) {
      const std::string ref = (*n)["$ref"];
      REQUIRE_MESSAGE(ref.rfind("#/$defs/", 0) == 0, "unexpected $ref " << ref);
      n = &root["$defs"][ref.substr(8)];
    }
    return *n;
  }

  // Properties and required keys of a schema object, through $ref, allOf, anyOf and oneOf:
  // properties are the union over the variants; required are those at the object itself.
  void gather(const json& node, std::vector<const json*>& props, std::set<std::string>& required, bool top) const {
    const json& n = resolve(node);
    if (!n.is_object()) return;
    if (n.contains("properties")) props.push_back(&n["properties"]);
    if (top && n.contains("required"))
      for (const auto& r : n["required"]) required.insert(r.get<std::string>());
    for (const char* k : {"allOf", "anyOf", "oneOf"})
      if (n.contains(k))
        for (const auto& v : n[k]) gather(v, props, required, top && std::string(k) == "allOf");
  }

  // The enum a value (or a list's items) is restricted to, if any.
  std::set<std::string> choices_of(const json& node) const {
    std::set<std::string> out;
    const json& n = resolve(node);
    if (!n.is_object()) return out;
    if (n.contains("enum"))
      for (const auto& e : n["enum"])
        if (e.is_string()) out.insert(e.get<std::string>());
    if (n.contains("items")) {
      auto inner = choices_of(n["items"]);
      out.insert(inner.begin(), inner.end());
    }
    for (const char* k : {"allOf", "anyOf", "oneOf"})
      if (n.contains(k))
        for (const auto& v : n[k]) {
          auto inner = choices_of(v);
          out.insert(inner.begin(), inner.end());
        }
    return out;
  }

  bool narrowed(const object_spec& spec, const std::string& path, const std::string& item) {
    if (spec.name == context_narrowed) return true;
    for (const auto& a : allowed)
      if (a.path == path && a.item == item) {
        used.insert(path + " " + item);
        return true;
      }
    return false;
  }

  const json* property(const std::vector<const json*>& props, const std::string& key) const {
    for (const json* p : props)
      if (p->contains(key)) return &(*p)[key];
    return nullptr;
  }

  void walk(const object_spec& spec, const json& node, const std::string& where) {
    std::vector<const json*> props;
    std::set<std::string> required;
    gather(node, props, required, true);
    std::set<std::string> table_keys;
    for (const auto& f : spec.fields) table_keys.insert(std::string(f.key));
    for (const json* p : props)
      for (const auto& item : p->items())
        if (!table_keys.count(item.key()))
          problems.push_back(where + ": the schema has '" + item.key() + "', the compiler's table does not");
    for (const auto& r : required)
      if (!table_keys.count(r)) problems.push_back(where + ": the schema requires '" + r + "', which the table lacks");

    for (const auto& f : spec.fields) {
      const std::string key(f.key);
      const std::string place = where + "." + key;
      const json* p = property(props, key);
      if (!p) {
        if (!narrowed(spec, place, "")) problems.push_back(where + ": the table has '" + key + "', the schema does not");
        continue;
      }
      if (f.required != (required.count(key) > 0) && !narrowed(spec, place, "required"))
        problems.push_back(where + ": '" + key + "' is required by the " + (f.required ? "table, not by the schema" : "schema, not by the table"));
      if (f.type == value_type::choice || f.type == value_type::choice_list) {
        const std::set<std::string> schema_choices = choices_of(*p);
        std::set<std::string> table_choices;
        for (auto c : f.choices) table_choices.insert(std::string(c));
        for (const auto& c : schema_choices)
          if (!table_choices.count(c)) problems.push_back(where + "." + key + ": the schema allows '" + c + "', the table does not");
        for (const auto& c : table_choices)
          if (!schema_choices.count(c) && !narrowed(spec, place, c))
            problems.push_back(where + "." + key + ": the table allows '" + c + "', the schema does not");
      }
      if (f.object && (f.type == value_type::object || f.type == value_type::choice_or_object_list)) {
        if (f.type == value_type::object) walk_variants(*f.object, *p, where + "." + key);
        else walk_items_that_are_objects(*f.object, *p, where + "." + key);
      }
      if (f.object && f.type == value_type::object_list) {
        const json& list = resolve(*p);
        REQUIRE_MESSAGE(list.contains("items"), where << "." << key << " has no items in the schema");
        walk_variants(*f.object, list["items"], where + "." + key + "[]");
      }
    }
  }

  // A value whose schema is one object, or a choice of objects (a party in several contexts).
  void walk_variants(const object_spec& spec, const json& node, const std::string& where) { walk(spec, node, where); }

  // A silence ladder: items are a word or a rung mapping; check the mapping variants.
  void walk_items_that_are_objects(const object_spec& spec, const json& node, const std::string& where) {
    const json& n = resolve(node);
    if (!n.contains("items")) return;
    const json& items = resolve(n["items"]);
    for (const char* k : {"anyOf", "oneOf"})
      if (items.contains(k))
        for (const auto& v : items[k])
          if (resolve(v).value("type", "") == "object") walk(spec, v, where + "[]");
  }
};

void check(const object_spec& spec, const char* schema_name, std::vector<narrowing> allowed) {
  const json root = load_schema(schema_name);
  walker w{root, std::move(allowed), {}, {}};
  w.walk(spec, root, spec.name.data());
  for (const auto& p : w.problems) FAIL_CHECK(p);
  for (const auto& a : w.allowed)
    CHECK_MESSAGE(w.used.count(a.path + " " + a.item), "listed difference no longer met: " << a.path << " " << a.item);
}

}  // namespace

TEST_CASE("schema: rules/muster-policy.schema.json has the keys, required keys and choices of the compiler's tables") {
  check(muster::detail::policy_file_spec(), "muster-policy.schema.json", {
      {"a policy file.organisations", "required",
       "the schema asks for organisations or organisation_templates; the templates pass runs first and writes organisations"},
      {"a policy file.warnings.receive.to", "required", "the warnings pass requires receive.to (missing-key)"},
      {"a policy file.warnings.push.to", "", "the warnings pass refuses push.to: a push reaches forces through their owners"},
      {"a policy file.checks[].fails_on", "available", "the checks pass refuses fails_on: available (a force available fails nothing)"},
  });
}

TEST_CASE("schema: rules/muster-forces.schema.json has the keys, required keys and choices of the compiler's tables") {
  check(muster::detail::forces_file_spec(), "muster-forces.schema.json", {});
}
