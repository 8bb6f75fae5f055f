/* Queries: incident, request, order, deadlines, state digest and clock, as JSON with policy ids. */
#include "harness.h"
#include "support.h"

#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* An engine with INC-1 in Wendeng, request 1 approved, order 1 issued; INC-2 in Rushan with
 * request 2 awaiting approval. */
static muster_engine *scenario(void) {
  muster_engine *e = open_memory();
  char ev[512];
  muster_outcome *o;
  o = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK);
  muster_outcome_free(o);
  o = SUBMIT(e, ev_draft(ev, sizeof ev, "e2", "INC-1", "wendeng", 1), MUSTER_OK);
  CHECK(outcome_number(o, "request") == 1);
  muster_outcome_free(o);
  o = SUBMIT(e, ev_approve(ev, sizeof ev, "e3", "wendeng", 1, 2), MUSTER_OK);
  CHECK(outcome_number(o, "order") == 1);
  muster_outcome_free(o);
  o = SUBMIT(e, ev_report(ev, sizeof ev, "e4", "INC-2", "rushan", 3), MUSTER_OK);
  muster_outcome_free(o);
  o = SUBMIT(e, ev_draft(ev, sizeof ev, "e5", "INC-2", "rushan", 4), MUSTER_OK);
  CHECK(outcome_number(o, "request") == 2);
  muster_outcome_free(o);
  return e;
}

static void incident_query(void) {
  muster_engine *e = scenario();
  int rc = 0;
  char *j = incident_text(e, "INC-1", &rc);
  CHECK(rc == MUSTER_OK);
  CHECK(contains(j, "\"id\":\"INC-1\""));
  CHECK(contains(j, "\"state\":\"fire_led\""));
  CHECK(contains(j, "\"grade\":\"general\""));
  CHECK(contains(j, "\"jurisdiction\":\"wendeng\""));
  CHECK(contains(j, "\"coordinator\":\"wendeng_em\""));
  CHECK(contains(j, "\"commander\":\"wendeng_fire\""));
  CHECK(contains(j, "\"headquarters\":null"));
  CHECK(contains(j, "\"requests\":[1]"));
  CHECK(contains(j, "\"orders\":[1]"));
  CHECK(contains(j, "\"reports_owed\":[]"));
  CHECK(contains(j, "\"incident_type\":\"building_fire\""));
  CHECK(contains(j, "\"reported_at\":\"" T0_TEXT "\""));
  CHECK(json_int(j, "reported_at_unix") == T0);
  free(j);
  j = incident_text(e, "INC-2", &rc);
  CHECK(rc == MUSTER_OK && contains(j, "\"requests\":[2]"));
  free(j);
  /* Unknown: ENOTFOUND, with an empty buffer and a 0 length. */
  char buf[64] = "junk";
  size_t len = 99;
  CHECK_RC(muster_engine_incident(buf, sizeof buf, &len, e, "INC-404"), MUSTER_ENOTFOUND);
  CHECK(len == 0 && buf[0] == '\0');
  CHECK(contains(muster_error_last(), "INC-404"));
  CHECK_RC(muster_engine_incident(buf, sizeof buf, &len, e, ""), MUSTER_ENOTFOUND);
  CHECK_RC(muster_engine_incident(buf, sizeof buf, &len, e, "1"), MUSTER_ENOTFOUND);
  /* NULLs and the buffer protocol. */
  CHECK_RC(muster_engine_incident(buf, sizeof buf, &len, e, NULL), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "incident_id is NULL"));
  CHECK_RC(muster_engine_incident(NULL, 10, &len, e, "INC-1"), MUSTER_EINVAL);
  CHECK_RC(muster_engine_incident(buf, sizeof buf, NULL, e, "INC-1"), MUSTER_EINVAL);
  CHECK_RC(muster_engine_incident(NULL, 0, &len, e, "INC-1"), MUSTER_EBUFSIZE);
  CHECK(len > 100);
  char *exact = malloc(len + 1);
  size_t len2 = 0;
  CHECK_RC(muster_engine_incident(exact, len, &len2, e, "INC-1"), MUSTER_EBUFSIZE);
  CHECK(len2 == len && exact[0] == '\0');
  CHECK_RC(muster_engine_incident(exact, len + 1, &len2, e, "INC-1"), MUSTER_OK);
  CHECK(strlen(exact) == len);
  free(exact);
  muster_engine_close(e);
}

/* 14. An incident id is its whole given length: "INC-1\0junk" found INC-1 through the
 * NUL-terminated muster_engine_incident (as Python passed it); muster_engine_incident_n takes the
 * length and refuses a NUL inside it. */
