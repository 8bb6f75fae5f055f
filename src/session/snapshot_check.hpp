// Internal: whether a snapshot may stand for the journal up to its record (docs/journal.md
// "Snapshots", "Opening from one"), read without replaying: the snapshot's own checks, the
// journal's header, and the `snapshot` record where the snapshot says it is, chained to the
// record before it and naming this snapshot's bytes and state. The same checks for a file beside
// a journal file and for a row beside a PostgreSQL partition (snapshot_store.hpp). Loading the
// state is the session's part.
#pragma once

#include "session/snapshot_file.hpp"

#include "journal/journal_writer.hpp"

#include <muster/journal.hpp>

#include <memory>
#include <optional>
#include <string>

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// What a snapshot that checks out gives opening.
struct checked_snapshot {
  std::unique_ptr<snapshot_bytes> file;  ///< its bytes
  snapshot_meta meta;
  byte_reader state{std::string_view()};  ///< at the engine's state, in file->bytes()
  scan_resume resume;        ///< the journal from the record after the snapshot's
};

/// What the snapshot must match: this policy, this build's rule positions, the host's durable head.
struct snapshot_expectation {
  std::string policy_digest;
  std::string rules_digest;   ///< rules_digest() of an engine on the policy
  std::optional<journal_head> expected_head;
};

/// True with `out` filled when snapshot `seq` of `snaps` may stand for the journal up to record
/// `seq`; false with why not (one phrase, for recovery_report::snapshot_note).
bool check_snapshot(const snapshot_expectation& want, snapshot_store& snaps, std::uint64_t seq, checked_snapshot& out,
                    std::string& why);

}  // namespace detail
MUSTER_END_NAMESPACE
