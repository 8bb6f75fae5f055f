/* Journal segments through the C API (docs/journal.md "Segments"): muster_options.segment_bytes
 * rotates the journal file into sealed segments, and muster_journal_compact archives those
 * behind a snapshot of a closed journal, which then reopens to the same state. */
#define _POSIX_C_SOURCE 200809L /* opendir, rmdir */
#include "harness.h"
#include "support.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define INCIDENT_PATH MUSTER_SOURCE_DIR "/examples/incidents/wendeng-flood.jsonl"

/* The whole file, NUL-terminated (malloc'd; NULL when it cannot be read). */
static char *read_text(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  char *text = NULL;
  if (fseek(f, 0, SEEK_END) == 0) {
    const long size = ftell(f);
    if (size >= 0 && fseek(f, 0, SEEK_SET) == 0 && (text = malloc((size_t)size + 1)) != NULL) {
      if (fread(text, 1, (size_t)size, f) != (size_t)size) {
        free(text);
        text = NULL;
      } else {
        text[size] = '\0';
      }
    }
  }
  fclose(f);
  return text;
}

/* Feeds lines [from, to) of the incident file, one muster_engine_submit_batch each (so each is
 * one input, and a segment can be sealed after any of them); comments and blank lines give no
 * outcome. Every event of the file is accepted. Returns the lines fed. */
static size_t feed_lines(muster_engine *e, const char *text, size_t from, size_t to) {
  size_t line = 0, fed = 0;
  for (const char *p = text; *p != '\0' && line < to; ++line) {
    const char *end = strchr(p, '\n');
    const size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
    if (line >= from) {
      muster_batch *b = NULL;
      CHECK_RC(muster_engine_submit_batch(&b, e, p, len), MUSTER_OK);
      muster_batch_free(b);
      ++fed;
    }
    p += len + (end != NULL ? 1 : 0);
  }
  return fed;
}

static size_t count_lines(const char *text) {
  size_t n = 0;
  for (const char *p = text; *p != '\0'; ++p)
    if (*p == '\n') ++n;
  return n;
}

/* How many entries of `dir` start with `prefix` (-1: it cannot be read). */
static long count_entries(const char *dir, const char *prefix) {
  DIR *d = opendir(dir);
  if (d == NULL) return -1;
  long n = 0;
  struct dirent *ent;
  while ((ent = readdir(d)) != NULL)
    if (strncmp(ent->d_name, prefix, strlen(prefix)) == 0) ++n;
  closedir(d);
  return n;
}

static muster_compact_report new_report(void) {
  muster_compact_report r;
  memset(&r, 0xab, sizeof r); /* the library must set every field */
  r.version = MUSTER_COMPACT_REPORT_VERSION;
  return r;
}

/* The bundled flood incident into 4 KiB segments, a snapshot half-way; closed, compacted (into
 * the default "<journal>.archive"), reopened: the same state, from the same snapshot. */
static void compact_archives_the_segments_behind_the_snapshot(void) {
  char *text = read_text(INCIDENT_PATH);
  CHECK(text != NULL);
  if (text == NULL) return;
  const size_t lines = count_lines(text);
  char *dir = make_temp_dir();
  char journal[4096], archive[4200];
  snprintf(journal, sizeof journal, "%s/weihai.journal", dir);
  snprintf(archive, sizeof archive, "%s.archive", journal);

  muster_engine *e = open_journaled_in_segments(journal, 4096);
  CHECK(feed_lines(e, text, 0, lines / 2) == lines / 2);
  CHECK_RC(muster_engine_snapshot(e), MUSTER_OK);
  feed_lines(e, text, lines / 2, lines + 1);
  char before[65];
  CHECK_RC(muster_engine_state_digest(before, sizeof before, e), MUSTER_OK);
  muster_engine_close(e);
  const long sealed = count_entries(dir, "weihai.journal.segment-");
  CHECK(sealed >= 2); /* some before the snapshot, some after it */

  muster_rules *rules = NULL;
  CHECK_RC(muster_rules_compile(&rules, POLICY_PATH, FORCES_PATH), MUSTER_OK);
  muster_compact_report r = new_report();
  CHECK_RC(muster_journal_compact(&r, rules, journal, NULL), MUSTER_OK);
  CHECK(r.version == MUSTER_COMPACT_REPORT_VERSION);
  CHECK(r.snapshot_seq > 0);
  CHECK(r.archived >= 1 && (long)r.archived < sealed);
  CHECK(r.archived_bytes >= r.archived * 4096); /* each sealed once it held 4 KiB */
  CHECK(r.first_seq > 0 && r.first_seq < r.snapshot_seq);
  CHECK(count_entries(archive, "weihai.journal.segment-") == (long)r.archived);
  CHECK(count_entries(dir, "weihai.journal.segment-") == sealed - (long)r.archived);

  /* Reopened: from the same snapshot, to the same state. */
  e = open_journaled_in_segments(journal, 4096);
  muster_recovery rec;
  memset(&rec, 0, sizeof rec);
  rec.version = MUSTER_RECOVERY_VERSION;
  CHECK_RC(muster_engine_recovery(&rec, e), MUSTER_OK);
  CHECK(rec.snapshot_seq == r.snapshot_seq);
  char after[65];
  CHECK_RC(muster_engine_state_digest(after, sizeof after, e), MUSTER_OK);
  CHECK(strcmp(before, after) == 0);
  muster_engine_close(e);

  /* Again: nothing more lies behind that snapshot, and that is no failure. */
  muster_compact_report again = new_report();
  CHECK_RC(muster_journal_compact(&again, rules, journal, ""), MUSTER_OK);
  CHECK(again.snapshot_seq == r.snapshot_seq);
  CHECK(again.archived == 0 && again.archived_bytes == 0);
  CHECK(again.first_seq == r.first_seq);

  muster_rules_free(rules);
  remove_flat_dir(archive);
  remove_temp_dir(dir);
  free(text);
}

