/* Submitting events, advancing the clock, outcomes and effect callbacks. */
#include "harness.h"
#include "support.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void accepted_event(void) {
  muster_engine *e = open_memory();
  char ev[512];
  muster_outcome *o = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK);
  CHECK(o != NULL);
  CHECK(strcmp(muster_error_last(), "") == 0);
  CHECK(muster_outcome_accepted(o) == 1);
  const size_t n = muster_outcome_effect_count(o);
  CHECK(n >= 3); /* notifications, command assignments, first response */
  char *all = outcome_text(o);
  CHECK(contains(all, "\"accepted\":true"));
  CHECK(contains(all, "\"duplicate\":false"));
  CHECK(!contains(all, "\"rejection\""));
  for (size_t i = 0; i < n; ++i) {
    char *one = effect_text(o, i);
    CHECK(one != NULL && strncmp(one, "{\"kind\":", 8) == 0);
    CHECK(contains(all, one)); /* each effect is the outcome's own text */
    CHECK(contains(one, "\"incident\":\"INC-1\""));
    CHECK(contains(one, "\"because\":["));
    free(one);
  }
  CHECK(contains(all, "\"kind\":\"assign_command\""));
  free(all);
  char buf[8];
  size_t len = 0;
  CHECK_RC(muster_outcome_effect_json(buf, sizeof buf, &len, o, n), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "out of range"));
  muster_outcome_free(o);
  muster_engine_close(e);
}

/* Each thread keeps the last outcome it freed for its next input: nothing of an earlier
 * outcome (a rejection's detail, an accepted one's effects) shows in a later one. */
static void freed_outcomes_leave_nothing_behind(void) {
  muster_engine *e = open_memory();
  char ev[512];
  muster_outcome *first = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK);
  CHECK(muster_outcome_effect_count(first) >= 3);
  muster_outcome_free(first);
  muster_outcome *rejected = SUBMIT(e,
                                    "{\"id\":\"c1\",\"kind\":\"incident.conclude\",\"at\":\"" T0_TEXT "\",\"actor\":\"wendeng_em\","
                                    "\"incident\":\"NOPE\"}",
                                    MUSTER_EREJECTED);
  CHECK(muster_outcome_accepted(rejected) == 0);
  CHECK(muster_outcome_effect_count(rejected) == 0);
  char *text = outcome_text(rejected);
  CHECK(contains(text, "\"effects\":[]"));
  CHECK(!contains(text, "assign_command"));
  free(text);
  /* Two alive at once: the second is a new one, the first stays as it was. */
  muster_outcome *second = SUBMIT(e, ev_report(ev, sizeof ev, "e2", "INC-2", "rushan", 0), MUSTER_OK);
  CHECK(muster_outcome_accepted(second) == 1);
  CHECK(muster_outcome_accepted(rejected) == 0);
  text = outcome_text(second);
  CHECK(contains(text, "INC-2") && !contains(text, "INC-1") && !contains(text, "rejection"));
  free(text);
  muster_outcome_free(rejected);
  muster_outcome_free(second);
  muster_engine_close(e);
}

static void buffer_protocol(void) {
  muster_engine *e = open_memory();
  char ev[512];
  muster_outcome *o = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK);
  size_t len = 0;
  /* Ask for the size. */
  CHECK_RC(muster_outcome_json(NULL, 0, &len, o), MUSTER_EBUFSIZE);
  CHECK(len > 20);
  CHECK(contains(muster_error_last(), "needed"));
  /* One byte short (no room for the NUL): too small, and the buffer holds "". */
  char *buf = malloc(len + 1);
  size_t len2 = 0;
  memset(buf, 'x', len + 1);
  CHECK_RC(muster_outcome_json(buf, len, &len2, o), MUSTER_EBUFSIZE);
  CHECK(len2 == len);
  CHECK(buf[0] == '\0');
  /* Exactly the size + 1. */
  CHECK_RC(muster_outcome_json(buf, len + 1, &len2, o), MUSTER_OK);
  CHECK(len2 == len && strlen(buf) == len && buf[len] == '\0');
  CHECK(contains(muster_error_last(), "needed")); /* a read that succeeds leaves the last error as it was */
  /* NULLs. */
  CHECK_RC(muster_outcome_json(NULL, 5, &len2, o), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "out is NULL"));
  CHECK_RC(muster_outcome_json(buf, len + 1, NULL, o), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "out_len is NULL"));
  free(buf);
  /* The same for one effect. */
  CHECK_RC(muster_outcome_effect_json(NULL, 0, &len, o, 0), MUSTER_EBUFSIZE);
  buf = malloc(len + 1);
  CHECK_RC(muster_outcome_effect_json(buf, len, &len2, o, 0), MUSTER_EBUFSIZE);
  CHECK(len2 == len);
  CHECK_RC(muster_outcome_effect_json(buf, len + 1, &len2, o, 0), MUSTER_OK);
  CHECK(strlen(buf) == len);
  CHECK_RC(muster_outcome_effect_json(NULL, 3, &len2, o, 0), MUSTER_EINVAL);
  CHECK_RC(muster_outcome_effect_json(buf, len + 1, NULL, o, 0), MUSTER_EINVAL);
  free(buf);
  muster_outcome_free(o);
  muster_engine_close(e);
}

