/* A small test harness for the C API tests, in C11: each test is a function; CHECK reports
 * `file:line: CHECK(expr) failed` (plus muster_error_last() for the status checks) and marks
 * the running test failed; harness_run prints one line per failed test and, last, exactly
 * `N passed, M failed` (the line CI parses), and returns the process exit code. */
#ifndef MUSTER_TEST_HARNESS_H
#define MUSTER_TEST_HARNESS_H

#include <stddef.h>

typedef void (*harness_test_fn)(void);

struct harness_test {
  const char *name;
  harness_test_fn fn;
};
#define HARNESS_TEST(f) { #f, f }

void harness_fail(const char *file, int line, const char *what);
/* Fails with both statuses and the last error when `got` != `want`. */
void harness_check_rc(const char *file, int line, const char *expr, int got, int want);
/* Runs every test in order; returns 0 when all passed, else 1. */
int harness_run(const struct harness_test *tests, size_t count);

#define CHECK(cond)                                          \
  do {                                                       \
    if (!(cond)) harness_fail(__FILE__, __LINE__, #cond);    \
  } while (0)

/* CHECK_RC(muster_engine_submit(…), MUSTER_OK): the status, with the error when it differs. */
#define CHECK_RC(expr, want)                                           \
  do {                                                                 \
    int harness_rc_ = (expr);                                          \
    harness_check_rc(__FILE__, __LINE__, #expr, harness_rc_, (want)); \
  } while (0)

#endif
