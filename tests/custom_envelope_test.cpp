// An envelope the library does not know (tests/meta_event.hpp), declared through
// events::envelope's member list: JSON text, every error with its path, event_traits, a registry,
// version upcasts, its JSON Schema, CloudEvents and the inbound routing step.
#include "meta_event.hpp"

#include <events/cloudevents.hpp>
#include <events/inbound.hpp>
#include <events/registry.hpp>
#include <events/schema/json_schema.hpp>
#include <events/schema/json_schema_named.hpp>
#include <events/version.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace {

using v1 = test::meta_event<events::TaskCreatedPayload>;
using v2 = test::meta_event<events::TaskCreatedPayloadV2>;

}  // namespace

TEST_SUITE("custom envelope") {
  TEST_CASE("JSON: the member list is the wire form, in its order, and read back") {
    v1 ev = test::meta_task("Buy milk");
    const std::string expected = R"({"event_id":")" + ev.event_id.to_string() +
                                 R"(","event_type":"task.created","event_version":"1.0","occurred_at":")" +
                                 events::format_timestamp(ev.occurred_at) +
                                 R"(","metadata":{"tenant":"acme","request_id":"r-1","labels":["web"]},"payload":)" +
                                 events::to_json(ev.payload) + "}";
    CHECK(ev.to_json() == expected);
    auto back = v1::from_json(expected);
    REQUIRE(back);
    CHECK(*back == ev);
  }

  TEST_CASE("JSON: every error, with its path into the envelope's own members") {
    auto r = v1::from_json(R"({"event_id":"not-a-uuid","event_type":"task.created","metadata":{"tenant":7},"payload":{}})");
    REQUIRE_FALSE(r);
    auto has = [&](std::string_view path, std::string_view code) {
      for (const auto& e : r.error())
        if (e.path == path && e.code == code) return true;
      return false;
    };
    CHECK(has("/event_id", "uuid_parsing"));
    CHECK(has("/occurred_at", "missing"));
    CHECK(has("/metadata/tenant", "string_type"));
    CHECK(has("/payload/title", "missing"));
    auto wrong = v1::from_json(R"({"event_id":"123e4567-e89b-42d3-a456-426614174000","event_type":"task.deleted"})");
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().front().path == "/event_type");
  }

  TEST_CASE("event_traits: type, version, topic, key and id, from the member list") {
    v1 ev = test::meta_task("t");
    using traits = events::event_traits<v1>;
    CHECK(traits::type == "task.created");
    CHECK(traits::version == 1);
    CHECK(traits::topic == "task-events");
    CHECK(traits::key(ev) == ev.payload.task_id.to_string());
    CHECK(traits::id(ev) == ev.event_id.to_string());
    CHECK(ev.key() == traits::key(ev));
    static_assert(events::envelope_type<v1>);
    static_assert(!events::envelope_type<events::TaskCreatedPayload>);
    CHECK(&events::payload_of(ev) == &ev.payload);
  }

  TEST_CASE("registry and versions: a v1 message decodes as v2, its metadata kept") {
    v1 old = test::meta_task("old", "globex");
    using reg = events::registry<v1, test::meta_event<events::TaskDeletedPayload>>;
    auto any = reg::decode(old.to_json());
    REQUIRE(any);
    CHECK(std::holds_alternative<v1>(*any));
    auto latest = events::decode_latest<v2>(old.to_json());
    REQUIRE(latest);
    CHECK(latest->event_id == old.event_id);
    CHECK(latest->metadata == old.metadata);
    CHECK(std::string(latest->payload.title) == "old");
    CHECK(latest->to_json().find(R"("event_version":"2.0")") != std::string::npos);
  }

  TEST_CASE("JSON Schema: the envelope's members, the metadata object required") {
    nlohmann::ordered_json schema = events::json_schema<v1>();
    CHECK(schema["properties"].contains("occurred_at"));
    CHECK(schema["properties"].contains("metadata"));
    auto required = schema["required"].get<std::vector<std::string>>();
    CHECK(std::find(required.begin(), required.end(), "metadata") != required.end());
    CHECK(std::find(required.begin(), required.end(), "event_version") == required.end());
  }

  TEST_CASE("JSON Schema by name over a catalog of one's own (the lookup `events schema` makes)") {
    using catalog = events::registry<v1, v2, test::meta_event<events::TaskDeletedPayload>>;
    // A wire type names its newest version; "type.vN" a given one.
    CHECK(events::find_named<catalog>("task.created") == 1);
    CHECK(events::find_named<catalog>("task.created.v1") == 0);
    CHECK(events::find_named<catalog>("task.deleted") == 2);
    auto newest = events::json_schema_named<catalog>("task.created", events::schema_dialect::draft2020_12);
    REQUIRE(newest);
    CHECK(*newest == events::json_schema<v2>(events::schema_dialect::draft2020_12));
    CHECK((*newest)["properties"].contains("metadata"));
    auto first = events::json_schema_named<catalog>("task.created.v1");
    REQUIRE(first);
    CHECK(*first == events::json_schema<v1>());
    CHECK(*first != *newest);
    // Unknown names and versions: none.
    CHECK_FALSE(events::json_schema_named<catalog>("task.created.v3"));
    CHECK_FALSE(events::json_schema_named<catalog>("task.create"));
    CHECK(events::find_named<catalog>("") == 3);
    // A plain type list (messages that are in no registry) answers the same way.
    using list = std::tuple<test::meta_event<events::TaskDeletedPayload>, v1>;
    CHECK(events::find_named<list>("task.created") == 1);
    CHECK(events::json_schema_named<list>("task.deleted") ==
          events::json_schema<test::meta_event<events::TaskDeletedPayload>>());
  }

  TEST_CASE("CloudEvents and the inbound step: a structured document routed to the v2 handler") {
    v1 ev = test::meta_task("routed");
    std::string doc = events::cloudevents::to_structured(ev, "/svc");
    auto parsed = events::cloudevents::parse_structured(doc);
    REQUIRE(parsed);
    CHECK(parsed->attrs.type == "task.created");
    CHECK(parsed->attrs.id == ev.event_id.to_string());
    events::handler_table<void, std::string> table;
    table.add<v2>([](const v2& e, std::string& seen) { seen = e.metadata.tenant + ":" + std::string(e.payload.title); },
                  "", [](auto& f, const v2& e, std::string& seen) { f(e, seen); });
    auto headers = [](std::string_view name) -> std::optional<std::string_view> {
      if (name == "content-type") return std::string_view("application/cloudevents+json");
      return std::nullopt;
    };
    auto r = events::route(table, doc, headers, "task-events");
    REQUIRE(r);
    std::string seen;
    r.handler->call(seen);
    CHECK(seen == "acme:routed");
  }
}
