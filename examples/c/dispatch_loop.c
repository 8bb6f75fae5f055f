/*
 * Embedding Muster in a dispatch loop, in C: events arrive as JSON lines, the engine answers
 * with effects — what must happen next, and which rule of the policy says so.
 *
 *   dispatch_loop POLICY FORCES [EVENTS.jsonl]
 *
 * Without EVENTS it runs a short built-in incident: a flood in Wendeng, a call plan approved
 * and consented, an order issued and acknowledged, a second plan nobody answers, and an
 * acknowledgement of an order that does not exist (rejected). After the last event it sleeps
 * until the engine's next timer (muster_engine_next_due) and moves the clock there, so that timer
 * fires (a reminder to answer the second plan), and lists the deadlines still pending.
 *
 * The feature shown: the C API (bindings/c/include/muster/muster.h) — open, submit, an effect
 * callback with a payload, next_due and advance, a query into a caller buffer, close. Link with -lmuster
 * (pkg-config muster) or CMake's muster::muster_c.
 */
#include <muster/muster.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const built_in[] = {
    "{\"id\":\"e1\",\"kind\":\"incident.report\",\"at\":\"2026-07-10T09:00:00+08:00\",\"actor\":\"wendeng_water\","
    "\"incident\":\"INC-1\",\"jurisdiction\":\"wendeng\",\"incident_type\":\"flood\",\"grade\":\"general\"}",
    "{\"id\":\"e2\",\"kind\":\"plan.draft\",\"at\":\"2026-07-10T09:05:00+08:00\",\"actor\":\"wendeng_fire\","
    "\"incident\":\"INC-1\",\"forces\":[\"wendeng_flood_team\"]}",
    "{\"id\":\"e3\",\"kind\":\"request.approve\",\"at\":\"2026-07-10T09:08:00+08:00\",\"actor\":\"wendeng_em\","
    "\"incident\":\"INC-1\",\"request\":1}",
    "{\"id\":\"e4\",\"kind\":\"request.consent\",\"at\":\"2026-07-10T09:12:00+08:00\",\"actor\":\"wendeng_water\","
    "\"incident\":\"INC-1\",\"request\":1,\"force\":\"wendeng_flood_team\"}",
    "{\"id\":\"e5\",\"kind\":\"order.ack\",\"at\":\"2026-07-10T09:15:00+08:00\",\"actor\":\"wendeng_water\","
    "\"incident\":\"INC-1\",\"order\":1}",
    "{\"id\":\"e6\",\"kind\":\"plan.draft\",\"at\":\"2026-07-10T09:20:00+08:00\",\"actor\":\"wendeng_fire\","
    "\"incident\":\"INC-1\",\"capabilities\":[\"drone_reconnaissance\"]}",
    "{\"id\":\"e7\",\"kind\":\"order.ack\",\"at\":\"2026-07-10T09:25:00+08:00\",\"actor\":\"wendeng_water\","
    "\"incident\":\"INC-1\",\"order\":99}",
};

/* The payload the callback gets: here, a count; in a host, its dispatch queue. */
struct host {
  unsigned effects;
};

/* Called for each effect, in order, while submit/advance runs. Return non-zero to stop. */
static int carry_out(const muster_effect *effect, void *payload) {
  const char *json = effect->json;
  const size_t len = effect->len;
  struct host *h = (struct host *)payload;
  h->effects++;
  printf("  -> %.*s\n", (int)len, json);
  return 0;
}

/* Prints one outcome's verdict (its effects were printed by the callback) and frees it. */
static int report(int rc, muster_outcome *o) {
  char *json = NULL;
  size_t need = 0;
  switch (rc) {
    case MUSTER_OK:
      printf("   => accepted, %zu effect(s)\n", muster_outcome_effect_count(o));
      break;
    case MUSTER_EREJECTED:
    case MUSTER_EMALFORMED:
      /* The outcome JSON says why: {…,"rejection":{"reason","rule","detail"},…}. Ask for the
       * size first (NULL, 0), then fetch it. */
      if (muster_outcome_json(NULL, 0, &need, o) == MUSTER_EBUFSIZE && (json = malloc(need + 1)) != NULL &&
          muster_outcome_json(json, need + 1, &need, o) == MUSTER_OK)
        printf("   => rejected: %s\n", json);
      else
        printf("   => rejected\n");
      free(json);
      break;
    default: /* EINVAL, EJOURNAL, EINTERNAL: the host must act */
      fprintf(stderr, "error %d: %s\n", rc, muster_error_last());
      muster_outcome_free(o);
      return -1;
  }
  muster_outcome_free(o);
  return 0;
}

