# events_add_integration(<name> <PREFIX> <mode> <debian-package> <pkg-config module>...): the target
# events::<name>, our header-only layer in include/events/<name>/ over a Debian library found through
# pkg-config (its variables as <PREFIX>_*), installed as the optional find_package component <name>.
# <mode> is ON (the library is required), OFF, or AUTO (the target exists when the library is found;
# otherwise configuration goes on and says what it skipped). The core target never needs it.
# A macro, so <PREFIX>_CFLAGS_OTHER reaches the tests.
macro(events_add_integration name prefix mode debian_package)
  if(NOT "${mode}" STREQUAL "OFF" AND NOT "${mode}" STREQUAL "")
    if("${mode}" STREQUAL "AUTO")
      find_package(PkgConfig QUIET)
      if(PKG_CONFIG_FOUND)
        pkg_check_modules(${prefix} QUIET IMPORTED_TARGET GLOBAL ${ARGN})
      endif()
    else()
      find_package(PkgConfig REQUIRED)
      pkg_check_modules(${prefix} REQUIRED IMPORTED_TARGET GLOBAL ${ARGN})
    endif()
    if(${prefix}_FOUND)
      find_package(Threads REQUIRED)
      file(GLOB_RECURSE _events_${name}_headers CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/include/events/${name}/*.hpp")
      add_library(events_${name} INTERFACE)
      add_library(events::${name} ALIAS events_${name})
      set_target_properties(events_${name} PROPERTIES EXPORT_NAME ${name})
      target_sources(events_${name} INTERFACE FILE_SET HEADERS BASE_DIRS include FILES ${_events_${name}_headers})
      target_link_libraries(events_${name} INTERFACE events::events PkgConfig::${prefix} Threads::Threads)
      if(EVENTS_INSTALL)
        include(GNUInstallDirs)
        install(TARGETS events_${name} EXPORT events-${name}-targets FILE_SET HEADERS)
        install(EXPORT events-${name}-targets NAMESPACE events:: DESTINATION ${CMAKE_INSTALL_DATADIR}/cmake/events)
      endif()
      message(STATUS "events: events::${name} provided")
    else()
      string(REPLACE ";" ", " _events_modules "${ARGN}")
      message(STATUS "events: events::${name} skipped: ${_events_modules} not found (Debian: ${debian_package}); "
                     "the rest builds without it")
    endif()
  endif()
endmacro()
