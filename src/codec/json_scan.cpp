// The fast path for well-formed events: a strict scanner for the JSON subset events use
// (one object; strings without escapes; non-negative integers; true, false, null; arrays),
// feeding event_reader the callbacks nlohmann's parser would, in the same order, with the same
// values. It gives up (-1) on anything else, and nlohmann's parser then reads the text from
// the start: so its answer, and every syntax error, stays nlohmann's.
#include "codec/event_reader.hpp"
#include "codec/json_out.hpp"
#include "common/utf8.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

constexpr std::size_t unknown_size = static_cast<std::size_t>(-1);  // what nlohmann passes


class scanner {
 public:
  scanner(std::string_view t, event_reader& r) : p_(t.data()), end_(t.data() + t.size()), r_(r) {}

  int event() {
    ws();
    if (p_ == end_ || *p_ != '{') return give_up;
    ++p_;
    if (!r_.start_object(unknown_size)) return refused;
    ws();
    if (p_ != end_ && *p_ == '}') {
      ++p_;
    } else {
      for (;;) {
        std::string_view k;
        if (p_ == end_ || *p_ != '"' || !string(k)) return give_up;
        ws();
        if (p_ == end_ || *p_ != ':') return give_up;
        ++p_;
        if (!r_.key(k)) return refused;
        ws();
        if (int v = value(); v != ok) return v;
        ws();
        if (p_ == end_) return give_up;
        if (*p_ == ',') {
          ++p_;
          ws();
          continue;
        }
        if (*p_ != '}') return give_up;
        ++p_;
        break;
      }
    }
    if (!r_.end_object()) return refused;
    ws();
    return p_ == end_ ? ok : give_up;
  }

 private:
  static constexpr int ok = 1, refused = 0, give_up = -1;

  void ws() {
    // Compact JSON has none: one comparison tells most bytes are not whitespace.
    while (p_ != end_ && static_cast<unsigned char>(*p_) <= ' ' && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  /// A string with no escapes and no control characters, valid UTF-8 (RFC 3629, as
  /// nlohmann checks it). On false the text is left to nlohmann.
  bool string(std::string_view& s) {
    const char* start = ++p_;
    for (;;) {
      p_ = skip_plain(p_, end_);  // the common case
      if (p_ == end_) return false;
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        s = std::string_view(start, static_cast<std::size_t>(p_ - start));
        ++p_;
        return true;
      }
      if (c < 0x80) return false;  // a backslash or a control character
      const std::size_t n = utf8_sequence_length(std::string_view(p_, static_cast<std::size_t>(end_ - p_)), 0);
      if (n == 0) return false;
      p_ += n;
    }
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }

  int value() {
    if (p_ == end_) return give_up;
    switch (*p_) {
      case '"': {
        std::string_view s;
        if (!string(s)) return give_up;
        return r_.string(s) ? ok : refused;
      }
      case 't': return !literal("true") ? give_up : r_.boolean(true) ? ok : refused;
      case 'f': return !literal("false") ? give_up : r_.boolean(false) ? ok : refused;
      case 'n': return !literal("null") ? give_up : r_.null() ? ok : refused;
      case '{': return r_.start_object(unknown_size) ? give_up : refused;  // the reader takes no nested object
      case '[': return array();
      default: return number();
    }
  }

  /// Digits only, up to 19 of them (always < 2^64), no leading zero, and not followed by
  /// what would make nlohmann read a fraction, an exponent or another number.
  int number() {
    const char* start = p_;
    std::uint64_t v = 0;
    while (p_ != end_ && *p_ >= '0' && *p_ <= '9') v = v * 10 + static_cast<unsigned>(*p_++ - '0');
    const auto n = p_ - start;
    if (n == 0 || n > 19 || (n > 1 && *start == '0')) return give_up;
    if (p_ != end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return give_up;
    return r_.number_unsigned(v) ? ok : refused;
  }

  int array() {
    ++p_;
    if (!r_.start_array(unknown_size)) return refused;
    ws();
    if (p_ != end_ && *p_ == ']') {
      ++p_;
      return r_.end_array() ? ok : refused;
    }
    for (;;) {
      if (int v = value(); v != ok) return v;
      ws();
      if (p_ == end_) return give_up;
      if (*p_ == ',') {
        ++p_;
        ws();
        continue;
      }
      if (*p_ != ']') return give_up;
      ++p_;
      return r_.end_array() ? ok : refused;
    }
  }

  const char* p_;
  const char* end_;
  event_reader& r_;
};

}  // namespace

int scan_event(std::string_view text, event_reader& reader) { return scanner(text, reader).event(); }

}  // namespace detail
MUSTER_END_NAMESPACE
