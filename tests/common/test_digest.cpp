// src/common/digest.hpp: SHA-256 and lower-case hex for the policy and registry digests, the
// engine's state digest and the journal's hash chain (which had its own hasher and hex loop).
#include "common/digest.hpp"

#include <doctest/doctest.h>

#include <string>

using muster::detail::append_hex;
using muster::detail::sha256_hex;
using muster::detail::to_hex;

TEST_CASE("digest: SHA-256 as lower-case hex (FIPS 180-2 vectors)") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("digest: the chained form hashes the two parts as one") {
  char out[muster::detail::sha256_hex_chars];
  sha256_hex("ab", "c", out);
  CHECK(std::string(out, sizeof out) == sha256_hex("abc"));
  sha256_hex("", "", out);
  CHECK(std::string(out, sizeof out) == sha256_hex(""));
  const std::string prev = sha256_hex("record 1");
  const std::string line = "{\"seq\":2,\"type\":\"event\"";
  sha256_hex(prev, line, out);
  CHECK(std::string(out, sizeof out) == sha256_hex(prev + line));
}

TEST_CASE("digest: hex is lower-case, two characters a byte") {
  const unsigned char bytes[] = {0x00, 0x0F, 0xAB, 0xFF};
  CHECK(to_hex(bytes, sizeof bytes) == "000fabff");
  CHECK(to_hex(bytes, 0).empty());
  std::string out = "x";
  append_hex(out, std::string("\x00\xC0\x80z", 4));
  CHECK(out == "x00c0807a");
}
