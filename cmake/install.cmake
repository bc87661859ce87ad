# Install rules: headers, the exported target, eventsConfig.cmake and its version file.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS events EXPORT events-targets FILE_SET HEADERS)
install(EXPORT events-targets NAMESPACE events:: DESTINATION ${CMAKE_INSTALL_DATADIR}/cmake/events)
configure_package_config_file(cmake/eventsConfig.cmake.in "${PROJECT_BINARY_DIR}/eventsConfig.cmake"
                              INSTALL_DESTINATION ${CMAKE_INSTALL_DATADIR}/cmake/events)
write_basic_package_version_file("${PROJECT_BINARY_DIR}/eventsConfigVersion.cmake"
                                 COMPATIBILITY SameMajorVersion ARCH_INDEPENDENT)
install(FILES "${PROJECT_BINARY_DIR}/eventsConfig.cmake" "${PROJECT_BINARY_DIR}/eventsConfigVersion.cmake"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/cmake/events)
