# `muster replay`, `test`, `diff` and `graph` as their users run them: exit codes and the lines
# that locate a problem. Runs every case, then fails listing every mismatch.
#
#   cmake -DMUSTER=build/muster -DSRC=. -DWORK=build/replay-cases -P tests/cli/run_replay_cases.cmake
#
# Paths are relative to SRC (the working directory), because the messages print them as typed.
# WORK is a scratch directory for generated files (a changed policy, a journal, drawings).
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/case_checks.cmake)

foreach(var MUSTER SRC WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_replay_cases.cmake: pass -D${var}=… (see the comment at the top)")
  endif()
endforeach()

set(fixtures tests/cli/fixtures/replay)
set(reference rules/weihai.yaml --forces rules/weihai-forces.yaml)
set(incident examples/incidents/wendeng-flood.jsonl)
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

# replay_case(NAME ARGS <args…> EXIT <code> [ENV <VAR=value>…] [MEMORY_LIMIT <bytes>]
#             [STDOUT <text>…] [STDERR <text>…] [STDOUT_REGEX <regex>] [FILE_CONTAINS <path> <text>]
#             [NOT_STDOUT <text>…] [NOT_STDERR <text>…] [JSON <path=value>…] [JSON_LINES] [JSON_LAST <path=value>…] [XML])
# Each STDOUT/STDERR text must occur literally, each NOT_STDOUT/NOT_STDERR text not at all. JSON: stdout is
# one document with these members; JSON_LINES: every stdout line is a JSON object, and JSON_LAST
# checks the last one's members. XML: stdout is well-formed XML (checked when xmllint is found).
# MEMORY_LIMIT runs the command under `prlimit --as` (skipped where that cannot start it:
# sanitizer builds reserve more address space).
# A command that hangs (a FIFO read without a writer) fails its case instead of the whole run.
execute_process(COMMAND prlimit --as=536870912 -- "${MUSTER}" --version RESULT_VARIABLE limit_rc OUTPUT_QUIET ERROR_QUIET)
set(memory_limits_work OFF)
if(limit_rc EQUAL 0)
  set(memory_limits_work ON)
endif()
find_program(XMLLINT xmllint)
function(replay_case name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "JSON_LINES;XML" "EXIT;STDOUT_REGEX;MEMORY_LIMIT"
                        "ARGS;ENV;STDOUT;STDERR;FILE_CONTAINS;NOT_STDOUT;NOT_STDERR;JSON;JSON_LAST")
  set(command "${MUSTER}" ${arg_ARGS})
  if(arg_MEMORY_LIMIT)
    if(NOT memory_limits_work)
      message(STATUS "${name}: skipped (prlimit --as cannot run muster here)")
      return()
    endif()
    set(command prlimit --as=${arg_MEMORY_LIMIT} -- ${command})
  endif()
  if(arg_ENV)
    set(command ${CMAKE_COMMAND} -E env ${arg_ENV} ${command})
  endif()
  execute_process(COMMAND ${command} WORKING_DIRECTORY "${SRC}" TIMEOUT 60
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(problems "")
  check_exit_and_streams()
  foreach(unexpected IN LISTS arg_NOT_STDOUT)
    string(FIND "${out}" "${unexpected}" at)
    if(NOT at EQUAL -1)
      list(APPEND problems "stdout has '${unexpected}'")
    endif()
  endforeach()
  foreach(unexpected IN LISTS arg_NOT_STDERR)
    string(FIND "${err}" "${unexpected}" at)
    if(NOT at EQUAL -1)
      list(APPEND problems "stderr has '${unexpected}'")
    endif()
  endforeach()
  if(arg_JSON)
    check_json_members("${out}" ${arg_JSON})
  endif()
  if(arg_JSON_LINES)
    check_json_lines("${out}")
    check_json_members("${last_line}" ${arg_JSON_LAST})
  endif()
  if(arg_XML AND XMLLINT)
    file(WRITE "${WORK}/${name}.xml" "${out}")
    execute_process(COMMAND "${XMLLINT}" --noout "${WORK}/${name}.xml" RESULT_VARIABLE xml_rc ERROR_VARIABLE xml_err)
    if(NOT xml_rc EQUAL 0)
      list(APPEND problems "stdout is not well-formed XML: ${xml_err}")
    endif()
  endif()
  if(arg_FILE_CONTAINS)
    list(GET arg_FILE_CONTAINS 0 path)
    list(GET arg_FILE_CONTAINS 1 expected)
    if(NOT EXISTS "${path}")
      list(APPEND problems "${path} was not written")
    else()
      file(READ "${path}" content LIMIT 4096)
      string(FIND "${content}" "${expected}" at)
      if(at EQUAL -1)
        list(APPEND problems "${path} lacks '${expected}'")
      endif()
    endif()
  endif()
  record_case(replay "${name}")
endfunction()

# ---- replay ------------------------------------------------------------------------------------

replay_case(replay_example ARGS replay ${reference} ${incident} EXIT 0
            STDOUT "2026-07-14 06:10  e01  incident.report  by 文登区水务局 (wendeng_water)"
                   "because information.report_to_local_government  rules/weihai.yaml:"
                   "35 inputs: 35 accepted, 0 rejected")
# A schedule's run in the timeline: each call names its run and schedule, an answer its run.
replay_case(replay_roll_call ARGS replay ${reference} ${fixtures}/roll-call.jsonl EXIT 0
            STDOUT "→ schedule_call answer_due  from 文登区消防救援大队 (wendeng_fire)  to 文登区水务局 (wendeng_water)  force 文登区防汛抢险队 (wendeng_flood_team)  run 1 of 值班值守调度点名 (duty_roll_call)  due 2026-08-01 10:00"
                   "2026-08-01 09:10  a1  schedule.answer  by 文登区水务局 (wendeng_water)\n      run 1; force 文登区防汛抢险队 (wendeng_flood_team)"
                   "3 inputs: 3 accepted, 0 rejected")
replay_case(replay_malformed_line ARGS replay ${reference} ${fixtures}/malformed.jsonl EXIT 1
            STDERR "${fixtures}/malformed.jsonl:4:116: grade: 'largre' is not a grade of the policy (did you mean 'larger'?)")
replay_case(replay_rejection_fails ARGS replay ${reference} ${fixtures}/rejected.jsonl EXIT 1
            STDOUT "REJECTED separation_of_duties: wendeng_fire drafted this request and may not answer it"
                   "refused by chains.call_plan.steps.em_approval"
                   "the clock advances (+20m)"
            STDERR "${fixtures}/rejected.jsonl:5: separation_of_duties" "--allow-rejections")
replay_case(replay_allow_rejections ARGS replay ${reference} ${fixtures}/rejected.jsonl --allow-rejections EXIT 0
            STDOUT "5 inputs: 4 accepted, 1 rejected")
# JSON: each outcome led by its source line, event id and kind; a summary line last, with the
# counts and the full (64 hex digits) state digest.
string(REPEAT "[0-9a-f]" 64 hex64)
replay_case(replay_json ARGS replay ${reference} ${fixtures}/rejected.jsonl --format json --allow-rejections EXIT 0
            STDOUT_REGEX "^{\"line\":3,\"id\":\"e1\",\"kind\":\"incident.report\",\"seq\":1,\"accepted\":true,[^\n]*\n{\"line\":4,\"id\":\"e2\",\"kind\":\"plan.draft\",\"seq\":2,[^\n]*\n{\"line\":5,\"id\":\"e3\",\"kind\":\"request.approve\",\"seq\":3,\"accepted\":false,\"duplicate\":false,\"rejection\":{\"reason\":\"separation_of_duties\"[^\n]*\n{\"line\":6,\"id\":null,\"kind\":\"advance\",\"seq\":4,[^\n]*\n[^\n]*\n{\"summary\":{[^\n]*\"state_digest\":\"${hex64}\",\"policy_digest\":\"${hex64}\",\"registry_digest\":\"${hex64}\"[^\n]*}}\n$"
            JSON_LINES JSON_LAST "summary.inputs=5" "summary.accepted=4" "summary.rejected=1" "summary.effects=10"
                                 "summary.first_rejection.line=5" "summary.first_rejection.reason=separation_of_duties")
replay_case(replay_json_malformed ARGS replay ${reference} ${fixtures}/malformed.jsonl --format json EXIT 1
            STDOUT "{\"line\":4,\"id\":\"e2\",\"kind\":\"incident.regrade\",\"seq\":0,\"accepted\":false,\"duplicate\":false,\"rejection\":{\"reason\":\"malformed\""
            STDERR "${fixtures}/malformed.jsonl:4:116: grade:"
            JSON_LINES JSON_LAST "summary.inputs=1" "summary.stopped.line=4"
                                 "summary.stopped.error=${fixtures}/malformed.jsonl:4:116: grade: 'largre' is not a grade of the policy (did you mean 'larger'?)")
replay_case(replay_journal ARGS replay ${reference} ${incident} --journal ${WORK}/flood.journal EXIT 0
            STDERR "new journal")
# The same events into the same journal: recovered first, then every event is a repeated id.
replay_case(replay_journal_again ARGS replay ${reference} ${incident} --journal ${WORK}/flood.journal EXIT 0
            STDERR "35 events replayed" STDOUT "(35 repeated ids)")
replay_case(replay_missing_file ARGS replay ${reference} ${fixtures}/no-such.jsonl EXIT 1
            STDERR "${fixtures}/no-such.jsonl: cannot read")

# ---- hostile input files -----------------------------------------------------------------------

# 9. The whole line is the event: a NUL is a located refusal (the decoder had stopped at it, and
# replayed — and journaled — the report before it with the approval after it).
set(smuggled ${fixtures}/nul-smuggled.jsonl)
replay_case(9_replay_a_nul_is_a_located_refusal ARGS replay ${reference} ${smuggled} --journal ${WORK}/smuggled.journal EXIT 1
            STDERR "${smuggled}:2:177: malformed JSON: a NUL byte at byte 176; JSON has none, and the event is all 280 bytes given"
                   "stopped at the malformed line; 0 inputs before it were replayed")
replay_case(9_diff_a_nul_is_a_located_refusal ARGS diff rules/weihai.yaml rules/weihai.yaml ${smuggled} --forces rules/weihai-forces.yaml
            EXIT 2 STDERR "${smuggled}:2:177: malformed JSON: a NUL byte at byte 176")
# The refused line is recorded as a malformed input, in UTF-8 JSON: its bytes as hex.
# (Each byte's two hex digits followed by a space, then a plain search: an anchored regex over
# the whole file recurses per byte, and the journal's registry record is ~50 kB.)
file(READ "${WORK}/smuggled.journal" smuggled_journal HEX)
string(REGEX REPLACE "(..)" "\\1 " smuggled_bytes "${smuggled_journal}")
string(FIND "${smuggled_bytes}" "00 " nul_at)
string(FIND "${smuggled_bytes}" "ff " ff_at)
if(NOT nul_at EQUAL -1 OR NOT ff_at EQUAL -1)
  set_property(GLOBAL APPEND PROPERTY replay_failed "9_journal_lines_are_utf8")
  set_property(GLOBAL APPEND_STRING PROPERTY replay_report "\n9_journal_lines_are_utf8: ${WORK}/smuggled.journal holds a NUL or 0xff byte\n")
endif()
set_property(GLOBAL APPEND PROPERTY replay_cases "9_journal_lines_are_utf8")

# 10. The size limit comes before parsing: a 16 MiB line of '[' had taken ~1.3 GB and died of an
# uncaught std::bad_alloc under a 512 MiB limit. Now it is a located refusal.
string(REPEAT "[" 4096 brackets)
string(REPEAT "${brackets}" 4096 brackets)
file(WRITE "${WORK}/brackets.jsonl" "${brackets}\n")
set(brackets_refused "${WORK}/brackets.jsonl:1:65537: the event has 16777216 bytes; the limit is 65536")
replay_case(10_replay_checks_the_size_limit_before_parsing ARGS replay ${reference} ${WORK}/brackets.jsonl MEMORY_LIMIT 536870912
            EXIT 1 STDERR "${brackets_refused}")
replay_case(10_diff_checks_the_size_limit_before_parsing ARGS diff rules/weihai.yaml rules/weihai.yaml ${WORK}/brackets.jsonl
            --forces rules/weihai-forces.yaml MEMORY_LIMIT 536870912 EXIT 2 STDERR "${brackets_refused}")

# 14. Only regular files: a FIFO without a writer had blocked `validate` (and every command) forever.
execute_process(COMMAND mkfifo "${WORK}/fifo")
set(not_regular "'${WORK}/fifo' is not a regular file")
replay_case(14_validate_refuses_a_fifo_policy ARGS validate ${WORK}/fifo EXIT 1 STDERR "${WORK}/fifo: file-unreadable: ${not_regular}")
replay_case(14_validate_refuses_a_fifo_registry ARGS validate rules/weihai.yaml --forces ${WORK}/fifo EXIT 1 STDERR "${not_regular}")
replay_case(14_validate_refuses_a_device ARGS validate /dev/null EXIT 1 STDERR "'/dev/null' is not a regular file")
replay_case(14_replay_refuses_a_fifo_incident ARGS replay ${reference} ${WORK}/fifo EXIT 1 STDERR "muster replay: ${not_regular}")
replay_case(14_replay_refuses_a_fifo_journal ARGS replay ${reference} ${incident} --journal ${WORK}/fifo EXIT 1
            STDERR "muster replay: ${not_regular}")
replay_case(14_diff_refuses_a_fifo_incident ARGS diff rules/weihai.yaml rules/weihai.yaml ${WORK}/fifo --forces rules/weihai-forces.yaml
            EXIT 2 STDERR "${not_regular}")
replay_case(14_test_refuses_a_fifo_scenario ARGS test ${WORK}/fifo EXIT 2 STDOUT "${not_regular}")
# 8. One input moves the clock at most limits.max_clock_step (31d): five quiet months are a
# clock_jump, unless the harness lifts the bound for a long history.
set(quiet ${fixtures}/quiet-five-months.jsonl)
replay_case(8_replay_refuses_a_clock_jump ARGS replay ${reference} ${quiet} EXIT 1
            STDOUT "REJECTED clock_jump: time 2026-06-01T09:00:00+08:00 is more than 31d after the engine's clock 2026-01-01T09:00:00+08:00")
replay_case(8_replay_max_clock_step_0_lifts_the_bound ARGS replay ${reference} ${quiet} --max-clock-step 0 EXIT 0
            STDOUT "2 inputs: 2 accepted, 0 rejected")
replay_case(8_replay_max_clock_step_takes_a_duration ARGS replay ${reference} ${quiet} --max-clock-step 200d EXIT 0
            STDOUT "2 inputs: 2 accepted, 0 rejected")
replay_case(8_replay_max_clock_step_must_be_a_duration ARGS replay ${reference} ${quiet} --max-clock-step 2x EXIT 2
            STDERR "--max-clock-step 2x: expected a duration such as 90d, or 0 for no bound")
replay_case(14_verify_refuses_a_fifo_journal ARGS verify ${WORK}/fifo EXIT 1 STDERR "${WORK}/fifo: not a regular file")

# ---- verify: the journal just written, read without changing it -------------------------------

replay_case(verify_journal ARGS verify ${WORK}/flood.journal EXIT 0
            STDOUT "ok: ${WORK}/flood.journal — muster-journal/2, engine " "records after the header (35 duplicate, 60 effect, 70 event, 1 registry)")
replay_case(verify_journal_pinned ARGS verify ${WORK}/flood.journal ${reference} EXIT 0 STDOUT "ok: ")
replay_case(verify_journal_json ARGS verify ${WORK}/flood.journal --format json EXIT 0
            STDOUT "\"ok\": true" "\"by_type\": {" "\"event\": 70")
replay_case(verify_journal_other_rules ARGS verify ${WORK}/flood.journal tests/policy/fixtures/minimal.yaml
            --forces tests/policy/fixtures/minimal-forces.yaml EXIT 1
            STDOUT "not these rules: " STDERR "journal-pinned: the journal was written under policy sha256:")
# ---- segments and compact: a journal in segments verifies as one; archived behind a snapshot,
# it verifies from the segment record it then starts at, and opens from the snapshot --------------

replay_case(segments_replay ARGS replay ${reference} ${incident} --journal ${WORK}/seg.journal --segment-bytes 8192
            --snapshot-every 10 EXIT 0 STDERR "new journal")
replay_case(segments_verify ARGS verify ${WORK}/seg.journal ${reference} EXIT 0
            STDOUT "ok: ${WORK}/seg.journal" "sealed segments, then the journal's own" "replayed: every event")
replay_case(segments_options_need_a_journal ARGS replay ${reference} ${incident} --segment-bytes 8192 EXIT 2
            STDERR "give --journal FILE too")
replay_case(compact_needs_the_rules ARGS compact ${WORK}/seg.journal EXIT 2 STDERR "POLICY is required")
replay_case(compact_archives ARGS compact ${WORK}/seg.journal ${reference} --to ${WORK}/seg-archive EXIT 0
            STDOUT "${WORK}/seg.journal: archived " "the journal now starts at record ")
replay_case(compact_verify_from_the_segment ARGS verify ${WORK}/seg.journal --format json EXIT 0
            JSON "ok=ON")
replay_case(compact_verify_says_archived ARGS verify ${WORK}/seg.journal EXIT 0
            STDOUT "were archived (muster compact): the chain is verified from record ")
replay_case(compact_again_nothing ARGS compact ${WORK}/seg.journal ${reference} --to ${WORK}/seg-archive EXIT 0
            STDOUT "nothing to archive")
replay_case(compact_journal_opens_from_snapshot ARGS replay ${reference} ${incident} --journal ${WORK}/seg.journal EXIT 0
            STDERR "after the snapshot at record ")
replay_case(compact_replay_of_an_archived_journal ARGS replay ${reference} ${WORK}/seg.journal EXIT 1
            STDERR "journal-missing: records 0.." "were archived by muster compact")
replay_case(compact_without_snapshot ARGS replay ${reference} ${incident} --journal ${WORK}/nosnap.journal --segment-bytes 8192 EXIT 0)
replay_case(compact_refuses_without_snapshot ARGS compact ${WORK}/nosnap.journal ${reference} --format json EXIT 1
            STDOUT "no snapshot opens this journal")
replay_case(compact_a_partition ARGS compact "postgresql:///x#p" ${reference} EXIT 1
            STDERR "a PostgreSQL partition does not rotate into segments")

# One character changed inside record 5: the chain breaks there, and verify names it.
file(READ "${WORK}/flood.journal" journal_text)
string(FIND "${journal_text}" "{\"seq\":5," record5)
math(EXPR cut "${record5} + 20")
math(EXPR after "${cut} + 1")
string(SUBSTRING "${journal_text}" 0 ${cut} head)
string(SUBSTRING "${journal_text}" ${after} -1 tail)
file(WRITE "${WORK}/damaged.journal" "${head}#${tail}")
replay_case(verify_journal_damaged ARGS verify ${WORK}/damaged.journal EXIT 1
            STDERR "${WORK}/damaged.journal:6: journal-damaged: record 5 (byte ${record5})" NOT_STDERR "muster verify:")
# A write a crash cut short: reported, not refused (opening drops it).
file(COPY_FILE "${WORK}/flood.journal" "${WORK}/torn.journal")
file(APPEND "${WORK}/torn.journal" "{\"seq\":167,\"type\":\"ev")
replay_case(verify_journal_torn ARGS verify ${WORK}/torn.journal EXIT 0
            STDOUT "ok: " "an unfinished last record (21 bytes) would be dropped on opening")
file(READ "${WORK}/torn.journal" torn_after)  # verify reads only: the torn tail is still there
if(NOT torn_after STREQUAL "${journal_text}{\"seq\":167,\"type\":\"ev")
  set_property(GLOBAL APPEND PROPERTY replay_failed "verify_leaves_the_file")
  set_property(GLOBAL APPEND_STRING PROPERTY replay_report "\nverify_leaves_the_file: verify changed ${WORK}/torn.journal\n")
endif()
set_property(GLOBAL APPEND PROPERTY replay_cases "verify_leaves_the_file")
replay_case(verify_missing ARGS verify ${WORK}/no-such.journal EXIT 1 STDERR "muster verify: cannot open ${WORK}/no-such.journal")
# A PostgreSQL location without a partition is the caller's mistake, not a verdict on a journal:
# the command names it, though the message starts with the location (refused before connecting).
replay_case(verify_names_a_location_without_a_partition ARGS verify "postgresql:///muster?host=/nonexistent" EXIT 1
            STDERR "muster verify: postgresql:///muster?host=/nonexistent: journal-location: ")
replay_case(verify_half_rules ARGS verify ${WORK}/flood.journal rules/weihai.yaml EXIT 2
            STDERR "give both the policy and --forces FILE, or neither")

# The host's last durable head (its last record's seq and hash): a journal cut back at a record
# boundary is a valid chain, but shorter than what the host was told was on the disk.
# (The last line alone: CMake's regex recurses per character, and the registry record is one
# line of ~50 kB.)
string(LENGTH "${journal_text}" journal_length)
math(EXPR before_newline "${journal_length} - 1")
string(SUBSTRING "${journal_text}" 0 ${before_newline} journal_body)
string(FIND "${journal_body}" "\n" last_break REVERSE)
math(EXPR last_start "${last_break} + 1")
string(SUBSTRING "${journal_text}" ${last_start} -1 last_tail)
string(REGEX MATCH "{\"seq\":([0-9]+),[^\n]*\"hash\":\"([0-9a-f]+)\"}\n$" last_line "${last_tail}")
set(head_seq ${CMAKE_MATCH_1})
set(head_hash ${CMAKE_MATCH_2})
string(LENGTH "${last_line}" last_line_length)
string(LENGTH "${journal_text}" journal_length)
math(EXPR without_last "${journal_length} - ${last_line_length}")
string(SUBSTRING "${journal_text}" 0 ${without_last} journal_cut)
file(WRITE "${WORK}/cut.journal" "${journal_cut}")
math(EXPR cut_last "${head_seq} - 1")
replay_case(verify_holds_the_expected_head ARGS verify ${WORK}/flood.journal --expect-seq ${head_seq} --expect-hash ${head_hash}
            EXIT 0 STDOUT "ok: " "holds the expected head, record ${head_seq}")
replay_case(verify_refuses_a_journal_short_of_the_expected_head ARGS verify ${WORK}/cut.journal --expect-seq ${head_seq}
            --expect-hash ${head_hash} EXIT 1 STDERR "${WORK}/cut.journal: journal-truncated: the journal ends at record ${cut_last}")
replay_case(verify_without_the_head_cannot_tell ARGS verify ${WORK}/cut.journal EXIT 0 STDOUT "ok: ")
replay_case(verify_expect_seq_needs_the_hash ARGS verify ${WORK}/flood.journal --expect-seq 3 EXIT 2
            STDERR "give both --expect-seq and --expect-hash")
# A re-hashed forgery: one more effect record, well chained. The chain alone says ok; with the
# rules, verify replays as opening does and refuses it there.
math(EXPR forged_seq "${head_seq} + 1")
math(EXPR forged_line_number "${head_seq} + 2")
set(forged_line "{\"seq\":${forged_seq},\"type\":\"effect\",\"of\":1,\"effect\":{\"kind\":\"notify\",\"to\":\"wendeng_gov\",\"at\":0,\"because\":[]}")
string(SHA256 forged_hash "${head_hash}${forged_line}")
file(WRITE "${WORK}/forged.journal" "${journal_text}${forged_line},\"hash\":\"${forged_hash}\"}\n")
replay_case(verify_forgery_passes_the_chain ARGS verify ${WORK}/forged.journal EXIT 0 STDOUT "ok: ")
replay_case(verify_with_rules_replays_so_ok_means_it_opens ARGS verify ${WORK}/forged.journal ${reference} EXIT 1
            STDERR "${WORK}/forged.journal:${forged_line_number}: journal-replay-mismatch: record ${forged_seq}")
replay_case(verify_with_rules_replays_the_whole_journal ARGS verify ${WORK}/flood.journal ${reference} EXIT 0
            STDOUT "replayed: every event gives its recorded outcome under these rules")

# ---- test --------------------------------------------------------------------------------------

# A scenario file that does not load could not run: ERROR, counted apart, exit 2.
replay_case(test_yaml_error ARGS test ${fixtures}/scenario-yaml-error.yaml EXIT 2
            STDOUT "ERROR scenario-yaml-error" "${fixtures}/scenario-yaml-error.yaml:8:1: yaml-syntax:" "0 passed, 0 failed, 1 could not run")
replay_case(test_located_typos ARGS test ${fixtures}/scenario-bad-names.yaml EXIT 2
            STDOUT "${fixtures}/scenario-bad-names.yaml:12:5: scenario-bad-event: incident_typ: unknown field (did you mean 'incident_type'?)"
                   "${fixtures}/scenario-bad-names.yaml:17:12: scenario-bad-event: grade: 'largre' is not a grade"
                   "${fixtures}/scenario-bad-names.yaml:20:11: scenario-bad-effect: 'notfy' is not an effect kind [did you mean 'notify'?]"
                   "${fixtures}/scenario-bad-names.yaml:21:30: scenario-bad-effect: 'weihai_emm' is not an organisation")
replay_case(test_failing_diff ARGS test ${fixtures}/scenario-failing.yaml EXIT 1
            STDOUT "FAIL 3.3.1 expects the report to reach the wrong office"
                   "${fixtures}/scenario-failing.yaml:9:5: step 1 (incident.report by wendeng_water at +0): effects differ (- expected, + actual)"
                   "      - notify incident_reported to=weihai_gov\n      + notify incident_reported to=wendeng_gov because=information.report_to_local_government\n        notify incident_copied to=wendeng_em\n"
                   "step 2 (plan.draft by wendeng_em at +1m): rejected actor_lacks_role"
                   "\n0 passed, 1 failed\n")
replay_case(test_one_scenario ARGS test examples/scenarios/3.3.1-report-routes-information.yaml EXIT 0
            STDOUT "PASS 3.3.1 a report goes to the local government" "\n1 passed, 0 failed\n")
replay_case(test_missing_path ARGS test ${fixtures}/no-such-dir EXIT 2
            STDERR "${fixtures}/no-such-dir: no such file or directory" STDOUT "0 passed, 0 failed")
replay_case(test_bad_format ARGS test ${fixtures} --format xml EXIT 2 STDERR "xml")


# The checks scenarios gained (must_not, a rejection's detail, field predicates): holding, failing, mistyped.
replay_case(test_new_checks_hold ARGS test ${fixtures}/scenario-new-checks.yaml EXIT 0
            STDOUT "PASS must_not, rejection detail and field predicates hold" "\n1 passed, 0 failed\n")
replay_case(test_new_checks_fail ARGS test ${fixtures}/scenario-new-checks-failing.yaml EXIT 1
            STDOUT "${fixtures}/scenario-new-checks-failing.yaml:9:5: step 1 (incident.report by wendeng_water at +0): effects that must not happen happened (! actual, and the must_not line it matches)\n      ! notify incident_copied to=wendeng_fire because=information.report_to_local_government\n        (must_not: notify incident_copied to=[wendeng_fire,weihai_fire])\n"
                   "step 2 (plan.draft by wendeng_fire at +1m): expected effects missing (- expected; the others are actual)\n      - propose_force force.jurisdiction!=weihai\n"
                   "step 3 (request.approve by wendeng_fire at +2m): expected the rejection's detail to contain \"may approve it\", but it is \"wendeng_fire drafted this request and may not answer it\""
                   "0 passed, 1 failed")
replay_case(test_new_checks_located ARGS test ${fixtures}/scenario-new-checks-bad.yaml EXIT 2
            STDOUT "${fixtures}/scenario-new-checks-bad.yaml:15:17: scenario-bad-value: 'must_not' is empty"
                   "${fixtures}/scenario-new-checks-bad.yaml:17:33: scenario-bad-effect: an empty item in '[wendeng_em,]'"
                   "${fixtures}/scenario-new-checks-bad.yaml:18:37: scenario-bad-effect: 'wendng' is not a jurisdiction of the policy [did you mean 'wendeng'?]"
                   "${fixtures}/scenario-new-checks-bad.yaml:19:40: scenario-bad-effect: 'militia' is not a force category"
                   "${fixtures}/scenario-new-checks-bad.yaml:20:18: scenario-bad-effect: because= takes rule ids"
                   "${fixtures}/scenario-new-checks-bad.yaml:27:49: scenario-unknown-key: 'detial' is not a key of 'rejected' [did you mean 'detail'?]"
                   # last: its unclosed '[' would join the next item to it (CMake list brackets)
                   "${fixtures}/scenario-new-checks-bad.yaml:21:21: scenario-bad-effect: '[wendeng_em' is not a list")

# state: what the engine holds after a step (command, flags, a request's step, an order's state):
# holding, failing (each fact named at its line), and mistyped (located, with a did-you-mean).
replay_case(test_state_hold ARGS test ${fixtures}/scenario-state.yaml EXIT 0 STDOUT "PASS state assertions hold" "\n1 passed, 0 failed\n")
replay_case(test_state_fail ARGS test ${fixtures}/scenario-state-failing.yaml EXIT 1
            STDOUT "${fixtures}/scenario-state-failing.yaml:16:21: step 1 (incident.report by wendeng_water at +0): state: incident wendeng-flood commander is wendeng_fire, expected weihai_fire\n"
                   "${fixtures}/scenario-state-failing.yaml:17:22: step 1 (incident.report by wendeng_water at +0): state: there is no request 1\n"
                   "${fixtures}/scenario-state-failing.yaml:24:22: step 2 (plan.draft by wendeng_fire at +1m): state: request 1 awaiting is [wendeng_em], expected [weihai_em, wendeng_em]\n"
                   "${fixtures}/scenario-state-failing.yaml:25:32: step 2 (plan.draft by wendeng_fire at +1m): state: there is no incident other-fire\n"
                   "0 passed, 1 failed"
            NOT_STDOUT "flags")
replay_case(test_state_located ARGS test ${fixtures}/scenario-state-bad.yaml EXIT 2
            STDOUT "${fixtures}/scenario-state-bad.yaml:16:21: scenario-bad-state: 'comander' is not a field of an incident's state [did you mean 'commander'?]"
                   "${fixtures}/scenario-state-bad.yaml:16:52: scenario-bad-state: 'firstresponse' is not a state of the incident machine [did you mean 'first_response'?]"
                   "${fixtures}/scenario-state-bad.yaml:16:74: scenario-bad-state: 'larg' is not a grade of the policy [did you mean 'larger'?]"
                   "${fixtures}/scenario-state-bad.yaml:17:9: scenario-bad-state: 'requset 1' is not something the state names"
                   "${fixtures}/scenario-state-bad.yaml:18:28: scenario-bad-state: 'em_aproval' is not a step of any chain of the policy [did you mean 'em_approval'?]"
                   "${fixtures}/scenario-state-bad.yaml:18:48: scenario-bad-state: forces is a list"
                   "${fixtures}/scenario-state-bad.yaml:19:44: scenario-bad-state: 'one' is not a whole number"
                   "${fixtures}/scenario-state-bad.yaml:21:10: scenario-bad-value: the top-level 'then' is about every effect of the run; 'state' belongs under a step's 'then'")

# report: (5.1) the run's scorecards: figures that do not hold, each named; rows and figures
# mistyped, and values that are not figures, located.
replay_case(test_report_figures_fail ARGS test ${fixtures}/scenario-report-failing.yaml EXIT 1
            STDOUT "${fixtures}/scenario-report-failing.yaml:16:5: report: total orders.ack_latency.p50 is 420, expected 300 (5m)\n"
                   "${fixtures}/scenario-report-failing.yaml:17:5: report: total claims.settle_time.p50 is null, expected 86400 (1d)\n"
                   "${fixtures}/scenario-report-failing.yaml:19:5: report: force:wendeng_flood_team orders.acknowledged is 1, expected 2\n"
                   "${fixtures}/scenario-report-failing.yaml:21:5: report: the scorecards have no row force:jiajiayue_supply_team"
                   "0 passed, 1 failed"
            NOT_STDOUT "total orders.issued")
replay_case(test_report_figures_located ARGS test ${fixtures}/scenario-report-bad.yaml EXIT 2
            STDOUT "${fixtures}/scenario-report-bad.yaml:12:5: scenario-bad-report: 'orders.isued' is not a figure of a scorecard row [did you mean 'orders.issued'?]"
                   "${fixtures}/scenario-report-bad.yaml:13:5: scenario-bad-report: 'orders.ack_latency' is not a figure"
                   "${fixtures}/scenario-report-bad.yaml:14:21: scenario-bad-report: '-1' is not a figure"
                   "${fixtures}/scenario-report-bad.yaml:15:22: scenario-bad-report: 'two' is not a figure"
                   "${fixtures}/scenario-report-bad.yaml:16:3: scenario-bad-report: 'force:wendeng_flod_team' is not a scorecard row of this policy and registry [did you mean 'force:wendeng_flood_team'?]"
                   "${fixtures}/scenario-report-bad.yaml:18:25: scenario-bad-report: row 'jurisdiction:wendeng' needs a mapping of figures")

# The keys about a schedule's run (run=, schedule=; schedule.answer's run: a number), holding and mistyped.
replay_case(test_schedule_fields_hold ARGS test ${fixtures}/scenario-schedule-fields.yaml EXIT 0
            STDOUT "PASS run= and schedule= name a schedule's run" "\n1 passed, 0 failed\n")
replay_case(test_schedule_fields_located ARGS test ${fixtures}/scenario-schedule-fields-bad.yaml EXIT 2
            STDOUT "${fixtures}/scenario-schedule-fields-bad.yaml:11:29: scenario-bad-effect: 'first' is not a run number"
                   "${fixtures}/scenario-schedule-fields-bad.yaml:12:34: scenario-bad-effect: 'duty_rollcall' is not a schedule of the policy [did you mean 'duty_roll_call'?]")

# A folder as a policy repository holds it: the policy and registry beside the scenarios (and
# other YAML) are skipped with a note, not counted as failed.
set(harness ${WORK}/harness)
file(MAKE_DIRECTORY ${harness})
file(COPY_FILE ${SRC}/rules/weihai.yaml ${harness}/weihai.yaml)
file(COPY_FILE ${SRC}/rules/weihai-forces.yaml ${harness}/weihai-forces.yaml)
foreach(name 3.3.1-report-routes-information 3.1.2-separation-of-duties)
  file(READ ${SRC}/examples/scenarios/${name}.yaml text)
  string(REPLACE "../../rules/" "" text "${text}")
  file(WRITE ${harness}/${name}.yaml "${text}")
endforeach()
file(READ ${SRC}/${fixtures}/scenario-failing.yaml text)
string(REPLACE "../../../../rules/" "" text "${text}")
file(WRITE ${harness}/zz-failing.yaml "${text}")
file(WRITE ${harness}/notes.yml "title: not a scenario\n")
replay_case(test_folder_with_policies ARGS test ${harness} EXIT 1
            STDOUT "PASS 3.1.2 separation of duties" "PASS 3.3.1 a report goes" "FAIL 3.3.1 expects the report to reach the wrong office"
                   "\n2 passed, 1 failed; 3 files skipped (not scenarios)\n"
            STDERR "muster test: note: ${harness}/weihai.yaml skipped: a policy (top-level 'muster:'), not a scenario\n"
                   "muster test: note: ${harness}/weihai-forces.yaml skipped: a force registry (top-level 'muster_forces:'), not a scenario\n"
                   "muster test: note: ${harness}/notes.yml skipped: no top-level 'scenario:', 'given:' or 'when:', not a scenario\n")
replay_case(test_filter_substring ARGS test --filter separation ${harness} EXIT 0
            STDOUT "PASS 3.1.2 separation of duties" "\n1 passed, 0 failed; 2 filtered out; 3 files skipped (not scenarios)\n"
            NOT_STDOUT "3.3.1")
replay_case(test_filter_glob_on_the_file ARGS test ${harness} --filter "zz-*.yaml" EXIT 1
            STDOUT "\n0 passed, 1 failed; 2 filtered out;" NOT_STDOUT "PASS")
replay_case(test_filter_repeated ARGS test ${harness} --filter separation --filter "3.3.1 a report*" EXIT 0
            STDOUT "\n2 passed, 0 failed; 1 filtered out;")
replay_case(test_filter_matches_nothing ARGS test ${harness} --filter nothing-like-it EXIT 2
            STDOUT "0 passed, 0 failed; 3 filtered out"
            STDERR "muster test: no scenario to run (3 filtered out by --filter nothing-like-it)")
replay_case(test_json ARGS test ${harness} --format json EXIT 1
            STDOUT "{\"scenario\":\"3.3.1 expects the report to reach the wrong office\",\"file\":\"${harness}/zz-failing.yaml\",\"status\":\"failed\""
                   "\"status\":\"passed\""
                   # last: its unclosed '[' would join the next item to it (CMake list brackets)
                   "\"line\":9,\"column\":5,\"step\":1,\"label\":\"step 1 (incident.report by wendeng_water at +0)\",\"message\":\"effects differ (- expected, + actual)\",\"diff\":[\"- notify incident_reported to=weihai_gov\",\"+ notify incident_reported to=wendeng_gov because=information.report_to_local_government\","
            NOT_STDOUT "PASS" JSON_LINES
            JSON_LAST "summary.passed=2" "summary.failed=1" "summary.errors=0" "summary.filtered_out=0" "summary.skipped_files=3")
replay_case(test_json_error ARGS test ${fixtures}/scenario-bad-names.yaml --format json EXIT 2
            STDOUT "\"status\":\"error\"" "\"diagnostics\":[{\"severity\":\"error\",\"code\":\"scenario-bad-event\",\"file\":\"${fixtures}/scenario-bad-names.yaml\",\"line\":12,\"column\":5,"
            JSON_LINES JSON_LAST "summary.passed=0" "summary.errors=1")
replay_case(test_junit ARGS test ${harness} --format junit EXIT 1 XML
            STDOUT "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"muster test\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"0\""
                   "<testsuite name=\"${harness}\" tests=\"3\" failures=\"1\" errors=\"0\""
                   "name=\"3.1.2 separation of duties - nobody approves its own request\" file=\"${harness}/3.1.2-separation-of-duties.yaml\""
                   "<failure message=\"  ${harness}/zz-failing.yaml:9:5: step 1 (incident.report by wendeng_water at +0): effects differ (- expected, + actual)&#10;      - notify incident_reported to=weihai_gov&#10;"
                   "type=\"scenario-failed\">  ${harness}/zz-failing.yaml:9:5:"
            NOT_STDOUT "PASS")
replay_case(test_junit_error ARGS test ${fixtures}/scenario-bad-names.yaml ${fixtures}/scenario-failing.yaml --format junit EXIT 2 XML
            STDOUT "tests=\"2\" failures=\"1\" errors=\"1\""
                   "<testsuite name=\"${fixtures}\"" "classname=\"tests.cli.fixtures.replay\" name=\"typos are located\""
                   "<error message=\"${fixtures}/scenario-bad-names.yaml:12:5: scenario-bad-event: incident_typ: unknown field (did you mean "
                   "type=\"scenario-bad-event\"")

# --update rewrites failing exact effect lists from the actual effects, keeping comments, then
# runs the scenario again. On copies: two folders below a copy of rules/.
set(update ${WORK}/update/a/b)
file(MAKE_DIRECTORY ${update} ${WORK}/update/rules)
file(COPY_FILE ${SRC}/rules/weihai.yaml ${WORK}/update/rules/weihai.yaml)
file(COPY_FILE ${SRC}/rules/weihai-forces.yaml ${WORK}/update/rules/weihai-forces.yaml)
file(COPY_FILE ${SRC}/${fixtures}/scenario-update.yaml ${update}/scenario-update.yaml)
foreach(name scenario-failing scenario-new-checks-failing)
  file(READ ${SRC}/${fixtures}/${name}.yaml text)
  string(REPLACE "../../../../rules/" "../../rules/" text "${text}")
  file(WRITE ${update}/${name}.yaml "${text}")
endforeach()
replay_case(test_update ARGS test ${update}/scenario-update.yaml --update EXIT 0
            STDOUT "UPDATED update rewrites exact effect lists\n  --update: rewrote 2 effects lists in ${update}/scenario-update.yaml\n"
                   "\n0 passed, 0 failed, 1 updated\n")
replay_case(test_update_then_passes ARGS test ${update}/scenario-update.yaml EXIT 0 STDOUT "\n1 passed, 0 failed\n")
file(READ ${update}/scenario-update.yaml updated_text)
foreach(expected
    "      effects:\n        # the government is told first\n        - notify incident_reported to=wendeng_gov\n        - notify incident_copied to=wendeng_em because=information.report_to_local_government\n        - notify incident_copied to=wendeng_fire because=information.report_to_local_government\n        # command stays in the district\n        - assign_command coordinator to=wendeng_em\n        - assign_command commander to=wendeng_fire grade=general because=command\n"
    "forces: [wendeng_flood_team], then: { effects: [\"request_approval to=wendeng_em from=wendeng_fire request=1 step=em_approval due=+16m because=chains.call_plan.steps.em_approval,chains.call_plan\"] } }\n"
    "      rejected: separation_of_duties    # not an effect list: --update leaves it\n"
    "# `muster test --update` (run on a copy")
  string(FIND "${updated_text}" "${expected}" at)
  if(at EQUAL -1)
    set_property(GLOBAL APPEND PROPERTY replay_failed "test_update_keeps_comments")
    set_property(GLOBAL APPEND_STRING PROPERTY replay_report "\ntest_update_keeps_comments: ${update}/scenario-update.yaml lacks:\n${expected}\n--- it is:\n${updated_text}\n")
  endif()
endforeach()
set_property(GLOBAL APPEND PROPERTY replay_cases "test_update_keeps_comments")
# What --update cannot rewrite stays a failure, said: an unexpected rejection, must_not, effects_include, a detail.
replay_case(test_update_partly ARGS test ${update}/scenario-failing.yaml --update EXIT 1
            STDOUT "FAIL 3.3.1 expects the report to reach the wrong office\n  --update: rewrote 1 effects list in ${update}/scenario-failing.yaml; what is left, --update cannot rewrite:\n"
                   "step 2 (plan.draft by wendeng_em at +1m): rejected actor_lacks_role"
            NOT_STDOUT "effects differ")
replay_case(test_update_nothing_to_rewrite ARGS test ${update}/scenario-new-checks-failing.yaml --update EXIT 1
            STDOUT "  --update: nothing to rewrite (it rewrites exact effects: lists only)\n" "effects that must not happen happened")

# --coverage: each rule of the policy, cited (how often) or never, by file:line.
set(one_scenario examples/scenarios/3.1.2-separation-of-duties.yaml)
replay_case(test_coverage ARGS test ${one_scenario} --coverage EXIT 0
            STDOUT "\ncoverage of rules/weihai.yaml (weihai " "rules fired in 1 scenario\n  never fired:\n"
                   "  incident_types.* (all " "  chains.compensation  [4.1]\n"
                   "  fired (times cited):\n" "\n1 passed, 0 failed\n"
            STDOUT_REGEX "\n    rules/weihai.yaml:[0-9]+:[0-9]+  chains.call_plan.steps.em_approval  [1-9][0-9]*\n")
replay_case(test_coverage_json ARGS test ${one_scenario} --coverage --format json EXIT 0
            STDOUT "{\"coverage\":{\"policy\":\"rules/weihai.yaml\",\"id\":\"weihai\""
                   "{\"rule\":\"chains.compensation\",\"file\":\"rules/weihai.yaml\","
            STDOUT_REGEX "\"digest\":\"${hex64}\",\"scenarios\":1,\"rules\":[0-9]+,\"fired\":[1-9][0-9]*,\"by_rule\":"
            JSON_LINES JSON_LAST "summary.passed=1")
replay_case(test_coverage_junit ARGS test ${one_scenario} --coverage --format junit EXIT 0 XML
            STDOUT "<testsuites" STDERR "coverage of rules/weihai.yaml" NOT_STDOUT "coverage of")

# ---- a journal as the incident: its inputs replayed (the outcome records are computed again) ------

replay_case(journal_write_once ARGS replay ${reference} ${incident} --journal ${WORK}/once.journal EXIT 0 STDERR "new journal")
replay_case(replay_from_journal ARGS replay ${reference} ${WORK}/once.journal EXIT 0
            STDERR "${WORK}/once.journal: a journal: replaying its 35 recorded inputs"
            STDOUT "2026-07-14 06:10  e01  incident.report  by 文登区水务局 (wendeng_water)"
                   "35 inputs: 35 accepted, 0 rejected; 60 effects")
replay_case(journal_write_rejected ARGS replay ${reference} ${fixtures}/rejected.jsonl --allow-rejections
            --journal ${WORK}/rejected.journal EXIT 0)
replay_case(replay_from_journal_advance ARGS replay ${reference} ${WORK}/rejected.journal EXIT 1
            STDOUT "2026-10-12 09:22  the clock advances (2026-10-12T09:22:00+08:00)" "REJECTED separation_of_duties"
                   "5 inputs: 4 accepted, 1 rejected"
            STDERR "the first: ${WORK}/rejected.journal:12: separation_of_duties")
# A malformed line is recorded (as any host's is) and replay stops there; the journal's replay
# skips it — it changed nothing — and says so.
replay_case(journal_write_malformed ARGS replay ${reference} ${fixtures}/malformed.jsonl --journal ${WORK}/malformed.journal EXIT 1)
replay_case(replay_from_journal_malformed ARGS replay ${reference} ${WORK}/malformed.journal EXIT 0
            STDERR "replaying its 1 recorded inputs; 1 malformed input skipped (they changed nothing)"
            STDOUT "1 inputs: 1 accepted")
replay_case(replay_from_damaged_journal ARGS replay ${reference} ${WORK}/damaged.journal EXIT 1
            STDERR "muster replay: ${WORK}/damaged.journal:6: journal-damaged: record 5")
# What a policy change would have done to a recorded incident: its journal under the new rules.
file(READ "${SRC}/rules/weihai.yaml" policy_text)
string(REPLACE "ack_timeout: 10m" "ack_timeout: 5m" faster "${policy_text}")
file(WRITE "${WORK}/weihai-ack-5m.yaml" "${faster}")
replay_case(diff_from_journal ARGS diff rules/weihai.yaml ${WORK}/weihai-ack-5m.yaml ${WORK}/once.journal --forces rules/weihai-forces.yaml EXIT 1
            STDOUT ">>> first divergence: ${WORK}/once.journal:"
                   "e06 request.consent by weihai_transport at +42m"
                   "    + issue_order to=wendeng_water from=wendeng_fire force=wendeng_flood_team request=1 order=1 due=+47m")

# ---- diff --------------------------------------------------------------------------------------

replay_case(diff_identical ARGS diff rules/weihai.yaml rules/weihai.yaml ${incident} --forces rules/weihai-forces.yaml EXIT 0
            STDOUT "identical: 35 inputs, 60 effects")
replay_case(diff_different ARGS diff rules/weihai.yaml ${WORK}/weihai-ack-5m.yaml ${incident} --forces rules/weihai-forces.yaml EXIT 1
            STDOUT ">>> first divergence: ${incident}:19: e06 request.consent by weihai_transport at +42m"
                   "    - issue_order to=wendeng_water from=wendeng_fire force=wendeng_flood_team request=1 order=1 due=+52m"
                   "    + issue_order to=wendeng_water from=wendeng_fire force=wendeng_flood_team request=1 order=1 due=+47m"
                   "inputs answered differently; the first: ${incident}:19")
replay_case(diff_needs_forces ARGS diff rules/weihai.yaml rules/weihai.yaml ${incident} EXIT 2
            STDERR "--forces FILE (both policies), or --old-forces F and --new-forces F")
replay_case(diff_malformed ARGS diff rules/weihai.yaml rules/weihai.yaml ${fixtures}/malformed.jsonl --forces rules/weihai-forces.yaml EXIT 2
            STDERR "${fixtures}/malformed.jsonl:4:116: grade:")
replay_case(diff_missing_incident ARGS diff rules/weihai.yaml rules/weihai.yaml ${fixtures}/no-such.jsonl --forces rules/weihai-forces.yaml EXIT 2
            STDERR "${fixtures}/no-such.jsonl: cannot read")
replay_case(diff_broken_policy ARGS diff rules/weihai.yaml tests/cli/fixtures/unknown-key.yaml ${incident} --forces rules/weihai-forces.yaml EXIT 2
            STDERR "tests/cli/fixtures/unknown-key.yaml:11:3: unknown-key:")
# JSON: one document, the full digests, each differing input with its line, id and aligned effects.
replay_case(diff_json_identical ARGS diff rules/weihai.yaml rules/weihai.yaml ${incident} --forces rules/weihai-forces.yaml --format json EXIT 0
            STDOUT_REGEX "\"policy_digest\": \"${hex64}\",\n    \"registry_digest\": \"${hex64}\",\n    \"state_digest\": \"${hex64}\""
            JSON "identical=ON" "differing=0" "inputs=35" "effects=60" "old.policy=rules/weihai.yaml" "time_base=2026-07-14T06:10:00+08:00")
replay_case(diff_json_different ARGS diff rules/weihai.yaml ${WORK}/weihai-ack-5m.yaml ${incident} --forces rules/weihai-forces.yaml --format json EXIT 1
            NOT_STDOUT "first divergence"
            JSON "identical=OFF" "differing=7" "new.policy=${WORK}/weihai-ack-5m.yaml" "differences.0.line=19" "differences.0.id=e06"
                 "differences.0.kind=request.consent" "differences.0.at=2026-07-14T06:52:00+08:00" "differences.0.effects.0.op=-"
                 "differences.0.effects.0.effect=issue_order to=wendeng_water from=wendeng_fire force=wendeng_flood_team request=1 order=1 due=+52m because=chains.call_plan.on_approved.issue_orders,chains.call_plan")

# ---- graph -------------------------------------------------------------------------------------

replay_case(graph_dot ARGS graph rules/weihai.yaml --format dot EXIT 0
            STDOUT "digraph muster {" "subgraph cluster_machine_incident" "subgraph cluster_chain_call_plan"
                   "step authority_consent\\nconsent by industry_authority of force, for each force\\nonly when special_period")
# Beside the incident machine: what the policy runs on each incident event, the lowered form.
replay_case(graph_incident_reactions ARGS graph rules/weihai.yaml --machine incident EXIT 0
            STDOUT "subgraph cluster_reactions"
                   "4. notify fire_rescue of command, who takes part (owes an after-action report) (first_response, rules/weihai.yaml:"
                   # last: its unclosed '[' would join the next item to it (CMake list brackets)
                   "r_2 [label=\"on incident.hq_established:\\n1. the event's actor takes the commander's position, whatever the grade (assign_command) (headquarters, rules/weihai.yaml:")
replay_case(graph_machine ARGS graph rules/weihai.yaml --machine order EXIT 0
            STDOUT "digraph" "m_order_issued -> m_order_overdue [label=\"ack_due / on_overdue\\n(timer: orders.ack_timeout)\"")
# Generated from the transition table: rows between the same two states share an edge, guards
# read as the chain progress they accept, and the machine's cluster carries no clause ids.
replay_case(graph_machine_guards ARGS graph rules/weihai.yaml --machine approval_chain EXIT 0
            STDOUT "label=\"approval chain machine (include/muster/machines/approval_chain.hpp)\""
                   "m_approval_chain_executed [label=\"executed\", shape=box, style=rounded, peripheries=2]"
                   # last: its unclosed '[' would join the next item to it (CMake list brackets)
                   "m_approval_chain_awaiting -> m_approval_chain_failed [label=\"refuse [failed] / on_refuse\\n(request.refuse)\\nreroute [failed] / on_unroutable\\n(incident.regrade moving command)\"")
replay_case(graph_unknown_chain ARGS graph rules/weihai.yaml --chain call_pla EXIT 1
            STDERR "'call_pla' is not a chain of rules/weihai.yaml (chains: call_plan, cross_region, compensation, requisition, requisition_return, road_passage, road_passage_ends) [did you mean 'call_plan'?]")
replay_case(graph_no_dot ARGS graph rules/weihai.yaml --format svg -o ${WORK}/none.svg EXIT 1 ENV PATH=${WORK}/empty-path
            STDERR "cannot run 'dot'")
find_program(DOT dot)
if(DOT)
  replay_case(graph_svg ARGS graph rules/weihai.yaml --chain cross_region --format svg -o ${WORK}/cross_region.svg EXIT 0
              FILE_CONTAINS ${WORK}/cross_region.svg "<svg")
endif()

get_property(cases GLOBAL PROPERTY replay_cases)
get_property(failed GLOBAL PROPERTY replay_failed)
get_property(report GLOBAL PROPERTY replay_report)
list(LENGTH cases n)
if(failed)
  list(LENGTH failed n_failed)
  list(JOIN failed ", " names)
  message(NOTICE "${report}")  # verbatim: FATAL_ERROR would re-wrap the captured output
  message(FATAL_ERROR "${n_failed} of ${n} replay cases failed: ${names}")
endif()
message(STATUS "all ${n} replay cases passed")