static void an_incident_id_is_its_whole_length_a_nul_is_refused(void) {
  muster_engine *e = scenario();
  char buf[4096] = "junk";
  size_t len = 99;
  CHECK_RC(muster_engine_incident_n(buf, sizeof buf, &len, e, "INC-1\0junk", 10), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "muster_engine_incident_n: incident_id holds a NUL at byte 5 of its 10"));
  /* The length bounds the id: it need not be NUL-terminated. */
  CHECK_RC(muster_engine_incident_n(buf, sizeof buf, &len, e, "INC-1junk", 5), MUSTER_OK);
  CHECK(contains(buf, "\"id\":\"INC-1\"") && len == strlen(buf));
  CHECK_RC(muster_engine_incident_n(buf, sizeof buf, &len, e, "INC-1junk", 9), MUSTER_ENOTFOUND);
  CHECK(contains(muster_error_last(), "no incident 'INC-1junk'"));
  CHECK_RC(muster_engine_incident_n(buf, sizeof buf, &len, e, NULL, 0), MUSTER_EINVAL);
  CHECK_RC(muster_engine_incident_n(buf, sizeof buf, &len, NULL, "INC-1", 5), MUSTER_EINVAL);
  /* The NUL-terminated form still finds what it always found. */
  CHECK_RC(muster_engine_incident(buf, sizeof buf, &len, e, "INC-1"), MUSTER_OK);
  muster_engine_close(e);
}

static void incident_names_as_numbers(void) {
  muster_engine *e = open_memory();
  char ev[512];
  /* JSON numbers as incident ids, not in the order the codec numbers them. */
  snprintf(ev, sizeof ev,
           "{\"id\":1,\"kind\":\"incident.report\",\"at\":%lld,\"actor\":\"wendeng_em\",\"incident\":42,"
           "\"jurisdiction\":\"wendeng\",\"incident_type\":\"flood\",\"grade\":\"general\"}",
           T0);
  muster_outcome *o = SUBMIT(e, ev, MUSTER_OK);
  muster_outcome_free(o);
  snprintf(ev, sizeof ev,
           "{\"id\":2,\"kind\":\"incident.report\",\"at\":%lld,\"actor\":\"rushan_em\",\"incident\":\"2\","
           "\"jurisdiction\":\"rushan\",\"incident_type\":\"flood\",\"grade\":\"general\"}",
           T0);
  o = SUBMIT(e, ev, MUSTER_OK);
  muster_outcome_free(o);
  int rc = 0;
  char *j = incident_text(e, "42", &rc);
  CHECK(rc == MUSTER_OK && contains(j, "\"id\":\"42\"") && contains(j, "\"jurisdiction\":\"wendeng\""));
  free(j);
  j = incident_text(e, "2", &rc);
  CHECK(rc == MUSTER_OK && contains(j, "\"id\":\"2\"") && contains(j, "\"jurisdiction\":\"rushan\""));
  free(j);
  j = incident_text(e, "1", &rc);
  CHECK(j == NULL && rc == MUSTER_ENOTFOUND);
  muster_engine_close(e);
}

static void request_query(void) {
  muster_engine *e = scenario();
  int rc = 0;
  char *j = request_text(e, 2, &rc);
  CHECK(rc == MUSTER_OK);
  CHECK(contains(j, "\"id\":2"));
  CHECK(contains(j, "\"incident\":\"INC-2\""));
  CHECK(contains(j, "\"chain\":\"call_plan\""));
  CHECK(contains(j, "\"state\":\"awaiting\""));
  CHECK(contains(j, "\"step\":\"em_approval\""));
  CHECK(contains(j, "\"drafted_by\":\"rushan_fire\""));
  CHECK(contains(j, "\"forces\":[\"rushan_fire_brigade\"]"));
  CHECK(contains(j, "\"awaiting\":[\"rushan_em\"]"));
  CHECK(json_int(j, "due_unix") == T0 + 4 * 60 + 15 * 60);
  CHECK(contains(j, "\"due\":\"2026-10-10T09:19:00+08:00\""));
  free(j);
  j = request_text(e, 1, &rc);
  CHECK(rc == MUSTER_OK && contains(j, "\"state\":\"executed\"") && contains(j, "\"step\":null") &&
        contains(j, "\"due\":null"));
  free(j);
  char buf[16];
  size_t len = 5;
  CHECK_RC(muster_engine_request(buf, sizeof buf, &len, e, 3), MUSTER_ENOTFOUND);
  CHECK(len == 0);
  CHECK_RC(muster_engine_request(buf, sizeof buf, &len, e, 0), MUSTER_ENOTFOUND);
  CHECK_RC(muster_engine_request(NULL, 1, &len, e, 1), MUSTER_EINVAL);
  CHECK_RC(muster_engine_request(buf, sizeof buf, NULL, e, 1), MUSTER_EINVAL);
  CHECK_RC(muster_engine_request(buf, sizeof buf, &len, e, 1), MUSTER_EBUFSIZE);
  CHECK(len > sizeof buf);
  muster_engine_close(e);
}