static void submit_null_arguments(void) {
  muster_engine *e = open_memory();
  muster_outcome *o = (muster_outcome *)(uintptr_t)1;
  CHECK_RC(muster_engine_submit(&o, e, NULL, 10), MUSTER_EINVAL);
  CHECK(o == NULL);
  CHECK(contains(muster_error_last(), "event_json is NULL"));
  CHECK_RC(muster_engine_submit(NULL, e, "{}", 2), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "out is NULL"));
  o = (muster_outcome *)(uintptr_t)1;
  CHECK_RC(muster_engine_advance(NULL, e, T0), MUSTER_EINVAL);
  CHECK_RC(muster_engine_advance(&o, e, -1), MUSTER_EINVAL);
  CHECK(o == NULL);
  CHECK(contains(muster_error_last(), "t is -1"));
  CHECK_RC(muster_engine_advance(&o, e, 253402300800LL), MUSTER_EINVAL);
  muster_engine_close(e);
}

static void event_text_need_not_be_nul_terminated(void) {
  muster_engine *e = open_memory();
  char ev[512], buf[600];
  ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0);
  const size_t n = strlen(ev);
  memcpy(buf, ev, n);
  memcpy(buf + n, "}}garbage", 10); /* past `len`: never read */
  muster_outcome *o = NULL;
  CHECK_RC(muster_engine_submit(&o, e, buf, n), MUSTER_OK);
  CHECK(muster_outcome_accepted(o) == 1);
  muster_outcome_free(o);
  muster_engine_close(e);
}

static void malformed_event(void) {
  muster_engine *e = open_memory();
  muster_outcome *o = SUBMIT(e,
                             "{\"id\":\"m1\",\"kind\":\"incident.report\",\"at\":\"" T0_TEXT "\",\"actor\":\"wendeng_em\","
                             "\"incident\":\"INC-1\",\"jurisdiction\":\"wendeng\",\"incident_type\":\"flood\",\"grade\":\"huge\"}",
                             MUSTER_EMALFORMED);
  CHECK(contains(muster_error_last(), "grade")); /* first: the next call empties it */
  CHECK(o != NULL);
  CHECK(muster_outcome_accepted(o) == 0);
  CHECK(muster_outcome_effect_count(o) == 0);
  char *text = outcome_text(o);
  CHECK(contains(text, "\"reason\":\"malformed\""));
  CHECK(contains(text, "grade")); /* the field path */
  free(text);
  muster_outcome_free(o);
  /* Not JSON at all, empty, and a JSON value that is not an object. */
  o = SUBMIT(e, "not json", MUSTER_EMALFORMED);
  CHECK(o != NULL);
  muster_outcome_free(o);
  o = NULL;
  CHECK_RC(muster_engine_submit(&o, e, "", 0), MUSTER_EMALFORMED);
  CHECK(o != NULL);
  muster_outcome_free(o);
  o = SUBMIT(e, "[1,2]", MUSTER_EMALFORMED);
  muster_outcome_free(o);
  /* An unknown field, located by its path. */
  o = SUBMIT(e, "{\"id\":\"m2\",\"kind\":\"clock.advance\",\"at\":0,\"colour\":\"red\"}", MUSTER_EMALFORMED);
  text = outcome_text(o);
  CHECK(contains(text, "colour"));
  free(text);
  muster_outcome_free(o);
  /* Nothing changed: the incident was never reported. */
  int rc = 0;
  char *inc = incident_text(e, "INC-1", &rc);
  CHECK(inc == NULL && rc == MUSTER_ENOTFOUND);
  muster_engine_close(e);
}

