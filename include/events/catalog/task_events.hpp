#pragma once
/// \file Task events (seeds 002 and 004): nested envelope events::event<P> with correlation_id and
/// causation_id, types `task.*`, topic `task-events`, partition key `task_id`. Version 2 of
/// task.created follows the versioning convention: same `type`, `version = 2`, `previous`, and a
/// static `upcast` from the previous version.
///
/// <!-- given: events::uuid t, u, request_id; -->
/// \code
/// auto ev = events::make_event(events::TaskCreatedPayload{.task_id = t, .user_id = u, .title = "Buy milk"},
///                              {.correlation_id = request_id});
/// auto v2 = events::TaskCreatedPayloadV2::upcast(std::move(ev.payload));
/// \endcode
#include <events/constraints.hpp>
#include <events/enum.hpp>
#include <events/event.hpp>
#include <events/registry.hpp>
#include <events/routing.hpp>
#include <events/timestamp.hpp>
#include <events/catalog/topics.hpp>
#include <events/uuid.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace events {

/// task.created: a new task added by a user.
struct TaskCreatedPayload {
  static constexpr std::string_view type = "task.created";
  static constexpr envelope_shape shape = envelope_shape::nested;
  static constexpr std::string_view topic = topics::task_events.name;
  static constexpr std::string_view key = "task_id";
  static constexpr std::array<std::string_view, 1> defaulted = {"tags"};
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"task_id": "123e4567-e89b-42d3-a456-426614174000",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "title": "Buy groceries",
      "description": null, "priority": "high", "due_date": "2026-01-16T10:00:00Z", "tags": ["urgent",
      "important"]})";
  uuid task_id;
  uuid user_id;
  string<min_length<1>, max_length<200>> title;  ///< 1 to 200 characters.
  std::optional<std::string> description;
  std::string priority = "medium";
  std::optional<timestamp> due_date;
  std::vector<std::string> tags;                 ///< Default: empty.
  friend bool operator==(const TaskCreatedPayload&, const TaskCreatedPayload&) = default;
};

/// task.updated: a task was modified; absent fields did not change.
struct TaskUpdatedPayload {
  static constexpr std::string_view type = "task.updated";
  static constexpr envelope_shape shape = envelope_shape::nested;
  static constexpr std::string_view topic = topics::task_events.name;
  static constexpr std::string_view key = "task_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"task_id": "123e4567-e89b-42d3-a456-426614174000",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "title": "Buy groceries and fruit",
      "description": null, "priority": "urgent", "due_date": null, "tags": ["errand"],
      "updated_fields": ["title", "priority", "tags"]})";
  uuid task_id;
  uuid user_id;
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> priority;
  std::optional<timestamp> due_date;
  std::optional<std::vector<std::string>> tags;
  std::vector<std::string> updated_fields;       ///< Names of the fields that changed (required).
  friend bool operator==(const TaskUpdatedPayload&, const TaskUpdatedPayload&) = default;
};

/// task.completed: a task was marked complete (drives the recurring logic).
struct TaskCompletedPayload {
  static constexpr std::string_view type = "task.completed";
  static constexpr envelope_shape shape = envelope_shape::nested;
  static constexpr std::string_view topic = topics::task_events.name;
  static constexpr std::string_view key = "task_id";
  static constexpr std::array<std::string_view, 1> defaulted = {"has_recurrence"};
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"task_id": "123e4567-e89b-42d3-a456-426614174000",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "completed_at": "2026-01-16T09:42:00Z",
      "has_recurrence": true, "recurrence_pattern": "weekly"})";
  uuid task_id;
  uuid user_id;
  timestamp completed_at;
  bool has_recurrence = false;                   ///< Default: false.
  std::optional<std::string> recurrence_pattern; ///< "daily", "weekly", ...
  friend bool operator==(const TaskCompletedPayload&, const TaskCompletedPayload&) = default;
};

