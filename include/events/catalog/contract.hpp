#pragma once
/// \file The Phase V event streaming contract (seed 003): TaskEvent on `task-events` and
/// ReminderEvent on `reminders`. These are whole messages, not envelopes: encode and decode them
/// with events::to_json / events::from_json. Required and optional fields follow the seed's JSON
/// Schemas; task_data is typed with the fields of the seed's example.
///
/// <!-- given: #include <events/json.hpp>
/// std::string kafka_value; void schedule_next(const events::TaskData& task); -->
/// \code
/// auto msg = events::from_json<events::TaskEvent>(kafka_value);   // or every error with its path
/// if (msg && msg->event_type == events::TaskOperation::completed && msg->task_data &&
///     msg->task_data->recurrence_rule) schedule_next(*msg->task_data);
/// \endcode
#include <events/field_table.hpp>
#include <events/event_traits.hpp>
#include <events/timestamp.hpp>
#include <events/catalog/topics.hpp>
#include <events/uuid.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace events {

/// What happened to the task (TaskEvent.event_type; the seed leaves the enum unnamed).
enum class TaskOperation { created, updated, completed, deleted, uncompleted };

/// The full task state after the operation (TaskEvent.task_data). The seed types it as a bare
/// object; required here: id, title, user_id, created_at, updated_at.
struct TaskData {
  static constexpr std::array<std::string_view, 2> defaulted = {"completed", "tags"};
  std::int64_t id = 0;
  std::string title;
  std::optional<std::string> description;
  bool completed = false;                    ///< Default: false.
  std::string priority = "medium";
  std::vector<std::string> tags;             ///< Default: empty.
  std::optional<timestamp> due_date;
  std::optional<std::string> recurrence_rule;  ///< e.g. an RRULE or "daily"; null when one-off.
  std::string user_id;
  timestamp created_at;
  timestamp updated_at;
  friend bool operator==(const TaskData&, const TaskData&) = default;
};

/// A task CRUD operation (task-events). Required: id, event_type, task_id, user_id, timestamp.
struct TaskEvent {
  static constexpr unset_optionals unset = unset_optionals::omit;  ///< The seed's schema refuses null.
  static constexpr std::string_view topic = topics::task_events.name;
  static constexpr std::string_view key = "task_id";
  uuid id;                               ///< Unique event id.
  TaskOperation event_type{};            ///< created, updated, completed, deleted, uncompleted.
  std::int64_t task_id = 0;              ///< The task affected.
  std::optional<TaskData> task_data;     ///< Full task state after the operation.
  std::string user_id;                   ///< Who performed the action.
  events::timestamp timestamp;           ///< When the event occurred.
  friend bool operator==(const TaskEvent&, const TaskEvent&) = default;
};

/// A due-date reminder trigger (reminders). Required: task_id, title, remind_at, user_id.
struct ReminderEvent {
  static constexpr unset_optionals unset = unset_optionals::omit;  ///< The seed's schema refuses null.
  static constexpr std::string_view topic = topics::reminders.name;
  static constexpr std::string_view key = "task_id";
  std::int64_t task_id = 0;
  std::string title;
  std::optional<timestamp> due_date;
  timestamp remind_at;
  std::string user_id;
  friend bool operator==(const ReminderEvent&, const ReminderEvent&) = default;
};

/// The contract's messages, as a type list (they are not envelopes, so not in a registry).
using contract_messages = std::tuple<TaskEvent, ReminderEvent>;

/// TaskEvent on the wire: type "TaskEvent" (its ce_type), and a message whose `event_type` is one
/// of the operations ("created", ... as seed 003's Python publisher writes) is a TaskEvent.
template <>
struct event_traits<TaskEvent> {
  using payload_type = TaskEvent;
  static constexpr std::string_view type = "TaskEvent";
  static constexpr int version = 1;
  static constexpr std::string_view topic = topics::task_events.name;
  static constexpr std::array<std::string_view, 5> aliases{"created", "updated", "completed", "deleted",
                                                           "uncompleted"};
  static constexpr bool by_topic = false;
  static std::string key(const TaskEvent& e) { return std::to_string(e.task_id); }
  static std::string id(const TaskEvent& e) { return e.id.to_string(); }
};

/// ReminderEvent on the wire: type "ReminderEvent"; it names no type in its JSON, so a message on
/// `reminders` without one (seed 003's publisher) is a ReminderEvent.
template <>
struct event_traits<ReminderEvent> {
  using payload_type = ReminderEvent;
  static constexpr std::string_view type = "ReminderEvent";
  static constexpr int version = 1;
  static constexpr std::string_view topic = topics::reminders.name;
  static constexpr std::array<std::string_view, 0> aliases{};
  static constexpr bool by_topic = true;
  static std::string key(const ReminderEvent& e) { return std::to_string(e.task_id); }
  static std::string id(const ReminderEvent&) { return {}; }
};

}  // namespace events
