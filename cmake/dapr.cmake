# events::dapr: our header-only Dapr pub/sub layer over cpp-httplib (Debian libcpp-httplib-dev).
# Included by the top-level CMakeLists when EVENTS_DAPR is on; the core target never needs it.
find_package(PkgConfig REQUIRED)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET GLOBAL cpp-httplib)
find_package(Threads REQUIRED)

file(GLOB EVENTS_DAPR_HEADERS CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/include/events/dapr/*.hpp")
add_library(events_dapr INTERFACE)
add_library(events::dapr ALIAS events_dapr)
set_target_properties(events_dapr PROPERTIES EXPORT_NAME dapr)
target_sources(events_dapr INTERFACE FILE_SET HEADERS BASE_DIRS include FILES ${EVENTS_DAPR_HEADERS})
target_link_libraries(events_dapr INTERFACE events::events PkgConfig::HTTPLIB Threads::Threads)

if(EVENTS_INSTALL)
  include(GNUInstallDirs)
  install(TARGETS events_dapr EXPORT events-dapr-targets FILE_SET HEADERS)
  install(EXPORT events-dapr-targets NAMESPACE events:: DESTINATION ${CMAKE_INSTALL_DATADIR}/cmake/events)
endif()
