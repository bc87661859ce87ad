#pragma once
/// \file The seed-003 contract's descriptions for the generated JSON Schemas of TaskEvent and
/// ReminderEvent, given through events::schema_description (the contract types stay plain).
///
/// \code
/// auto schema = events::json_schema<events::TaskEvent>();   // "description": "Unique event ID", ...
/// \endcode
#include <events/contract.hpp>
#include <events/schema.hpp>

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
};

template <>
struct schema_description<ReminderEvent> {
  static constexpr std::string_view description = "A due-date reminder trigger, on the reminders topic";
};

template <>
struct schema_description<TaskData> {
  static constexpr std::string_view description = "The full task state after the operation";
};

}  // namespace events
