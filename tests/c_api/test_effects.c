/* Effect identity for exactly-once delivery: every effect, in the callback and through
 * muster_outcome_effect, carries (seq, index) and its kind as a constant; the same input keeps
 * its seq across a reopen (a repeat returns it), so an outbox keyed on (seq, index) delivers once. */
#include "harness.h"
#include "support.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SEEN 64

struct seen {
  size_t n;
  uint64_t seq[MAX_SEEN];
  uint32_t index[MAX_SEEN];
  uint32_t count[MAX_SEEN];
  int32_t kind[MAX_SEEN];
  int bad; /* a field that does not agree with the JSON */
};

static int record(const muster_effect *effect, void *payload) {
  struct seen *s = payload;
  if (effect == NULL || s->n >= MAX_SEEN) return 1;
  if (effect->version != MUSTER_EFFECT_VERSION || effect->json == NULL || strlen(effect->json) != effect->len) s->bad = 1;
  /* The kind constant names the JSON's kind. */
  char lead[96];
  snprintf(lead, sizeof lead, "{\"kind\":\"%s\"", muster_effect_kind_str(effect->kind));
  if (effect->kind == MUSTER_EFFECT_KIND_UNKNOWN || strncmp(effect->json, lead, strlen(lead)) != 0) s->bad = 1;
  s->seq[s->n] = effect->seq;
  s->index[s->n] = effect->index;
  s->count[s->n] = effect->count;
  s->kind[s->n] = effect->kind;
  ++s->n;
  return 0;
}

static void callback_gives_seq_index_and_kind(void) {
  muster_engine *e = open_memory();
  struct seen s;
  memset(&s, 0, sizeof s);
  CHECK_RC(muster_engine_on_effect(e, record, &s), MUSTER_OK);
  char ev[512];
  muster_outcome *o = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK);
  const size_t n = muster_outcome_effect_count(o);
  const uint64_t seq = muster_outcome_seq(o);
  CHECK(n >= 3 && s.n == n && !s.bad);
  CHECK(seq >= 1);
  for (size_t i = 0; i < s.n; ++i) {
    CHECK(s.seq[i] == seq);
    CHECK(s.index[i] == i);
    CHECK(s.count[i] == n);
    /* The same identity through the outcome. */
    muster_effect one;
    memset(&one, 0xAB, sizeof one);
    CHECK_RC(muster_outcome_effect(&one, o, i), MUSTER_OK);
    CHECK(one.version == MUSTER_EFFECT_VERSION && one.seq == seq && one.index == i && one.count == n && one.kind == s.kind[i]);
    char *text = effect_text(o, i);
    CHECK(text != NULL && one.len == strlen(text) && memcmp(one.json, text, one.len) == 0);
    free(text);
  }
  CHECK(s.kind[0] == MUSTER_EFFECT_NOTIFY || s.kind[0] == MUSTER_EFFECT_ASSIGN_COMMAND);
  /* The next input has the next seq. */
  size_t before = s.n;
  muster_outcome *o2 = SUBMIT(e, ev_report(ev, sizeof ev, "e2", "INC-2", "rushan", 1), MUSTER_OK);
  CHECK(muster_outcome_seq(o2) > seq);
  CHECK(s.n > before && s.seq[before] == muster_outcome_seq(o2) && s.index[before] == 0);
  /* A repeat delivers nothing and answers with the first seq. */
  before = s.n;
  muster_outcome *again = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK);
  CHECK(s.n == before);
  CHECK(muster_outcome_seq(again) == seq);
  muster_outcome_free(again);
  muster_outcome_free(o2);
  muster_outcome_free(o);
  muster_engine_close(e);
}

static void effects_of_fired_timers_carry_the_advance_seq(void) {
  muster_engine *e = open_memory();
  char ev[512];
  muster_outcome *o = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK);
  muster_outcome_free(o);
  o = SUBMIT(e, ev_draft(ev, sizeof ev, "e2", "INC-1", "wendeng", 1), MUSTER_OK);
  const uint64_t draft_seq = muster_outcome_seq(o);
  muster_outcome_free(o);
  struct seen s;
  memset(&s, 0, sizeof s);
  CHECK_RC(muster_engine_on_effect(e, record, &s), MUSTER_OK);
  CHECK_RC(muster_engine_advance(&o, e, T0 + 6 * 3600), MUSTER_OK); /* the approval's timeout fires */
  CHECK(s.n > 0 && !s.bad);
  CHECK(muster_outcome_seq(o) > draft_seq);
  for (size_t i = 0; i < s.n; ++i) CHECK(s.seq[i] == muster_outcome_seq(o) && s.index[i] == i);
  int reminded = 0;
  for (size_t i = 0; i < s.n; ++i) reminded |= s.kind[i] == MUSTER_EFFECT_REMIND || s.kind[i] == MUSTER_EFFECT_ESCALATE;
  CHECK(reminded);
  muster_outcome_free(o);
  muster_engine_close(e);
}

/* The outbox across a crash: the host keeps (seq, index) of what it delivered; after a reopen
 * the journal replays the same inputs to the same seqs, so resubmitting an input whose effects
 * were (partly) delivered answers with the first seq and its effects, which the outbox skips. */
