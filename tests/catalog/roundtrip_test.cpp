// Every catalog event round-trips through the JSON text kept in tests/golden/<name>.json.
#include "catalog_samples.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace catalog_test;

TEST_SUITE("catalog round trip") {
  TEST_CASE_TEMPLATE_DEFINE("golden text, both ways", T, golden_round_trip) {
    const std::string golden = read_file(golden_path(name<T>()));
    // The golden files are pretty-printed for review; compacting them keeps the key order.
    const std::string expected = nlohmann::ordered_json::parse(golden).dump();
    const T value = sample<T>();
    INFO(name<T>());

    // Encode: exactly the expected text, byte for byte.
    const std::string wire = encode(value);
    CHECK(wire == expected);

    // Decode the golden text (pretty, with whitespace) back to the same value.
    auto from_golden = decode<T>(golden);
    REQUIRE_MESSAGE(from_golden, events::to_string(from_golden.error()));
    CHECK(*from_golden == value);

    // And our own output decodes and re-encodes unchanged.
    auto again = decode<T>(wire);
    REQUIRE(again);
    CHECK(encode(*again) == wire);
    CHECK(events::validate(value).empty());
  }
  TEST_CASE_TEMPLATE_APPLY(golden_round_trip, all_types);

  TEST_CASE("one golden file per catalog type, and no stray ones") {
    std::size_t count = 0;
    for_each_type([&]<class T>() {
      ++count;
      CHECK_MESSAGE(std::ifstream(golden_path(name<T>())).good(), name<T>());
    });
    CHECK(count == events::catalog_registry::size + std::tuple_size_v<events::contract_messages>);
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(EVENTS_SOURCE_DIR) + "/tests/golden"))
      files += entry.path().extension() == ".json";
    CHECK(files == count);
  }

  TEST_CASE("a missing required field is reported for every catalog type") {
    for_each_type([]<class T>() {
      auto j = nlohmann::ordered_json::parse(encode(sample<T>()));
      // The first field of the payload (flat: after the 5 metadata fields) is always required.
      std::string path;
      if constexpr (nested<T>) {
        auto first = j["payload"].begin().key();
        j["payload"].erase(first);
        path = "/payload/" + first;
      } else if constexpr (envelope<T>) {
        auto first = std::next(j.begin(), 5).key();
        j.erase(first);
        path = "/" + first;
      } else {
        auto first = j.begin().key();
        j.erase(first);
        path = "/" + first;
      }
      auto r = decode<T>(j.dump());
      INFO(name<T>());
      REQUIRE_FALSE(r);
      REQUIRE(r.error().size() == 1);
      CHECK(r.error()[0].path == path);
      CHECK(r.error()[0].code == "missing");
    });
  }
}
