// Internal: snapshot files (docs/journal.md "Snapshots"). A snapshot is the engine's and the
// codec's state after every input before journal record `seq`, which is the `snapshot` record
// that holds the file's SHA-256. The file sits beside the journal as
// "<journal>.snapshot-<seq, 20 digits>" and is only ever written whole (temporary name, sync,
// rename, directory sync); file_snapshot_store (snapshot_store.hpp) keeps them. A PostgreSQL
// partition keeps the same bytes in a row (pg_snapshots.cpp).
//
// Layout: the line "muster-snapshot/1", a line with the build's layout (engine_state_layout),
// then byte_stream values: the meta below, the engine's state, the codec's names.
#pragma once

#include "common/byte_stream.hpp"
#include "journal/snapshot_store.hpp"

#include <muster/codec.hpp>
#include <muster/status.hpp>
#include <muster/engine.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

struct snapshot_meta {
  std::uint64_t seq = 0;         ///< the `snapshot` record's seq
  std::uint64_t offset = 0;      ///< where its line starts in the journal
  std::string prev;              ///< the hash of record seq - 1, which the record chains to
  std::string policy_digest;
  std::string registry_digest;   ///< the registry the engine ran under then …
  std::string registry_file;     ///< … the file it was compiled from (for messages) …
  std::string registry_text;     ///< … and its text, compiled again on load
  std::string state_digest;      ///< engine::state_digest() of the state saved
  /// What the state's rule and table positions mean: SHA-256 of the engine's rule ids in order
  /// (a build that compiles the same policy into other positions must not load it).
  std::string rules_digest;
};

/// snapshot_meta::rules_digest of an engine.
std::string rules_digest(const engine& e);

/// "<journal>.snapshot-00000000000000001234".
std::string snapshot_path(const std::string& journal, std::uint64_t seq);
/// The snapshot files beside `journal` (leftover temporary files not counted), newest first.
std::vector<std::pair<std::uint64_t, std::string>> list_snapshots(const std::string& journal);
/// The whole file.
std::string encode_snapshot(const snapshot_meta& m, const engine& e, const codec& c);
/// Reads the first line, the layout and the meta, leaving `r` at the engine's state. False with
/// `why` (one phrase) when the file is not a snapshot this build reads.
bool read_snapshot_meta(std::string_view bytes, byte_reader& r, snapshot_meta& m, std::string& why);
/// Writes `bytes` to `path` whole: a temporary file beside it, synced, renamed, the directory
/// synced. Else no_space (a full disk or quota) or io_error, saying what failed; no temporary
/// file is left.
status write_file_durably(const std::string& path, std::string_view bytes);

/// A snapshot file mapped read-only (no copy: it is tens of MB, read once, front to back).
class mapped_file final : public snapshot_bytes {
 public:
  mapped_file() = default;
  ~mapped_file() override;
  mapped_file(const mapped_file&) = delete;
  mapped_file& operator=(const mapped_file&) = delete;
  /// False with `err` when the file cannot be opened or mapped.
  bool open(const std::string& path, std::string& err);
  std::string_view bytes() const override { return {static_cast<const char*>(data_), size_}; }

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

/// The body of a `snapshot` record, and back.
std::string snapshot_record_body(const std::string& file_name, const std::string& sha256, std::uint64_t bytes,
                                 const std::string& state_digest);
struct snapshot_record {
  std::string file, sha256, state;
  std::uint64_t bytes = 0;
};
bool parse_snapshot_record(std::string_view body, snapshot_record& out, std::string& why);

}  // namespace detail
MUSTER_END_NAMESPACE
