#pragma once
// The benchmark event: seed 004's task.created envelope, typed (UUIDs and times as values), and
// the baseline a careful user writes by hand with nlohmann_json and date.
#include <events/events.hpp>

#include <date/date.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace bench {

enum class task_priority { low, medium, high, urgent };

struct TaskCreated {
  static constexpr std::string_view type = "task.created";
  static constexpr std::string_view key = "task_id";  // the Kafka partition key
  events::uuid task_id;
  events::uuid user_id;
  events::string<events::min_length<1>, events::max_length<200>> title;
  std::optional<std::string> description;
  task_priority priority = task_priority::medium;
  std::optional<events::timestamp> due_date;
  std::vector<std::string> tags;
};

using task_event = events::event<TaskCreated>;

inline task_event sample() {
  events::timestamp ts, due;
  events::parse_timestamp("2026-01-15T10:30:00.123456Z", ts);
  events::parse_timestamp("2026-01-20T17:00:00Z", due);
  task_event ev;
  ev.event_id = *events::uuid::parse("123e4567-e89b-12d3-a456-426614174000");
  ev.timestamp = ts;
  ev.correlation_id = *events::uuid::parse("9b2f6c1e-4d3a-4f7b-8e21-5c6d7e8f9a0b");
  ev.payload = {.task_id = *events::uuid::parse("3fa85f64-5717-4562-b3fc-2c963f66afa6"),
                .user_id = *events::uuid::parse("7c9e6679-7425-40de-944b-e07fc1f90ae7"),
                .title = "Buy groceries for the week",
                .description = "Milk, eggs, bread, coffee and fruit from the market on Main Street",
                .priority = task_priority::high,
                .due_date = due,
                .tags = {"shopping", "weekly"}};
  return ev;
}

// ---- baseline: hand-written nlohmann_json with date::format / date::parse ----

struct baseline_payload {
  events::uuid task_id, user_id;
  std::string title;
  std::optional<std::string> description;
  task_priority priority = task_priority::medium;
  std::optional<events::timestamp> due_date;
  std::vector<std::string> tags;
};

struct baseline_event {
  events::uuid event_id;
  events::timestamp timestamp;
  std::optional<events::uuid> correlation_id, causation_id;
  baseline_payload payload;
};

inline std::string format_time(events::timestamp t) {
  if (t == std::chrono::floor<std::chrono::seconds>(t))
    return date::format("%FT%TZ", std::chrono::floor<std::chrono::seconds>(t));
  return date::format("%FT%TZ", t);
}

inline events::timestamp parse_time(const std::string& s) {
  std::istringstream in(s);
  date::sys_time<std::chrono::microseconds> t;
  in >> date::parse("%FT%T%Ez", t);
  if (in.fail()) {
    in.clear();
    in.str(s);
    in >> date::parse("%FT%TZ", t);
    if (in.fail()) throw std::runtime_error("bad time");
  }
  return t;
}

inline events::uuid parse_id(const nlohmann::json& j) {
  auto u = events::uuid::parse(j.get_ref<const std::string&>());
  if (!u) throw std::runtime_error("bad uuid");
  return *u;
}

inline const char* priority_name(task_priority p) {
  static const char* names[] = {"low", "medium", "high", "urgent"};
  return names[static_cast<int>(p)];
}

inline void to_json(nlohmann::json& j, const baseline_payload& p) {
  j = nlohmann::json{{"task_id", p.task_id.to_string()},
                     {"user_id", p.user_id.to_string()},
                     {"title", p.title},
                     {"description", p.description ? nlohmann::json(*p.description) : nlohmann::json(nullptr)},
                     {"priority", priority_name(p.priority)},
                     {"due_date", p.due_date ? nlohmann::json(format_time(*p.due_date)) : nlohmann::json(nullptr)},
                     {"tags", p.tags}};
}

inline void from_json(const nlohmann::json& j, baseline_payload& p) {
  p.task_id = parse_id(j.at("task_id"));
  p.user_id = parse_id(j.at("user_id"));
  p.title = j.at("title").get<std::string>();
  if (p.title.empty() || p.title.size() > 200) throw std::runtime_error("bad title");
  const auto& d = j.at("description");
  p.description = d.is_null() ? std::nullopt : std::optional<std::string>(d.get<std::string>());
  const auto& pr = j.at("priority").get_ref<const std::string&>();
  p.priority = pr == "low" ? task_priority::low : pr == "medium" ? task_priority::medium : pr == "high" ? task_priority::high : task_priority::urgent;
  const auto& due = j.at("due_date");
  p.due_date = due.is_null() ? std::nullopt : std::optional<events::timestamp>(parse_time(due.get<std::string>()));
  p.tags = j.at("tags").get<std::vector<std::string>>();
}

inline void to_json(nlohmann::json& j, const baseline_event& e) {
  j = nlohmann::json{{"event_id", e.event_id.to_string()},
                     {"event_type", "task.created"},
                     {"event_version", "1.0"},
                     {"timestamp", format_time(e.timestamp)},
                     {"correlation_id", e.correlation_id ? nlohmann::json(e.correlation_id->to_string()) : nlohmann::json(nullptr)},
                     {"causation_id", e.causation_id ? nlohmann::json(e.causation_id->to_string()) : nlohmann::json(nullptr)},
                     {"payload", e.payload}};
}

inline void from_json(const nlohmann::json& j, baseline_event& e) {
  e.event_id = parse_id(j.at("event_id"));
  if (j.at("event_type") != "task.created") throw std::runtime_error("bad type");
  e.timestamp = parse_time(j.at("timestamp").get<std::string>());
  const auto& c = j.at("correlation_id");
  e.correlation_id = c.is_null() ? std::nullopt : std::optional<events::uuid>(parse_id(c));
  const auto& k = j.at("causation_id");
  e.causation_id = k.is_null() ? std::nullopt : std::optional<events::uuid>(parse_id(k));
  e.payload = j.at("payload").get<baseline_payload>();
}

}  // namespace bench
