#include "harness.h"

#include <muster/muster.h>

#include <stdio.h>

static int current_failed;

void harness_fail(const char *file, int line, const char *what) {
  printf("%s:%d: CHECK(%s) failed\n", file, line, what);
  fflush(stdout);
  current_failed = 1;
}

void harness_check_rc(const char *file, int line, const char *expr, int got, int want) {
  if (got == want) return;
  printf("%s:%d: %s returned %d (%s), expected %d (%s) (muster_error_last: \"%s\")\n", file, line, expr, got,
         muster_status_str(got), want, muster_status_str(want), muster_error_last());
  fflush(stdout);
  current_failed = 1;
}

int harness_run(const struct harness_test *tests, size_t count) {
  size_t passed = 0, failed = 0;
  for (size_t i = 0; i < count; ++i) {
    current_failed = 0;
    tests[i].fn();
    if (current_failed) {
      ++failed;
      printf("FAILED: %s\n", tests[i].name);
    } else {
      ++passed;
      printf("ok: %s\n", tests[i].name);
    }
    fflush(stdout);
  }
  printf("%zu passed, %zu failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
