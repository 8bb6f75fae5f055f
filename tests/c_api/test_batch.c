/* Batches: muster_engine_submit_batch (JSON Lines in, one outcome per event line out, each as
 * muster_engine_submit would answer it), the batch's accessors, and effect delivery. */
#include "harness.h"
#include "support.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONCLUDE_UNKNOWN                                                                           \
  "{\"id\":\"c1\",\"kind\":\"incident.conclude\",\"at\":\"" T0_TEXT "\",\"actor\":\"wendeng_em\"," \
  "\"incident\":\"NOPE\"}"

/* The events joined as JSON Lines (each followed by "\n") into `buf`. */
static const char *join(char *buf, size_t cap, const char *const *events, size_t n) {
  size_t used = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < n; ++i) {
    const int w = snprintf(buf + used, cap - used, "%s\n", events[i]);
    CHECK(w > 0 && (size_t)w < cap - used);
    used += (size_t)w;
  }
  return buf;
}

static muster_batch *batch_expect(const char *file, int line, muster_engine *e, const char *jsonl, int want) {
  muster_batch *b = NULL;
  harness_check_rc(file, line, jsonl, muster_engine_submit_batch(&b, e, jsonl, strlen(jsonl)), want);
  return b;
}
#define BATCH(e, jsonl, want) batch_expect(__FILE__, __LINE__, (e), (jsonl), (want))

static const muster_outcome *nth(const muster_batch *b, size_t i) {
  const muster_outcome *o = NULL;
  CHECK_RC(muster_batch_outcome(&o, b, i), MUSTER_OK);
  CHECK(o != NULL);
  return o;
}

static void three_events_one_rejected(void) {
  muster_engine *e = open_memory();
  char e1[512], e3[512], text[2048];
  const char *events[] = {ev_report(e1, sizeof e1, "e1", "INC-1", "wendeng", 0), CONCLUDE_UNKNOWN,
                          ev_report(e3, sizeof e3, "e3", "INC-2", "rushan", 1)};
  muster_batch *b = BATCH(e, join(text, sizeof text, events, 3), MUSTER_EREJECTED);
  CHECK(b != NULL);
  CHECK(contains(muster_error_last(), "unknown_incident"));
  CHECK(contains(muster_error_last(), "line 2")); /* names the line */
  CHECK(muster_batch_count(b) == 3);
  CHECK(contains(muster_error_last(), "line 2")); /* reading the batch leaves it */
  CHECK_RC(muster_batch_status(b, 0), MUSTER_OK);
  CHECK_RC(muster_batch_status(b, 1), MUSTER_EREJECTED);
  CHECK_RC(muster_batch_status(b, 2), MUSTER_OK);
  CHECK(muster_outcome_accepted(nth(b, 0)) == 1);
  CHECK(muster_outcome_accepted(nth(b, 1)) == 0);
  CHECK(muster_outcome_accepted(nth(b, 2)) == 1);
  CHECK(muster_outcome_effect_count(nth(b, 1)) == 0);
  char *rejected = outcome_text(nth(b, 1));
  CHECK(contains(rejected, "\"reason\":\"unknown_incident\""));
  free(rejected);
  char *second = outcome_text(nth(b, 2));
  CHECK(contains(second, "INC-2") && !contains(second, "INC-1"));
  free(second);
  /* Both incidents are there: the rejection in the middle did not stop the batch. */
  int rc = 0;
  char *inc = incident_text(e, "INC-2", &rc);
  CHECK(rc == MUSTER_OK && inc != NULL);
  free(inc);
  muster_batch_free(b);
  muster_engine_close(e);
}

