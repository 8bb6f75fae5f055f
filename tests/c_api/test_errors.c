/* Honest errors: muster_error_last() after every status that is not MUSTER_OK (including a
 * rejection and a malformed event), kept while the outcome is read; the outcome's own message;
 * muster_status_str for every code and for codes that are none. */
#include "harness.h"
#include "support.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The last error is not empty, and holds `needle`. */
#define CHECK_ERROR_SAYS(needle)                                 \
  do {                                                           \
    CHECK(muster_error_last() != NULL);                          \
    CHECK(strlen(muster_error_last()) > 0);                      \
    CHECK(contains(muster_error_last(), (needle)));              \
  } while (0)

static void status_str_names_every_code(void) {
  static const struct {
    int status;
    const char *name;
  } codes[] = {
      {MUSTER_OK, "ok"},
      {MUSTER_EINVAL, "invalid argument"},
      {MUSTER_EPOLICY, "policy does not compile"},
      {MUSTER_EJOURNAL, "journal error"},
      {MUSTER_EREJECTED, "rejected"},
      {MUSTER_EMALFORMED, "malformed event"},
      {MUSTER_EBUFSIZE, "buffer too small"},
      {MUSTER_ENOTFOUND, "not found"},
      {MUSTER_EUSER, "stopped by a callback"},
      {MUSTER_EINTERNAL, "internal error"},
  };
  for (size_t i = 0; i < sizeof codes / sizeof codes[0]; ++i) {
    CHECK(muster_status_str(codes[i].status) != NULL);
    CHECK(strcmp(muster_status_str(codes[i].status), codes[i].name) == 0);
    /* Static: the same pointer every time. */
    CHECK(muster_status_str(codes[i].status) == muster_status_str(codes[i].status));
  }
  /* Anything else is "unknown status", never NULL. */
  const int unknown[] = {1, 2, 100, -10, -11, -100, INT_MAX, INT_MIN};
  for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; ++i) {
    CHECK(muster_status_str(unknown[i]) != NULL);
    CHECK(strcmp(muster_status_str(unknown[i]), "unknown status") == 0);
  }
}

static void status_str_leaves_the_last_error(void) {
  CHECK_RC(muster_engine_open(NULL, POLICY_PATH, FORCES_PATH, NULL), MUSTER_EINVAL);
  CHECK(strcmp(muster_status_str(MUSTER_EINVAL), "invalid argument") == 0);
  CHECK(muster_version_number() == MUSTER_VERSION_NUMBER);
  CHECK(muster_version() != NULL);
  CHECK_ERROR_SAYS("out is NULL");
}

/* The case: rc=-5 with error_last "" — a malformed event says where and what, and still
 * does after the outcome is read (size query, then the text, then each effect). */
static void malformed_event_says_where_and_what(void) {
  muster_engine *e = open_memory();
  const char *ev = "{\"id\":\"x\",\"kind\":\"incident.report\"}";
  muster_outcome *o = SUBMIT(e, ev, MUSTER_EMALFORMED);
  CHECK_ERROR_SAYS("muster_engine_submit: malformed event: 1:1: at: required by incident.report but missing");
  CHECK(muster_outcome_accepted(o) == 0);
  CHECK(muster_outcome_effect_count(o) == 0);
  CHECK(muster_outcome_status(o) == MUSTER_EMALFORMED);
  size_t len = 0;
  CHECK_RC(muster_outcome_json(NULL, 0, &len, o), MUSTER_EBUFSIZE); /* the size query is itself a failure … */
  CHECK_ERROR_SAYS("bytes");                                        /* … and says so */
  char *text = outcome_text(o);                                     /* a successful read changes nothing */
  CHECK(contains(text, "\"reason\":\"malformed\""));
  free(text);
  CHECK_ERROR_SAYS("bytes");
  /* The outcome keeps its own message for as long as it lives. */
  CHECK(strcmp(muster_outcome_error(o), "muster_engine_submit: malformed event: 1:1: at: required by incident.report but missing") ==
        0);
  /* A column inside a line. */
  muster_outcome *o2 = SUBMIT(e, "{\"id\":\"y\",\"kind\":\"incident.report\",\"at\":tomorrow}", MUSTER_EMALFORMED);
  CHECK_ERROR_SAYS("malformed event: 1:");
  CHECK(contains(muster_outcome_error(o2), "malformed event: 1:"));
  CHECK(strcmp(muster_outcome_error(o2), muster_error_last()) == 0);
  muster_outcome_free(o2);
  /* Not JSON at all. */
  o2 = SUBMIT(e, "not json", MUSTER_EMALFORMED);
  CHECK_ERROR_SAYS("muster_engine_submit: malformed event: 1:");
  muster_outcome_free(o2);
  CHECK_ERROR_SAYS("muster_engine_submit: malformed event: 1:"); /* freeing leaves it */
  muster_outcome_free(o);
  muster_engine_close(e);
}

