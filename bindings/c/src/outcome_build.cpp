// Outcomes as the C API hands them out: the codec's outcome JSON, plus each effect's JSON cut
// out of it once (NUL-terminated, for callbacks and muster_outcome_effect_json), plus the
// verdict read from it. The text is the codec's own output, so a small structural scan (strings
// and nesting, no values decoded but the rejection's detail) is enough: one pass, strings
// skipped with memchr (most of the text is names and rules inside strings).
#include "capi.hpp"

#include <nlohmann/json.hpp>

#include <cstring>
#include <stdexcept>

namespace muster::capi {
namespace {

class scanner {
 public:
  explicit scanner(std::string_view text) : s_(text) {}

  std::size_t skip_ws(std::size_t i) const {
    while (i < s_.size() && (s_[i] == ' ' || s_[i] == '\t' || s_[i] == '\n' || s_[i] == '\r')) ++i;
    return i;
  }

  /// `i` at an opening quote; returns the index after the closing one.
  std::size_t skip_string(std::size_t i) const {
    const char* base = s_.data();
    for (std::size_t from = i + 1; from < s_.size();) {
      const void* q = std::memchr(base + from, '"', s_.size() - from);
      if (q == nullptr) break;
      const auto k = static_cast<std::size_t>(static_cast<const char*>(q) - base);
      std::size_t b = k;  // an odd run of backslashes before the quote escapes it
      while (b > i + 1 && base[b - 1] == '\\') --b;
      if ((k - b) % 2 == 0) return k + 1;
      from = k + 1;
    }
    throw std::runtime_error("unterminated string");
  }

  /// `i` at the start of a value; returns the index after it.
  std::size_t skip_value(std::size_t i) const {
    if (i >= s_.size()) throw std::runtime_error("value expected");
    if (s_[i] == '"') return skip_string(i);
    if (s_[i] == '{' || s_[i] == '[') {
      int depth = 0;
      while (i < s_.size()) {
        const char c = s_[i];
        if (c == '"') {
          i = skip_string(i);
          continue;
        }
        if (c == '{' || c == '[') ++depth;
        else if ((c == '}' || c == ']') && --depth == 0) return i + 1;
        ++i;
      }
      throw std::runtime_error("unbalanced brackets");
    }
    while (i < s_.size() && s_[i] != ',' && s_[i] != '}' && s_[i] != ']' && s_[i] != ' ') ++i;
    return i;
  }

  /// Calls visit(key, value_begin) for each member of the object at `i`; it returns where the
  /// value ends (skip_value(value_begin) when it does not read it).
  template <class Visit>
  void members(std::size_t i, Visit&& visit) const {
    i = skip_ws(i);
    if (i >= s_.size() || s_[i] != '{') throw std::runtime_error("object expected");
    i = skip_ws(i + 1);
    if (i < s_.size() && s_[i] == '}') return;
    for (;;) {
      if (i >= s_.size() || s_[i] != '"') throw std::runtime_error("key expected");
      const std::size_t key_end = skip_string(i);
      const std::string_view key = s_.substr(i + 1, key_end - i - 2);
      i = skip_ws(key_end);
      if (i >= s_.size() || s_[i] != ':') throw std::runtime_error("':' expected");
      const std::size_t value = skip_ws(i + 1);
      i = skip_ws(visit(key, value));
      if (i < s_.size() && s_[i] == ',') {
        i = skip_ws(i + 1);
        continue;
      }
      if (i < s_.size() && s_[i] == '}') return;
      throw std::runtime_error("',' or '}' expected");
    }
  }

  /// Calls visit(begin, end) for each element of the array at `i`; returns where it ends.
  template <class Visit>
  std::size_t elements(std::size_t i, Visit&& visit) const {
    if (i >= s_.size() || s_[i] != '[') throw std::runtime_error("array expected");
    i = skip_ws(i + 1);
    if (i < s_.size() && s_[i] == ']') return i + 1;
    for (;;) {
      const std::size_t end = skip_value(i);
      visit(i, end);
      i = skip_ws(end);
      if (i < s_.size() && s_[i] == ',') {
        i = skip_ws(i + 1);
        continue;
      }
      if (i < s_.size() && s_[i] == ']') return i + 1;
      throw std::runtime_error("',' or ']' expected");
    }
  }

  std::string_view text(std::size_t b, std::size_t e) const { return s_.substr(b, e - b); }

 private:
  std::string_view s_;
};

/// A JSON string literal's value (escapes decoded).
std::string string_value(std::string_view literal) {
  if (literal.empty() || literal.front() != '"') return std::string(literal);  // null, a number: as written
  return nlohmann::json::parse(literal).get<std::string>();
}

}  // namespace

muster_outcome* make_outcome(std::string json) {
  auto o = std::make_unique<muster_outcome>();
  o->json = std::move(json);
  const scanner sc(o->json);
  try {
    sc.members(0, [&](std::string_view key, std::size_t b) -> std::size_t {
      if (key == "effects") {
        o->effects.reserve(o->json.size() - b);  // the effects and their NULs fit in the rest of the text
        return sc.elements(b, [&](std::size_t eb, std::size_t ee) {
          o->effect_at.emplace_back(o->effects.size(), ee - eb);
          o->effects.append(o->json, eb, ee - eb);
          o->effects += '\0';
        });
      }
      const std::size_t e = sc.skip_value(b);
      const std::string_view value = sc.text(b, e);
      if (key == "accepted") {
        o->accepted = value == "true";
      } else if (key == "duplicate") {
        o->duplicate = value == "true";
      } else if (key == "rejection") {
        sc.members(b, [&](std::string_view k, std::size_t vb) -> std::size_t {
          const std::size_t ve = sc.skip_value(vb);
          if (k == "reason") o->reason = string_value(sc.text(vb, ve));
          else if (k == "detail") o->detail = string_value(sc.text(vb, ve));
          return ve;
        });
      }
      return e;
    });
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(std::string("the engine's outcome JSON does not scan (") + e.what() + "): " +
                             o->json.substr(0, 200));
  }
  return o.release();
}

}  // namespace muster::capi
