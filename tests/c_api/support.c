#define _POSIX_C_SOURCE 200809L
#include "support.h"

#include "harness.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

muster_engine *open_memory(void) {
  muster_engine *e = NULL;
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, NULL), MUSTER_OK);
  CHECK(e != NULL);
  return e;
}

muster_outcome *submit_expect(const char *file, int line, muster_engine *e, const char *json, int want) {
  muster_outcome *o = NULL;
  const int rc = muster_engine_submit(&o, e, json, strlen(json));
  harness_check_rc(file, line, json, rc, want);
  return o;
}

static const char *at(char *buf, size_t cap, int minutes) {
  snprintf(buf, cap, "%lld", T0 + 60LL * minutes);
  return buf;
}

const char *ev_report(char *buf, size_t cap, const char *id, const char *incident, const char *county, int minutes) {
  char t[32];
  snprintf(buf, cap,
           "{\"id\":\"%s\",\"kind\":\"incident.report\",\"at\":%s,\"actor\":\"%s_em\",\"incident\":\"%s\","
           "\"jurisdiction\":\"%s\",\"incident_type\":\"building_fire\",\"grade\":\"general\"}",
           id, at(t, sizeof t, minutes), county, incident, county);
  return buf;
}

const char *ev_draft(char *buf, size_t cap, const char *id, const char *incident, const char *county, int minutes) {
  char t[32];
  snprintf(buf, cap,
           "{\"id\":\"%s\",\"kind\":\"plan.draft\",\"at\":%s,\"actor\":\"%s_fire\",\"incident\":\"%s\","
           "\"forces\":[\"%s_fire_brigade\"]}",
           id, at(t, sizeof t, minutes), county, incident, county);
  return buf;
}

const char *ev_approve(char *buf, size_t cap, const char *id, const char *county, unsigned request, int minutes) {
  char t[32];
  snprintf(buf, cap, "{\"id\":\"%s\",\"kind\":\"request.approve\",\"at\":%s,\"actor\":\"%s_em\",\"request\":%u}", id,
           at(t, sizeof t, minutes), county, request);
  return buf;
}

const char *ev_ack(char *buf, size_t cap, const char *id, const char *county, unsigned order, int minutes) {
  char t[32];
  snprintf(buf, cap, "{\"id\":\"%s\",\"kind\":\"order.ack\",\"at\":%s,\"actor\":\"%s_fire\",\"order\":%u}", id,
           at(t, sizeof t, minutes), county, order);
  return buf;
}

/* The two-call protocol: size with (NULL, 0), then exactly len + 1; again while another
 * thread's input changes the answer in between (EBUFSIZE with a new size). */
#define FETCH(call_with_buf_cap_len, rc_out)                                     \
  do {                                                                           \
    size_t len_ = 0;                                                             \
    char *buf = NULL;                                                            \
    size_t cap = 0;                                                              \
    int rc_;                                                                     \
    while ((rc_ = call_with_buf_cap_len) == MUSTER_EBUFSIZE) {                   \
      free(buf);                                                                 \
      cap = len_ + 1;                                                            \
      buf = malloc(cap);                                                         \
    }                                                                            \
    CHECK(rc_ != MUSTER_OK || strlen(buf) == len_);                              \
    if (rc_out) *(rc_out) = rc_;                                                 \
    if (rc_ != MUSTER_OK) {                                                      \
      free(buf);                                                                 \
      return NULL;                                                               \
    }                                                                            \
    return buf;                                                                  \
  } while (0)

char *outcome_text(const muster_outcome *o) { FETCH(muster_outcome_json(buf, cap, &len_, o), (int *)NULL); }
char *effect_text(const muster_outcome *o, size_t index) {
  FETCH(muster_outcome_effect_json(buf, cap, &len_, o, index), (int *)NULL);
}
char *incident_text(muster_engine *e, const char *id, int *rc) { FETCH(muster_engine_incident(buf, cap, &len_, e, id), rc); }
char *request_text(muster_engine *e, uint32_t id, int *rc) { FETCH(muster_engine_request(buf, cap, &len_, e, id), rc); }
char *order_text(muster_engine *e, uint32_t id, int *rc) { FETCH(muster_engine_order(buf, cap, &len_, e, id), rc); }
char *run_text(muster_engine *e, uint32_t id, int *rc) { FETCH(muster_engine_run(buf, cap, &len_, e, id), rc); }
char *force_text(muster_engine *e, const char *id, int *rc) { FETCH(muster_engine_force(buf, cap, &len_, e, id), rc); }
char *deadlines_text(muster_engine *e, int *rc) { FETCH(muster_engine_deadlines(buf, cap, &len_, e), rc); }
char *worklist_text(muster_engine *e, const char *organisation, int *rc) {
  FETCH(muster_engine_worklist(buf, cap, &len_, e, organisation, organisation != NULL ? strlen(organisation) : 0), rc);
}
char *open_incidents_text(muster_engine *e, int *rc) { FETCH(muster_engine_open_incidents(buf, cap, &len_, e), rc); }
char *open_requests_text(muster_engine *e, int *rc) { FETCH(muster_engine_open_requests(buf, cap, &len_, e), rc); }
char *open_orders_text(muster_engine *e, int *rc) { FETCH(muster_engine_open_orders(buf, cap, &len_, e), rc); }