static void rejection_says_reason_and_detail(void) {
  muster_engine *e = open_memory();
  muster_outcome *o = SUBMIT(e,
                             "{\"id\":\"c1\",\"kind\":\"incident.conclude\",\"at\":\"" T0_TEXT "\",\"actor\":\"wendeng_em\","
                             "\"incident\":\"NOPE\"}",
                             MUSTER_EREJECTED);
  CHECK_ERROR_SAYS("muster_engine_submit: rejected: unknown_incident: no incident NOPE");
  CHECK(muster_outcome_status(o) == MUSTER_EREJECTED);
  CHECK(strcmp(muster_outcome_error(o), "muster_engine_submit: rejected: unknown_incident: no incident NOPE") == 0);
  /* Reading the outcome into a buffer that fits keeps it (the size query would be a failure of its own). */
  char text[4096];
  size_t len = 0;
  CHECK_RC(muster_outcome_json(text, sizeof text, &len, o), MUSTER_OK);
  CHECK(contains(text, "unknown_incident"));
  CHECK(muster_outcome_accepted(o) == 0 && muster_outcome_effect_count(o) == 0);
  CHECK_ERROR_SAYS("unknown_incident: no incident NOPE");
  /* The next successful input clears the thread's error, not the outcome's. */
  char ev[512];
  muster_outcome *ok = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK);
  CHECK(strcmp(muster_error_last(), "") == 0);
  CHECK(muster_outcome_status(ok) == MUSTER_OK);
  CHECK(strcmp(muster_outcome_error(ok), "") == 0);
  CHECK(contains(muster_outcome_error(o), "unknown_incident"));
  /* Advancing backwards: stale_time, with the times. */
  muster_outcome *back = NULL;
  CHECK_RC(muster_engine_advance(&back, e, T0 - 3600), MUSTER_EREJECTED);
  CHECK_ERROR_SAYS("muster_engine_advance: rejected: stale_time: ");
  CHECK(muster_outcome_status(back) == MUSTER_EREJECTED);
  CHECK(strcmp(muster_outcome_error(back), muster_error_last()) == 0);
  /* A repeated id of an accepted event is OK (a duplicate), and says nothing. */
  muster_outcome *again = SUBMIT(e, ev, MUSTER_OK);
  CHECK(strcmp(muster_error_last(), "") == 0);
  CHECK(strcmp(muster_outcome_error(again), "") == 0);
  muster_outcome_free(again);
  muster_outcome_free(back);
  muster_outcome_free(ok);
  muster_outcome_free(o);
  muster_engine_close(e);
}

/* Each outcome of a batch has its own status and message, naming its line; the call's error is
 * the first problem's. */
