// JSON string literals: see json_escape.hpp.
#include "common/json_escape.hpp"

#include "common/utf8.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    // Copy the longest run that needs no escaping (plain ASCII and valid UTF-8) at once.
    std::size_t j = i;
    for (;;) {
      j = static_cast<std::size_t>(skip_plain(s.data() + j, s.data() + s.size()) - s.data());
      if (j < s.size() && static_cast<unsigned char>(s[j]) >= 0x80) {
        if (const std::size_t n = utf8_sequence_length(s, j)) {
          j += n;
          continue;
        }
      }
      break;
    }
    out.append(s.data() + i, j - i);
    i = j;
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c >= 0x80) {
          out += "\xEF\xBF\xBD";  // not UTF-8: U+FFFD REPLACEMENT CHARACTER
        } else {
          static const char hex[] = "0123456789abcdef";
          const char esc[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
          out.append(esc, sizeof esc);
        }
    }
    ++i;
  }
  out += '"';
}

std::string json_string(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  append_json_string(out, s);
  return out;
}

}  // namespace detail
MUSTER_END_NAMESPACE
