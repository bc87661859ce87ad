// Compile-time baseline: the one_event.cpp program written by hand with nlohmann_json and
// Howard Hinnant's date, as a team would without this library (benchmarks/compile/measure.sh).
// Same wire shape: the flat TodoCreated envelope; uuids as text; RFC 3339 UTC timestamps.
#include <date/date.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <optional>
#include <sstream>
#include <string>

namespace {

using sys_us = std::chrono::time_point<std::chrono::system_clock, std::chrono::microseconds>;

std::string format_time(sys_us t) { return date::format("%FT%TZ", t); }

sys_us parse_time(const std::string& s) {
  std::istringstream in(s);
  sys_us t{};
  in >> date::parse("%FT%TZ", t);
  if (in.fail()) throw std::invalid_argument("bad timestamp: " + s);
  return t;
}

struct todo_created {
  std::string event_id;
  std::string event_type = "TodoCreated";
  std::string event_version = "1.0";
  sys_us timestamp{};
  std::optional<std::string> correlation_id;
  std::string todo_id;
  std::string user_id;
  std::string title;
  std::optional<std::string> description;
  std::string priority = "medium";
  std::optional<sys_us> due_date;
  bool operator==(const todo_created&) const = default;
};

template <class T>
void put_optional(nlohmann::json& j, const char* key, const std::optional<T>& v) {
  if (v) j[key] = *v; else j[key] = nullptr;
}

void to_json(nlohmann::json& j, const todo_created& e) {
  j = nlohmann::json{{"event_id", e.event_id}, {"event_type", e.event_type}, {"event_version", e.event_version},
                     {"timestamp", format_time(e.timestamp)}};
  put_optional(j, "correlation_id", e.correlation_id);
  j["todo_id"] = e.todo_id;
  j["user_id"] = e.user_id;
  if (e.title.size() > 500) throw std::invalid_argument("title too long");
  j["title"] = e.title;
  put_optional(j, "description", e.description);
  j["priority"] = e.priority;
  if (e.due_date) j["due_date"] = format_time(*e.due_date); else j["due_date"] = nullptr;
}

void from_json(const nlohmann::json& j, todo_created& e) {
  j.at("event_id").get_to(e.event_id);
  j.at("event_type").get_to(e.event_type);
  if (e.event_type != "TodoCreated") throw std::invalid_argument("wrong event_type");
  if (j.contains("event_version")) j.at("event_version").get_to(e.event_version);
  e.timestamp = parse_time(j.at("timestamp").get<std::string>());
  if (j.contains("correlation_id") && !j["correlation_id"].is_null()) e.correlation_id = j["correlation_id"].get<std::string>();
  j.at("todo_id").get_to(e.todo_id);
  j.at("user_id").get_to(e.user_id);
  j.at("title").get_to(e.title);
  if (e.title.size() > 500) throw std::invalid_argument("title too long");
  if (j.contains("description") && !j["description"].is_null()) e.description = j["description"].get<std::string>();
  if (j.contains("priority")) j.at("priority").get_to(e.priority);
  if (j.contains("due_date") && !j["due_date"].is_null()) e.due_date = parse_time(j["due_date"].get<std::string>());
}

}  // namespace

int main() {
  todo_created ev{.event_id = "6f1c2b9e-3d4a-4e8b-9c7d-1a2b3c4d5e6f", .timestamp = {},
                  .todo_id = "6f1c2b9e-3d4a-4e8b-9c7d-1a2b3c4d5e60", .user_id = "6f1c2b9e-3d4a-4e8b-9c7d-1a2b3c4d5e61",
                  .title = "Milk"};
  const std::string wire = nlohmann::json(ev).dump();
  const auto back = nlohmann::json::parse(wire).get<todo_created>();
  std::printf("%zu %d\n", wire.size(), back == ev ? 1 : 0);
}
