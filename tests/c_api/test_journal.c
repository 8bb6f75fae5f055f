/* Engines with a journal: reopening recovers the same state; the journal's lock, pinning and damage. */
#define _POSIX_C_SOURCE 200809L /* truncate */
#include "harness.h"
#include "support.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static muster_engine *open_journal(const char *policy, const char *journal, int want) {
  muster_options o = MUSTER_OPTIONS_INIT;
  o.journal_path = journal;
  o.durability = MUSTER_DURABILITY_NONE;
  muster_engine *e = NULL;
  CHECK_RC(muster_engine_open(&e, policy, FORCES_PATH, &o), want);
  CHECK((e != NULL) == (want == MUSTER_OK));
  return e;
}

static void flush_syncs_the_batch(void) {
  char *dir = make_temp_dir();
  char journal[4096];
  snprintf(journal, sizeof journal, "%s/weihai.journal", dir);
  muster_options o = MUSTER_OPTIONS_INIT; /* BATCH: 256 records per fsync */
  o.journal_path = journal;
  /* Or after batch_interval_us: 10 ms by default, which a loaded machine (or a sanitizer build)
   * can take between the submit and the check below. An hour: only the flush syncs here. */
  o.batch_interval_us = 3600u * 1000000u;
  muster_engine *e = NULL;
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, &o), MUSTER_OK);
  char ev[512];
  muster_outcome *out = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK);
  muster_outcome_free(out);
  /* The outcome is provisional: its records (the event and its effects) are not synced yet. */
  uint64_t next = 0, durable = 0;
  CHECK_RC(muster_engine_journal_seq(&next, &durable, e), MUSTER_OK);
  CHECK(next > 2);
  CHECK(durable == 1); /* the header, synced when the journal was created */
  CHECK_RC(muster_engine_flush(e), MUSTER_OK);
  CHECK_RC(muster_engine_journal_seq(&next, &durable, e), MUSTER_OK);
  CHECK(durable == next);
  CHECK_RC(muster_engine_journal_seq(NULL, &durable, e), MUSTER_EINVAL);
  CHECK_RC(muster_engine_journal_seq(&next, &durable, NULL), MUSTER_EINVAL);
  CHECK_RC(muster_engine_flush_if_due(e), MUSTER_OK);
  CHECK_RC(muster_engine_flush(NULL), MUSTER_EINVAL);
  CHECK_RC(muster_engine_flush_if_due(NULL), MUSTER_EINVAL);
  CHECK(strlen(muster_error_last()) > 0);
  muster_engine_close(e);

  /* Without a journal there is nothing to sync. */
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, NULL), MUSTER_OK);
  CHECK_RC(muster_engine_flush(e), MUSTER_OK);
  CHECK_RC(muster_engine_journal_seq(&next, &durable, e), MUSTER_OK);
  CHECK(next == 0 && durable == 0);
  muster_engine_close(e);
  remove_temp_dir(dir);
}