long long json_int(const char *json, const char *key) {
  char pattern[64];
  snprintf(pattern, sizeof pattern, "\"%s\":", key);
  const char *p = json != NULL ? strstr(json, pattern) : NULL;
  if (p == NULL) return -1;
  p += strlen(pattern);
  if (*p < '0' || *p > '9') return -1;
  return strtoll(p, NULL, 10);
}

unsigned outcome_number(const muster_outcome *o, const char *key) {
  char *text = outcome_text(o);
  const long long n = json_int(text, key);
  free(text);
  return n > 0 ? (unsigned)n : 0U;
}

int contains(const char *haystack, const char *needle) { return haystack != NULL && strstr(haystack, needle) != NULL; }

char *make_temp_dir(void) {
  const char *base = getenv("TMPDIR");
  if (base == NULL || *base == '\0') base = "/tmp";
  const size_t n = strlen(base) + 32;
  char *dir = malloc(n);
  snprintf(dir, n, "%s/muster-capi-XXXXXX", base);
  if (mkdtemp(dir) == NULL) {
    free(dir);
    return NULL;
  }
  return dir;
}

void remove_flat_dir(const char *dir) {
  DIR *d = opendir(dir);
  if (d != NULL) {
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
      if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0) continue;
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
      unlink(path);
    }
    closedir(d);
  }
  rmdir(dir);
}

void remove_temp_dir(char *dir) {
  if (dir == NULL) return;
  remove_flat_dir(dir);
  free(dir);
}

muster_engine *open_journaled(const char *journal) { return open_journaled_in_segments(journal, 0); }

muster_engine *open_journaled_in_segments(const char *journal, uint64_t segment_bytes) {
  muster_options o = MUSTER_OPTIONS_INIT;
  o.journal_path = journal;
  o.durability = MUSTER_DURABILITY_NONE;
  o.segment_bytes = segment_bytes;
  muster_engine *e = NULL;
  CHECK_RC(muster_engine_open(&e, POLICY_PATH, FORCES_PATH, &o), MUSTER_OK);
  CHECK(e != NULL);
  return e;
}

/* The length of the UTF-8 sequence starting at s[0] (RFC 3629), or 0 when it is not one. */
static size_t utf8_sequence(const unsigned char *s, size_t left) {
  const unsigned c = s[0];
  size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (n == 0 || n > left) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((s[k] & 0xC0) != 0x80) return 0;
  if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) || (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
    return 0; /* overlong, a surrogate, or beyond U+10FFFF */
  return n;
}

long first_line_not_utf8_json(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return -1;
  static unsigned char text[1 << 20];
  const size_t size = fread(text, 1, sizeof text, f);
  fclose(f);
  if (size == 0 || size == sizeof text || text[size - 1] != '\n') return -1;
  long line = 1;
  size_t start = 0;
  for (size_t i = 0; i < size;) {
    if (text[i] == '\n') {
      if (i == start || text[start] != '{' || text[i - 1] != '}') break;
      start = ++i;
      ++line;
      continue;
    }
    const size_t n = text[i] < 0x20 ? 0 : utf8_sequence(text + i, size - i);
    if (n == 0 || (n == 3 && text[i] == 0xEF && text[i + 1] == 0xBB && text[i + 2] == 0xBF)) break; /* U+FEFF: a JSON reader refuses it */
    i += n;
  }
  return start == size ? 0 : line;
}

int copy_file(const char *from, const char *to, const char *suffix) {
  FILE *in = fopen(from, "rb");
  if (in == NULL) return -1;
  FILE *out = fopen(to, "wb");
  if (out == NULL) {
    fclose(in);
    return -1;
  }
  char buf[8192];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, n, out);
  if (suffix != NULL) fputs(suffix, out);
  fclose(in);
  return fclose(out) == 0 ? 0 : -1;
}

int flip_byte(const char *path, long numerator, long denominator) {
  FILE *f = fopen(path, "r+b");
  if (f == NULL) return -1;
  fseek(f, 0, SEEK_END);
  const long at = ftell(f) * numerator / denominator;
  fseek(f, at, SEEK_SET);
  const int c = fgetc(f);
  fseek(f, at, SEEK_SET);
  fputc(c == 'x' ? 'y' : 'x', f);
  return fclose(f) == 0 ? 0 : -1;
}
