/* Worklists and the timer hook (issue 14, item 1): what an organisation must answer and by
 * when, the open incidents, requests and orders, and muster_engine_next_due — good answers and
 * every refusal (unknown organisation, NULLs, a NUL inside the id, buffers too small). */
#include "harness.h"
#include "support.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* INC-1 in Wendeng: request 1 approved, order 1 to wendeng_fire_brigade issued at +2m (due +12m);
 * INC-2 in Rushan: request 2 awaiting rushan_em's approval since +4m (due +19m). */
static muster_engine *scenario(void) {
  muster_engine *e = open_memory();
  char ev[512];
  muster_outcome_free(SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK));
  muster_outcome_free(SUBMIT(e, ev_draft(ev, sizeof ev, "e2", "INC-1", "wendeng", 1), MUSTER_OK));
  muster_outcome_free(SUBMIT(e, ev_approve(ev, sizeof ev, "e3", "wendeng", 1, 2), MUSTER_OK));
  muster_outcome_free(SUBMIT(e, ev_report(ev, sizeof ev, "e4", "INC-2", "rushan", 3), MUSTER_OK));
  muster_outcome_free(SUBMIT(e, ev_draft(ev, sizeof ev, "e5", "INC-2", "rushan", 4), MUSTER_OK));
  return e;
}

static void worklist_of_an_approver_and_of_a_force_owner(void) {
  muster_engine *e = scenario();
  int rc = 0;
  char *j = worklist_text(e, "rushan_em", &rc);
  CHECK(rc == MUSTER_OK && j != NULL);
  CHECK(j != NULL && j[0] == '[' && strstr(j, "},{") == NULL); /* one item */
  CHECK(contains(j, "\"kind\":\"approve\""));
  CHECK(contains(j, "\"overdue\":false"));
  CHECK(contains(j, "\"incident\":\"INC-2\""));
  CHECK(contains(j, "\"request\":2"));
  CHECK(contains(j, "\"chain\":\"call_plan\""));
  CHECK(contains(j, "\"step\":\"em_approval\""));
  CHECK(contains(j, "\"order\":null"));
  CHECK(contains(j, "\"force\":null"));
  CHECK(contains(j, "\"warning\":null"));
  CHECK(contains(j, "\"due\":\"2026-10-10T09:19:00+08:00\""));
  CHECK(json_int(j, "due_unix") == T0 + 19 * 60);
  free(j);

  j = worklist_text(e, "wendeng_fire", &rc);
  CHECK(rc == MUSTER_OK);
  CHECK(contains(j, "\"kind\":\"order_ack\""));
  CHECK(contains(j, "\"order\":1"));
  CHECK(contains(j, "\"force\":\"wendeng_fire_brigade\""));
  CHECK(contains(j, "\"incident\":\"INC-1\""));
  free(j);

  /* Nothing owed: an empty list, not an error. */
  j = worklist_text(e, "wendeng_em", &rc);
  CHECK(rc == MUSTER_OK && j != NULL && strcmp(j, "[]") == 0);
  free(j);

  /* Past the deadline the acknowledgement is still owed, overdue. */
  muster_outcome *o = NULL;
  CHECK_RC(muster_engine_advance(&o, e, T0 + 13 * 60), MUSTER_OK);
  muster_outcome_free(o);
  j = worklist_text(e, "wendeng_fire", &rc);
  CHECK(rc == MUSTER_OK && contains(j, "\"kind\":\"order_ack\"") && contains(j, "\"overdue\":true"));
  free(j);
  muster_engine_close(e);
}

