/* Eight threads drive one engine at once (built under ThreadSanitizer by `make test-tsan`).
 *
 * Each thread runs its own county's incidents: report, draft a plan, a refused approval (the
 * drafter approving its own plan), the approval, and the order's acknowledgement, arrival and
 * release, plus a repeated report. Thread interleaving differs per run, so the checks are
 * invariants: every event got its own place in the engine's input order (seq 1..N, no gaps, no
 * repeats), each was accepted or refused exactly as the single-county script says, request and
 * order numbers are 1..N exactly, callbacks ran one at a time (a plain counter, guarded only by
 * the engine's lock, matches the effect total), and replaying the inputs in the order the engine
 * took them (by seq) into a fresh engine gives the same state digest, as does reopening the
 * journal. */
#define _POSIX_C_SOURCE 200809L
#include "harness.h"
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 8
#define ROUNDS 20
#define STEPS 7 /* recorded inputs per round (the repeated report is not recorded) */

static const char *const counties[THREADS] = {"huancui",   "wendeng",     "rongcheng",    "rushan",
                                              "econ_zone", "hitech_zone", "lingang_zone", "nanhai"};

struct record {
  long long seq;
  int accepted;
  char json[400];
};

struct worker {
  int index;
  muster_engine *engine;
  struct record log[ROUNDS * STEPS];
  size_t logged;
  int accepted, rejected, repeats, failures;
  unsigned requests[ROUNDS], orders[ROUNDS];
  size_t effects; /* effects of the outcomes this thread got (repeats excluded) */
};

/* Called inside the engine's lock: a plain counter is enough when calls are serialised. */
static size_t delivered;
static int count_effect(const muster_effect *effect, void *payload) {
  const char *json = effect->json;
  const size_t len = effect->len;
  (void)json;
  (void)len;
  (void)payload;
  ++delivered;
  return 0;
}

static muster_outcome *run(struct worker *w, const char *json, int want, int record) {
  muster_outcome *o = NULL;
  const int rc = muster_engine_submit(&o, w->engine, json, strlen(json));
  if (rc != want) {
    printf("thread %d: %s returned %d, expected %d: %s\n", w->index, json, rc, want, muster_error_last());
    ++w->failures;
  }
  if (o == NULL) {
    printf("thread %d: %s: no outcome (%d: %s)\n", w->index, json, rc, muster_error_last());
    ++w->failures;
    return NULL;
  }
  char *text = outcome_text(o);
  if (record) {
    struct record *r = &w->log[w->logged++];
    r->seq = json_int(text, "seq");
    r->accepted = muster_outcome_accepted(o);
    snprintf(r->json, sizeof r->json, "%s", json);
    w->effects += muster_outcome_effect_count(o);
  }
  if (muster_outcome_accepted(o)) ++w->accepted;
  else ++w->rejected;
  free(text);
  return o;
}

