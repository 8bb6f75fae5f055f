// Compact JSON output: string escaping and id names.
#include "codec/json_out.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

/// Length of the valid UTF-8 sequence (RFC 3629) starting at s[i], or 0 when it is not one.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t n;
  unsigned cp, min;
  if (b < 0x80) return 1;
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

bool plain(unsigned char c) { return plain_byte[c]; }

}  // namespace

void json_sink::string(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && plain(static_cast<unsigned char>(s[i]))) ++i;
  if (i == s.size() && s.size() + 2 <= capacity) {  // the common case: an id, an English word
    char* p = room(s.size() + 2);
    *p++ = '"';
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    p += s.size();
    *p++ = '"';
    commit(p);
    return;
  }
  ch('"');
  raw(s.data(), i);
  while (i < s.size()) {
    // Copy the longest run that needs no escaping (plain ASCII and valid UTF-8) at once.
    std::size_t j = i;
    for (;;) {
      while (j < s.size() && plain(static_cast<unsigned char>(s[j]))) ++j;
      if (j < s.size() && static_cast<unsigned char>(s[j]) >= 0x80) {
        if (const std::size_t n = utf8_length(s, j)) {
          j += n;
          continue;
        }
      }
      break;
    }
    raw(s.data() + i, j - i);
    i = j;
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': raw("\\\"", 2); break;
      case '\\': raw("\\\\", 2); break;
      case '\n': raw("\\n", 2); break;
      case '\r': raw("\\r", 2); break;
      case '\t': raw("\\t", 2); break;
      case '\b': raw("\\b", 2); break;
      case '\f': raw("\\f", 2); break;
      default:
        if (c >= 0x80) {
          raw("\xEF\xBF\xBD", 3);  // not UTF-8: U+FFFD REPLACEMENT CHARACTER
        } else {
          static const char hex[] = "0123456789abcdef";
          const char esc[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
          raw(esc, sizeof esc);
        }
    }
    ++i;
  }
  ch('"');
}

void json_sink::name(std::string_view s) {
  if (is_canonical_decimal(s)) raw(s);
  else string(s);
}

bool is_canonical_decimal(std::string_view s) {
  if (s.empty() || s.size() > 20 || (s.size() > 1 && s[0] == '0')) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  // 20 digits: must not exceed 18446744073709551615.
  return s.size() < 20 || s <= std::string_view("18446744073709551615");
}

std::string json_string(std::string_view s) {
  std::string out;
  {
    json_sink w(out);
    w.string(s);
  }
  return out;
}

}  // namespace detail
MUSTER_END_NAMESPACE