static void batch_outcomes_say_why(void) {
  muster_engine *e = open_memory();
  char report[512];
  ev_report(report, sizeof report, "e1", "INC-1", "wendeng", 0);
  char text[2048];
  snprintf(text, sizeof text,
           "%s\n\n{\"id\":\"c1\",\"kind\":\"incident.conclude\",\"at\":\"" T0_TEXT
           "\",\"actor\":\"wendeng_em\",\"incident\":\"NOPE\"}\n{\"id\":\"x\"}\n",
           report);
  muster_batch *b = NULL;
  CHECK_RC(muster_engine_submit_batch(&b, e, text, strlen(text)), MUSTER_EREJECTED);
  CHECK_ERROR_SAYS("rejected: unknown_incident: no incident NOPE (line 3: event 2 of the batch's 3)");
  CHECK(muster_batch_count(b) == 3);
  const muster_outcome *o = NULL;
  CHECK_RC(muster_batch_outcome(&o, b, 0), MUSTER_OK);
  CHECK(muster_outcome_status(o) == MUSTER_OK && strcmp(muster_outcome_error(o), "") == 0);
  CHECK_RC(muster_batch_outcome(&o, b, 1), MUSTER_OK);
  CHECK(muster_outcome_status(o) == MUSTER_EREJECTED);
  CHECK(contains(muster_outcome_error(o), "unknown_incident: no incident NOPE (line 3: event 2"));
  CHECK_RC(muster_batch_outcome(&o, b, 2), MUSTER_OK);
  CHECK(muster_outcome_status(o) == MUSTER_EMALFORMED);
  CHECK(muster_batch_status(b, 2) == MUSTER_EMALFORMED);
  CHECK(contains(muster_outcome_error(o), "malformed event: 1:"));
  CHECK(contains(muster_outcome_error(o), "(line 4: event 3 of the batch's 3)"));
  /* Reading the batch kept the call's error. */
  CHECK_ERROR_SAYS("(line 3: event 2 of the batch's 3)");
  /* Out of range is the reader's own failure. */
  CHECK_RC(muster_batch_outcome(&o, b, 3), MUSTER_EINVAL);
  CHECK(o == NULL);
  CHECK_ERROR_SAYS("index 3 is out of range (the batch has 3 outcomes)");
  muster_batch_free(b);
  CHECK_ERROR_SAYS("index 3 is out of range"); /* freeing leaves it too */
  muster_engine_close(e);
}

/* Every non-OK status leaves a message: a sweep over the kinds of failure each function has. */
#define FAILS(call, want, says)  \
  do {                           \
    CHECK_RC((call), (want));    \
    CHECK_ERROR_SAYS(says);      \
  } while (0)