static void reopen_recovers_the_same_state(void) {
  char *dir = make_temp_dir();
  char journal[4096];
  snprintf(journal, sizeof journal, "%s/weihai.journal", dir);
  muster_engine *e = open_journal(POLICY_PATH, journal, MUSTER_OK);
  char ev[512], first_outcome_of_e3[8192] = "";
  muster_outcome *o;
  o = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK);
  muster_outcome_free(o);
  o = SUBMIT(e, ev_draft(ev, sizeof ev, "e2", "INC-1", "wendeng", 1), MUSTER_OK);
  muster_outcome_free(o);
  o = SUBMIT(e, ev_approve(ev, sizeof ev, "e3", "wendeng", 1, 2), MUSTER_OK);
  size_t len = 0;
  CHECK_RC(muster_outcome_json(first_outcome_of_e3, sizeof first_outcome_of_e3, &len, o), MUSTER_OK);
  muster_outcome_free(o);
  o = SUBMIT(e, "not json", MUSTER_EMALFORMED); /* recorded too, and skipped on replay */
  muster_outcome_free(o);
  o = NULL;
  CHECK_RC(muster_engine_advance(&o, e, T0 + 3600), MUSTER_OK);
  muster_outcome_free(o);
  char before[65];
  CHECK_RC(muster_engine_state_digest(before, sizeof before, e), MUSTER_OK);
  int64_t now_before = 0;
  CHECK_RC(muster_engine_now(&now_before, e), MUSTER_OK);
  muster_engine_close(e);

  e = open_journal(POLICY_PATH, journal, MUSTER_OK);
  char after[65];
  CHECK_RC(muster_engine_state_digest(after, sizeof after, e), MUSTER_OK);
  CHECK(strcmp(before, after) == 0);
  int64_t now_after = 0;
  CHECK_RC(muster_engine_now(&now_after, e), MUSTER_OK);
  CHECK(now_after == now_before);
  /* The incident is found by its name after recovery. */
  int rc = 0;
  char *inc = incident_text(e, "INC-1", &rc);
  CHECK(rc == MUSTER_OK && contains(inc, "\"orders\":[1]"));
  free(inc);
  /* A repeated event after the restart: the first outcome, marked as a repeat. */
  o = SUBMIT(e, ev_approve(ev, sizeof ev, "e3", "wendeng", 1, 2), MUSTER_OK);
  char *again = outcome_text(o);
  CHECK(contains(again, "\"duplicate\":true"));
  CHECK(json_int(again, "seq") == json_int(first_outcome_of_e3, "seq"));
  const char *fx = strstr(first_outcome_of_e3, "\"effects\":"), *ax = again ? strstr(again, "\"effects\":") : NULL;
  CHECK(fx != NULL && ax != NULL && strcmp(fx, ax) == 0);
  free(again);
  muster_outcome_free(o);
  muster_engine_close(e);

  /* Open and close again: nothing lost, nothing added. */
  e = open_journal(POLICY_PATH, journal, MUSTER_OK);
  CHECK_RC(muster_engine_state_digest(after, sizeof after, e), MUSTER_OK);
  CHECK(strcmp(before, after) == 0);
  muster_engine_close(e);
  remove_temp_dir(dir);
}

static void one_journal_one_engine(void) {
  char *dir = make_temp_dir();
  char journal[4096];
  snprintf(journal, sizeof journal, "%s/weihai.journal", dir);
  muster_engine *e = open_journal(POLICY_PATH, journal, MUSTER_OK);
  /* A second engine on the same journal while the first holds it: refused. */
  muster_engine *f = open_journal(POLICY_PATH, journal, MUSTER_EJOURNAL);
  CHECK(f == NULL);
  CHECK(contains(muster_error_last(), "muster_engine_open: refusing to start: "));
  CHECK(contains(muster_error_last(), "in use (locked by another session or process)"));
  muster_engine_close(e);
  /* Free again once the first is closed. */
  f = open_journal(POLICY_PATH, journal, MUSTER_OK);
  muster_engine_close(f);
  remove_temp_dir(dir);
}

static void journal_is_pinned_to_its_policy(void) {
  char *dir = make_temp_dir();
  char journal[4096], other[4096];
  snprintf(journal, sizeof journal, "%s/weihai.journal", dir);
  snprintf(other, sizeof other, "%s/weihai-edited.yaml", dir);
  CHECK(copy_file(POLICY_PATH, other, "\n# an edit: another policy digest\n") == 0);
  muster_engine *e = open_journal(POLICY_PATH, journal, MUSTER_OK);
  char ev[512];
  muster_outcome *o = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK);
  muster_outcome_free(o);
  muster_engine_close(e);
  e = open_journal(other, journal, MUSTER_EJOURNAL);
  CHECK(contains(muster_error_last(), "journal-policy-mismatch"));
  remove_temp_dir(dir);
}

static void damaged_journal_is_refused(void) {
  char *dir = make_temp_dir();
  char journal[4096];
  snprintf(journal, sizeof journal, "%s/weihai.journal", dir);
  muster_engine *e = open_journal(POLICY_PATH, journal, MUSTER_OK);
  char ev[512];
  muster_outcome *o = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK);
  muster_outcome_free(o);
  o = SUBMIT(e, ev_report(ev, sizeof ev, "e2", "INC-2", "rushan", 0), MUSTER_OK);
  muster_outcome_free(o);
  muster_engine_close(e);
  /* Flip one byte a third into the file (a complete record, not the torn tail). */
  CHECK(flip_byte(journal, 1, 3) == 0);
  e = open_journal(POLICY_PATH, journal, MUSTER_EJOURNAL);
  CHECK(contains(muster_error_last(), journal));  /* where: the journal's path and line */
  CHECK(contains(muster_error_last(), ": journal-damaged: record "));
  remove_temp_dir(dir);
}

