/* An engine whose journal is a PostgreSQL partition: muster_options.journal_path takes
 * "postgresql://…#partition" as it takes a file path (docs/journal.md "PostgreSQL"). Needs the
 * suite's server (MUSTER_TEST_PG, set by ctest's pg_server fixture); without it, says so. */
#include "harness.h"
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void a_partition_is_a_journal_location(void) {
  const char *server = getenv("MUSTER_TEST_PG");
  if (server == NULL || *server == '\0') {
    printf("MUSTER_TEST_PG is not set: run through ctest (c_api.pg_journal), which starts the server\n");
    return;
  }
  char journal[4096];
  snprintf(journal, sizeof journal, "%s#c-api-%ld", server, (long)getpid());
  muster_engine *e = open_journaled(journal);
  char ev[512], digest[65] = "", again[65] = "";
  muster_outcome *o = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK);
  muster_outcome_free(o);
  o = SUBMIT(e, ev_draft(ev, sizeof ev, "e2", "INC-1", "wendeng", 1), MUSTER_OK);
  muster_outcome_free(o);
  CHECK_RC(muster_engine_state_digest(digest, sizeof digest, e), MUSTER_OK);

  /* One writer per partition: a second engine on it is refused, naming the partition. */
  muster_options opt = MUSTER_OPTIONS_INIT;
  opt.journal_path = journal;
  muster_engine *second = NULL;
  CHECK_RC(muster_engine_open(&second, POLICY_PATH, FORCES_PATH, &opt), MUSTER_EJOURNAL);
  CHECK(second == NULL);
  CHECK(contains(muster_error_last(), "journal-locked"));
  CHECK(contains(muster_error_last(), strrchr(journal, '#') + 1));
  muster_engine_close(e);

  e = open_journaled(journal); /* recovered from the partition */
  CHECK_RC(muster_engine_state_digest(again, sizeof again, e), MUSTER_OK);
  CHECK(strcmp(digest, again) == 0);

  /* A snapshot, kept in the database beside the partition: reopening replays only e3. */
  CHECK_RC(muster_engine_snapshot(e), MUSTER_OK);
  o = SUBMIT(e, ev_report(ev, sizeof ev, "e3", "INC-2", "wendeng", 2), MUSTER_OK);
  muster_outcome_free(o);
  CHECK_RC(muster_engine_state_digest(digest, sizeof digest, e), MUSTER_OK);
  muster_engine_close(e);
  e = open_journaled(journal);
  muster_recovery r;
  memset(&r, 0, sizeof r);
  r.version = MUSTER_RECOVERY_VERSION;
  CHECK_RC(muster_engine_recovery(&r, e), MUSTER_OK);
  CHECK(r.snapshot_seq > 0);
  CHECK(r.events_replayed == 1);
  CHECK_RC(muster_engine_state_digest(again, sizeof again, e), MUSTER_OK);
  CHECK(strcmp(digest, again) == 0);
  muster_engine_close(e);
}

/* A PostgreSQL location that names no partition, or an invalid one, is the caller's bad
 * argument (MUSTER_EINVAL), refused before any connection is made (no server needed). */
static void a_postgresql_location_without_a_valid_partition_is_an_invalid_argument(void) {
  static const char *const bad[] = {"postgresql:///muster?host=/nonexistent", "postgresql:///muster#a b",
                                    "postgres:///muster#"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    muster_options opt = MUSTER_OPTIONS_INIT;
    opt.journal_path = bad[i];
    muster_engine *e = (muster_engine *)&opt; /* must come back NULL */
    CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, &opt), MUSTER_EINVAL);
    CHECK(e == NULL);
    CHECK(contains(muster_error_last(), "muster_engine_open: "));
    CHECK(contains(muster_error_last(), "journal-location"));
  }
}

int main(void) {
  static const struct harness_test tests[] = {
      HARNESS_TEST(a_partition_is_a_journal_location),
      HARNESS_TEST(a_postgresql_location_without_a_valid_partition_is_an_invalid_argument),
  };
  return harness_run(tests, sizeof tests / sizeof tests[0]);
}
