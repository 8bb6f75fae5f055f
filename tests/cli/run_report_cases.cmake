# `muster report` (5.1, docs/report.md) as its users run it: the figures of a known journal in
# text and JSON, and the refusals — a journal that does not verify (naming the record), another
# policy, a missing file, a bad period, an unknown grouping or format — with their exit codes.
#
#   cmake -DMUSTER=build/muster -DSRC=. -DWORK=build/report-cases -P tests/cli/run_report_cases.cmake
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/case_checks.cmake)

foreach(var MUSTER SRC WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_report_cases.cmake: pass -D${var}=… (see the comment at the top)")
  endif()
endforeach()

set(reference rules/weihai.yaml --forces rules/weihai-forces.yaml)
set(rules --policy rules/weihai.yaml --forces rules/weihai-forces.yaml)
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(journal ${WORK}/year.journal)

# report_case(NAME ARGS <args…> EXIT <code> [STDOUT <text>…] [STDERR <text>…] [JSON <path=value>…])
function(report_case name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "EXIT;STDOUT_REGEX" "ARGS;STDOUT;STDERR;JSON")
  execute_process(COMMAND "${MUSTER}" ${arg_ARGS} WORKING_DIRECTORY "${SRC}" TIMEOUT 60
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(problems "")
  check_exit_and_streams()
  if(arg_JSON)
    check_json_members("${out}" ${arg_JSON})
  endif()
  record_case(report "${name}")
endfunction()

# The journal of tests/report/data/scorecard-year.jsonl (the figures the 5.1 test works out).
report_case(report_write_journal ARGS replay ${reference} tests/report/data/scorecard-year.jsonl --journal ${journal} EXIT 0)

report_case(report_text ARGS report ${journal} ${rules} EXIT 0
            STDOUT "合计 Total: 4 orders, 3 acknowledged (p50 6m, p90 15m), 1 declined, 1 overdue; approvals 8 asked, 0 late, 0 escalated; roll-calls 54 asked, 1 late, 52 missed; warnings 3 asked, 67% on time"
                   "claims 1 opened, 1 settled (p50 2d)"
                   "== 按辖区 by jurisdiction ==" "== 按力量 by force =="
                   "  wendeng_flood_team               1      1   2m   2m         0        0        0            0  文登区防汛抢险队")
report_case(report_json ARGS report ${journal} ${rules} --format json --by jurisdiction EXIT 0
            JSON "report=muster-scorecards/1" "total.orders.ack_latency.p50=360" "total.orders.ack_latency.p90=900"
                 "total.approvals.asked=8" "total.approvals.on_time_percent=100" "total.roll_calls.late=1" "total.roll_calls.missed=52" "total.warnings.on_time_percent=67"
                 "total.claims.settle_time.p50=172800" "jurisdictions.0.id=weihai" "jurisdictions.0.name.zh=威海市")
report_case(report_json_by_force ARGS report ${journal} ${rules} --format json --by force EXIT 0
            JSON "forces.0.kind=force" "total.orders.declined=1")
report_case(report_period ARGS report ${journal} ${rules} --format json --from 2026-10-01T00:00:00+08:00 --to 2026-10-02T00:00:00+08:00 EXIT 0
            JSON "from=2026-10-01T00:00:00+08:00" "total.orders.issued=0" "total.roll_calls.asked=54" "total.claims.opened=0")
report_case(report_html ARGS report ${journal} ${rules} --format html EXIT 0
            STDOUT "<!DOCTYPE html>" "<svg class=\"chart\" data-chart=\"orders.ack_latency\"" "data-row=\"total\" data-figure=\"orders.ack_latency.p90\" data-value=\"900\"")

# Refusals. A journal with one altered byte: the record is named, nothing is reported.
file(READ ${journal} bytes)
string(REPLACE "\"at\":\"2026-09-30T09:05:00+08:00\"" "\"at\":\"2026-09-30T09:04:00+08:00\"" bytes "${bytes}")
file(WRITE ${WORK}/altered.journal "${bytes}")
report_case(report_altered_journal ARGS report ${WORK}/altered.journal ${rules} EXIT 1
            STDERR "muster report: the journal does not verify: ${WORK}/altered.journal:" "journal-damaged: record")
report_case(report_other_policy ARGS report ${journal} --policy examples/policies/rizhao.yaml --forces examples/policies/rizhao-forces.yaml EXIT 1
            STDERR "journal-policy-mismatch")
report_case(report_missing_journal ARGS report ${WORK}/none.journal ${rules} EXIT 1 STDERR "muster report: cannot open ${WORK}/none.journal")
# Not a journal that does not verify: a location that names no partition (refused before connecting).
report_case(report_location_without_a_partition ARGS report "postgresql:///muster?host=/nonexistent" ${rules} EXIT 1
            STDERR "muster report: postgresql:///muster?host=/nonexistent: journal-location: ")
report_case(report_missing_policy ARGS report ${journal} --policy ${WORK}/none.yaml --forces rules/weihai-forces.yaml EXIT 1)
report_case(report_bad_from ARGS report ${journal} ${rules} --from yesterday EXIT 2 STDERR "--from 'yesterday' is not a time")
report_case(report_empty_period ARGS report ${journal} ${rules} --from 2026-10-02T00:00:00+08:00 --to 2026-10-01T00:00:00+08:00 EXIT 2
            STDERR "is not before --to")
report_case(report_unknown_by ARGS report ${journal} ${rules} --by county EXIT 2 STDERR "--by: county not in {jurisdiction,force}")
report_case(report_unknown_format ARGS report ${journal} ${rules} --format pdf EXIT 2 STDERR "--format: pdf not in")
report_case(report_no_forces ARGS report ${journal} --policy rules/weihai.yaml EXIT 2 STDERR "--forces is required")

get_property(cases GLOBAL PROPERTY report_cases)
get_property(failed GLOBAL PROPERTY report_failed)
get_property(text GLOBAL PROPERTY report_report)
list(LENGTH cases n)
if(failed)
  list(LENGTH failed n_failed)
  list(JOIN failed ", " names)
  message(NOTICE "${text}")
  message(FATAL_ERROR "${n_failed} of ${n} report cases failed: ${names}")
endif()
message(STATUS "all ${n} report cases passed")
