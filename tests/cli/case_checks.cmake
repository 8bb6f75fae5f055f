# Checks shared by the CLI case runners (run_cli_cases.cmake, run_replay_cases.cmake). Macros,
# so they read and extend the calling case function's variables: `rc`, `out`, `err`, the parsed
# `arg_EXIT`, `arg_STDOUT`, `arg_STDERR`, `arg_STDOUT_REGEX`, `arg_ARGS`, and the list `problems`.

# The exit code, each expected text on stdout / stderr (literally), and the stdout regex.
macro(check_exit_and_streams)
  if(NOT "${rc}" STREQUAL "${arg_EXIT}")
    list(APPEND problems "exit code ${rc}, expected ${arg_EXIT}")
  endif()
  foreach(stream STDOUT STDERR)
    if(stream STREQUAL "STDOUT")
      set(text "${out}")
    else()
      set(text "${err}")
    endif()
    foreach(expected IN LISTS arg_${stream})
      string(FIND "${text}" "${expected}" at)
      if(at EQUAL -1)
        list(APPEND problems "${stream} lacks '${expected}'")
      endif()
    endforeach()
  endforeach()
  if(DEFINED arg_STDOUT_REGEX AND NOT out MATCHES "${arg_STDOUT_REGEX}")
    list(APPEND problems "stdout does not match /${arg_STDOUT_REGEX}/")
  endif()
endmacro()

# Records the case under the global properties <kind>_cases / <kind>_failed / <kind>_report.
macro(record_case kind name)
  if(problems)
    list(JOIN problems "\n    " why)
    # Outputs contain ';', so the report is one growing string, not a CMake list.
    list(JOIN arg_ARGS " " command_line)
    set_property(GLOBAL APPEND PROPERTY ${kind}_failed "${name}")
    set_property(GLOBAL APPEND_STRING PROPERTY ${kind}_report
                 "\n${name}: muster ${command_line}\n    ${why}\n    --- stdout:\n${out}    --- stderr:\n${err}")
  endif()
  set_property(GLOBAL APPEND PROPERTY ${kind}_cases "${name}")
endmacro()
