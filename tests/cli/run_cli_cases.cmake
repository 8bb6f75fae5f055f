# The `muster` command as its users run it: exit codes and output on the reference policy and on
# fixtures that each break one thing. Runs every case, then fails listing every mismatch.
#
#   cmake -DMUSTER=build/muster -DSRC=. -P tests/cli/run_cli_cases.cmake
#
# Paths are given relative to SRC (the working directory), because diagnostics print the path as
# typed and the cases check exact `file:line:col` locations.
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/case_checks.cmake)

foreach(var MUSTER SRC)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_cli_cases.cmake: pass -D${var}=… (see the comment at the top)")
  endif()
endforeach()

set(fixtures tests/cli/fixtures)
set(reference rules/weihai.yaml --forces rules/weihai-forces.yaml)

# muster_case(NAME ARGS <args…> EXIT <code>
#             [STDOUT_STARTS <text>] [STDOUT <text>…] [STDOUT_REGEX <regex>] [STDERR <text>…]
#             [EMPTY_STDOUT] [EMPTY_STDERR] [JSON <path=value>…])
# STDOUT/STDERR texts must each occur literally. JSON parses stdout and compares members, e.g.
# `diagnostics.0.code=unknown-key` (CMake reports JSON booleans as ON/OFF).
function(muster_case name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "EMPTY_STDOUT;EMPTY_STDERR" "EXIT;STDOUT_STARTS;STDOUT_REGEX"
                        "ARGS;STDOUT;STDERR;JSON")
  execute_process(COMMAND "${MUSTER}" ${arg_ARGS} WORKING_DIRECTORY "${SRC}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(problems "")
  check_exit_and_streams()
  if(DEFINED arg_STDOUT_STARTS)
    string(FIND "${out}" "${arg_STDOUT_STARTS}" at)
    if(NOT at EQUAL 0)
      list(APPEND problems "stdout does not start with '${arg_STDOUT_STARTS}'")
    endif()
  endif()
  if(arg_EMPTY_STDOUT AND NOT out STREQUAL "")
    list(APPEND problems "STDOUT should be empty")
  endif()
  if(arg_EMPTY_STDERR AND NOT err STREQUAL "")
    list(APPEND problems "STDERR should be empty")
  endif()
  check_json_members("${out}" ${arg_JSON})
  record_case(cli "${name}")
endfunction()

# ---- the command line itself --------------------------------------------------------------
muster_case(version ARGS --version EXIT 0 STDOUT_REGEX "^[0-9]+\\.[0-9]+\\.[0-9]+\n$")
muster_case(no_subcommand ARGS EXIT 2 STDERR "subcommand")
muster_case(validate_without_policy ARGS validate EXIT 2 STDERR "POLICY is required")
muster_case(format_xml ARGS validate ${reference} --format xml EXIT 2 STDERR "xml" EMPTY_STDOUT)
muster_case(summary_without_forces ARGS summary rules/weihai.yaml EXIT 2 STDERR "--forces")

# ---- the reference policy -------------------------------------------------------------------
muster_case(reference_validate ARGS validate ${reference} EXIT 0
            STDOUT_STARTS "ok: weihai " STDOUT "forces sha256:")
muster_case(reference_json ARGS validate ${reference} --format json EXIT 0
            STDOUT_REGEX "\"ok\": ?true"
            JSON "ok=ON" "policy.id=weihai" "forces.checked=ON" "policy.counts.grades=4")
muster_case(reference_summary ARGS summary ${reference} EXIT 0
            STDOUT "较大" "文登区" "[3.1.1]" "[3.1.2]" "[3.3.3]" "wraps the year end" "declared at run time"
                   "\nWhat runs on each incident event (command, first_response, headquarters, information and review, as the engine runs them)\n  on incident.report:\n"
                   "    3. when the event sets or moves the command level: assign the coordinator and the commander of the command matrix; awaiting requests follow  (command)  [3.1.1]\n"
                   "    4. notify fire_rescue of command, who takes part (owes an after-action report)  (first_response)  [3.3.2]\n  on incident.regrade:\n"
                   "  on incident.hq_established:\n    1. the event's actor takes the commander's position, whatever the grade (assign_command)  (headquarters)  [3.1.3]\n"
                   "    3. a headquarters it replaces is told that command moved  (headquarters)  [3.1.3]\n"
                   "  on review.started:\n    1. each participant reports to emergency_management of participant within 7d; when late remind (telling emergency_management of participant) then escalate  (review)  [3.3.3]\n"
                   "  on review.closed:\n    1. notify the coordinator  (review)  [3.3.3]\n"
                   "only when at_or_above_threshold (each organisation told once across the event's routes)  (information.report_to_city_command)"
                   "\nSchedules: recurring roll-calls and reports, opened by the engine's clock\n"
                   "  duty_roll_call: 值班值守调度点名 / Duty roll-call of the rescue forces  [3.2.2]\n"
                   "    runs monthly on day 1 at 09:00, weekly on mon at 09:00 during key_dates; after a gap, only the latest run skipped\n"
                   "    calls every government, enterprise or social force, through its owner, from fire_rescue of area\n"
                   "    answer: acknowledge within 2h (1h in special periods); on timeout remind then escalate then expire"
                   "  tabletop_drill: 桌面推演 / Tabletop exercise  [3.2.3]\n    runs yearly on 03-01 at 09:00;"
                   "    calls the fire_rescue of each jurisdiction, from emergency_management of area\n"
                   "    answer: report within 30d;"
                   "    calls every government, enterprise, social or expert force failing base_data_current, through its owner, from emergency_management of area\n"
                   "\nChecks: what a force must show before it is proposed, named or ordered (on the event's own day)\n"
                   "  social_team_registered: 社会救援队伍已注册 / Social team is registered  [1.3]\n    social: registered; else exclude\n"
                   "    every force: base data updated within 180d; else warn (cited in because)\n"
                   "    every force: duty status not on_duty_elsewhere; else break-glass with a reason\n")

# ---- the minimal fixture: valid, with one warning -------------------------------------------
set(minimal ${fixtures}/minimal.yaml --forces ${fixtures}/minimal-forces.yaml)
muster_case(minimal_validate ARGS validate ${minimal} EXIT 0
            STDOUT_STARTS "ok: minimal 1 — 2 grades, 3 jurisdictions, 9 organisations, 1 incident type, 1 period, 2 chains; 2 forces; "
            STDERR "${fixtures}/minimal-forces.yaml:10:48: warning: insurance-expired:")
muster_case(minimal_quiet ARGS validate ${minimal} --quiet EXIT 0 EMPTY_STDOUT EMPTY_STDERR)
muster_case(minimal_summary ARGS summary ${minimal} EXIT 0
            STDOUT "东区 / East (county, district)  emergency_management: 东区应急管理局 · fire_rescue: 东区消防救援大队"
                   "coordinator  emergency_management of root → 甲市应急管理局  [3.1.1]"
                   "east_volunteers 东区志愿救援队 (insured until 2026-06-30)"
                   "east_volunteers 东区志愿救援队 (updated 2026-01-10, 314 days earlier)"
                   "\nSchedules: recurring roll-calls and reports, opened by the engine's clock\n  none\n"
                   "\nChecks: what a force must show before it is proposed, named or ordered (on the event's own day)\n  none\n")

# ---- broken inputs: exit 1, every problem located ------------------------------------------
muster_case(unknown_key ARGS validate ${fixtures}/unknown-key.yaml EXIT 1 EMPTY_STDOUT
            STDERR "${fixtures}/unknown-key.yaml:11:3: unknown-key: unknown key 'verison' in the policy block [did you mean 'version'?]\n1 error, 0 warnings\n")
muster_case(unknown_key_quiet ARGS validate ${fixtures}/unknown-key.yaml -q EXIT 1 EMPTY_STDOUT
            STDERR "${fixtures}/unknown-key.yaml:11:3: unknown-key:")
muster_case(invalid_utf8 ARGS validate ${fixtures}/invalid-utf8.yaml EXIT 1 EMPTY_STDOUT
            STDERR "${fixtures}/invalid-utf8.yaml:9:9: invalid-utf8:" "byte offset 395")
muster_case(missing_file ARGS validate ${fixtures}/no-such-file.yaml EXIT 1 EMPTY_STDOUT
            STDERR "${fixtures}/no-such-file.yaml: file-unreadable:" "1 error, 0 warnings")
muster_case(forces_unknown_owner ARGS validate ${fixtures}/minimal.yaml --forces ${fixtures}/forces-unknown-owner.yaml
            EXIT 1 EMPTY_STDOUT
            STDERR "${fixtures}/forces-unknown-owner.yaml:5:68: unknown-organisation:" "[did you mean 'east_fire'?]"
                   "1 error, 1 warning\n")
muster_case(forces_not_checked ARGS validate ${fixtures}/unknown-key.yaml --forces ${fixtures}/minimal-forces.yaml
            EXIT 1 STDERR "(${fixtures}/minimal-forces.yaml not checked: the policy has errors)")
muster_case(summary_broken ARGS summary ${fixtures}/unknown-key.yaml --forces ${fixtures}/minimal-forces.yaml
            EXIT 1 EMPTY_STDOUT STDERR "${fixtures}/unknown-key.yaml:11:3: unknown-key:")

# ---- JSON on broken inputs: still one parseable document on stdout ---------------------------
muster_case(json_unknown_key ARGS validate ${fixtures}/unknown-key.yaml --format json EXIT 1
            STDOUT "\"code\": \"unknown-key\"" EMPTY_STDERR
            JSON "ok=OFF" "policy.file=${fixtures}/unknown-key.yaml" "diagnostics.0.severity=error"
                 "diagnostics.0.code=unknown-key" "diagnostics.0.line=11" "diagnostics.0.column=3"
                 "diagnostics.0.hint=did you mean 'version'?")
muster_case(json_invalid_utf8 ARGS validate ${fixtures}/invalid-utf8.yaml --format json EXIT 1
            JSON "ok=OFF" "diagnostics.0.code=invalid-utf8" "diagnostics.0.offset=395")
muster_case(json_missing_file ARGS validate ${fixtures}/no-such-file.yaml --format json EXIT 1
            JSON "ok=OFF" "diagnostics.0.code=file-unreadable" "diagnostics.0.line=0")
muster_case(json_forces ARGS validate ${minimal} --format json EXIT 0
            JSON "ok=ON" "forces.count=2" "forces.by_category.government=1" "forces.by_category.social=1"
                 "diagnostics.0.severity=warning" "diagnostics.0.code=insurance-expired")

get_property(cases GLOBAL PROPERTY cli_cases)
get_property(failed GLOBAL PROPERTY cli_failed)
get_property(report GLOBAL PROPERTY cli_report)
list(LENGTH cases n)
if(failed)
  list(LENGTH failed n_failed)
  list(JOIN failed ", " names)
  message(NOTICE "${report}")  # verbatim: FATAL_ERROR would re-wrap the captured output
  message(FATAL_ERROR "${n_failed} of ${n} cli cases failed: ${names}")
endif()
message(STATUS "all ${n} cli cases passed")
