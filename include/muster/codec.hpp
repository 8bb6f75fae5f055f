// JSON codecs for events, effects and outcomes: how hosts, journals and scenario files speak
// to the engine. Names, not indices: organisations, forces, grades … by their policy ids.
// The schema is documented in docs/events.md and docs/events.schema.json.
#pragma once

#include <muster/config.hpp>
#include <muster/engine.hpp>
#include <muster/events.hpp>
#include <muster/policy.hpp>
#include <muster/status.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

MUSTER_BEGIN_NAMESPACE

namespace detail {
struct codec_state;   // defined in src/codec
struct codec_access;  // src/codec: the journal's record writer reads the codec's policy tables
}

/// An event together with the storage its views point into. Copying fixes the views.
struct owned_event {
  event ev;
  std::string id;                 ///< the event id as written
  std::string incident;           ///< the incident id as written
  std::vector<index_t> forces;
  std::string reason;
  std::string warning;            ///< the warning id as written (warning_*)
  std::string references;         ///< the referenced warning id as written (warning_update / warning_cancel)
  std::vector<index_t> area;      ///< jurisdictions (warning_issue / warning_update)
  std::vector<std::string> cost_what;  ///< chain_open: each cost line's `what`
  std::vector<cost_line> costs;        ///< chain_open: the cost lines (views into cost_what)
  owned_event() = default;
  owned_event(const owned_event& o);
  owned_event& operator=(const owned_event& o);
  owned_event(owned_event&& o) noexcept;
  owned_event& operator=(owned_event&& o) noexcept;
  /// Points ev.forces / ev.area / ev.reason / ev.costs at this object's storage.
  void bind();
};

/// Where one piece of JSON lies in a text: bytes [offset, offset + length).
struct json_span {
  std::size_t offset = 0;
  std::size_t length = 0;
};

/// Translates between JSON and the engine's typed values for one policy and registry.
/// It remembers the string ids it has seen (events, incidents) and the numbers it gave them,
/// in order of first appearance, so the same inputs always map to the same numbers.
class codec final : public incident_names {
 public:
  /// Events larger than this are refused before parsing (hostile input).
  static constexpr std::size_t max_event_bytes = 64 * 1024;

  codec(std::shared_ptr<const policy> p, std::shared_ptr<const force_registry> forces);
  /// A copy remembers the same names (and goes on numbering independently).
  codec(const codec& o);
  codec& operator=(const codec& o);
  /// A moved-from codec may only be assigned to or destroyed.
  codec(codec&&) noexcept;
  codec& operator=(codec&&) noexcept;
  ~codec();

  /// One JSON object → an event into `out` (its buffers are reused). A text that is not one is
  /// status_code::malformed_input, located: where().path is the field ("forces[2]", "at"; empty
  /// for the whole text), where().line / column (1-based, 0 when unknown; columns count
  /// characters) the place in `json`, and message() "line:col: path: what" (or "path: what"
  /// without a location). Nothing is remembered then; `out` is valid but unspecified.
  status decode_event(std::string_view json, owned_event& out);
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
  /// append_outcome, also adding to `effects` where each effect's JSON lies in `out`, so a host
  /// that hands effects on one by one need not parse the text again.
  void append_outcome(std::string& out, const outcome& o, const engine& en, std::vector<json_span>& effects) const;

  /// The name an incident id was given in JSON, or its number.
  std::string incident_name(incident_id id) const override;
  /// RFC 3339 in the policy's time zone (its fixed UTC offset), e.g. "2026-07-10T09:00:00+08:00".
  std::string format_time(timestamp t) const;
  /// Parses RFC 3339 with "Z" or an offset ("…+08:00"; fractions of a second are dropped) or
  /// a decimal number of seconds since 1970; a time without an offset, a day not in the
  /// calendar or a year outside 1970 … 9999 is refused.
  bool parse_time(std::string_view s, timestamp& out) const;

  /// Reads and writes force ids of `forces` from now on (an edited registry the engine moved to;
  /// the names seen so far are kept).
  void replace_forces(std::shared_ptr<const force_registry> forces);

  const policy& rules_policy() const { return *policy_; }
  const force_registry& forces() const { return *forces_; }

 private:
  friend struct detail::codec_access;
  std::shared_ptr<const policy> policy_;
  std::shared_ptr<const force_registry> forces_;
  /// The names seen so far and their numbers; the policy's names and rules as ready JSON.
  std::unique_ptr<detail::codec_state> state_;
};

MUSTER_END_NAMESPACE
