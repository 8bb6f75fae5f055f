// Helpers shared by the compiler tests: the fixtures, one-snippet edits and exact locations.
//
// A semantic test takes tests/policy/fixtures/minimal.yaml (valid, zero diagnostics), makes
// ONE edit with `edit()` and checks the diagnostic that edit causes: its code, and the line
// and column of the node it must point at, found with `at()` in the edited text. Both
// helpers fail the test when their snippet is absent or not unique, so a fixture change
// cannot silently turn a test into a no-op.
#pragma once

#include <muster/policy.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace compiler_test {

inline std::string read_fixture(const std::string& name) {
  const std::string path = std::string(MUSTER_SOURCE_DIR) + "/tests/policy/fixtures/" + name;
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read fixture " << path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline const std::string& policy_text() {
  static const std::string text = read_fixture("minimal.yaml");
  return text;
}

inline const std::string& forces_text() {
  static const std::string text = read_fixture("minimal-forces.yaml");
  return text;
}

/// Occurrences of `needle` in `text` (overlapping ones included).
inline std::size_t count_of(std::string_view text, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

/// `text` with the single occurrence of `from` replaced by `to`.
inline std::string edit(std::string text, std::string_view from, std::string_view to) {
  const std::size_t n = count_of(text, from);
  REQUIRE_MESSAGE(n == 1, "the snippet to replace occurs " << n << " times (must be exactly once): [" << from << "]");
  text.replace(text.find(from), from.size(), to);
  return text;
}

struct place {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

inline bool operator==(const place& a, const place& b) { return a.line == b.line && a.column == b.column; }

inline doctest::String toString(const place& p) {
  return (std::to_string(p.line) + ":" + std::to_string(p.column)).c_str();
}

/// The 1-based line and (character) column of the last occurrence of `inner` inside the single
/// occurrence of `needle` in `text` (usually the value at its end); `inner` defaults to the
/// start of `needle`.
inline place at(std::string_view text, std::string_view needle, std::string_view inner = {}) {
  const std::size_t n = count_of(text, needle);
  REQUIRE_MESSAGE(n == 1, "the located snippet occurs " << n << " times (must be exactly once): [" << needle << "]");
  std::size_t offset = text.find(needle);
  if (!inner.empty()) {
    const std::size_t i = needle.rfind(inner);
    REQUIRE_MESSAGE(i != std::string_view::npos, "[" << inner << "] is not inside [" << needle << "]");
    offset += i;
  }
  place p{1, 1};
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++p.column;  // columns count characters: a UTF-8 continuation byte does not move it
    }
  }
  return p;
}

inline std::string describe(const std::vector<muster::diagnostic>& diags) {
  std::string s;
  for (const auto& d : diags) s += muster::render(d) + "\n";
  return s.empty() ? "(no diagnostics)\n" : s;
}

inline muster::policy_result compile(const std::string& text, const muster::compile_options& options = {}) {
  return muster::compile_policy_text("p.yaml", text, options);
}

/// The minimal policy, compiled once (the force registry tests check against it).
inline const muster::policy& minimal_policy() {
  static const std::shared_ptr<const muster::policy> p = [] {
    auto r = compile(policy_text());
    REQUIRE_MESSAGE(r.ok(), describe(r.diagnostics));
    return r.value;
  }();
  return *p;
}

inline muster::registry_result compile_forces(const std::string& text, const muster::compile_options& options = {}) {
  return muster::compile_forces_text(minimal_policy(), "f.yaml", text, options);
}

/// A policy and a registry compiled from text without errors (the test stops otherwise): what
/// an engine test on the fixtures starts from.
struct compiled_pair {
  std::shared_ptr<const muster::policy> policy;
  std::shared_ptr<const muster::force_registry> registry;
};

inline compiled_pair compile_pair(const std::string& policy, const std::string& forces = forces_text()) {
  auto p = compile(policy);
  INFO(describe(p.diagnostics));
  REQUIRE(p.ok());
  auto r = muster::compile_forces_text(*p.value, "f.yaml", forces);
  INFO(describe(r.diagnostics));
  REQUIRE(r.ok());
  return {p.value, r.value};
}

/// The one diagnostic with `code`; fails unless there is exactly one, at `where`, in `file`.
template <class Result>
const muster::diagnostic& expect_diag(const Result& r, const std::string& code, place where, const char* file = "p.yaml") {
  INFO(describe(r.diagnostics));
  std::vector<const muster::diagnostic*> found;
  for (const auto& d : r.diagnostics)
    if (d.code == code) found.push_back(&d);
  REQUIRE_MESSAGE(found.size() == 1, "expected one '" << code << "' diagnostic, found " << found.size());
  const muster::diagnostic& d = *found[0];
  CHECK(d.where.file == file);
  CHECK(place{d.where.line, d.where.column} == where);
  CHECK_FALSE(d.message.empty());
  return d;
}

/// The edit is refused with exactly one diagnostic: error `code` at `where`.
template <class Result>
const muster::diagnostic& expect_only(const Result& r, const std::string& code, place where, const char* file = "p.yaml") {
  INFO(describe(r.diagnostics));
  CHECK_FALSE(r.ok());
  REQUIRE(r.diagnostics.size() == 1);
  const muster::diagnostic& d = expect_diag(r, code, where, file);
  CHECK(d.level == muster::severity::error);
  return d;
}

/// The edit compiles, with exactly one warning `code` at `where`.
template <class Result>
const muster::diagnostic& expect_only_warning(const Result& r, const std::string& code, place where,
                                              const char* file = "p.yaml") {
  INFO(describe(r.diagnostics));
  CHECK(r.ok());
  REQUIRE(r.diagnostics.size() == 1);
  const muster::diagnostic& d = expect_diag(r, code, where, file);
  CHECK(d.level == muster::severity::warning);
  return d;
}

inline std::string did_you_mean(const std::string& word) { return "did you mean '" + word + "'?"; }

/// The call plan's EM approval step, block style, unique in the fixture: tests edit around it.
constexpr std::string_view em_approval =
    "      - id: em_approval\n"
    "        kind: approve\n"
    "        by: { role: emergency_management, of: command }\n"
    "        timeout: 15m\n"
    "        on_timeout: [remind, escalate]\n"
    "        clause: 3.1.2\n";

/// The minimal policy with one snippet replaced (or a whole text), compiled; at() locates in it.
struct edited {
  std::string text;
  muster::policy_result result;
  edited(std::string_view from, std::string_view to) : text(edit(policy_text(), from, to)), result(compile(text)) {}
  explicit edited(std::string whole) : text(std::move(whole)), result(compile(text)) {}
  place at(std::string_view needle, std::string_view inner = {}) const { return compiler_test::at(text, needle, inner); }
};

/// The minimal registry with one snippet replaced, compiled against the minimal policy.
struct edited_forces {
  std::string text;
  muster::registry_result result;
  edited_forces(std::string_view from, std::string_view to) : text(edit(forces_text(), from, to)), result(compile_forces(text)) {}
  place at(std::string_view needle, std::string_view inner = {}) const { return compiler_test::at(text, needle, inner); }
};

}  // namespace compiler_test