/* 9. The whole given length is the event: bytes after a NUL were ignored by the decoder (it read
 * the NUL as the end) yet journaled verbatim, so the journal showed an approval the engine never
 * read, in bytes that are not UTF-8. Now the NUL is a located refusal, and every journal line is
 * UTF-8 JSON. */
static void the_whole_length_is_the_event_a_nul_is_a_located_refusal(void) {
  char *dir = make_temp_dir();
  char journal[4096];
  snprintf(journal, sizeof journal, "%s/weihai.journal", dir);
  muster_engine *e = open_journaled(journal);
  char report[512], approve[512], text[1200];
  ev_report(report, sizeof report, "e1", "INC-1", "wendeng", 0);
  ev_approve(approve, sizeof approve, "e2", "wendeng", 1, 1);
  const size_t n = strlen(report);
  memcpy(text, report, n);
  text[n] = '\0';
  const size_t m = strlen(approve);
  memcpy(text + n + 1, approve, m);
  text[n + 1 + m] = '\xff';
  const size_t len = n + 1 + m + 1;
  muster_outcome *o = NULL;
  CHECK_RC(muster_engine_submit(&o, e, text, len), MUSTER_EMALFORMED);
  char want[128];
  snprintf(want, sizeof want, "1:%zu: malformed JSON: a NUL byte at byte %zu;", n + 1, n);
  CHECK(contains(muster_error_last(), want));
  CHECK(o != NULL && muster_outcome_accepted(o) == 0);
  muster_outcome_free(o);
  /* Nothing changed: the report before the NUL was not taken either. */
  int rc = 0;
  char *inc = incident_text(e, "INC-1", &rc);
  CHECK(inc == NULL && rc == MUSTER_ENOTFOUND);
  /* A NUL after the object and its blanks, alone. */
  memcpy(text + n, "  ", 2);
  text[n + 2] = '\0';
  CHECK_RC(muster_engine_submit(&o, e, text, n + 3), MUSTER_EMALFORMED);
  muster_outcome_free(o);
  /* A byte-order mark is read (and skipped) by the decoder; inside a journal line it would make
   * the line no JSON, so the event is journaled without it. */
  memmove(text + 3, report, n);
  memcpy(text, "\xEF\xBB\xBF", 3);
  CHECK_RC(muster_engine_submit(&o, e, text, n + 3), MUSTER_OK);
  muster_outcome_free(o);
  CHECK_RC(muster_engine_flush(e), MUSTER_OK);
  CHECK(first_line_not_utf8_json(journal) == 0);
  muster_engine_close(e);
  remove_temp_dir(dir);
}

/* Quotes and backslashes in a rejection's detail: the outcome is still read right. */
static void detail_with_escapes(void) {
  muster_engine *e = open_memory();
  muster_outcome *o = SUBMIT(e, "{\"id\":\"q1\",\"kind\":\"no\\\\\\\"pe\",\"at\":0}", MUSTER_EMALFORMED);
  CHECK(contains(muster_error_last(), "no\\\"pe")); /* the kind as written: no\"pe */
  CHECK(o != NULL && muster_outcome_accepted(o) == 0 && muster_outcome_effect_count(o) == 0);
  char *text = outcome_text(o);
  CHECK(contains(text, "\"effects\":[]"));
  free(text);
  muster_outcome_free(o);
  muster_engine_close(e);
}

static void unknown_incident_is_rejected(void) {
  muster_engine *e = open_memory();
  char before[65], after[65];
  CHECK_RC(muster_engine_state_digest(before, sizeof before, e), MUSTER_OK);
  muster_outcome *o = SUBMIT(e,
                             "{\"id\":\"c1\",\"kind\":\"incident.conclude\",\"at\":\"" T0_TEXT "\",\"actor\":\"wendeng_em\","
                             "\"incident\":\"NOPE\"}",
                             MUSTER_EREJECTED);
  CHECK(contains(muster_error_last(), "unknown_incident"));
  CHECK(o != NULL);
  CHECK(muster_outcome_accepted(o) == 0);
  char *text = outcome_text(o);
  CHECK(contains(text, "\"accepted\":false"));
  CHECK(contains(text, "\"reason\":\"unknown_incident\""));
  free(text);
  muster_outcome_free(o);
  CHECK_RC(muster_engine_state_digest(after, sizeof after, e), MUSTER_OK);
  CHECK(strcmp(before, after) == 0);
  muster_engine_close(e);
}

