// src/common/json_escape.hpp: JSON string literals for every hand-written JSON (the codec's
// json_sink, the journal's malformed-input and clock records). The journal's copy wrote \b and
// \f as \u0008 and \u000c; both are JSON, and the codec's two-character forms are kept.
#include "codec/json_out.hpp"
#include "common/json_escape.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using muster::detail::append_json_string;
using muster::detail::json_string;

namespace {

/// What json_sink::string writes for `s`, after `before` went through the same sink.
std::string through_sink(std::string_view s, std::string_view before = {}) {
  std::string out;
  {
    muster::detail::json_sink w(out);
    w.raw(before);
    w.string(s);
    w.ch(',');
  }
  return out;
}

}  // namespace

TEST_CASE("json_escape: quotes, backslash and control characters") {
  CHECK(json_string("") == "\"\"");
  CHECK(json_string("call_plan") == "\"call_plan\"");
  CHECK(json_string("say \"hi\"") == "\"say \\\"hi\\\"\"");
  CHECK(json_string("a\\b") == "\"a\\\\b\"");
  CHECK(json_string("\n\r\t\b\f") == "\"\\n\\r\\t\\b\\f\"");
  CHECK(json_string(std::string_view("\0", 1)) == "\"\\u0000\"");
  CHECK(json_string("\x01\x1B\x1F") == "\"\\u0001\\u001b\\u001f\"");  // lower-case hex
  CHECK(json_string("\x7F") == "\"\x7F\"");                            // DEL is legal in JSON
  CHECK(json_string(" ~") == "\" ~\"");
}

TEST_CASE("json_escape: valid UTF-8 is copied, anything else becomes U+FFFD byte by byte") {
  const std::string fffd = "\xEF\xBF\xBD";
  CHECK(json_string("文登区应急管理局") == "\"文登区应急管理局\"");
  CHECK(json_string("\xF0\x9F\x9A\x92") == "\"\xF0\x9F\x9A\x92\"");
  CHECK(json_string("a\xFF" "b") == "\"a" + fffd + "b\"");
  CHECK(json_string("\xC0\x80") == "\"" + fffd + fffd + "\"");                    // overlong
  CHECK(json_string("\xED\xA0\x80") == "\"" + fffd + fffd + fffd + "\"");          // surrogate
  CHECK(json_string("中\xE4\xB8") == "\"中" + fffd + fffd + "\"");                 // truncated
  CHECK(json_string("\xE4\xB8\"") == "\"" + fffd + fffd + "\\\"\"");
}

TEST_CASE("json_escape: appends to what is there") {
  std::string out = "{\"a\":";
  append_json_string(out, "x\ty");
  CHECK(out == "{\"a\":\"x\\ty\"");
}

TEST_CASE("json_escape: json_sink writes what append_json_string writes, fast path or not") {
  const std::string long_plain(3000, 'a');
  std::string long_mixed;
  for (int i = 0; i < 500; ++i) long_mixed += "中\n\"\x01";
  const std::string_view samples[] = {"", "plain", "tab\there", "中文", "\xFF", long_plain, long_mixed};
  for (std::string_view s : samples) {
    CAPTURE(s.size());
    CHECK(through_sink(s) == json_string(s) + ",");
    CHECK(through_sink(s, "[1,") == "[1," + json_string(s) + ",");  // what was buffered comes first
  }
}

TEST_CASE("skip_plain stops at the first byte a JSON string cannot hold as it is, wherever it falls") {
  // Sixteen bytes a step, then one by one: every stop byte at every place around the steps'
  // edges gives the answer the byte-by-byte rule gives.
  const std::string stops = std::string("\"\\\x1f\x7f\x80\xe4\xff", 7) + std::string(1, '\0');
  for (std::size_t length = 0; length <= 50; ++length) {
    const std::string plain(length, 'a');
    CHECK(muster::detail::skip_plain(plain.data(), plain.data() + plain.size()) == plain.data() + plain.size());
    for (std::size_t at = 0; at < length; ++at) {
      for (const char stop : stops) {
        std::string s = plain;
        s[at] = stop;
        const char* expected = s.data();
        while (expected != s.data() + s.size() && muster::detail::plain_byte[static_cast<unsigned char>(*expected)]) ++expected;
        CAPTURE(length);
        CAPTURE(at);
        CAPTURE(static_cast<int>(static_cast<unsigned char>(stop)));
        CHECK(muster::detail::skip_plain(s.data(), s.data() + s.size()) == expected);
      }
    }
  }
  CHECK(muster::detail::skip_plain(nullptr, nullptr) == nullptr);  // an empty string_view's data
}
