// OASIS CAP 1.2 (Common Alerting Protocol) in and out: a warning agency's alert becomes a
// warning event of docs/warnings.md, and a warning event becomes a CAP 1.2 alert.
//
//   auto p = muster::compile_policy_file("rules/weihai.yaml");
//   muster::cap::import_options o;
//   o.actor = "weihai_meteo";                       // the policy organisation the alert comes from
//   auto r = muster::cap::import_alert(*p.value, xml, "alert.xml", o);
//   for (auto& d : r.diagnostics) std::puts(muster::render(d).c_str());   // file:line:col: code: message
//   if (r.ok()) session->submit_json(muster::cap::to_json_line(*r));   // else r.error().message(): the first error
//
//   auto events = muster::cap::read_warning_events(*p.value, jsonl, "warnings.jsonl");
//   auto alerts = muster::cap::export_alerts(*p.value, *events);        // one CAP document per event
//
// Three steps, three types: parse_alert reads the XML into a cap::alert (what CAP says, with
// source locations; no policy needed), to_warning_event maps an alert onto a policy (hazard,
// level, jurisdictions, actor), and to_json_line writes the event as the engine reads it.
// Hostile XML is refused before and while it is parsed: a size bound, UTF-8 only, no DOCTYPE
// (so no DTD, entity expansion or external entity), a depth bound. Every refusal is a located
// diagnostic. docs/warnings.md, section "CAP 1.2", lists what is kept and what is ignored.
#pragma once

#include <muster/config.hpp>
#include <muster/diagnostic.hpp>
#include <muster/model/basics.hpp>
#include <muster/status.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

MUSTER_BEGIN_NAMESPACE

struct policy;

