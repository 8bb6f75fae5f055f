/* The live registry from C (3.2.1, 3.2.2, 3.3.1): muster_engine_force and _force_n show a force
 * of the reference registry as force.update events, orders and red-warning standby leave it; an
 * unknown force, NULLs, a NUL inside the id and the buffer protocol. */
#include "harness.h"
#include "support.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* wendeng_flood_team as rules/weihai-forces.yaml lists it, before any event. */
#define FLOOD_TEAM_AT_START                                                                                             \
  "{\"force\":\"wendeng_flood_team\",\"duty\":\"available\",\"personnel\":40,\"data_updated\":\"2026-07-01\","          \
  "\"equipment\":[{\"zh\":\"移动排涝泵\",\"en\":\"Mobile drainage pumps\",\"count\":10,\"held\":0},"                               \
  "{\"zh\":\"橡皮艇\",\"en\":\"Inflatable boat\",\"count\":3,\"held\":0}],"                                                         \
  "\"materials\":[{\"zh\":\"编织袋\",\"en\":\"Woven bags\",\"count\":20000,\"held\":0},{\"zh\":\"救生衣\",\"en\":\"Life jackets\"," \
  "\"count\":150,\"held\":0}],\"order\":null,\"standby\":null}"

/* The owner puts its team in maintenance with 6 of its 10 pumps, at T0 (2026-10-10, local). */
static void update_flood_team(muster_engine *e) {
  char ev[512];
  snprintf(ev, sizeof ev,
           "{\"id\":\"u1\",\"kind\":\"force.update\",\"at\":%lld,\"actor\":\"wendeng_water\",\"force\":\"wendeng_flood_team\","
           "\"duty\":\"maintenance\",\"item\":\"移动排涝泵\",\"count\":6}",
           T0);
  muster_outcome_free(SUBMIT(e, ev, MUSTER_OK));
}

static void a_force_as_the_registry_lists_it(void) {
  muster_engine *e = open_memory();
  int rc = 0;
  char *j = force_text(e, "wendeng_flood_team", &rc);
  CHECK(rc == MUSTER_OK && j != NULL);
  CHECK(j != NULL && strcmp(j, FLOOD_TEAM_AT_START) == 0);
  free(j);
  muster_engine_close(e);
}

static void force_update_changes_duty_counts_and_data_date(void) {
  muster_engine *e = open_memory();
  update_flood_team(e);
  int rc = 0;
  char *j = force_text(e, "wendeng_flood_team", &rc);
  CHECK(rc == MUSTER_OK && j != NULL);
  /* A count changed: the data is dated on the event's local day; the rest is as listed. */
  CHECK(j != NULL &&
        strcmp(j, "{\"force\":\"wendeng_flood_team\",\"duty\":\"maintenance\",\"personnel\":40,\"data_updated\":\"2026-10-10\","
                  "\"equipment\":[{\"zh\":\"移动排涝泵\",\"en\":\"Mobile drainage pumps\",\"count\":6,\"held\":0},"
                  "{\"zh\":\"橡皮艇\",\"en\":\"Inflatable boat\",\"count\":3,\"held\":0}],"
                  "\"materials\":[{\"zh\":\"编织袋\",\"en\":\"Woven bags\",\"count\":20000,\"held\":0},"
                  "{\"zh\":\"救生衣\",\"en\":\"Life jackets\",\"count\":150,\"held\":0}],\"order\":null,\"standby\":null}") == 0);
  free(j);
  /* Someone else's force is untouched. */
  j = force_text(e, "wendeng_fire_brigade", &rc);
  CHECK(rc == MUSTER_OK && contains(j, "{\"force\":\"wendeng_fire_brigade\",\"duty\":\"available\","));
  free(j);
  /* Neither the owner nor the industry authority: refused, and the view does not move. */
  char ev[512];
  snprintf(ev, sizeof ev,
           "{\"id\":\"u2\",\"kind\":\"force.update\",\"at\":%lld,\"actor\":\"rushan_em\",\"force\":\"wendeng_flood_team\","
           "\"duty\":\"available\"}",
           T0 + 60);
  muster_outcome *o = SUBMIT(e, ev, MUSTER_EREJECTED);
  CHECK(muster_outcome_reason(o) == MUSTER_REJECTION_ACTOR_LACKS_ROLE);
  muster_outcome_free(o);
  j = force_text(e, "wendeng_flood_team", &rc);
  CHECK(rc == MUSTER_OK && contains(j, "\"duty\":\"maintenance\""));
  free(j);
  muster_engine_close(e);
}

