// Internal: SHA-256 of bytes, as lower-case hex (OpenSSL libcrypto).
#pragma once
#include <muster/config.hpp>
#include <string>
#include <string_view>

MUSTER_BEGIN_NAMESPACE
namespace detail {
std::string sha256_hex(std::string_view bytes);
}
MUSTER_END_NAMESPACE
