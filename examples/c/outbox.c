/*
 * An outbox in C: every effect delivered exactly once, across a crash and a reopen.
 *
 *   outbox POLICY FORCES EVENTS.jsonl JOURNAL DELIVERED [--crash-after N]
 *
 * The engine records every input in JOURNAL with durability every_event, so an outcome is on
 * the disk when muster_engine_submit returns. Delivering an effect here means appending one
 * line to DELIVERED and syncing it: "<seq> <index> <effect JSON>". In a dispatch system it is the
 * message to a console or a radio gateway, keyed on (seq, index) so the far side can tell a
 * repeat.
 *
 * After a crash the host starts again from the top. It reopens the engine (the journal replays
 * to the same state), reads the last (seq, index) it delivered from DELIVERED, and submits every
 * event of EVENTS again. An event the engine has applied is answered as a duplicate carrying
 * its original outcome, with the same seq and the same effects. Effects at or before the mark
 * are skipped; the ones the crash left undelivered are delivered now. Delivery follows (seq,
 * index) order, so the mark is all the outbox keeps. No effect is lost, and none is delivered
 * twice: DELIVERED ends the same as after a run that never crashed.
 *
 * --crash-after N stops the process with _exit(3) right after its N-th delivery, as kill -9
 * would: the engine is not closed, nothing is flushed. examples/run_outbox.cmake crashes it
 * several times, mid-outcome included, and compares DELIVERED with a clean run's.
 *
 * The feature shown: effect identity (muster_effect's seq and index; muster_outcome_effect) and
 * duplicates answered with their outcome. Link with -lmuster (pkg-config muster) or CMake's
 * muster::muster_c.
 */
#define _POSIX_C_SOURCE 200809L

#include <muster/muster.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Where delivery stands: the last (seq, index) delivered, and the file the deliveries go to. */
struct outbox {
  int fd;
  int any;             /* anything delivered yet */
  uint64_t seq;        /* the last delivered effect's identity */
  uint32_t index;
  unsigned delivered;  /* this run */
  unsigned skipped;    /* this run: delivered by an earlier one */
  long crash_after;    /* 0: never */
};

/* Reads the mark from the last complete line of DELIVERED. A last line without its newline was
 * cut by a crash while it was written: it was not delivered, so it is cut off. */
static int open_outbox(struct outbox *box, const char *path) {
  char buf[4096];
  off_t size, keep = 0, at;
  box->fd = open(path, O_RDWR | O_CREAT, 0644);
  if (box->fd < 0) return -1;
  size = lseek(box->fd, 0, SEEK_END);
  if (size < 0) return -1;
  /* Scan back for the newline that ends the last complete line. */
  for (at = size; at > 0 && keep == 0;) {
    const off_t from = at > (off_t)sizeof buf ? at - (off_t)sizeof buf : 0;
    const ssize_t got = pread(box->fd, buf, (size_t)(at - from), from);
    if (got != at - from) return -1;
    for (ssize_t i = got - 1; i >= 0; --i)
      if (buf[i] == '\n') {
        keep = from + i + 1;
        break;
      }
    at = from;
  }
  if (keep != size && ftruncate(box->fd, keep) != 0) return -1;
  if (keep > 0) {
    /* The last complete line starts after the newline before it. */
    off_t start = keep - 1;
    char c = 0;
    while (start > 0 && pread(box->fd, &c, 1, start - 1) == 1 && c != '\n') --start;
    char head[64] = {0};
    if (pread(box->fd, head, sizeof head - 1, start) <= 0 || sscanf(head, "%" SCNu64 " %" SCNu32, &box->seq, &box->index) != 2) {
      errno = EINVAL;
      return -1;
    }
    box->any = 1;
  }
  return lseek(box->fd, 0, SEEK_END) < 0 ? -1 : 0;
}

static int after_mark(const struct outbox *box, const muster_effect *e) {
  return !box->any || e->seq > box->seq || (e->seq == box->seq && e->index > box->index);
}

