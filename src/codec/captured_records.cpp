// An outcome's journal records, captured now and written later (captured_records.hpp).
#include "codec/captured_records.hpp"

#include "codec/codec_state.hpp"
#include "codec/effect_writer.hpp"

#include <charconv>
#include <cstring>
#include <stdexcept>

MUSTER_BEGIN_NAMESPACE
namespace detail {

namespace {

/// A capture: this head, then per effect an effect_head, the effect's incident id and step id
/// (JSON text), then the rejection's detail.
struct capture_head {
  std::uint64_t of;
  std::uint64_t seq;
  std::uint32_t effects;
  std::uint32_t detail_len;
  rule_index rule;
  bool accepted, duplicate;
  rejection reason;
};
struct effect_head {
  effect e;
  std::uint32_t incident_len, step_len;
};

template <class T>
void put(std::string& blob, const T& v) {
  blob.append(reinterpret_cast<const char*>(&v), sizeof v);
}

template <class T>
T take(std::string_view blob, std::size_t& at) {
  if (at + sizeof(T) > blob.size()) throw std::logic_error("journal capture: truncated");
  T v;
  std::memcpy(&v, blob.data() + at, sizeof v);
  at += sizeof v;
  return v;
}

std::string_view take_text(std::string_view blob, std::size_t& at, std::size_t n) {
  if (at + n > blob.size()) throw std::logic_error("journal capture: truncated");
  const std::string_view s = blob.substr(at, n);
  at += n;
  return s;
}

}  // namespace

std::uint32_t capture_records(std::string& blob, const outcome& o, std::uint64_t of, const codec& c, const engine& en) {
  const codec_state& s = codec_access::state(c);
  // A duplicate's effects were recorded at its first outcome: only the verdict is written.
  const std::uint32_t effects = o.duplicate ? 0 : static_cast<std::uint32_t>(o.effects.size());
  put(blob, capture_head{of, o.seq, effects, static_cast<std::uint32_t>(o.detail.size()), o.rule, o.accepted, o.duplicate,
                         o.reason});
  for (std::uint32_t i = 0; i < effects; ++i) {
    const effect& e = o.effects[i];
    const effect_refs refs = refs_of(s, en, e);  // copied into the blob: the writer must not read tables that grow
    put(blob, effect_head{e, static_cast<std::uint32_t>(refs.incident.size()), static_cast<std::uint32_t>(refs.step.size())});
    blob += refs.incident;
    blob += refs.step;
  }
  blob += o.detail;
  return o.duplicate ? 1 : effects + (o.accepted ? 0 : 1);
}

std::size_t write_captured_records(std::string_view blob, const codec& c, const std::vector<const rule_ref*>& rules,
                                   std::string& scratch, const record_emit& emit) {
  std::size_t at = 0;
  const auto h = take<capture_head>(blob, at);
  effect_context cx{codec_access::state(c).text, rules, codec_access::utc_offset_minutes(c), effect_form::record};
  char digits[24];
  const std::size_t of_len = static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, h.of).ptr - digits);
  auto lead = [&](std::string_view member) {
    scratch.assign("\"of\":");
    scratch.append(digits, of_len);
    scratch += ',';
    scratch += member;
  };
  for (std::uint32_t i = 0; i < h.effects; ++i) {
    const auto eh = take<effect_head>(blob, at);
    effect_refs refs;
    refs.incident = take_text(blob, at, eh.incident_len);
    refs.step = take_text(blob, at, eh.step_len);
    lead("\"effect\":");
    {
      json_sink w(scratch);  // flushes into scratch when it goes
      write_effect(w, cx, eh.e, refs);
    }
    emit("effect", scratch);
  }
  const std::string_view detail = take_text(blob, at, h.detail_len);
  if (h.duplicate || !h.accepted) {
    lead("\"outcome\":");
    {
      json_sink w(scratch);
      write_verdict(w, cx, verdict_fields{h.seq, h.accepted, h.duplicate, h.reason, h.rule, detail});
      w.ch('}');
    }
    emit(h.duplicate ? "duplicate" : "rejection", scratch);
  }
  return at;
}

}  // namespace detail
MUSTER_END_NAMESPACE
