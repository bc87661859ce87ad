#pragma once
// One fixed, realistic value of every catalog event, the names of their golden files, and the
// list the catalog tests iterate over.
#include <events/catalog.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>

namespace catalog_test {

inline events::uuid id(std::string_view s) {
  auto u = events::uuid::parse(s);
  REQUIRE(u);
  return *u;
}
inline events::timestamp at(std::string_view s) {
  events::timestamp t;
  REQUIRE(events::parse_timestamp(s, t) == events::timestamp_errc::ok);
  return t;
}

// Recurring ids, so the golden files read like one story.
inline const std::string_view user = "6ba7b810-9dad-41d1-80b4-00c04fd430c8";
inline const std::string_view todo = "3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b";
inline const std::string_view task = "123e4567-e89b-42d3-a456-426614174000";
inline const std::string_view reminder = "a1b2c3d4-e5f6-4789-8abc-def012345678";
inline const std::string_view notification = "0f8fad5b-d9cb-469f-a165-70867728950e";
inline const std::string_view session = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

/// Every catalog type the tests iterate over: the envelopes of catalog_registry, then the
/// seed-003 contract messages.
using all_types = decltype(std::tuple_cat(std::declval<events::catalog_registry::types>(),
                                          std::declval<events::contract_messages>()));

template <class T>
concept envelope = requires { typename T::payload_type; };

/// The payload of an envelope; a contract message is its own.
template <class T> struct payload_of { using type = T; };
template <envelope T> struct payload_of<T> { using type = typename T::payload_type; };

/// The nested envelope (seed 004), as opposed to the flat one (seed 000).
template <class T>
concept nested = envelope<T> && std::is_same_v<T, events::event<typename T::payload_type>>;

template <class P> P payload();  // specialized in catalog_samples.cpp-style below

// ---- todo ----
template <> inline events::TodoCreated payload<events::TodoCreated>() {
  return {.todo_id = id(todo), .user_id = id(user), .title = "Buy groceries", .description = "Milk, eggs, bread",
          .priority = "high", .due_date = at("2026-01-16T18:00:00Z")};
}
template <> inline events::TodoUpdated payload<events::TodoUpdated>() {
  return {.todo_id = id(todo), .user_id = id(user),
          .changes = {{"priority", "urgent"}, {"title", "Buy groceries today"}},
          .updated_fields = {"title", "priority"}};
}
template <> inline events::TodoCompleted payload<events::TodoCompleted>() {
  return {.todo_id = id(todo), .user_id = id(user), .completed_at = at("2026-01-16T17:45:12.250000Z"),
          .time_to_complete = 112512};
}
template <> inline events::TodoUncompleted payload<events::TodoUncompleted>() {
  return {.todo_id = id(todo), .user_id = id(user), .uncompleted_at = at("2026-01-16T19:00:00Z")};
}
template <> inline events::TodoDeleted payload<events::TodoDeleted>() {
  return {.todo_id = id(todo), .user_id = id(user), .deleted_at = at("2026-01-17T08:00:00Z"), .reason = "duplicate"};
}
template <> inline events::TodoPrioritized payload<events::TodoPrioritized>() {
  return {.todo_id = id(todo), .user_id = id(user), .old_priority = "medium", .new_priority = "high",
          .prioritized_at = at("2026-01-15T11:00:00Z")};
}

// ---- reminders ----
template <> inline events::ReminderCreated payload<events::ReminderCreated>() {
  return {.reminder_id = id(reminder), .todo_id = id(todo), .user_id = id(user), .reminder_type = "push",
          .remind_at = at("2026-01-16T17:00:00Z"), .due_date = at("2026-01-16T18:00:00Z")};
}
template <> inline events::ReminderTriggered payload<events::ReminderTriggered>() {
  return {.reminder_id = id(reminder), .todo_id = id(todo), .user_id = id(user), .reminder_type = "email",
          .triggered_at = at("2026-01-16T17:00:00.000321Z"), .due_date = at("2026-01-16T18:00:00Z")};
}
template <> inline events::ReminderSnoozed payload<events::ReminderSnoozed>() {
  return {.reminder_id = id(reminder), .todo_id = id(todo), .user_id = id(user),
          .new_due_date = at("2026-01-16T17:15:00Z"), .snooze_duration = 15};
}
template <> inline events::ReminderDismissed payload<events::ReminderDismissed>() {
  return {.reminder_id = id(reminder), .todo_id = id(todo), .user_id = id(user),
          .dismissed_at = at("2026-01-16T17:16:00Z")};
}
template <> inline events::ReminderCancelled payload<events::ReminderCancelled>() {
  return {.reminder_id = id(reminder), .todo_id = id(todo), .user_id = id(user),
          .cancelled_at = at("2026-01-16T12:00:00Z"), .reason = "todo_completed"};
}
template <> inline events::ReminderScheduledPayload payload<events::ReminderScheduledPayload>() {
  return {.reminder_id = id(reminder), .task_id = id(task), .user_id = id(user),
          .scheduled_for = at("2026-01-16T09:00:00Z"), .notification_channel = "sms",
          .message = "Buy groceries is due in one hour"};
}
template <> inline events::ReminderDuePayload payload<events::ReminderDuePayload>() {
  return {.reminder_id = id(reminder), .task_id = id(task), .user_id = id(user), .title = "Buy groceries",
          .due_at = at("2026-01-16T10:00:00Z"), .notification_channel = "push"};
}
template <> inline events::ReminderSentPayload payload<events::ReminderSentPayload>() {
  return {.reminder_id = id(reminder), .task_id = id(task), .user_id = id(user),
          .sent_at = at("2026-01-16T09:00:01.5Z"), .notification_channel = "push", .delivery_status = "delivered"};
}
template <> inline events::ReminderFailedPayload payload<events::ReminderFailedPayload>() {
  return {.reminder_id = id(reminder), .task_id = id(task), .user_id = id(user),
          .failed_at = at("2026-01-16T09:00:02Z"), .notification_channel = "email",
          .error_message = "SMTP 550: mailbox unavailable", .retry_count = 2};
}

// ---- tasks ----
template <> inline events::TaskCreatedPayload payload<events::TaskCreatedPayload>() {
  return {.task_id = id(task), .user_id = id(user), .title = "Buy groceries", .description = std::nullopt,
          .priority = "high", .due_date = at("2026-01-16T10:00:00Z"), .tags = {"urgent", "important"}};
}
template <> inline events::TaskUpdatedPayload payload<events::TaskUpdatedPayload>() {
  return {.task_id = id(task), .user_id = id(user), .title = "Buy groceries and fruit", .description = std::nullopt,
          .priority = "urgent", .due_date = std::nullopt, .tags = std::vector<std::string>{"errand"},
          .updated_fields = {"title", "priority", "tags"}};
}
template <> inline events::TaskCompletedPayload payload<events::TaskCompletedPayload>() {
  return {.task_id = id(task), .user_id = id(user), .completed_at = at("2026-01-16T09:42:00Z"),
          .has_recurrence = true, .recurrence_pattern = "weekly"};
}
template <> inline events::TaskDeletedPayload payload<events::TaskDeletedPayload>() {
  return {.task_id = id(task), .user_id = id(user), .deleted_at = at("2026-01-20T08:00:00Z"), .reason = std::nullopt};
}
template <> inline events::TaskCreatedPayloadV2 payload<events::TaskCreatedPayloadV2>() {
  return {.task_id = id(task), .user_id = id(user), .title = "Plan the trip", .description = "Flights and hotel",
          .priority = "medium", .due_date = std::nullopt, .tags = {"travel"},
          .attachments = {"s3://todo-attachments/itinerary.pdf"},
          .subtasks = {id("9b2f0d3e-0c6e-4a51-8a8e-2f4b9d7c1e00"), id("9b2f0d3e-0c6e-4a51-8a8e-2f4b9d7c1e01")},
          .estimated_duration_minutes = 90};
}

// ---- recurring ----
template <> inline events::RecurringTriggeredPayload payload<events::RecurringTriggeredPayload>() {
  return {.task_id = id(task), .user_id = id(user), .recurrence_pattern = "weekly",
          .next_due_date = at("2026-01-23T10:00:00Z"),
          .original_task_data = {{"priority", "high"}, {"tags", events::json_value::array({"urgent", "important"})}, {"title", "Buy groceries"}}};
}
template <> inline events::RecurringSpawnedPayload payload<events::RecurringSpawnedPayload>() {
  return {.new_task_id = id("d9428888-122b-41b3-9c5c-5a3d7a0e5b6f"), .original_task_id = id(task), .user_id = id(user),
          .recurrence_pattern = "weekly", .due_date = at("2026-01-23T10:00:00Z"), .occurrence_number = 2};
}

// ---- analytics ----
template <> inline events::UserLogin payload<events::UserLogin>() {
  return {.user_id = id(user), .session_id = id(session), .login_at = at("2026-01-15T08:59:30Z"), .client = "web"};
}
template <> inline events::UserLogout payload<events::UserLogout>() {
  return {.user_id = id(user), .session_id = id(session), .logout_at = at("2026-01-15T17:29:30Z"),
          .session_seconds = 30600};
}
template <> inline events::TaskCreated payload<events::TaskCreated>() {
  return {.task_id = id(task), .user_id = id(user), .created_at = at("2026-01-15T10:30:00Z"), .priority = "high",
          .has_due_date = true};
}
template <> inline events::TaskCompleted payload<events::TaskCompleted>() {
  return {.task_id = id(task), .user_id = id(user), .completed_at = at("2026-01-16T09:42:00Z"),
          .time_to_complete = 83520, .was_overdue = false};
}
template <> inline events::TaskOverdue payload<events::TaskOverdue>() {
  return {.task_id = id(task), .user_id = id(user), .due_date = at("2026-01-16T10:00:00Z"),
          .detected_at = at("2026-01-16T10:05:00Z"), .overdue_seconds = 300};
}
template <> inline events::ProductivityMetric payload<events::ProductivityMetric>() {
  return {.user_id = id(user), .period_start = at("2026-01-12T00:00:00Z"), .period_end = at("2026-01-19T00:00:00Z"),
          .tasks_created = 8, .tasks_completed = 6, .completion_rate = 0.75, .active_minutes = 412};
}

// ---- notifications ----
template <> inline events::EmailNotificationSent payload<events::EmailNotificationSent>() {
  return {.notification_id = id(notification), .user_id = id(user), .todo_id = id(todo),
          .recipient = "ada@example.com", .subject = "Reminder: Buy groceries", .template_name = "reminder_due",
          .sent_at = at("2026-01-16T17:00:01Z")};
}
template <> inline events::PushNotificationSent payload<events::PushNotificationSent>() {
  return {.notification_id = id(notification), .user_id = id(user), .todo_id = std::nullopt,
          .device_id = "ios-3F2A9C", .title = "Due soon", .body = "Buy groceries is due at 18:00",
          .sent_at = at("2026-01-16T17:00:01Z")};
}
template <> inline events::InAppNotificationCreated payload<events::InAppNotificationCreated>() {
  return {.notification_id = id(notification), .user_id = id(user), .todo_id = id(todo), .title = "Shared with you",
          .message = "Grace shared \"Buy groceries\" with you \u2714", .link = "/todos/3f2b8c1e",
          .created_at = at("2026-01-15T12:00:00Z")};
}
template <> inline events::NotificationDeliveredPayload payload<events::NotificationDeliveredPayload>() {
  return {.notification_id = id(notification), .user_id = id(user), .channel = "push",
          .delivered_at = at("2026-01-16T17:00:02Z"), .provider_message_id = "apns-0a1b2c"};
}
template <> inline events::NotificationFailedPayload payload<events::NotificationFailedPayload>() {
  return {.notification_id = id(notification), .user_id = id(user), .channel = "email",
          .failed_at = at("2026-01-16T17:00:02Z"), .error_message = "connection timed out", .retry_count = 3};
}
template <> inline events::NotificationBouncedPayload payload<events::NotificationBouncedPayload>() {
  return {.notification_id = id(notification), .user_id = id(user), .channel = "email",
          .bounced_at = at("2026-01-16T17:03:00Z"), .recipient = "ada@example.com", .bounce_type = "hard",
          .reason = "550 5.1.1 user unknown"};
}

// ---- audit ----
template <> inline events::UserLoggedIn payload<events::UserLoggedIn>() {
  return {.user_id = id(user), .session_id = id(session), .ip_address = "203.0.113.7",
          .user_agent = "Mozilla/5.0", .logged_in_at = at("2026-01-15T08:59:30Z")};
}
template <> inline events::UserLoggedOut payload<events::UserLoggedOut>() {
  return {.user_id = id(user), .session_id = id(session), .reason = "expired",
          .logged_out_at = at("2026-01-15T20:59:30Z")};
}
template <> inline events::LoginFailed payload<events::LoginFailed>() {
  return {.username = "ada@example.com", .user_id = id(user), .ip_address = "198.51.100.23",
          .reason = "bad_password", .attempted_at = at("2026-01-15T08:58:02Z")};
}
template <> inline events::PermissionsChanged payload<events::PermissionsChanged>() {
  return {.user_id = id(user), .changed_by = id("00000000-0000-4000-8000-00000000a0a0"),
          .granted = {"tasks:share"}, .revoked = {"tasks:admin"}, .reason = "role changed to member",
          .changed_at = at("2026-01-15T09:30:00Z")};
}

// ---- contract (seed 003) ----
template <> inline events::TaskData payload<events::TaskData>() {
  return {.id = 1, .title = "Buy groceries", .description = std::nullopt, .completed = false,
          .priority = "medium", .tags = {}, .due_date = at("2025-01-02T10:00:00Z"), .recurrence_rule = std::nullopt,
          .user_id = "user-uuid", .created_at = at("2025-01-01T00:00:00Z"), .updated_at = at("2025-01-01T00:00:00Z")};
}
template <> inline events::TaskEvent payload<events::TaskEvent>() {
  return {.id = id("550e8400-e29b-41d4-a716-446655440000"), .event_type = events::TaskOperation::created,
          .task_id = 1, .task_data = payload<events::TaskData>(), .user_id = "user-uuid",
          .timestamp = at("2025-01-01T00:00:00Z")};
}
template <> inline events::ReminderEvent payload<events::ReminderEvent>() {
  return {.task_id = 1, .title = "Buy groceries", .due_date = at("2025-01-02T10:00:00Z"),
          .remind_at = at("2025-01-02T09:00:00Z"), .user_id = "user-uuid"};
}

/// Fixed envelope metadata for the samples.
inline events::event_options metadata() {
  return {.correlation_id = id("c0ffee00-0000-4000-8000-000000000001"),
          .causation_id = id("c0ffee00-0000-4000-8000-000000000002"),
          .event_id = id("e0e0e0e0-0000-4000-8000-000000000003"),
          .time = at("2026-01-15T10:30:00.123456Z")};
}

/// metadata() without causation_id, which the flat envelope does not carry.
inline events::flat_event_options flat_metadata() {
  auto m = metadata();
  return {.correlation_id = m.correlation_id, .event_id = m.event_id, .time = m.time, .time_ordered_id = false};
}

/// The sample value of a catalog type: the payload in its envelope with fixed metadata, or the
/// contract message itself.
template <class T>
T sample() {
  if constexpr (envelope<T>) {
    using P = typename T::payload_type;
    if constexpr (nested<T>)
      return events::make_event(payload<P>(), metadata());
    else
      return events::make_flat_event(payload<P>(), flat_metadata());
  } else {
    return payload<T>();
  }
}

/// The name of a catalog type: its golden file's stem and its key in the Python models.
/// "TodoCreated", "task.created", "task.created.v2", "TaskEvent".
template <class T>
std::string name() {
  if constexpr (envelope<T>) {
    using P = typename T::payload_type;
    std::string n(P::type);
    if (events::payload_version<P> > 1) n += ".v" + std::to_string(events::payload_version<P>);
    return n;
  } else if constexpr (std::is_same_v<T, events::TaskEvent>) {
    return "TaskEvent";
  } else {
    static_assert(std::is_same_v<T, events::ReminderEvent>, "events: unknown catalog type");
    return "ReminderEvent";
  }
}

/// Our JSON of a value, whichever kind of type it is.
template <class T>
std::string encode(const T& v) {
  if constexpr (envelope<T>)
    return v.to_json();
  else
    return events::to_json(v);
}

/// Decodes any catalog type.
template <class T>
events::result<T> decode(std::string_view text) {
  return events::from_json<T>(text);
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in, "cannot open " << path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string golden_path(const std::string& stem) {
  return std::string(EVENTS_SOURCE_DIR) + "/tests/golden/" + stem + ".json";
}

/// Calls f.template operator()<T>() for every catalog type.
template <class F>
void for_each_type(F&& f) {
  [&]<class... T>(std::tuple<T...>*) { (f.template operator()<T>(), ...); }(static_cast<all_types*>(nullptr));
}

}  // namespace catalog_test
