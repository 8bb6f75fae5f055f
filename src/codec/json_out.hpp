// Internal: writing compact JSON, by hand, keys in a fixed order. A json_sink gathers small
// pieces in a stack buffer and appends them to the caller's string in large blocks, so
// encoding costs a few memcpy's per field and no allocation once the string has grown.
#pragma once

#include <muster/config.hpp>

#include "common/json_escape.hpp"

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

MUSTER_BEGIN_NAMESPACE
namespace detail {

class json_sink {
 public:
  static constexpr std::size_t capacity = 1024;

  explicit json_sink(std::string& out) : out_(out) {}
  json_sink(const json_sink&) = delete;
  json_sink& operator=(const json_sink&) = delete;
  ~json_sink() { flush(); }

  /// Appends what is buffered to the string. Also done by the destructor.
  void flush() {
    if (n_ != 0) out_.append(buf_, n_);
    n_ = 0;
  }

  /// Bytes written so far: the string's and the buffered ones.
  std::size_t size() const { return out_.size() + n_; }

  /// Where to write up to `n` (≤ capacity) bytes; then commit(end).
  char* room(std::size_t n) {
    if (capacity - n_ < n) flush();
    return buf_ + n_;
  }
  void commit(const char* end) { n_ = static_cast<std::size_t>(end - buf_); }

  void raw(const char* s, std::size_t n) {
    if (n == 0) return;  // s may be null (an empty string_view): memcpy must not see it
    if (n > capacity - n_) {
      flush();
      if (n > capacity) {
        out_.append(s, n);
        return;
      }
    }
    std::memcpy(buf_ + n_, s, n);
    n_ += n;
  }
  void raw(std::string_view s) { raw(s.data(), s.size()); }
  void ch(char c) {
    if (n_ == capacity) flush();
    buf_[n_++] = c;
  }

  /// `,"key":` — keys are short literals, written without escaping.
  void key(std::string_view k) {
    char* p = room(k.size() + 4);
    *p++ = ',';
    *p++ = '"';
    std::memcpy(p, k.data(), k.size());
    p += k.size();
    *p++ = '"';
    *p++ = ':';
    commit(p);
  }

  void uint(std::uint64_t v) {
    char* p = room(24);
    commit(std::to_chars(p, p + 24, v).ptr);
  }
  void sint(std::int64_t v) {
    char* p = room(24);
    commit(std::to_chars(p, p + 24, v).ptr);
  }
  void boolean(bool v) { v ? raw("true", 4) : raw("false", 5); }

  /// `s` as a JSON string, as append_json_string writes it (common/json_escape.hpp): quotes,
  /// backslash and control characters escaped, bytes that are not valid UTF-8 as U+FFFD.
  void string(std::string_view s);

  /// An event or incident name: a JSON integer when it is a canonical decimal (the host wrote
  /// it as a number, or as the same digits in a string), else a JSON string.
  void name(std::string_view s);

 private:
  std::string& out_;
  std::size_t n_ = 0;
  char buf_[capacity];
};

/// "0", "7", "18446744073709551615": what an integer id looks like as text (no sign, no
/// leading zero, fits 64 bits).
bool is_canonical_decimal(std::string_view s);

}  // namespace detail
MUSTER_END_NAMESPACE
