/* muster_report (5.1): the scorecards of a journal an engine wrote, through the two-call buffer
 * protocol; its options; and the refusals — a damaged journal, a broken policy, bad options. */
#include "harness.h"
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The report as a malloc'd string (NULL when the call fails: its status in *rc). One short,
 * then exactly enough, as every buffer call. */
static char *report_text(const char *journal, const char *options, int *rc) {
  const size_t options_len = options ? strlen(options) : 0;
  size_t len = 0;
  *rc = muster_report(NULL, 0, &len, POLICY_PATH, FORCES_PATH, journal, options, options_len);
  if (*rc != MUSTER_EBUFSIZE) return NULL;
  char *buf = malloc(len + 1);
  size_t len2 = 0;
  CHECK_RC(muster_report(buf, len, &len2, POLICY_PATH, FORCES_PATH, journal, options, options_len), MUSTER_EBUFSIZE);
  CHECK(len2 == len);
  *rc = muster_report(buf, len + 1, &len2, POLICY_PATH, FORCES_PATH, journal, options, options_len);
  CHECK(len2 == len && strlen(buf) == len);
  return buf;
}

/* A journal with one incident: a call plan for 文登区消防救援大队's own brigade, approved, the
 * order acknowledged 4 minutes after it was issued. */
static void write_journal(const char *journal) {
  muster_engine *e = open_journaled(journal);
  char ev[512];
  muster_outcome_free(SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK));
  muster_outcome_free(SUBMIT(e, ev_draft(ev, sizeof ev, "e2", "INC-1", "wendeng", 1), MUSTER_OK));
  muster_outcome *o = SUBMIT(e, ev_approve(ev, sizeof ev, "e3", "wendeng", 1, 2), MUSTER_OK);
  const unsigned order = outcome_number(o, "order");
  CHECK(order == 1);
  muster_outcome_free(o);
  muster_outcome_free(SUBMIT(e, ev_ack(ev, sizeof ev, "e4", "wendeng", order, 6), MUSTER_OK));
  CHECK_RC(muster_engine_flush(e), MUSTER_OK);
  muster_engine_close(e);
}

static void scorecards_of_a_journal(void) {
  char *dir = make_temp_dir();
  char journal[4096];
  snprintf(journal, sizeof journal, "%s/weihai.journal", dir);
  write_journal(journal);

  int rc = 0;
  char *j = report_text(journal, NULL, &rc);
  CHECK_RC(rc, MUSTER_OK);
  CHECK(j != NULL);
  if (j != NULL) {
    /* As `muster report --format json` prints it (indented). */
    CHECK(contains(j, "\"report\": \"muster-scorecards/1\",\n  \"policy\": \"weihai\""));
    CHECK(contains(j, "\"events\": 4,"));
    CHECK(contains(j, "\"key\": \"total\",\n    \"orders\": {\n      \"issued\": 1,\n      \"acknowledged\": 1,"));
    CHECK(contains(j, "\"ack_latency\": {\n        \"count\": 1,\n        \"p50\": 240,\n        \"p90\": 240,"));
    CHECK(contains(j, "\"key\": \"jurisdiction:wendeng\""));
    CHECK(contains(j, "\"key\": \"force:wendeng_fire_brigade\""));
  }
  free(j);

  /* One grouping; a period that holds nothing. */
  j = report_text(journal, "{\"by\":\"force\"}", &rc);
  CHECK_RC(rc, MUSTER_OK);
  CHECK(j != NULL && contains(j, "\"forces\": [") && !contains(j, "\"jurisdictions\": ["));
  free(j);
  j = report_text(journal, "{\"from\":\"2027-01-01T00:00:00+08:00\"}", &rc);
  CHECK_RC(rc, MUSTER_OK);
  CHECK(j != NULL && contains(j, "\"issued\": 0,") && !contains(j, "\"issued\": 1,"));
  free(j);

  /* Options that are not options: refused, saying which. */
  size_t len = 0;
  char buf[64];
  const char *bad[] = {"{\"from\":\"yesterday\"}", "{\"colour\":\"red\"}", "[1]", "{\"by\":\"county\"}",
                       "{\"from\":\"2026-10-11T00:00:00+08:00\",\"to\":\"2026-10-10T00:00:00+08:00\"}"};
  const char *said[] = {"is not a time", "\"colour\" is not an option", "not a JSON object", "\"by\" is not an option",
                        "\"from\" is not before \"to\""};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    CHECK_RC(muster_report(buf, sizeof buf, &len, POLICY_PATH, FORCES_PATH, journal, bad[i], strlen(bad[i])), MUSTER_EINVAL);
    CHECK(contains(muster_error_last(), said[i]));
  }
  CHECK_RC(muster_report(buf, sizeof buf, &len, POLICY_PATH, FORCES_PATH, NULL, NULL, 0), MUSTER_EINVAL);
  CHECK_RC(muster_report(buf, sizeof buf, NULL, POLICY_PATH, FORCES_PATH, journal, NULL, 0), MUSTER_EINVAL);
  remove_temp_dir(dir);
}

static void a_journal_that_does_not_verify_gives_no_figures(void) {
  char *dir = make_temp_dir();
  char journal[4096];
  snprintf(journal, sizeof journal, "%s/weihai.journal", dir);
  write_journal(journal);
  CHECK(flip_byte(journal, 1, 2) == 0); /* a complete record in the middle no longer matches its hash */
  int rc = 0;
  char *j = report_text(journal, NULL, &rc);
  CHECK_RC(rc, MUSTER_EJOURNAL);
  CHECK(j == NULL);
  CHECK(contains(muster_error_last(), journal));
  free(j);

  /* A journal that is not there, and a policy that does not compile. */
  char missing[4200];
  snprintf(missing, sizeof missing, "%s/none.journal", dir);
  j = report_text(missing, NULL, &rc);
  CHECK_RC(rc, MUSTER_EJOURNAL);
  free(j);
  size_t len = 0;
  char buf[64];
  CHECK_RC(muster_report(buf, sizeof buf, &len, MUSTER_SOURCE_DIR "/tests/cli/fixtures/unknown-key.yaml", FORCES_PATH, journal, NULL, 0),
           MUSTER_EPOLICY);
  CHECK(strlen(muster_error_last()) > 0);
  remove_temp_dir(dir);
}

int main(void) {
  static const struct harness_test tests[] = {
      HARNESS_TEST(scorecards_of_a_journal),
      HARNESS_TEST(a_journal_that_does_not_verify_gives_no_figures),
  };
  return harness_run(tests, sizeof tests / sizeof tests[0]);
}