static void worklist_is_deterministic_soonest_first(void) {
  /* Two requests awaiting the same approver: by due time, and the same bytes on a second engine. */
  muster_engine *e = open_memory(), *f = open_memory();
  char ev[512];
  muster_engine *both[2] = {e, f};
  for (int i = 0; i < 2; ++i) {
    muster_outcome_free(SUBMIT(both[i], ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK));
    muster_outcome_free(SUBMIT(both[i], ev_report(ev, sizeof ev, "e2", "INC-2", "wendeng", 1), MUSTER_OK));
    muster_outcome_free(SUBMIT(both[i], ev_draft(ev, sizeof ev, "e3", "INC-2", "wendeng", 2), MUSTER_OK));
  }
  /* INC-1's draft, later: request 2, due later. */
  snprintf(ev, sizeof ev,
           "{\"id\":\"e4\",\"kind\":\"plan.draft\",\"at\":%lld,\"actor\":\"wendeng_fire\",\"incident\":\"INC-1\","
           "\"forces\":[\"wendeng_flood_team\"]}",
           T0 + 5 * 60);
  muster_outcome_free(SUBMIT(e, ev, MUSTER_OK));
  muster_outcome_free(SUBMIT(f, ev, MUSTER_OK));
  int rc = 0;
  char *a = worklist_text(e, "wendeng_em", &rc), *b = worklist_text(f, "wendeng_em", &rc);
  CHECK(a != NULL && b != NULL && strcmp(a, b) == 0);
  const char *first = a ? strstr(a, "\"request\":") : NULL, *second = first ? strstr(first + 1, "\"request\":") : NULL;
  CHECK(first != NULL && second != NULL);
  CHECK(json_int(first, "request") == 1 && json_int(second, "request") == 2);
  CHECK(json_int(a, "due_unix") == T0 + 17 * 60);
  free(a);
  free(b);
  muster_engine_close(e);
  muster_engine_close(f);
}

static void worklist_refusals(void) {
  muster_engine *e = scenario();
  char buf[256] = "junk";
  size_t len = 99;
  /* An organisation the policy does not have: ENOTFOUND, naming it. */
  CHECK_RC(muster_engine_worklist(buf, sizeof buf, &len, e, "wendeng_emm", 11), MUSTER_ENOTFOUND);
  CHECK(len == 0 && buf[0] == '\0');
  CHECK(contains(muster_error_last(), "muster_engine_worklist: no organisation 'wendeng_emm'"));
  CHECK_RC(muster_engine_worklist(buf, sizeof buf, &len, e, "", 0), MUSTER_ENOTFOUND);
  /* A force, a jurisdiction: not organisations. */
  CHECK_RC(muster_engine_worklist(buf, sizeof buf, &len, e, "wendeng_fire_brigade", 20), MUSTER_ENOTFOUND);
  CHECK_RC(muster_engine_worklist(buf, sizeof buf, &len, e, "wendeng", 7), MUSTER_ENOTFOUND);
  /* The length bounds the id; a NUL inside it is refused. */
  CHECK_RC(muster_engine_worklist(buf, sizeof buf, &len, e, "rushan_emXYZ", 9), MUSTER_OK);
  CHECK(contains(buf, "\"request\":2") && len == strlen(buf));
  CHECK_RC(muster_engine_worklist(buf, sizeof buf, &len, e, "rushan_em\0x", 11), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "organisation holds a NUL at byte 9 of its 11"));
  /* NULLs. */
  CHECK_RC(muster_engine_worklist(buf, sizeof buf, &len, e, NULL, 0), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "organisation is NULL"));
  CHECK_RC(muster_engine_worklist(buf, sizeof buf, &len, NULL, "rushan_em", 9), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "engine is NULL"));
  CHECK_RC(muster_engine_worklist(buf, sizeof buf, NULL, e, "rushan_em", 9), MUSTER_EINVAL);
  CHECK_RC(muster_engine_worklist(NULL, 8, &len, e, "rushan_em", 9), MUSTER_EINVAL);
  /* The buffer protocol: size first, then too small by one, then exact. */
  CHECK_RC(muster_engine_worklist(NULL, 0, &len, e, "rushan_em", 9), MUSTER_EBUFSIZE);
  CHECK(len > 100);
  char *exact = malloc(len + 1);
  size_t len2 = 0;
  CHECK_RC(muster_engine_worklist(exact, len, &len2, e, "rushan_em", 9), MUSTER_EBUFSIZE);
  CHECK(len2 == len && exact[0] == '\0');
  CHECK(contains(muster_error_last(), "buffer holds"));
  CHECK_RC(muster_engine_worklist(exact, len + 1, &len2, e, "rushan_em", 9), MUSTER_OK);
  CHECK(strlen(exact) == len && strcmp(muster_error_last(), "") == 0);
  free(exact);
  muster_engine_close(e);
}

