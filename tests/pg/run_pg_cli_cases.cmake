# The muster command on a PostgreSQL journal (docs/journal.md "PostgreSQL"): `muster replay
# --journal` records an incident into a partition, `muster verify` checks it (chain and replay),
# `muster replay` takes it as an incident, `muster report` reads it, and a partition that holds
# nothing is refused by name.
#
#   cmake -DMUSTER=build/muster -DSRC=. -DPG=postgresql:///postgres?host=… -P tests/pg/run_pg_cli_cases.cmake
cmake_minimum_required(VERSION 3.25)

foreach(var MUSTER SRC PG)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_pg_cli_cases.cmake: pass -D${var}=… (see the comment at the top)")
  endif()
endforeach()

string(RANDOM LENGTH 8 ALPHABET abcdefghijklmnopqrstuvwxyz0123456789 tag)
set(journal "${PG}#cli-${tag}")
set(rules rules/weihai.yaml --forces rules/weihai-forces.yaml)
set(failures "")

# pg_case(NAME EXIT <code> ARGS <args…> [OUT <text>…]): each OUT text must occur in stdout + stderr.
function(pg_case name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "EXIT" "ARGS;OUT")
  execute_process(COMMAND "${MUSTER}" ${arg_ARGS} WORKING_DIRECTORY "${SRC}" RESULT_VARIABLE rc
                  OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
  set(all "${out}${err}")
  set(why "")
  if(NOT rc EQUAL arg_EXIT)
    string(APPEND why " exit ${rc}, expected ${arg_EXIT};")
  endif()
  foreach(text IN LISTS arg_OUT)
    string(FIND "${all}" "${text}" at)
    if(at EQUAL -1)
      string(APPEND why " no '${text}';")
    endif()
  endforeach()
  if(why)
    set(failures "${failures}\n${name}:${why}\n--- output ---\n${all}" PARENT_SCOPE)
  endif()
endfunction()

pg_case(replay_into_a_partition EXIT 0
        ARGS replay ${rules} examples/incidents/wendeng-flood.jsonl --journal "${journal}" OUT "new journal")
pg_case(replay_again_recovers_it EXIT 0
        ARGS replay ${rules} examples/incidents/wendeng-flood.jsonl --journal "${journal}" OUT "events replayed")
pg_case(verify_the_chain_and_replay EXIT 0
        ARGS verify "${journal}" ${rules} OUT "ok: " "muster-journal/2" "replayed: every event gives its recorded outcome")
pg_case(replay_the_incident_a_partition_holds EXIT 0 ARGS replay ${rules} "${journal}")
pg_case(report_reads_it EXIT 0 ARGS report "${journal}" --policy rules/weihai.yaml --forces rules/weihai-forces.yaml)
pg_case(verify_a_partition_that_holds_nothing EXIT 1
        ARGS verify "${PG}#cli-${tag}-none" OUT "journal-missing" "cli-${tag}-none")
pg_case(verify_a_location_without_partition EXIT 1 ARGS verify "${PG}" OUT "journal-location")

if(failures)
  message(FATAL_ERROR "muster on a PostgreSQL journal:${failures}")
endif()
