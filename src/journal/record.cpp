// Journal records as bytes: writing one line, verifying one line, recognising a torn tail.
#include "journal/record.hpp"

#include "common/digest.hpp"

#include <algorithm>
#include <charconv>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

constexpr std::string_view seq_key = "{\"seq\":";
constexpr std::string_view type_key = ",\"type\":\"";
constexpr std::string_view hash_key = ",\"hash\":\"";
constexpr std::string_view line_end = "\"}";
static_assert(record_suffix_size == hash_key.size() + hash_hex_size + line_end.size() + 1);
static_assert(hash_hex_size == sha256_hex_chars);  // the chain: sha256_hex(previous hash, record)

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
bool all_hex(std::string_view s) { return std::all_of(s.begin(), s.end(), is_hex); }
bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

bool valid_type(std::string_view type) {
  if (type.empty() || type.size() > 32) return false;
  return std::all_of(type.begin(), type.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

void append_record_prefix(std::string& out, std::uint64_t seq, std::string_view type, std::string_view body) {
  char digits[24];
  const char* digits_end = std::to_chars(digits, digits + sizeof digits, seq).ptr;
  out += seq_key;
  out.append(digits, static_cast<std::size_t>(digits_end - digits));
  out += type_key;
  out += type;
  out += '"';
  if (!body.empty()) {
    out += ',';
    out += body;
  }
}

void seal_record(std::string& out, std::size_t start, std::string& prev) {
  const std::size_t hashed = out.size() - start;
  out += hash_key;
  const std::size_t at = out.size();
  out.append(hash_hex_size, '0');
  out += line_end;
  out += '\n';
  sha256_hex(prev, std::string_view(out).substr(start, hashed), &out[at]);
  prev.assign(out, at, hash_hex_size);
}

void append_record(std::string& out, std::uint64_t seq, std::string_view type, std::string& prev, std::string_view body) {
  const std::size_t start = out.size();
  append_record_prefix(out, seq, type, body);
  seal_record(out, start, prev);
}

bool parse_record(std::string_view line, std::string_view prev, parsed_record& out, std::string& what) {
  const std::size_t tail = hash_key.size() + hash_hex_size + line_end.size();
  if (line.size() < seq_key.size() + tail || line.substr(line.size() - line_end.size()) != line_end ||
      line.substr(line.size() - tail, hash_key.size()) != hash_key) {
    what = "the line does not end with a \"hash\" field (not a journal record)";
    return false;
  }
  const std::size_t hashed = line.size() - tail;
  out.hash = line.substr(hashed + hash_key.size(), hash_hex_size);
  const std::string_view h = line.substr(0, hashed);
  char want[hash_hex_size];
  sha256_hex(prev, h, want);
  if (out.hash != std::string_view(want, hash_hex_size)) {
    what = !all_hex(out.hash) ? "the \"hash\" field is not 64 lower-case hex digits"
                              : "the hash does not match the record's bytes and the previous record's hash (the record was "
                                "altered, or records were removed, inserted or reordered)";
    return false;
  }
  // The hash holds; the shape is the writer's, so a mismatch here is a writer bug or a forged record.
  std::size_t i = seq_key.size();
  if (!starts_with(h, seq_key)) {
    what = "the record does not start with {\"seq\":";
    return false;
  }
  const std::size_t digits = i;
  std::uint64_t seq = 0;
  while (i < h.size() && h[i] >= '0' && h[i] <= '9' && i - digits < 20) seq = seq * 10 + static_cast<std::uint64_t>(h[i++] - '0');
  if (i == digits || (h[digits] == '0' && i - digits > 1) || h.substr(i, type_key.size()) != type_key) {
    what = "\"seq\" is not a plain decimal number followed by \"type\"";
    return false;
  }
  i += type_key.size();
  const std::size_t type_start = i;
  while (i < h.size() && h[i] != '"') ++i;
  out.type = h.substr(type_start, i - type_start);
  if (!valid_type(out.type) || i >= h.size()) {
    what = "\"type\" is not a record type";
    return false;
  }
  ++i;
  if (i == h.size()) {
    out.body = {};
  } else if (h[i] == ',' && i + 1 < h.size()) {
    out.body = h.substr(i + 1);
  } else {
    what = "unexpected bytes after \"type\"";
    return false;
  }
  out.seq = seq;
  return true;
}

bool is_torn_tail(std::string_view tail, std::uint64_t seq, std::string_view prev, std::string& what) {
  // A crash can leave the file longer than the data that reached it: trailing zero bytes.
  while (!tail.empty() && tail.back() == '\0') tail.remove_suffix(1);
  const std::string start = std::string(seq_key) + std::to_string(seq) + std::string(type_key);
  if (tail.size() <= start.size()) {
    if (start.compare(0, tail.size(), tail) == 0) return true;
    what = "the unterminated last line is not the start of record " + std::to_string(seq);
    return false;
  }
  if (!starts_with(tail, start)) {
    what = "the unterminated last line is not the start of record " + std::to_string(seq);
    return false;
  }
  // Complete up to its closing brace? Then it must be intact and end there (only the newline missing).
  const std::size_t tail_size = hash_key.size() + hash_hex_size + line_end.size();
  for (std::size_t h = tail.rfind(hash_key); h != std::string_view::npos && h > 0; h = tail.rfind(hash_key, h - 1)) {
    if (h + tail_size > tail.size()) continue;
    if (!all_hex(tail.substr(h + hash_key.size(), hash_hex_size)) ||
        tail.substr(h + hash_key.size() + hash_hex_size, line_end.size()) != line_end)
      continue;
    parsed_record r;
    std::string why;
    const std::string_view line = tail.substr(0, h + tail_size);
    if (!parse_record(line, prev, r, why)) {
      what = "the unterminated last line is a complete record that fails its check: " + why;
      return false;
    }
    if (line.size() != tail.size()) {
      what = "record " + std::to_string(seq) + " is complete but followed by " + std::to_string(tail.size() - line.size()) +
             " stray bytes instead of a newline";
      return false;
    }
    return true;
  }
  return true;
}

std::string header_body(const journal_header& h) {
  return "\"format\":\"" + h.format + "\",\"engine\":\"" + h.engine_version + "\",\"policy\":\"" + h.policy_digest +
         "\",\"registry\":\"" + h.registry_digest + "\"";
}

bool is_v1_header(std::string_view line) {
  return starts_with(line, "{\"seq\":0,\"type\":\"header\",\"prev\":\"") &&
         line.find("\"format\":\"muster-journal/1\"") != std::string_view::npos;
}

}  // namespace detail

result<journal_header> parse_journal_header(std::string_view body) {
  // Written by header_body(): four string members in this order, values without quotes or escapes.
  std::string_view rest = body;
  std::string err;
  auto member = [&](std::string_view key, std::string& value) {
    const std::string lead = "\"" + std::string(key) + "\":\"";
    if (rest.substr(0, lead.size()) != lead) {
      err = "the header has no \"" + std::string(key) + "\" where expected";
      return false;
    }
    rest.remove_prefix(lead.size());
    const std::size_t q = rest.find('"');
    if (q == std::string_view::npos || rest.substr(0, q).find('\\') != std::string_view::npos) {
      err = "the header's \"" + std::string(key) + "\" is not a plain string";
      return false;
    }
    value = std::string(rest.substr(0, q));
    rest.remove_prefix(q + 1);
    if (!rest.empty() && rest.front() == ',') rest.remove_prefix(1);
    return true;
  };
  auto damaged = [&](status_code code = status_code::journal_damaged) { return status(code, err, status_location{{}, {}, 1, 0}); };
  journal_header h;
  if (!member("format", h.format)) return damaged();
  if (h.format != journal_format) {
    err = "unsupported journal format '" + h.format + "' (this version reads " + std::string(journal_format) + ")";
    return damaged(status_code::journal_format_unsupported);
  }
  if (!member("engine", h.engine_version) || !member("policy", h.policy_digest) || !member("registry", h.registry_digest))
    return damaged();
  if (!rest.empty()) {
    err = "unexpected members after the header's \"registry\"";
    return damaged();
  }
  return h;
}

MUSTER_END_NAMESPACE