static void identity_survives_a_reopen(void) {
  char *dir = make_temp_dir();
  char path[1024];
  snprintf(path, sizeof path, "%s/outbox.journal", dir);
  muster_engine *e = open_journaled(path);
  char ev[512], draft[512];
  muster_outcome *o = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK);
  muster_outcome_free(o);
  o = SUBMIT(e, ev_draft(draft, sizeof draft, "e2", "INC-1", "wendeng", 1), MUSTER_OK);
  const uint64_t seq = muster_outcome_seq(o);
  const size_t n = muster_outcome_effect_count(o);
  char first_effect[4096] = "";
  char *t = effect_text(o, 0);
  if (t != NULL) snprintf(first_effect, sizeof first_effect, "%s", t);
  free(t);
  muster_outcome_free(o);
  CHECK_RC(muster_engine_flush(e), MUSTER_OK);
  muster_engine_close(e);

  e = open_journaled(path);
  struct seen s;
  memset(&s, 0, sizeof s);
  CHECK_RC(muster_engine_on_effect(e, record, &s), MUSTER_OK);
  o = SUBMIT(e, draft, MUSTER_OK);
  char *text = outcome_text(o);
  CHECK(contains(text, "\"duplicate\":true"));
  free(text);
  CHECK(muster_outcome_seq(o) == seq);
  CHECK(muster_outcome_effect_count(o) == n);
  muster_effect one;
  CHECK_RC(muster_outcome_effect(&one, o, 0), MUSTER_OK);
  CHECK(one.seq == seq && one.index == 0 && one.len == strlen(first_effect) && memcmp(one.json, first_effect, one.len) == 0);
  CHECK(s.n == 0); /* a repeat is not delivered again */
  muster_outcome_free(o);
  /* A new input continues the sequence. */
  o = SUBMIT(e, ev_report(ev, sizeof ev, "e3", "INC-2", "rushan", 2), MUSTER_OK);
  CHECK(muster_outcome_seq(o) > seq);
  CHECK(s.n > 0 && s.seq[0] == muster_outcome_seq(o));
  muster_outcome_free(o);
  muster_engine_close(e);
  remove_temp_dir(dir);
}

static void rejection_reason_constants(void) {
  muster_engine *e = open_memory();
  char ev[512];
  muster_outcome *o = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK);
  CHECK(muster_outcome_reason(o) == MUSTER_REJECTION_NONE);
  muster_outcome_free(o);
  o = SUBMIT(e, ev_report(ev, sizeof ev, "e2", "INC-1", "wendeng", 0), MUSTER_EREJECTED);
  CHECK(muster_outcome_reason(o) == MUSTER_REJECTION_INCIDENT_EXISTS);
  CHECK(strcmp(muster_rejection_str(muster_outcome_reason(o)), "incident_exists") == 0);
  muster_outcome_free(o);
  o = SUBMIT(e, "{\"id\":\"x\"}", MUSTER_EMALFORMED);
  CHECK(muster_outcome_reason(o) == MUSTER_REJECTION_MALFORMED);
  CHECK(muster_outcome_seq(o) == 0); /* a malformed input has no place in the engine's order */
  muster_outcome_free(o);
  muster_outcome *back = NULL;
  CHECK_RC(muster_engine_advance(&back, e, T0 - 60), MUSTER_EREJECTED);
  CHECK(muster_outcome_reason(back) == MUSTER_REJECTION_STALE_TIME);
  muster_outcome_free(back);
  muster_engine_close(e);
}

static void bad_arguments(void) {
  muster_engine *e = open_memory();
  char ev[512];
  muster_outcome *o = SUBMIT(e, ev_report(ev, sizeof ev, "e1", "INC-1", "wendeng", 0), MUSTER_OK);
  muster_effect one;
  const size_t n = muster_outcome_effect_count(o);
  CHECK_RC(muster_outcome_effect(&one, o, n), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "out of range"));
  CHECK_RC(muster_outcome_effect(&one, o, (size_t)-1), MUSTER_EINVAL);
  CHECK_RC(muster_outcome_effect(NULL, o, 0), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "out is NULL"));
  CHECK_RC(muster_outcome_effect(&one, NULL, 0), MUSTER_EINVAL);
  CHECK(contains(muster_error_last(), "outcome is NULL"));
  CHECK(muster_outcome_seq(NULL) == 0);
  CHECK(contains(muster_error_last(), "outcome is NULL"));
  CHECK(muster_outcome_reason(NULL) == MUSTER_REJECTION_UNKNOWN);
  /* Names outside the lists are "", never NULL. */
  CHECK(strcmp(muster_effect_kind_str(-1), "") == 0 && strcmp(muster_effect_kind_str(MUSTER_EFFECT_KIND_COUNT), "") == 0);
  CHECK(strcmp(muster_topic_str(MUSTER_TOPIC_COUNT), "") == 0 && strcmp(muster_rejection_str(INT32_MAX), "") == 0);
  CHECK(strcmp(muster_topic_str(MUSTER_TOPIC_STEP_OVERDUE), "step_overdue") == 0);
  muster_outcome_free(o);
  muster_engine_close(e);
}

int main(void) {
  static const struct harness_test tests[] = {
      HARNESS_TEST(callback_gives_seq_index_and_kind),
      HARNESS_TEST(effects_of_fired_timers_carry_the_advance_seq),
      HARNESS_TEST(identity_survives_a_reopen),
      HARNESS_TEST(rejection_reason_constants),
      HARNESS_TEST(bad_arguments),
  };
  return harness_run(tests, sizeof tests / sizeof tests[0]);
}
