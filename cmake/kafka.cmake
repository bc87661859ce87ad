# events::kafka: our header-only Kafka layer over librdkafka's C++ library (Debian librdkafka-dev).
# Included by the top-level CMakeLists when EVENTS_KAFKA is on; the core target never needs it.
find_package(PkgConfig REQUIRED)
# rdkafka++ for clients; rdkafka (the C library) for the embedded cluster (rdkafka_mock.h).
pkg_check_modules(RDKAFKA REQUIRED IMPORTED_TARGET GLOBAL rdkafka++ rdkafka)
find_package(Threads REQUIRED)

file(GLOB EVENTS_KAFKA_HEADERS CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/include/events/kafka/*.hpp")
add_library(events_kafka INTERFACE)
add_library(events::kafka ALIAS events_kafka)
set_target_properties(events_kafka PROPERTIES EXPORT_NAME kafka)
target_sources(events_kafka INTERFACE FILE_SET HEADERS BASE_DIRS include FILES ${EVENTS_KAFKA_HEADERS})
target_link_libraries(events_kafka INTERFACE events::events PkgConfig::RDKAFKA Threads::Threads)

# Optional component: installed beside the core as its own export set. A consumer includes it
# after find_package(events):  find_package(PkgConfig) + pkg_check_modules(RDKAFKA REQUIRED
# IMPORTED_TARGET GLOBAL rdkafka++ rdkafka) + include(<prefix>/share/cmake/events/events-kafka-targets.cmake).
if(EVENTS_INSTALL)
  include(GNUInstallDirs)
  install(TARGETS events_kafka EXPORT events-kafka-targets FILE_SET HEADERS)
  install(EXPORT events-kafka-targets NAMESPACE events:: DESTINATION ${CMAKE_INSTALL_DATADIR}/cmake/events)
endif()
