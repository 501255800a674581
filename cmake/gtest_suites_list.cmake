# Writes OUTPUT, the ctest file of one test executable: one test per GoogleTest suite
# (cmake/gtest_suites.cmake). Run as cmake -DEXECUTABLE=… -DPREFIX=… -DWORKING_DIRECTORY=…
# -DPROPERTIES=<file of bracket arguments> -DOUTPUT=… -P gtest_suites_list.cmake.
execute_process(COMMAND ${EXECUTABLE} --gtest_list_tests
                WORKING_DIRECTORY ${WORKING_DIRECTORY}
                OUTPUT_VARIABLE listing ERROR_VARIABLE errors RESULT_VARIABLE rc TIMEOUT 60)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${EXECUTABLE} --gtest_list_tests failed (${rc}): ${errors}")
endif()
file(READ ${PROPERTIES} properties)
# A suite's line is its name and a dot (typed suites add "  # TypeParam = …"); its tests follow,
# indented. Suites whose name starts DISABLED_ are not run.
string(REPLACE "\n" ";" lines "${listing}")
set(script "")
set(count 0)
foreach(line IN LISTS lines)
  if(NOT line MATCHES "^([^ #]+)\\.( +#.*)?$")
    continue()
  endif()
  set(suite ${CMAKE_MATCH_1})
  if(suite MATCHES "^DISABLED_" OR suite MATCHES "/DISABLED_")
    continue()
  endif()
  set(name ${PREFIX}/${suite})
  string(APPEND script
    "add_test([==[${name}]==] [==[${EXECUTABLE}]==] [==[--gtest_filter=${suite}.*]==])\n"
    "set_tests_properties([==[${name}]==] PROPERTIES WORKING_DIRECTORY [==[${WORKING_DIRECTORY}]==]"
    " SKIP_RETURN_CODE 77${properties})\n")
  math(EXPR count "${count} + 1")
endforeach()
if(count EQUAL 0)
  message(FATAL_ERROR "${EXECUTABLE} lists no test suite")
endif()
file(WRITE ${OUTPUT}.tmp "${script}")
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
