/* Schedules from C (roll-calls 3.2.2, drill report rounds 3.2.3) on the reference policy's
 * schedules: block: the calls a run makes as effects, muster_engine_run and _run_count, the
 * worklist and deadlines that name runs, schedule.answer, unknown_run, and the refusals. */
#include "harness.h"
#include "support.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 2026-11-01T09:00:00+08:00: the month's duty roll-call (duty_roll_call, day 1 at 09:00). */
#define ROLL_CALL (T0 + 22LL * 86400)
#define ROLL_CALL_TEXT "2026-11-01T09:00:00+08:00"

/* An engine whose clock starts on 16 October (after the base-data upkeep run of the 15th, 3.2.1)
 * and has moved to the roll-call: run 1 is open. */
static muster_engine *after_roll_call(muster_outcome **calls) {
  muster_engine *e = open_memory();
  muster_outcome *o = NULL;
  char ev[256];
  snprintf(ev, sizeof ev, "{\"id\":\"start\",\"kind\":\"clock.advance\",\"at\":%lld}", T0 + 6LL * 86400);
  muster_outcome_free(SUBMIT(e, ev, MUSTER_OK));
  CHECK_RC(muster_engine_advance(&o, e, ROLL_CALL), MUSTER_OK);
  if (calls != NULL) *calls = o;
  else muster_outcome_free(o);
  return e;
}

/* The index of the first effect of `o` whose JSON holds every needle (NULL-terminated), or -1. */
static long find_effect(const muster_outcome *o, const char *const *needles) {
  const size_t n = muster_outcome_effect_count(o);
  for (size_t i = 0; i < n; ++i) {
    char *j = effect_text(o, i);
    int all = j != NULL;
    for (const char *const *p = needles; all && *p != NULL; ++p) all = contains(j, *p);
    free(j);
    if (all) return (long)i;
  }
  return -1;
}

static void a_run_calls_each_force_through_its_owner(void) {
  muster_outcome *o = NULL;
  muster_engine *e = after_roll_call(&o);
  const char *const call[] = {"\"kind\":\"schedule_call\"", "\"topic\":\"answer_due\"", "\"run\":1,",
                              "\"to\":\"wendeng_water\"", "\"from\":\"wendeng_fire\"", "\"force\":\"wendeng_flood_team\"",
                              "\"schedule\":\"duty_roll_call\"", "\"at\":\"" ROLL_CALL_TEXT "\"", NULL};
  const long i = find_effect(o, call);
  CHECK(i >= 0);
  if (i >= 0) {
    muster_effect view;
    CHECK_RC(muster_outcome_effect(&view, o, (size_t)i), MUSTER_OK);
    CHECK(view.kind == MUSTER_EFFECT_SCHEDULE_CALL);
    CHECK(strcmp(muster_effect_kind_str(view.kind), "schedule_call") == 0);
  }
  muster_outcome_free(o);

  uint32_t runs = 99;
  CHECK_RC(muster_engine_run_count(&runs, e), MUSTER_OK);
  CHECK(runs == 1);
  muster_engine_close(e);
}

static void run_query(void) {
  muster_engine *e = after_roll_call(NULL);
  int rc = 0;
  char *j = run_text(e, 1, &rc);
  CHECK(rc == MUSTER_OK && j != NULL);
  CHECK(contains(j, "{\"id\":1,\"schedule\":\"duty_roll_call\",\"answer\":\"acknowledge\",\"state\":\"open\","));
  CHECK(contains(j, "\"opened_at\":\"" ROLL_CALL_TEXT "\""));
  CHECK(json_int(j, "opened_at_unix") == ROLL_CALL);
  CHECK(contains(j, "\"closed_at\":null,\"closed_at_unix\":null"));
  /* The flood team's call, pending: its owner answers, the Wendeng fire team called. */
  CHECK(contains(j, "{\"organisation\":\"wendeng_water\",\"force\":\"wendeng_flood_team\",\"called_by\":\"wendeng_fire\","
                    "\"state\":\"pending\",\"due\":\""));
  CHECK(contains(j, "\"answered_at\":null,\"answered_at_unix\":null,\"silences\":0}"));
  free(j);

  /* The owner answers for its force; the call is answered, at that time. */
  char ev[256];
  snprintf(ev, sizeof ev,
           "{\"id\":\"a1\",\"kind\":\"schedule.answer\",\"at\":%lld,\"actor\":\"wendeng_water\",\"run\":1,"
           "\"force\":\"wendeng_flood_team\"}",
           ROLL_CALL + 600);
  muster_outcome_free(SUBMIT(e, ev, MUSTER_OK));
  j = run_text(e, 1, &rc);
  CHECK(rc == MUSTER_OK);
  CHECK(contains(j, "{\"organisation\":\"wendeng_water\",\"force\":\"wendeng_flood_team\",\"called_by\":\"wendeng_fire\","
                    "\"state\":\"answered\","));
  CHECK(contains(j, "\"answered_at\":\"2026-11-01T09:10:00+08:00\""));
  free(j);

  /* No such run: ENOTFOUND, an empty buffer, the last error saying how many there are. */
  char buf[64] = "junk";
  size_t len = 99;
  CHECK_RC(muster_engine_run(buf, sizeof buf, &len, e, 2), MUSTER_ENOTFOUND);
  CHECK(len == 0 && buf[0] == '\0');
  CHECK(contains(muster_error_last(), "no run 2 (runs are numbered 1 … 1)"));
  CHECK_RC(muster_engine_run(buf, sizeof buf, &len, e, 0), MUSTER_ENOTFOUND);
  /* Too small a buffer: EBUFSIZE with the size needed. */
  CHECK_RC(muster_engine_run(buf, sizeof buf, &len, e, 1), MUSTER_EBUFSIZE);
  CHECK(len > sizeof buf);
  muster_engine_close(e);
}

