#pragma once
// A third envelope shape, defined here and not in the library: metadata in an object of its own
// (as some teams wrap their events), the time under another name, the payload nested. Declared
// through events::envelope's member list only, it gets JSON, validation, registries, versions
// and upcasts, schemas, Kafka, Dapr and CloudEvents.
#include <events/catalog/task_events.hpp>
#include <events/envelope.hpp>

#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace test {

struct request_metadata {
  std::string tenant;
  std::optional<std::string> request_id;
  std::vector<std::string> labels;
  friend bool operator==(const request_metadata&, const request_metadata&) = default;
};

template <events::payload P>
struct meta_event : events::envelope<meta_event<P>> {
  using payload_type = P;
  events::uuid event_id;
  events::timestamp occurred_at;
  request_metadata metadata;
  P payload;
  static constexpr events::members members{events::member<&meta_event::event_id>{"event_id"},
                                      events::type_member{"event_type"},
                                      events::version_member{"event_version"},
                                      events::member<&meta_event::occurred_at>{"occurred_at"},
                                      events::member<&meta_event::metadata>{"metadata"},
                                      events::member<&meta_event::payload>{"payload"}};
  friend bool operator==(const meta_event&, const meta_event&) = default;
};

inline meta_event<events::TaskCreatedPayload> meta_task(std::string title, std::string tenant = "acme") {
  meta_event<events::TaskCreatedPayload> ev;
  ev.event_id = events::uuid::v4();
  ev.occurred_at = events::now();
  ev.metadata = {.tenant = std::move(tenant), .request_id = "r-1", .labels = {"web"}};
  ev.payload = {.task_id = events::uuid::v4(), .user_id = events::uuid::v4(), .title = std::move(title),
                .description = std::nullopt, .priority = "high", .due_date = std::nullopt, .tags = {}};
  return ev;
}

}  // namespace test
