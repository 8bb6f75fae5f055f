// Compact JSON output: string escaping and id names.
#include "codec/json_out.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {

void json_sink::string(std::string_view s) {
  const std::size_t i = static_cast<std::size_t>(skip_plain(s.data(), s.data() + s.size()) - s.data());
  if (i == s.size() && s.size() + 2 <= capacity) {  // the common case: an id, an English word
    char* p = room(s.size() + 2);
    *p++ = '"';
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    p += s.size();
    *p++ = '"';
    commit(p);
    return;
  }
  // Anything else: the shared escaper, after what is buffered.
  flush();
  append_json_string(out_, s);
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

}  // namespace detail
MUSTER_END_NAMESPACE
