// Internal: a YAML document as our own tree of nodes, each with its 1-based line and column.
//
// We build the tree from yaml-cpp's event stream rather than using YAML::Node because
// YAML::Node silently keeps the first of duplicate keys, resolves aliases and forgets
// whether a scalar was quoted. Here every hostile-input rule is enforced while loading.
#pragma once

#include <muster/diagnostic.hpp>
#include <muster/policy.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

struct yaml_entry;

struct yaml_node {
  enum class kind : std::uint8_t { scalar, sequence, mapping };
  kind type = kind::scalar;
  bool quoted = false;        ///< scalar written quoted or as a block (never a bool/number)
  bool null = false;          ///< plain empty scalar, `~` or `null`
  std::uint32_t line = 0;     ///< 1-based
  std::uint32_t column = 0;   ///< 1-based
  /// The 1-based column on `line` where `text` stands verbatim (a one-line plain or quoted scalar
  /// without escapes), so a diagnostic can point inside it; 0 when it does not.
  std::uint32_t text_column = 0;
  std::string text;           ///< scalar value
  std::vector<yaml_node> items;     ///< sequence
  std::vector<yaml_entry> entries;  ///< mapping, in file order; keys are unique scalars

  bool is_map() const { return type == kind::mapping; }
  bool is_seq() const { return type == kind::sequence; }
  bool is_scalar() const { return type == kind::scalar; }
  /// The value for `key` in a mapping, or nullptr.
  const yaml_node* find(std::string_view key) const;
};

struct yaml_entry {
  yaml_node key;    ///< always a scalar
  yaml_node value;
};

struct yaml_document {
  std::string file;
  yaml_node root;   ///< always a mapping when load succeeded
};

/// Parse `text` (the contents of `file`) into `out`. On any problem, appends located
/// diagnostics and returns false; `out` is then unspecified.
/// Enforces: size, UTF-8 validity (with byte offset), nesting depth, node count, a single
/// document, no anchors/aliases/tags/merge keys, unique scalar keys, a mapping at the top.
bool load_yaml(const std::string& file, std::string_view text, const load_limits& limits,
               yaml_document& out, std::vector<diagnostic>& diags);

/// Read a file and load it. A missing or unreadable file is a `file-unreadable` diagnostic.
bool load_yaml_file(const std::string& path, const load_limits& limits, yaml_document& out,
                    std::vector<diagnostic>& diags, std::string* bytes_out = nullptr);

}  // namespace detail
MUSTER_END_NAMESPACE