/* Writes `from` to `to` with the first `what` replaced by `with`. */
static int copy_replacing(const char *from, const char *to, const char *what, const char *with) {
  FILE *in = fopen(from, "rb");
  if (in == NULL) return -1;
  static char text[1 << 20];
  const size_t n = fread(text, 1, sizeof text - 1, in);
  fclose(in);
  text[n] = '\0';
  char *at = strstr(text, what);
  if (at == NULL) return -1;
  FILE *out = fopen(to, "wb");
  if (out == NULL) return -1;
  fwrite(text, 1, (size_t)(at - text), out);
  fputs(with, out);
  fputs(at + strlen(what), out);
  return fclose(out) == 0 ? 0 : -1;
}

/* A registry edited so that a force the journal knows is gone: the registry's fault, not the
 * journal's (MUSTER_EPOLICY, the C code of registry_conflict), naming the force. */
static void an_edited_registry_that_drops_a_known_force_is_a_policy_error(void) {
  char *dir = make_temp_dir();
  char journal[4096], renamed[4096];
  snprintf(journal, sizeof journal, "%s/weihai.journal", dir);
  snprintf(renamed, sizeof renamed, "%s/weihai-forces-renamed.yaml", dir);
  CHECK(copy_replacing(FORCES_PATH, renamed, "  - id: weihai_fire_special_service\n", "  - id: weihai_fire_special_services\n") == 0);
  muster_engine *e = open_journal(POLICY_PATH, journal, MUSTER_OK);
  char ev[512];
  muster_outcome *o = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK);
  muster_outcome_free(o);
  muster_engine_close(e);
  muster_options opts = MUSTER_OPTIONS_INIT;
  opts.journal_path = journal;
  e = NULL;
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, renamed, &opts), MUSTER_EPOLICY);
  CHECK(e == NULL);
  CHECK(contains(muster_error_last(), "journal-registry-edit"));
  CHECK(contains(muster_error_last(), "force weihai_fire_special_service is no longer at position 1"));
  /* The journal is left as it was: the original registry opens it. */
  e = open_journal(POLICY_PATH, journal, MUSTER_OK);
  muster_engine_close(e);
  remove_temp_dir(dir);
}

static void unwritable_journal(void) {
  muster_engine *e = open_journal(POLICY_PATH, "/nonexistent-dir/for/sure/weihai.journal", MUSTER_EJOURNAL);
  CHECK(e == NULL);
}

/* Version 2's queue_bytes: a queue of one byte holds one input at a time (one always fits), so
 * every submit waits for the journal's thread; nothing is lost and the journal is the same. */
static void a_tiny_queue_loses_nothing(void) {
  char *dir = make_temp_dir();
  char journal[4096];
  snprintf(journal, sizeof journal, "%s/weihai.journal", dir);
  muster_options o = MUSTER_OPTIONS_INIT;
  CHECK(o.version == 5 && o.queue_bytes == 0 && o.segment_bytes == 0); /* 0: the default, 4 MiB; never rotate */
  o.journal_path = journal;
  o.durability = MUSTER_DURABILITY_NONE;
  o.queue_bytes = 1;
  muster_engine *e = NULL;
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, &o), MUSTER_OK);
  char ev[512], id[32], inc[32];
  for (int i = 0; i < 50; ++i) {
    snprintf(id, sizeof id, "e%d", i);
    snprintf(inc, sizeof inc, "INC-%d", i);
    muster_outcome_free(SUBMIT(e, ev_report(ev, sizeof ev, id, inc, "wendeng", 0), MUSTER_OK));
  }
  char before[65], after[65];
  CHECK_RC(muster_engine_state_digest(before, sizeof before, e), MUSTER_OK);
  muster_engine_close(e);
  e = open_journal(POLICY_PATH, journal, MUSTER_OK);
  CHECK_RC(muster_engine_state_digest(after, sizeof after, e), MUSTER_OK);
  CHECK(strcmp(before, after) == 0);
  muster_engine_close(e);
  remove_temp_dir(dir);
}