static void repeated_event_returns_the_first_outcome(void) {
  muster_engine *e = open_memory();
  char ev[512];
  ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0);
  muster_outcome *first = SUBMIT(e, ev, MUSTER_OK);
  muster_outcome *again = SUBMIT(e, ev, MUSTER_OK);
  CHECK(muster_outcome_effect_count(first) == muster_outcome_effect_count(again));
  char *a = outcome_text(first), *b = outcome_text(again);
  CHECK(contains(b, "\"duplicate\":true"));
  CHECK(json_int(a, "seq") == json_int(b, "seq"));
  free(a);
  free(b);
  char *x = effect_text(first, 0), *y = effect_text(again, 0);
  CHECK(x != NULL && y != NULL && strcmp(x, y) == 0);
  free(x);
  free(y);
  muster_outcome_free(first);
  muster_outcome_free(again);
  muster_engine_close(e);
}

struct collected {
  size_t calls;
  size_t stop_at;  /* return non-zero at this call (1-based); 0: never */
  int bad_text;    /* a callback's text was not NUL-terminated JSON of `len` bytes */
  int reentry_rc;  /* what calling back into the engine returned */
  int try_close;   /* also try to close the engine from the callback (refused) */
  muster_engine *engine;
  char kinds[1024];
};

static int collect(const muster_effect *effect, void *payload) {
  const char *json = effect->json;
  const size_t len = effect->len;
  struct collected *c = payload;
  ++c->calls;
  if (json == NULL || strlen(json) != len || json[0] != '{' || json[len - 1] != '}') c->bad_text = 1;
  const char *k = strstr(json, "\"kind\":\"");
  if (k != NULL) {
    k += 8;
    const size_t used = strlen(c->kinds);
    const size_t n = (size_t)(strchr(k, '"') - k);
    if (used + n + 2 < sizeof c->kinds) {
      memcpy(c->kinds + used, k, n);
      c->kinds[used + n] = ' ';
      c->kinds[used + n + 1] = '\0';
    }
  }
  if (c->engine != NULL) {
    int64_t now = 0;
    c->reentry_rc = muster_engine_now(&now, c->engine);
    if (c->try_close) muster_engine_close(c->engine);
  }
  return c->stop_at != 0 && c->calls == c->stop_at ? 7 : 0;
}

static void callbacks_with_payload(void) {
  muster_engine *e = open_memory();
  struct collected c = {0};
  CHECK_RC(muster_engine_on_effect(e, collect, &c), MUSTER_OK);
  char ev[512];
  muster_outcome *o = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK);
  CHECK(c.calls == muster_outcome_effect_count(o));
  CHECK(!c.bad_text);
  CHECK(contains(c.kinds, "assign_command"));
  muster_outcome_free(o);
  /* A repeated event's effects were delivered the first time: not again. */
  o = SUBMIT(e, ev, MUSTER_OK);
  CHECK(c.calls == muster_outcome_effect_count(o));
  muster_outcome_free(o);
  /* Rejected events have no effects to deliver here. */
  o = SUBMIT(e, "{\"id\":\"c1\",\"kind\":\"incident.conclude\",\"at\":\"" T0_TEXT "\",\"actor\":\"wendeng_em\",\"incident\":\"NOPE\"}",
             MUSTER_EREJECTED);
  muster_outcome_free(o);
  /* Cleared: nothing is called. */
  const size_t calls = c.calls;
  CHECK_RC(muster_engine_on_effect(e, NULL, &c), MUSTER_OK);
  o = SUBMIT(e, ev_report(ev, sizeof ev, "e2", "INC-2", "rushan", 0), MUSTER_OK);
  CHECK(muster_outcome_effect_count(o) > 0);
  CHECK(c.calls == calls);
  muster_outcome_free(o);
  muster_engine_close(e);
}

static void callback_stops_delivery(void) {
  muster_engine *e = open_memory();
  struct collected c = {0};
  c.stop_at = 2;
  CHECK_RC(muster_engine_on_effect(e, collect, &c), MUSTER_OK);
  char ev[512];
  muster_outcome *o = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_EUSER);
  CHECK(o != NULL);
  CHECK(c.calls == 2);
  CHECK(contains(muster_error_last(), "returned 7"));
  /* The event still applied, and the outcome holds every effect. */
  CHECK(muster_outcome_accepted(o) == 1);
  CHECK(muster_outcome_effect_count(o) > 2);
  int rc = 0;
  char *inc = incident_text(e, "INC-1", &rc);
  CHECK(rc == MUSTER_OK && inc != NULL);
  free(inc);
  muster_outcome_free(o);
  muster_engine_close(e);
}

