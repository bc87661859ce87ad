#pragma once
/// \file Reminder events on topic `reminders`: seed 000's flat events (ReminderCreated ...
/// ReminderCancelled, `event_type` = struct name) and seed 004's nested `reminder.*` payloads
/// (wrap them in events::event<>). Partition key: `reminder_id`.
///
/// <!-- given: events::uuid r, t, u; events::timestamp when; -->
/// \code
/// auto due = events::make_event(events::ReminderDuePayload{.reminder_id = r, .task_id = t,
///     .user_id = u, .title = "Buy milk", .due_at = when, .notification_channel = "push"});
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

namespace events {

// ---- seed 000: flat envelope ------------------------------------------------------------------

/// A reminder was set on a todo. Seed 000 names it only; fields chosen: reminder_id, todo_id,
/// user_id, reminder_type, remind_at, due_date.
struct ReminderCreated {
  static constexpr std::string_view type = "ReminderCreated";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::reminders.name;
  static constexpr std::string_view key = "reminder_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"reminder_id": "a1b2c3d4-e5f6-4789-8abc-def012345678",
      "todo_id": "3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "reminder_type": "push",
      "remind_at": "2026-01-16T17:00:00Z", "due_date": "2026-01-16T18:00:00Z"})";
  uuid reminder_id;            ///< The reminder.
  uuid todo_id;                ///< The todo it reminds of.
  uuid user_id;                ///< Whom to remind.
  std::string reminder_type;   ///< email, push or in-app.
  timestamp remind_at;         ///< When to fire.
  timestamp due_date;          ///< The todo's due date.
  friend bool operator==(const ReminderCreated&, const ReminderCreated&) = default;
};

/// A reminder fired.
struct ReminderTriggered {
  static constexpr std::string_view type = "ReminderTriggered";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::reminders.name;
  static constexpr std::string_view key = "reminder_id";
  /// Seed 000's field descriptions (JSON Schema "description").
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> field_descriptions{{
      {"reminder_id", "ID of the reminder"},
      {"todo_id", "ID of the associated todo"},
      {"user_id", "ID of the user"},
      {"reminder_type", "Type of reminder (email, push, in-app)"},
      {"triggered_at", "When the reminder was triggered"},
      {"due_date", "Original due date"},
  }};
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"reminder_id": "a1b2c3d4-e5f6-4789-8abc-def012345678",
      "todo_id": "3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "reminder_type": "email",
      "triggered_at": "2026-01-16T17:00:00.000321Z", "due_date": "2026-01-16T18:00:00Z"})";
  uuid reminder_id;            ///< The reminder.
  uuid todo_id;                ///< The associated todo.
  uuid user_id;                ///< The user.
  std::string reminder_type;   ///< Type of reminder (email, push, in-app).
  timestamp triggered_at;      ///< When it was triggered.
  timestamp due_date;          ///< Original due date.
  friend bool operator==(const ReminderTriggered&, const ReminderTriggered&) = default;
};

/// A reminder was snoozed.
struct ReminderSnoozed {
  static constexpr std::string_view type = "ReminderSnoozed";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::reminders.name;
  static constexpr std::string_view key = "reminder_id";
  /// Seed 000's field descriptions (JSON Schema "description").
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> field_descriptions{{
      {"reminder_id", "ID of the reminder"},
      {"todo_id", "ID of the associated todo"},
      {"user_id", "ID of the user"},
      {"new_due_date", "New due date after snooze"},
      {"snooze_duration", "Duration of snooze in minutes"},
  }};
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"reminder_id": "a1b2c3d4-e5f6-4789-8abc-def012345678",
      "todo_id": "3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "new_due_date": "2026-01-16T17:15:00Z",
      "snooze_duration": 15})";
  uuid reminder_id;            ///< The reminder.
  uuid todo_id;                ///< The associated todo.
  uuid user_id;                ///< The user.
  timestamp new_due_date;      ///< New due date after snooze.
  int snooze_duration = 0;     ///< Duration of snooze in minutes (required on the wire).
  friend bool operator==(const ReminderSnoozed&, const ReminderSnoozed&) = default;
};

/// The user dismissed a reminder. Seed 000 names it only; fields chosen: reminder_id, todo_id,
/// user_id, dismissed_at.
struct ReminderDismissed {
  static constexpr std::string_view type = "ReminderDismissed";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::reminders.name;
  static constexpr std::string_view key = "reminder_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"reminder_id": "a1b2c3d4-e5f6-4789-8abc-def012345678",
      "todo_id": "3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "dismissed_at": "2026-01-16T17:16:00Z"})";
  uuid reminder_id;            ///< The reminder.
  uuid todo_id;                ///< The associated todo.
  uuid user_id;                ///< The user.
  timestamp dismissed_at;      ///< When it was dismissed.
  friend bool operator==(const ReminderDismissed&, const ReminderDismissed&) = default;
};