static void every_failure_leaves_a_message(void) {
  muster_engine *e = open_memory();
  char buf[8];
  size_t len = 0;
  int64_t now = 0;
  uint64_t seq = 0;
  muster_outcome *o = NULL;
  muster_batch *batch = NULL;
  const muster_outcome *borrowed = NULL;
  muster_journal_head head;
  muster_recovery rec;
  memset(&rec, 0, sizeof rec);
  FAILS(muster_engine_open(NULL, POLICY_PATH, FORCES_PATH, NULL), MUSTER_EINVAL, "out is NULL");
  FAILS(muster_engine_submit(NULL, e, "{}", 2), MUSTER_EINVAL, "out is NULL");
  FAILS(muster_engine_submit(&o, NULL, "{}", 2), MUSTER_EINVAL, "engine is NULL");
  FAILS(muster_engine_submit(&o, e, NULL, 2), MUSTER_EINVAL, "event_json is NULL");
  FAILS(muster_engine_submit_batch(&batch, e, NULL, 2), MUSTER_EINVAL, "jsonl is NULL");
  FAILS(muster_engine_advance(&o, e, -1), MUSTER_EINVAL, "t is -1");
  FAILS(muster_engine_on_effect(NULL, NULL, NULL), MUSTER_EINVAL, "engine is NULL");
  FAILS(muster_validate(buf, sizeof buf, NULL, POLICY_PATH, NULL), MUSTER_EINVAL, "out_len is NULL");
  FAILS(muster_validate(NULL, 4, &len, POLICY_PATH, NULL), MUSTER_EINVAL, "out is NULL but out_cap is 4");
  FAILS(muster_validate(buf, sizeof buf, &len, POLICY_PATH, NULL), MUSTER_EBUFSIZE, "are needed");
  FAILS(muster_engine_incident(buf, sizeof buf, &len, e, "NOPE"), MUSTER_ENOTFOUND, "no incident 'NOPE'");
  FAILS(muster_engine_incident_n(buf, sizeof buf, &len, e, "A\0B", 3), MUSTER_EINVAL, "holds a NUL at byte 1");
  FAILS(muster_engine_request(buf, sizeof buf, &len, e, 42), MUSTER_ENOTFOUND, "no request 42");
  FAILS(muster_engine_order(buf, sizeof buf, &len, e, 42), MUSTER_ENOTFOUND, "no order 42");
  FAILS(muster_engine_deadlines(buf, 1, &len, e), MUSTER_EBUFSIZE, "are needed");
  FAILS(muster_engine_state_digest(buf, sizeof buf, e), MUSTER_EBUFSIZE, "are needed");
  FAILS(muster_engine_now(NULL, e), MUSTER_EINVAL, "out is NULL");
  FAILS(muster_engine_journal_seq(&seq, NULL, e), MUSTER_EINVAL, "out_durable is NULL");
  FAILS(muster_engine_journal_head(&head, e), MUSTER_EINVAL, "has no journal");
  FAILS(muster_engine_recovery(&rec, e), MUSTER_EINVAL, "out->version is 0");
  FAILS(muster_outcome_json(buf, sizeof buf, &len, NULL), MUSTER_EINVAL, "outcome is NULL");
  FAILS(muster_outcome_effect_json(buf, sizeof buf, &len, NULL, 0), MUSTER_EINVAL, "outcome is NULL");
  FAILS(muster_outcome_status(NULL), MUSTER_EINVAL, "outcome is NULL");
  FAILS(muster_batch_outcome(&borrowed, NULL, 0), MUSTER_EINVAL, "batch is NULL");
  FAILS(muster_batch_status(NULL, 0), MUSTER_EINVAL, "batch is NULL");
  CHECK(strcmp(muster_outcome_error(NULL), "") == 0);
  CHECK_ERROR_SAYS("outcome is NULL");
  /* And a successful engine call clears it. */
  CHECK_RC(muster_engine_now(&now, e), MUSTER_OK);
  CHECK(strcmp(muster_error_last(), "") == 0);
  muster_engine_close(e);
}

/* A callback that stops delivery: MUSTER_EUSER says which effect; the outcome is still OK. */
static int stop_at_first(const muster_effect *effect, void *payload) {
  const char *json = effect->json;
  const size_t len = effect->len;
  (void)json;
  (void)len;
  ++*(int *)payload;
  return 7;
}

static void stopped_delivery_says_where(void) {
  muster_engine *e = open_memory();
  int calls = 0;
  CHECK_RC(muster_engine_on_effect(e, stop_at_first, &calls), MUSTER_OK);
  char ev[512];
  muster_outcome *o = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_EUSER);
  CHECK(calls == 1);
  CHECK_ERROR_SAYS("the effect callback returned 7 at effect 1 of");
  CHECK(muster_outcome_status(o) == MUSTER_OK);
  CHECK(strcmp(muster_outcome_error(o), "") == 0);
  muster_outcome_free(o);
  muster_engine_close(e);
}

int main(void) {
  static const struct harness_test tests[] = {
      HARNESS_TEST(status_str_names_every_code),
      HARNESS_TEST(status_str_leaves_the_last_error),
      HARNESS_TEST(malformed_event_says_where_and_what),
      HARNESS_TEST(rejection_says_reason_and_detail),
      HARNESS_TEST(batch_outcomes_say_why),
      HARNESS_TEST(every_failure_leaves_a_message),
      HARNESS_TEST(stopped_delivery_says_where),
  };
  return harness_run(tests, sizeof tests / sizeof tests[0]);
}