/* The batch's outcomes are borrowed: the accessors read them; muster_outcome_free ignores them. */
static void borrowed_outcomes(void) {
  muster_engine *e = open_memory();
  char e1[512], text[1024];
  const char *events[] = {ev_report(e1, sizeof e1, "e1", "INC-1", "wendeng", 0)};
  muster_batch *b = BATCH(e, join(text, sizeof text, events, 1), MUSTER_OK);
  CHECK(strcmp(muster_error_last(), "") == 0);
  const muster_outcome *o = nth(b, 0);
  const size_t n = muster_outcome_effect_count(o);
  CHECK(n >= 3);
  char *before = outcome_text(o);
  CHECK(contains(before, "\"accepted\":true"));
  for (size_t i = 0; i < n; ++i) {
    char *one = effect_text(o, i);
    CHECK(one != NULL && contains(before, one));
    free(one);
  }
  muster_outcome_free((muster_outcome *)(uintptr_t)o); /* the batch's: ignored */
  muster_outcome_free((muster_outcome *)(uintptr_t)o); /* twice, too */
  /* Still readable, and still the same; another submit does not reuse it either. */
  muster_outcome *other = SUBMIT(e, ev_report(e1, sizeof e1, "e2", "INC-2", "rushan", 1), MUSTER_OK);
  CHECK(muster_outcome_accepted(o) == 1);
  CHECK(muster_outcome_effect_count(o) == n);
  char *after = outcome_text(o);
  CHECK(after != NULL && before != NULL && strcmp(before, after) == 0);
  free(after);
  free(before);
  muster_outcome_free(other);
  /* The same outcome borrowed twice is the same one. */
  CHECK(nth(b, 0) == o);
  muster_batch_free(b);
  muster_engine_close(e);
}

/* Each thread keeps the last batch it freed for its next one: nothing of an earlier batch shows
 * in a later one, and a batch alive while another is made stays as it was. */
static void freed_batches_leave_nothing_behind(void) {
  muster_engine *e = open_memory();
  char e1[512], e2[512], e3[512], text[2048];
  const char *three[] = {ev_report(e1, sizeof e1, "e1", "INC-1", "wendeng", 0), CONCLUDE_UNKNOWN, "{\"id\":"};
  muster_batch *b = BATCH(e, join(text, sizeof text, three, 3), MUSTER_EREJECTED);
  CHECK(muster_batch_count(b) == 3);
  muster_batch_free(b);
  const char *one[] = {ev_report(e2, sizeof e2, "e2", "INC-2", "rushan", 1)};
  b = BATCH(e, join(text, sizeof text, one, 1), MUSTER_OK);
  CHECK(muster_batch_count(b) == 1);
  CHECK_RC(muster_batch_status(b, 0), MUSTER_OK);
  CHECK_RC(muster_batch_status(b, 1), MUSTER_EINVAL);
  const muster_outcome *o = NULL;
  CHECK_RC(muster_batch_outcome(&o, b, 1), MUSTER_EINVAL);
  char *first = outcome_text(nth(b, 0));
  CHECK(contains(first, "INC-2") && !contains(first, "INC-1") && !contains(first, "rejection"));
  /* A second batch while the first is alive. */
  const char *other[] = {CONCLUDE_UNKNOWN, ev_report(e3, sizeof e3, "e3", "INC-3", "wendeng", 2)};
  muster_batch *b2 = BATCH(e, join(text, sizeof text, other, 2), MUSTER_EREJECTED);
  CHECK(muster_batch_count(b2) == 2);
  CHECK(muster_batch_count(b) == 1);
  char *again = outcome_text(nth(b, 0));
  CHECK(first != NULL && again != NULL && strcmp(first, again) == 0);
  free(again);
  free(first);
  CHECK(muster_outcome_accepted(nth(b2, 0)) == 0);
  CHECK(muster_outcome_accepted(nth(b2, 1)) == 1);
  muster_batch_free(b);
  muster_batch_free(b2);
  muster_engine_close(e);
}