static void open_lists(void) {
  muster_engine *e = open_memory();
  int rc = 0;
  char *j = open_incidents_text(e, &rc);
  CHECK(rc == MUSTER_OK && j != NULL && strcmp(j, "[]") == 0);
  free(j);
  muster_engine_close(e);

  e = scenario();
  j = open_incidents_text(e, &rc);
  CHECK(rc == MUSTER_OK);
  const char *one = j ? strstr(j, "\"id\":\"INC-1\"") : NULL, *two = j ? strstr(j, "\"id\":\"INC-2\"") : NULL;
  CHECK(one != NULL && two != NULL && one < two); /* in the order reported */
  CHECK(contains(j, "\"coordinator\":\"wendeng_em\"")); /* each as muster_engine_incident gives it */
  free(j);
  j = open_requests_text(e, &rc); /* request 1 is executed: only 2 is open */
  CHECK(rc == MUSTER_OK && j != NULL && j[0] == '[' && contains(j, "\"id\":2") && !contains(j, "\"id\":1,"));
  CHECK(contains(j, "\"awaiting\":[\"rushan_em\"]"));
  free(j);
  j = open_orders_text(e, &rc);
  CHECK(rc == MUSTER_OK && contains(j, "\"id\":1") && contains(j, "\"state\":\"issued\""));
  free(j);

  char buf[4];
  size_t len = 0;
  CHECK_RC(muster_engine_open_incidents(buf, sizeof buf, &len, e), MUSTER_EBUFSIZE);
  CHECK(buf[0] == '\0' && len > sizeof buf);
  CHECK_RC(muster_engine_open_requests(buf, sizeof buf, &len, e), MUSTER_EBUFSIZE);
  CHECK_RC(muster_engine_open_orders(buf, sizeof buf, &len, e), MUSTER_EBUFSIZE);
  CHECK_RC(muster_engine_open_incidents(buf, sizeof buf, &len, NULL), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "muster_engine_open_incidents: engine is NULL"));
  CHECK_RC(muster_engine_open_requests(buf, sizeof buf, NULL, e), MUSTER_EINVAL);
  CHECK_RC(muster_engine_open_orders(NULL, 2, &len, e), MUSTER_EINVAL);
  muster_engine_close(e);
}

static void next_due_wakes_the_host(void) {
  muster_engine *e = open_memory();
  int64_t t = 0;
  /* No timer: a distinct status, and a time to sleep "forever". */
  CHECK_RC(muster_engine_next_due(&t, e), MUSTER_ENOTFOUND);
  CHECK(t == INT64_MAX);
  CHECK(contains(muster_error_last(), "no timer is pending"));
  muster_engine_close(e);

  e = scenario();
  CHECK_RC(muster_engine_next_due(&t, e), MUSTER_OK);
  CHECK(t == T0 + 12 * 60); /* order 1's acknowledgement, before request 2's step at +19m */
  CHECK(strcmp(muster_error_last(), "") == 0);
  /* Sleeping until then and advancing fires it; the next wake-up is later. */
  muster_outcome *o = NULL;
  CHECK_RC(muster_engine_advance(&o, e, t), MUSTER_OK);
  CHECK(muster_outcome_effect_count(o) > 0);
  muster_outcome_free(o);
  int64_t later = 0;
  CHECK_RC(muster_engine_next_due(&later, e), MUSTER_OK);
  CHECK(later > t);
  /* NULLs. */
  CHECK_RC(muster_engine_next_due(NULL, e), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "out is NULL"));
  t = 0;
  CHECK_RC(muster_engine_next_due(&t, NULL), MUSTER_EINVAL);
  CHECK(t == INT64_MAX);
  muster_engine_close(e);
}

int main(void) {
  static const struct harness_test tests[] = {
      HARNESS_TEST(worklist_of_an_approver_and_of_a_force_owner),
      HARNESS_TEST(worklist_is_deterministic_soonest_first),
      HARNESS_TEST(worklist_refusals),
      HARNESS_TEST(open_lists),
      HARNESS_TEST(next_due_wakes_the_host),
  };
  return harness_run(tests, sizeof tests / sizeof tests[0]);
}
