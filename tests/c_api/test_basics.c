/* Version, the last error, opening and closing engines, and NULLs into every function. */
#include "harness.h"
#include "support.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void version_functions(void) {
  CHECK(muster_version_number() == MUSTER_VERSION_NUMBER);
  CHECK(muster_version_number() == 100U);
  CHECK(muster_version() != NULL);
  CHECK(strcmp(muster_version(), "0.1.0") == 0);
  CHECK(strcmp(muster_error_last(), "") == 0);
}

static void error_last_is_never_null(void) {
  CHECK(muster_error_last() != NULL);
  CHECK_RC(muster_engine_open(NULL, POLICY_PATH, FORCES_PATH, NULL), MUSTER_EINVAL);
  CHECK(muster_error_last() != NULL);
  CHECK(contains(muster_error_last(), "out is NULL"));
  /* The name functions leave it as it was (test_errors.c has the whole rule). */
  CHECK(muster_version_number() == MUSTER_VERSION_NUMBER);
  CHECK(contains(muster_error_last(), "out is NULL"));
  /* Every failure leaves a message. */
  CHECK_RC(muster_engine_now(NULL, NULL), MUSTER_EINVAL);
  CHECK(strlen(muster_error_last()) > 0);
  muster_engine_close(NULL);
  CHECK(strcmp(muster_error_last(), "") == 0);
}

static void open_null_arguments(void) {
  muster_engine *e = (muster_engine *)(uintptr_t)1;  /* must be reset to NULL on failure */
  CHECK_RC(muster_engine_open(NULL, POLICY_PATH, FORCES_PATH, NULL), MUSTER_EINVAL);
  CHECK_RC(muster_engine_open(&e, NULL, FORCES_PATH, NULL), MUSTER_EINVAL);
  CHECK(e == NULL);
  CHECK(contains(muster_error_last(), "policy_path is NULL"));
  e = (muster_engine *)(uintptr_t)1;
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, NULL, NULL), MUSTER_EINVAL);
  CHECK(e == NULL);
  CHECK(contains(muster_error_last(), "forces_path is NULL"));
  /* options NULL is legal: defaults, in memory. */
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, NULL), MUSTER_OK);
  CHECK(e != NULL);
  CHECK(strcmp(muster_error_last(), "") == 0);
  muster_engine_close(e);
}

static void open_bad_options(void) {
  muster_engine *e = NULL;
  muster_options o = MUSTER_OPTIONS_INIT;
  o.version = 99;
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, &o), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "version"));
  muster_options d = MUSTER_OPTIONS_INIT;
  d.durability = 7;
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, &d), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "durability"));
  muster_options b = MUSTER_OPTIONS_INIT;
  b.batch_size = 0;
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, &b), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "batch_size"));
  CHECK(e == NULL);
  /* The defaults as written, with "" for the journal: in memory. */
  muster_options m = MUSTER_OPTIONS_INIT;
  m.journal_path = "";
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, &m), MUSTER_OK);
  muster_engine_close(e);
}

/* Issue 10, item 8: one input moves the clock at most max_clock_step (the policy's 31 days by
 * default); MUSTER_CLOCK_STEP_POLICY keeps the policy's, 0 lifts it, a negative other value is refused. */
static void max_clock_step_bounds_one_input(void) {
  const char *report =
      "{\"id\":\"r1\",\"kind\":\"incident.report\",\"at\":\"2026-10-10T09:00:00+08:00\",\"actor\":\"wendeng_water\","
      "\"incident\":\"f1\",\"jurisdiction\":\"wendeng\",\"incident_type\":\"flood\",\"grade\":\"general\"}";
  const char *year_2062 = "{\"id\":\"t1\",\"kind\":\"clock.advance\",\"at\":\"2062-10-10T09:00:00+08:00\"}";
  muster_engine *e = NULL;
  muster_options o = MUSTER_OPTIONS_INIT;
  CHECK(o.max_clock_step == MUSTER_CLOCK_STEP_POLICY);
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, &o), MUSTER_OK);
  muster_outcome_free(SUBMIT(e, report, MUSTER_OK));
  muster_outcome *jump = SUBMIT(e, year_2062, MUSTER_EREJECTED);
  char *text = outcome_text(jump);
  CHECK(contains(text, "\"clock_jump\""));
  CHECK(contains(text, "2062-10-10T09:00:00+08:00 is more than 31d after the engine's clock 2026-10-10T09:00:00+08:00"));
  free(text);
  muster_outcome_free(jump);
  muster_engine_close(e);

  o.max_clock_step = 0;
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, &o), MUSTER_OK);
  muster_outcome_free(SUBMIT(e, report, MUSTER_OK));
  muster_outcome_free(SUBMIT(e, year_2062, MUSTER_OK));
  muster_engine_close(e);

  o.max_clock_step = -2;
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, &o), MUSTER_EINVAL);
  CHECK(e == NULL);
  CHECK(contains(muster_error_last(), "max_clock_step"));
}

