// Internal to the CLI: a policy's rules in plain words, shared by `muster summary` and
// `muster graph` so both describe what runs in the same terms.
#pragma once

#include <muster/policy.hpp>

#include <string>
#include <vector>

namespace muster::cli {

/// "emergency_management of command, fire_rescue of command".
std::string parties_text(const policy& p, const std::vector<party_ref>& list);
/// "remind", or "remind (telling emergency_management of participant)".
std::string rung_text(const policy& p, const silence_rung& r);
/// What a reaction does, as one line without its rule: "notify party_government of incident;
/// copy …, only when at_or_above_threshold".
std::string reaction_text(const policy& p, const reaction& r);

}  // namespace muster::cli
