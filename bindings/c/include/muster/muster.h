/*
 * muster.h — the C API of Muster, a rules-and-workflow engine for joint emergency dispatch.
 *
 * Shape (as SQLite and libgit2): opaque handles; create/free pairs whose free accepts NULL;
 * fallible functions return an int status (0 = MUSTER_OK, negative = error; muster_status_str
 * names one) and write results through out-parameters named `out…`, which always come FIRST
 * (as in libgit2: `int muster_engine_submit(muster_outcome **out, muster_engine *engine, …)`;
 * a caller buffer is the triple `char *out, size_t out_cap, size_t *out_len`); strings go in
 * as pointer + length and come out into caller buffers with the needed size reported;
 * muster_error_last() says why the last failing call on this thread failed. No C++ type or
 * exception crosses this boundary.
 *
 * Threads: a muster_engine may be used from several threads at once; calls on one engine
 * are serialised internally (a mutex per engine), so each call sees a consistent engine.
 * A muster_outcome is immutable and may be read from any thread; free it exactly once.
 *
 * Events and effects are JSON: see docs/events.md. Times passed as numbers are seconds since
 * the Unix epoch; times in JSON output are RFC 3339 in the policy's time zone (as in effects),
 * and the queries add the same instant in seconds under "<key>_unix".
 *
 * Buffers: functions that return JSON write it NUL-terminated into `out` (capacity `out_cap`)
 * and set `*out_len` (never NULL) to its length without the NUL. When out_cap <= *out_len they
 * return MUSTER_EBUFSIZE and leave "" in `out` (if out_cap > 0): call again with out_cap =
 * *out_len + 1 (and again if it says MUSTER_EBUFSIZE once more: another thread's input may
 * have changed the engine in between). `out` may be NULL only when out_cap is 0 (to ask for
 * the size).
 */
#ifndef MUSTER_H
#define MUSTER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define MUSTER_BEGIN_DECL extern "C" {
#define MUSTER_END_DECL }
#else
#define MUSTER_BEGIN_DECL
#define MUSTER_END_DECL
#endif

#if defined(_WIN32)
#define MUSTER_API __declspec(dllexport)
#else
#define MUSTER_API __attribute__((visibility("default")))
#endif

#define MUSTER_VERSION_MAJOR 0
#define MUSTER_VERSION_MINOR 1
#define MUSTER_VERSION_PATCH 0
/* major*10000 + minor*100 + patch */
#define MUSTER_VERSION_NUMBER (MUSTER_VERSION_MAJOR * 10000 + MUSTER_VERSION_MINOR * 100 + MUSTER_VERSION_PATCH)

MUSTER_BEGIN_DECL

/* Status codes. The C++ layers answer with a muster::status (include/muster/status.hpp); each
 * of its codes maps to one of these, and muster_error_last() carries its message:
 *   invalid_argument, journal_location (a journal_path of the form "postgresql://…" that names
 *     no partition or an invalid one: the caller's argument)  -> MUSTER_EINVAL
 *   malformed_input (an event, a time, a CAP alert)         -> MUSTER_EMALFORMED
 *   registry_conflict (an edited registry that cannot follow the journal's: a known force removed
 *     or moved)                                             -> MUSTER_EPOLICY
 *   io_error, journal_damaged, journal_format_unsupported, journal_locked, journal_fenced,
 *   journal_policy_mismatch, journal_registry_mismatch, journal_replay_mismatch,
 *   journal_unknown_record, journal_head_mismatch, journal_truncated, journal_missing,
 *   no_space                                                -> MUSTER_EJOURNAL
 * The message begins with the function's name, then names the code where the layer does
 * ("… journal-locked: …", "… journal-fenced: …", "… 1:9: forces[2]: …"). */
enum {
  MUSTER_OK = 0,
  MUSTER_EINVAL = -1,     /* a NULL or out-of-range argument */
  MUSTER_EPOLICY = -2,    /* the policy or force registry does not compile (see diagnostics), or an edited registry cannot follow the journal's */
  MUSTER_EJOURNAL = -3,   /* the journal is damaged, locked, pinned to another policy, or cannot be written */
  MUSTER_EREJECTED = -4,  /* the event was rejected; the outcome says why (and changed nothing) */
  MUSTER_EMALFORMED = -5, /* the event JSON is malformed; the outcome carries the field path */
  MUSTER_EBUFSIZE = -6,   /* the caller's buffer is too small; *out_len holds the size needed */
  MUSTER_ENOTFOUND = -7,  /* no such incident, request, order, run or organisation; no pending timer (muster_engine_next_due); no input yet (muster_engine_last_outcome) */
  MUSTER_EUSER = -8,      /* a callback returned non-zero: delivery stopped (the event still applied) */
  MUSTER_EINTERNAL = -9   /* a broken invariant inside Muster; the message says what */
};

/* Journal durability. */
enum {
  MUSTER_DURABILITY_NONE = 0,      /* written by the journal's own thread, never fsynced (tests, replays) */
  MUSTER_DURABILITY_BATCH = 1,     /* written by the journal's own thread and fsynced every batch_size
                                      records or batch_interval_us (group commit) */
  MUSTER_DURABILITY_EVERY_EVENT = 2 /* written and fsynced before submit/advance returns */
};
/* In NONE and BATCH durability an outcome is provisional: submit/advance return once the input's
 * records are handed to the journal's thread (a bounded queue, 4 MiB), which hashes, writes and
 * syncs them a little later. A crash of the process loses what was not yet written, of the
 * machine what was not yet synced: at most the queue and about two batches (one being synced
 * while the next is written). muster_engine_journal_seq
 * says how far the disk is; muster_engine_flush forces it. A write or sync that fails on that
 * thread is reported by the next call (MUSTER_EJOURNAL): the engine stops accepting events, and
 * reopening it recovers the state the journal on the disk holds; resubmit the inputs whose
 * outcomes were provisional (a repeated id is answered as a duplicate). docs/journal.md. */

/* The engine's vocabularies as C constants: effect kinds, topics (what a notify, remind or
 * escalate is about) and rejection reasons. Each list gives the constant, its value and the
 * name JSON spells it with (docs/events.md); the values are the engine's own, so they never
 * change for a name, and a new name gets the next value. tests/c_api/test_constants.cpp checks
 * every list against the engine's tables both ways. Use the lists with your own X-macro, e.g.
 *   #define AS_CASE(constant, value, name) case constant: return name;
 * and the muster_*_str functions below. */
