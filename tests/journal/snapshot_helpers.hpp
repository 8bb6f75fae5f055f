// Test support for snapshots (tests/journal/test_snapshot.cpp, tests/pg/test_pg_snapshot.cpp):
// an incident's lines fed one by one, and what one uninterrupted run in memory answers to them.
#pragma once

#include "journal/journal_files.hpp"

#include <muster/session.hpp>

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

namespace muster_test {

/// The lines of an incident file (examples/incidents), comments and advances included: each is
/// one submit_batch of one line, as a host feeding it line by line would.
inline std::vector<std::string> incident_lines(const char* name) {
  std::istringstream in(read_file(std::string(MUSTER_SOURCE_DIR) + "/examples/incidents/" + name));
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);)
    if (!l.empty() && l[0] != '#') lines.push_back(l);
  REQUIRE(lines.size() > 3);
  return lines;
}

inline std::string feed(muster::session& s, const std::string& line) {
  std::vector<muster::outcome_text> outs;
  REQUIRE(s.submit_batch(line, outs) == 1);
  return outs[0].json;
}

/// What the inputs answer, one by one, and the state after each, run once without snapshots.
struct reference_run {
  std::vector<std::string> answers;
  std::vector<std::string> digests;  ///< digests[k]: after the first k inputs
  std::string repeat;                ///< the answer to the first input sent again at the end
};

inline reference_run run_reference(const std::vector<std::string>& lines) {
  reference_run r;
  auto s = open_ok("");
  r.digests.push_back(s->state_digest());
  for (const std::string& l : lines) {
    r.answers.push_back(feed(*s, l));
    r.digests.push_back(s->state_digest());
  }
  r.repeat = feed(*s, lines[0]);
  return r;
}

}  // namespace muster_test
