// Task events: a v1 task.created read by a v2 consumer through the upcaster, and a bad one refused.
#include <events/task_events.hpp>

#include <iostream>

int main() {
  using V1 = events::TaskCreatedPayload;
  using V2 = events::TaskCreatedPayloadV2;
  auto v1 = events::make_event(V1{.task_id = events::uuid::v4(), .user_id = events::uuid::v4(),
                                  .title = "Buy groceries", .tags = {"errand"}});
  std::string wire = v1.to_json();
  std::cout << wire << '\n';

  auto old = events::event<V1>::from_json(wire);
  if (!old) return 1;
  V2 now = V2::upcast(std::move(old->payload));
  std::cout << "as v" << V2::version << " (" << V2::schema_version << "): " << events::to_json(now) << '\n';

  auto bad = events::event<V1>::from_json(R"({"event_id":"123e4567-e89b-42d3-a456-426614174000",
      "event_type":"task.created","timestamp":"2026-01-15T10:30:00Z","payload":{"task_id":"not-a-uuid","title":""}})");
  std::cout << events::to_string(bad.error()) << '\n';
  return bad.error().size() == 3 && now.title == "Buy groceries" ? 0 : 1;
}
