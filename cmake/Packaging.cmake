# Debian packages built with CPack from the install rules (dist/package.sh runs it):
#   helpdesk-reference-host  component "host":      helpdesk-host, its migrations, systemd unit,
#                                                   /etc/helpdesk/host.properties, maintainer scripts
#   helpdesk-campaigns       component "campaigns": the plugin .so, its migrations, templates,
#                                                   sample configuration and the admin guide
# The simulator ("simulator") and the host-api headers ("devel") are not packaged.
# Paths written into the packaged configuration assume the packages install under /usr.
# lintian 2.116 (Debian 12) reports no tag on either package. It is not in dist/deps.sh (about 60
# Perl packages for a check a packaging change rarely breaks); tests/package runs it where it is
# installed and fails on any error or warning.

file(STRINGS ${PROJECT_SOURCE_DIR}/host-api/include/helpdesk/Version.h _api_major_line
     REGEX "#define HELPDESK_HOST_API_VERSION_MAJOR [0-9]+")
string(REGEX REPLACE ".* ([0-9]+)$" "\\1" HELPDESK_HOST_API_MAJOR "${_api_major_line}")

set(CAMPAIGNS_PKG_PREFIX /usr)
set(CAMPAIGNS_PKG_PLUGINS_DIR ${CAMPAIGNS_PKG_PREFIX}/${CMAKE_INSTALL_LIBDIR}/helpdesk/plugins)
set(CAMPAIGNS_PKG_DEB_DIR ${PROJECT_SOURCE_DIR}/dist/deb)
set(CAMPAIGNS_PKG_GEN_DIR ${CMAKE_BINARY_DIR}/deb)
set(CAMPAIGNS_PKG_HOST helpdesk-reference-host)
set(CAMPAIGNS_PKG_PLUGIN helpdesk-campaigns)
# The Maintainer field and the changelog's signature. lintian refuses an address on localhost;
# set the team's real address when the packages leave the organisation.
set(CAMPAIGNS_PACKAGE_MAINTAINER "Helpdesk campaigns maintainers <helpdesk-campaigns@example.com>"
  CACHE STRING "Maintainer of the Debian packages (name <address>)")

# --- Files only the packages install ------------------------------------------------------
# EXCLUDE_FROM_ALL keeps them (absolute paths among them) out of a plain `cmake --install`, as
# dist/quickstart.sh runs it; CPack installs each component explicitly, so they are packaged.
configure_file(${CAMPAIGNS_PKG_DEB_DIR}/host.properties.in ${CAMPAIGNS_PKG_GEN_DIR}/host.properties @ONLY)
install(FILES ${CAMPAIGNS_PKG_GEN_DIR}/host.properties DESTINATION /etc/helpdesk COMPONENT host EXCLUDE_FROM_ALL)
install(FILES ${CAMPAIGNS_PKG_DEB_DIR}/helpdesk-host.service DESTINATION /lib/systemd/system
  COMPONENT host EXCLUDE_FROM_ALL)
execute_process(COMMAND gzip -9n -c ${CAMPAIGNS_PKG_DEB_DIR}/helpdesk-host.1
  OUTPUT_FILE ${CAMPAIGNS_PKG_GEN_DIR}/helpdesk-host.1.gz COMMAND_ERROR_IS_FATAL ANY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CAMPAIGNS_PKG_DEB_DIR}/helpdesk-host.1)
install(FILES ${CAMPAIGNS_PKG_GEN_DIR}/helpdesk-host.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
  COMPONENT host EXCLUDE_FROM_ALL)
install(FILES ${PROJECT_SOURCE_DIR}/docs/admin-guide.en.md ${PROJECT_SOURCE_DIR}/docs/admin-guide.es.md
  ${PROJECT_SOURCE_DIR}/dist/nginx/helpdesk.conf
  DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${CAMPAIGNS_PKG_PLUGIN} COMPONENT campaigns EXCLUDE_FROM_ALL)

