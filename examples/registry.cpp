// The README's registry, schema and versions snippet: decode any task event by its type,
// dispatch it, write a JSON Schema, read an old version as the newest, check compatibility.
#include <events/catalog.hpp>
#include <events/events.hpp>
#include <events/identify.hpp>

#include <iostream>

int main() {
  auto completed = events::make_event(events::TaskCompletedPayload{
      .task_id = events::uuid::v4(), .user_id = events::uuid::v4(), .completed_at = events::now(),
      .has_recurrence = true, .recurrence_pattern = "daily"});
  std::string wire = completed.to_json();

  // Decode any task event by its event_type (and version): a perfect hash, then one decode.
  auto any = events::task_registry::decode(wire);
  if (!any) return 1;
  int scheduled = 0;
  auto errors = events::task_registry::dispatch(wire, events::overloaded{
      [&](const events::event<events::TaskCompletedPayload>& e) { scheduled += e.payload.has_recurrence; },
      [](const auto&) {}});
  auto unknown = events::task_registry::dispatch(R"({"event_type":"task.archived"})", [](const auto&) {});
  std::cout << "unknown type: " << events::to_string(unknown) << '\n';

  // JSON Schema for other languages: draft-07 by default, 2020-12 on request.
  std::string schema = events::json_schema_text<events::TaskEvent>();
  std::cout << "TaskEvent schema: " << schema.size() << " bytes\n";

  // An old message into the newest type, through the upcaster chain (previous + upcast).
  auto v1 = events::make_event(events::TaskCreatedPayload{
      .task_id = events::uuid::v4(), .user_id = events::uuid::v4(), .title = "Buy groceries"});
  auto v2 = events::decode_latest<events::event<events::TaskCreatedPayloadV2>>(v1.to_json());
  if (!v2) return 1;
  std::cout << "v1 read as v2: " << v2->to_json() << '\n';

  // Seed 004 names version 2 "task.created.v2": the same type, read by the same registry.
  auto id = events::identify(R"({"event_type":"task.created.v2","schema_version":"2.0.0"})");
  if (!id || id->type != "task.created" || id->version != 2) return 1;
  std::cout << "task.created.v2 is " << id->type << " v" << id->version << '\n';

  // Checked before deploy, not after: fails to compile naming the offending field. The catalog's
  // payloads are open content models (unknown keys ignored, as Pydantic does), so added fields are
  // FORWARD compatible, as Confluent Schema Registry judges them.
  static_assert(events::require_compatible<events::TaskCreatedPayload, events::TaskCreatedPayloadV2,
                                           events::compatibility::forward>);

  return errors.empty() && scheduled == 1 && !unknown.empty() && v2->payload.title == "Buy groceries" ? 0 : 1;
}
