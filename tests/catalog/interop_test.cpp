// C++ and Pydantic v2 (tests/interop/catalog_models.py) agree on every catalog event, both ways.
#include "python.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace catalog_test;

TEST_SUITE("catalog interop") {
  TEST_CASE("the Python models name exactly the catalog's types") {
    std::set<std::string> cpp, py;
    for_each_type([&]<class T>() { cpp.insert(name<T>()); });
    for (const auto& l : run_python("names")) py.insert(l.name);
    CHECK(cpp == py);
    CHECK(cpp.size() == 40);
  }

  TEST_CASE("Pydantic validates every event C++ writes, and writes the same bytes back") {
    std::vector<python_line> input;
    for_each_type([&]<class T>() { input.push_back({name<T>(), encode(sample<T>())}); });
    const auto output = run_python("check", input);
    REQUIRE(output.size() == input.size());
    for (std::size_t i = 0; i < input.size(); ++i) {
      INFO(input[i].name);
      CHECK(output[i].name == input[i].name);
      CHECK(output[i].text == input[i].text);  // model_dump_json == our to_json, byte for byte
    }
  }

  TEST_CASE("every Pydantic instance decodes in C++ and re-encodes to Pydantic's bytes") {
    const auto generated = run_python("generate");
    REQUIRE(generated.size() == 2 * 40);  // a minimal and a full instance of every model
    std::set<std::string> seen;
    for (const auto& l : generated) {
      INFO(l.name << ": " << l.text);
      auto r = decode_by_name(l.name, l.text);
      REQUIRE_MESSAGE(r, events::to_string(r.error()));
      CHECK(*r == l.text);
      seen.insert(l.name);
    }
    CHECK(seen.size() == 40);
  }
}