static void the_open_order_a_force_is_committed_to(void) {
  muster_engine *e = open_memory();
  char ev[512];
  muster_outcome *o;
  muster_outcome_free(SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK));
  muster_outcome_free(SUBMIT(e, ev_draft(ev, sizeof ev, "e2", "INC-1", "wendeng", 1), MUSTER_OK));
  o = SUBMIT(e, ev_approve(ev, sizeof ev, "e3", "wendeng", 1, 2), MUSTER_OK);
  CHECK(outcome_number(o, "order") == 1);
  muster_outcome_free(o);
  int rc = 0;
  char *j = force_text(e, "wendeng_fire_brigade", &rc);
  CHECK(rc == MUSTER_OK && contains(j, ",\"order\":1,\"standby\":null}"));
  free(j);
  muster_engine_close(e);
}

static void standing_by_for_a_red_warning(void) {
  muster_engine *e = open_memory();
  char ev[512];
  snprintf(ev, sizeof ev,
           "{\"id\":\"w1\",\"kind\":\"warning.issue\",\"at\":%lld,\"actor\":\"weihai_meteo\",\"warning\":\"W1\","
           "\"hazard\":\"rainstorm\",\"level\":\"red\",\"area\":[\"wendeng\"]}",
           T0);
  muster_outcome_free(SUBMIT(e, ev, MUSTER_OK));
  snprintf(ev, sizeof ev, "{\"id\":\"w2\",\"kind\":\"warning.acknowledge\",\"at\":%lld,\"actor\":\"wendeng_fire\",\"warning\":\"W1\"}",
           T0 + 300);
  muster_outcome_free(SUBMIT(e, ev, MUSTER_OK));
  int rc = 0;
  char *j = force_text(e, "wendeng_flood_team", &rc);
  CHECK(rc == MUSTER_OK && contains(j, ",\"order\":null,\"standby\":\"W1\"}")); /* the warning's id as written */
  free(j);
  /* Cancelled, the warning no longer holds the force. */
  snprintf(ev, sizeof ev,
           "{\"id\":\"w3\",\"kind\":\"warning.cancel\",\"at\":%lld,\"actor\":\"weihai_meteo\",\"warning\":\"W2\",\"references\":\"W1\"}",
           T0 + 3600);
  muster_outcome_free(SUBMIT(e, ev, MUSTER_OK));
  j = force_text(e, "wendeng_flood_team", &rc);
  CHECK(rc == MUSTER_OK && contains(j, ",\"standby\":null}"));
  free(j);
  muster_engine_close(e);
}

