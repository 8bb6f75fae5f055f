# ctest fuzz.seeds_pinned: the seeds that stand for the reference rules still do. After an edit
# of rules/weihai.yaml or rules/weihai-forces.yaml, scripts/fuzz-seeds.sh must be run: the
# policy and registry seeds are copies of those files, and the journal seeds carry their
# digests; stale ones stop at the journal's header check and fuzz nothing behind it.
#   cmake -DMUSTER=path/to/muster -DSRC=source-dir -P check_seeds.cmake
cmake_policy(VERSION 3.25)  # quoted if() arguments are strings (CMP0054)
set(fix "run scripts/fuzz-seeds.sh path/to/muster and commit fuzz/corpus")
foreach(pair "policy/weihai.yaml;rules/weihai.yaml" "forces/weihai-forces.yaml;rules/weihai-forces.yaml")
  list(GET pair 0 seed)
  list(GET pair 1 rules)
  file(SHA256 "${SRC}/fuzz/corpus/${seed}" seed_sum)
  file(SHA256 "${SRC}/${rules}" rules_sum)
  if(NOT seed_sum STREQUAL rules_sum)
    message(FATAL_ERROR "fuzz/corpus/${seed} is not a copy of ${rules}: ${fix}")
  endif()
endforeach()

execute_process(COMMAND "${MUSTER}" validate rules/weihai.yaml --forces rules/weihai-forces.yaml --format json
  WORKING_DIRECTORY "${SRC}" OUTPUT_VARIABLE summary RESULT_VARIABLE rc ERROR_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "muster validate of the reference rules failed (exit ${rc})")
endif()
string(JSON policy_digest GET "${summary}" policy digest)
string(JSON registry_digest GET "${summary}" forces digest)

file(GLOB journals "${SRC}/fuzz/corpus/journal/*.journal")
set(checked 0)
foreach(j IN LISTS journals)
  file(STRINGS "${j}" first LIMIT_COUNT 1)
  # The first byte is the fuzz target's mode; the header follows it.
  string(SUBSTRING "${first}" 1 -1 header)
  string(JSON type ERROR_VARIABLE not_json GET "${header}" type)
  if(not_json OR NOT type STREQUAL "header")
    continue()  # a seed whose damage starts at the header
  endif()
  string(JSON p GET "${header}" policy)
  string(JSON r GET "${header}" registry)
  if(NOT p STREQUAL policy_digest OR NOT r STREQUAL registry_digest)
    get_filename_component(name "${j}" NAME)
    message(FATAL_ERROR "fuzz/corpus/journal/${name} is pinned to policy ${p} and registry ${r}, "
                        "the reference rules are ${policy_digest} and ${registry_digest}: ${fix}")
  endif()
  math(EXPR checked "${checked} + 1")
endforeach()
if(checked EQUAL 0)
  message(FATAL_ERROR "no journal seed with a header in fuzz/corpus/journal")
endif()
message(STATUS "fuzz seeds pinned to the reference rules: 2 copies, ${checked} journal headers")
