// Internal: strict UTF-8 (RFC 3629, Unicode Table 3-7), the one definition every layer uses.
// The policy loader refuses what yaml-cpp would silently replace, the codec's fast scanner
// accepts what nlohmann would, JSON output replaces what is not UTF-8 and the journal keeps
// invalid input as hex; all of them must agree on what "valid" means, so the rule lives here.
#pragma once

#include <muster/config.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// Length of the well-formed sequence starting at s[i] (1 for ASCII, 2 … 4), or 0 when it is
/// not well-formed: a stray continuation byte, C0/C1 and E0 80..9F / F0 80..8F (overlong),
/// ED A0..BF (a surrogate), F4 90.. and F5..FF (beyond U+10FFFF), or cut short by the end of
/// `s`. Requires i < s.size(). Inline: the codec's scanner calls it per character.
inline std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = at(i);
  if (lead < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    len = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    len = 3;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (s.size() - i < len) return 0;
  if (at(i + 1) < lo || at(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k)
    if ((at(i + k) & 0xC0U) != 0x80U) return 0;
  return len;
}

/// Byte offset of the first ill-formed sequence in `text`, or -1 when it is all valid UTF-8.
std::int64_t find_invalid_utf8(std::string_view text);

/// Whether `text` is valid UTF-8 throughout.
inline bool is_valid_utf8(std::string_view text) { return find_invalid_utf8(text) < 0; }

}  // namespace detail
MUSTER_END_NAMESPACE