/// task.deleted: a task was removed.
struct TaskDeletedPayload {
  static constexpr std::string_view type = "task.deleted";
  static constexpr envelope_shape shape = envelope_shape::nested;
  static constexpr std::string_view topic = topics::task_events.name;
  static constexpr std::string_view key = "task_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"task_id": "123e4567-e89b-42d3-a456-426614174000",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "deleted_at": "2026-01-20T08:00:00Z",
      "reason": null})";
  uuid task_id;
  uuid user_id;
  timestamp deleted_at;
  std::optional<std::string> reason;
  friend bool operator==(const TaskDeletedPayload&, const TaskDeletedPayload&) = default;
};

/// task.created version 2 (seed 004): adds attachments, subtasks, estimated_duration_minutes.
struct TaskCreatedPayloadV2 {
  static constexpr std::string_view type = "task.created";
  static constexpr envelope_shape shape = envelope_shape::nested;
  static constexpr int version = 2;
  static constexpr std::string_view schema_version = "2.0.0";
  static constexpr std::string_view topic = topics::task_events.name;
  static constexpr std::string_view key = "task_id";
  static constexpr std::array<std::string_view, 3> defaulted = {"tags", "attachments", "subtasks"};
  /// Writes the catalog form ("task.created" + event_version "2.0"); reads seed 004's
  /// "task.created.v2" too.
  static constexpr wire_name_form wire_name = wire_name_form::catalog;
  using previous = TaskCreatedPayload;
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"task_id": "123e4567-e89b-42d3-a456-426614174000",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "title": "Plan the trip",
      "description": "Flights and hotel", "priority": "medium", "due_date": null, "tags": ["travel"],
      "attachments": ["s3://todo-attachments/itinerary.pdf"],
      "subtasks": ["9b2f0d3e-0c6e-4a51-8a8e-2f4b9d7c1e00", "9b2f0d3e-0c6e-4a51-8a8e-2f4b9d7c1e01"],
      "estimated_duration_minutes": 90})";
  uuid task_id;
  uuid user_id;
  string<min_length<1>, max_length<200>> title;  ///< 1 to 200 characters.
  std::optional<std::string> description;
  std::string priority = "medium";
  std::optional<timestamp> due_date;
  std::vector<std::string> tags;                 ///< Default: empty.
  std::vector<std::string> attachments;          ///< New in v2. Default: empty.
  std::vector<uuid> subtasks;                    ///< New in v2. Default: empty.
  std::optional<int> estimated_duration_minutes; ///< New in v2.

  /// Version 1 to version 2: every v1 field carries over; the new fields are empty.
  static TaskCreatedPayloadV2 upcast(TaskCreatedPayload&& old) {
    return {.task_id = old.task_id,
            .user_id = old.user_id,
            .title = std::move(old.title),
            .description = std::move(old.description),
            .priority = std::move(old.priority),
            .due_date = old.due_date,
            .tags = std::move(old.tags),
            .attachments = {},
            .subtasks = {},
            .estimated_duration_minutes = std::nullopt};
  }
  friend bool operator==(const TaskCreatedPayloadV2&, const TaskCreatedPayloadV2&) = default;
};

/// Seed 004's TaskEventType: the wire names of the task events, as JSON "task.created", ...
/// (the names are the payloads' own `type`, so the two cannot drift apart).
enum class TaskEventType { created, updated, completed, deleted };

template <>
struct enum_names<TaskEventType> {
  static constexpr std::array<std::pair<TaskEventType, std::string_view>, 4> values{{
      {TaskEventType::created, TaskCreatedPayload::type},
      {TaskEventType::updated, TaskUpdatedPayload::type},
      {TaskEventType::completed, TaskCompletedPayload::type},
      {TaskEventType::deleted, TaskDeletedPayload::type},
  }};
};

/// Every task event, as sent on `task-events` (both versions of task.created).
using task_registry = registry<event<TaskCreatedPayload>, event<TaskUpdatedPayload>, event<TaskCompletedPayload>,
                               event<TaskDeletedPayload>, event<TaskCreatedPayloadV2>>;

}  // namespace events
