// Internal: JSON string literals, written once for every layer that writes JSON by hand (the
// codec's json_sink, the journal's malformed-input and clock records), so an event, an
// effect and a journal line escape the same text the same way.
#pragma once

#include <muster/config.hpp>

#include <string>
#include <string_view>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// Bytes a JSON string may hold as they are: printable ASCII other than '"' and '\\' (DEL
/// included). Bytes >= 0x80 are copied when they form valid UTF-8 (common/utf8.hpp).
struct plain_bytes {
  bool t[256] = {};
  constexpr plain_bytes() {
    for (int c = 0x20; c < 0x80; ++c) t[c] = c != '"' && c != '\\';
  }
  constexpr bool operator[](unsigned char c) const { return t[c]; }
};
inline constexpr plain_bytes plain_byte;

/// Appends `s` as a JSON string literal, quotes included: '"' and '\\' escaped, \n \r \t \b \f
/// as two characters, other C0 controls as \u00xx (lower-case hex), and every byte that is
/// not part of valid UTF-8 replaced by U+FFFD, so the output is always valid JSON.
void append_json_string(std::string& out, std::string_view s);

/// The same, as a new string.
std::string json_string(std::string_view s);

}  // namespace detail
MUSTER_END_NAMESPACE
