// Strict UTF-8 validation (RFC 3629, Unicode Table 3-7): see utf8.hpp.
#include "common/utf8.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {

std::int64_t find_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = utf8_sequence_length(text, i);
    if (len == 0) return static_cast<std::int64_t>(i);
    i += len;
  }
  return -1;
}

}  // namespace detail
MUSTER_END_NAMESPACE
