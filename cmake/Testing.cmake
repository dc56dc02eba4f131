# The throwaway MariaDB the integration tests start (tests/support/mariadb-fixture.sh).
set(CAMPAIGNS_TEST_MARIADB_PORT 33306 CACHE STRING "Port of the throwaway MariaDB used by tests")
set(CAMPAIGNS_TEST_MYSQL
  "host=127.0.0.1;port=${CAMPAIGNS_TEST_MARIADB_PORT};db=helpdesk_test;user=root;password=;character-set=utf8mb4")

# campaigns_add_cppunit(<name> SOURCES ... [LIBS ...] [LABELS ...] [ENV ...] [FIXTURES ...] [MARIADB])
# Builds a CppUnit test executable with the shared runner main and registers it with CTest.
# MARIADB: the test runs against the throwaway MariaDB; it gets HELPDESK_TEST_MYSQL (a Poco MySQL
# connection string) and requires the fixture that starts and stops the server.
function(campaigns_add_cppunit name)
  cmake_parse_arguments(T "MARIADB" "" "SOURCES;LIBS;LABELS;ENV;FIXTURES" ${ARGN})
  if(T_MARIADB)
    string(REPLACE ";" "\\;" conn "${CAMPAIGNS_TEST_MYSQL}")
    list(APPEND T_ENV "HELPDESK_TEST_MYSQL=${conn}")
    list(APPEND T_FIXTURES mariadb)
  endif()
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE cppunit_main PkgConfig::CPPUNIT ${T_LIBS})
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS "${T_LABELS}")
  if(T_ENV)
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${T_ENV}")
  endif()
  if(T_FIXTURES)
    set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED "${T_FIXTURES}")
  endif()
endfunction()

# campaigns_add_mariadb_run(<test-name> <target> [LABELS ...]): runs an existing test executable a
# second time against the throwaway MariaDB (the first registration runs it on SQLite), so the
# same suite proves both dialects without being compiled twice.
function(campaigns_add_mariadb_run name target)
  cmake_parse_arguments(T "" "" "LABELS" ${ARGN})
  string(REPLACE ";" "\\;" conn "${CAMPAIGNS_TEST_MYSQL}")
  add_test(NAME ${name} COMMAND ${target})
  set_tests_properties(${name} PROPERTIES
    LABELS "${T_LABELS}"
    ENVIRONMENT "HELPDESK_TEST_MYSQL=${conn}"
    FIXTURES_REQUIRED mariadb)
endfunction()

# Adds every direct subfolder of the current folder that has a CMakeLists.txt, so that a new
# capability or test area needs no edit of a shared file.
function(campaigns_add_subfolders)
  file(GLOB children LIST_DIRECTORIES true RELATIVE ${CMAKE_CURRENT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/*)
  list(SORT children)
  foreach(child ${children})
    if(IS_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/${child} AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${child}/CMakeLists.txt)
      add_subdirectory(${child})
    endif()
  endforeach()
endfunction()