/* A program built against version 1 of muster_options (no queue_bytes) still opens engines: only
 * the fields of the version the struct says it is are read. */
struct options_v1 {
  uint32_t version;
  const char *journal_path;
  int32_t durability;
  uint32_t batch_size;
  uint32_t batch_interval_us;
};

static void version_1_options_still_open(void) {
  char *dir = make_temp_dir();
  char journal[4096];
  snprintf(journal, sizeof journal, "%s/weihai.journal", dir);
  struct options_v1 *v1 = malloc(sizeof *v1); /* exactly a version 1 struct: reading past it is a bug ASan sees */
  v1->version = 1;
  v1->journal_path = journal;
  v1->durability = MUSTER_DURABILITY_EVERY_EVENT;
  v1->batch_size = 1;
  v1->batch_interval_us = 0;
  muster_engine *e = NULL;
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, (const muster_options *)(const void *)v1), MUSTER_OK);
  char ev[512];
  muster_outcome_free(SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK));
  uint64_t next = 0, durable = 0;
  CHECK_RC(muster_engine_journal_seq(&next, &durable, e), MUSTER_OK);
  CHECK(next > 2 && durable == next); /* every_event, as version 1 asked */
  muster_engine_close(e);
  free(v1);
  muster_options v6 = MUSTER_OPTIONS_INIT;
  v6.version = 6;
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, &v6), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "reads versions 1 to 5"));
  remove_temp_dir(dir);
}

/* Version 2 of muster_options (queue_bytes, no expected_head) still opens engines, reading
 * nothing past queue_bytes. */
struct options_v2 {
  uint32_t version;
  const char *journal_path;
  int32_t durability;
  uint32_t batch_size;
  uint32_t batch_interval_us;
  uint64_t queue_bytes;
};

static void version_2_options_still_open(void) {
  char *dir = make_temp_dir();
  char journal[4096];
  snprintf(journal, sizeof journal, "%s/weihai.journal", dir);
  struct options_v2 *v2 = malloc(sizeof *v2); /* exactly a version 2 struct: reading past it is a bug ASan sees */
  v2->version = 2;
  v2->journal_path = journal;
  v2->durability = MUSTER_DURABILITY_NONE;
  v2->batch_size = 1;
  v2->batch_interval_us = 0;
  v2->queue_bytes = 1;
  muster_engine *e = NULL;
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, (const muster_options *)(const void *)v2), MUSTER_OK);
  char ev[512];
  muster_outcome_free(SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK));
  muster_engine_close(e);
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, (const muster_options *)(const void *)v2), MUSTER_OK);
  muster_engine_close(e);
  free(v2);
  remove_temp_dir(dir);
}

/* Exactly a version 3 options struct (before snapshot_every), and a version 2 recovery struct
 * (before snapshot_seq): reading or writing past either is a bug ASan sees. */
struct options_v3 {
  struct options_v2 v2; /* the same fields, then: */
  const muster_journal_head *expected_head;
  int64_t max_clock_step;
};
struct recovery_v2 {
  uint32_t version;
  int32_t created;
  uint64_t records, events_replayed, bytes_cut, records_restored;
  muster_journal_head head;
  int32_t torn_hole, registry_replaced;
};

/* Snapshots (docs/journal.md "Snapshots"): taken on demand or every N inputs; reopening starts
 * from the newest and replays only what follows it; in memory there are none. */
