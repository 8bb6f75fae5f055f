// Internal: the shape of both YAML files as data. The `shape` and `scalars` passes walk a
// document against these tables, so a new key is one line here (and one in rules/README.md
// and the JSON Schema).
#pragma once

#include <muster/config.hpp>

#include <cstdint>
#include <string_view>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

enum class value_type : std::uint8_t {
  language_version,  ///< integer that must be 1
  id,                ///< [a-z][a-z0-9_]*, defines a name
  ref,               ///< an id naming something defined elsewhere
  ref_list,          ///< list of refs
  text,              ///< any scalar
  text_list,         ///< list of scalars
  integer,           ///< with [min, max]
  boolean,
  duration,
  date,
  month_day,
  clauses,           ///< a clause id or a list of them
  choice,            ///< one of `choices`
  choice_list,       ///< list of `choices`
  object,            ///< a mapping described by `object`
  object_list,       ///< a list of such mappings
  choice_or_object_list,  ///< a list whose items are one of `choices`, or a mapping described by `object` (on_timeout, opened_on)
};

struct object_spec;

struct field_spec {
  std::string_view key;
  value_type type;
  bool required = false;
  const object_spec* object = nullptr;
  std::vector<std::string_view> choices = {};
  std::int64_t min = 0;
  std::int64_t max = 0;
};

/// A key renamed while the language is 0.x: the old spelling is refused with `renamed-key`, naming
/// the new one and why, so a policy written for an earlier release says what to change. With
/// `still_read`, it is read as the new key for now, with the warning `deprecated-key`: files that
/// cannot be edited (a registry's text kept in a journal) still compile.
struct renamed_key {
  std::string_view old_key;
  std::string_view new_key;
  std::string_view why;
  bool still_read = false;
};

struct object_spec {
  std::string_view name;  ///< used in messages: "a step", "a force" …
  std::vector<field_spec> fields;
  std::vector<renamed_key> renamed = {};
  /// How one is written inline, for messages about a list that takes a word or this mapping.
  std::string_view example = {};
  const field_spec* find(std::string_view key) const {
    for (const auto& f : fields)
      if (f.key == key) return &f;
    return nullptr;
  }
  /// find(), also through an old name that is still read (renamed_key::still_read).
  const field_spec* find_or_old(std::string_view key) const {
    if (const field_spec* f = find(key)) return f;
    for (const auto& r : renamed)
      if (r.still_read && r.old_key == key) return find(r.new_key);
    return nullptr;
  }
  const renamed_key* find_renamed(std::string_view key) const {
    for (const auto& r : renamed)
      if (r.old_key == key) return &r;
    return nullptr;
  }
};

const object_spec& policy_file_spec();
const object_spec& forces_file_spec();

}  // namespace detail
MUSTER_END_NAMESPACE
