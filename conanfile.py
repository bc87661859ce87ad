from conan import ConanFile
from conan.tools.cmake import CMake, CMakeToolchain, cmake_layout


class EventsConan(ConanFile):
    name = "events"
    version = "0.1.0"
    license = "MIT"
    description = "Typed, validated, versioned events from plain C++20 structs, Pydantic-compatible JSON"
    topics = ("events", "kafka", "json", "reflection", "pydantic", "header-only")
    package_type = "header-library"
    settings = "os", "arch", "compiler", "build_type"
    exports_sources = "CMakeLists.txt", "cmake/*", "include/*", "LICENSE"
    no_copy_source = True

    def requirements(self):
        self.requires("nlohmann_json/3.11.2")
        self.requires("date/3.0.1", options={"header_only": True})
        self.requires("boost/1.81.0", options={"header_only": True})

    def layout(self):
        cmake_layout(self)

    def generate(self):
        tc = CMakeToolchain(self)
        for option in ("TESTS", "EXAMPLES", "BENCHMARKS", "TOOLS", "KAFKA"):
            tc.cache_variables[f"EVENTS_BUILD_{option}" if option != "KAFKA" else "EVENTS_KAFKA"] = False
        tc.cache_variables["EVENTS_INSTALL"] = True
        tc.generate()

    def package(self):
        cmake = CMake(self)
        cmake.configure()
        cmake.install()

    def package_id(self):
        self.info.clear()

    def package_info(self):
        self.cpp_info.set_property("cmake_file_name", "events")
        self.cpp_info.set_property("cmake_target_name", "events::events")
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
        # Conan's boost exposes PFR through Boost::headers, not Boost::pfr.
        self.cpp_info.requires = ["nlohmann_json::nlohmann_json", "date::date", "boost::headers"]
