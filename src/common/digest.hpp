// Internal: SHA-256 (OpenSSL libcrypto) and lower-case hex, once for every digest the library
// shows or stores: the policy's and the force registry's, the engine's state digest and the
// journal's hash chain. They are compared as text across files and versions, so they must be
// computed and spelled (lower-case hex) the same way everywhere.
#pragma once

#include <muster/config.hpp>

#include <cstddef>
#include <string>
#include <string_view>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// Characters in a SHA-256 digest as hex.
inline constexpr std::size_t sha256_hex_chars = 64;

/// SHA-256 of `bytes`, as 64 lower-case hex characters.
std::string sha256_hex(std::string_view bytes);

/// SHA-256 of `first` followed by `second`, as 64 lower-case hex characters written at `out`
/// (the journal's chain: the previous record's hash, then this record). No allocation, and
/// none of the EVP layer's work per call (SHA256_* on a context on the stack).
void sha256_hex(std::string_view first, std::string_view second, char* out);

/// Writes `len` bytes at `out` as 2*len lower-case hex characters.
void write_hex(const unsigned char* bytes, std::size_t len, char* out);
/// Lower-case hex of `len` bytes (digests are shown and stored this way).
std::string to_hex(const unsigned char* bytes, std::size_t len);
/// Appends the lower-case hex of `bytes` to `out`.
void append_hex(std::string& out, std::string_view bytes);

}  // namespace detail
MUSTER_END_NAMESPACE
