#pragma once
/// \file Recurring task events (seed 004): nested envelope, types `recurring.*`. They follow the
/// task events on `task-events` (the recurring service consumes task.completed and answers there).
///
/// <!-- given: #include <events/catalog/task_events.hpp>
/// events::event<events::TaskCompletedPayload> completed; events::uuid next_id; events::timestamp due; -->
/// \code
/// auto ev = events::make_event(events::RecurringSpawnedPayload{.new_task_id = next_id,
///     .original_task_id = completed.payload.task_id, .user_id = completed.payload.user_id,
///     .recurrence_pattern = "weekly", .due_date = due, .occurrence_number = 2},
///     {.causation_id = completed.event_id});
/// \endcode
#include <events/enum.hpp>
#include <events/event.hpp>
#include <events/json_value.hpp>
#include <events/registry.hpp>
#include <events/routing.hpp>
#include <events/timestamp.hpp>
#include <events/catalog/topics.hpp>
#include <events/uuid.hpp>

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <utility>


namespace events {

/// recurring.triggered: a completed task's recurrence pattern matched. Key: the completed task.
struct RecurringTriggeredPayload {
  static constexpr std::string_view type = "recurring.triggered";
  static constexpr envelope_shape shape = envelope_shape::nested;
  static constexpr std::string_view topic = topics::task_events.name;
  static constexpr std::string_view key = "task_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"task_id": "123e4567-e89b-42d3-a456-426614174000",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "recurrence_pattern": "weekly",
      "next_due_date": "2026-01-23T10:00:00Z", "original_task_data": {"priority": "high",
      "tags": ["urgent", "important"], "title": "Buy groceries"}})";
  uuid task_id;                                             ///< The completed task.
  uuid user_id;
  std::string recurrence_pattern;                           ///< "daily", "weekly", "monthly".
  timestamp next_due_date;
  std::map<std::string, json_value> original_task_data;     ///< Task fields to copy.
  friend bool operator==(const RecurringTriggeredPayload&, const RecurringTriggeredPayload&) = default;
};

/// recurring.spawned: a new occurrence was created from the pattern. Key: the new task.
struct RecurringSpawnedPayload {
  static constexpr std::string_view type = "recurring.spawned";
  static constexpr envelope_shape shape = envelope_shape::nested;
  static constexpr std::string_view topic = topics::task_events.name;
  static constexpr std::string_view key = "new_task_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"new_task_id": "d9428888-122b-41b3-9c5c-5a3d7a0e5b6f",
      "original_task_id": "123e4567-e89b-42d3-a456-426614174000",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "recurrence_pattern": "weekly",
      "due_date": "2026-01-23T10:00:00Z", "occurrence_number": 2})";
  uuid new_task_id;                                         ///< The newly created task.
  uuid original_task_id;                                    ///< The completed task that triggered it.
  uuid user_id;
  std::string recurrence_pattern;
  timestamp due_date;
  int occurrence_number = 0;                                ///< 1st, 2nd, 3rd ... (required).
  friend bool operator==(const RecurringSpawnedPayload&, const RecurringSpawnedPayload&) = default;
};

/// Seed 004's RecurringEventType: "recurring.triggered", "recurring.spawned" (the payloads' `type`).
enum class RecurringEventType { triggered, spawned };

template <>
struct enum_names<RecurringEventType> {
  static constexpr std::array<std::pair<RecurringEventType, std::string_view>, 2> values{{
      {RecurringEventType::triggered, RecurringTriggeredPayload::type},
      {RecurringEventType::spawned, RecurringSpawnedPayload::type},
  }};
};

/// Every recurring event, as sent on `task-events`.
using recurring_registry = registry<event<RecurringTriggeredPayload>, event<RecurringSpawnedPayload>>;

}  // namespace events