static void index_out_of_range(void) {
  muster_engine *e = open_memory();
  char e1[512], text[1024];
  const char *events[] = {ev_report(e1, sizeof e1, "e1", "INC-1", "wendeng", 0), CONCLUDE_UNKNOWN};
  muster_batch *b = BATCH(e, join(text, sizeof text, events, 2), MUSTER_EREJECTED);
  const muster_outcome *o = (const muster_outcome *)(uintptr_t)1;
  CHECK_RC(muster_batch_outcome(&o, b, 2), MUSTER_EINVAL);
  CHECK(o == NULL);
  CHECK(contains(muster_error_last(), "index 2 is out of range"));
  CHECK(contains(muster_error_last(), "2 outcomes"));
  CHECK_RC(muster_batch_status(b, 2), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "out of range"));
  CHECK_RC(muster_batch_status(b, (size_t)-1), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "muster_batch_status"));
  muster_batch_free(b);

  /* An empty batch has no outcome 0. */
  b = NULL;
  CHECK_RC(muster_engine_submit_batch(&b, e, "\n \r\n", 4), MUSTER_OK);
  CHECK(b != NULL);
  CHECK(muster_batch_count(b) == 0);
  CHECK_RC(muster_batch_outcome(&o, b, 0), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "out of range"));
  muster_batch_free(b);
  muster_engine_close(e);
}

/* Zero bytes, with or without a pointer, are an empty batch (a NULL once reached memchr: UBSan). */
static void zero_bytes_are_an_empty_batch(void) {
  muster_engine *e = open_memory();
  char before[65], after[65];
  CHECK_RC(muster_engine_state_digest(before, sizeof before, e), MUSTER_OK);
  muster_batch *b = NULL;
  CHECK_RC(muster_engine_submit_batch(&b, e, NULL, 0), MUSTER_OK); /* NULL with no bytes, too */
  CHECK(b != NULL && muster_batch_count(b) == 0);
  muster_batch_free(b);
  b = NULL;
  CHECK_RC(muster_engine_submit_batch(&b, e, "{\"id\":", 0), MUSTER_OK); /* bytes past len are never read */
  CHECK(strcmp(muster_error_last(), "") == 0);
  CHECK(b != NULL && muster_batch_count(b) == 0);
  muster_batch_free(b);
  CHECK_RC(muster_engine_state_digest(after, sizeof after, e), MUSTER_OK);
  CHECK(strcmp(before, after) == 0);
  muster_engine_close(e);
}

static void null_arguments(void) {
  muster_engine *e = open_memory();
  muster_batch *b = (muster_batch *)(uintptr_t)1;
  CHECK_RC(muster_engine_submit_batch(&b, NULL, "{}", 2), MUSTER_EINVAL);
  CHECK(b == NULL);
  CHECK(contains(muster_error_last(), "engine is NULL"));
  b = (muster_batch *)(uintptr_t)1;
  CHECK_RC(muster_engine_submit_batch(&b, e, NULL, 10), MUSTER_EINVAL);
  CHECK(b == NULL);
  CHECK(contains(muster_error_last(), "jsonl is NULL"));
  CHECK_RC(muster_engine_submit_batch(NULL, e, "{}", 2), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "out is NULL"));
  const muster_outcome *o = (const muster_outcome *)(uintptr_t)1;
  CHECK_RC(muster_batch_outcome(&o, NULL, 0), MUSTER_EINVAL);
  CHECK(o == NULL);
  CHECK(contains(muster_error_last(), "batch is NULL"));
  CHECK(muster_batch_count(NULL) == 0);
  CHECK(contains(muster_error_last(), "batch is NULL"));
  CHECK_RC(muster_batch_status(NULL, 0), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "batch is NULL"));
  char e1[512];
  b = BATCH(e, ev_report(e1, sizeof e1, "e1", "INC-1", "wendeng", 0), MUSTER_OK); /* one line, no newline */
  CHECK(muster_batch_count(b) == 1);
  CHECK_RC(muster_batch_outcome(NULL, b, 0), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "out is NULL"));
  muster_batch_free(b);
  muster_batch_free(NULL); /* fine, and leaves the last error as it was */
  CHECK(contains(muster_error_last(), "out is NULL"));
  muster_engine_close(e);
}

struct collected {
  size_t calls;
  size_t stop_at; /* return non-zero at this call (1-based); 0: never */
  char effects[16384];
};

static int collect(const muster_effect *effect, void *payload) {
  const char *json = effect->json;
  const size_t len = effect->len;
  struct collected *c = payload;
  ++c->calls;
  const size_t used = strlen(c->effects);
  if (used + len + 2 < sizeof c->effects) {
    memcpy(c->effects + used, json, len);
    c->effects[used + len] = '\n';
    c->effects[used + len + 1] = '\0';
  }
  return c->stop_at != 0 && c->calls == c->stop_at ? 5 : 0;
}

