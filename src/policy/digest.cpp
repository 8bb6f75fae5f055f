#include "policy/digest.hpp"

#include <openssl/evp.h>

#include <stdexcept>

MUSTER_BEGIN_NAMESPACE
namespace detail {

std::string sha256_hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed in libcrypto");  // broken invariant, not bad input
  }
  return to_hex(md, len);
}

std::string to_hex(const unsigned char* bytes, std::size_t len) {
  static const char hex[] = "0123456789abcdef";
  std::string out(len * 2, '0');
  for (std::size_t i = 0; i < len; ++i) {
    out[2 * i] = hex[bytes[i] >> 4];
    out[2 * i + 1] = hex[bytes[i] & 15];
  }
  return out;
}

}  // namespace detail
MUSTER_END_NAMESPACE