static void order_query(void) {
  muster_engine *e = scenario();
  int rc = 0;
  char *j = order_text(e, 1, &rc);
  CHECK(rc == MUSTER_OK);
  CHECK(contains(j, "\"id\":1"));
  CHECK(contains(j, "\"incident\":\"INC-1\""));
  CHECK(contains(j, "\"request\":1"));
  CHECK(contains(j, "\"force\":\"wendeng_fire_brigade\""));
  CHECK(contains(j, "\"issued_by\":\"wendeng_fire\""));
  CHECK(contains(j, "\"state\":\"issued\""));
  CHECK(json_int(j, "due_unix") > T0);
  free(j);
  char buf[16];
  size_t len = 5;
  CHECK_RC(muster_engine_order(buf, sizeof buf, &len, e, 2), MUSTER_ENOTFOUND);
  CHECK(contains(muster_error_last(), "no order 2"));
  CHECK_RC(muster_engine_order(NULL, 1, &len, e, 1), MUSTER_EINVAL);
  CHECK_RC(muster_engine_order(buf, sizeof buf, NULL, e, 1), MUSTER_EINVAL);
  CHECK_RC(muster_engine_order(NULL, 0, &len, e, 1), MUSTER_EBUFSIZE);
  muster_engine_close(e);
}

static void deadlines_query(void) {
  /* After a first input (before it, the engine lists undeclared periods as ending at 0). */
  muster_engine *e = open_memory();
  char ev[512];
  muster_outcome *o = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK);
  muster_outcome_free(o);
  int rc = 0;
  char *j = deadlines_text(e, &rc);
  /* Nothing is owed yet; the first input armed the schedules, whose next runs are listed. */
  CHECK(rc == MUSTER_OK && j != NULL);
  CHECK(contains(j, "\"kind\":\"schedule_run\""));
  CHECK(contains(j, "\"schedule\":\"duty_roll_call\""));
  CHECK(!contains(j, "\"kind\":\"request_step\"") && !contains(j, "\"kind\":\"order_ack\""));
  free(j);
  muster_engine_close(e);
  e = scenario();
  j = deadlines_text(e, &rc);
  CHECK(rc == MUSTER_OK);
  /* The order's acknowledgement and request 2's approval step, soonest first. */
  CHECK(contains(j, "\"kind\":\"order_ack\""));
  CHECK(contains(j, "\"kind\":\"request_step\""));
  CHECK(contains(j, "\"organisation\":\"rushan_em\""));
  CHECK(j != NULL && j[0] == '[');
  const char *first = strstr(j, "\"due_unix\":"), *second = first ? strstr(first + 1, "\"due_unix\":") : NULL;
  CHECK(first != NULL && second != NULL && json_int(first, "due_unix") <= json_int(second, "due_unix"));
  free(j);
  char buf[8];
  size_t len = 0;
  CHECK_RC(muster_engine_deadlines(NULL, 4, &len, e), MUSTER_EINVAL);
  CHECK_RC(muster_engine_deadlines(buf, sizeof buf, NULL, e), MUSTER_EINVAL);
  CHECK_RC(muster_engine_deadlines(buf, sizeof buf, &len, e), MUSTER_EBUFSIZE);
  muster_engine_close(e);
}

/* A chain the policy opens some time after an event (Rizhao's art.13.2 follow-up, opened_on
 * { event: incident.concluded, after: 30d }) waits as a deadline of kind chain_opening, naming the
 * chain and the organisation that would draft it; the host's wake-up counts it; at its time the
 * chain opens and the deadline is gone. And the incident lists the flags set. */
