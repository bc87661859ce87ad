#include "test_types.hpp"

#include <doctest/doctest.h>

namespace {
using test::at;
using test::id;
const events::event_options fixed{.correlation_id = id("00000000-0000-4000-8000-000000000001"),
                                  .causation_id = id("00000000-0000-4000-8000-000000000002"),
                                  .event_id = id("00000000-0000-4000-8000-000000000003"),
                                  .time = std::nullopt};
test::OrderPlaced order() {
  return {.order_id = id("123e4567-e89b-12d3-a456-426614174000"),
          .user_id = id("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
          .title = "Book", .tags = {}};
}
}  // namespace

TEST_SUITE("event") {
  TEST_CASE("nested envelope: metadata beside the payload") {
    auto opts = fixed;
    opts.time = at("2026-01-15T10:30:00Z");
    auto ev = events::make_event(order(), opts);
    const std::string want =
        R"({"event_id":"00000000-0000-4000-8000-000000000003","event_type":"order.placed","event_version":"2.0",)"
        R"("timestamp":"2026-01-15T10:30:00Z","correlation_id":"00000000-0000-4000-8000-000000000001",)"
        R"("causation_id":"00000000-0000-4000-8000-000000000002","payload":{"order_id":"123e4567-e89b-12d3-a456-426614174000",)"
        R"("user_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","title":"Book","note":null,"quantity":1,"level":"medium",)"
        R"("tags":[],"due":null}})";
    CHECK(ev.to_json() == want);
    auto back = events::event<test::OrderPlaced>::from_json(want);
    REQUIRE(back);
    CHECK(*back == ev);
    CHECK(back->validate().empty());
  }

  TEST_CASE("flat envelope: payload fields inline, causation not carried") {
    auto opts = fixed;
    opts.time = at("2026-01-15T10:30:00.5Z");
    // The flat envelope has no causation_id: its options have none (event_options do not compile).
    auto ev = events::make_flat_event(
        order(), {.correlation_id = opts.correlation_id, .event_id = opts.event_id, .time = opts.time, .time_ordered_id = false});
    const std::string want =
        R"({"event_id":"00000000-0000-4000-8000-000000000003","event_type":"order.placed","event_version":"2.0",)"
        R"("timestamp":"2026-01-15T10:30:00.500000Z","correlation_id":"00000000-0000-4000-8000-000000000001",)"
        R"("order_id":"123e4567-e89b-12d3-a456-426614174000","user_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8",)"
        R"("title":"Book","note":null,"quantity":1,"level":"medium","tags":[],"due":null})";
    CHECK(ev.to_json() == want);
    auto back = events::flat_event<test::OrderPlaced>::from_json(want);
    REQUIRE(back);
    CHECK(*back == ev);
  }

  TEST_CASE("make_event fills a fresh id and the current time") {
    auto before = events::now();
    auto a = events::make_event(order());
    auto b = events::make_event(order(), {.time_ordered_id = true});
    CHECK(a.event_id != b.event_id);
    CHECK(a.event_id.version() == 4);
    CHECK(b.event_id.version() == 7);
    CHECK(a.timestamp >= before);
    CHECK_FALSE(a.correlation_id);
  }

  TEST_CASE("envelope errors: wrong event_type, missing metadata, payload paths") {
    auto r = events::event<test::OrderPlaced>::from_json(
        R"({"event_type":"order.cancelled","timestamp":"x","payload":{"title":"","tags":[]}})");
    REQUIRE_FALSE(r);
    std::vector<std::pair<std::string, std::string>> got;
    for (const auto& e : r.error()) got.emplace_back(e.path, e.code);
    std::vector<std::pair<std::string, std::string>> want{
        {"/event_type", "literal_error"}, {"/timestamp", "datetime_from_date_parsing"},
        {"/payload/title", "string_too_short"}, {"/payload/order_id", "missing"},
        {"/payload/user_id", "missing"}, {"/event_id", "missing"}};
    CHECK(got == want);
  }

  TEST_CASE("routing: topic and partition key come from the payload") {
    CHECK(events::topic_of<test::OrderPlaced>() == "orders");
    CHECK(events::partition_key(order()) == "123e4567-e89b-12d3-a456-426614174000");
  }
}