/* Every effect of the batch's outcomes, in order, one a line (a repeated event's: none). */
static char *expected_effects(const muster_batch *b) {
  size_t cap = 16384, used = 0;
  char *all = malloc(cap);
  all[0] = '\0';
  for (size_t i = 0; i < muster_batch_count(b); ++i) {
    const muster_outcome *o = nth(b, i);
    char *text = outcome_text(o);
    const int duplicate = contains(text, "\"duplicate\":true");
    free(text);
    if (duplicate) continue;
    for (size_t k = 0; k < muster_outcome_effect_count(o); ++k) {
      char *one = effect_text(o, k);
      const size_t n = strlen(one);
      if (used + n + 2 < cap) {
        memcpy(all + used, one, n);
        all[used + n] = '\n';
        all[used + n + 1] = '\0';
        used += n + 1;
      }
      free(one);
    }
  }
  return all;
}

static void callback_gets_every_effect_in_order(void) {
  muster_engine *e = open_memory();
  struct collected *c = calloc(1, sizeof *c);
  CHECK_RC(muster_engine_on_effect(e, collect, c), MUSTER_OK);
  char e1[512], e2[512], e3[512], text[4096];
  const char *events[] = {ev_report(e1, sizeof e1, "e1", "INC-1", "wendeng", 0), ev_draft(e2, sizeof e2, "e2", "INC-1", "wendeng", 1),
                          e1 /* repeated: delivered once */, ev_report(e3, sizeof e3, "e3", "INC-2", "rushan", 2)};
  muster_batch *b = BATCH(e, join(text, sizeof text, events, 4), MUSTER_OK);
  CHECK(muster_batch_count(b) == 4);
  char *want = expected_effects(b);
  CHECK(c->calls > 6);
  CHECK(strcmp(c->effects, want) == 0);
  free(want);
  muster_batch_free(b);
  muster_engine_close(e);
  free(c);
}

static void callback_stops_delivery(void) {
  muster_engine *e = open_memory();
  struct collected *c = calloc(1, sizeof *c);
  char e1[512], e2[512], text[4096];
  const char *events[] = {ev_report(e1, sizeof e1, "e1", "INC-1", "wendeng", 0), ev_report(e2, sizeof e2, "e2", "INC-2", "rushan", 1)};
  /* How many effects the first event has: stop at the second event's first. */
  muster_engine *probe = open_memory();
  muster_outcome *first = SUBMIT(probe, e1, MUSTER_OK);
  c->stop_at = muster_outcome_effect_count(first) + 1;
  muster_outcome_free(first);
  muster_engine_close(probe);

  CHECK_RC(muster_engine_on_effect(e, collect, c), MUSTER_OK);
  muster_batch *b = BATCH(e, join(text, sizeof text, events, 2), MUSTER_EUSER);
  CHECK(contains(muster_error_last(), "returned 5"));
  CHECK(contains(muster_error_last(), "event 2 of 2"));
  CHECK(b != NULL);
  CHECK(c->calls == c->stop_at);
  /* Both events applied; the batch holds every effect. */
  CHECK(muster_batch_count(b) == 2);
  CHECK_RC(muster_batch_status(b, 0), MUSTER_OK);
  CHECK_RC(muster_batch_status(b, 1), MUSTER_OK);
  CHECK(muster_outcome_effect_count(nth(b, 1)) >= 3);
  int rc = 0;
  char *inc = incident_text(e, "INC-2", &rc);
  CHECK(rc == MUSTER_OK && inc != NULL);
  free(inc);
  muster_batch_free(b);
  muster_engine_close(e);
  free(c);
}