/* An explicit archive directory, created when missing. */
static void compact_into_a_named_directory(void) {
  char *text = read_text(INCIDENT_PATH);
  CHECK(text != NULL);
  if (text == NULL) return;
  char *dir = make_temp_dir();
  char journal[4096], archive[4200];
  snprintf(journal, sizeof journal, "%s/weihai.journal", dir);
  snprintf(archive, sizeof archive, "%s/old-segments", dir);
  muster_engine *e = open_journaled_in_segments(journal, 2048);
  feed_lines(e, text, 0, count_lines(text) + 1);
  CHECK_RC(muster_engine_snapshot(e), MUSTER_OK); /* at the end: every sealed segment lies behind it */
  muster_engine_close(e);
  const long sealed = count_entries(dir, "weihai.journal.segment-");
  CHECK(sealed >= 1);

  muster_rules *rules = NULL;
  CHECK_RC(muster_rules_compile(&rules, POLICY_PATH, FORCES_PATH), MUSTER_OK);
  muster_compact_report r = new_report();
  CHECK_RC(muster_journal_compact(&r, rules, journal, archive), MUSTER_OK);
  /* compact_journal keeps the newest sealed segment even when the snapshot lies past it, in the
   * journal's own file: at least every older one goes. */
  CHECK(r.archived >= 1 && (long)r.archived <= sealed);
  CHECK(count_entries(archive, "weihai.journal.segment-") == (long)r.archived);
  CHECK(count_entries(dir, "weihai.journal.segment-") == sealed - (long)r.archived);
  muster_rules_free(rules);
  remove_flat_dir(archive);
  remove_temp_dir(dir);
  free(text);
}

