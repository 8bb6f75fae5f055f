// Internal: one journal record as a line of bytes — how it is written and how it is checked.
//
//   {"seq":N,"type":"T",<body>,"hash":"<sha256 of (hash of record N-1) + everything before ,"hash">"}\n
//
// The hashed bytes are the previous record's hash (64 hex digits; 64 zeros before the header)
// followed by the line up to (not including) `,"hash":"`: each hash covers the whole journal
// before it, without the line repeating the previous hash.
#pragma once

#include <muster/journal.hpp>

#include <cstdint>
#include <string>
#include <string_view>

MUSTER_BEGIN_NAMESPACE
namespace detail {

inline constexpr std::string_view zero_hash = "0000000000000000000000000000000000000000000000000000000000000000";
inline constexpr std::size_t hash_hex_size = 64;

/// Appends the record's line (with its newline) to `out`, chained to `prev` (the previous
/// record's hash, hex), and overwrites `prev` with the record's hash.
void append_record(std::string& out, std::uint64_t seq, std::string_view type, std::string& prev, std::string_view body);
/// The first half of append_record, which needs no hash: the line up to `,"hash":"` (the bytes
/// the hash covers). Its length + record_suffix_size is the line's.
void append_record_prefix(std::string& out, std::uint64_t seq, std::string_view type, std::string_view body);
/// The second half: hashes out[start..] (a prefix appended by append_record_prefix) chained to
/// `prev`, appends `,"hash":"<hex>"}` and the newline, and overwrites `prev` with the hash.
void seal_record(std::string& out, std::size_t start, std::string& prev);
/// `,"hash":"` + 64 hex digits + `"}` + newline.
inline constexpr std::size_t record_suffix_size = 9 + 64 + 2 + 1;

struct parsed_record {
  std::uint64_t seq = 0;
  std::string_view type;
  std::string_view body;
  std::string_view hash;
};

/// Checks one complete line (without its newline) chained to `prev`: the hash over `prev` and
/// its bytes first, then its shape. False with `what` (one sentence) when the line is not an
/// intact record following `prev`.
bool parse_record(std::string_view line, std::string_view prev, parsed_record& out, std::string& what);

/// Whether `tail` (the bytes after the last newline) can be an interrupted write of record `seq`
/// chained to `prev`: a prefix of such a record, possibly followed by zero bytes, or the whole
/// record without its newline. False with `what` when it is something else (damage).
bool is_torn_tail(std::string_view tail, std::uint64_t seq, std::string_view prev, std::string& what);

std::string header_body(const journal_header& h);

/// Whether `line` looks like the header of a muster-journal/1 file (whose lines carried "prev").
bool is_v1_header(std::string_view line);

bool valid_type(std::string_view type);

}  // namespace detail
MUSTER_END_NAMESPACE
