// Internal: what a codec holds besides its policy and registry.
#pragma once

#include "codec/fragments.hpp"
#include "codec/name_table.hpp"

#include <muster/codec.hpp>
#include <muster/policy.hpp>

#include <string>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

struct codec_state {
  codec_fragments text;                    ///< the policy's names and rules as JSON (never change)
  /// The rest changes with every input. Not on a cache line with `text`: the journal's thread
  /// reads `text` while the submitting thread decodes (write_captured_records).
  alignas(64) name_table events;           ///< event ids as written → numbers
  name_table incidents;                    ///< incident ids as written → numbers
  std::vector<std::string> incident_json;  ///< each incident's (or warning's) name as JSON, by number - 1 - incident_json_base
  std::uint64_t incident_json_base = 0;    ///< numbers up to this were forgotten (as `incidents`')

  /// Case number `number`'s name as JSON; nullptr when it has none or it was forgotten.
  const std::string* case_json(std::uint64_t number) const {
    if (number <= incident_json_base || number - incident_json_base > incident_json.size()) return nullptr;
    return &incident_json[static_cast<std::size_t>(number - 1 - incident_json_base)];
  }
  /// Appends the next case number's name as JSON (intern_case, load).
  void keep_case_json(std::string_view name);
  /// Forgets the case names numbered below `first` (released by the engine), in bulk as
  /// name_table::forget_below does: such a name, seen again, is given a new number.
  void forget_cases_below(std::uint64_t first);

  /// The number of case id `name` (an incident or a warning), giving it one on first sight.
  std::uint64_t intern_case(const std::string& name, std::uint64_t hash);

  /// The names numbered so far (snapshots, codec_state.cpp); loading numbers them the same way.
  void save(byte_writer& w) const;
  bool load(byte_reader& r);
};

/// The codec's internals, for the journal's record writers (captured_records.cpp, encode_effect.cpp).
struct codec_access {
  static const codec_state& state(const codec& c) { return *c.state_; }
  static codec_state& state(codec& c) { return *c.state_; }
  static int utc_offset_minutes(const codec& c) { return c.policy_->utc_offset_minutes; }
};

}  // namespace detail
MUSTER_END_NAMESPACE
