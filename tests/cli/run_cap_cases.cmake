# `muster cap import` and `muster cap export` as their users run them, on the reference policy and
# the alerts of tests/cap/data: exit codes, the events printed, every refusal located. Runs
# every case, then fails listing every mismatch.
#
#   cmake -DMUSTER=build/muster -DSRC=. -DWORK=build/cap-cases -P tests/cli/run_cap_cases.cmake
#
# Paths are relative to SRC (the working directory), because the messages print them as typed.
# WORK is a scratch directory (a journal, exported alerts).
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/case_checks.cmake)

foreach(var MUSTER SRC WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_cap_cases.cmake: pass -D${var}=… (see the comment at the top)")
  endif()
endforeach()

set(data tests/cap/data)
set(policy --policy rules/weihai.yaml)
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

# cap_case(NAME ARGS <args…> EXIT <code> [STDOUT <text>…] [STDERR <text>…] [STDOUT_REGEX <regex>]
#          [EMPTY_STDOUT] [EMPTY_STDERR] [JSON_LINES] [JSON_LAST <path=value>…] [STDOUT_IS_FILE <path>])
# STDOUT/STDERR texts must each occur literally. JSON_LINES: every stdout line is a JSON object;
# JSON_LAST checks the last one's members. STDOUT_IS_FILE: stdout equals the file's lines that
# are not comments (# …).
function(cap_case name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "EMPTY_STDOUT;EMPTY_STDERR;JSON_LINES" "EXIT;STDOUT_REGEX;STDOUT_IS_FILE"
                        "ARGS;STDOUT;STDERR;JSON_LAST")
  execute_process(COMMAND "${MUSTER}" ${arg_ARGS} WORKING_DIRECTORY "${SRC}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(problems "")
  check_exit_and_streams()
  if(arg_EMPTY_STDOUT AND NOT out STREQUAL "")
    list(APPEND problems "STDOUT should be empty")
  endif()
  if(arg_EMPTY_STDERR AND NOT err STREQUAL "")
    list(APPEND problems "STDERR should be empty")
  endif()
  if(arg_JSON_LINES OR DEFINED arg_JSON_LAST)
    check_json_lines("${out}")
    check_json_members("${last_line}" ${arg_JSON_LAST})
  endif()
  if(DEFINED arg_STDOUT_IS_FILE)
    file(STRINGS "${SRC}/${arg_STDOUT_IS_FILE}" lines ENCODING UTF-8 REGEX "^[^#]")
    list(JOIN lines "\n" expected)
    if(NOT out STREQUAL "${expected}\n")
      list(APPEND problems "stdout is not ${arg_STDOUT_IS_FILE}")
    endif()
  endif()
  record_case(cap "${name}")
endfunction()

# ---- import: good alerts ---------------------------------------------------------------------
cap_case(import_issue ARGS cap import ${data}/wendeng-rainstorm-issue.xml ${policy} EXIT 0 EMPTY_STDERR
         STDOUT "{\"id\":\"cap:37100041600000_20260710055812_1\",\"kind\":\"warning.issue\",\"at\":\"2026-07-10T05:58:12+08:00\",\"actor\":\"weihai_meteo\",\"warning\":\"37100041600000_20260710055812_1\",\"hazard\":\"rainstorm\",\"level\":\"orange\",\"area\":[\"wendeng\"],\"until\":\"2026-07-11T06:00:00+08:00\"}\n")
cap_case(import_thread ARGS cap import ${data}/wendeng-rainstorm-issue.xml ${data}/wendeng-rainstorm-update.xml
                                   ${data}/wendeng-rainstorm-cancel.xml ${policy}
         EXIT 0 EMPTY_STDERR STDOUT_IS_FILE ${data}/wendeng-thread.jsonl)
cap_case(import_exercise ARGS cap import ${data}/rongcheng-typhoon-exercise.xml ${policy} EXIT 0
         JSON_LAST "kind=warning.issue" "hazard=typhoon" "level=yellow" "area.0=rongcheng" "status=exercise"
         STDERR "${data}/rongcheng-typhoon-exercise.xml:46:5: warning: polygon-only: area 2 '荣成市以东海域' has only a polygon or circle")
cap_case(import_exercise_quiet ARGS cap import ${data}/rongcheng-typhoon-exercise.xml ${policy} -q EXIT 0 EMPTY_STDERR JSON_LINES)
cap_case(import_test_status ARGS cap import ${data}/storm-surge-test.xml ${policy} --actor weihai_meteo EXIT 0
         JSON_LAST "hazard=storm_surge" "level=blue" "area.0=weihai" "status=test"
         STDERR "warning: area-outside: area 1 '烟台市沿海' matches no jurisdiction of the policy (ADCODE 370600)")

# ---- import: submitted through a session on a journal ------------------------------------------
cap_case(import_journal ARGS cap import ${data}/wendeng-rainstorm-issue.xml ${data}/wendeng-rainstorm-update.xml
                                    ${data}/wendeng-rainstorm-cancel.xml ${policy} --forces rules/weihai-forces.yaml
                                    --journal ${WORK}/warnings.journal
         EXIT 0 JSON_LAST "accepted=ON" STDERR "${WORK}/warnings.journal: ")
cap_case(import_journal_repeated ARGS cap import ${data}/wendeng-rainstorm-issue.xml ${policy} --forces rules/weihai-forces.yaml
                                             --journal ${WORK}/warnings.journal
         EXIT 0 JSON_LAST "duplicate=ON")
cap_case(import_journal_needs_forces ARGS cap import ${data}/wendeng-rainstorm-issue.xml ${policy} --journal ${WORK}/x.journal
         EXIT 2 EMPTY_STDOUT STDERR "--journal needs --forces")

# ---- import: refused alerts, located -----------------------------------------------------------
cap_case(import_cap11 ARGS cap import ${data}/bad-cap11.xml ${policy} EXIT 1 EMPTY_STDOUT
         STDERR "${data}/bad-cap11.xml:3:1: cap-version: a CAP 1.1 alert (namespace 'urn:oasis:names:tc:emergency:cap:1.1'); only CAP 1.2 is read"
                "1 error, 0 warnings\n")
cap_case(import_atom ARGS cap import ${data}/bad-atom-feed.xml ${policy} EXIT 1 EMPTY_STDOUT
         STDERR "${data}/bad-atom-feed.xml:3:1: atom-feed: an Atom feed (<feed>), not a CAP alert")
cap_case(import_missing_identifier ARGS cap import ${data}/bad-missing-identifier.xml ${policy} EXIT 1 EMPTY_STDOUT
         STDERR "${data}/bad-missing-identifier.xml:3:1: missing-element: <alert> has no <identifier>, which CAP 1.2 requires"
                "${data}/bad-missing-identifier.xml:4:3: warning: unknown-element: <sendr> is not an element of CAP 1.2's <alert>; ignored [did you mean 'sender'?]"
                "2 errors, 1 warning\n")
cap_case(import_bad_times ARGS cap import ${data}/bad-times.xml ${policy} EXIT 1 EMPTY_STDOUT
         STDERR "${data}/bad-times.xml:6:9: bad-time: <sent> '2026-07-10T06:00:00Z' is not a CAP dateTime: CAP 1.2 forbids 'Z': write UTC as -00:00"
                "${data}/bad-times.xml:18:14: bad-time: <expires> '2026-02-30T06:00:00+08:00' is not a CAP dateTime: no such day in the calendar"
                "4 errors, 0 warnings\n")
cap_case(import_billion_laughs ARGS cap import ${data}/bad-billion-laughs.xml ${policy} EXIT 1 EMPTY_STDOUT
         STDERR "${data}/bad-billion-laughs.xml:2:1: doctype-refused: a document type declaration (<!DOCTYPE …>) is refused")
cap_case(import_external_entity ARGS cap import ${data}/bad-external-entity.xml ${policy} EXIT 1 EMPTY_STDOUT
         STDERR "${data}/bad-external-entity.xml:2:1: doctype-refused:")
cap_case(import_area_unmatched ARGS cap import ${data}/bad-area-unmatched.xml ${policy} EXIT 1 EMPTY_STDOUT
         STDERR "${data}/bad-area-unmatched.xml:18:5: area-unmatched: the alert's area matches no jurisdiction of the policy: it names the geocodes GB/T 2260 370612 and FIPS6 12345 (areas '烟台市牟平区'); the policy's codes are 371000 威海市, 371002 环翠区, 371003 文登区")
cap_case(import_unknown_hazard ARGS cap import ${data}/bad-dense-fog.xml ${policy} EXIT 1 EMPTY_STDOUT
         STDERR "${data}/bad-dense-fog.xml:13:12: unknown-hazard: event '大雾橙色预警' is no hazard of the policy; its hazards are rainstorm (暴雨)")
cap_case(import_unknown_sender ARGS cap import ${data}/forest-fire-severity.xml ${policy} EXIT 1 EMPTY_STDOUT
         STDERR "${data}/forest-fire-severity.xml:7:11: unknown-sender: sender 'forestry.duty@nr.weihai.example' is no organisation of the policy: say which organisation sent it [pass --actor ORG (the organisation this sender is)]")
cap_case(import_unknown_actor ARGS cap import ${data}/wendeng-rainstorm-issue.xml ${policy} --actor weihai_meteorology EXIT 1
         EMPTY_STDOUT STDERR "${data}/wendeng-rainstorm-issue.xml: unknown-actor: actor 'weihai_meteorology' is no organisation of the policy [did you mean 'weihai_meteo'?]")
# One bad alert among good ones: nothing is printed, so nothing half is submitted.
cap_case(import_one_bad ARGS cap import ${data}/wendeng-rainstorm-issue.xml ${data}/bad-cap11.xml ${policy} EXIT 1 EMPTY_STDOUT
         STDERR "cap-version")
cap_case(import_missing_file ARGS cap import ${data}/no-such-alert.xml ${policy} EXIT 1 EMPTY_STDOUT
         STDERR "${data}/no-such-alert.xml: file-unreadable: cannot read '${data}/no-such-alert.xml'")
cap_case(import_without_policy ARGS cap import ${data}/wendeng-rainstorm-issue.xml EXIT 2 STDERR "--policy is required")
cap_case(cap_without_subcommand ARGS cap EXIT 2 STDERR "subcommand")

# ---- export, and back ------------------------------------------------------------------------
cap_case(export_thread ARGS cap export ${data}/wendeng-thread.jsonl ${policy} EXIT 0 EMPTY_STDERR
         STDOUT "<msgType>Alert</msgType>" "<msgType>Update</msgType>" "<msgType>Cancel</msgType>"
                "<references>weihai_meteo,37100041600000_20260710055812_1,2026-07-10T05:58:12+08:00</references>"
                "<headline>文登区、乳山市暴雨红色预警</headline>" "<valueName>GB/T 2260</valueName>")
cap_case(export_out ARGS cap export ${data}/wendeng-thread.jsonl ${policy} --sender-domain weather.weihai.example --out ${WORK}/out
         EXIT 0 EMPTY_STDERR STDOUT "${WORK}/out/37100041600000_20260710055812_1.xml\n${WORK}/out/37100041600000_20260710113005_1.xml\n")
# The round trip through files: import(export(x)) is x, line for line.
cap_case(export_round_trip ARGS cap import ${WORK}/out/37100041600000_20260710055812_1.xml
                                    ${WORK}/out/37100041600000_20260710113005_1.xml
                                    ${WORK}/out/37100041600000_20260710195540_1.xml ${policy}
         EXIT 0 EMPTY_STDERR STDOUT_IS_FILE ${data}/wendeng-thread.jsonl)
file(WRITE "${WORK}/bad.jsonl"
  "{\"id\":\"w-1\",\"kind\":\"warning.issue\",\"at\":\"2026-07-10T06:00:00+08:00\",\"actor\":\"weihai_meteo\",\"warning\":\"W-1\",\"hazard\":\"rainstrom\",\"level\":\"orange\",\"area\":[\"wendeng\"]}\n"
  "{\"id\":\"w-2\",\"kind\":\"warning.cancel\",\"at\":\"2026-07-10T08:00:00+08:00\",\"actor\":\"weihai_meteo\",\"warning\":\"W-2\",\"references\":\"W-0\"}\n")
cap_case(export_bad_events ARGS cap export ${WORK}/bad.jsonl ${policy} EXIT 1 EMPTY_STDOUT
         STDERR "${WORK}/bad.jsonl:1:1: bad-event: hazard: 'rainstrom' is not a hazard of the policy (warnings: hazards:) [did you mean 'rainstorm'?]"
                "1 error, 0 warnings\n")
file(WRITE "${WORK}/orphan.jsonl"
  "{\"id\":\"w-2\",\"kind\":\"warning.cancel\",\"at\":\"2026-07-10T08:00:00+08:00\",\"actor\":\"weihai_meteo\",\"warning\":\"W-2\",\"references\":\"W-0\"}\n")
cap_case(export_unknown_reference ARGS cap export ${WORK}/orphan.jsonl ${policy} EXIT 1 EMPTY_STDOUT
         STDERR "${WORK}/orphan.jsonl:1:1: unknown-reference: references 'W-0': no earlier event of the input is that message")

get_property(cases GLOBAL PROPERTY cap_cases)
get_property(failed GLOBAL PROPERTY cap_failed)
get_property(report GLOBAL PROPERTY cap_report)
list(LENGTH cases n)
if(failed)
  list(LENGTH failed n_failed)
  list(JOIN failed ", " names)
  message(NOTICE "${report}")  # verbatim: FATAL_ERROR would re-wrap the captured output
  message(FATAL_ERROR "${n_failed} of ${n} cap cases failed: ${names}")
endif()
message(STATUS "all ${n} cap cases passed")
