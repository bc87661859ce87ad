// The nlohmann_json path and the direct text path are independent implementations over the same
// field table; here they must agree on values, text and errors.
#include "test_types.hpp"

#include <doctest/doctest.h>

#include <random>
#include <set>

namespace {
test::OrderPlaced random_order(std::mt19937_64& rng) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  test::OrderPlaced o{.order_id = events::uuid::v4(), .user_id = events::uuid::v4(),
                      .title = std::string(static_cast<std::size_t>(1 + pick(19)), 'a' + static_cast<char>(pick(26)))};
  if (pick(2)) o.note = "note \"" + std::to_string(rng()) + "\"\n\t\xc3\xa9";
  o.quantity = 1 + pick(1000);
  o.level = static_cast<test::priority>(pick(4));
  for (int i = pick(4); i > 0; --i) o.tags.push_back("tag" + std::to_string(i));
  if (pick(2)) o.due = events::timestamp(std::chrono::microseconds(static_cast<std::int64_t>(rng() % 4102444800000000ull)));
  return o;
}
}  // namespace

TEST_SUITE("dom") {
  TEST_CASE("both paths agree on random values") {
    std::mt19937_64 rng(7);
    for (int i = 0; i < 500; ++i) {
      auto o = random_order(rng);
      std::string text = events::to_json(o);
      nlohmann::json dom = o;
      CHECK(nlohmann::json::parse(text) == dom);
      auto via_text = events::from_json<test::OrderPlaced>(dom.dump());
      REQUIRE(via_text);
      CHECK(*via_text == o);
      CHECK(dom.get<test::OrderPlaced>() == o);
    }
  }

  TEST_CASE("events embed in nlohmann documents") {
    std::mt19937_64 rng(8);
    nlohmann::json doc{{"batch", std::vector<test::OrderPlaced>{random_order(rng), random_order(rng)}}};
    auto back = doc["batch"].get<std::vector<test::OrderPlaced>>();
    CHECK(back.size() == 2);
    CHECK(events::to_json(back[1]) == events::to_json(doc["batch"][1].get<test::OrderPlaced>()));
  }

  TEST_CASE("both paths report the same errors") {
    const char* bad[] = {
        R"({"order_id":"x","title":"","quantity":0,"level":"highest","tags":[1],"due":"2026-01-15T10:30:00"})",
        R"({"order_id":7,"user_id":null,"title":"0123456789012345678901","tags":{}})",
        R"({"tags":[],"note":5,"quantity":2.5})"};
    for (const char* text : bad) {
      CAPTURE(text);
      auto direct = events::from_json<test::OrderPlaced>(text);
      REQUIRE_FALSE(direct);
      try {
        (void)nlohmann::json::parse(text).get<test::OrderPlaced>();
        FAIL("the DOM path accepted bad input");
      } catch (const events::decode_error& e) {
        auto key = [](const events::error_list& l) {
          std::set<std::pair<std::string, std::string>> s;
          for (const auto& x : l) s.emplace(x.path, x.code);
          return s;
        };
        CHECK(key(e.errors()) == key(direct.error()));
      }
    }
  }
}