static void malformed_line_names_its_line(void) {
  muster_engine *e = open_memory();
  char e1[512], e3[512], text[2048];
  const char *events[] = {ev_report(e1, sizeof e1, "e1", "INC-1", "wendeng", 0), "{\"id\":\"m1\",\"kind\":",
                          ev_report(e3, sizeof e3, "e3", "INC-2", "rushan", 1), CONCLUDE_UNKNOWN};
  muster_batch *b = BATCH(e, join(text, sizeof text, events, 4), MUSTER_EMALFORMED);
  CHECK(contains(muster_error_last(), "malformed"));
  CHECK(contains(muster_error_last(), "line 2"));
  CHECK(muster_batch_count(b) == 4);
  CHECK_RC(muster_batch_status(b, 0), MUSTER_OK);
  CHECK_RC(muster_batch_status(b, 1), MUSTER_EMALFORMED);
  CHECK_RC(muster_batch_status(b, 2), MUSTER_OK); /* the others go on */
  CHECK_RC(muster_batch_status(b, 3), MUSTER_EREJECTED);
  char *bad = outcome_text(nth(b, 1));
  CHECK(contains(bad, "\"reason\":\"malformed\""));
  free(bad);
  muster_batch_free(b);
  muster_engine_close(e);
}

/* 9. The whole line is the event: a NUL inside a batch's line is that line's located refusal
 * (the decoder had stopped at it and the journal had kept what followed); the other lines go on,
 * and every journal line is UTF-8 JSON. */
static void the_whole_line_is_the_event_a_nul_is_a_located_refusal(void) {
  char *dir = make_temp_dir();
  char journal[4096];
  snprintf(journal, sizeof journal, "%s/weihai.journal", dir);
  muster_engine *e = open_journaled(journal);
  char e1[512], e2[512], e3[512], text[2048];
  const size_t n1 = strlen(ev_report(e1, sizeof e1, "e1", "INC-1", "wendeng", 0));
  const size_t n2 = strlen(ev_report(e2, sizeof e2, "e2", "INC-2", "rushan", 1));
  const size_t n3 = strlen(ev_approve(e3, sizeof e3, "e3", "wendeng", 1, 2));
  size_t len = 0;
  memcpy(text, e1, n1), len += n1, text[len++] = '\n';
  memcpy(text + len, e2, n2), len += n2, text[len++] = '\0';
  memcpy(text + len, e3, n3), len += n3, text[len++] = '\xff', text[len++] = '\n';
  muster_batch *b = NULL;
  CHECK_RC(muster_engine_submit_batch(&b, e, text, len), MUSTER_EMALFORMED);
  char want[128];
  snprintf(want, sizeof want, "1:%zu: malformed JSON: a NUL byte at byte %zu;", n2 + 1, n2);
  CHECK(contains(muster_error_last(), want));
  CHECK(contains(muster_error_last(), "line 2"));
  CHECK(muster_batch_count(b) == 2);
  CHECK_RC(muster_batch_status(b, 0), MUSTER_OK);
  CHECK_RC(muster_batch_status(b, 1), MUSTER_EMALFORMED);
  muster_batch_free(b);
  int rc = 0;
  char *inc = incident_text(e, "INC-2", &rc);
  CHECK(inc == NULL && rc == MUSTER_ENOTFOUND);
  CHECK_RC(muster_engine_flush(e), MUSTER_OK);
  CHECK(first_line_not_utf8_json(journal) == 0);
  muster_engine_close(e);
  remove_temp_dir(dir);
}

static void digest_of(muster_engine *e, char out[65]) { CHECK_RC(muster_engine_state_digest(out, 65, e), MUSTER_OK); }

