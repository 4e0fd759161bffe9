# Checks that every doctest case runs under ctest exactly once (ctest test tests.registration):
#   cmake -D CTEST=ctest -D BUILD_DIR=build -D "SUITES=a|b" -P tests/check_registration.cmake
# For each suite executable in SUITES ("|"-separated), the number of its test cases
# (`--count`) must equal the number of ctest tests that run it, and each of those tests'
# own command line, run with --count, must select exactly one case. A name with ";" breaks
# both: doctest_discover_tests splits it into two tests that select nothing and pass.
cmake_minimum_required(VERSION 3.20)

foreach(var CTEST BUILD_DIR SUITES)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_registration.cmake: -D ${var}=... is missing")
  endif()
endforeach()
string(REPLACE "|" ";" suites "${SUITES}")

# doctest_count(<out> <command...>): the number of cases the command line selects.
function(doctest_count out)
  execute_process(COMMAND ${ARGN} --count --no-colors
                  OUTPUT_VARIABLE text ERROR_VARIABLE text RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT text MATCHES "passing the current filters: ([0-9]+)")
    message(FATAL_ERROR "cannot count the test cases of: ${ARGN}\n(exit ${rc})\n${text}")
  endif()
  set(${out} ${CMAKE_MATCH_1} PARENT_SCOPE)
endfunction()

# ctest, even with --show-only, rewrites Testing/Temporary/LastTest*.log where it runs;
# in BUILD_DIR that would replace the logs of the ctest run this check is part of. So it
# runs in a directory of its own whose CTestTestfile.cmake takes every test of BUILD_DIR.
set(list_dir "${BUILD_DIR}/tests/registration-check")
file(MAKE_DIRECTORY "${list_dir}")
file(WRITE "${list_dir}/CTestTestfile.cmake" "subdirs(\"${BUILD_DIR}\")\n")
execute_process(COMMAND ${CTEST} --show-only=json-v1
                WORKING_DIRECTORY ${list_dir}
                OUTPUT_VARIABLE json RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "ctest --show-only=json-v1 failed (exit ${rc})")
endif()
string(JSON test_count LENGTH "${json}" tests)

set(problems "")
foreach(suite ${suites})
  string(MAKE_C_IDENTIFIER "${suite}" id)
  set(entries_${id} 0)
endforeach()

# Each ctest test that runs a suite must select exactly one of its cases. (Each test's own
# JSON object is taken out once: reading fields from the whole listing is slow.)
if(test_count GREATER 0)
  math(EXPR last "${test_count} - 1")
  foreach(i RANGE ${last})
    string(JSON test GET "${json}" tests ${i})
    string(JSON args_count ERROR_VARIABLE no_command LENGTH "${test}" command)
    if(no_command OR args_count EQUAL 0)
      continue()
    endif()
    string(JSON program GET "${test}" command 0)
    if(NOT program IN_LIST suites)
      continue()
    endif()
    string(MAKE_C_IDENTIFIER "${program}" id)
    math(EXPR entries_${id} "${entries_${id}} + 1")
    string(JSON name GET "${test}" name)
    set(command "")
    math(EXPR last_arg "${args_count} - 1")
    foreach(k RANGE ${last_arg})
      string(JSON arg GET "${test}" command ${k})
      list(APPEND command "${arg}")
    endforeach()
    doctest_count(selected ${command})
    if(NOT selected EQUAL 1)
      string(APPEND problems "  ctest test \"${name}\" selects ${selected} test cases, not 1\n")
    endif()
  endforeach()
endif()

# Each suite's cases must be as many as its ctest tests.
set(total_cases 0)
set(total_entries 0)
foreach(suite ${suites})
  get_filename_component(suite_name ${suite} NAME)
  string(MAKE_C_IDENTIFIER "${suite}" id)
  doctest_count(cases ${suite})
  set(entries ${entries_${id}})
  if(NOT cases EQUAL entries)
    string(APPEND problems "  ${suite_name}: ${cases} doctest cases but ${entries} ctest tests\n")
  endif()
  message(STATUS "${suite_name}: ${cases} doctest cases, ${entries} ctest tests")
  math(EXPR total_cases "${total_cases} + ${cases}")
  math(EXPR total_entries "${total_entries} + ${entries}")
endforeach()

if(NOT problems STREQUAL "")
  message(FATAL_ERROR "doctest cases and ctest tests do not match one to one:\n${problems}"
                      "(a \";\" in a TEST_CASE name splits it; rename the case)")
endif()
message(STATUS "all ${total_cases} doctest cases are ${total_entries} ctest tests, each selecting exactly one case")
