// Strict UTF-8 validation (RFC 3629, Unicode Table 3-7).
//
// yaml-cpp silently replaces bad bytes with U+FFFD, so a policy file could say something other
// than what its author's editor showed. We check every byte before yaml-cpp sees the text.
#include "policy/yaml_document.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

bool is_continuation(unsigned char b) { return (b & 0xC0U) == 0x80U; }

/// Length of the well-formed sequence starting at `i`, or 0 when it is not well-formed.
/// The second byte's range depends on the lead byte: that is what rejects overlong forms
/// (E0 80..9F, F0 80..8F), surrogates (ED A0..BF) and code points above U+10FFFF (F4 90..).
std::size_t sequence_length(std::string_view s, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = at(i);
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
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
    return 0;  // 80..BF (stray continuation), C0/C1 (always overlong), F5..FF (beyond U+10FFFF)
  }
  if (s.size() - i < len) return 0;  // truncated by the end of the text
  if (at(i + 1) < lo || at(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k)
    if (!is_continuation(at(i + k))) return 0;
  return len;
}

}  // namespace

std::int64_t find_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = sequence_length(text, i);
    if (len == 0) return static_cast<std::int64_t>(i);
    i += len;
  }
  return -1;
}

}  // namespace detail
MUSTER_END_NAMESPACE
