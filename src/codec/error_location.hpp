// Internal: where in the event text a decoding error is, and how input is quoted in messages.
// Runs only when decoding has failed, so it re-reads the text rather than slowing the parser.
#pragma once

#include <muster/codec.hpp>

#include <cstdint>
#include <string>
#include <string_view>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// Where a JSON input is wrong, while decoding: `path` is the field ("forces[2]", "at"; empty
/// for the whole text); `line`/`column` (1-based, 0 when unknown; columns count characters)
/// locate it in the text. codec::decode_event hands it on as a status (to_status).
struct codec_error {
  std::string path;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string message;
};

/// malformed_input: "line:col: path: message" (or "path: message" without a location; status::located),
/// the location as data.
status to_status(const codec_error& e);

/// The part of the event text an error is about.
struct error_spot {
  enum class part : std::uint8_t { none, start, object, key, value, element, byte };
  part at = part::none;
  std::uint32_t member = 0;   ///< 1-based ordinal of the top-level member (key, value, element)
  std::uint32_t element = 0;  ///< 0-based index in that member's array (element)
  std::size_t byte = 0;       ///< 0-based offset (byte)
};

/// Sets err.line / err.column (1-based; 0 when the spot cannot be found) for `spot` in
/// `text`: the first value (start), the top-level '{' (object), a member's key or value, or
/// an element of a member's array. The text is valid JSON up to the spot.
void locate(std::string_view text, const error_spot& spot, codec_error& err);

/// 1-based line and column of byte offset `pos`; the column counts characters (UTF-8 code
/// points), not bytes.
void line_column(std::string_view text, std::size_t pos, std::uint32_t& line, std::uint32_t& column);

/// Sets err.line / err.column to the character byte `pos` of `text` is part of (the first byte
/// past a size limit may fall inside a UTF-8 sequence).
void locate_byte(std::string_view text, std::size_t pos, codec_error& err);

/// Input as it may appear in a message: at most 64 bytes (then "…"), control characters and
/// invalid UTF-8 escaped as \xNN.
std::string printable(std::string_view s);

/// printable(s) in single quotes.
std::string quote(std::string_view s);

}  // namespace detail
MUSTER_END_NAMESPACE
