// Internal: every text the CAP importer and exporter show lives in one table (STYLE 7), and
// the reporter that turns a byte offset of the input into `file:line:col`.
#pragma once

#include <muster/config.hpp>
#include <muster/diagnostic.hpp>
#include <muster/status.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace cap::detail {

enum class msg : std::uint8_t {
  // reading the bytes
  file_unreadable, file_too_large, empty_document, invalid_utf8, utf16, encoding, doctype, entity, xml_syntax,
  too_deep, second_root, text_outside_root,
  // the root element
  not_cap, atom_feed, edxl, cap_version, wrong_namespace, no_namespace,
  // the alert's structure
  missing_element, duplicate_element, unknown_element, not_text, empty_value, bad_time, bad_identifier, id_too_long,
  unknown_value, status_not_imported, msg_type_not_imported, bad_references, missing_references, references_ignored,
  scope_missing, bad_polygon, bad_circle, bad_number,
  // mapping onto the policy
  no_info, no_hazards, unknown_hazard, ambiguous_hazard, hazards_differ, unknown_level, unknown_severity,
  level_disagrees, area_unmatched, area_outside, polygon_only, areas_differ, unknown_actor, sender_not_organisation,
  actor_not_issuer,
  // warning events (export)
  bad_json, bad_event_field, not_cap_kind, unknown_reference, no_code, not_xml_text
};

/// The table row: a stable code, the message with `{}` for arguments, the hint, the severity.
struct message_text {
  msg id;
  const char* code;
  const char* text;
  const char* hint;
  severity level;
};

const message_text& text_of(msg id);

/// `pattern` with each `{}` replaced by the next argument.
std::string fill(const char* pattern, std::initializer_list<std::string> args);

/// User text inside a message: quoted, control bytes escaped (an ESC could drive the
/// reader's terminal), long text cut at a character boundary.
std::string shown(std::string_view s);

/// "a, b and c" (the first `max_shown`, then "and N more").
std::string listed(const std::vector<std::string>& items, std::size_t max_shown = 12);

/// Byte offsets of one text → 1-based line and column (columns count characters, not bytes).
class positions {
 public:
  explicit positions(std::string_view text);
  source_location at(const std::string& file, std::int64_t offset) const;

 private:
  std::string_view text_;
  std::vector<std::size_t> line_starts_;
};

/// Collects diagnostics for one input, up to a limit.
/// The answer of a CAP step: `value` when `diags` hold no error, else the status of the first
/// error (malformed_input; io_error for a file that cannot be read), "file:line:col: code:
/// message" and ", and N more errors"; `diags` sorted, kept beside it either way.
muster::status first_error(const std::vector<diagnostic>& diags);
template <class T>
result<T> finish(std::optional<T> value, std::vector<diagnostic> diags) {
  sort_diagnostics(diags);
  muster::status failure = first_error(diags);
  if (failure.ok() && value) {
    result<T> r(std::move(*value));
    r.diagnostics = std::move(diags);
    return r;
  }
  if (failure.ok()) failure = muster::status(status_code::malformed_input, "refused without a diagnostic");
  return result<T>(std::move(failure), std::move(diags));
}

class reporter {
 public:
  reporter(std::string file, std::vector<diagnostic>& out, std::size_t limit);

  /// Locations from byte offsets of `text` from now on (the alert's XML).
  void locate_in(std::string_view text) { positions_.emplace(text); }
  source_location where(std::int64_t offset) const;
  const std::string& file() const { return file_; }

  /// `hint`, when not empty, replaces the table's (a did-you-mean, say).
  void add(msg id, const source_location& where, std::initializer_list<std::string> args = {}, std::string hint = {});
  void add(msg id, std::int64_t offset, std::initializer_list<std::string> args = {}, std::string hint = {}) {
    add(id, where(offset), args, std::move(hint));
  }
  std::size_t errors() const { return errors_; }
  bool full() const { return added_ >= limit_; }

 private:
  std::string file_;
  std::vector<diagnostic>& out_;
  std::size_t limit_;
  std::size_t added_ = 0;
  std::size_t errors_ = 0;
  std::optional<positions> positions_;  ///< absent: no text to locate in (line and column 0)
};

}  // namespace cap::detail
MUSTER_END_NAMESPACE