static void callback_may_not_reenter_its_engine(void) {
  muster_engine *e = open_memory();
  struct collected c = {0};
  c.engine = e;
  c.reentry_rc = 12345;
  c.try_close = 1;
  CHECK_RC(muster_engine_on_effect(e, collect, &c), MUSTER_OK);
  char ev[512];
  muster_outcome *o = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK);
  CHECK(strcmp(muster_error_last(), "") == 0); /* the callback's refused calls left no error behind */
  CHECK(c.calls > 0);
  CHECK(c.reentry_rc == MUSTER_EINVAL);
  muster_outcome_free(o);
  /* After delivery the engine answers again (and was not closed from inside). */
  int64_t now = 0;
  CHECK_RC(muster_engine_now(&now, e), MUSTER_OK);
  CHECK(now == T0);
  muster_engine_close(e);
}

static void advance_fires_timers(void) {
  muster_engine *e = open_memory();
  char ev[512];
  muster_outcome *o = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK);
  muster_outcome_free(o);
  o = SUBMIT(e, ev_draft(ev, sizeof ev, "e2", "INC-1", "wendeng", 1), MUSTER_OK);
  CHECK(outcome_number(o, "request") == 1);
  muster_outcome_free(o);
  struct collected c = {0};
  CHECK_RC(muster_engine_on_effect(e, collect, &c), MUSTER_OK);
  /* Nothing due yet. */
  o = NULL;
  CHECK_RC(muster_engine_advance(&o, e, T0 + 120), MUSTER_OK);
  CHECK(o != NULL && muster_outcome_accepted(o) == 1 && muster_outcome_effect_count(o) == 0);
  muster_outcome_free(o);
  /* The approval step's timeout (15 minutes) passes: silence's first action is a reminder. */
  o = NULL;
  CHECK_RC(muster_engine_advance(&o, e, T0 + 17 * 60), MUSTER_OK);
  CHECK(muster_outcome_effect_count(o) >= 1);
  CHECK(c.calls == muster_outcome_effect_count(o));
  CHECK(contains(c.kinds, "remind"));
  muster_outcome_free(o);
  int64_t now = 0;
  CHECK_RC(muster_engine_now(&now, e), MUSTER_OK);
  CHECK(now == T0 + 17 * 60);
  /* Time does not run backwards. */
  o = NULL;
  CHECK_RC(muster_engine_advance(&o, e, T0), MUSTER_EREJECTED);
  CHECK(o != NULL && muster_outcome_accepted(o) == 0);
  char *text = outcome_text(o);
  CHECK(contains(text, "stale_time"));
  free(text);
  muster_outcome_free(o);
  muster_engine_close(e);
}

static void now_before_any_input(void) {
  muster_engine *e = open_memory();
  int64_t now = 0;
  CHECK_RC(muster_engine_now(&now, e), MUSTER_OK);
  CHECK(now == INT64_MIN);
  CHECK_RC(muster_engine_now(NULL, e), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "out is NULL"));
  muster_engine_close(e);
}

/* muster_engine_last_outcome: the last input's outcome again, as its call gave it (JSON,
 * status, error), owned by the caller; none before the first input. */
