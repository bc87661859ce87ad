#pragma once
/// \file Todo domain events (seed 000): flat envelope, `event_type` is the struct's name,
/// `event_version` "1.0", topic `todos`, partition key `todo_id`.
///
/// <!-- given: events::uuid id, u; -->
/// \code
/// auto ev = events::make_flat_event(events::TodoCreated{.todo_id = id, .user_id = u, .title = "Milk"});
/// std::string wire = ev.to_json();   // {"event_id":...,"event_type":"TodoCreated",...}
/// \endcode
#include <events/constraints.hpp>
#include <events/event.hpp>
#include <events/json_value.hpp>
#include <events/registry.hpp>
#include <events/routing.hpp>
#include <events/timestamp.hpp>
#include <events/catalog/topics.hpp>
#include <events/uuid.hpp>

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>


namespace events {

/// A new todo was created.
struct TodoCreated {
  static constexpr std::string_view type = "TodoCreated";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::todos.name;
  static constexpr std::string_view key = "todo_id";
  /// Seed 000's field descriptions (JSON Schema "description").
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> field_descriptions{{
      {"todo_id", "ID of the created todo"},
      {"user_id", "ID of the user who created the todo"},
      {"title", "Todo title"},
      {"description", "Optional description"},
      {"priority", "Priority level"},
      {"due_date", "Optional due date"},
  }};
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"todo_id": "3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "title": "Buy groceries",
      "description": "Milk, eggs, bread", "priority": "high", "due_date": "2026-01-16T18:00:00Z"})";
  uuid todo_id;                                       ///< The created todo.
  uuid user_id;                                       ///< Who created it.
  string<max_length<500>> title;                      ///< Todo title, at most 500 characters.
  std::optional<string<max_length<2000>>> description;  ///< At most 2000 characters.
  std::string priority = "medium";                    ///< Priority level.
  std::optional<timestamp> due_date;                  ///< Optional due date.
  friend bool operator==(const TodoCreated&, const TodoCreated&) = default;
};

/// A todo was updated.
struct TodoUpdated {
  static constexpr std::string_view type = "TodoUpdated";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::todos.name;
  static constexpr std::string_view key = "todo_id";
  /// Seed 000's field descriptions (JSON Schema "description").
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> field_descriptions{{
      {"todo_id", "ID of the updated todo"},
      {"user_id", "ID of the user who updated the todo"},
      {"changes", "Fields that were changed"},
      {"updated_fields", "List of updated field names"},
  }};
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"todo_id": "3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "changes": {"priority": "urgent",
      "title": "Buy groceries today"}, "updated_fields": ["title", "priority"]})";
  uuid todo_id;                                       ///< The updated todo.
  uuid user_id;                                       ///< Who updated it.
  std::map<std::string, json_value> changes;          ///< Changed fields and their new values.
  std::vector<std::string> updated_fields;            ///< Names of the updated fields.
  friend bool operator==(const TodoUpdated&, const TodoUpdated&) = default;
};

/// A todo was marked complete.
struct TodoCompleted {
  static constexpr std::string_view type = "TodoCompleted";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::todos.name;
  static constexpr std::string_view key = "todo_id";
  /// Seed 000's field descriptions (JSON Schema "description").
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> field_descriptions{{
      {"todo_id", "ID of the completed todo"},
      {"user_id", "ID of the user who completed the todo"},
      {"completed_at", "When the todo was completed"},
      {"time_to_complete", "Seconds between creation and completion"},
  }};
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"todo_id": "3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8",
      "completed_at": "2026-01-16T17:45:12.250000Z", "time_to_complete": 112512})";
  uuid todo_id;                                       ///< The completed todo.
  uuid user_id;                                       ///< Who completed it.
  timestamp completed_at;                             ///< When it was completed.
  std::optional<number<int, ge<0>>> time_to_complete; ///< Seconds from creation to completion.
  friend bool operator==(const TodoCompleted&, const TodoCompleted&) = default;
};

/// A completed todo was reopened. Seed 000 names it only; fields chosen: todo_id, user_id, uncompleted_at.
struct TodoUncompleted {
  static constexpr std::string_view type = "TodoUncompleted";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::todos.name;
  static constexpr std::string_view key = "todo_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"todo_id": "3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "uncompleted_at": "2026-01-16T19:00:00Z"})";
  uuid todo_id;                                       ///< The reopened todo.
  uuid user_id;                                       ///< Who reopened it.
  timestamp uncompleted_at;                           ///< When it was reopened.
  friend bool operator==(const TodoUncompleted&, const TodoUncompleted&) = default;
};

/// A todo was deleted.
struct TodoDeleted {
  static constexpr std::string_view type = "TodoDeleted";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::todos.name;
  static constexpr std::string_view key = "todo_id";
  /// Seed 000's field descriptions (JSON Schema "description").
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> field_descriptions{{
      {"todo_id", "ID of the deleted todo"},
      {"user_id", "ID of the user who deleted the todo"},
      {"deleted_at", "When the todo was deleted"},
      {"reason", "Reason for deletion"},
  }};
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"todo_id": "3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "deleted_at": "2026-01-17T08:00:00Z",
      "reason": "duplicate"})";
  uuid todo_id;                                       ///< The deleted todo.
  uuid user_id;                                       ///< Who deleted it.
  timestamp deleted_at;                               ///< When it was deleted.
  std::optional<std::string> reason;                  ///< Why, if given.
  friend bool operator==(const TodoDeleted&, const TodoDeleted&) = default;
};

/// A todo's priority changed. Seed 000 names it only; fields chosen: todo_id, user_id,
/// old_priority, new_priority, prioritized_at.
struct TodoPrioritized {
  static constexpr std::string_view type = "TodoPrioritized";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::todos.name;
  static constexpr std::string_view key = "todo_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"todo_id": "3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "old_priority": "medium",
      "new_priority": "high", "prioritized_at": "2026-01-15T11:00:00Z"})";
  uuid todo_id;                                       ///< The todo.
  uuid user_id;                                       ///< Who changed its priority.
  std::string old_priority;                           ///< Priority before ("medium").
  std::string new_priority;                           ///< Priority after ("high").
  timestamp prioritized_at;                           ///< When it changed.
  friend bool operator==(const TodoPrioritized&, const TodoPrioritized&) = default;
};

/// Every todo event, as sent on `todos`.
using todo_registry = registry<flat_event<TodoCreated>, flat_event<TodoUpdated>, flat_event<TodoCompleted>,
                               flat_event<TodoUncompleted>, flat_event<TodoDeleted>, flat_event<TodoPrioritized>>;

}  // namespace events
