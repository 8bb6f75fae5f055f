/* Shared by the C API tests: the reference policy's paths, events as JSON, and helpers that
 * fetch JSON through the two-call buffer protocol into malloc'd strings. */
#ifndef MUSTER_TEST_SUPPORT_H
#define MUSTER_TEST_SUPPORT_H

#include <muster/muster.h>

#include <stddef.h>

#define POLICY_PATH MUSTER_SOURCE_DIR "/rules/weihai.yaml"
#define FORCES_PATH MUSTER_SOURCE_DIR "/rules/weihai-forces.yaml"

/* 2026-10-10T09:00:00+08:00: October, outside the flood and forest-fire seasons. */
#define T0 1791594000LL
#define T0_TEXT "2026-10-10T09:00:00+08:00"

/* An engine on the reference policy, in memory (NULL after a failed CHECK). */
muster_engine *open_memory(void);

/* Submits `json` (strlen), checks the status is `want` and returns the outcome (may be NULL). */
muster_outcome *submit_expect(const char *file, int line, muster_engine *e, const char *json, int want);
#define SUBMIT(e, json, want) submit_expect(__FILE__, __LINE__, (e), (json), (want))

/* Events at T0 (+ `minutes`), written into `buf` (returned). */
const char *ev_report(char *buf, size_t cap, const char *id, const char *incident, const char *county, int minutes);
const char *ev_draft(char *buf, size_t cap, const char *id, const char *incident, const char *county, int minutes);
const char *ev_approve(char *buf, size_t cap, const char *id, const char *county, unsigned request, int minutes);
const char *ev_ack(char *buf, size_t cap, const char *id, const char *county, unsigned order, int minutes);

/* JSON through the two-call protocol (size first, then exactly that + 1); malloc'd, NULL when
 * the call fails (its status in *rc when rc is not NULL). */
char *outcome_text(const muster_outcome *o);
char *effect_text(const muster_outcome *o, size_t index);
char *incident_text(muster_engine *e, const char *id, int *rc);
char *request_text(muster_engine *e, uint32_t id, int *rc);
char *order_text(muster_engine *e, uint32_t id, int *rc);
char *run_text(muster_engine *e, uint32_t id, int *rc);
char *force_text(muster_engine *e, const char *id, int *rc); /* muster_engine_force: NUL-terminated id */
char *deadlines_text(muster_engine *e, int *rc);
char *worklist_text(muster_engine *e, const char *organisation, int *rc); /* strlen(organisation) */
char *open_incidents_text(muster_engine *e, int *rc);
char *open_requests_text(muster_engine *e, int *rc);
char *open_orders_text(muster_engine *e, int *rc);

/* The integer after the first `"key":` in `json`, or -1. */
long long json_int(const char *json, const char *key);
/* The request / order number the outcome's effects name first, or 0. */
unsigned outcome_number(const muster_outcome *o, const char *key);
int contains(const char *haystack, const char *needle);

/* A new empty directory under the system's temp dir (malloc'd), and its removal with its files
 * (and the string's). remove_flat_dir: the same for a directory the caller named (not freed). */
char *make_temp_dir(void);
void remove_temp_dir(char *dir);
void remove_flat_dir(const char *dir);
/* An engine on the reference policy recording into a new journal at `journal` (durability NONE:
 * muster_engine_flush writes it). */
muster_engine *open_journaled(const char *journal);
/* The same, sealing the journal's file as a segment once it holds `segment_bytes` (0: never). */
muster_engine *open_journaled_in_segments(const char *journal, uint64_t segment_bytes);
/* 0 when every line of the file is one JSON object in valid UTF-8 with no control byte (no NUL)
 * and no byte-order mark, and the file ends with a newline; else the first bad line's number
 * (-1: the file cannot be read, is empty, too large or unterminated). */
long first_line_not_utf8_json(const char *path);

/* Copies `from` to `to`, appending `suffix` (may be NULL). 0 on success. */
int copy_file(const char *from, const char *to, const char *suffix);
/* Changes the byte at numerator/denominator of the file's length (to 'x', or 'y' if it was
 * one): a complete record in the middle no longer matches its hash. 0 on success. */
int flip_byte(const char *path, long numerator, long denominator);

#endif