static void *work(void *arg) {
  struct worker *w = arg;
  const char *c = counties[w->index];
  char ev[400], id[64], inc[64];
  for (int k = 0; k < ROUNDS; ++k) {
    snprintf(inc, sizeof inc, "T%d-I%d", w->index, k);
    snprintf(id, sizeof id, "t%d-r%d-report", w->index, k);
    muster_outcome_free(run(w, ev_report(ev, sizeof ev, id, inc, c, 0), MUSTER_OK, 1));

    snprintf(id, sizeof id, "t%d-r%d-draft", w->index, k);
    muster_outcome *o = run(w, ev_draft(ev, sizeof ev, id, inc, c, 0), MUSTER_OK, 1);
    const unsigned request = o != NULL ? outcome_number(o, "request") : 0;
    w->requests[k] = request;
    muster_outcome_free(o);

    /* The drafter approving its own plan: refused, changes nothing. */
    snprintf(id, sizeof id, "t%d-r%d-self", w->index, k);
    snprintf(ev, sizeof ev, "{\"id\":\"%s\",\"kind\":\"request.approve\",\"at\":%lld,\"actor\":\"%s_fire\",\"request\":%u}", id,
             T0, c, request);
    muster_outcome_free(run(w, ev, MUSTER_EREJECTED, 1));

    snprintf(id, sizeof id, "t%d-r%d-approve", w->index, k);
    o = run(w, ev_approve(ev, sizeof ev, id, c, request, 0), MUSTER_OK, 1);
    const unsigned order = o != NULL ? outcome_number(o, "order") : 0;
    w->orders[k] = order;
    muster_outcome_free(o);

    snprintf(id, sizeof id, "t%d-r%d-ack", w->index, k);
    muster_outcome_free(run(w, ev_ack(ev, sizeof ev, id, c, order, 0), MUSTER_OK, 1));
    snprintf(id, sizeof id, "t%d-r%d-arrive", w->index, k);
    snprintf(ev, sizeof ev, "{\"id\":\"%s\",\"kind\":\"order.arrive\",\"at\":%lld,\"actor\":\"%s_fire\",\"order\":%u}", id, T0, c,
             order);
    muster_outcome_free(run(w, ev, MUSTER_OK, 1));
    snprintf(id, sizeof id, "t%d-r%d-release", w->index, k);
    snprintf(ev, sizeof ev, "{\"id\":\"%s\",\"kind\":\"order.release\",\"at\":%lld,\"actor\":\"%s_fire\",\"order\":%u}", id, T0,
             c, order);
    muster_outcome_free(run(w, ev, MUSTER_OK, 1));

    /* The report again: the first outcome, nothing changes, nothing delivered. */
    snprintf(id, sizeof id, "t%d-r%d-report", w->index, k);
    o = run(w, ev_report(ev, sizeof ev, id, inc, c, 0), MUSTER_OK, 0);
    char *text = o != NULL ? outcome_text(o) : NULL;
    if (!contains(text, "\"duplicate\":true")) {
      printf("thread %d: %s again: not a repeat: %s\n", w->index, id, text != NULL ? text : "(no outcome)");
      ++w->failures;
    } else {
      ++w->repeats;
    }
    free(text);
    muster_outcome_free(o);

    /* Reads, interleaved with the other threads' writes. */
    int rc = 0;
    char *j = incident_text(w->engine, inc, &rc);
    if (rc != MUSTER_OK || !contains(j, "\"state\":\"fire_led\"")) {
      printf("thread %d: incident %s: %d %s\n", w->index, inc, rc, j != NULL ? j : muster_error_last());
      ++w->failures;
    }
    free(j);
    j = deadlines_text(w->engine, &rc);
    if (rc != MUSTER_OK) {
      printf("thread %d: deadlines: %d %s\n", w->index, rc, muster_error_last());
      ++w->failures;
    }
    free(j);
    char digest[65];
    if ((rc = muster_engine_state_digest(digest, sizeof digest, w->engine)) != MUSTER_OK) {
      printf("thread %d: state digest: %d %s\n", w->index, rc, muster_error_last());
      ++w->failures;
    }
  }
  return NULL;
}

static int by_seq(const void *a, const void *b) {
  const struct record *x = *(const struct record *const *)a, *y = *(const struct record *const *)b;
  return (x->seq > y->seq) - (x->seq < y->seq);
}

static int by_number(const void *a, const void *b) {
  const unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
  return (x > y) - (x < y);
}

/* Sorted, the numbers are exactly 1..n. */
static int one_to_n(unsigned *ns, size_t n) {
  qsort(ns, n, sizeof ns[0], by_number);
  for (size_t i = 0; i < n; ++i)
    if (ns[i] != i + 1) return 0;
  return 1;
}