#define MUSTER_EFFECT_KINDS(X)                                   \
  X(MUSTER_EFFECT_NOTIFY, 0, "notify")                           \
  X(MUSTER_EFFECT_ASSIGN_COMMAND, 1, "assign_command")           \
  X(MUSTER_EFFECT_REQUEST_APPROVAL, 2, "request_approval")       \
  X(MUSTER_EFFECT_REQUEST_CONSENT, 3, "request_consent")         \
  X(MUSTER_EFFECT_ISSUE_ORDER, 4, "issue_order")                 \
  X(MUSTER_EFFECT_FILE_RECORD, 5, "file_record")                 \
  X(MUSTER_EFFECT_ESCALATE, 6, "escalate")                       \
  X(MUSTER_EFFECT_REMIND, 7, "remind")                           \
  X(MUSTER_EFFECT_PROPOSE_FORCE, 8, "propose_force")             \
  X(MUSTER_EFFECT_PROPOSE_SUBSTITUTE, 9, "propose_substitute")   \
  X(MUSTER_EFFECT_REQUEST_REPORT, 10, "request_report")          \
  X(MUSTER_EFFECT_REQUEST_SUPPORT, 11, "request_support")        \
  X(MUSTER_EFFECT_REQUEST_ACKNOWLEDGEMENT, 12, "request_acknowledgement") \
  X(MUSTER_EFFECT_REQUEST_SUBMISSION, 13, "request_submission") \
  X(MUSTER_EFFECT_WARNING_NOTICE, 14, "warning_notice") \
  X(MUSTER_EFFECT_STANDBY, 15, "standby") \
  X(MUSTER_EFFECT_SCHEDULE_CALL, 16, "schedule_call")
#define MUSTER_EFFECT_KIND_COUNT 17

#define MUSTER_TOPICS(X)                                         \
  X(MUSTER_TOPIC_NONE, 0, "none")                                \
  X(MUSTER_TOPIC_INCIDENT_REPORTED, 1, "incident_reported")      \
  X(MUSTER_TOPIC_INCIDENT_COPIED, 2, "incident_copied")          \
  X(MUSTER_TOPIC_FIRST_RESPONSE, 3, "first_response")            \
  X(MUSTER_TOPIC_REGRADED, 4, "regraded")                        \
  X(MUSTER_TOPIC_COMMAND_MOVED, 5, "command_moved")              \
  X(MUSTER_TOPIC_HQ_ESTABLISHED, 6, "hq_established")            \
  X(MUSTER_TOPIC_CONCLUDED, 7, "concluded")                      \
  X(MUSTER_TOPIC_CLOSED, 8, "closed")                            \
  X(MUSTER_TOPIC_REQUEST_OPENED, 9, "request_opened")            \
  X(MUSTER_TOPIC_REQUEST_APPROVED, 10, "request_approved")       \
  X(MUSTER_TOPIC_REQUEST_REJECTED, 11, "request_rejected")       \
  X(MUSTER_TOPIC_REQUEST_WITHDRAWN, 12, "request_withdrawn")     \
  X(MUSTER_TOPIC_REQUEST_EXPIRED, 13, "request_expired")         \
  X(MUSTER_TOPIC_REQUEST_FAILED, 14, "request_failed")           \
  X(MUSTER_TOPIC_FORCE_DROPPED, 15, "force_dropped")             \
  X(MUSTER_TOPIC_STEP_OVERDUE, 16, "step_overdue")               \
  X(MUSTER_TOPIC_ORDER_OVERDUE, 17, "order_overdue")             \
  X(MUSTER_TOPIC_ORDER_DECLINED, 18, "order_declined")           \
  X(MUSTER_TOPIC_REPORT_OVERDUE, 19, "report_overdue")           \
  X(MUSTER_TOPIC_COORDINATOR, 20, "coordinator")                 \
  X(MUSTER_TOPIC_COMMANDER, 21, "commander")                     \
  X(MUSTER_TOPIC_PERIOD_DECLARED, 22, "period_declared")         \
  X(MUSTER_TOPIC_PERIOD_ENDED, 23, "period_ended")               \
  X(MUSTER_TOPIC_BREAK_GLASS, 24, "break_glass")                 \
  X(MUSTER_TOPIC_FLAG_SET, 25, "flag_set")                       \
  X(MUSTER_TOPIC_FLAG_CLEARED, 26, "flag_cleared") \
  X(MUSTER_TOPIC_WARNING_ISSUED, 27, "warning_issued") \
  X(MUSTER_TOPIC_WARNING_UPDATED, 28, "warning_updated") \
  X(MUSTER_TOPIC_WARNING_CANCELLED, 29, "warning_cancelled") \
  X(MUSTER_TOPIC_WARNING_EXPIRED, 30, "warning_expired") \
  X(MUSTER_TOPIC_WARNING_UNACKNOWLEDGED, 31, "warning_unacknowledged") \
  X(MUSTER_TOPIC_SITUATION_UPDATED, 32, "situation_updated") \
  X(MUSTER_TOPIC_FORCE_IN_DRILL, 33, "force_in_drill") \
  X(MUSTER_TOPIC_ANSWER_DUE, 34, "answer_due") \
  X(MUSTER_TOPIC_REPORT_DUE, 35, "report_due") \
  X(MUSTER_TOPIC_CALL_UNANSWERED, 36, "call_unanswered") \
  X(MUSTER_TOPIC_REQUEST_REDUCED, 37, "request_reduced") \
  X(MUSTER_TOPIC_STOCK_RELEASED, 38, "stock_released") \
  X(MUSTER_TOPIC_FORCE_STATUS_CHANGED, 39, "force_status_changed") \
  X(MUSTER_TOPIC_CALL_ANSWERED, 40, "call_answered")
#define MUSTER_TOPIC_COUNT 41

