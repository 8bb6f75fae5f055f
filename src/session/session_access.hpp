// Internal: what the tests reach in a session beyond the public API — opening one whose journal
// fails writes and syncs, or cuts the power, on cue (tests/journal/power_loss.hpp).
#pragma once

#include "journal/journal_writer.hpp"

#include <muster/session.hpp>

#include <memory>
#include <string>

MUSTER_BEGIN_NAMESPACE
namespace detail {

struct session_access {
  /// session::open, with `fault` asked before every write, sync, truncate and reserve of the
  /// journal file (journal_options::fault).
  static result<std::unique_ptr<session>> open(std::shared_ptr<const policy> p, std::shared_ptr<const force_registry> forces,
                                               const session_options& options, const journal_fault_hook& fault);
};

}  // namespace detail
MUSTER_END_NAMESPACE