static void snapshots_shorten_reopening(void) {
  char *dir = make_temp_dir();
  char journal[4096];
  snprintf(journal, sizeof journal, "%s/weihai.journal", dir);
  muster_options o = MUSTER_OPTIONS_INIT;
  o.journal_path = journal;
  o.durability = MUSTER_DURABILITY_NONE;
  o.snapshot_every = 2;
  o.snapshots_kept = 1;
  muster_engine *e = NULL;
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, &o), MUSTER_OK);
  char ev[512];
  muster_outcome_free(SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK));
  muster_outcome_free(SUBMIT(e, ev_draft(ev, sizeof ev, "e2", "INC-1", "wendeng", 1), MUSTER_OK)); /* a snapshot: 2 inputs */
  muster_outcome_free(SUBMIT(e, ev_approve(ev, sizeof ev, "e3", "wendeng", 1, 2), MUSTER_OK));
  char before[65];
  CHECK_RC(muster_engine_state_digest(before, sizeof before, e), MUSTER_OK);
  muster_engine_close(e);

  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, &o), MUSTER_OK);
  muster_recovery r;
  memset(&r, 0, sizeof r);
  r.version = MUSTER_RECOVERY_VERSION;
  CHECK_RC(muster_engine_recovery(&r, e), MUSTER_OK);
  CHECK(r.snapshot_seq > 0);
  CHECK(r.events_replayed == 1); /* e3 only */
  char after[65];
  CHECK_RC(muster_engine_state_digest(after, sizeof after, e), MUSTER_OK);
  CHECK(strcmp(before, after) == 0);
  CHECK_RC(muster_engine_snapshot(e), MUSTER_OK); /* now: nothing left to replay */
  struct recovery_v2 *r2 = malloc(sizeof *r2);
  r2->version = 2;
  CHECK_RC(muster_engine_recovery((muster_recovery *)(void *)r2, e), MUSTER_OK);
  CHECK(r2->events_replayed == 1);
  free(r2);
  muster_engine_close(e);

  /* A version 3 struct opens the same journal (from its snapshot: that is the default). */
  struct options_v3 *v3 = malloc(sizeof *v3);
  v3->v2.version = 3;
  v3->v2.journal_path = journal;
  v3->v2.durability = MUSTER_DURABILITY_NONE;
  v3->v2.batch_size = 1;
  v3->v2.batch_interval_us = 0;
  v3->v2.queue_bytes = 0;
  v3->expected_head = NULL;
  v3->max_clock_step = MUSTER_CLOCK_STEP_POLICY;
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, (const muster_options *)(const void *)v3), MUSTER_OK);
  CHECK_RC(muster_engine_recovery(&r, e), MUSTER_OK);
  CHECK(r.snapshot_seq > 0 && r.events_replayed == 0);
  CHECK_RC(muster_engine_state_digest(after, sizeof after, e), MUSTER_OK);
  CHECK(strcmp(before, after) == 0);
  char note[256];
  size_t note_len = 99;
  CHECK_RC(muster_engine_snapshot_note(note, sizeof note, &note_len, e), MUSTER_OK); /* no file passed over */
  CHECK(note_len == 0 && note[0] == '\0');
  CHECK_RC(muster_engine_snapshot_note(NULL, 0, &note_len, e), MUSTER_EBUFSIZE); /* the size query: 0 + the NUL */
  CHECK(note_len == 0);
  CHECK_RC(muster_engine_snapshot_note(note, sizeof note, NULL, e), MUSTER_EINVAL);
  CHECK_RC(muster_engine_snapshot_note(note, sizeof note, &note_len, NULL), MUSTER_EINVAL);
  muster_engine_close(e);
  free(v3);

  /* In memory: none, and nothing changes. */
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, NULL), MUSTER_OK);
  CHECK_RC(muster_engine_snapshot(e), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "muster_engine_snapshot: snapshot: a session in memory keeps no snapshots"));
  muster_engine_close(e);
  CHECK_RC(muster_engine_snapshot(NULL), MUSTER_EINVAL);
  remove_temp_dir(dir);
}

static muster_engine *open_expecting(const char *journal, const muster_journal_head *head, int want) {
  muster_options o = MUSTER_OPTIONS_INIT;
  o.journal_path = journal;
  o.durability = MUSTER_DURABILITY_EVERY_EVENT;
  o.expected_head = head;
  muster_engine *e = NULL;
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, &o), want);
  return e;
}

/* Keeps the first `bytes` bytes of `path`. */
static void cut_file(const char *path, long bytes) { CHECK(truncate(path, bytes) == 0); }

static long file_size(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return -1;
  fseek(f, 0, SEEK_END);
  const long n = ftell(f);
  fclose(f);
  return n;
}

