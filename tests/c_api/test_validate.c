/* muster_validate on the reference policy and on broken ones. */
#include "harness.h"
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *validate_text(const char *policy, const char *forces, int *rc) {
  size_t len = 0;
  *rc = muster_validate(NULL, 0, &len, policy, forces);
  CHECK(*rc == MUSTER_EBUFSIZE);
  char *buf = malloc(len + 1);
  size_t len2 = 0;
  /* One short, then exactly enough. */
  CHECK_RC(muster_validate(buf, len, &len2, policy, forces), MUSTER_EBUFSIZE);
  CHECK(len2 == len);
  *rc = muster_validate(buf, len + 1, &len2, policy, forces);
  CHECK(len2 == len && strlen(buf) == len);
  return buf;
}

static void reference_policy_is_valid(void) {
  int rc = 0;
  char *j = validate_text(POLICY_PATH, FORCES_PATH, &rc);
  CHECK_RC(rc, MUSTER_OK);
  CHECK(strcmp(muster_error_last(), "") == 0);
  CHECK(contains(j, "\"ok\":true"));
  CHECK(contains(j, "\"diagnostics\":["));
  CHECK(contains(j, "\"forces_checked\":true"));
  CHECK(!contains(j, "\"severity\":\"error\""));
  free(j);
  /* The policy alone. */
  j = validate_text(POLICY_PATH, NULL, &rc);
  CHECK_RC(rc, MUSTER_OK);
  CHECK(contains(j, "\"ok\":true") && contains(j, "\"forces_checked\":false"));
  free(j);
}

static void broken_policy(void) {
  char *dir = make_temp_dir();
  CHECK(dir != NULL);
  char path[4096];
  snprintf(path, sizeof path, "%s/broken.yaml", dir);
  /* The reference policy with a top-level key the language does not have. */
  CHECK(copy_file(POLICY_PATH, path, "\ncolour: red\n") == 0);
  int rc = 0;
  char *j = validate_text(path, FORCES_PATH, &rc);
  CHECK_RC(rc, MUSTER_EPOLICY);
  CHECK(contains(muster_error_last(), "unknown-key"));
  CHECK(contains(j, "\"ok\":false"));
  CHECK(contains(j, "\"code\":\"unknown-key\""));
  CHECK(contains(j, "\"severity\":\"error\""));
  CHECK(contains(j, "broken.yaml"));
  CHECK(json_int(j, "line") > 1);
  CHECK(contains(j, "\"forces_checked\":false")); /* not checked against a broken policy */
  free(j);
  /* Opening an engine on it fails the same way. */
  muster_engine *e = NULL;
  CHECK_RC(muster_engine_open(&e, path, FORCES_PATH, NULL), MUSTER_EPOLICY);
  CHECK(e == NULL && contains(muster_error_last(), "unknown-key"));
  remove_temp_dir(dir);
}

static void broken_registry_and_missing_file(void) {
  int rc = 0;
  /* The policy given as the registry: it does not read as one. */
  char *j = validate_text(POLICY_PATH, POLICY_PATH, &rc);
  CHECK_RC(rc, MUSTER_EPOLICY);
  CHECK(contains(j, "\"ok\":false") && contains(j, "\"forces_checked\":true"));
  free(j);
  j = validate_text(MUSTER_SOURCE_DIR "/rules/does-not-exist.yaml", NULL, &rc);
  CHECK_RC(rc, MUSTER_EPOLICY);
  CHECK(contains(j, "does-not-exist.yaml"));
  free(j);
}

static void validate_null_arguments(void) {
  char buf[16];
  size_t len = 0;
  CHECK_RC(muster_validate(buf, sizeof buf, &len, NULL, FORCES_PATH), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "policy_path is NULL"));
  CHECK_RC(muster_validate(buf, sizeof buf, NULL, POLICY_PATH, NULL), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "out_len is NULL"));
  CHECK_RC(muster_validate(NULL, sizeof buf, &len, POLICY_PATH, NULL), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "out is NULL"));
  /* forces_path NULL is legal; a small buffer says how much is needed. */
  CHECK_RC(muster_validate(buf, sizeof buf, &len, POLICY_PATH, NULL), MUSTER_EBUFSIZE);
  CHECK(len >= sizeof buf && buf[0] == '\0');
}

int main(void) {
  static const struct harness_test tests[] = {
      HARNESS_TEST(reference_policy_is_valid),
      HARNESS_TEST(broken_policy),
      HARNESS_TEST(broken_registry_and_missing_file),
      HARNESS_TEST(validate_null_arguments),
  };
  return harness_run(tests, sizeof tests / sizeof tests[0]);
}
