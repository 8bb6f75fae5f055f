// Internal: what the compiler passes share. A pass reads the document and the tables built so
// far, adds to them and reports diagnostics; it never throws for bad input.
#pragma once

#include "policy/schema.hpp"
#include "policy/yaml_document.hpp"

#include <muster/policy.hpp>

#include <functional>
#include <string>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

struct compile_context {
  const yaml_document& doc;
  const object_spec& spec;
  std::vector<diagnostic>& diags;
  /// The clause ids a `clause:` may cite: the policy's own document (`document: clauses:`).
  std::vector<std::string> clause_ids;

  void report(const yaml_node& at, std::string code, std::string message, std::string hint = {}) {
    diags.push_back({severity::error, std::move(code), {doc.file, at.line, at.column, -1}, std::move(message), std::move(hint)});
  }
  void warn(const yaml_node& at, std::string code, std::string message, std::string hint = {}) {
    diags.push_back({severity::warning, std::move(code), {doc.file, at.line, at.column, -1}, std::move(message), std::move(hint)});
  }
  source_location where(const yaml_node& n) const { return {doc.file, n.line, n.column, -1}; }
};

/// A named pass. `gate`: when a gated pass (or any before it) reported errors, the passes after
/// it are skipped, because they would only report consequences of the same mistakes.
template <class Context>
struct pass {
  const char* name;
  void (*run)(Context&);
  bool gate;
};

/// Depth-first, in file order, over the keys the schema knows; descends only into values of the
/// expected kind, so a visitor never sees a shape the schema does not allow.
struct schema_visitor {
  virtual ~schema_visitor() = default;
  virtual void on_object(const yaml_node& node, const object_spec& spec) = 0;
  virtual void on_value(const field_spec& f, const yaml_node& key, const yaml_node& value) = 0;
};
void walk(const yaml_node& node, const object_spec& spec, schema_visitor& v);

/// Generic passes driven by the schema tables.
void check_shape(compile_context& cx);    ///< keys known and present, mapping/list/scalar where expected
void check_scalars(compile_context& cx);  ///< strict scalars: ids, integers, booleans, durations, dates, choices, clauses

/// Helpers for the passes that read values after shape and scalars have passed.
const yaml_node* field(const yaml_node& map, std::string_view key);
/// field(), or where the key is absent, the value under an old name `spec` still reads for it
/// (renamed_key::still_read): what the shape pass warned about is read as the new key.
const yaml_node* field(const yaml_node& map, const object_spec& spec, std::string_view key);
/// The items of a list node, or an empty list (a reference to static storage, never a temporary).
const std::vector<yaml_node>& items_of(const yaml_node* list);
std::string scalar_or(const yaml_node& map, std::string_view key, std::string fallback = {});
text read_text(const yaml_node& map);
std::vector<std::string> read_clauses(const yaml_node* node);

}  // namespace detail
MUSTER_END_NAMESPACE
