// Incident ids as written in JSON → the engine's numbers (for muster_engine_incident).
//
// The codec gives each new incident name the next number (1, 2, …) and turns numbers back into
// names (codec::incident_name); it has no lookup the other way, so this one reads the names in
// number order and remembers them. A number the codec has not given out reads as its decimal
// digits; so does a number whose name *is* those digits. The engine settles that ambiguity for
// the incidents it knows, and only those can be found; a name equal to its own number that
// names no incident of the engine (an event about it was refused) is ambiguous, and
// `give_up_after` of those in a row end the scan.
// TODO(codec): a `codec::find_incident(std::string_view)` would make this exact and O(1).
#include "capi.hpp"

#include <charconv>

namespace muster::capi {
namespace {

constexpr unsigned give_up_after = 8;

/// The number `s` writes in canonical decimal (no sign, no leading zero), or 0.
incident_id canonical_number(std::string_view s) {
  if (s.empty() || s.size() > 20 || s[0] == '0') return 0;
  incident_id v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size() ? v : 0;
}

}  // namespace

incident_id incident_lookup::find(const session& s, std::string_view name, std::uint64_t inputs) {
  if (auto it = known_.find(std::string(name)); it != known_.end()) return it->second;
  const codec& c = s.codec();
  const engine& en = s.engine();

  // An incident whose name is its own number ("17" numbered 17).
  if (const incident_id k = canonical_number(name); k != 0 && k <= inputs && en.incident(k) && c.incident_name(k) == name)
    return k;

  unsigned unclear = 0;
  for (incident_id k = confirmed_ + 1; k <= inputs && unclear < give_up_after; ++k) {
    const std::string n = c.incident_name(k);
    if (n == std::to_string(k) && !en.incident(k)) {
      ++unclear;  // no name yet, or the name "k" of an incident the engine does not have
      continue;
    }
    // k has a name, so every number before it has one too: remember them.
    for (incident_id j = confirmed_ + 1; j < k; ++j) known_.emplace(c.incident_name(j), j);
    known_.emplace(n, k);
    confirmed_ = k;
    unclear = 0;
    if (n == name) return k;
  }
  return 0;
}

void incident_lookup::reset() noexcept {
  known_.clear();
  confirmed_ = 0;
}

}  // namespace muster::capi
