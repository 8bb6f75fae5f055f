// Test support for the PostgreSQL journal store (tests/pg): the suite's own server
// (tests/pg/pg_server.sh, started by ctest's pg_server fixture; its URI in MUSTER_TEST_PG),
// a partition name per test, and an administrator's connection that plays the other hosts and
// the faults (ending a writer's backend, triggers that fail its commits).
#pragma once

#include "journal/pg_connection.hpp"
#include "journal/pg_partition.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include <unistd.h>

namespace muster_test {

/// The suite's server, or "" when MUSTER_TEST_PG is not set (the binary run by hand, without
/// the fixture): the tests then say so and pass nothing off as checked.
inline std::string pg_server() {
  const char* uri = std::getenv("MUSTER_TEST_PG");
  return uri ? uri : "";
}

/// A partition of its own for each test, unique across runs against one server.
inline std::string pg_partition(const std::string& what) {
  static unsigned counter = 0;
  return what + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

inline std::string pg_journal(const std::string& partition) { return pg_server() + "#" + partition; }

/// An administrator's connection to the suite's server.
struct pg_admin {
  muster::detail::pg_connection c;
  pg_admin() {
    std::string err;
    const std::size_t q = pg_server().find('#');
    INFO(err);
    REQUIRE(c.connect(pg_server().substr(0, q), err));
  }
  /// Runs `sql`, which must succeed; the first column of the first row ("" without one).
  std::string run(const std::string& sql, std::initializer_list<std::string_view> params = {}) {
    muster::detail::pg_rows rows;
    std::string err;
    const auto o = c.run(sql.c_str(), params, err, &rows);
    INFO(sql << ": " << err);
    REQUIRE(o == muster::detail::pg_outcome::ok);
    return rows.rows.empty() || rows.rows[0].empty() ? std::string() : rows.rows[0][0];
  }
  /// Ends the backend that holds the partition's writer lock (as a crashed host's connection
  /// ends, or an operator's pg_terminate_backend); true when there was one.
  bool end_writer(const std::string& partition) {
    return run("SELECT count(pg_terminate_backend(l.pid)) FROM pg_locks l JOIN muster_journal_partitions p "
               "ON l.objid = p.id::oid WHERE l.locktype = 'advisory' AND l.classid = $1::bigint::oid AND p.name = $2",
               {std::to_string(muster::detail::pg_lock_class), partition}) != "0";
  }
  /// Until drop_trigger: every record inserted into `partition` runs `plpgsql` (a statement).
  void trigger(const std::string& name, const std::string& partition, const std::string& plpgsql) {
    run("CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN IF NEW.partition = '" + partition +
        "' THEN " + plpgsql + "; END IF; RETURN NEW; END $f$");
    run("CREATE TRIGGER " + name + " BEFORE INSERT ON muster_journal_records FOR EACH ROW EXECUTE FUNCTION " + name + "()");
  }
  void drop_trigger(const std::string& name) {
    run("DROP TRIGGER " + name + " ON muster_journal_records");
    run("DROP FUNCTION " + name + "()");
  }
  std::string records(const std::string& partition) {
    return run("SELECT count(*) FROM muster_journal_records WHERE partition = $1", {partition});
  }
};

}  // namespace muster_test

/// Skips a test when the suite's server is not there (MUSTER_TEST_PG unset).
#define MUSTER_REQUIRE_PG_SERVER()                                                               \
  if (muster_test::pg_server().empty()) {                                                        \
    MESSAGE("MUSTER_TEST_PG is not set: run through ctest (unit.pg), which starts the server"); \
    return;                                                                                      \
  }
