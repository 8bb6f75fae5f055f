// SHA-256 and hex: see digest.hpp.
#include "common/digest.hpp"

// The journal hashes every record, each a short input: OpenSSL's SHA256_* functions skip the
// EVP layer's work per call (provider dispatch, context set-up and cleansing), about a tenth
// of the chain's time with SHA-NI. OpenSSL 3 marks them deprecated but keeps them; a libcrypto
// built without them (OPENSSL_NO_DEPRECATED_3_0) takes the EVP path below.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <stdexcept>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

/// One-shot SHA-256 of `bytes` into `out` (64 hex characters); throws when libcrypto fails.
void sha256_one_shot(std::string_view bytes, char* out) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr) != 1 || len != 32) {
    throw std::runtime_error("SHA-256 failed in libcrypto");  // broken invariant, not bad input
  }
  write_hex(md, len, out);
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  std::string out(sha256_hex_chars, '0');
  sha256_one_shot(bytes, out.data());
  return out;
}

void sha256_hex(std::string_view first, std::string_view second, char* out) {
#if !defined(OPENSSL_NO_DEPRECATED_3_0)
  SHA256_CTX c;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  if (SHA256_Init(&c) == 1 && SHA256_Update(&c, first.data(), first.size()) == 1 &&
      SHA256_Update(&c, second.data(), second.size()) == 1 && SHA256_Final(digest, &c) == 1) {
    write_hex(digest, SHA256_DIGEST_LENGTH, out);
    return;
  }
  // Only when libcrypto is really broken: the slow path, which throws if it fails too.
  sha256_one_shot(std::string(first) + std::string(second), out);
#else
  // OpenSSL 3's one-shot EVP_Digest looks the algorithm up under a lock on every call, which
  // costs more than hashing a journal record: hence the per-thread digest and context.
  struct hasher {
    EVP_MD* md = nullptr;
    EVP_MD_CTX* ctx = nullptr;
    hasher() {
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
      md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
#endif
      ctx = EVP_MD_CTX_new();
    }
    ~hasher() {
      EVP_MD_CTX_free(ctx);
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
      EVP_MD_free(md);
#endif
    }
    hasher(const hasher&) = delete;
    hasher& operator=(const hasher&) = delete;
  };
  thread_local hasher h;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  const EVP_MD* md = h.md ? h.md : EVP_sha256();
  if (!h.ctx || EVP_DigestInit_ex(h.ctx, md, nullptr) != 1 || EVP_DigestUpdate(h.ctx, first.data(), first.size()) != 1 ||
      EVP_DigestUpdate(h.ctx, second.data(), second.size()) != 1 || EVP_DigestFinal_ex(h.ctx, digest, &len) != 1 || len != 32) {
    // Only when libcrypto is really broken: the slow path, which throws if it fails too.
    sha256_one_shot(std::string(first) + std::string(second), out);
    return;
  }
  write_hex(digest, len, out);
#endif
}

void write_hex(const unsigned char* bytes, std::size_t len, char* out) {
  static const char hex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < len; ++i) {
    out[2 * i] = hex[bytes[i] >> 4];
    out[2 * i + 1] = hex[bytes[i] & 15];
  }
}

std::string to_hex(const unsigned char* bytes, std::size_t len) {
  std::string out(len * 2, '0');
  write_hex(bytes, len, out.data());
  return out;
}

void append_hex(std::string& out, std::string_view bytes) {
  const std::size_t at = out.size();
  out.resize(at + bytes.size() * 2);
  write_hex(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), out.data() + at);
}

}  // namespace detail
MUSTER_END_NAMESPACE
