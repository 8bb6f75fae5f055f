// muster_journal_compact: compact_journal (session.hpp) for C hosts — archiving a closed
// journal's sealed segments behind the snapshot it opens from (docs/journal.md "Segments").
#include "capi.hpp"

#include <cstddef>
#include <cstring>

using namespace muster::capi;

extern "C" MUSTER_API int muster_journal_compact(muster_compact_report* out, const muster_rules* rules,
                                                 const char* journal_path, const char* archive_dir) {
  constexpr const char* fn = "muster_journal_compact";
  return guarded(fn, [&]() -> int {
    if (out == nullptr) return null_argument(fn, "out");
    if (out->version < 1 || out->version > MUSTER_COMPACT_REPORT_VERSION)
      return fail(MUSTER_EINVAL, std::string(fn) + ": out->version is " + std::to_string(out->version) +
                                     "; set it to MUSTER_COMPACT_REPORT_VERSION (" +
                                     std::to_string(MUSTER_COMPACT_REPORT_VERSION) + ")");
    // Only the fields of the caller's version are written (there is one so far).
    muster_compact_report full{};
    full.version = out->version;
    std::memcpy(out, &full, sizeof full);
    if (rules == nullptr) return null_argument(fn, "rules");
    if (journal_path == nullptr) return null_argument(fn, "journal_path");
    if (*journal_path == '\0')
      return fail(MUSTER_EINVAL, std::string(fn) + ": journal_path is empty; compaction works on a journal file");
    const std::string journal(journal_path);
    const std::string archive = archive_dir == nullptr || *archive_dir == '\0' ? journal + ".archive" : std::string(archive_dir);
    muster::compact_report done;
    const muster::status s = muster::compact_journal(rules->policy, rules->forces, journal, archive, done);
    full.snapshot_seq = done.snapshot_seq;
    if (s.ok()) {
      full.first_seq = done.first_seq;
      full.archived = done.archived.size();
      full.archived_bytes = done.archived_bytes;
    }
    std::memcpy(out, &full, sizeof full);
    return s.ok() ? MUSTER_OK : fail(fn, s);
  });
}
