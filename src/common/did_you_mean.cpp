// The did-you-mean guess: see did_you_mean.hpp.
#include "common/did_you_mean.hpp"

#include <algorithm>

MUSTER_BEGIN_NAMESPACE
namespace detail {

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  auto distance = [](std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      std::size_t diag = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= b.size(); ++j) {
        std::size_t up = row[j];
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
        diag = up;
      }
    }
    return row[b.size()];
  };
  std::string best;
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3) + 1;  // distances below this are typos
  std::size_t best_d = limit;
  for (const auto& c : candidates) {
    std::size_t d = distance(word, c);
    // A shared prefix also counts, as the weakest acceptable match, so it never displaces a
    // closer candidate: "emergency_mgmt" → "emergency_management", but "incident.reprot" →
    // "incident.report", not "incident.regrade".
    if (d >= limit && c.size() > word.size() && c.compare(0, word.size() * 2 / 3, word.substr(0, word.size() * 2 / 3)) == 0 &&
        word.size() >= 6)
      d = limit - 1;
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

}  // namespace detail
MUSTER_END_NAMESPACE
