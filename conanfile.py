"""Conan 2 recipe for events: a header-only library; events::kafka and events::dapr are opt-in."""
import os

from conan import ConanFile
from conan.tools.build import check_min_cppstd
from conan.tools.files import copy
from conan.tools.layout import basic_layout

required_conan_version = ">=2.0"


class EventsConan(ConanFile):
    name = "events"
    version = "0.1.0"
    license = "MIT"
    description = "Typed, validated, versioned events from plain C++20 structs, Pydantic-compatible JSON"
    topics = ("events", "kafka", "dapr", "json", "reflection", "pydantic", "header-only")
    package_type = "header-library"
    settings = "os", "arch", "compiler", "build_type"
    # events::kafka brings librdkafka, events::dapr brings cpp-httplib: both off unless asked for.
    options = {"kafka": [True, False], "dapr": [True, False]}
    default_options = {"kafka": False, "dapr": False}
    exports_sources = "include/*", "LICENSE"
    no_copy_source = True

    def requirements(self):
        self.requires("nlohmann_json/3.11.2")
        self.requires("date/3.0.1", options={"header_only": True})
        self.requires("boost/1.81.0", options={"header_only": True})
        if self.options.kafka:
            self.requires("librdkafka/[>=2.0.2 <3]")
        if self.options.dapr:
            self.requires("cpp-httplib/[>=0.11 <1]")

    def validate(self):
        if self.settings.get_safe("compiler.cppstd"):
            check_min_cppstd(self, 20)

    def layout(self):
        basic_layout(self, src_folder=".")

    def package(self):
        # Header-only: the headers and the license are the whole package. The integration headers
        # are packaged only with their option, so a core-only package cannot include them by mistake.
        copy(self, "LICENSE", self.source_folder, os.path.join(self.package_folder, "licenses"))
        excluded = [f"events/{name}/*" for name in ("kafka", "dapr") if not self.options.get_safe(name)]
        copy(self, "*.hpp", os.path.join(self.source_folder, "include"),
             os.path.join(self.package_folder, "include"), excludes=excluded)

    def package_id(self):
        # No compiled part: settings do not matter; the kafka/dapr options do (headers, requirements).
        self.info.settings.clear()

    def package_info(self):
        # The same file and target names as the CMake install: find_package(events), events::events.
        self.cpp_info.set_property("cmake_file_name", "events")
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
        core = self.cpp_info.components["core"]
        core.set_property("cmake_target_name", "events::events")
        core.bindirs = []
        core.libdirs = []
        # Conan's boost exposes PFR through Boost::headers (boost::headers), not Boost::pfr.
        core.requires = ["nlohmann_json::nlohmann_json", "date::date", "boost::headers"]
        if self.options.kafka:
            kafka = self.cpp_info.components["kafka"]
            kafka.set_property("cmake_target_name", "events::kafka")
            kafka.bindirs, kafka.libdirs = [], []
            kafka.requires = ["core", "librdkafka::rdkafka", "librdkafka::rdkafka++"]
            kafka.system_libs = ["pthread"] if self.settings.os in ("Linux", "FreeBSD") else []
        if self.options.dapr:
            dapr = self.cpp_info.components["dapr"]
            dapr.set_property("cmake_target_name", "events::dapr")
            dapr.bindirs, dapr.libdirs = [], []
            dapr.requires = ["core", "cpp-httplib::cpp-httplib"]
