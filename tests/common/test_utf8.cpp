// src/common/utf8.hpp: the one UTF-8 rule (RFC 3629, Unicode Table 3-7). It replaced four
// copies (the policy loader's, the codec's JSON writer and fast scanner, the journal's), three
// of which decoded the code point and checked its range; the reference below is that form,
// and the shared table-driven one must agree with it on every lead and second byte.
#include "codec/error_location.hpp"
#include "common/utf8.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using muster::detail::find_invalid_utf8;
using muster::detail::is_valid_utf8;
using muster::detail::utf8_sequence_length;

namespace {

/// The decoding form the codec and journal copies used.
std::size_t reference_length(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return 1;
  std::size_t n;
  unsigned cp, min;
  if (b >= 0xC2 && b <= 0xDF) n = 2, cp = b & 0x1FU, min = 0x80;
  else if (b >= 0xE0 && b <= 0xEF) n = 3, cp = b & 0x0FU, min = 0x800;
  else if (b >= 0xF0 && b <= 0xF4) n = 4, cp = b & 0x07U, min = 0x10000;
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0U) != 0x80U) return 0;
    cp = (cp << 6) | (c & 0x3FU);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

std::size_t length(std::string_view s) { return utf8_sequence_length(s, 0); }

}  // namespace

TEST_CASE("utf8: well-formed sequences at each boundary") {
  CHECK(length("A") == 1);
  CHECK(length(std::string_view("\0", 1)) == 1);
  CHECK(length("\x7F") == 1);
  CHECK(length("\xC2\x80") == 2);          // U+0080, the first two-byte character
  CHECK(length("\xDF\xBF") == 2);          // U+07FF
  CHECK(length("\xE0\xA0\x80") == 3);      // U+0800
  CHECK(length("\xE4\xB8\xAD") == 3);      // 中
  CHECK(length("\xED\x9F\xBF") == 3);      // U+D7FF, just below the surrogates
  CHECK(length("\xEE\x80\x80") == 3);      // U+E000, just above them
  CHECK(length("\xEF\xBF\xBF") == 3);      // U+FFFF
  CHECK(length("\xF0\x90\x80\x80") == 4);  // U+10000
  CHECK(length("\xF4\x8F\xBF\xBF") == 4);  // U+10FFFF, the last code point
}

TEST_CASE("utf8: overlongs, surrogates, code points past U+10FFFF, strays and truncations are refused") {
  CHECK(length("\xC0\x80") == 0);          // overlong NUL
  CHECK(length("\xC1\xBF") == 0);          // overlong U+007F
  CHECK(length("\xE0\x9F\xBF") == 0);      // overlong U+07FF
  CHECK(length("\xF0\x8F\xBF\xBF") == 0);  // overlong U+FFFF
  CHECK(length("\xED\xA0\x80") == 0);      // U+D800
  CHECK(length("\xED\xBF\xBF") == 0);      // U+DFFF
  CHECK(length("\xF4\x90\x80\x80") == 0);  // U+110000
  CHECK(length("\xF5\x80\x80\x80") == 0);
  CHECK(length("\xFF") == 0);
  CHECK(length("\x80") == 0);              // a continuation byte alone
  CHECK(length("\xE4\xB8") == 0);          // cut short by the end
  CHECK(length("\xE4\x41\x41") == 0);      // not a continuation
  CHECK(length("\xF0\x90\x80\x41") == 0);
}

TEST_CASE("utf8: agrees with the decoding form on every lead and second byte") {
  const unsigned char tails[] = {0x41, 0x80, 0xBF, 0xC0};  // later bytes matter only as continuation or not
  std::size_t disagreements = 0;
  for (unsigned lead = 0; lead < 256; ++lead) {
    for (unsigned second = 0; second < 256; ++second) {
      for (unsigned char third : tails) {
        for (unsigned char fourth : tails) {
          const char bytes[] = {static_cast<char>(lead), static_cast<char>(second), static_cast<char>(third),
                                static_cast<char>(fourth)};
          for (std::size_t size = 1; size <= 4; ++size) {
            const std::string_view s(bytes, size);
            if (utf8_sequence_length(s, 0) != reference_length(s, 0)) ++disagreements;
          }
        }
      }
    }
  }
  CHECK(disagreements == 0);
}

TEST_CASE("utf8: find_invalid_utf8 gives the offset of the first bad sequence") {
  CHECK(find_invalid_utf8("") == -1);
  CHECK(find_invalid_utf8("plain ascii") == -1);
  CHECK(find_invalid_utf8("应急管理局 emergency") == -1);
  CHECK(find_invalid_utf8("ab\xC0\x80") == 2);
  CHECK(find_invalid_utf8("\xE4\xB8\xAD\xED\xA0\x80") == 3);
  CHECK(find_invalid_utf8("\xE4\xB8\xAD\xE4\xB8") == 3);  // truncated at the end
  CHECK(is_valid_utf8("\xF0\x9F\x9A\x92"));                // 🚒
  CHECK_FALSE(is_valid_utf8("\xF0\x9F\x9A"));
}

TEST_CASE("utf8: the codec quotes invalid UTF-8 in messages as \\xNN, overlongs and surrogates too") {
  using muster::detail::printable;
  CHECK(printable("中\x01") == "中\\x01");
  CHECK(printable("\xC0\x80") == "\\xc0\\x80");
  // The codec's own copy let these through whole (it checked only the byte classes), so a
  // message could carry invalid UTF-8 into a journal that then wrote "(not UTF-8)" instead.
  CHECK(printable("\xE0\x80\x80") == "\\xe0\\x80\\x80");
  CHECK(printable("\xED\xA0\x80") == "\\xed\\xa0\\x80");
  CHECK(printable("\xF4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");
}