static void compact_refusals(void) {
  char *dir = make_temp_dir();
  char journal[4096], missing[4096];
  snprintf(journal, sizeof journal, "%s/weihai.journal", dir);
  snprintf(missing, sizeof missing, "%s/none.journal", dir);
  muster_rules *rules = NULL;
  CHECK_RC(muster_rules_compile(&rules, POLICY_PATH, FORCES_PATH), MUSTER_OK);
  muster_compact_report r = new_report();

  /* NULLs and versions. */
  CHECK_RC(muster_journal_compact(NULL, rules, journal, NULL), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "muster_journal_compact: out is NULL"));
  CHECK_RC(muster_journal_compact(&r, NULL, journal, NULL), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "rules is NULL"));
  CHECK(r.archived == 0 && r.snapshot_seq == 0); /* set even on failure */
  r = new_report();
  CHECK_RC(muster_journal_compact(&r, rules, NULL, NULL), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "journal_path is NULL"));
  CHECK_RC(muster_journal_compact(&r, rules, "", NULL), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "journal_path is empty"));
  r.version = 0;
  CHECK_RC(muster_journal_compact(&r, rules, journal, NULL), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "out->version is 0"));
  r.version = MUSTER_COMPACT_REPORT_VERSION + 1;
  CHECK_RC(muster_journal_compact(&r, rules, journal, NULL), MUSTER_EINVAL);
  CHECK(r.version == MUSTER_COMPACT_REPORT_VERSION + 1); /* nothing written */
  r.version = MUSTER_COMPACT_REPORT_VERSION;

  /* No journal there. */
  CHECK_RC(muster_journal_compact(&r, rules, missing, NULL), MUSTER_EJOURNAL);
  CHECK(contains(muster_error_last(), "there is no journal here"));

  /* Segments but no snapshot: nothing lies behind one. */
  muster_engine *e = open_journaled_in_segments(journal, 1024);
  char ev[512];
  muster_outcome_free(SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK));
  muster_outcome_free(SUBMIT(e, ev_draft(ev, sizeof ev, "e2", "INC-1", "wendeng", 1), MUSTER_OK));
  muster_outcome_free(SUBMIT(e, ev_approve(ev, sizeof ev, "e3", "wendeng", 1, 2), MUSTER_OK));
  CHECK_RC(muster_engine_flush(e), MUSTER_OK);
  CHECK(count_entries(dir, "weihai.journal.segment-") >= 1);

  /* Open: the engine holds the journal's lock. */
  r = new_report();
  CHECK_RC(muster_journal_compact(&r, rules, journal, NULL), MUSTER_EJOURNAL);
  CHECK(contains(muster_error_last(), "muster_journal_compact: refusing to start: "));
  CHECK(contains(muster_error_last(), "in use (locked by another session or process)"));
  CHECK(r.archived == 0 && r.archived_bytes == 0);
  muster_engine_close(e);

  r = new_report();
  CHECK_RC(muster_journal_compact(&r, rules, journal, NULL), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "no snapshot opens this journal"));
  CHECK(r.snapshot_seq == 0 && r.archived == 0 && r.archived_bytes == 0);
  char archive[4200];
  snprintf(archive, sizeof archive, "%s.archive", journal);
  CHECK(count_entries(archive, "") == -1); /* not even created */

  /* A PostgreSQL partition does not rotate. */
  CHECK_RC(muster_journal_compact(&r, rules, "postgresql://localhost/muster#county", NULL), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "does not rotate"));

  muster_rules_free(rules);
  remove_temp_dir(dir);
}

/* Exactly a version 4 options struct (before segment_bytes): it still opens engines, which never
 * rotate, and nothing past snapshots_kept is read (ASan sees a read past the malloc'd struct). */
struct options_v4 {
  uint32_t version;
  const char *journal_path;
  int32_t durability;
  uint32_t batch_size;
  uint32_t batch_interval_us;
  uint64_t queue_bytes;
  const muster_journal_head *expected_head;
  int64_t max_clock_step;
  uint64_t snapshot_every;
  uint32_t snapshots_kept;
};

static void version_4_options_still_open(void) {
  char *dir = make_temp_dir();
  char journal[4096];
  snprintf(journal, sizeof journal, "%s/weihai.journal", dir);
  struct options_v4 *v4 = malloc(sizeof *v4);
  memset(v4, 0, sizeof *v4);
  v4->version = 4;
  v4->journal_path = journal;
  v4->durability = MUSTER_DURABILITY_NONE;
  v4->batch_size = 1;
  v4->max_clock_step = MUSTER_CLOCK_STEP_POLICY;
  muster_engine *e = NULL;
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, (const muster_options *)(const void *)v4), MUSTER_OK);
  char ev[512];
  muster_outcome_free(SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK));
  muster_outcome_free(SUBMIT(e, ev_draft(ev, sizeof ev, "e2", "INC-1", "wendeng", 1), MUSTER_OK));
  muster_engine_close(e);
  CHECK(count_entries(dir, "weihai.journal.segment-") == 0); /* one file */
  free(v4);

  /* And version 6 is none this library reads. */
  muster_options v6 = MUSTER_OPTIONS_INIT;
  v6.version = 6;
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, &v6), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "reads versions 1 to 5"));
  remove_temp_dir(dir);
}

int main(void) {
  static const struct harness_test tests[] = {
      HARNESS_TEST(compact_archives_the_segments_behind_the_snapshot),
      HARNESS_TEST(compact_into_a_named_directory),
      HARNESS_TEST(compact_refusals),
      HARNESS_TEST(version_4_options_still_open),
  };
  return harness_run(tests, sizeof tests / sizeof tests[0]);
}
