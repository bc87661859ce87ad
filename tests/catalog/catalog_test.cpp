// The catalog as a whole: registries, topics, partition keys, and the versioning convention.
#include "catalog_samples.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <set>

using namespace catalog_test;

TEST_SUITE("catalog") {
  TEST_CASE("catalog_registry is the union of the per-header registries") {
    using R = events::catalog_registry;
    CHECK(R::size == events::todo_registry::size + events::reminder_registry::size + events::task_registry::size +
                         events::recurring_registry::size + events::analytics_registry::size +
                         events::notification_registry::size + events::audit_registry::size);
    static_assert(R::contains<events::flat_event<events::TodoCreated>>);
    static_assert(R::contains<events::event<events::TaskCreatedPayloadV2>>);
    static_assert(!R::contains<events::event<events::TodoCreated>>);
    // (type, version) names each entry once; only task.created has two versions.
    std::set<std::pair<std::string_view, int>> seen;
    for (std::size_t i = 0; i < R::size; ++i) CHECK(seen.insert({R::type_names[i], R::versions[i]}).second);
    CHECK(seen.count({"task.created", 1}) == 1);
    CHECK(seen.count({"task.created", 2}) == 1);
  }

  TEST_CASE("every event names a catalog topic and a key field holding its entity id") {
    for_each_type([]<class T>() {
      using P = typename payload_of<T>::type;
      INFO(name<T>());
      auto topic = events::find_topic(P::topic);
      REQUIRE(topic);
      CHECK(topic->name != events::topics::task_events_dlq.name);
      if constexpr (envelope<T>) {
        const std::string key = events::partition_key(sample<T>().payload);
        CHECK_FALSE(key.empty());
        CHECK(key == nlohmann::json::parse(encode(sample<T>().payload))[std::string(P::key)].template get<std::string>());
      }
    });
    CHECK(events::topic_of<events::TodoCreated>() == "todos");
    CHECK(events::topic_of<events::ReminderDuePayload>() == "reminders");
    CHECK(events::partition_key(payload<events::TaskCompletedPayload>()) == task);
  }

  TEST_CASE("topics: the seed's partitions and retention") {
    using namespace std::chrono_literals;
    CHECK(events::topics::task_events == events::topic_info{"task-events", 3, 7 * 24h});
    CHECK(events::topics::reminders == events::topic_info{"reminders", 1, 24h});
    CHECK(events::topics::task_updates == events::topic_info{"task-updates", 3, 1h});
    CHECK(events::topics::task_events_dlq.name == "task-events-dlq");
    CHECK(events::topics::task_events.retention.count() == 604800000);  // seed 000's retention.ms
    std::set<std::string_view> names;
    for (const auto& t : events::topics::all) {
      CHECK(names.insert(t.name).second);
      CHECK(t.partitions >= 1);
      CHECK(t.retention > 0ms);
    }
    CHECK(names.size() == 8);
    CHECK_FALSE(events::find_topic("todo-events"));
  }

  TEST_CASE("versioning: task.created v2 follows v1 and upcasts from it") {
    using V1 = events::TaskCreatedPayload;
    using V2 = events::TaskCreatedPayloadV2;
    static_assert(std::is_same_v<V2::previous, V1>);
    static_assert(V1::type == V2::type);
    static_assert(events::payload_version<V1> == 1 && events::payload_version<V2> == 2);
    static_assert(events::payload_schema_version<V2> == "2.0.0");
    static_assert(std::is_same_v<decltype(V2::upcast(std::declval<V1&&>())), V2>);

    V1 old = payload<V1>();
    V2 up = V2::upcast(V1(old));
    CHECK(up.task_id == old.task_id);
    CHECK(up.title == old.title);
    CHECK(up.priority == old.priority);
    CHECK(up.due_date == old.due_date);
    CHECK(up.tags == old.tags);
    CHECK(up.attachments.empty());
    CHECK(up.subtasks.empty());
    CHECK_FALSE(up.estimated_duration_minutes);
    CHECK(events::validate(up).empty());

    // A v1 message is not a v2 message: event_version says which.
    auto v1_wire = sample<events::event<V1>>().to_json();
    auto as_v2 = events::event<V2>::from_json(v1_wire);
    REQUIRE_FALSE(as_v2);
    CHECK(as_v2.error()[0].path == "/event_version");
    // A v2 consumer reading v1 through the upcaster sees the same event.
    auto v1 = events::event<V1>::from_json(v1_wire);
    REQUIRE(v1);
    CHECK(V2::upcast(std::move(v1->payload)).title == "Buy groceries");
  }

  TEST_CASE("v2 fields are optional on the wire: a v2 message without them decodes") {
    auto r = events::event<events::TaskCreatedPayloadV2>::from_json(
        R"({"event_id":"123e4567-e89b-42d3-a456-426614174000","event_type":"task.created","schema_version":"2.0.0",)"
        R"("event_version":"2.0","timestamp":"2026-01-15T10:30:00Z","payload":{"task_id":"123e4567-e89b-42d3-a456-426614174000",)"
        R"("user_id":"6ba7b810-9dad-41d1-80b4-00c04fd430c8","title":"Plan"}})");
    REQUIRE_MESSAGE(r, events::to_string(r.error()));
    CHECK(r->payload.attachments.empty());
    CHECK(r->payload.priority == "medium");
  }
}
