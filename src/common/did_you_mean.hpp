// Internal: the "did you mean 'x'?" guess behind every unknown-name diagnostic: the policy and
// force-registry compilers, the event codec and the CLI's scenarios and graphs. One definition,
// so a typo gets the same suggestion wherever it is made.
#pragma once

#include <muster/config.hpp>

#include <string>
#include <string_view>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// The closest of `candidates` to `word` when it is close enough to be a typo, else "".
/// Close enough: a Levenshtein distance below max(2, |word|/3) + 1, or (the weakest match,
/// never preferred over a closer one) a longer candidate sharing the first two thirds of a
/// word of 6 or more characters. Ties go to the earliest candidate.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

/// The ids of a table of named things (grades, chains, forces …), in its order: the candidates
/// for did_you_mean.
template <class Table>
std::vector<std::string> ids_of(const Table& table) {
  std::vector<std::string> ids;
  ids.reserve(table.size());
  for (const auto& x : table) ids.push_back(x.id);
  return ids;
}

}  // namespace detail
MUSTER_END_NAMESPACE
