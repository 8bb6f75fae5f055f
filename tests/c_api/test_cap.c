/* muster_cap_import: CAP 1.2 alerts → warning events under the engine's policy, and the
 * refusals, NULLs and buffer rules. The alerts are tests/cap/data's. */
#include "harness.h"
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAP_DATA MUSTER_SOURCE_DIR "/tests/cap/data/"

/* The whole file, malloc'd, its length in *len. */
static char *read_alert(const char *name, size_t *len) {
  char path[4096];
  snprintf(path, sizeof path, "%s%s", CAP_DATA, name);
  FILE *f = fopen(path, "rb");
  CHECK(f != NULL);
  if (f == NULL) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  *len = fread(buf, 1, (size_t)n, f);
  buf[*len] = '\0';
  fclose(f);
  return buf;
}

/* The import's JSON through the two-call protocol; its status in *rc. */
static char *import_text(muster_engine *e, const char *xml, size_t len, const char *actor, int *rc) {
  size_t need = 0;
  *rc = muster_cap_import(NULL, 0, &need, e, xml, len, actor);
  if (*rc != MUSTER_EBUFSIZE) return NULL;
  char *buf = malloc(need + 1);
  size_t got = 0;
  *rc = muster_cap_import(buf, need + 1, &got, e, xml, len, actor);
  CHECK(got == need && strlen(buf) == need);
  return buf;
}

/* The "event" object of the import's JSON (it holds no nested object), malloc'd. */
static char *event_of(const char *json) {
  const char *start = strstr(json, "\"event\":{");
  if (start == NULL) return NULL;
  start += strlen("\"event\":");
  const char *end = strchr(start, '}');
  if (end == NULL) return NULL;
  size_t n = (size_t)(end - start) + 1;
  char *ev = malloc(n + 1);
  memcpy(ev, start, n);
  ev[n] = '\0';
  return ev;
}

static void alert_for_wendeng_becomes_an_accepted_warning(void) {
  muster_engine *e = open_memory();
  size_t len = 0;
  char *xml = read_alert("wendeng-rainstorm-issue.xml", &len);
  int rc = 0;
  char *j = import_text(e, xml, len, NULL, &rc); /* the sender's local part is weihai_meteo */
  CHECK_RC(rc, MUSTER_OK);
  CHECK(strcmp(muster_error_last(), "") == 0);
  CHECK(contains(j, "\"ok\":true"));
  CHECK(contains(j, "\"kind\":\"warning.issue\""));
  CHECK(contains(j, "\"id\":\"cap:37100041600000_20260710055812_1\""));
  CHECK(contains(j, "\"hazard\":\"rainstorm\""));
  CHECK(contains(j, "\"level\":\"orange\""));
  CHECK(contains(j, "\"area\":[\"wendeng\"]"));
  CHECK(contains(j, "\"diagnostics\":[]"));
  /* The event goes straight into the engine. */
  char *ev = j != NULL ? event_of(j) : NULL;
  CHECK(ev != NULL);
  if (ev != NULL) {
    muster_outcome *o = NULL;
    CHECK_RC(muster_engine_submit(&o, e, ev, strlen(ev)), MUSTER_OK);
    CHECK(muster_outcome_accepted(o) == 1);
    CHECK(muster_outcome_effect_count(o) > 0); /* the fire teams of the area are told */
    muster_outcome_free(o);
    free(ev);
  }
  free(j);
  free(xml);
  muster_engine_close(e);
}

static void refused_alerts_say_why(void) {
  muster_engine *e = open_memory();
  size_t len = 0;
  int rc = 0;
  /* A DOCTYPE: refused before parsing, located. */
  char *xml = read_alert("bad-billion-laughs.xml", &len);
  char *j = import_text(e, xml, len, NULL, &rc);
  CHECK_RC(rc, MUSTER_EMALFORMED);
  CHECK(contains(muster_error_last(), "alert:2:1: doctype-refused"));
  CHECK(contains(j, "\"ok\":false") && contains(j, "\"event\":null"));
  CHECK(contains(j, "\"code\":\"doctype-refused\"") && json_int(j, "line") == 2);
  free(j);
  free(xml);
  /* An area outside the policy. */
  xml = read_alert("bad-area-unmatched.xml", &len);
  j = import_text(e, xml, len, NULL, &rc);
  CHECK_RC(rc, MUSTER_EMALFORMED);
  CHECK(contains(j, "\"code\":\"area-unmatched\"") && contains(j, "370612"));
  free(j);
  free(xml);
  /* A sender that is no organisation, then the same alert with its actor named. */
  xml = read_alert("forest-fire-severity.xml", &len);
  j = import_text(e, xml, len, NULL, &rc);
  CHECK_RC(rc, MUSTER_EMALFORMED);
  CHECK(contains(muster_error_last(), "unknown-sender"));
  free(j);
  j = import_text(e, xml, len, "no_such_org", &rc);
  CHECK_RC(rc, MUSTER_EMALFORMED);
  CHECK(contains(muster_error_last(), "unknown-actor"));
  free(j);
  free(xml);
  /* The length is the alert: a NUL inside it is refused, not read as its end. */
  xml = read_alert("wendeng-rainstorm-issue.xml", &len);
  char *nul = strstr(xml, "<identifier>");
  nul[strlen("<identifier>")] = '\0'; /* an ASCII digit's place */
  j = import_text(e, xml, len, NULL, &rc);
  CHECK_RC(rc, MUSTER_EMALFORMED);
  CHECK(contains(j, "\"code\":\"xml-syntax\"") && contains(j, "U+0000"));
  free(j);
  free(xml);
  /* Nothing at all. */
  j = import_text(e, "", 0, NULL, &rc);
  CHECK_RC(rc, MUSTER_EMALFORMED);
  CHECK(contains(j, "empty-document"));
  free(j);
  muster_engine_close(e);
}

static void cap_import_null_arguments_and_buffers(void) {
  muster_engine *e = open_memory();
  char buf[16];
  size_t len = 0;
  CHECK_RC(muster_cap_import(buf, sizeof buf, &len, NULL, "<a/>", 4, NULL), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "engine is NULL"));
  CHECK_RC(muster_cap_import(buf, sizeof buf, &len, e, NULL, 4, NULL), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "xml is NULL"));
  CHECK_RC(muster_cap_import(buf, sizeof buf, NULL, e, "<a/>", 4, NULL), MUSTER_EINVAL);
  CHECK_RC(muster_cap_import(NULL, sizeof buf, &len, e, "<a/>", 4, NULL), MUSTER_EINVAL);
  /* Too small a buffer: the size needed, and "" in it. */
  CHECK_RC(muster_cap_import(buf, sizeof buf, &len, e, "<a/>", 4, NULL), MUSTER_EBUFSIZE);
  CHECK(len >= sizeof buf && buf[0] == '\0');
  /* NULL xml with length 0 is the empty alert. */
  CHECK_RC(muster_cap_import(NULL, 0, &len, e, NULL, 0, NULL), MUSTER_EBUFSIZE);
  muster_engine_close(e);
}

int main(void) {
  static const struct harness_test tests[] = {
      HARNESS_TEST(alert_for_wendeng_becomes_an_accepted_warning),
      HARNESS_TEST(refused_alerts_say_why),
      HARNESS_TEST(cap_import_null_arguments_and_buffers),
  };
  return harness_run(tests, sizeof tests / sizeof tests[0]);
}