/* A query with the buffer protocol: try a small buffer, grow to the size the library asks for. */
static char *query_deadlines(muster_engine *eng) {
  size_t cap = 64, need = 0;
  char *buf = malloc(cap);
  int rc = MUSTER_EINTERNAL;
  while (buf && (rc = muster_engine_deadlines(buf, cap, &need, eng)) == MUSTER_EBUFSIZE) {
    char *bigger = realloc(buf, need + 1);
    if (!bigger) break;
    buf = bigger;
    cap = need + 1;
  }
  if (buf && rc != MUSTER_OK) {
    fprintf(stderr, "deadlines: %s\n", muster_error_last());
    free(buf);
    return NULL;
  }
  return buf;
}

static int submit_line(muster_engine *eng, unsigned n, const char *line, size_t len) {
  muster_outcome *o = NULL;
  const char *kind = strstr(line, "\"kind\":\""); /* a label for the log; the engine parses the JSON */
  int rc;
  if (kind) kind += 8;
  printf("#%u %.*s\n", n, kind ? (int)strcspn(kind, "\"") : 0, kind ? kind : "");
  rc = muster_engine_submit(&o, eng, line, len);
  return report(rc, o);
}

int main(int argc, char **argv) {
  struct host host = {0};
  muster_engine *eng = NULL;
  muster_options opts = MUSTER_OPTIONS_INIT; /* in memory; set journal_path to record everything */
  muster_outcome *o = NULL;
  int64_t now = 0;
  int failed = 0;
  char *deadlines;

  if (argc != 3 && argc != 4) {
    fprintf(stderr, "usage: %s POLICY FORCES [EVENTS.jsonl]\n", argv[0]);
    return 2;
  }
  if (muster_engine_open(&eng, argv[1], argv[2], &opts) != MUSTER_OK) {
    fprintf(stderr, "cannot open the engine: %s\n", muster_error_last());
    return 1;
  }
  muster_engine_on_effect(eng, carry_out, &host);
  printf("muster %s\n", muster_version());

  if (argc == 4) {
    static char line[64 * 1024 + 2]; /* the engine refuses events over 64 KiB anyway */
    FILE *in = fopen(argv[3], "r");
    if (!in) {
      perror(argv[3]);
      muster_engine_close(eng);
      return 1;
    }
    unsigned n = 0;
    while (!failed && fgets(line, sizeof line, in)) {
      size_t len = strcspn(line, "\r\n");
      ++n;
      if (len == 0 || line[0] == '#') continue;
      failed = submit_line(eng, n, line, len) != 0;
    }
    fclose(in);
  } else {
    size_t i;
    for (i = 0; !failed && i < sizeof built_in / sizeof built_in[0]; ++i)
      failed = submit_line(eng, (unsigned)i + 1, built_in[i], strlen(built_in[i])) != 0;
  }

  /* No further event: the engine never reads a clock, so the host sleeps until the next timer
   * is due (a real host waits on its socket with that timeout) and moves the clock there.
   * MUSTER_ENOTFOUND: no timer is pending, nothing happens until the next event. */
  if (!failed && muster_engine_now(&now, eng) == MUSTER_OK) {
    int64_t due = 0;
    int rc = muster_engine_next_due(&due, eng);
    if (rc == MUSTER_OK) {
      printf("sleep until the next timer: +%lld s\n", (long long)(due - now));
      rc = muster_engine_advance(&o, eng, due);
      failed = report(rc, o) != 0;
    } else if (rc == MUSTER_ENOTFOUND) {
      printf("no timer pending\n");
    } else {
      fprintf(stderr, "next_due: %s\n", muster_error_last());
      failed = 1;
    }
  }

  deadlines = failed ? NULL : query_deadlines(eng);
  if (deadlines) printf("deadlines: %s\n", deadlines);
  free(deadlines);
  printf("%u effect(s) carried out\n", host.effects);

  muster_engine_close(eng);
  return failed ? 1 : 0;
}