/* The recovery report reaches C hosts; the last durable head they keep refuses a journal cut
 * back (at a record boundary, or inside a record); an empty journal file is never a new one. */
static void recovery_is_reported_and_a_journal_short_of_the_expected_head_is_refused(void) {
  char *dir = make_temp_dir();
  char journal[4096];
  snprintf(journal, sizeof journal, "%s/weihai.journal", dir);
  muster_engine *e = open_expecting(journal, NULL, MUSTER_OK);
  muster_recovery rec;
  memset(&rec, 0xff, sizeof rec);
  rec.version = MUSTER_RECOVERY_VERSION;
  CHECK_RC(muster_engine_recovery(&rec, e), MUSTER_OK);
  CHECK(rec.created == 1 && rec.bytes_cut == 0 && rec.head.seq == 0 && strlen(rec.head.hash) == 64);
  char ev[512];
  muster_outcome_free(SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK));
  const long after_e1 = file_size(journal);
  muster_outcome_free(SUBMIT(e, ev_report(ev, sizeof ev, "e2", "INC-2", "rushan", 0), MUSTER_OK));
  muster_journal_head head;
  CHECK_RC(muster_engine_journal_head(&head, e), MUSTER_OK);
  CHECK(head.seq > 2 && strlen(head.hash) == 64);
  muster_engine_close(e);

  e = open_expecting(journal, &head, MUSTER_OK);
  rec.version = MUSTER_RECOVERY_VERSION;
  CHECK_RC(muster_engine_recovery(&rec, e), MUSTER_OK);
  CHECK(rec.created == 0 && rec.events_replayed == 2 && rec.records == head.seq + 1);
  CHECK(rec.head.seq == head.seq && strcmp(rec.head.hash, head.hash) == 0);
  muster_engine_close(e);

  /* e2's records gone, at a record boundary: refused with the head; without it, it opens short
   * and says how far it goes. */
  cut_file(journal, after_e1);
  CHECK(open_expecting(journal, &head, MUSTER_EJOURNAL) == NULL);
  CHECK(contains(muster_error_last(), "journal-truncated"));
  CHECK(file_size(journal) == after_e1);
  e = open_expecting(journal, NULL, MUSTER_OK);
  rec.version = MUSTER_RECOVERY_VERSION;
  CHECK_RC(muster_engine_recovery(&rec, e), MUSTER_OK);
  CHECK(rec.created == 0 && rec.events_replayed == 1 && rec.head.seq < head.seq);
  muster_engine_close(e);

  /* Inside a record: a torn tail to the journal, but short of the head all the same. */
  cut_file(journal, after_e1 - 20);
  CHECK(open_expecting(journal, &head, MUSTER_EJOURNAL) == NULL);
  CHECK(contains(muster_error_last(), "journal-truncated"));
  e = open_expecting(journal, NULL, MUSTER_OK);
  rec.version = MUSTER_RECOVERY_VERSION;
  CHECK_RC(muster_engine_recovery(&rec, e), MUSTER_OK);
  CHECK(rec.bytes_cut > 0 && rec.records_restored == 1);
  muster_engine_close(e);

  /* Cut to nothing: damage, not a new journal. */
  cut_file(journal, 0);
  CHECK(open_expecting(journal, NULL, MUSTER_EJOURNAL) == NULL);
  CHECK(contains(muster_error_last(), "no complete header"));
  CHECK(file_size(journal) == 0);

  /* Misuse. */
  e = open_memory();
  rec.version = MUSTER_RECOVERY_VERSION;
  CHECK_RC(muster_engine_recovery(&rec, e), MUSTER_OK);
  CHECK(rec.created == 0 && rec.records == 0);
  rec.version = 99;
  CHECK_RC(muster_engine_recovery(&rec, e), MUSTER_EINVAL);
  CHECK_RC(muster_engine_recovery(NULL, e), MUSTER_EINVAL);
  CHECK_RC(muster_engine_journal_head(&head, e), MUSTER_EINVAL); /* no journal */
  CHECK_RC(muster_engine_journal_head(&head, NULL), MUSTER_EINVAL);
  muster_engine_close(e);
  head.hash[3] = 'X';
  CHECK(open_expecting(journal, &head, MUSTER_EINVAL) == NULL);
  CHECK(contains(muster_error_last(), "64 lower-case hex"));
  remove_temp_dir(dir);
}

