// Internal: the one writer of effects and verdicts as JSON, in the host's form (display names,
// RFC 3339 times, whole rule objects) and the journal's compact one (ids, seconds, rule ids:
// docs/journal.md). encode_effect.cpp writes outcomes with it; captured_records.cpp writes the
// journal's records from a capture, on the journal's thread.
#pragma once

#include "codec/fragments.hpp"
#include "codec/time_text.hpp"

#include <muster/engine.hpp>
#include <muster/events.hpp>

#include <string_view>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// Which of the two forms is written.
enum class effect_form : bool { host, record };

/// What writing an effect needs besides the effect: only what never changes while a codec and
/// its engine live (the policy's tables and rules), so any thread may write.
struct effect_context {
  const codec_fragments& text;
  const std::vector<const rule_ref*>& rules;  ///< engine::rules()
  int utc_offset_minutes;
  effect_form as;
  time_memo at{}, due{};
};

/// What of an effect later inputs can change the names of, as JSON text: its incident's id as
/// the host wrote it and its step's id in its request's chain. Empty: written as the number.
struct effect_refs {
  std::string_view incident, step, warning;
};

/// An outcome up to its effects.
struct verdict_fields {
  std::uint64_t seq = 0;
  bool accepted = false, duplicate = false;
  rejection reason = rejection::none;
  rule_index rule = no_rule;
  std::string_view detail;
};

struct codec_state;
/// The refs of `e` as the codec's and engine's state give them now (views into the codec's
/// tables: copy them before the next input when they are written later).
effect_refs refs_of(const codec_state& s, const engine& en, const effect& e);

void write_effect(json_sink& w, effect_context& cx, const effect& e, const effect_refs& refs);
/// `{"seq":…,"accepted":…,"duplicate":…,"rejection":{…}` — without the closing brace.
void write_verdict(json_sink& w, effect_context& cx, const verdict_fields& v);

}  // namespace detail
MUSTER_END_NAMESPACE