#define MUSTER_REJECTIONS(X)                                                 \
  X(MUSTER_REJECTION_NONE, 0, "none")                                        \
  X(MUSTER_REJECTION_MALFORMED, 1, "malformed")                              \
  X(MUSTER_REJECTION_UNKNOWN_INCIDENT, 2, "unknown_incident")                \
  X(MUSTER_REJECTION_UNKNOWN_REQUEST, 3, "unknown_request")                  \
  X(MUSTER_REJECTION_UNKNOWN_ORDER, 4, "unknown_order")                      \
  X(MUSTER_REJECTION_UNKNOWN_FORCE, 5, "unknown_force")                      \
  X(MUSTER_REJECTION_UNKNOWN_ORGANISATION, 6, "unknown_organisation")        \
  X(MUSTER_REJECTION_UNKNOWN_REFERENCE, 7, "unknown_reference")              \
  X(MUSTER_REJECTION_INCIDENT_EXISTS, 8, "incident_exists")                  \
  X(MUSTER_REJECTION_NOT_ALLOWED_IN_STATE, 9, "not_allowed_in_state")        \
  X(MUSTER_REJECTION_ACTOR_LACKS_ROLE, 10, "actor_lacks_role")               \
  X(MUSTER_REJECTION_SEPARATION_OF_DUTIES, 11, "separation_of_duties")       \
  X(MUSTER_REJECTION_STALE_TIME, 12, "stale_time")                           \
  X(MUSTER_REJECTION_FORCE_COMMITTED, 13, "force_committed")                 \
  X(MUSTER_REJECTION_NO_FORCES, 14, "no_forces")                             \
  X(MUSTER_REJECTION_NO_UPPER_LEVEL, 15, "no_upper_level")                   \
  X(MUSTER_REJECTION_BREAK_GLASS_NEEDS_REASON, 16, "break_glass_needs_reason") \
  X(MUSTER_REJECTION_WRONG_INCIDENT, 17, "wrong_incident")                   \
  X(MUSTER_REJECTION_FORCE_IN_OWN_JURISDICTION, 18, "force_in_own_jurisdiction") \
  X(MUSTER_REJECTION_CLOCK_JUMP, 19, "clock_jump")                           \
  X(MUSTER_REJECTION_INTERNAL_ERROR, 20, "internal_error") \
  X(MUSTER_REJECTION_UNKNOWN_WARNING, 21, "unknown_warning") \
  X(MUSTER_REJECTION_WARNING_EXISTS, 22, "warning_exists") \
  X(MUSTER_REJECTION_UNKNOWN_RUN, 23, "unknown_run") \
  X(MUSTER_REJECTION_FORCE_CHECK_FAILED, 24, "force_check_failed") \
  X(MUSTER_REJECTION_FORCE_NOT_DEPLOYED, 25, "force_not_deployed") \
  X(MUSTER_REJECTION_INSUFFICIENT_STOCK, 26, "insufficient_stock") \
  X(MUSTER_REJECTION_BEYOND_RETENTION, 27, "beyond_retention")
#define MUSTER_REJECTION_COUNT 28

#define MUSTER_X_ENUMERATOR(constant, value, name) constant = value,
enum muster_effect_kind { MUSTER_EFFECT_KINDS(MUSTER_X_ENUMERATOR) MUSTER_EFFECT_KIND_UNKNOWN = -1 };
enum muster_topic { MUSTER_TOPICS(MUSTER_X_ENUMERATOR) MUSTER_TOPIC_UNKNOWN = -1 };
enum muster_rejection { MUSTER_REJECTIONS(MUSTER_X_ENUMERATOR) MUSTER_REJECTION_UNKNOWN = -1 };
#undef MUSTER_X_ENUMERATOR

typedef struct muster_engine muster_engine;
typedef struct muster_outcome muster_outcome;
typedef struct muster_batch muster_batch;

/* A journal record the host knows is on the disk: its seq and its hash (64 lower-case hex
 * digits and a NUL). A plain value: the caller owns it. Keep the last one you were given
 * (muster_engine_journal_head, muster_recovery.head) with your own state, and pass it back when
 * opening (muster_options.expected_head): a journal that does not hold it is refused. */
typedef struct muster_journal_head {
  uint64_t seq;
  char hash[65];
} muster_journal_head;

/* Versioned options: initialise with MUSTER_OPTIONS_INIT, then change what you need. A program
 * built against version 1 (without queue_bytes), 2 (without expected_head), 3 (without
 * snapshot_every) or 4 (without segment_bytes) still opens engines: the library reads the fields
 * of the version the struct says it is. */
#define MUSTER_OPTIONS_VERSION 5
typedef struct muster_options {
  uint32_t version;           /* MUSTER_OPTIONS_VERSION */
  const char *journal_path;   /* NULL or "": in memory only. A file path, or a PostgreSQL
                               * partition: "postgresql://…#partition" (a libpq URI, then '#' and
                               * the partition's name; docs/journal.md "PostgreSQL"). Borrowed
                               * during open. */
  int32_t durability;         /* MUSTER_DURABILITY_* */
  uint32_t batch_size;        /* records per fsync in BATCH mode (>= 1) */
  uint32_t batch_interval_us; /* longest wait before a batch is synced */
  /* Version 2. NONE and BATCH: the journal thread's queue, in bytes; 0: the default, 4 MiB.
   * Submitting waits while it is full (one input always fits), so it bounds the memory held
   * (about three times this) and what a crash of the process may lose. */
  uint64_t queue_bytes;
  /* Version 3. NULL: no expectation. Else the host's last durable head (borrowed during open):
   * open fails with MUSTER_EJOURNAL, changing nothing, when the journal is shorter than it
   * ("journal-truncated": cut back, even at a record boundary or inside a record a torn write
   * would explain), holds another record there ("journal-head-mismatch"), or is missing
   * ("journal-missing": not created). */
  const muster_journal_head *expected_head;
  /* Version 3. How far one input may move the engine's clock, in seconds: further is the
   * rejection clock_jump, which changes nothing (a mistyped year must not fire every timer).
   * MUSTER_CLOCK_STEP_POLICY (-1): the policy's limits.max_clock_step (31 days by default);
   * 0: no bound, for replaying long histories with quiet months. A journal must be reopened
   * with the value it was written with, or its replay will not match. */
  int64_t max_clock_step;
  /* Version 4. With a journal: a snapshot (muster_engine_snapshot) every this many inputs; 0:
   * only when asked. Opening starts from the newest snapshot that verifies and replays only the
   * journal after it (docs/journal.md "Snapshots"). */
  uint64_t snapshot_every;
  /* Version 4. Snapshots kept beside the journal (files; rows of a PostgreSQL partition),
   * newest first; 0: the default, 2. */
  uint32_t snapshots_kept;
  /* Version 5. With a journal file: once it holds this many bytes, at the end of an input, it is
   * sealed as "<journal>.segment-<its first seq>" and a new file takes the journal's name,
   * starting with a `segment` record chained to the last record sealed (docs/journal.md
   * "Segments"); muster_journal_compact then archives the segments behind a snapshot. 0: never
   * (one file). A PostgreSQL partition does not rotate. */
  uint64_t segment_bytes;
} muster_options;
#define MUSTER_CLOCK_STEP_POLICY (-1)
#define MUSTER_OPTIONS_INIT { MUSTER_OPTIONS_VERSION, NULL, MUSTER_DURABILITY_BATCH, 256, 5000, 0, NULL, MUSTER_CLOCK_STEP_POLICY, 0, 0, 0 }

/* The library's version: MUSTER_VERSION_NUMBER of the built library, and "0.1.0". */
MUSTER_API unsigned muster_version_number(void);
MUSTER_API const char *muster_version(void);