/* Zeroes `count` bytes of `path` from `offset` (a power cut that lost those pages). */
static void zero_bytes(const char *path, long offset, long count) {
  FILE *f = fopen(path, "r+b");
  CHECK(f != NULL);
  if (f == NULL) return;
  CHECK(fseek(f, offset, SEEK_SET) == 0);
  for (long i = 0; i < count; ++i) fputc(0, f);
  fclose(f);
}

/* Version 2 of muster_recovery: a hole of zeros past the expected head (pages of unsynced
 * writes lost, later ones kept) is cut like a torn tail and reported as such; a version 1
 * caller's smaller struct is filled without a byte written past it. */
static void a_power_cut_hole_is_reported_and_version_1_recovery_still_works(void) {
  char *dir = make_temp_dir();
  char journal[4096];
  snprintf(journal, sizeof journal, "%s/weihai.journal", dir);
  muster_engine *e = open_expecting(journal, NULL, MUSTER_OK);
  char ev[512];
  muster_outcome_free(SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK));
  muster_journal_head head;
  CHECK_RC(muster_engine_journal_head(&head, e), MUSTER_OK);
  const long after_e1 = file_size(journal);
  muster_outcome_free(SUBMIT(e, ev_report(ev, sizeof ev, "e2", "INC-2", "rushan", 0), MUSTER_OK));
  muster_engine_close(e);

  /* e2's first record loses 40 bytes to zeros; its last lines survive after them. */
  zero_bytes(journal, after_e1 + 10, 40);
  e = open_expecting(journal, &head, MUSTER_OK);
  muster_recovery rec;
  memset(&rec, 0xff, sizeof rec);
  rec.version = MUSTER_RECOVERY_VERSION;
  CHECK_RC(muster_engine_recovery(&rec, e), MUSTER_OK);
  CHECK(rec.torn_hole == 1 && rec.registry_replaced == 0);
  CHECK(rec.events_replayed == 1 && rec.bytes_cut > 0 && rec.head.seq == head.seq);
  CHECK(file_size(journal) == after_e1);

  /* A version 1 caller: the fields after `head` are not its own and stay untouched. */
  memset(&rec, 0x5a, sizeof rec);
  rec.version = 1;
  CHECK_RC(muster_engine_recovery(&rec, e), MUSTER_OK);
  CHECK(rec.version == 1 && rec.events_replayed == 1 && rec.bytes_cut > 0);
  CHECK(rec.torn_hole == 0x5a5a5a5a && rec.registry_replaced == 0x5a5a5a5a);
  rec.version = 0;
  CHECK_RC(muster_engine_recovery(&rec, e), MUSTER_EINVAL);
  rec.version = MUSTER_RECOVERY_VERSION + 1;
  CHECK_RC(muster_engine_recovery(&rec, e), MUSTER_EINVAL);
  muster_engine_close(e);
  remove_temp_dir(dir);
}

int main(void) {
  static const struct harness_test tests[] = {
      HARNESS_TEST(a_tiny_queue_loses_nothing),
      HARNESS_TEST(version_1_options_still_open),
      HARNESS_TEST(version_2_options_still_open),
      HARNESS_TEST(recovery_is_reported_and_a_journal_short_of_the_expected_head_is_refused),
      HARNESS_TEST(a_power_cut_hole_is_reported_and_version_1_recovery_still_works),
      HARNESS_TEST(reopen_recovers_the_same_state),
      HARNESS_TEST(one_journal_one_engine),
      HARNESS_TEST(journal_is_pinned_to_its_policy),
      HARNESS_TEST(damaged_journal_is_refused),
      HARNESS_TEST(an_edited_registry_that_drops_a_known_force_is_a_policy_error),
      HARNESS_TEST(unwritable_journal),
      HARNESS_TEST(flush_syncs_the_batch),
      HARNESS_TEST(snapshots_shorten_reopening),
  };
  return harness_run(tests, sizeof tests / sizeof tests[0]);
}
