// Internal: libpq for the PostgreSQL journal store (pg_store.cpp): where a journal lives
// ("postgresql://…#partition"), a connection closed with its owner, statements with text
// parameters, COPY in, and how a failure reads. Only pg_connection.cpp includes libpq-fe.h.
#pragma once

#include <muster/config.hpp>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// A PostgreSQL journal location: a libpq connection URI, then `#` and the partition's name,
/// e.g. "postgresql:///muster?host=/run/postgresql#county-371002".
struct pg_location {
  std::string conninfo;   ///< the URI without the fragment, for libpq
  std::string partition;  ///< 1 to 63 of [A-Za-z0-9_.-]
  std::string display;    ///< the location without a password, for messages
  std::string location;   ///< as given (what journal::path() gives back, to open it again)
};

/// False with `err` ("<location>: journal-location: …") when `location` names no partition or
/// an invalid one.
bool parse_pg_location(const std::string& location, pg_location& out, std::string& err);

/// How a statement ended.
enum class pg_outcome : std::uint8_t {
  ok,
  refused,  ///< the server refused it (the transaction is aborted; the connection works)
  lost,     ///< the connection broke: whether a COMMIT in flight took effect is unknown
};

/// The rows of a query, as text (NULL reads as "").
struct pg_rows {
  std::vector<std::vector<std::string>> rows;
};

class pg_connection {
 public:
  pg_connection() = default;
  ~pg_connection();
  pg_connection(const pg_connection&) = delete;
  pg_connection& operator=(const pg_connection&) = delete;

  /// Connects (closing any connection held). False with `err` saying why.
  bool connect(const std::string& conninfo, std::string& err);
  void close();
  /// The connection is gone (or was never made).
  bool broken() const;
  /// Runs `sql` with text parameters; rows (if any) go to `out`. On failure `err` holds the
  /// server's message with its SQLSTATE ("… (SQLSTATE 53100)").
  pg_outcome run(const char* sql, std::initializer_list<std::string_view> params, std::string& err,
                 pg_rows* out = nullptr);
  /// As run(), with one parameter more after `params`: `bytes`, sent in binary format (a bytea:
  /// any bytes, NULs included, without the text format's doubling).
  pg_outcome run_with_bytes(const char* sql, std::initializer_list<std::string_view> params, std::string_view bytes,
                            std::string& err);
  /// Runs a query of one column, read in binary format (a bytea as its bytes): the first row's
  /// value into `out`, `found` false when there is no row.
  pg_outcome fetch_bytes(const char* sql, std::initializer_list<std::string_view> params, std::string& out, bool& found,
                         std::string& err);
  /// COPY … FROM STDIN with `data` (COPY text rows).
  pg_outcome copy_in(const char* sql, std::string_view data, std::string& err);
  /// The SQLSTATE of the last failure ("" when there was none or the connection broke).
  const std::string& sqlstate() const { return sqlstate_; }

 private:
  pg_outcome failed(const char* what, std::string& err);
  /// PQexecParams with text `params`, then `bytes` in binary when `with_bytes`; the result in
  /// binary format when `binary_result`. Rows to `out`, or the first row's first value to
  /// `first_value` (and `found`), when given. A failure as run() says it.
  pg_outcome exec(const char* sql, std::initializer_list<std::string_view> params, const std::string_view* bytes,
                  bool binary_result, std::string& err, pg_rows* out, std::string* first_value, bool* found);
  ::pg_conn* conn_ = nullptr;
  std::string sqlstate_;
};

/// Appends `line` (without its newline) escaped as one field of COPY's text format.
void append_copy_field(std::string& out, std::string_view line);

}  // namespace detail
MUSTER_END_NAMESPACE