/* Why the last failing call on this thread failed: what was refused and why — the rejection's
 * reason and detail, the decoding error located as line:column, the argument that is NULL.
 * Never NULL; owned by the library; valid until the next call on this thread.
 * Every call that returns a status other than MUSTER_OK sets it (never to "").
 * A call that changes or queries an engine, opens, closes or validates clears it when it
 * succeeds. A call that only reads or frees an outcome or a batch (muster_outcome_*,
 * muster_batch_*) and the name functions (muster_status_str, muster_*_str, muster_version*)
 * leave it as it was when they succeed, so after a failed submit it still says why while the
 * outcome is read and freed. An outcome also keeps its own message: muster_outcome_error. */
MUSTER_API const char *muster_error_last(void);

/* What a status code means, in a few words: MUSTER_OK is "ok", MUSTER_EREJECTED "rejected",
 * MUSTER_EMALFORMED "malformed event", MUSTER_EBUFSIZE "buffer too small" …, and "unknown status"
 * for any other value (what happened to one call is muster_error_last's). Static strings: never
 * NULL, never freed, valid for the life of the process. Thread-safe. */
MUSTER_API const char *muster_status_str(int status);

/* The JSON name of an effect kind, topic or rejection reason (MUSTER_EFFECT_*, MUSTER_TOPIC_*,
 * MUSTER_REJECTION_*): "issue_order", "step_overdue", "stale_time" …; "" for a value that is
 * none of them. Static strings, never NULL; thread-safe; the last error is left as it was. */
MUSTER_API const char *muster_effect_kind_str(int32_t kind);
MUSTER_API const char *muster_topic_str(int32_t topic);
MUSTER_API const char *muster_rejection_str(int32_t reason);

/* Compiles a policy and force registry and reports their diagnostics as JSON
 * ({"ok":bool,"diagnostics":[{"severity","code","file","line","column","message","hint"}…]})
 * into `out` (capacity `out_cap`, NUL-terminated). `*out_len` receives the length needed
 * without the NUL. Returns MUSTER_OK (valid), MUSTER_EPOLICY (invalid: diagnostics in `out`),
 * MUSTER_EBUFSIZE or MUSTER_EINVAL. `forces_path` may be NULL to check only the policy.
 * `out` may be NULL when out_cap is 0 (to ask for the size). Paths are borrowed.
 * Also in the JSON: "forces_checked" (false when forces_path is NULL or the policy has errors:
 * a registry is checked only against a policy that compiles), and a diagnostic's "offset" (the
 * byte offset) when it is known. */
MUSTER_API int muster_validate(char *out, size_t out_cap, size_t *out_len, const char *policy_path, const char *forces_path);

/* Opens an engine on a policy and registry (paths borrowed), recovering its journal if
 * options->journal_path names one (a missing journal is created whole; what recovery found and
 * did: muster_engine_recovery). `options` may be NULL (defaults, in memory). On success
 * *out owns a new engine: close it with muster_engine_close. On failure *out is NULL:
 * MUSTER_EINVAL (a NULL; options->version not 1 to 5, durability out of range,
 * batch_size 0 in BATCH mode, an expected_head hash that is not 64 hex digits, a journal_path
 * "postgresql://…" without "#partition" or with an invalid partition name), MUSTER_EPOLICY
 * (the first error, and how many more, in muster_error_last(); or a registry edited so that it
 * cannot follow the journal's, a known force removed or moved: "journal-registry-edit", naming
 * the force), MUSTER_EJOURNAL (damaged —
 * including an empty file or one without a whole header, which is never taken for a new
 * journal — short of or other than options->expected_head, pinned to another policy or
 * registry, held by another engine — one engine per journal file — or not writable). */
MUSTER_API int muster_engine_open(muster_engine **out, const char *policy_path, const char *forces_path, const muster_options *options);

/* Compiled rules: a policy and its force registry, compiled once and shared by any number of
 * engines (one per partition, say a county's incidents), from any thread: they are immutable.
 * An engine opened from them keeps its own reference, so the rules may be freed while engines
 * opened from them still run. */
typedef struct muster_rules muster_rules;
/* Compiles a policy and its registry (paths borrowed) into *out, which the caller owns: free it
 * with muster_rules_free. On failure *out is NULL: MUSTER_EINVAL (a NULL), MUSTER_EPOLICY (the
 * first error, and how many more, in muster_error_last()). */
MUSTER_API int muster_rules_compile(muster_rules **out, const char *policy_path, const char *forces_path);
/* Frees rules from muster_rules_compile (NULL is fine); engines opened from them are unaffected. */
MUSTER_API void muster_rules_free(muster_rules *rules);
/* muster_engine_open on rules compiled before (borrowed during the call), skipping the compile:
 * the same options, the same results, except that it never returns MUSTER_EPOLICY. */
MUSTER_API int muster_engine_open_rules(muster_engine **out, const muster_rules *rules, const muster_options *options);

/* Syncs the journal and frees the engine. NULL is accepted and ignored. Closing twice is a
 * caller bug this cannot detect; don't. */
MUSTER_API void muster_engine_close(muster_engine *engine);

/* Applies one event (JSON, `len` bytes, need not be NUL-terminated). All `len` bytes are the
 * event: a NUL among them, invalid UTF-8 or anything after the object is MUSTER_EMALFORMED,
 * located ("1:42: malformed JSON: a NUL byte at byte 41; …"), and is journaled only as a malformed
 * input (its bytes as hex when they are not UTF-8): every journal line is UTF-8 JSON. *out receives a new
 * outcome (free with muster_outcome_free) in every case but MUSTER_EINVAL/MUSTER_EINTERNAL:
 * MUSTER_OK (accepted; also a repeated event id whose first outcome was accepted — the
 * outcome then says "duplicate":true), MUSTER_EREJECTED, MUSTER_EMALFORMED, MUSTER_EJOURNAL
 * (the journal could not take the event: it was refused whole and changed nothing; the
 * outcome is an internal_error rejection saying why), MUSTER_EUSER (a callback stopped
 * delivery). A callback set with muster_engine_on_effect is called for each effect before
 * this returns. */
MUSTER_API int muster_engine_submit(muster_outcome **out, muster_engine *engine, const char *event_json, size_t len);