static void eight_threads_one_engine(void) {
  char *dir = make_temp_dir();
  char journal[4096];
  snprintf(journal, sizeof journal, "%s/threads.journal", dir);
  muster_options opt = MUSTER_OPTIONS_INIT;
  opt.journal_path = journal;
  opt.durability = MUSTER_DURABILITY_NONE;
  muster_engine *e = NULL;
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, &opt), MUSTER_OK);
  if (e == NULL) {
    remove_temp_dir(dir);
    return;
  }
  CHECK_RC(muster_engine_on_effect(e, count_effect, NULL), MUSTER_OK);

  static struct worker workers[THREADS];
  pthread_t threads[THREADS];
  for (int t = 0; t < THREADS; ++t) {
    memset(&workers[t], 0, sizeof workers[t]);
    workers[t].index = t;
    workers[t].engine = e;
    CHECK(pthread_create(&threads[t], NULL, work, &workers[t]) == 0);
  }
  for (int t = 0; t < THREADS; ++t) CHECK(pthread_join(threads[t], NULL) == 0);

  /* Every input accepted or refused exactly as scripted, exactly once. */
  size_t total = 0, effects = 0;
  static unsigned requests[THREADS * ROUNDS], orders[THREADS * ROUNDS];
  static struct record *all[THREADS * ROUNDS * STEPS];
  for (int t = 0; t < THREADS; ++t) {
    const struct worker *w = &workers[t];
    CHECK(w->failures == 0);
    CHECK(w->logged == ROUNDS * STEPS);
    CHECK(w->accepted == ROUNDS * 7); /* six steps and the repeat */
    CHECK(w->rejected == ROUNDS);
    CHECK(w->repeats == ROUNDS);
    for (size_t i = 0; i < w->logged; ++i) all[total++] = (struct record *)&w->log[i];
    for (int k = 0; k < ROUNDS; ++k) {
      requests[t * ROUNDS + k] = w->requests[k];
      orders[t * ROUNDS + k] = w->orders[k];
    }
    effects += w->effects;
  }
  CHECK(total == THREADS * ROUNDS * STEPS);
  CHECK(delivered == effects);
  CHECK(one_to_n(requests, THREADS * ROUNDS));
  CHECK(one_to_n(orders, THREADS * ROUNDS));
  /* One place each in the input order: seq 1..N. */
  qsort(all, total, sizeof all[0], by_seq);
  int seqs_ok = 1;
  for (size_t i = 0; i < total; ++i)
    if (all[i]->seq != (long long)i + 1) seqs_ok = 0;
  CHECK(seqs_ok);

  char digest[65];
  CHECK_RC(muster_engine_state_digest(digest, sizeof digest, e), MUSTER_OK);
  muster_engine_close(e);

  /* The same inputs in the engine's order, on one thread, give the same state. */
  muster_engine *replay = open_memory();
  int same_verdicts = 1;
  for (size_t i = 0; i < total && replay != NULL; ++i) {
    muster_outcome *o = NULL;
    muster_engine_submit(&o, replay, all[i]->json, strlen(all[i]->json));
    if (o == NULL || muster_outcome_accepted(o) != all[i]->accepted) same_verdicts = 0;
    muster_outcome_free(o);
  }
  CHECK(same_verdicts);
  char replayed[65];
  CHECK_RC(muster_engine_state_digest(replayed, sizeof replayed, replay), MUSTER_OK);
  CHECK(strcmp(digest, replayed) == 0);
  muster_engine_close(replay);

  /* And so does the journal the eight threads wrote. */
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, &opt), MUSTER_OK);
  char recovered[65];
  CHECK_RC(muster_engine_state_digest(recovered, sizeof recovered, e), MUSTER_OK);
  CHECK(strcmp(digest, recovered) == 0);
  muster_engine_close(e);
  remove_temp_dir(dir);
}

/* Outcomes are immutable: many threads may read one. */
struct reader {
  const muster_outcome *o;
  int ok;
};

static void *read_outcome(void *arg) {
  struct reader *r = arg;
  r->ok = 1;
  for (int i = 0; i < 200; ++i) {
    char *text = outcome_text(r->o);
    if (!contains(text, "\"accepted\":true")) r->ok = 0;
    free(text);
    for (size_t k = 0; k < muster_outcome_effect_count(r->o); ++k) {
      char *one = effect_text(r->o, k);
      if (one == NULL) r->ok = 0;
      free(one);
    }
  }
  return NULL;
}

static void outcome_read_from_many_threads(void) {
  muster_engine *e = open_memory();
  char ev[400];
  muster_outcome *o = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK);
  struct reader readers[4];
  pthread_t threads[4];
  for (int t = 0; t < 4; ++t) {
    readers[t].o = o;
    CHECK(pthread_create(&threads[t], NULL, read_outcome, &readers[t]) == 0);
  }
  for (int t = 0; t < 4; ++t) {
    CHECK(pthread_join(threads[t], NULL) == 0);
    CHECK(readers[t].ok);
  }
  muster_outcome_free(o);
  muster_engine_close(e);
}

