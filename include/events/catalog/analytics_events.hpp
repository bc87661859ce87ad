#pragma once
/// \file Analytics events (seed 000, which names them only; every field here is chosen, see each
/// comment): flat envelope, `event_type` = struct name, topic `analytics`, partition key `user_id`.
///
/// <!-- given: events::uuid u, s; -->
/// \code
/// auto ev = events::make_flat_event(events::UserLogin{.user_id = u, .session_id = s, .login_at = events::now()});
/// \endcode
#include <events/constraints.hpp>
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

/// A user signed in. Fields chosen: user_id, session_id, login_at, client.
struct UserLogin {
  static constexpr std::string_view type = "UserLogin";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::analytics.name;
  static constexpr std::string_view key = "user_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8",
      "session_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "login_at": "2026-01-15T08:59:30Z",
      "client": "web"})";
  uuid user_id;
  uuid session_id;
  timestamp login_at;
  std::optional<std::string> client;  ///< "web", "ios", "android", "cli".
  friend bool operator==(const UserLogin&, const UserLogin&) = default;
};

/// A user signed out. Fields chosen: user_id, session_id, logout_at, session_seconds.
struct UserLogout {
  static constexpr std::string_view type = "UserLogout";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::analytics.name;
  static constexpr std::string_view key = "user_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8",
      "session_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "logout_at": "2026-01-15T17:29:30Z",
      "session_seconds": 30600})";
  uuid user_id;
  uuid session_id;
  timestamp logout_at;
  std::optional<number<long, ge<0>>> session_seconds;  ///< Session length, if known; >= 0.
  friend bool operator==(const UserLogout&, const UserLogout&) = default;
};

/// A task was created (for usage metrics). Fields chosen: task_id, user_id, created_at, priority, has_due_date.
struct TaskCreated {
  static constexpr std::string_view type = "TaskCreated";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::analytics.name;
  static constexpr std::string_view key = "user_id";
  static constexpr std::array<std::string_view, 1> defaulted = {"has_due_date"};
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"task_id": "123e4567-e89b-42d3-a456-426614174000",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "created_at": "2026-01-15T10:30:00Z",
      "priority": "high", "has_due_date": true})";
  uuid task_id;
  uuid user_id;
  timestamp created_at;
  std::string priority = "medium";
  bool has_due_date = false;
  friend bool operator==(const TaskCreated&, const TaskCreated&) = default;
};

/// A task was completed (task completion rate). Fields chosen: task_id, user_id, completed_at,
/// time_to_complete, was_overdue.
struct TaskCompleted {
  static constexpr std::string_view type = "TaskCompleted";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::analytics.name;
  static constexpr std::string_view key = "user_id";
  static constexpr std::array<std::string_view, 1> defaulted = {"was_overdue"};
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"task_id": "123e4567-e89b-42d3-a456-426614174000",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "completed_at": "2026-01-16T09:42:00Z",
      "time_to_complete": 83520, "was_overdue": false})";
  uuid task_id;
  uuid user_id;
  timestamp completed_at;
  std::optional<number<long, ge<0>>> time_to_complete;  ///< Seconds from creation; >= 0.
  bool was_overdue = false;
  friend bool operator==(const TaskCompleted&, const TaskCompleted&) = default;
};

/// A task passed its due date unfinished. Fields chosen: task_id, user_id, due_date, detected_at, overdue_seconds.
struct TaskOverdue {
  static constexpr std::string_view type = "TaskOverdue";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::analytics.name;
  static constexpr std::string_view key = "user_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"task_id": "123e4567-e89b-42d3-a456-426614174000",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "due_date": "2026-01-16T10:00:00Z",
      "detected_at": "2026-01-16T10:05:00Z", "overdue_seconds": 300})";
  uuid task_id;
  uuid user_id;
  timestamp due_date;
  timestamp detected_at;
  number<long, ge<0>> overdue_seconds;  ///< detected_at - due_date; >= 0.
  friend bool operator==(const TaskOverdue&, const TaskOverdue&) = default;
};

/// A user's activity and completion rate over a period. Fields chosen: user_id, period_start,
/// period_end, tasks_created, tasks_completed, completion_rate, active_minutes.
struct ProductivityMetric {
  static constexpr std::string_view type = "ProductivityMetric";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::analytics.name;
  static constexpr std::string_view key = "user_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "period_start": "2026-01-12T00:00:00Z",
      "period_end": "2026-01-19T00:00:00Z", "tasks_created": 8, "tasks_completed": 6,
      "completion_rate": 0.75, "active_minutes": 412})";
  uuid user_id;
  timestamp period_start;
  timestamp period_end;
  number<int, ge<0>> tasks_created;
  number<int, ge<0>> tasks_completed;
  number<double, ge<0>, le<1>> completion_rate;  ///< tasks_completed / tasks_created, 0..1.
  number<int, ge<0>> active_minutes;             ///< Minutes with any activity.
  friend bool operator==(const ProductivityMetric&, const ProductivityMetric&) = default;
};

/// Every analytics event, as sent on `analytics`.
using analytics_registry = registry<flat_event<UserLogin>, flat_event<UserLogout>, flat_event<TaskCreated>,
                                    flat_event<TaskCompleted>, flat_event<TaskOverdue>, flat_event<ProductivityMetric>>;

}  // namespace events
