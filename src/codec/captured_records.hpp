// Internal: an outcome's journal records (docs/journal.md: one `effect` record per effect, then
// a `rejection` when refused; or a single `duplicate`) in two halves, so the writing can run
// on the journal's thread while the codec and engine take the next input. capture_records()
// copies into a blob what the records need that later inputs could change — the effects, the
// ids of their incidents and chain steps, the verdict; write_captured_records() writes them
// from the blob and what never changes (the codec's policy tables, the engine's rules). Live
// submission and replay both go through here, so a replay compares byte for byte.
#pragma once

#include <muster/codec.hpp>
#include <muster/engine.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

MUSTER_BEGIN_NAMESPACE
namespace detail {

// The journal's compact forms (docs/journal.md): ids without display names, times as seconds
// since 1970, `because` and a rejection's `rule` as rule ids. The journal's header pins the
// policy and registry by digest, so names, rule files and lines are found from the ids when a
// record is read; writing them into every record would repeat the policy per effect.
/// An effect: {"kind",…,"to","from","via","force","step","grade","at","due","because":["rule id",…]}.
void append_effect_record(std::string& out, const codec& c, const effect& e, const engine& en);
/// An outcome without its effects: {"seq","accepted","duplicate","rejection":{"reason","rule","detail"}}.
void append_verdict_record(std::string& out, const codec& c, const outcome& o, const engine& en);

/// Appends outcome `o` of event record `of` to `blob`; returns how many records it stands for.
std::uint32_t capture_records(std::string& blob, const outcome& o, std::uint64_t of, const codec& c, const engine& en);

/// Calls emit(type, body) for each record of the capture at the start of `blob`, in order, and
/// returns the capture's size in bytes. Reads only what never changes while `c` and the engine
/// whose `rules` these are live, so it may run on another thread than theirs. `scratch` holds
/// each body (reused).
using record_emit = std::function<void(const char* type, std::string_view body)>;
std::size_t write_captured_records(std::string_view blob, const codec& c, const std::vector<const rule_ref*>& rules,
                                   std::string& scratch, const record_emit& emit);

}  // namespace detail
MUSTER_END_NAMESPACE
