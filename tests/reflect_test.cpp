#include "test_types.hpp"

#include <doctest/doctest.h>

TEST_SUITE("reflect") {
  TEST_CASE("field names are read at compile time") {
    static_assert(events::field_count<test::OrderPlaced> == 8);
    static_assert(events::field_names<test::OrderPlaced>[0] == "order_id");
    static_assert(events::field_names<test::OrderPlaced>[7] == "due");
    static_assert(events::field_names<test::Address>[1] == "zip");
    CHECK(events::field_names<test::Everything>[10] == "even");
  }

  TEST_CASE("for_each_field visits every field in order") {
    test::Address a{"Lyon", "69001"};
    std::vector<std::string> seen;
    events::for_each_field(a, [&](std::string_view name, const auto&) { seen.emplace_back(name); });
    CHECK(seen == std::vector<std::string>{"city", "zip"});
  }

  TEST_CASE("reflectable excludes standard containers and classes with bases") {
    static_assert(events::reflectable<test::OrderPlaced>);
    static_assert(!events::reflectable<std::string>);
    static_assert(!events::reflectable<std::vector<int>>);
    static_assert(!events::reflectable<events::event<test::OrderPlaced>>);
    CHECK(events::reflectable<test::OrderPlaced>);  // also at run time: a test case asserts something
  }

  TEST_CASE("required fields: neither optional, nor defaulted, nor listed") {
    auto mask = events::field_table<test::OrderPlaced>::required_mask();
    CHECK((mask & 0b111) == 0b111);        // order_id, user_id, title
    CHECK_FALSE(((mask >> 3) & 1) != 0);            // note: optional
    CHECK_FALSE(((mask >> 4) & 1) != 0);            // quantity = 1
    CHECK_FALSE(((mask >> 5) & 1) != 0);            // level = medium
    CHECK(((mask >> 6) & 1) != 0);                  // tags: no default given
    CHECK_FALSE(((mask >> 7) & 1) != 0);            // due: optional
    auto all = events::field_table<test::Everything>::required_mask();
    CHECK_FALSE(((all >> 5) & 1) != 0);             // counts: listed in `defaulted`
    CHECK(((all >> 0) & 1) != 0);                   // flag = false equals value-initialization
  }
}