/// A reminder was cancelled before firing. Seed 000 names it only; fields chosen: reminder_id,
/// todo_id, user_id, cancelled_at, reason.
struct ReminderCancelled {
  static constexpr std::string_view type = "ReminderCancelled";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::reminders.name;
  static constexpr std::string_view key = "reminder_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"reminder_id": "a1b2c3d4-e5f6-4789-8abc-def012345678",
      "todo_id": "3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "cancelled_at": "2026-01-16T12:00:00Z",
      "reason": "todo_completed"})";
  uuid reminder_id;                    ///< The reminder.
  uuid todo_id;                        ///< The associated todo.
  uuid user_id;                        ///< The user.
  timestamp cancelled_at;              ///< When it was cancelled.
  std::optional<std::string> reason;   ///< Why ("todo_deleted", "todo_completed"), if given.
  friend bool operator==(const ReminderCancelled&, const ReminderCancelled&) = default;
};

// ---- seed 004: nested envelope, type `reminder.*` -----------------------------------------------

/// reminder.scheduled: a reminder is scheduled for a future time.
struct ReminderScheduledPayload {
  static constexpr std::string_view type = "reminder.scheduled";
  static constexpr envelope_shape shape = envelope_shape::nested;
  static constexpr std::string_view topic = topics::reminders.name;
  static constexpr std::string_view key = "reminder_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"reminder_id": "a1b2c3d4-e5f6-4789-8abc-def012345678",
      "task_id": "123e4567-e89b-42d3-a456-426614174000",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "scheduled_for": "2026-01-16T09:00:00Z",
      "notification_channel": "sms", "message": "Buy groceries is due in one hour"})";
  uuid reminder_id;
  uuid task_id;
  uuid user_id;
  timestamp scheduled_for;
  std::string notification_channel = "email";  ///< email, push, sms.
  std::string message;
  friend bool operator==(const ReminderScheduledPayload&, const ReminderScheduledPayload&) = default;
};

/// reminder.due: reminder time reached, trigger the notification.
struct ReminderDuePayload {
  static constexpr std::string_view type = "reminder.due";
  static constexpr envelope_shape shape = envelope_shape::nested;
  static constexpr std::string_view topic = topics::reminders.name;
  static constexpr std::string_view key = "reminder_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"reminder_id": "a1b2c3d4-e5f6-4789-8abc-def012345678",
      "task_id": "123e4567-e89b-42d3-a456-426614174000",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "title": "Buy groceries",
      "due_at": "2026-01-16T10:00:00Z", "notification_channel": "push"})";
  uuid reminder_id;
  uuid task_id;
  uuid user_id;
  std::string title;
  timestamp due_at;
  std::string notification_channel;
  friend bool operator==(const ReminderDuePayload&, const ReminderDuePayload&) = default;
};

/// reminder.sent: the notification was delivered.
struct ReminderSentPayload {
  static constexpr std::string_view type = "reminder.sent";
  static constexpr envelope_shape shape = envelope_shape::nested;
  static constexpr std::string_view topic = topics::reminders.name;
  static constexpr std::string_view key = "reminder_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"reminder_id": "a1b2c3d4-e5f6-4789-8abc-def012345678",
      "task_id": "123e4567-e89b-42d3-a456-426614174000",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "sent_at": "2026-01-16T09:00:01.500000Z",
      "notification_channel": "push", "delivery_status": "delivered"})";
  uuid reminder_id;
  uuid task_id;
  uuid user_id;
  timestamp sent_at;
  std::string notification_channel;
  std::string delivery_status;
  friend bool operator==(const ReminderSentPayload&, const ReminderSentPayload&) = default;
};

/// reminder.failed: the notification could not be delivered.
struct ReminderFailedPayload {
  static constexpr std::string_view type = "reminder.failed";
  static constexpr envelope_shape shape = envelope_shape::nested;
  static constexpr std::string_view topic = topics::reminders.name;
  static constexpr std::string_view key = "reminder_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"reminder_id": "a1b2c3d4-e5f6-4789-8abc-def012345678",
      "task_id": "123e4567-e89b-42d3-a456-426614174000",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "failed_at": "2026-01-16T09:00:02Z",
      "notification_channel": "email", "error_message": "SMTP 550: mailbox unavailable",
      "retry_count": 2})";
  uuid reminder_id;
  uuid task_id;
  uuid user_id;
  timestamp failed_at;
  std::string notification_channel;
  std::string error_message;
  int retry_count = 0;  ///< Required on the wire.
  friend bool operator==(const ReminderFailedPayload&, const ReminderFailedPayload&) = default;
};

/// Seed 004's ReminderEventType: the wire names of the nested reminder events, as JSON
/// "reminder.scheduled", ... (the payloads' own `type`).
enum class ReminderEventType { scheduled, due, sent, failed };

template <>
struct enum_names<ReminderEventType> {
  static constexpr std::array<std::pair<ReminderEventType, std::string_view>, 4> values{{
      {ReminderEventType::scheduled, ReminderScheduledPayload::type},
      {ReminderEventType::due, ReminderDuePayload::type},
      {ReminderEventType::sent, ReminderSentPayload::type},
      {ReminderEventType::failed, ReminderFailedPayload::type},
  }};
};

/// Every reminder event, as sent on `reminders`.
using reminder_registry =
    registry<flat_event<ReminderCreated>, flat_event<ReminderTriggered>, flat_event<ReminderSnoozed>,
             flat_event<ReminderDismissed>, flat_event<ReminderCancelled>, event<ReminderScheduledPayload>,
             event<ReminderDuePayload>, event<ReminderSentPayload>, event<ReminderFailedPayload>>;

}  // namespace events