static void a_delayed_opening_is_a_deadline_until_it_opens(void) {
  muster_engine *e = NULL;
  CHECK_RC(muster_engine_open(&e, MUSTER_SOURCE_DIR "/examples/policies/rizhao.yaml",
                              MUSTER_SOURCE_DIR "/examples/policies/rizhao-forces.yaml", NULL), MUSTER_OK);
  if (e == NULL) return;
  char ev[512];
  snprintf(ev, sizeof ev, "{\"id\":\"r1\",\"kind\":\"incident.report\",\"at\":%lld,\"actor\":\"rizhao_water\",\"incident\":\"DG-1\","
           "\"jurisdiction\":\"donggang\",\"incident_type\":\"flood\",\"grade\":\"larger\"}", T0);
  muster_outcome_free(SUBMIT(e, ev, MUSTER_OK));
  snprintf(ev, sizeof ev, "{\"id\":\"c1\",\"kind\":\"incident.conclude\",\"at\":%lld,\"actor\":\"donggang_fire\",\"incident\":\"DG-1\"}",
           T0 + 6LL * 3600);
  muster_outcome_free(SUBMIT(e, ev, MUSTER_OK));
  int rc = 0;
  char *j = deadlines_text(e, &rc);
  CHECK(rc == MUSTER_OK);
  const char *opening = j != NULL ? strstr(j, "\"kind\":\"chain_opening\"") : NULL;
  CHECK(opening != NULL);
  CHECK(contains(opening, "\"incident\":\"DG-1\",\"request\":null,\"chain\":\"lessons_follow_up\",\"order\":null,"
                          "\"organisation\":\"rizhao_em\""));
  const long long due = T0 + 6LL * 3600 + 30LL * 86400;
  const char *object = opening;  /* its own object: "due_unix" comes before "kind" */
  while (object != NULL && object > j && *object != '{') --object;
  CHECK(object != NULL && json_int(object, "due_unix") == due);
  free(j);
  int64_t next = 0;
  CHECK_RC(muster_engine_next_due(&next, e), MUSTER_OK);
  CHECK(next > 0 && next <= due);  /* the after-action reports (art.13, 5 days) come first */
  j = incident_text(e, "DG-1", &rc);
  CHECK(rc == MUSTER_OK && contains(j, "\"flags\":[]"));
  free(j);

  muster_outcome *o = NULL;
  CHECK_RC(muster_engine_advance(&o, e, due), MUSTER_OK);
  const size_t n = muster_outcome_effect_count(o);
  int opened = 0;
  for (size_t i = 0; i < n; ++i) {
    char *t = effect_text(o, i);
    opened |= contains(t, "\"topic\":\"request_opened\"") && contains(t, "\"chain\":\"lessons_follow_up\"");
    free(t);
  }
  CHECK(opened);
  muster_outcome_free(o);
  j = deadlines_text(e, &rc);
  CHECK(rc == MUSTER_OK && !contains(j, "\"kind\":\"chain_opening\""));
  free(j);
  muster_engine_close(e);
}

static void state_digest_query(void) {
  muster_engine *e = open_memory();
  char d[65], small[64];
  CHECK_RC(muster_engine_state_digest(d, sizeof d, e), MUSTER_OK);
  CHECK(strlen(d) == 64);
  for (int i = 0; i < 64; ++i) CHECK((d[i] >= '0' && d[i] <= '9') || (d[i] >= 'a' && d[i] <= 'f'));
  CHECK_RC(muster_engine_state_digest(small, sizeof small, e), MUSTER_EBUFSIZE);
  CHECK(small[0] == '\0');
  CHECK_RC(muster_engine_state_digest(NULL, 65, e), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "out is NULL"));
  /* Equal after the same inputs. */
  muster_engine *f = scenario(), *g = scenario();
  char df[65], dg[65];
  CHECK_RC(muster_engine_state_digest(df, sizeof df, f), MUSTER_OK);
  CHECK_RC(muster_engine_state_digest(dg, sizeof dg, g), MUSTER_OK);
  CHECK(strcmp(df, dg) == 0 && strcmp(df, d) != 0);
  muster_engine_close(e);
  muster_engine_close(f);
  muster_engine_close(g);
}

int main(void) {
  static const struct harness_test tests[] = {
      HARNESS_TEST(incident_query),
      HARNESS_TEST(incident_names_as_numbers),
      HARNESS_TEST(an_incident_id_is_its_whole_length_a_nul_is_refused),
      HARNESS_TEST(request_query),
      HARNESS_TEST(order_query),
      HARNESS_TEST(deadlines_query),
      HARNESS_TEST(a_delayed_opening_is_a_deadline_until_it_opens),
      HARNESS_TEST(state_digest_query),
  };
  return harness_run(tests, sizeof tests / sizeof tests[0]);
}