/* Delivers one effect: its line written whole and synced, then the mark moves. */
static int deliver(struct outbox *box, const muster_effect *e) {
  char head[48];
  const int n = snprintf(head, sizeof head, "%" PRIu64 " %" PRIu32 " ", e->seq, e->index);
  char *line = malloc((size_t)n + e->len + 1);
  if (!line) return -1;
  memcpy(line, head, (size_t)n);
  memcpy(line + n, e->json, e->len);
  line[(size_t)n + e->len] = '\n';
  const size_t len = (size_t)n + e->len + 1;
  const ssize_t wrote = write(box->fd, line, len);
  free(line);
  if (wrote != (ssize_t)len || fsync(box->fd) != 0) return -1;
  box->any = 1;
  box->seq = e->seq;
  box->index = e->index;
  if ((long)++box->delivered == box->crash_after) {
    printf("crash after %u deliveries (at %" PRIu64 "/%" PRIu32 ")\n", box->delivered, e->seq, e->index);
    fflush(stdout);
    _exit(3); /* as kill -9: no close, no flush */
  }
  return 0;
}

/* Submits one event and delivers the effects of its outcome not yet delivered — all of them for
 * a new event, the rest for a duplicate whose delivery a crash cut short. */
static int submit_and_deliver(muster_engine *eng, struct outbox *box, const char *line, size_t len) {
  muster_outcome *o = NULL;
  const int rc = muster_engine_submit(&o, eng, line, len);
  if (rc != MUSTER_OK && rc != MUSTER_EREJECTED) { /* a rejection has no effects; anything else: stop */
    fprintf(stderr, "submit: %s\n", muster_error_last());
    muster_outcome_free(o);
    return -1;
  }
  for (size_t i = 0; i < muster_outcome_effect_count(o); ++i) {
    muster_effect e;
    if (muster_outcome_effect(&e, o, i) != MUSTER_OK) {
      fprintf(stderr, "effect %zu: %s\n", i, muster_error_last());
      muster_outcome_free(o);
      return -1;
    }
    if (!after_mark(box, &e)) {
      ++box->skipped;
      continue;
    }
    if (deliver(box, &e) != 0) {
      perror("deliver");
      muster_outcome_free(o);
      return -1;
    }
  }
  muster_outcome_free(o);
  return 0;
}

int main(int argc, char **argv) {
  static char line[64 * 1024 + 2]; /* the engine refuses events over 64 KiB anyway */
  struct outbox box = {-1, 0, 0, 0, 0, 0, 0};
  muster_engine *eng = NULL;
  muster_options opts = MUSTER_OPTIONS_INIT;
  FILE *in;
  int failed = 0;

  if (argc == 8 && strcmp(argv[6], "--crash-after") == 0) box.crash_after = strtol(argv[7], NULL, 10);
  else if (argc != 6) {
    fprintf(stderr, "usage: %s POLICY FORCES EVENTS.jsonl JOURNAL DELIVERED [--crash-after N]\n", argv[0]);
    return 2;
  }
  if (open_outbox(&box, argv[5]) != 0) {
    perror(argv[5]);
    return 1;
  }
  opts.journal_path = argv[4];
  opts.durability = MUSTER_DURABILITY_EVERY_EVENT; /* an outcome is durable when submit returns */
  if (muster_engine_open(&eng, argv[1], argv[2], &opts) != MUSTER_OK) {
    fprintf(stderr, "cannot open the engine: %s\n", muster_error_last());
    close(box.fd);
    return 1;
  }
  if (box.any) printf("resuming after %" PRIu64 "/%" PRIu32 "\n", box.seq, box.index);

  in = fopen(argv[3], "r");
  if (!in) {
    perror(argv[3]);
    failed = 1;
  }
  while (!failed && fgets(line, sizeof line, in)) {
    size_t len = strcspn(line, "\r\n");
    if (len == 0 || line[0] == '#') continue; /* the incident file's comments and blank lines */
    failed = submit_and_deliver(eng, &box, line, len) != 0;
  }
  if (in) fclose(in);
  printf("delivered %u effect(s); %u delivered before\n", box.delivered, box.skipped);
  muster_engine_close(eng);
  close(box.fd);
  return failed ? 1 : 0;
}
