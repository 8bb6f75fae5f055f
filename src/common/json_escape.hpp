// Internal: JSON string literals, written once for every layer that writes JSON by hand (the
// codec's json_sink, the journal's malformed-input and clock records), so an event, an
// effect and a journal line escape the same text the same way.
#pragma once

#include <muster/config.hpp>

#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

/// The first byte of [p, end) that is not plain (end when all are): sixteen bytes a step where
/// sixteen are left and the CPU has SSE2 (every x86-64), then byte by byte.
inline const char* skip_plain(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // Compared as signed bytes, 0x80 and above are negative: "below a space" catches them
    // with the control characters.
    const __m128i stop = _mm_or_si128(_mm_cmplt_epi8(v, space), _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    if (const int mask = _mm_movemask_epi8(stop); mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  while (p != end && plain_byte[static_cast<unsigned char>(*p)]) ++p;
  return p;
}

/// Appends `s` as a JSON string literal, quotes included: '"' and '\\' escaped, \n \r \t \b \f
/// as two characters, other C0 controls as \u00xx (lower-case hex), and every byte that is
/// not part of valid UTF-8 replaced by U+FFFD, so the output is always valid JSON.
void append_json_string(std::string& out, std::string_view s);

/// The same, as a new string.
std::string json_string(std::string_view s);

}  // namespace detail
MUSTER_END_NAMESPACE
