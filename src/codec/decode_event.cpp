// JSON → event: the fast scanner when it can, nlohmann's SAX parser when it cannot (and for
// every syntax error, which it locates); names get their numbers only once the event is good.
#include "codec/codec_state.hpp"
#include "codec/error_location.hpp"
#include "codec/event_reader.hpp"
#include "codec/json_out.hpp"

#include <muster/codec.hpp>

#include <nlohmann/json.hpp>

#include <cstring>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

/// nlohmann's json_sax interface over event_reader.
struct sax_adapter {
  event_reader& r;
  std::string_view text;
  /// Where the first NUL is: nlohmann's lexer takes it for the end of the input, so without a
  /// check what follows would go unread, though it is part of the event (and would be journaled).
  std::size_t nul = std::string_view::npos;
  using json = nlohmann::json;

  /// A located refusal at the NUL; the event is every byte given.
  bool nul_error() {
    return r.syntax_error(nul + 1, "a NUL byte at byte " + std::to_string(nul) + "; JSON has none, and the event is all " +
                                       std::to_string(text.size()) + " bytes given");
  }

  bool null() { return r.null(); }
  bool boolean(bool v) { return r.boolean(v); }
  bool number_integer(json::number_integer_t v) { return r.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return r.number_unsigned(v); }
  bool number_float(json::number_float_t v, const json::string_t& s) { return r.number_float(v, s); }
  bool string(json::string_t& s) { return r.string(s); }
  bool binary(json::binary_t&) { return r.null(); }  // not produced by the JSON parser
  bool start_object(std::size_t n) { return r.start_object(n); }
  bool key(json::string_t& k) { return r.key(k); }
  bool end_object() { return r.end_object(); }
  bool start_array(std::size_t n) { return r.start_array(n); }
  bool end_array() { return r.end_array(); }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
    if (position > nul) return nul_error();  // nlohmann stopped at the NUL (as the end, or inside a string)
    // "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error while …":
    // keep what follows nlohmann's own location; ours counts characters, not bytes.
    std::string_view what = ex.what();
    const auto at = what.find("parse error");
    const auto colon = at == std::string_view::npos ? std::string_view::npos : what.find(": ", at);
    if (colon != std::string_view::npos) what.remove_prefix(colon + 2);
    return r.syntax_error(position, what);
  }
};

void reset(owned_event& out) {
  out.ev = event{};
  out.id.clear();
  out.incident.clear();
  out.forces.clear();
  out.reason.clear();
  out.warning.clear();
  out.references.clear();
  out.area.clear();
  out.cost_what.clear();
  out.costs.clear();
}

}  // namespace

std::uint64_t codec_state::intern_case(const std::string& name, std::uint64_t hash) {
  const std::uint64_t number = incidents.intern(name, hash);
  if (number > incident_json_base + incident_json.size()) keep_case_json(name);
  return number;
}

bool read_event_reference(const policy& p, const force_registry& r, std::string_view text, owned_event& out, codec_error& err,
                          name_prefetch* names) {
  reset(out);
  event_reader reader(p, r, out, names);
  sax_adapter sax{reader, text};
  if (!text.empty())
    if (const void* at = std::memchr(text.data(), '\0', text.size())) sax.nul = static_cast<std::size_t>(static_cast<const char*>(at) - text.data());
  const bool parsed = nlohmann::json::sax_parse(text.data(), text.data() + text.size(), &sax);
  if (parsed && !reader.failed() && sax.nul == std::string_view::npos) return true;
  if (parsed && !reader.failed()) sax.nul_error();  // the object ended before the NUL
  reader.report(text, err);
  return false;
}

bool read_event(const policy& p, const force_registry& r, std::string_view text, owned_event& out, codec_error& err,
                name_prefetch* names) {
  reset(out);
  event_reader reader(p, r, out, names);
  switch (scan_event(text, reader)) {
    case 1: return true;
    case 0: reader.report(text, err); return false;
    default:
      if (names) *names = name_prefetch{names->events, names->incidents};
      return read_event_reference(p, r, text, out, err, names);
  }
}

}  // namespace detail

status codec::decode_event(std::string_view text, owned_event& out) {
  if (text.size() > max_event_bytes) {
    out.ev = event{};
    detail::codec_error err;
    err.message = "the event has " + std::to_string(text.size()) + " bytes; the limit is " + std::to_string(max_event_bytes);
    detail::locate_byte(text, max_event_bytes, err);
    return detail::to_status(err);
  }
  detail::codec_state& s = *state_;
  detail::name_prefetch names{&s.events, &s.incidents};
  if (detail::codec_error err; !detail::read_event(*policy_, *forces_, text, out, err, &names)) return detail::to_status(err);
  // Numbers for the names, in order of first appearance; only now that the event is good.
  const std::uint64_t id_hash = names.has_id_hash ? names.id_hash : s.events.prefetch(out.id);
  const std::uint64_t incident_hash =
      out.incident.empty() ? 0 : names.has_incident_hash ? names.incident_hash : s.incidents.prefetch(out.incident);
  out.ev.id = s.events.intern(out.id, id_hash);
  if (!out.incident.empty()) out.ev.incident = s.intern_case(out.incident, incident_hash);
  // Warning ids share the incidents' table: both are the host's case ids, written back by name.
  if (!out.warning.empty()) out.ev.warning = s.intern_case(out.warning, s.incidents.prefetch(out.warning));
  if (!out.references.empty()) out.ev.references = s.intern_case(out.references, s.incidents.prefetch(out.references));
  out.bind();
  return {};
}

MUSTER_END_NAMESPACE