/* One partition per thread, all on one compiled muster_rules: each opens its own engine from
 * them and runs its county's report; the rules are freed while the engines still run. Each
 * engine's digest equals that of an engine opened from the files on the same input. */
struct partition {
  const muster_rules *rules;
  const char *county;
  muster_engine *engine;
  char digest[80];
  int ok;
};

static void *run_partition(void *arg) {
  struct partition *p = arg;
  p->ok = muster_engine_open_rules(&p->engine, p->rules, NULL) == MUSTER_OK;
  if (!p->ok) return NULL;
  char ev[400];
  muster_outcome *o = NULL;
  const char *json = ev_report(ev, sizeof ev, "e1", "INC-1", p->county, 0);
  p->ok = muster_engine_submit(&o, p->engine, json, strlen(json)) == MUSTER_OK;
  muster_outcome_free(o);
  p->ok = p->ok && muster_engine_state_digest(p->digest, sizeof p->digest, p->engine) == MUSTER_OK;
  return NULL;
}

static void partitions_share_one_compiled_rules(void) {
  muster_rules *rules = NULL;
  CHECK_RC(muster_rules_compile(&rules, POLICY_PATH, FORCES_PATH), MUSTER_OK);
  struct partition parts[4];
  pthread_t threads[4];
  for (int t = 0; t < 4; ++t) {
    parts[t] = (struct partition){rules, counties[t], NULL, "", 0};
    CHECK(pthread_create(&threads[t], NULL, run_partition, &parts[t]) == 0);
  }
  for (int t = 0; t < 4; ++t) CHECK(pthread_join(threads[t], NULL) == 0);
  muster_rules_free(rules); /* the engines keep what they need */
  for (int t = 0; t < 4; ++t) {
    CHECK(parts[t].ok);
    muster_engine *alone = open_memory();
    char ev[400], digest[80];
    muster_outcome_free(SUBMIT(alone, ev_report(ev, sizeof ev, "e1", "INC-1", parts[t].county, 0), MUSTER_OK));
    CHECK_RC(muster_engine_state_digest(digest, sizeof digest, alone), MUSTER_OK);
    CHECK(strcmp(digest, parts[t].digest) == 0);
    muster_outcome_free(SUBMIT(parts[t].engine, ev_report(ev, sizeof ev, "e2", "INC-2", parts[t].county, 5), MUSTER_OK));
    muster_engine_close(alone);
    muster_engine_close(parts[t].engine);
  }

  /* Refusals: each says which call and what. */
  muster_engine *e = NULL;
  CHECK_RC(muster_rules_compile(NULL, POLICY_PATH, FORCES_PATH), MUSTER_EINVAL);
  CHECK_RC(muster_rules_compile(&rules, NULL, FORCES_PATH), MUSTER_EINVAL);
  CHECK(rules == NULL);
  CHECK_RC(muster_rules_compile(&rules, POLICY_PATH, MUSTER_SOURCE_DIR "/rules/no-such-forces.yaml"), MUSTER_EPOLICY);
  CHECK(rules == NULL && strstr(muster_error_last(), "muster_rules_compile: the force registry does not compile") != NULL);
  CHECK_RC(muster_engine_open_rules(&e, NULL, NULL), MUSTER_EINVAL);
  CHECK(e == NULL && strstr(muster_error_last(), "muster_engine_open_rules") != NULL);
  CHECK_RC(muster_rules_compile(&rules, POLICY_PATH, FORCES_PATH), MUSTER_OK);
  muster_options bad = MUSTER_OPTIONS_INIT;
  bad.version = 99;
  CHECK_RC(muster_engine_open_rules(&e, rules, &bad), MUSTER_EINVAL);
  CHECK(strstr(muster_error_last(), "muster_engine_open_rules: options->version is 99") != NULL);
  muster_rules_free(rules);
  muster_rules_free(NULL);
}

int main(void) {
  static const struct harness_test tests[] = {
      HARNESS_TEST(eight_threads_one_engine),
      HARNESS_TEST(outcome_read_from_many_threads),
      HARNESS_TEST(partitions_share_one_compiled_rules),
  };
  return harness_run(tests, sizeof tests / sizeof tests[0]);
}
