#pragma once
/// \file The seed-003 contract's descriptions for the generated JSON Schemas of TaskEvent and
/// ReminderEvent, given through events::schema_description (the contract types stay plain).
///
/// \code
/// auto schema = events::json_schema<events::TaskEvent>();   // "description": "Unique event ID", ...
/// \endcode
#include <events/catalog/contract.hpp>
#include <events/schema/json_schema.hpp>

#include <array>
#include <string_view>
#include <utility>

namespace events {

template <>
struct schema_description<TaskEvent> {
  static constexpr std::string_view description = "A task CRUD operation, on the task-events topic";
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> field_descriptions{{
      {"id", "Unique event ID"},
      {"event_type", "Type of task operation"},
      {"task_id", "Task ID affected"},
      {"task_data", "Full task state after operation"},
      {"user_id", "User who performed the action"},
      {"timestamp", "When the event occurred"},
  }};
  /// The seed's "Task Created" example event.
  static constexpr std::string_view example = R"({"id": "550e8400-e29b-41d4-a716-446655440000",
      "event_type": "created", "task_id": 1, "task_data": {"id": 1, "title": "Buy groceries",
      "description": null, "completed": false, "priority": "medium", "tags": [],
      "due_date": "2025-01-02T10:00:00Z", "recurrence_rule": null, "user_id": "user-uuid",
      "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z"},
      "user_id": "user-uuid", "timestamp": "2025-01-01T00:00:00Z"})";
};

template <>
struct schema_description<ReminderEvent> {
  static constexpr std::string_view description = "A due-date reminder trigger, on the reminders topic";
  /// The seed's example.
  static constexpr std::string_view example = R"({"task_id": 1, "title": "Buy groceries",
      "due_date": "2025-01-02T10:00:00Z", "remind_at": "2025-01-02T09:00:00Z", "user_id": "user-uuid"})";
};

template <>
struct schema_description<TaskData> {
  static constexpr std::string_view description = "The full task state after the operation";
};

}  // namespace events
