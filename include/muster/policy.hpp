// The compiled policy and force registry, and the compiler that builds them.
//
//   auto p = muster::compile_policy_file("rules/weihai.yaml");
//   if (!p.ok()) for (auto& d : p.diagnostics) std::puts(muster::render(d).c_str());
//   auto r = muster::compile_forces_file(*p.value, "rules/weihai-forces.yaml");
//
// A compiled `policy` is immutable and safe to share between threads and engines.
#pragma once

#include <muster/config.hpp>
#include <muster/diagnostic.hpp>
#include <muster/model/basics.hpp>
#include <muster/model/condition.hpp>
#include <muster/model/force.hpp>
#include <muster/model/organisation.hpp>
#include <muster/model/rules.hpp>

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

MUSTER_BEGIN_NAMESPACE

struct policy {
  std::string file;          ///< the path it was compiled from
  std::string id;
  text name;
  std::string source;        ///< the document it encodes
  std::string version;       ///< the writer's label
  std::string time_zone;     ///< as written, e.g. "Asia/Shanghai"
  int utc_offset_minutes = 480;
  seconds_t max_clock_step = 31 * 86400;  ///< limits.max_clock_step: how far one input may move the clock
  seconds_t retention = 0;                ///< limits.retention: how long past event ids and outcomes are kept (0: always)
  std::string digest;        ///< SHA-256 (hex) of the policy file's bytes
  policy_document document;  ///< the text the policy encodes, and the clauses a rule may cite

  std::vector<grade> grades;            ///< lowest first
  std::vector<role> roles;
  std::vector<sector> sectors;
  std::vector<capability> capabilities;
  std::vector<jurisdiction> jurisdictions;
  index_t root = no_index;
  std::vector<organisation> organisations;
  std::vector<incident_type> incident_types;
  std::vector<period> periods;
  std::vector<named_item> flags;        ///< incident flags rules set, clear and test (at most 64)
  command_rule command;
  first_response_rule first_response;
  headquarters_rule headquarters;
  std::vector<information_route> information;
  std::vector<chain> chains;
  std::vector<condition_program> conditions;  ///< every `when:` but `always`; rules hold an index
  order_rule orders;
  review_rule review;
  /// The lowered form of command, first_response, headquarters, information and review: what
  /// runs on each incident event, grouped by event in incident_event order, each group in the
  /// order it runs. reactions_at[e] .. reactions_at[e + 1] are event e's.
  std::vector<reaction> reactions;
  std::array<std::uint16_t, incident_event_count + 1> reactions_at{};
  warning_rules warnings;               ///< `warnings:` (3.3.1); !defined() when absent
  std::vector<schedule> schedules;      ///< `schedules:` (roll-calls 3.2.2, drills 3.2.3)
  std::vector<dispatch_check> checks;   ///< `checks:` (1.3, 3.2.1, 4.4), in file order

  /// Derived at compile time: capabilities met by decision support (`advisory: true`), and the
  /// force categories some request_support action deploys (experts, 3.3.2). Forces of those
  /// categories are proposed only for advisory capabilities; other forces never for them alone.
  capability_mask advisory_capabilities = 0;
  category_mask support_categories = 0;

  /// Derived: the roles a force's `authority` (registry) must hold (those some rule names as
  /// `{ role: R, of: force }`); 0 when no rule does.
  role_mask force_authority_roles = 0;

  /// The chain that `kind` (a shorthand of chain.open, e.g. plan.draft) opens, or no_index.
  index_t chain_opened_with(std::uint8_t kind) const {
    for (std::size_t c = 0; c < chains.size(); ++c)
      if (chains[c].opened_with == kind) return static_cast<index_t>(c);
    return no_index;
  }

  // Lookups by id; no_index when absent. O(log n) over sorted tables built at compile time.
  index_t find_grade(std::string_view key) const;
  index_t find_role(std::string_view key) const;
  index_t find_sector(std::string_view key) const;
  index_t find_capability(std::string_view key) const;
  index_t find_jurisdiction(std::string_view key) const;
  index_t find_organisation(std::string_view key) const;
  index_t find_incident_type(std::string_view key) const;
  index_t find_period(std::string_view key) const;
  index_t find_chain(std::string_view key) const;
  index_t find_hazard(std::string_view key) const;
  index_t find_schedule(std::string_view key) const;

  /// The organisation holding `role` in jurisdiction `j`, or no_index.
  index_t holder(index_t role, index_t jurisdiction) const;
  /// Whether jurisdiction `j` is one of `scope` or below one of them (every one is when `scope`
  /// is empty): a schedule's `jurisdictions`, for instance.
  bool in_or_below(index_t j, const std::vector<index_t>& scope) const;

  /// Seconds of UTC offset for calendar periods.
  seconds_t utc_offset() const { return static_cast<seconds_t>(utc_offset_minutes) * 60; }

  struct lookup_tables;  // defined in src/policy
  std::shared_ptr<const lookup_tables> tables;
};

struct force_registry {
  std::string file;
  std::string digest;           ///< SHA-256 (hex) of the registry file's bytes
  std::string source;           ///< the file's bytes: a journal keeps them, to replay under the version it was written with
  std::string policy_digest;    ///< the policy it was checked against
  date updated;
  std::vector<force> forces;    ///< file order
  index_t find_force(std::string_view key) const;
  std::vector<std::pair<std::string, index_t>> by_id;  ///< sorted, for find_force
};

/// Limits on hostile input. Lower them for untrusted sources.
struct load_limits {
  std::size_t max_bytes = 1U << 20;  ///< 1 MiB per file
  unsigned max_depth = 32;           ///< nesting of mappings and sequences
  std::size_t max_nodes = 200000;    ///< scalars + collections in one file
  std::size_t max_diagnostics = 100; ///< reporting stops after this many
};

/// How long each named compiler pass took and what it found (for `--verbose` and benches).
struct pass_report {
  std::string name;
  std::size_t diagnostics = 0;
  double microseconds = 0;
};

struct compile_options {
  load_limits limits;
};

template <class T>
struct compile_result {
  std::shared_ptr<const T> value;        ///< set only when there are no errors
  std::vector<diagnostic> diagnostics;   ///< sorted by location; warnings may accompany a value
  std::vector<pass_report> passes;
  bool ok() const { return value != nullptr; }
};

using policy_result = compile_result<policy>;
using registry_result = compile_result<force_registry>;

/// The names of the compiler's passes, in the order they run.
const std::vector<std::string>& policy_pass_names();

policy_result compile_policy_file(const std::string& path, const compile_options& options = {});
policy_result compile_policy_text(const std::string& file_name, std::string_view yaml, const compile_options& options = {});

registry_result compile_forces_file(const policy& p, const std::string& path, const compile_options& options = {});
registry_result compile_forces_text(const policy& p, const std::string& file_name, std::string_view yaml,
                                    const compile_options& options = {});


// Names of enum values as written in YAML; used by diagnostics, summaries and traces.
const char* to_string(party_scope s);
const char* to_string(step_kind k);
const char* to_string(silence_action a);
const char* to_string(action_kind k);
const char* to_string(force_category c);
const char* to_string(period_class c);
const char* to_string(incident_event e);
const char* to_string(reaction_kind k);
const char* to_string(recurrence r);
const char* to_string(catch_up_rule c);
const char* to_string(answer_kind a);
/// The rule a lowered reaction cites first or second (nullptr for rule_block::none).
const rule_ref* rule_of(const policy& p, rule_source s);
/// A party reference as a policy writer wrote it: "emergency_management of command", "the commander".
std::string to_string(const policy& p, const party_ref& r);

MUSTER_END_NAMESPACE
