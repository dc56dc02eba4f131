# Every dependency comes from Debian's packages (see .ci/run and dist/quickstart.sh).
find_package(PkgConfig REQUIRED)

# Debian's Poco 1.11 PocoDataMySQL config expects a MySQL::client target it does not define.
pkg_check_modules(MARIADB REQUIRED IMPORTED_TARGET libmariadb)
if(NOT TARGET MySQL::client)
  add_library(MySQL::client INTERFACE IMPORTED)
  target_link_libraries(MySQL::client INTERFACE PkgConfig::MARIADB)
endif()

find_package(Poco REQUIRED COMPONENTS
  Foundation Net NetSSL Crypto Util JSON XML Zip Data DataSQLite DataMySQL)

pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)
pkg_check_modules(CPPUNIT REQUIRED IMPORTED_TARGET cppunit)

# libphonenumber ships no pkg-config or CMake file on Debian.
find_path(PHONENUMBER_INCLUDE_DIR phonenumbers/phonenumberutil.h REQUIRED)
find_library(PHONENUMBER_LIBRARY phonenumber REQUIRED)
add_library(phonenumber::phonenumber INTERFACE IMPORTED)
target_include_directories(phonenumber::phonenumber INTERFACE ${PHONENUMBER_INCLUDE_DIR})
target_link_libraries(phonenumber::phonenumber INTERFACE ${PHONENUMBER_LIBRARY})
