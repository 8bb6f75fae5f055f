// Internal: the engine's whole state as bytes, for snapshots (docs/journal.md "Snapshots").
// What the policy and registry give an engine at construction is not written: a snapshot is
// loaded into a fresh engine built on the same policy and registry, and refused by any other
// build (state_layout).
#pragma once

#include "common/byte_stream.hpp"

#include <muster/engine.hpp>

#include <string>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// Writes everything inputs have changed in `e`, between two inputs.
void save_engine_state(const engine& e, byte_writer& w);
/// Loads what save_engine_state wrote into `e`, a fresh engine on the same policy and
/// registry. False when the bytes do not fit it (sizes that the registry fixes differ, the
/// stream is short or has bytes left over); `e` is then unusable and must be dropped.
bool load_engine_state(engine& e, byte_reader& r);
/// Under limits.retention, the lowest incident or warning id the engine may still hold: every
/// record named by a lower one was released (0: none yet). The JSON codec forgets those names
/// (session.cpp). It moves in bulk, as records are released, so it is the same on replay.
std::uint64_t case_ids_held_from(const engine& e);
/// What the bytes depend on besides the policy and registry: the engine's version, each
/// record's size, and every machine's states in MSM's numbering. Two builds with the same
/// layout read each other's snapshots.
std::string engine_state_layout();

}  // namespace detail
MUSTER_END_NAMESPACE