/* A batch leaves the engine (and its journal) as the same events one by one do. */
static void same_state_as_one_by_one(void) {
  char ev[6][512], text[8192];
  const char *events[] = {ev_report(ev[0], sizeof ev[0], "e1", "INC-1", "wendeng", 0),
                          ev_draft(ev[1], sizeof ev[1], "e2", "INC-1", "wendeng", 1),
                          ev_approve(ev[2], sizeof ev[2], "e3", "wendeng", 1, 2),
                          ev_report(ev[3], sizeof ev[3], "e4", "INC-2", "rushan", 3),
                          CONCLUDE_UNKNOWN,
                          ev_draft(ev[4], sizeof ev[4], "e5", "INC-2", "rushan", 4)};
  const size_t n = sizeof events / sizeof events[0];
  muster_engine *one = open_memory();
  int statuses[6];
  for (size_t i = 0; i < n; ++i) {
    muster_outcome *o = NULL;
    statuses[i] = muster_engine_submit(&o, one, events[i], strlen(events[i]));
    muster_outcome_free(o);
  }
  char want[65];
  digest_of(one, want);
  muster_engine_close(one);

  char *dir = make_temp_dir();
  char journal[4096];
  snprintf(journal, sizeof journal, "%s/weihai.journal", dir);
  muster_options opt = MUSTER_OPTIONS_INIT;
  opt.journal_path = journal;
  opt.durability = MUSTER_DURABILITY_EVERY_EVENT;
  muster_engine *e = NULL;
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, &opt), MUSTER_OK);
  muster_batch *b = BATCH(e, join(text, sizeof text, events, n), MUSTER_EREJECTED);
  CHECK(muster_batch_count(b) == n);
  for (size_t i = 0; i < n && i < muster_batch_count(b); ++i) CHECK_RC(muster_batch_status(b, i), statuses[i]);
  muster_batch_free(b);
  char got[65];
  digest_of(e, got);
  CHECK(strcmp(got, want) == 0);
  /* A query after the batch sees its incidents (by the host's ids). */
  int rc = 0;
  char *inc = incident_text(e, "INC-2", &rc);
  CHECK(rc == MUSTER_OK && contains(inc, "INC-2"));
  free(inc);
  muster_engine_close(e);
  /* Reopening replays the journal to the same state. */
  e = NULL;
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, &opt), MUSTER_OK);
  digest_of(e, got);
  CHECK(strcmp(got, want) == 0);
  muster_engine_close(e);
  remove_temp_dir(dir);
}

/* Issue 14: one incident-file dialect. A batch reads a file as `muster replay` does: comments
 * and blank lines get no outcome, {"advance": T} moves the clock (absolute, seconds, or relative
 * to the latest time seen) and gets its outcome, journaled as an advance; a bad T is that line's
 * malformed rejection. muster_engine_submit still takes one event only. */
static void incident_file_dialect_comments_and_advances(void) {
  muster_engine *e = open_memory();
  char e1[512], e2[512], text[4096];
  snprintf(text, sizeof text,
           "\xEF\xBB\xBF# INC-1, a drill of the call plan\n"
           "%s\n"
           "   # an indented comment\n"
           "\n"
           "%s\r\n"
           "{\"advance\": \"+20m\"}\n"
           "{ \"advance\" : %lld }\n"
           "{\"advance\":\"2026-10-10T10:00:00+08:00\"}\n",
           ev_report(e1, sizeof e1, "e1", "INC-1", "wendeng", 0), ev_draft(e2, sizeof e2, "e2", "INC-1", "wendeng", 1),
           T0 + 45 * 60);
  muster_batch *b = BATCH(e, text, MUSTER_OK);
  CHECK(muster_batch_count(b) == 5); /* two events, three advances; no outcome for the comments */
  /* +20m counts from the draft at +1m: the em_approval step (due +16m) is overdue by then. */
  CHECK(muster_outcome_effect_count(nth(b, 2)) > 0);
  char *adv = outcome_text(nth(b, 2));
  CHECK(contains(adv, "\"accepted\":true") && contains(adv, "step_overdue"));
  free(adv);
  CHECK_RC(muster_batch_status(b, 3), MUSTER_OK);
  CHECK_RC(muster_batch_status(b, 4), MUSTER_OK);
  muster_batch_free(b);
  int64_t now = 0;
  CHECK_RC(muster_engine_now(&now, e), MUSTER_OK);
  CHECK(now == T0 + 60 * 60);

  /* A T that is no time, and an earlier one: refused, named by their lines; the rest go on. */
  snprintf(text, sizeof text, "{\"advance\":\"soon\"}\n{\"advance\":\"+5m\"}\n{\"advance\":%lld}\n", T0);
  b = BATCH(e, text, MUSTER_EMALFORMED);
  CHECK(contains(muster_error_last(), "advance: 'soon' is not a time"));
  CHECK(contains(muster_error_last(), "line 1"));
  CHECK(muster_batch_count(b) == 3);
  CHECK_RC(muster_batch_status(b, 0), MUSTER_EMALFORMED);
  CHECK_RC(muster_batch_status(b, 1), MUSTER_OK);
  CHECK_RC(muster_batch_status(b, 2), MUSTER_EREJECTED); /* stale_time, as muster_engine_advance says */
  CHECK(muster_outcome_reason(nth(b, 2)) == MUSTER_REJECTION_STALE_TIME);
  muster_batch_free(b);
  CHECK_RC(muster_engine_now(&now, e), MUSTER_OK);
  CHECK(now == T0 + 65 * 60);

  /* An object with more than "advance" is an event, and not a good one. */
  b = BATCH(e, "{\"advance\":\"+5m\",\"id\":\"x\"}\n", MUSTER_EMALFORMED);
  CHECK(contains(muster_error_last(), "advance"));
  muster_batch_free(b);
  /* Only comments: no outcome at all. */
  b = BATCH(e, "# nothing\n  \n#more\n", MUSTER_OK);
  CHECK(muster_batch_count(b) == 0);
  muster_batch_free(b);
  /* One event at a time: an advance line is no event. */
  muster_outcome *o = NULL;
  const char *line = "{\"advance\":\"+5m\"}";
  CHECK_RC(muster_engine_submit(&o, e, line, strlen(line)), MUSTER_EMALFORMED);
  muster_outcome_free(o);
  muster_engine_close(e);

  /* A relative advance before any time has nothing to count from. */
  e = open_memory();
  b = BATCH(e, "{\"advance\":\"+5m\"}\n", MUSTER_EMALFORMED);
  CHECK(contains(muster_error_last(), "needs an earlier event to count from"));
  muster_batch_free(b);
  muster_engine_close(e);
}

