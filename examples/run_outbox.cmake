# The outbox example across crashes (examples/c/outbox.c): a clean run delivers every effect of
# the incident once; a second outbox is crashed (_exit, as kill -9) after a few deliveries, again
# and again — mid-outcome included — then run to the end. Its DELIVERED must equal the clean
# run's byte for byte: nothing lost, nothing twice.
#   cmake -DPROGRAM=… -DPOLICY=… -DFORCES=… -DEVENTS=… -DWORK=dir -P run_outbox.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

function(outbox journal delivered expect_rc)
  execute_process(COMMAND ${PROGRAM} ${POLICY} ${FORCES} ${EVENTS} ${journal} ${delivered} ${ARGN}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  message(STATUS "outbox ${ARGN}: rc=${rc}\n${out}${err}")
  if(NOT rc EQUAL expect_rc)
    message(FATAL_ERROR "outbox ${ARGN}: exit ${rc}, expected ${expect_rc}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

outbox(${WORK}/clean.journal ${WORK}/clean.delivered 0)
file(READ ${WORK}/clean.delivered clean)
string(REGEX MATCHALL "\n" lines "${clean}")
list(LENGTH lines delivered_clean)
if(delivered_clean LESS 20)
  message(FATAL_ERROR "the clean run delivered ${delivered_clean} effects; the incident has more")
endif()

# Crash points: 3 falls inside the incident report's outcome (several effects); the others
# later, each counted from the restart.
foreach(n 3 1 7 2 11)
  outbox(${WORK}/crash.journal ${WORK}/crash.delivered 3 --crash-after ${n})
endforeach()
outbox(${WORK}/crash.journal ${WORK}/crash.delivered 0)
if(NOT last_output MATCHES "delivered before")
  message(FATAL_ERROR "the last run did not say what earlier runs delivered")
endif()
file(READ ${WORK}/crash.delivered crashed)
if(NOT crashed STREQUAL clean)
  message(FATAL_ERROR "after the crashes DELIVERED differs from the clean run's (${WORK}/crash.delivered vs ${WORK}/clean.delivered)")
endif()

# Run again after the end: everything is a duplicate, nothing is delivered twice.
outbox(${WORK}/crash.journal ${WORK}/crash.delivered 0)
if(NOT last_output MATCHES "delivered 0 effect")
  message(FATAL_ERROR "a run over an incident delivered whole delivered again")
endif()
file(READ ${WORK}/crash.delivered again)
if(NOT again STREQUAL clean)
  message(FATAL_ERROR "a run after the end changed DELIVERED")
endif()
message(STATUS "outbox: ${delivered_clean} effects delivered exactly once across 5 crashes")