/* Applies the events in `jsonl` (`len` bytes of JSON Lines: one event per line, "\n" or
 * "\r\n"; a line is all its bytes, as for muster_engine_submit: a NUL inside one is that line's
 * located refusal) in order, each as muster_engine_submit would, with one journal commit for the
 * whole batch: one write, and in EVERY_EVENT one fsync, so the batch is durable when this returns.
 * The text is an incident file, read exactly as `muster replay` reads one (one dialect,
 * src/common/incident_lines.hpp): lines of blanks and lines whose first non-blank character is
 * '#' (comments) are skipped and get no outcome; a byte-order mark before the first line is
 * skipped; a line that is exactly {"advance": T} moves the clock as muster_engine_advance would
 * (and is journaled as one), T being an RFC 3339 time, seconds since 1970, or "+<duration>"
 * ("+20m", "+1h30m", "+7d") after the latest time seen (the engine's clock, or a later time of an
 * event before it in the batch); a T that is no time, or a relative T before any time, is that
 * line's malformed rejection ("advance: …"). muster_engine_submit takes one event only: there
 * an advance line is malformed (use muster_engine_advance). *out receives a new batch (free with
 * muster_batch_free) holding one outcome per event or advance line, in every case but
 * MUSTER_EINVAL/MUSTER_EINTERNAL. Returns MUSTER_OK
 * when every event was accepted, else the status of the first that was not (muster_error_last()
 * names its line in `jsonl`, blank ones counted, and which event it is; muster_batch_status
 * gives each event's). A line that is not an event is a
 * malformed rejection, and the others go on. When the journal's write fails, every line is
 * refused (MUSTER_EJOURNAL) and the batch changed nothing; when the journal has no room part-way,
 * the lines before are kept and the rest refused. The effect callback is called for each
 * effect of each event, in order, after all of them were applied; a non-zero return stops
 * delivery (MUSTER_EUSER). */
MUSTER_API int muster_engine_submit_batch(muster_batch **out, muster_engine *engine, const char *jsonl, size_t len);

/* Moves the engine's clock to `t` and fires due timers (recorded in the journal). Statuses and
 * *out as for muster_engine_submit; earlier than now is a stale_time rejection (MUSTER_EREJECTED);
 * `t` outside 0 … 253402300799 (9999-12-31T23:59:59Z) is MUSTER_EINVAL. */
MUSTER_API int muster_engine_advance(muster_outcome **out, muster_engine *engine, int64_t t);

/* The outcome of the engine's last input — muster_engine_submit, muster_engine_advance, or the
 * last event line of muster_engine_submit_batch — for a host that did not keep it (an outcome
 * already freed, a crash between submit and reading it). *out receives a new outcome the caller
 * owns (free with muster_outcome_free), the same as that call gave: its JSON, effects, reason,
 * and muster_outcome_status / muster_outcome_error as that call returned them (MUSTER_EREJECTED,
 * MUSTER_EJOURNAL for a refused input …). No effect is delivered again. Returns MUSTER_OK;
 * MUSTER_ENOTFOUND (*out NULL) when the engine has answered no input since it was opened (a
 * journal's recovery is no input; a batch of only comments or blank lines is none);
 * MUSTER_EINVAL for a NULL, or a call from inside the engine's effect callback. */
MUSTER_API int muster_engine_last_outcome(muster_outcome **out, muster_engine *engine);

/* One effect as the host carries it out, with its identity: (seq, index) names it exactly once
 * across the engine's life, restarts included (a journal replays the same seqs), so an outbox
 * keyed on it delivers each effect once however often the host retries. A plain view: the
 * struct is the caller's (muster_outcome_effect) or borrowed for the callback's duration;
 * `json` is borrowed from the outcome (valid until it is freed) or from the callback. */
#define MUSTER_EFFECT_VERSION 1
typedef struct muster_effect {
  uint32_t version;  /* MUSTER_EFFECT_VERSION (set by the library) */
  int32_t kind;      /* MUSTER_EFFECT_* (MUSTER_EFFECT_KIND_UNKNOWN for a kind newer than this header) */
  uint64_t seq;      /* the outcome's seq (its "seq" in JSON): the input's place in the engine's input order */
  uint32_t index;    /* the effect's place in the outcome, from 0 */
  uint32_t count;    /* how many effects the outcome has */
  const char *json;  /* the effect as JSON (docs/events.md): `len` bytes, NUL-terminated in the
                        callback only (muster_outcome_effect points into the outcome's JSON) */
  size_t len;
} muster_effect;

/* Called with each effect (borrowed for the call) while submit/advance runs, on the calling
 * thread, inside the engine's lock (do not call back into the same engine: such a call fails
 * with MUSTER_EINVAL). Return non-zero to stop delivery: the call then returns MUSTER_EUSER (the
 * event still applied; the outcome holds every effect, and effect->index says where delivery
 * stopped). A repeated event id delivers nothing: its effects were delivered when it was first
 * applied (a host that crashed in between finds them with muster_outcome_effect, by seq and
 * index). NULL clears it (and the payload). */
typedef int (*muster_effect_cb)(const muster_effect *effect, void *payload);
MUSTER_API int muster_engine_on_effect(muster_engine *engine, muster_effect_cb cb, void *payload);

/* Queries, as JSON into caller buffers (same buffer rules as muster_validate).
 * incident: {"id","state","grade","jurisdiction","coordinator","commander","headquarters","requests":[…],"orders":[…],"reports_owed":[…],
 *   "flags":[…] (the incident flags set, by id, in the policy's order)}
 * request: {"id","incident","chain","state","step","drafted_by","forces":[…],"awaiting":[…],"due"}
 * order: {"id","incident","request","force","issued_by","state","due"}
 * run: {"id","schedule","answer","state","opened_at","closed_at","calls":[{"organisation","force",
 *   "called_by","state","due","answered_at","silences"}…]}
 * force: {"force","duty","personnel","data_updated","equipment":[{"zh","en","count"}…],"materials":[…],"order","standby"}
 * deadlines: [{"due","kind","incident","request","order","organisation"}…]  (soonest first)
 * Ids are the policy's and registry's; incident ids are strings, as first written in JSON.
 * A missing value is null (no headquarters yet; no due time). Also in the JSON:
 *   incident: "incident_type", "command_jurisdiction", "reported_at", "reported_at_unix";
 *   request: "due_unix", "escalations" (times the current step went up a level);
 *   order: "due_unix" (acknowledgement due, while issued or overdue);
 *   run (a schedule's run, numbered from 1: a roll-call 3.2.2, a drill's report round 3.2.3):
 *   "opened_at_unix", "closed_at_unix" (closed_at null while "state" is "open"; else "closed");
 *   "answer" is the schedule's: "acknowledge" (a roll-call) or "report"; each call (in the order
 *   made, kept after the run closes): "organisation" who answers, "force" the force it is for
 *   (null when the schedule calls the holder of a role), "called_by", "state" (pending, answered,
 *   late, missed, closed), "due" / "due_unix" (its current deadline), "answered_at" /
 *   "answered_at_unix" (null until answered), "silences" (deadlines passed unanswered);
 *   force (the live registry, 3.2.1, 3.2.2: a force of the registry file as force.update events
 *   left it, by its registry id): "duty" available, on_duty_elsewhere, maintenance or stood_down;
 *   "personnel" its head count; "data_updated" its last base-data update or confirmation,
 *   "YYYY-MM-DD" (the registry's date until a force.update dates it; null when neither gives one);
 *   "equipment" and "materials" every item the registry lists for it, in the registry's order,
 *   with its "zh" and "en" names (null for a half the registry leaves out) and its live "count";
 *   "order" the open order it is committed to (a drill's too), "standby" the active warning it
 *   stands by for, by the warning's id as written in JSON (each null when none);
 *   deadlines: "due_unix", "period" (kind "period_end": the period; its organisation is null),
 *   "warning" (kinds "warning_ack": who owes the acknowledgement; "warning_expiry": its issuer),
 *   "run" and "schedule" (kind "schedule_call": the run and its schedule, the organisation owing
 *   the answer; kind "schedule_run": a schedule's next run, "schedule" names it, organisation null),
 *   "chain" (kind "chain_opening": a chain the policy opens some time after an event, not open
 *   yet; the organisation is who would draft it now).
 *   kind is one of request_step, order_ack, review_report, period_end, warning_ack, warning_expiry,
 *   schedule_call, schedule_run, chain_opening.
 * No such incident, request, order, run or force: MUSTER_ENOTFOUND, with *out_len 0 and "" in `out`
 * (an unknown force: "no force 'x' in the registry …" in muster_error_last()).
 * incident_n takes the id as `id_len` bytes (need not be NUL-terminated) and refuses one holding a
 * NUL (MUSTER_EINVAL): read as a C string it would name another incident ("INC-1\0x" is not
 * "INC-1"). incident takes a NUL-terminated id: the same query with strlen(incident_id). force_n
 * and force take a force id (an id of the registry's forces:) the same two ways. */
