// libpq behind the PostgreSQL journal store: locations, statements, COPY, failures.
#include "journal/pg_connection.hpp"

#include <libpq-fe.h>

#include <climits>
#include <memory>

MUSTER_BEGIN_NAMESPACE
namespace detail {

namespace {

bool partition_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

/// The location without the password of its user info ("user:secret@" → "user@"): messages
/// and logs name the journal, never the credentials.
std::string without_password(const std::string& uri) {
  const std::size_t scheme = uri.find("://");
  if (scheme == std::string::npos) return uri;
  const std::size_t start = scheme + 3;
  const std::size_t end = uri.find_first_of("/?#", start);
  const std::size_t at = uri.rfind('@', end == std::string::npos ? std::string::npos : end);
  if (at == std::string::npos || at < start) return uri;
  const std::size_t colon = uri.find(':', start);
  if (colon == std::string::npos || colon > at) return uri;
  return uri.substr(0, colon) + uri.substr(at);
}

std::string trimmed(const char* msg) {
  std::string s = msg ? msg : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

struct result_deleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using result_ptr = std::unique_ptr<PGresult, result_deleter>;

}  // namespace

bool parse_pg_location(const std::string& location, pg_location& out, std::string& err) {
  const std::size_t hash = location.rfind('#');
  out.display = without_password(location);
  const std::string partition = hash == std::string::npos ? std::string() : location.substr(hash + 1);
  bool valid = !partition.empty() && partition.size() <= 63;
  for (char c : partition) valid = valid && partition_char(c);
  if (!valid) {
    err = out.display + ": journal-location: a PostgreSQL journal is a connection URI and a partition after '#', "
          "e.g. postgresql:///muster?host=/run/postgresql#county-371002; the partition is 1 to 63 of "
          "A-Z a-z 0-9 _ . - (" + (partition.empty() ? std::string("none given") : "'" + partition + "' is not") + ")";
    return false;
  }
  out.location = location;
  out.conninfo = location.substr(0, hash);
  out.partition = partition;
  return true;
}

pg_connection::~pg_connection() { close(); }

void pg_connection::close() {
  if (conn_) PQfinish(conn_);
  conn_ = nullptr;
}

bool pg_connection::connect(const std::string& conninfo, std::string& err) {
  close();
  conn_ = PQconnectdb(conninfo.c_str());
  if (conn_ && PQstatus(conn_) == CONNECTION_OK) {
    // The server's notices ("relation … already exists, skipping") are not errors; a library
    // must not print them on its host's stderr, which libpq's default does.
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
    return true;
  }
  err = "cannot connect to PostgreSQL: " + trimmed(conn_ ? PQerrorMessage(conn_) : "out of memory");
  close();
  return false;
}

bool pg_connection::broken() const { return !conn_ || PQstatus(conn_) != CONNECTION_OK; }

pg_outcome pg_connection::failed(const char* what, std::string& err) {
  err = std::string(what) + ": " + trimmed(conn_ ? PQerrorMessage(conn_) : "not connected");
  // The server ending this backend (57P01 admin_shutdown, 57P02 crash_shutdown …) or a
  // connection exception (08…) leaves no connection to go on with, even before libpq saw it close.
  if (sqlstate_.rfind("57P", 0) == 0 || sqlstate_.rfind("08", 0) == 0) close();
  if (!broken()) {
    if (!sqlstate_.empty()) err += " (SQLSTATE " + sqlstate_ + ")";
    return pg_outcome::refused;
  }
  sqlstate_.clear();
  return pg_outcome::lost;
}

pg_outcome pg_connection::run(const char* sql, std::initializer_list<std::string_view> params, std::string& err,
                              pg_rows* out) {
  return exec(sql, params, nullptr, false, err, out, nullptr, nullptr);
}

pg_outcome pg_connection::run_with_bytes(const char* sql, std::initializer_list<std::string_view> params,
                                         std::string_view bytes, std::string& err) {
  return exec(sql, params, &bytes, false, err, nullptr, nullptr, nullptr);
}

pg_outcome pg_connection::fetch_bytes(const char* sql, std::initializer_list<std::string_view> params, std::string& out,
                                      bool& found, std::string& err) {
  return exec(sql, params, nullptr, true, err, nullptr, &out, &found);
}

pg_outcome pg_connection::exec(const char* sql, std::initializer_list<std::string_view> params,
                               const std::string_view* bytes, bool binary_result, std::string& err, pg_rows* out,
                               std::string* first_value, bool* found) {
  sqlstate_.clear();
  if (!conn_) return failed("PostgreSQL", err);
  // libpq wants NUL-terminated text values: keep copies for the call. A binary value goes as
  // it is, with its length.
  std::vector<std::string> values(params.begin(), params.end());
  std::vector<const char*> ptrs;
  std::vector<int> lengths, formats;
  for (const std::string& v : values) {
    ptrs.push_back(v.c_str());
    lengths.push_back(0);
    formats.push_back(0);
  }
  if (bytes) {
    if (bytes->size() > static_cast<std::size_t>(INT_MAX)) {
      err = "PostgreSQL: a value of " + std::to_string(bytes->size()) + " bytes is more than one parameter can carry";
      return pg_outcome::refused;
    }
    ptrs.push_back(bytes->data());
    lengths.push_back(static_cast<int>(bytes->size()));
    formats.push_back(1);
  }
  result_ptr r(PQexecParams(conn_, sql, static_cast<int>(ptrs.size()), nullptr, ptrs.data(), lengths.data(), formats.data(),
                            binary_result ? 1 : 0));
  const ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    if (r) sqlstate_ = trimmed(PQresultErrorField(r.get(), PG_DIAG_SQLSTATE));
    return failed("PostgreSQL", err);
  }
  const int n = PQntuples(r.get()), m = PQnfields(r.get());
  if (out) {
    out->rows.clear();
    for (int i = 0; i < n; ++i) {
      std::vector<std::string> row;
      for (int k = 0; k < m; ++k) row.emplace_back(PQgetvalue(r.get(), i, k), static_cast<std::size_t>(PQgetlength(r.get(), i, k)));
      out->rows.push_back(std::move(row));
    }
  }
  if (first_value) {
    *found = n > 0 && m > 0;
    if (*found) first_value->assign(PQgetvalue(r.get(), 0, 0), static_cast<std::size_t>(PQgetlength(r.get(), 0, 0)));
  }
  return pg_outcome::ok;
}

pg_outcome pg_connection::copy_in(const char* sql, std::string_view data, std::string& err) {
  sqlstate_.clear();
  if (!conn_) return failed("PostgreSQL COPY", err);
  {
    result_ptr r(PQexec(conn_, sql));
    if (!r || PQresultStatus(r.get()) != PGRES_COPY_IN) {
      if (r) sqlstate_ = trimmed(PQresultErrorField(r.get(), PG_DIAG_SQLSTATE));
      return failed("PostgreSQL COPY", err);
    }
  }
  constexpr std::size_t piece = 1U << 20;
  bool sent = true;
  for (std::size_t at = 0; sent && at < data.size(); at += piece) {
    const std::size_t n = std::min(piece, data.size() - at);
    sent = PQputCopyData(conn_, data.data() + at, static_cast<int>(n)) == 1;
  }
  if (PQputCopyEnd(conn_, sent ? nullptr : "muster: sending the rows failed") != 1) sent = false;
  // The COPY's own result, then the end of the command (nullptr).
  bool ok = sent;
  while (result_ptr r{PQgetResult(conn_)}) {
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
      sqlstate_ = trimmed(PQresultErrorField(r.get(), PG_DIAG_SQLSTATE));
      ok = false;
    }
  }
  return ok ? pg_outcome::ok : failed("PostgreSQL COPY", err);
}

void append_copy_field(std::string& out, std::string_view line) {
  for (char c : line) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
}

}  // namespace detail
MUSTER_END_NAMESPACE
