// Locating decoding errors in the event text, and quoting hostile input in messages.
#include "codec/error_location.hpp"

#include "common/utf8.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

constexpr std::size_t npos = std::string_view::npos;

std::size_t skip_ws(std::string_view t, std::size_t i) {
  while (i < t.size() && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')) ++i;
  return i;
}

/// Past the closing quote of the string starting at t[i] ('"').
std::size_t skip_string(std::string_view t, std::size_t i) {
  for (++i; i < t.size(); ++i) {
    if (t[i] == '\\') ++i;
    else if (t[i] == '"') return i + 1;
  }
  return npos;
}

/// Past the value starting at t[i].
std::size_t skip_value(std::string_view t, std::size_t i) {
  if (i >= t.size()) return npos;
  if (t[i] == '"') return skip_string(t, i);
  if (t[i] == '{' || t[i] == '[') {
    int depth = 0;
    while (i < t.size()) {
      const char c = t[i];
      if (c == '"') {
        i = skip_string(t, i);
        if (i == npos) return npos;
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      if (c == '}' || c == ']') {
        if (--depth == 0) return i + 1;
      }
      ++i;
    }
    return npos;
  }
  while (i < t.size() && t[i] != ',' && t[i] != '}' && t[i] != ']' && t[i] != ' ' && t[i] != '\t' && t[i] != '\n' &&
         t[i] != '\r')
    ++i;
  return i;
}

/// Past a ',' that follows (and its surrounding blanks), or at the closing bracket.
std::size_t next_item(std::string_view t, std::size_t i) {
  i = skip_ws(t, i);
  if (i < t.size() && t[i] == ',') i = skip_ws(t, i + 1);
  return i;
}

std::size_t find_spot(std::string_view t, const error_spot& s) {
  using part = error_spot::part;
  std::size_t i = skip_ws(t, 0);
  if (s.at == part::byte) return s.byte <= t.size() ? s.byte : npos;
  if (s.at == part::start) return i;
  if (i >= t.size() || t[i] != '{') return npos;
  if (s.at == part::object) return i;
  i = skip_ws(t, i + 1);
  for (std::uint32_t m = 1; i < t.size() && t[i] == '"'; ++m) {
    const std::size_t key = i;
    i = skip_string(t, i);
    if (i == npos) return npos;
    i = skip_ws(t, i);
    if (i >= t.size() || t[i] != ':') return npos;
    i = skip_ws(t, i + 1);
    if (m == s.member) {
      if (s.at == part::key) return key;
      if (s.at == part::value) return i;
      if (i >= t.size() || t[i] != '[') return npos;
      i = skip_ws(t, i + 1);
      for (std::uint32_t e = 0; i < t.size() && t[i] != ']'; ++e) {
        if (e == s.element) return i;
        i = skip_value(t, i);
        if (i == npos) return npos;
        i = next_item(t, i);
      }
      return npos;
    }
    i = skip_value(t, i);
    if (i == npos) return npos;
    i = next_item(t, i);
  }
  return npos;
}

}  // namespace

void line_column(std::string_view text, std::size_t pos, std::uint32_t& line, std::uint32_t& column) {
  if (pos > text.size()) pos = text.size();
  line = 1;
  std::size_t start = 0;
  for (std::size_t i = 0; i < pos; ++i) {
    if (text[i] == '\n') {
      ++line;
      start = i + 1;
    }
  }
  column = 1;
  for (std::size_t i = start; i < pos; ++i) column += (static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U;
}

void locate(std::string_view text, const error_spot& spot, codec_error& err) {
  err.line = err.column = 0;
  if (spot.at == error_spot::part::none) return;
  const std::size_t pos = find_spot(text, spot);
  if (pos != npos) line_column(text, pos, err.line, err.column);
}

void locate_byte(std::string_view text, std::size_t pos, codec_error& err) {
  if (pos > text.size()) pos = text.size();
  for (int back = 0; back < 3 && pos > 0 && pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0U) == 0x80U; ++back) --pos;
  line_column(text, pos, err.line, err.column);
}

std::string printable(std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  std::string out;
  const std::size_t limit = 64;
  std::size_t i = 0;
  while (i < s.size() && i < limit) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = utf8_sequence_length(s, i);
    if (c < 0x20 || c == 0x7F || n == 0) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 0xF];
      ++i;
      continue;
    }
    out.append(s.data() + i, n);
    i += n;
  }
  if (i < s.size()) out += "…";
  return out;
}

std::string quote(std::string_view s) { return "'" + printable(s) + "'"; }

}  // namespace detail
MUSTER_END_NAMESPACE