/* The advance lines of a batch are journaled as advances: reopening replays them to the same state. */
static void incident_file_advances_are_journaled(void) {
  char *dir = make_temp_dir();
  char path[1024], e1[512], e2[512], text[2048], before[65], after[65];
  snprintf(path, sizeof path, "%s/journal.jsonl", dir);
  muster_engine *e = open_journaled(path);
  snprintf(text, sizeof text, "# a file\n%s\n%s\n{\"advance\":\"+30m\"}\n", ev_report(e1, sizeof e1, "e1", "INC-1", "wendeng", 0),
           ev_draft(e2, sizeof e2, "e2", "INC-1", "wendeng", 1));
  muster_batch *b = BATCH(e, text, MUSTER_OK);
  CHECK(muster_batch_count(b) == 3);
  muster_batch_free(b);
  CHECK_RC(muster_engine_state_digest(before, sizeof before, e), MUSTER_OK);
  CHECK_RC(muster_engine_flush(e), MUSTER_OK);
  muster_engine_close(e);
  e = open_journaled(path);
  CHECK(e != NULL);
  CHECK_RC(muster_engine_state_digest(after, sizeof after, e), MUSTER_OK);
  CHECK(strcmp(before, after) == 0);
  int64_t now = 0;
  CHECK_RC(muster_engine_now(&now, e), MUSTER_OK);
  CHECK(now == T0 + 31 * 60);
  muster_engine_close(e);
  remove_temp_dir(dir);
}

int main(void) {
  static const struct harness_test tests[] = {
      HARNESS_TEST(three_events_one_rejected),
      HARNESS_TEST(borrowed_outcomes),
      HARNESS_TEST(freed_batches_leave_nothing_behind),
      HARNESS_TEST(index_out_of_range),
      HARNESS_TEST(null_arguments),
      HARNESS_TEST(zero_bytes_are_an_empty_batch),
      HARNESS_TEST(callback_gets_every_effect_in_order),
      HARNESS_TEST(callback_stops_delivery),
      HARNESS_TEST(malformed_line_names_its_line),
      HARNESS_TEST(the_whole_line_is_the_event_a_nul_is_a_located_refusal),
      HARNESS_TEST(same_state_as_one_by_one),
      HARNESS_TEST(incident_file_dialect_comments_and_advances),
      HARNESS_TEST(incident_file_advances_are_journaled),
  };
  return harness_run(tests, sizeof tests / sizeof tests[0]);
}