static void last_outcome_is_the_last_inputs_outcome_again(void) {
  muster_engine *e = open_memory();
  muster_outcome *last = (muster_outcome *)e; /* must come back NULL */
  CHECK_RC(muster_engine_last_outcome(&last, e), MUSTER_ENOTFOUND);
  CHECK(last == NULL);
  CHECK(contains(muster_error_last(), "muster_engine_last_outcome: the engine has answered no input"));

  char ev[512];
  muster_outcome *o = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK);
  char *given = outcome_text(o);
  const size_t effects = muster_outcome_effect_count(o);
  muster_outcome_free(o);
  CHECK_RC(muster_engine_last_outcome(&last, e), MUSTER_OK);
  CHECK(last != NULL);
  char *again = outcome_text(last);
  CHECK(given != NULL && again != NULL && strcmp(given, again) == 0);
  CHECK(muster_outcome_accepted(last) == 1);
  CHECK(muster_outcome_status(last) == MUSTER_OK);
  CHECK(strcmp(muster_outcome_error(last), "") == 0);
  CHECK(muster_outcome_effect_count(last) == effects);
  CHECK(muster_outcome_seq(last) == 1);
  muster_effect first;
  CHECK_RC(muster_outcome_effect(&first, last, 0), MUSTER_OK);
  CHECK(first.seq == 1 && first.index == 0 && first.count == effects);
  free(given);
  free(again);
  muster_outcome_free(last);

  /* A rejection: its status and error as submit returned them. */
  o = SUBMIT(e,
             "{\"id\":\"c1\",\"kind\":\"incident.conclude\",\"at\":\"" T0_TEXT "\",\"actor\":\"wendeng_em\","
             "\"incident\":\"NOPE\"}",
             MUSTER_EREJECTED);
  char why[512];
  snprintf(why, sizeof why, "%s", muster_outcome_error(o));
  muster_outcome_free(o);
  CHECK_RC(muster_engine_last_outcome(&last, e), MUSTER_OK);
  CHECK(muster_outcome_accepted(last) == 0);
  CHECK(muster_outcome_status(last) == MUSTER_EREJECTED);
  CHECK(muster_outcome_reason(last) == MUSTER_REJECTION_UNKNOWN_INCIDENT);
  CHECK(strcmp(muster_outcome_error(last), why) == 0);
  CHECK(contains(why, "muster_engine_submit: rejected: unknown_incident"));
  muster_outcome_free(last);

  /* An advance is an input too; each call gives a new outcome of its own. */
  o = NULL;
  CHECK_RC(muster_engine_advance(&o, e, T0 + 60), MUSTER_OK);
  muster_outcome_free(o);
  muster_outcome *a = NULL, *b = NULL;
  CHECK_RC(muster_engine_last_outcome(&a, e), MUSTER_OK);
  CHECK_RC(muster_engine_last_outcome(&b, e), MUSTER_OK);
  CHECK(a != NULL && b != NULL && a != b);
  CHECK(muster_outcome_accepted(a) == 1 && muster_outcome_effect_count(a) == 0);
  muster_outcome_free(a);
  muster_outcome_free(b);

  /* A batch: its last event line. */
  const char *jsonl = "# a comment\n{\"id\":\"b1\",\"kind\":\"incident.conclude\",\"at\":\"" T0_TEXT
                      "\",\"actor\":\"wendeng_em\",\"incident\":\"NOPE\"}\n{\"broken\"\n";
  muster_batch *batch = NULL;
  CHECK_RC(muster_engine_submit_batch(&batch, e, jsonl, strlen(jsonl)), MUSTER_EREJECTED);
  CHECK(muster_batch_count(batch) == 2);
  muster_batch_free(batch);
  CHECK_RC(muster_engine_last_outcome(&last, e), MUSTER_OK);
  CHECK(muster_outcome_status(last) == MUSTER_EMALFORMED);
  CHECK(muster_outcome_reason(last) == MUSTER_REJECTION_MALFORMED);
  CHECK(contains(muster_outcome_error(last), "(line 3: event 2 of the batch's 2)"));
  muster_outcome_free(last);

  CHECK_RC(muster_engine_last_outcome(NULL, e), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "out is NULL"));
  last = (muster_outcome *)e;
  CHECK_RC(muster_engine_last_outcome(&last, NULL), MUSTER_EINVAL);
  CHECK(last == NULL);
  CHECK(contains(muster_error_last(), "engine is NULL"));
  muster_engine_close(e);
}

int main(void) {
  static const struct harness_test tests[] = {
      HARNESS_TEST(accepted_event),
      HARNESS_TEST(freed_outcomes_leave_nothing_behind),
      HARNESS_TEST(buffer_protocol),
      HARNESS_TEST(submit_null_arguments),
      HARNESS_TEST(event_text_need_not_be_nul_terminated),
      HARNESS_TEST(malformed_event),
      HARNESS_TEST(the_whole_length_is_the_event_a_nul_is_a_located_refusal),
      HARNESS_TEST(detail_with_escapes),
      HARNESS_TEST(unknown_incident_is_rejected),
      HARNESS_TEST(repeated_event_returns_the_first_outcome),
      HARNESS_TEST(callbacks_with_payload),
      HARNESS_TEST(callback_stops_delivery),
      HARNESS_TEST(callback_may_not_reenter_its_engine),
      HARNESS_TEST(advance_fires_timers),
      HARNESS_TEST(now_before_any_input),
      HARNESS_TEST(last_outcome_is_the_last_inputs_outcome_again),
  };
  return harness_run(tests, sizeof tests / sizeof tests[0]);
}