MUSTER_API int muster_engine_incident_n(char *out, size_t out_cap, size_t *out_len, muster_engine *engine, const char *incident_id,
                                        size_t id_len);
MUSTER_API int muster_engine_incident(char *out, size_t out_cap, size_t *out_len, muster_engine *engine, const char *incident_id);
MUSTER_API int muster_engine_force_n(char *out, size_t out_cap, size_t *out_len, muster_engine *engine, const char *force_id,
                                     size_t id_len);
MUSTER_API int muster_engine_force(char *out, size_t out_cap, size_t *out_len, muster_engine *engine, const char *force_id);
MUSTER_API int muster_engine_request(char *out, size_t out_cap, size_t *out_len, muster_engine *engine, uint32_t request_id);
MUSTER_API int muster_engine_order(char *out, size_t out_cap, size_t *out_len, muster_engine *engine, uint32_t order_id);
MUSTER_API int muster_engine_run(char *out, size_t out_cap, size_t *out_len, muster_engine *engine, uint32_t run_id);
/* How many schedule runs have opened so far into *out (caller-owned): runs are numbered 1 … *out. */
MUSTER_API int muster_engine_run_count(uint32_t *out, muster_engine *engine);
MUSTER_API int muster_engine_deadlines(char *out, size_t out_cap, size_t *out_len, muster_engine *engine);
/* Worklists (same buffer rules; each a JSON array, [] when empty; the engine's lock is held
 * while it is read, so the list is one consistent moment).
 * worklist: what organisation `organisation` (`organisation_len` bytes, an id of the policy's
 * organisations:, need not be NUL-terminated) must answer, and by when:
 *   [{"due","due_unix","kind","overdue","incident","request","chain","step","order","force","warning","run","schedule"}…]
 * kind: "approve", "consent", "acknowledge", "submit" (the request's current step, addressed to
 * it; a per-force step gives one item per force it answers for, "force" naming it), "order_ack"
 * (an order to one of its forces, issued or overdue), "review_report" (an after-action report
 * it owes), "warning_ack" (a warning it was asked to acknowledge, "force" set when it was
 * pushed on for that force), "schedule_answer" (a call of run "run" of schedule "schedule" it has
 * not answered, with schedule.answer; "force" set when the schedule calls forces). "overdue": the
 * due time has passed and the answer is still owed (a late answer still counts). Ordered by due time, then kind in the order above, incident,
 * request, order, warning, run, force: the same engine state gives the same bytes.
 * An unknown organisation is MUSTER_ENOTFOUND ("no organisation 'x' in the policy …" in
 * muster_error_last(), *out_len 0, "" in `out`); organisation NULL, or holding a NUL, is
 * MUSTER_EINVAL.
 * open_incidents: every incident not closed (under review included), in the order reported, each
 * as muster_engine_incident gives it. open_requests: every request drafted, awaiting or approved
 * (not yet executed, rejected, withdrawn, expired or failed), by id, each as muster_engine_request.
 * open_orders: every order not declined or released, by id, each as muster_engine_order. */
MUSTER_API int muster_engine_worklist(char *out, size_t out_cap, size_t *out_len, muster_engine *engine, const char *organisation,
                                      size_t organisation_len);
MUSTER_API int muster_engine_open_incidents(char *out, size_t out_cap, size_t *out_len, muster_engine *engine);
MUSTER_API int muster_engine_open_requests(char *out, size_t out_cap, size_t *out_len, muster_engine *engine);
MUSTER_API int muster_engine_open_orders(char *out, size_t out_cap, size_t *out_len, muster_engine *engine);
/* When the engine's earliest pending timer fires (seconds since the epoch) into *out
 * (caller-owned): sleep until then and call muster_engine_advance(…, *out) — or submit the next
 * event, whichever comes first — then ask again (an input may add, move or cancel timers).
 * Timers made stale by an answer are no wake-up. MUSTER_OK with the time; MUSTER_ENOTFOUND
 * when no timer is pending (*out is INT64_MAX: nothing happens until the next input; the last
 * error says so); MUSTER_EINVAL for a NULL (*out INT64_MAX when out is not NULL). */
MUSTER_API int muster_engine_next_due(int64_t *out, muster_engine *engine);
/* The engine's state digest: 64 hex characters and a NUL into `out` (out_cap >= 65, else
 * MUSTER_EBUFSIZE with "" in `out`). */
MUSTER_API int muster_engine_state_digest(char *out, size_t out_cap, muster_engine *engine);
/* Writes (waiting for the journal's queue) and syncs every journal record so far, in any
 * durability mode: every outcome returned before is then durable. MUSTER_OK without a journal.
 * MUSTER_EJOURNAL when a write or sync failed: the engine then stops accepting events (reopen
 * to recover). */
