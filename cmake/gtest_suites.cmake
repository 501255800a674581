# One ctest test per GoogleTest suite, not per test: each test is a process that loads GDAL, GEOS,
# PROJ and Qt (about 120 shared libraries, 30–50 ms here) before it runs, and most of our tests
# take less than that. A suite runs in one process (--gtest_filter=Suite.*), so a test name still
# finds its failure in the output, and `ctest -R io/` runs one module.
#
# tudi_gtest_suites(<target> <prefix> [PROPERTIES <ctest properties>...]) names the tests
# <prefix>/<Suite>. The suites are listed from the built executable (--gtest_list_tests) each time
# it is relinked, like gtest_discover_tests does for single tests.
set(_tudi_gtest_suites_lister ${CMAKE_CURRENT_LIST_DIR}/gtest_suites_list.cmake)

function(tudi_gtest_suites target prefix)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "" "PROPERTIES")
  set(base ${CMAKE_CURRENT_BINARY_DIR}/${target})
  # The properties as bracket arguments, so the lister copies them into its ctest file unescaped.
  set(properties "")
  foreach(item IN LISTS arg_PROPERTIES)
    string(APPEND properties " [==[${item}]==]")
  endforeach()
  file(CONFIGURE OUTPUT ${base}_properties.txt CONTENT "${properties}")
  add_custom_command(
    OUTPUT ${base}_suites.cmake
    COMMAND ${CMAKE_COMMAND} -DEXECUTABLE=$<TARGET_FILE:${target}> -DPREFIX=${prefix}
            -DWORKING_DIRECTORY=${CMAKE_CURRENT_BINARY_DIR} -DPROPERTIES=${base}_properties.txt
            -DOUTPUT=${base}_suites.cmake -P ${_tudi_gtest_suites_lister}
    DEPENDS ${target} ${base}_properties.txt ${_tudi_gtest_suites_lister}
    COMMENT "Listing the test suites of ${target}" VERBATIM)
  add_custom_target(${target}_suites ALL DEPENDS ${base}_suites.cmake)
  # Before the first build the list does not exist yet: ctest then says so instead of failing.
  file(CONFIGURE OUTPUT ${base}_include.cmake CONTENT [==[
if(EXISTS "@base@_suites.cmake")
  include("@base@_suites.cmake")
else()
  add_test(@target@_NOT_BUILT @target@_NOT_BUILT)
endif()
]==] @ONLY)
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${base}_include.cmake)
endfunction()