# Debian wants a copyright file and a compressed changelog in each package's doc folder.
string(TIMESTAMP _changelog_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
foreach(_pair "${CAMPAIGNS_PKG_HOST};host" "${CAMPAIGNS_PKG_PLUGIN};campaigns")
  list(GET _pair 0 _pkg)
  list(GET _pair 1 _comp)
  file(WRITE ${CAMPAIGNS_PKG_GEN_DIR}/${_pkg}/changelog.Debian
"${_pkg} (${PROJECT_VERSION}) unstable; urgency=medium

  * Built from the helpdesk campaigns source tree; git log is the full history.

 -- ${CAMPAIGNS_PACKAGE_MAINTAINER}  ${_changelog_date}
")
  execute_process(COMMAND gzip -9nf ${CAMPAIGNS_PKG_GEN_DIR}/${_pkg}/changelog.Debian COMMAND_ERROR_IS_FATAL ANY)
  install(FILES ${CAMPAIGNS_PKG_DEB_DIR}/copyright ${CAMPAIGNS_PKG_GEN_DIR}/${_pkg}/changelog.Debian.gz
    DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${_pkg} COMPONENT ${_comp} EXCLUDE_FROM_ALL)
endforeach()

# Maintainer scripts of the host package, with the paths filled in.
foreach(_script postinst prerm postrm)
  configure_file(${CAMPAIGNS_PKG_DEB_DIR}/${CAMPAIGNS_PKG_HOST}/${_script} ${CAMPAIGNS_PKG_GEN_DIR}/${CAMPAIGNS_PKG_HOST}/${_script}
    @ONLY FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endforeach()
foreach(_file conffiles triggers)
  configure_file(${CAMPAIGNS_PKG_DEB_DIR}/${CAMPAIGNS_PKG_HOST}/${_file} ${CAMPAIGNS_PKG_GEN_DIR}/${CAMPAIGNS_PKG_HOST}/${_file} @ONLY)
endforeach()

# --- CPack ----------------------------------------------------------------------------------
# `cpack` packages whatever is built; it must not build the whole tree (tests, benchmarks) first.
# dist/package.sh builds the two packaged targets itself.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME helpdesk)
set(CPACK_PACKAGE_VENDOR "Helpdesk campaigns")
set(CPACK_PACKAGE_CONTACT "${CAMPAIGNS_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# Stage with DESTDIR so /etc and /lib/systemd land inside the package, not on the build machine.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX ${CAMPAIGNS_PKG_PREFIX})
set(CPACK_PACKAGING_INSTALL_PREFIX ${CAMPAIGNS_PKG_PREFIX})
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL host campaigns)
set(CPACK_DEB_COMPONENT_INSTALL ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# dpkg-shlibdeps turns the ELF files' NEEDED entries into Depends on Debian's library packages.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)

set(CPACK_DEBIAN_HOST_PACKAGE_NAME ${CAMPAIGNS_PKG_HOST})
set(CPACK_DEBIAN_HOST_DESCRIPTION "Reference helpdesk host for Poco-based helpdesk plugins
A small, real Poco helpdesk: login, roles, departments, ticket metadata,
tickets, menu shell, scheduler and a plugin loader that runs plugins built
for host API ${HELPDESK_HOST_API_MAJOR}.x. Runs as the systemd service helpdesk-host with its
configuration in /etc/helpdesk and its data in /var/lib/helpdesk.")
# adduser: the postinst creates the service user. The virtual package names the host API major
# version, so apt refuses a plugin package built for another major before the loader has to.
set(CPACK_DEBIAN_HOST_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_HOST_PACKAGE_PROVIDES "helpdesk-host-api-${HELPDESK_HOST_API_MAJOR}")
set(CPACK_DEBIAN_HOST_PACKAGE_RECOMMENDS "${CAMPAIGNS_PKG_PLUGIN}")
set(CPACK_DEBIAN_HOST_PACKAGE_SUGGESTS "nginx, mariadb-server, sqlite3")
set(CPACK_DEBIAN_HOST_PACKAGE_CONTROL_EXTRA
  ${CAMPAIGNS_PKG_GEN_DIR}/${CAMPAIGNS_PKG_HOST}/postinst
  ${CAMPAIGNS_PKG_GEN_DIR}/${CAMPAIGNS_PKG_HOST}/prerm
  ${CAMPAIGNS_PKG_GEN_DIR}/${CAMPAIGNS_PKG_HOST}/postrm
  ${CAMPAIGNS_PKG_GEN_DIR}/${CAMPAIGNS_PKG_HOST}/conffiles
  ${CAMPAIGNS_PKG_GEN_DIR}/${CAMPAIGNS_PKG_HOST}/triggers)
set(CPACK_DEBIAN_HOST_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_CAMPAIGNS_PACKAGE_NAME ${CAMPAIGNS_PKG_PLUGIN})
set(CPACK_DEBIAN_CAMPAIGNS_DESCRIPTION "WhatsApp campaigns module for Poco-based helpdesks
Sends an approved WhatsApp template to the customers listed in a
spreadsheet through Meta's WhatsApp Cloud API, opens a helpdesk ticket for
every message, follows each one through delivery, reading and reply, and
reports live results per campaign. SQLite or MariaDB.")
# Resolves host API symbols against the host executable, so it needs a host of its API major.
# The host's dpkg trigger on the plugin folder restarts the service when this package changes.
set(CPACK_DEBIAN_CAMPAIGNS_PACKAGE_DEPENDS "helpdesk-host-api-${HELPDESK_HOST_API_MAJOR}")

include(CPack)