MUSTER_API int muster_engine_flush(muster_engine *engine);
/* Takes a snapshot now (docs/journal.md "Snapshots"): the state after every input so far, in
 * the file "<journal>.snapshot-<seq>" beside a journal file (for a PostgreSQL journal, the row
 * "snapshot-<seq>" of the table muster_journal_snapshots, beside the partition's records), and a
 * `snapshot` record holding its SHA-256, synced. Reopening then replays only what comes after
 * it. MUSTER_EINVAL in memory (nothing changes); MUSTER_EJOURNAL when the snapshot or the record
 * cannot be written (the snapshot alone: the engine goes on, unless another writer has opened
 * the partition since; the record: it stops, as after any journal failure). */
MUSTER_API int muster_engine_snapshot(muster_engine *engine);
/* Reports a failure of the journal's thread (MUSTER_EJOURNAL), else MUSTER_OK. The journal's
 * thread syncs a batch that has waited batch_interval_us by itself, idle or not. */
MUSTER_API int muster_engine_flush_if_due(muster_engine *engine);
/* Where the journal stands (both out-parameters are caller-owned): *out_next is the seq its next record gets (the records of every input
 * so far lie below it), *out_durable the first seq not yet synced (records below it survive a crash
 * of the machine). Waits for the journal's queue to be written first, so the answer is settled.
 * An input is durable once *out_durable reaches the *out_next read right after it. Both 0 without
 * a journal. MUSTER_EJOURNAL (both still set) when the journal's thread failed. */
MUSTER_API int muster_engine_journal_seq(uint64_t *out_next, uint64_t *out_durable, muster_engine *engine);
/* What opening the journal found and did. A plain value the caller owns: set out->version to
 * MUSTER_RECOVERY_VERSION first; the library fills the fields of that version and never writes
 * past them (a program built against version 1 passes the smaller struct). */
#define MUSTER_RECOVERY_VERSION 3
typedef struct muster_recovery {
  uint32_t version;           /* MUSTER_RECOVERY_VERSION, set by the caller */
  int32_t created;            /* 1: there was no journal, a new one was created; 0: one was found */
  uint64_t records;           /* verified records read, header included (0 when created) */
  uint64_t events_replayed;   /* event records replayed: accepted, rejected, repeated, clock advances */
  uint64_t bytes_cut;         /* an incomplete last line (a write a crash cut short), dropped */
  uint64_t records_restored;  /* outcome records of the last event the disk lacked, re-appended */
  muster_journal_head head;   /* the last record on the disk after recovery: keep it (expected_head) */
  /* Version 2. 1: the bytes cut start at a record broken by a hole of zeros past the expected
   * head (a power cut kept later pages of unsynced writes and lost earlier ones); the inputs
   * whose outcomes were provisional must be submitted again. */
  int32_t torn_hole;
  /* Version 2. 1: the registry given differs from the one the journal last ran under; the
   * engine moved to it after replaying, and the journal records the change. */
  int32_t registry_replaced;
  /* Version 3. The journal record of the snapshot opening started from (its state loaded, only
   * the records after it replayed); 0: the whole journal was replayed. */
  uint64_t snapshot_seq;
} muster_recovery;
/* Fills *out (caller-owned, out->version set) with what opening `engine`'s journal found. All
 * zero without a journal. MUSTER_EINVAL for a NULL or an unknown out->version. */
MUSTER_API int muster_engine_recovery(muster_recovery *out, muster_engine *engine);
/* Why opening passed over snapshots (files; rows of a PostgreSQL partition), as text into the
 * caller's buffer (out, out_cap, *out_len as for the JSON queries; MUSTER_EBUFSIZE with *out_len
 * the size needed): each one with the check it failed, e.g.
 * "journal.snapshot-00000000000000000042: its bytes are not those its journal record hashed
 * (damaged or replaced)" or "partition 'county-371002' snapshot-00000000000000000042: …". ""
 * when none was passed over (or without a journal). */
MUSTER_API int muster_engine_snapshot_note(char *out, size_t out_cap, size_t *out_len, muster_engine *engine);
/* The last record of `engine`'s journal known to be on the disk (synced), into *out
 * (caller-owned): give it back as muster_options.expected_head when reopening. Waits for the
 * journal's queue first. With NONE durability only flushes sync. MUSTER_EINVAL without a journal
 * (or a NULL); MUSTER_EJOURNAL when the journal's thread failed. */
MUSTER_API int muster_engine_journal_head(muster_journal_head *out, muster_engine *engine);
/* The engine's clock (seconds since the epoch) into *out (caller-owned); INT64_MIN before its first input. */
MUSTER_API int muster_engine_now(int64_t *out, muster_engine *engine);

/* Outcomes. All accessors accept NULL and then return 0 / MUSTER_EINVAL / "" (setting the
 * error); when they succeed they leave muster_error_last() as it was. */
MUSTER_API void muster_outcome_free(muster_outcome *outcome);
MUSTER_API int muster_outcome_accepted(const muster_outcome *outcome);           /* 1 or 0 */
MUSTER_API size_t muster_outcome_effect_count(const muster_outcome *outcome);
/* What muster_engine_submit / _advance returned for this outcome, or muster_batch_status for a
 * batch's: MUSTER_OK, MUSTER_EREJECTED, MUSTER_EMALFORMED or MUSTER_EJOURNAL (never MUSTER_EUSER:
 * a stopped delivery is the call's, not the outcome's). MUSTER_EINVAL for NULL. */
MUSTER_API int muster_outcome_status(const muster_outcome *outcome);
/* The outcome's seq (its "seq" in JSON; 0 for NULL and for a malformed input, which has none). */
MUSTER_API uint64_t muster_outcome_seq(const muster_outcome *outcome);
/* The rejection reason (MUSTER_REJECTION_*): MUSTER_REJECTION_NONE when accepted;
 * MUSTER_REJECTION_UNKNOWN for NULL. */
MUSTER_API int32_t muster_outcome_reason(const muster_outcome *outcome);
/* Effect `index` (0 … effect_count - 1; beyond: MUSTER_EINVAL) with its identity into *out
 * (caller-owned; the library sets every field; out->json points into the outcome's JSON, is
 * out->len bytes and NOT NUL-terminated, and is valid until the outcome is freed). */
MUSTER_API int muster_outcome_effect(muster_effect *out, const muster_outcome *outcome, size_t index);
/* Why the outcome is not MUSTER_OK, as muster_error_last() said right after the call:
 * "muster_engine_submit: rejected: unknown_incident: no incident NOPE",
 * "muster_engine_submit: malformed event: 1:1: at: required by incident.report but missing".
 * "" when accepted. Never NULL; owned by the outcome, valid until it (or its batch) is freed. */
MUSTER_API const char *muster_outcome_error(const muster_outcome *outcome);
/* The whole outcome ({"seq","accepted","duplicate","rejection"?,"effects":[…]}) or one effect
 * (index 0 … effect_count - 1; beyond: MUSTER_EINVAL). A malformed event's rejection detail is
 * "line:column: path: message", e.g. "1:120: grade: …". */