static void open_bad_policy(void) {
  muster_engine *e = NULL;
  CHECK_RC(muster_engine_open(&e, MUSTER_SOURCE_DIR "/rules/no-such-policy.yaml", FORCES_PATH, NULL), MUSTER_EPOLICY);
  CHECK(e == NULL);
  CHECK(contains(muster_error_last(), "no-such-policy.yaml"));
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, MUSTER_SOURCE_DIR "/rules/no-such-forces.yaml", NULL), MUSTER_EPOLICY);
  CHECK(e == NULL);
  CHECK(contains(muster_error_last(), "force registry"));
  /* The policy given as the registry. */
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, POLICY_PATH, NULL), MUSTER_EPOLICY);
  CHECK(e == NULL);
}

static void legal_open_close_patterns(void) {
  /* Two engines on one policy at once, each with its own state. */
  muster_engine *a = open_memory(), *b = open_memory();
  CHECK(a != NULL && b != NULL && a != b);
  char buf[512];
  muster_outcome *o = SUBMIT(a, ev_report(buf, sizeof buf, "e1", "I-1", "wendeng", 0), MUSTER_OK);
  muster_outcome_free(o);
  char da[65], db[65];
  CHECK_RC(muster_engine_state_digest(da, sizeof da, a), MUSTER_OK);
  CHECK_RC(muster_engine_state_digest(db, sizeof db, b), MUSTER_OK);
  CHECK(strcmp(da, db) != 0);
  muster_engine_close(a);
  muster_engine_close(b);
  /* Open, close, open again. */
  a = open_memory();
  muster_engine_close(a);
  a = open_memory();
  CHECK_RC(muster_engine_state_digest(da, sizeof da, a), MUSTER_OK);
  CHECK(strcmp(da, db) == 0); /* a fresh engine: the same empty state as b had */
  muster_engine_close(a);
  muster_engine_close(NULL);
  muster_engine_close(NULL);
}

static void outcome_accessors_accept_null(void) {
  muster_outcome_free(NULL); /* fine, and leaves the last error as it was */
  CHECK(muster_outcome_accepted(NULL) == 0);
  CHECK(contains(muster_error_last(), "outcome is NULL"));
  CHECK(muster_outcome_effect_count(NULL) == 0);
  CHECK(contains(muster_error_last(), "outcome is NULL"));
  char buf[16];
  size_t len = 99;
  CHECK_RC(muster_outcome_json(buf, sizeof buf, &len, NULL), MUSTER_EINVAL);
  CHECK_RC(muster_outcome_effect_json(buf, sizeof buf, &len, NULL, 0), MUSTER_EINVAL);
}

static void every_engine_function_refuses_null_engine(void) {
  muster_outcome *o = (muster_outcome *)(uintptr_t)1;
  char buf[128];
  size_t len = 0;
  int64_t now = 0;
  CHECK_RC(muster_engine_submit(&o, NULL, "{}", 2), MUSTER_EINVAL);
  CHECK(o == NULL);
  CHECK(contains(muster_error_last(), "engine is NULL"));
  o = (muster_outcome *)(uintptr_t)1;
  CHECK_RC(muster_engine_advance(&o, NULL, T0), MUSTER_EINVAL);
  CHECK(o == NULL);
  CHECK_RC(muster_engine_on_effect(NULL, NULL, NULL), MUSTER_EINVAL);
  CHECK_RC(muster_engine_incident(buf, sizeof buf, &len, NULL, "I-1"), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "engine is NULL"));
  CHECK_RC(muster_engine_request(buf, sizeof buf, &len, NULL, 1), MUSTER_EINVAL);
  CHECK_RC(muster_engine_order(buf, sizeof buf, &len, NULL, 1), MUSTER_EINVAL);
  CHECK_RC(muster_engine_deadlines(buf, sizeof buf, &len, NULL), MUSTER_EINVAL);
  CHECK_RC(muster_engine_state_digest(buf, sizeof buf, NULL), MUSTER_EINVAL);
  CHECK_RC(muster_engine_now(&now, NULL), MUSTER_EINVAL);
}

int main(void) {
  static const struct harness_test tests[] = {
      HARNESS_TEST(version_functions),
      HARNESS_TEST(error_last_is_never_null),
      HARNESS_TEST(open_null_arguments),
      HARNESS_TEST(open_bad_options),
      HARNESS_TEST(open_bad_policy),
      HARNESS_TEST(max_clock_step_bounds_one_input),
      HARNESS_TEST(legal_open_close_patterns),
      HARNESS_TEST(outcome_accessors_accept_null),
      HARNESS_TEST(every_engine_function_refuses_null_engine),
  };
  return harness_run(tests, sizeof tests / sizeof tests[0]);
}
