// Internal: the policy's names and rules as ready JSON text, built once per codec so encoding
// an effect copies bytes instead of escaping the same Chinese names again and again.
#pragma once

#include "codec/json_out.hpp"

#include <muster/codec.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// The effect keys that name an organisation, in the order an effect writes them.
enum org_key : std::uint8_t { org_to, org_from, org_via };
inline constexpr std::string_view org_key_names[] = {"to", "from", "via"};

struct codec_fragments {
  // Quoted JSON strings, by index.
  /// An organisation whole, as an effect's party key writes it: `,"to":<id>,"to_name":<name>`
  /// for hosts (the name Chinese when the policy has it, else English), `,"to":<id>` for the
  /// journal's records; by org_key, then by organisation.
  std::array<std::vector<std::string>, 3> org_host, org_record;
  std::vector<std::string> force_id, force_name;
  std::vector<std::string> grade_id;
  /// How every effect starts, `{"kind":<kind>` and, unless its topic is none, `,"topic":<topic>`:
  /// by kind * topic_count + topic (events.hpp's enums, as of writing).
  std::vector<std::string> effect_head;
  std::vector<std::vector<std::string>> step_id;  ///< per chain, per step
  std::vector<std::string> chain_id, flag_id, hazard_id, schedule_id;
  /// Per chain, the key its effects' `measure` is written under: "quantity" (4.3) or "amount" (4.1).
  std::vector<std::string_view> measure_key;
  std::vector<std::vector<std::string>> item_name;  ///< per force, its equipment then materials items' names
  /// The rules in engine::rules() order and each one's JSON object. An engine whose table
  /// holds other pointers (another policy object) is encoded the slow way.
  std::vector<const rule_ref*> rules;
  std::vector<std::string> rule_json;
  std::vector<std::string> rule_id;  ///< each rule's id as a JSON string (the journal's form)
};

codec_fragments build_fragments(const policy& p, const force_registry& r);

/// `{"rule":…,"file":…,"line":…,"column":…,"clauses":[…]}`
void write_rule(json_sink& out, const rule_ref& r);

/// Chinese when present, else English.
inline const std::string& display_name(const text& t) { return t.zh.empty() ? t.en : t.zh; }

}  // namespace detail
MUSTER_END_NAMESPACE