MUSTER_API int muster_outcome_json(char *out, size_t out_cap, size_t *out_len, const muster_outcome *outcome);
MUSTER_API int muster_outcome_effect_json(char *out, size_t out_cap, size_t *out_len, const muster_outcome *outcome, size_t index);

/* Batches. NULL is accepted by free (ignored) and count (0). */
MUSTER_API void muster_batch_free(muster_batch *batch);
MUSTER_API size_t muster_batch_count(const muster_batch *batch); /* outcomes: one per event line */
/* Borrows outcome `index` (0 … count - 1, in line order; beyond: MUSTER_EINVAL) into *out: read it
 * with the muster_outcome_* accessors until the batch is freed; it is the batch's, so
 * muster_outcome_free ignores it. */
MUSTER_API int muster_batch_outcome(const muster_outcome **out, const muster_batch *batch, size_t index);
/* What muster_engine_submit would have returned for line `index`'s event (MUSTER_EINVAL beyond). */
MUSTER_API int muster_batch_status(const muster_batch *batch, size_t index);

/* CAP 1.2 (docs/warnings.md, "CAP 1.2"). Reads the OASIS CAP 1.2 alert in `xml` (`xml_len` bytes,
 * borrowed for the call; need not be NUL-terminated, and a NUL inside it is refused, not read as
 * its end) as the warning event it means under `engine`'s policy, and writes
 * {"ok":bool,"event":{…}|null,"diagnostics":[{"severity","code","file","line","column","offset"?,
 * "message","hint"}…]} into `out` (buffer rules as muster_validate). "event" is the
 * warning.issue / .update / .cancel to pass to muster_engine_submit (this submits nothing); the
 * diagnostics name the input "alert" and locate each problem in it. `actor` (NUL-terminated,
 * borrowed; may be NULL): the policy organisation the alert comes from; NULL: the one whose id is
 * the sender's part before '@'. Returns MUSTER_OK (warnings may accompany the event),
 * MUSTER_EMALFORMED (the alert is refused: not CAP 1.2, hostile — a DOCTYPE, over 1 MiB, nested
 * over 16 levels, not UTF-8 — or naming no hazard, level or jurisdiction of the policy, or an
 * unknown actor; "event" is null, every problem is in the diagnostics and the first in
 * muster_error_last()), MUSTER_EBUFSIZE or MUSTER_EINVAL (engine NULL, xml NULL with xml_len > 0,
 * the buffer rules). Thread-safe as the engine's other calls; not from inside its effect callback. */
MUSTER_API int muster_cap_import(char *out, size_t out_cap, size_t *out_len, muster_engine *engine, const char *xml,
                                 size_t xml_len, const char *actor);

/* Scorecards for supervision (5.1, docs/report.md): how each jurisdiction and force answered
 * in the journal at `journal_path` — orders acknowledged (p50/p90 latency), declined and overdue;
 * roll-calls, warnings, after-action reports and drill reports on time, late or missed; drills
 * held; claims settled and in how long — as the JSON of `muster report --format json`, into
 * `out` (buffer rules as muster_validate; each call reads the journal again). The journal is
 * verified first as opening it would (hash chain, the policy and registry it is pinned to, the
 * replay of every event), read without being changed or locked. Paths are NUL-terminated and
 * borrowed. `options_json` (`options_len` bytes, need not be NUL-terminated; NULL with 0 for
 * none) is an object with, each optional, "from" and "to" (RFC 3339 with its offset, or seconds:
 * count what started in [from, to)) and "by" ("jurisdiction" or "force": that grouping only).
 * Returns MUSTER_OK, MUSTER_EPOLICY (the policy or registry does not compile: the first error in
 * muster_error_last()), MUSTER_EJOURNAL (the journal cannot be read or does not verify:
 * muster_error_last() names the record, "<path>:<line>: journal-damaged: record 35 …"),
 * MUSTER_EINVAL (a NULL, options_json not an object, an unknown option, a bad time, "from" not
 * before "to", the buffer rules) or MUSTER_EBUFSIZE. */
MUSTER_API int muster_report(char *out, size_t out_cap, size_t *out_len, const char *policy_path, const char *forces_path,
                             const char *journal_path, const char *options_json, size_t options_len);

/* What muster_journal_compact did. A plain value the caller owns: set out->version to
 * MUSTER_COMPACT_REPORT_VERSION first; the library fills the fields of that version and never
 * writes past them. */
#define MUSTER_COMPACT_REPORT_VERSION 1
typedef struct muster_compact_report {
  uint32_t version;         /* MUSTER_COMPACT_REPORT_VERSION, set by the caller */
  uint64_t snapshot_seq;    /* the journal record of the snapshot the journal opens from */
  uint64_t first_seq;       /* the journal's first record now (records before it are archived);
                               0: none ever was */
  uint64_t archived;        /* segments this call moved to the archive directory (0: nothing to archive) */
  uint64_t archived_bytes;  /* their size */
} muster_compact_report;

/* Archives the sealed segments of the journal file at `journal_path` (muster_options.
 * segment_bytes) that lie wholly before the newest snapshot it opens from (muster_engine_snapshot,
 * snapshot_every): they move into `archive_dir`, created when missing, on the journal's file
 * system (NULL or "": "<journal_path>.archive"), and the journal then starts at the `segment`
 * record of the first segment kept (docs/journal.md "Segments"). Reopening starts from the
 * snapshot as before; a full replay (or muster_report) needs the archived segments put back. The
 * journal is opened with `rules` (borrowed; the policy and registry it was written under) to prove
 * that snapshot loads and the records after it replay, so it must be closed: no engine may hold
 * it. Afterwards it is read again; if it does not verify, the segments are put back. Paths are
 * NUL-terminated and borrowed. *out (caller-owned, out->version set) receives the figures; nothing
 * to archive is MUSTER_OK with out->archived 0. On failure nothing was archived (out->archived and
 * out->archived_bytes 0): MUSTER_EINVAL (a NULL, an unknown out->version, an empty journal_path, a
 * PostgreSQL partition — it does not rotate —, or no snapshot opens the journal: take one first),
 * MUSTER_EJOURNAL (the journal is open — journal_locked: "… is in use (locked by another session
 * or process)" —, missing, damaged or pinned to other rules; a segment could not be moved, e.g.
 * to another file system), MUSTER_EPOLICY (`rules` cannot follow the journal's registry).
 * muster_error_last() says which, after "muster_journal_compact: ". */
MUSTER_API int muster_journal_compact(muster_compact_report *out, const muster_rules *rules, const char *journal_path,
                                      const char *archive_dir);

MUSTER_END_DECL

#endif /* MUSTER_H */
