// Diagnostics are data: a stable code, a 1-based location, a message and a hint.
#pragma once

#include <muster/config.hpp>

#include <cstdint>
#include <string>
#include <vector>

MUSTER_BEGIN_NAMESPACE

/// A place in a source file. Lines and columns are 1-based; 0 means "unknown".
/// `offset` is the 0-based byte offset when known (invalid UTF-8 reports it).
struct source_location {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::int64_t offset = -1;
};

enum class severity : std::uint8_t { error, warning };

struct diagnostic {
  severity level = severity::error;
  std::string code;     ///< stable, kebab-case, e.g. "unknown-key"; see docs/diagnostics table
  source_location where;
  std::string message;  ///< what is wrong, one sentence
  std::string hint;     ///< what to do, or "did you mean 'x'?"; may be empty
};

/// `file:line:col: code: message` (plus ` [hint]` when there is one).
std::string render(const diagnostic& d);

/// Sort by file, line, column, then code, keeping the first of exact duplicates.
void sort_diagnostics(std::vector<diagnostic>& diags);

bool has_errors(const std::vector<diagnostic>& diags);

MUSTER_END_NAMESPACE
