/* Built against the installed package (CMake muster::muster_c or muster::muster_c_static, or
 * pkg-config muster, shared or --static):
 * open an engine on the reference policy, submit one event, close. */
#include <muster/muster.h>

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  static const char event[] =
      "{\"id\":\"e1\",\"kind\":\"incident.report\",\"at\":\"2026-07-10T09:00:00+08:00\",\"actor\":\"wendeng_water\","
      "\"incident\":\"INC-1\",\"jurisdiction\":\"wendeng\",\"incident_type\":\"flood\",\"grade\":\"general\"}";
  muster_engine *eng = NULL;
  muster_outcome *o = NULL;
  int rc, ok;

  if (argc != 3) return 2;
  if (muster_version_number() / 10000 != MUSTER_VERSION_MAJOR) {
    fprintf(stderr, "header %d, library %u\n", MUSTER_VERSION_NUMBER, muster_version_number());
    return 1;
  }
  if (muster_engine_open(&eng, argv[1], argv[2], NULL) != MUSTER_OK) {
    fprintf(stderr, "open: %s\n", muster_error_last());
    return 1;
  }
  rc = muster_engine_submit(&o, eng, event, strlen(event));
  ok = rc == MUSTER_OK && muster_outcome_accepted(o) && muster_outcome_effect_count(o) > 0;
  printf("C: muster %s, submit %d, %zu effects\n", muster_version(), rc, muster_outcome_effect_count(o));
  muster_outcome_free(o);
  muster_engine_close(eng);
  return ok ? 0 : 1;
}