namespace cap {

/// The CAP 1.2 XML namespace; an alert in any other is refused.
inline constexpr std::string_view namespace_1_2 = "urn:oasis:names:tc:emergency:cap:1.2";

/// Bounds on hostile input. Lower them for untrusted sources.
struct limits {
  std::size_t max_bytes = 1U << 20;   ///< 1 MiB per alert (an agency's alert is a few KiB)
  unsigned max_depth = 16;            ///< element nesting (CAP itself needs 4: alert/info/area/geocode)
  std::size_t max_diagnostics = 100;  ///< reporting stops after this many
};

/// A CAP dateTime ("2026-07-10T06:00:00+08:00"; "-00:00" is UTC): the instant and the offset
/// it was written with.
struct date_time {
  std::int64_t seconds = 0;         ///< since 1970-01-01T00:00:00Z
  std::int16_t utc_offset_minutes = 0;
  friend bool operator==(const date_time& a, const date_time& b) { return a.seconds == b.seconds; }
};

/// `status`: System and Draft are refused (they are not warnings to act on).
enum class status : std::uint8_t { actual, exercise, test };
/// `msgType`: Ack and Error are refused (they answer other messages; they warn of nothing).
enum class msg_type : std::uint8_t { alert, update, cancel };

/// A `valueName` / `value` pair: eventCode, parameter and geocode.
struct value_pair {
  std::string name;
  std::string value;
  source_location where;
};

/// One entry of `references`: "sender,identifier,sent".
struct reference {
  std::string sender;
  std::string identifier;
  date_time sent;
};

/// `area`. Polygons and circles are kept as written (validated) but not matched to
/// jurisdictions: only geocodes are.
struct area {
  std::string description;             ///< areaDesc
  std::vector<std::string> polygons;   ///< "lat,lon lat,lon …", closed
  std::vector<std::string> circles;    ///< "lat,lon radius_km"
  std::vector<value_pair> geocodes;
  std::string altitude, ceiling;       ///< feet above mean sea level, as written
  source_location where;
};

/// `info`: one language's (or one hazard's) description of the alert.
struct info {
  std::string language = "en-US";      ///< RFC 3066; CAP's default when absent
  std::vector<std::string> categories;
  std::string event;
  std::vector<std::string> response_types;
  std::string urgency, severity, certainty;
  std::string audience;
  std::vector<value_pair> event_codes;
  std::optional<date_time> effective, onset, expires;
  std::string sender_name, headline, description, instruction, web, contact;
  std::vector<value_pair> parameters;
  std::vector<area> areas;
  std::size_t resources = 0;           ///< `resource` blocks seen (ignored: nothing is fetched)
  source_location where;
  source_location event_where;         ///< of `event`, for diagnostics about the hazard
  source_location severity_where;
};

/// An alert as CAP 1.2 says it.
struct alert {
  std::string identifier;
  std::string sender;
  date_time sent;
  cap::status status = cap::status::actual;
  cap::msg_type msg_type = cap::msg_type::alert;
  std::string source;
  std::string scope;                   ///< Public, Restricted or Private
  std::string restriction, addresses, note;
  std::vector<std::string> codes;
  std::vector<reference> references;   ///< in the order written; the last is the one referred to
  std::string incidents;
  std::vector<info> infos;
  source_location where;               ///< of <alert>
  source_location sender_where, references_where;
};

// Every function below answers with muster::result<T> (status.hpp): the value when there is
// no error; else error() with code malformed_input (io_error when a file cannot be read) and
// the first error as its message and location. `diagnostics` lists every finding, sorted by
// location, warnings beside a value included.

/// Reads one CAP 1.2 alert. `file_name` is what diagnostics name.
result<alert> parse_alert(std::string_view xml, const std::string& file_name, const limits& l = {});
/// The same from a file, read only up to the size bound; `file-unreadable` when it cannot be read.
result<alert> parse_alert_file(const std::string& path, const limits& l = {});

/// A warning event of docs/warnings.md, as its JSON says it (ids and times as text).
struct warning_event {
  std::string id;          ///< the event's id: "cap:" + the alert's identifier on import
  std::string kind;        ///< warning.issue, warning.update or warning.cancel
  std::string at;          ///< RFC 3339 in the policy's time zone
  std::string actor;       ///< a policy organisation
  std::string warning;     ///< the message's own id (the alert's identifier)
  std::string references;  ///< update / cancel: the warning or update referred to
  std::string hazard;      ///< issue / update
  std::string level;       ///< blue, yellow, orange or red
  std::vector<std::string> area;  ///< jurisdiction ids
  std::string until;       ///< empty: none
  std::string status;      ///< issue: "exercise", "test" or empty (actual)
  source_location where;   ///< where it was read (the alert, or the JSON line)
  friend bool operator==(const warning_event& a, const warning_event& b);
  friend bool operator!=(const warning_event& a, const warning_event& b) { return !(a == b); }
};

struct import_options {
  /// The policy organisation the alert comes from. Empty: the organisation whose id is the
  /// sender's local part (before '@'; the whole sender without one); an error when none is.
  std::string actor;
};

/// Maps a parsed alert onto `p`: Alert → warning.issue, Update → warning.update, Cancel →
/// warning.cancel. Hazard by eventCode (hazard.cap_codes) else by event text; level by a level
/// parameter else the colour in the event text else severity; area by GB/T 2260 geocodes.
result<warning_event> to_warning_event(const policy& p, const alert& a, const import_options& o = {});
/// parse_alert, then to_warning_event; the diagnostics of both.
result<warning_event> import_alert(const policy& p, std::string_view xml, const std::string& file_name,
                                   const import_options& o = {}, const limits& l = {});

/// The event as one line of JSON (no newline), members in the order of docs/warnings.md.
std::string to_json_line(const warning_event& e);

/// Reads warning events from JSON Lines (blank lines and lines starting with '#' skipped),
/// checking them against `p` (kind, hazard, level, area, times). Only warning.issue, .update
/// and .cancel are CAP messages; any other kind is an error.
result<std::vector<warning_event>> read_warning_events(const policy& p, std::string_view jsonl,
                                                       const std::string& file_name, const limits& l = {});

struct export_options {
  /// CAP `sender` for an actor: "" → the actor's id (which import maps back to the actor).
  std::string sender_domain;  ///< when set: "<actor>@<domain>" (import still maps it back)
};

/// One CAP 1.2 alert (an XML document) per event, in order. An update or cancel names its
/// references by sender, identifier and sent time, so the warning it refers to (and every
/// earlier message of that warning) must come earlier in `events`; it also lends the update
/// what the event leaves out (hazard, level, area) and the cancel its info block.
result<std::vector<std::string>> export_alerts(const policy& p, const std::vector<warning_event>& events,
                                               const export_options& o = {});

}  // namespace cap

MUSTER_END_NAMESPACE
