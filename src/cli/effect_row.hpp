// Effects and outcomes as rows of values, named as the codec names them, and the `+16m`
// offsets: what the scenario notation (scenario_notation.hpp) reads and writes, shared by the
// `muster` command and the engine's C++ tests (the library target muster_notation).
#pragma once

#include <muster/codec.hpp>
#include <muster/engine.hpp>
#include <muster/events.hpp>
#include <muster/policy.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace muster::cli {

/// A compiled policy and the force registry compiled against it.
struct rules_pair {
  std::shared_ptr<const policy> pol;
  std::shared_ptr<const force_registry> forces;
};

/// A rule an effect or a rejection cites (engine::rules()), as the outcome JSON gives it.
struct cited_rule {
  std::string id;
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::vector<std::string> clauses;
};

/// One effect, as the host receives it: ids, Chinese display names, times, reasons.
struct effect_row {
  std::string kind, topic, incident;
  std::string to, to_name, from, from_name, via, via_name, force, force_name;
  std::string step, grade;
  std::string warning, hazard, level;  ///< about a warning
  bool exercise = false;               ///< the exercise mark (a drill, an Exercise / Test warning)
  std::string schedule;                ///< about a schedule run: the schedule's id
  std::string chain, flag;             ///< the chain it is about; the flag set or cleared
  std::string item;                    ///< about a requisition: the stock item it holds (4.3)
  std::uint64_t request = 0, order = 0, run = 0;
  std::uint64_t quantity = 0, amount = 0;  ///< about a request: its quantity (4.3) or amount (4.1)
  timestamp at = 0, due = 0;  ///< due: 0 when none
  std::vector<cited_rule> because;
};

/// The outcome of one input.
struct step_result {
  std::uint64_t seq = 0;
  bool accepted = false;
  bool duplicate = false;
  std::string reason;                ///< rejection reason, empty when accepted
  std::string detail;
  std::optional<cited_rule> rule;    ///< the rule that refused, when one did
  std::vector<effect_row> effects;
};

/// One effect as the host receives it, from the typed effect: what codec::encode_effect writes,
/// as values — the policy's and registry's ids and display names (a number for an index
/// outside them), the codec's names of incidents and warnings, the engine's names of kinds,
/// topics and levels, and the rules it cites (engine::rules()).
effect_row effect_row_of(const effect& e, const engine& en, const codec& names);
/// The outcome of one input, likewise (codec::encode_outcome says the same in JSON).
step_result step_result_of(const outcome& o, const engine& en, const codec& names);

/// Parses `+90s`, `+16m`, `+1h30m`, `+7d` (a sum of whole units). False when it is not one.
bool parse_offset(std::string_view s, std::int64_t& seconds);
/// `+16m`, `+1h5m`, `+7d`, `-30s`, `+0`.
std::string format_offset(std::int64_t seconds);

}  // namespace muster::cli