static void worklist_and_deadlines_name_the_run(void) {
  muster_engine *e = after_roll_call(NULL);
  int rc = 0;
  char *j = worklist_text(e, "wendeng_water", &rc);
  CHECK(rc == MUSTER_OK);
  CHECK(contains(j, "\"kind\":\"schedule_answer\""));
  CHECK(contains(j, "\"force\":\"wendeng_flood_team\",\"warning\":null,\"run\":1,\"schedule\":\"duty_roll_call\"}"));
  free(j);
  j = deadlines_text(e, &rc);
  CHECK(rc == MUSTER_OK);
  CHECK(contains(j, "\"kind\":\"schedule_call\""));
  CHECK(contains(j, "\"organisation\":\"wendeng_water\",\"period\":null,\"warning\":null,\"run\":1,\"schedule\":\"duty_roll_call\"}"));
  /* Each schedule's next run is a deadline too, of kind schedule_run, owed by nobody: the
   * roll-call's next one is on 1 December at 09:00. */
  CHECK(contains(j, "{\"due\":\"2026-12-01T09:00:00+08:00\",\"due_unix\":1796086800,\"kind\":\"schedule_run\","
                    "\"incident\":null,\"request\":null,\"chain\":null,\"order\":null,\"organisation\":null,\"period\":null,"
                    "\"warning\":null,\"run\":null,\"schedule\":\"duty_roll_call\"}"));
  free(j);
  /* It wakes the host as every deadline does: muster_engine_next_due is the earliest timer. */
  int64_t next = 0;
  CHECK_RC(muster_engine_next_due(&next, e), MUSTER_OK);
  CHECK(next > ROLL_CALL && next < INT64_MAX);
  muster_engine_close(e);
}

static void unknown_run_is_a_typed_rejection(void) {
  muster_engine *e = after_roll_call(NULL);
  char ev[256];
  snprintf(ev, sizeof ev,
           "{\"id\":\"a9\",\"kind\":\"schedule.answer\",\"at\":%lld,\"actor\":\"wendeng_water\",\"run\":9,"
           "\"force\":\"wendeng_flood_team\"}",
           ROLL_CALL + 60);
  muster_outcome *o = SUBMIT(e, ev, MUSTER_EREJECTED);
  CHECK(muster_outcome_reason(o) == MUSTER_REJECTION_UNKNOWN_RUN);
  CHECK(strcmp(muster_rejection_str(MUSTER_REJECTION_UNKNOWN_RUN), "unknown_run") == 0);
  CHECK(contains(muster_outcome_error(o), "unknown_run"));
  muster_outcome_free(o);
  /* The codec refuses a run of 0 before the engine sees it. */
  snprintf(ev, sizeof ev, "{\"id\":\"a0\",\"kind\":\"schedule.answer\",\"at\":%lld,\"actor\":\"wendeng_water\",\"run\":0}",
           ROLL_CALL + 60);
  o = SUBMIT(e, ev, MUSTER_EMALFORMED);
  CHECK(contains(muster_outcome_error(o), "run: expected a positive integer"));
  muster_outcome_free(o);
  muster_engine_close(e);
}

static void refusals(void) {
  muster_engine *e = open_memory();
  char buf[256];
  size_t len = 0;
  /* Before any run: ENOTFOUND, saying none has run. */
  CHECK_RC(muster_engine_run(buf, sizeof buf, &len, e, 1), MUSTER_ENOTFOUND);
  CHECK(contains(muster_error_last(), "no run 1 (no schedule has run yet)"));
  uint32_t runs = 7;
  CHECK_RC(muster_engine_run_count(&runs, e), MUSTER_OK);
  CHECK(runs == 0);
  /* NULLs. */
  CHECK_RC(muster_engine_run(buf, sizeof buf, &len, NULL, 1), MUSTER_EINVAL);
  CHECK_RC(muster_engine_run(buf, sizeof buf, NULL, e, 1), MUSTER_EINVAL);
  CHECK_RC(muster_engine_run_count(NULL, e), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "out is NULL"));
  CHECK_RC(muster_engine_run_count(&runs, NULL), MUSTER_EINVAL);
  muster_engine_close(e);
}

int main(void) {
  static const struct harness_test tests[] = {
      HARNESS_TEST(a_run_calls_each_force_through_its_owner),
      HARNESS_TEST(run_query),
      HARNESS_TEST(worklist_and_deadlines_name_the_run),
      HARNESS_TEST(unknown_run_is_a_typed_rejection),
      HARNESS_TEST(refusals),
  };
  return harness_run(tests, sizeof tests / sizeof tests[0]);
}