static void unknown_force_and_the_buffer_protocol(void) {
  muster_engine *e = open_memory();
  /* Unknown: ENOTFOUND, with an empty buffer and a 0 length, the last error naming it. */
  char buf[64] = "junk";
  size_t len = 99;
  CHECK_RC(muster_engine_force(buf, sizeof buf, &len, e, "wendeng_food_team"), MUSTER_ENOTFOUND);
  CHECK(len == 0 && buf[0] == '\0');
  CHECK(contains(muster_error_last(), "muster_engine_force: no force 'wendeng_food_team' in the registry"));
  CHECK_RC(muster_engine_force(buf, sizeof buf, &len, e, ""), MUSTER_ENOTFOUND);
  /* A force's name is not its id. */
  CHECK_RC(muster_engine_force(buf, sizeof buf, &len, e, "文登区防汛抢险队"), MUSTER_ENOTFOUND);
  /* NULLs and the buffer protocol. */
  CHECK_RC(muster_engine_force(buf, sizeof buf, &len, e, NULL), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "force_id is NULL"));
  CHECK_RC(muster_engine_force(buf, sizeof buf, &len, NULL, "wendeng_flood_team"), MUSTER_EINVAL);
  CHECK_RC(muster_engine_force(NULL, 10, &len, e, "wendeng_flood_team"), MUSTER_EINVAL);
  CHECK_RC(muster_engine_force(buf, sizeof buf, NULL, e, "wendeng_flood_team"), MUSTER_EINVAL);
  /* Too small: EBUFSIZE with the size needed, "" in the buffer. */
  strcpy(buf, "junk");
  CHECK_RC(muster_engine_force(buf, sizeof buf, &len, e, "wendeng_flood_team"), MUSTER_EBUFSIZE);
  CHECK(len == strlen(FLOOD_TEAM_AT_START) && buf[0] == '\0');
  CHECK_RC(muster_engine_force(NULL, 0, &len, e, "wendeng_flood_team"), MUSTER_EBUFSIZE);
  char *exact = malloc(len + 1);
  size_t len2 = 0;
  CHECK_RC(muster_engine_force(exact, len, &len2, e, "wendeng_flood_team"), MUSTER_EBUFSIZE);
  CHECK(len2 == len && exact[0] == '\0');
  CHECK_RC(muster_engine_force(exact, len + 1, &len2, e, "wendeng_flood_team"), MUSTER_OK);
  CHECK(strcmp(exact, FLOOD_TEAM_AT_START) == 0 && len2 == len);
  free(exact);
  muster_engine_close(e);
}

/* As muster_engine_incident_n: the id is all id_len bytes, and a NUL inside it is refused. */
static void a_force_id_is_its_whole_length_a_nul_is_refused(void) {
  muster_engine *e = open_memory();
  char buf[1024] = "junk";
  size_t len = 99;
  CHECK_RC(muster_engine_force_n(buf, sizeof buf, &len, e, "wendeng_flood_team\0junk", 23), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "muster_engine_force_n: force_id holds a NUL at byte 18 of its 23"));
  /* The length bounds the id: it need not be NUL-terminated. */
  CHECK_RC(muster_engine_force_n(buf, sizeof buf, &len, e, "wendeng_flood_teamjunk", 18), MUSTER_OK);
  CHECK(strcmp(buf, FLOOD_TEAM_AT_START) == 0 && len == strlen(buf));
  CHECK_RC(muster_engine_force_n(buf, sizeof buf, &len, e, "wendeng_flood_teamjunk", 22), MUSTER_ENOTFOUND);
  CHECK(contains(muster_error_last(), "no force 'wendeng_flood_teamjunk'"));
  CHECK_RC(muster_engine_force_n(buf, sizeof buf, &len, e, NULL, 0), MUSTER_EINVAL);
  CHECK_RC(muster_engine_force_n(buf, sizeof buf, &len, NULL, "wendeng_flood_team", 18), MUSTER_EINVAL);
  muster_engine_close(e);
}

int main(void) {
  static const struct harness_test tests[] = {
      HARNESS_TEST(a_force_as_the_registry_lists_it),
      HARNESS_TEST(force_update_changes_duty_counts_and_data_date),
      HARNESS_TEST(the_open_order_a_force_is_committed_to),
      HARNESS_TEST(standing_by_for_a_red_warning),
      HARNESS_TEST(unknown_force_and_the_buffer_protocol),
      HARNESS_TEST(a_force_id_is_its_whole_length_a_nul_is_refused),
  };
  return harness_run(tests, sizeof tests / sizeof tests[0]);
}
