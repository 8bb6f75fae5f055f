// JSON codecs for events, effects and outcomes: how hosts, journals and scenario files speak
// to the engine. Names, not indices: organisations, forces, grades … by their policy ids.
// The schema is documented in docs/events.md and docs/events.schema.json.
#pragma once

#include <muster/config.hpp>
#include <muster/engine.hpp>
#include <muster/events.hpp>
#include <muster/policy.hpp>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

MUSTER_BEGIN_NAMESPACE

namespace detail {
struct codec_fragments;  // defined in src/codec
}

/// Where a JSON input is wrong: `path` is the field ("forces[2]", "at"); `line`/`column`
/// (1-based, 0 when unknown) locate it in the text that was decoded.
struct codec_error {
  std::string path;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string message;
  /// "line:col: path: message" (or "path: message" without a location).
  std::string render() const;
};

/// An event together with the storage its views point into. Copying fixes the views.
struct owned_event {
  event ev;
  std::string id;                 ///< the event id as written
  std::string incident;           ///< the incident id as written
  std::vector<index_t> forces;
  std::string reason;
  owned_event() = default;
  owned_event(const owned_event& o);
  owned_event& operator=(const owned_event& o);
  owned_event(owned_event&& o) noexcept;
  owned_event& operator=(owned_event&& o) noexcept;
  /// Points ev.forces / ev.reason at this object's storage.
  void bind();
};

/// Translates between JSON and the engine's typed values for one policy and registry.
/// It remembers the string ids it has seen (events, incidents) and the numbers it gave them,
/// in order of first appearance, so the same inputs always map to the same numbers.
class codec {
 public:
  /// Events larger than this are refused before parsing (hostile input).
  static constexpr std::size_t max_event_bytes = 64 * 1024;

  codec(std::shared_ptr<const policy> p, std::shared_ptr<const force_registry> forces);
  // The id tables hold views into their own storage: a codec moves but does not copy.
  codec(codec&&) noexcept;
  codec& operator=(codec&&) noexcept;
  codec(const codec&) = delete;
  codec& operator=(const codec&) = delete;
  ~codec();

  /// One JSON object → an event. On error returns false and fills `err` (nothing is
  /// remembered; `out` is then valid but unspecified). `out`'s buffers are reused.
  bool decode_event(std::string_view json, owned_event& out, codec_error& err);
  /// An event → one line of JSON (no trailing newline), the form decode_event reads back.
  /// Ids this codec has not seen are written as their numbers.
  std::string encode_event(const event& e) const;
  /// An effect → JSON, with names (and Chinese display names) and its `because` rules.
  std::string encode_effect(const effect& e, const engine& en) const;
  /// An outcome → JSON: seq, accepted, duplicate, rejection, effects.
  std::string encode_outcome(const outcome& o, const engine& en) const;

  // The same, appended to `out` (no allocation once `out` has grown: for hot paths).
  void append_event(std::string& out, const event& e) const;
  void append_effect(std::string& out, const effect& e, const engine& en) const;
  void append_outcome(std::string& out, const outcome& o, const engine& en) const;

  /// The name an incident id was given in JSON, or its number.
  std::string incident_name(incident_id id) const;
  /// RFC 3339 in the policy's time zone, e.g. "2026-07-10T09:00:00+08:00".
  std::string format_time(timestamp t) const;
  /// Parses RFC 3339 ("…Z" or "…+08:00") or a decimal number of seconds.
  bool parse_time(std::string_view s, timestamp& out) const;

  const policy& rules_policy() const { return *policy_; }
  const force_registry& forces() const { return *forces_; }

 private:
  std::shared_ptr<const policy> policy_;
  std::shared_ptr<const force_registry> forces_;
  std::unique_ptr<const detail::codec_fragments> text_;  ///< the policy's names and rules as JSON
  // Names as written, by number - 1 (a deque never moves its elements), and the reverse maps,
  // whose keys view those names. Never iterated, so unordered maps keep output deterministic.
  std::deque<std::string> event_names_;
  std::unordered_map<std::string_view, event_id> event_ids_;
  std::deque<std::string> incident_names_;
  std::unordered_map<std::string_view, incident_id> incident_ids_;
  std::vector<std::string> incident_json_;  ///< each incident name as JSON (effects carry it)

  /// The number for `name`, or 0 when it has none yet.
  static std::uint64_t find_id(const std::unordered_map<std::string_view, std::uint64_t>& ids, std::string_view name);
  /// The number for `name`, given the next one in order of first appearance when it is new.
  static std::uint64_t intern(std::deque<std::string>& names, std::unordered_map<std::string_view, std::uint64_t>& ids,
                              std::string_view name);
  /// The name a number was given, or "" when it has none.
  static std::string_view name_of(const std::deque<std::string>& names, std::uint64_t id);
};

MUSTER_END_NAMESPACE
