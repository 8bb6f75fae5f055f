// Internal: SHA-256 of bytes, as lower-case hex (OpenSSL libcrypto).
#pragma once
#include <muster/config.hpp>
#include <cstddef>
#include <string>
#include <string_view>

MUSTER_BEGIN_NAMESPACE
namespace detail {
std::string sha256_hex(std::string_view bytes);
/// Lower-case hex of `len` bytes (digests are shown and stored this way).
std::string to_hex(const unsigned char* bytes, std::size_t len);
}
MUSTER_END_NAMESPACE
