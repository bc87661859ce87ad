#include "kafka_fixture.hpp"

#include <events/cloudevents.hpp>

namespace {
events::uuid id(std::string_view s) { return *events::uuid::parse(s); }
events::event<events::TaskDeletedPayload> fixed_event() {
  events::timestamp t;
  REQUIRE(events::parse_timestamp("2026-01-15T10:30:00.5Z", t) == events::timestamp_errc::ok);
  return events::make_event(events::TaskDeletedPayload{.task_id = id("00000000-0000-4000-8000-00000000000a"),
                                                       .user_id = id("00000000-0000-4000-8000-00000000000b"),
                                                       .deleted_at = t,
                                                       .reason = std::nullopt},
                            {.correlation_id = id("00000000-0000-4000-8000-000000000001"),
                             .causation_id = id("00000000-0000-4000-8000-000000000002"),
                             .event_id = id("00000000-0000-4000-8000-000000000003"),
                             .time = t});
}
}  // namespace

TEST_SUITE("cloudevents") {
  TEST_CASE("binary mode: ce_ headers in a fixed order / correlation extension included") {
    auto h = events::cloudevents::binary_headers(fixed_event(), "/tasks");
    std::vector<std::pair<std::string, std::string>> got(h.begin(), h.end());
    std::vector<std::pair<std::string, std::string>> want{
        {"ce_specversion", "1.0"},
        {"ce_id", "00000000-0000-4000-8000-000000000003"},
        {"ce_source", "/tasks"},
        {"ce_type", "task.deleted"},
        {"ce_time", "2026-01-15T10:30:00.500000Z"},
        {"ce_correlationid", "00000000-0000-4000-8000-000000000001"},
        {"ce_causationid", "00000000-0000-4000-8000-000000000002"},
        {"content-type", "application/json"}};
    CHECK(got == want);
    auto back = events::cloudevents::from_binary_headers(got);
    REQUIRE(back);
    CHECK(back->type == "task.deleted");
    CHECK(back->causationid == "00000000-0000-4000-8000-000000000002");
    got.erase(got.begin());  // no ce_specversion: not a CloudEvent
    CHECK_FALSE(events::cloudevents::from_binary_headers(got));
  }

  TEST_CASE("structured mode: attributes as members / the event as data / read back") {
    auto ev = fixed_event();
    std::string doc = events::cloudevents::to_structured(ev, "/tasks");
    CHECK(doc ==
          R"({"specversion":"1.0","id":"00000000-0000-4000-8000-000000000003","source":"/tasks","type":"task.deleted",)"
          R"("time":"2026-01-15T10:30:00.500000Z","datacontenttype":"application/json",)"
          R"("correlationid":"00000000-0000-4000-8000-000000000001","causationid":"00000000-0000-4000-8000-000000000002",)"
          R"("data":)" + ev.to_json() + "}");
    auto back = events::cloudevents::parse_structured(doc);
    REQUIRE(back);
    CHECK(back->attrs == events::cloudevents::attributes_of(ev, "/tasks"));
    auto data = events::event<events::TaskDeletedPayload>::from_json(back->data);
    REQUIRE(data);
    CHECK(*data == ev);
  }

  TEST_CASE("structured mode: every problem reported with its path") {
    auto r = events::cloudevents::parse_structured(R"({"specversion":"0.3","id":7,"type":"x"})");
    REQUIRE_FALSE(r);
    std::vector<std::pair<std::string, std::string>> got;
    for (const auto& e : r.error()) got.emplace_back(e.path, e.code);
    std::vector<std::pair<std::string, std::string>> want{{"/id", "string_type"},
                                                          {"/specversion", "literal_error"},
                                                          {"/id", "missing"},
                                                          {"/source", "missing"},
                                                          {"/data", "missing"}};
    CHECK(got == want);
    auto bad = events::cloudevents::parse_structured("{\"data\": [1,");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().front().code == "json_invalid");
  }
}
