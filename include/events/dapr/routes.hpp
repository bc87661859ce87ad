#pragma once
/// \file Subscription routes: seed 003's per-topic routes, and a subscriber's subscriptions as
/// data (for Dapr's declarative Subscription resources and for checks against deployed YAML).
///
/// \code
/// events::dapr::subscriber sub({.routes = events::dapr::seed_routes()});   // task-events -> /events/tasks
/// for (const auto& s : events::dapr::subscriptions_of(sub)) std::cout << s.topic << " -> " << s.route << '\n';
/// \endcode
#include <events/dapr/subscriber.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace events::dapr {

/// One subscription: pub/sub, topic, the app route, and the dead-letter topic (empty: none).
struct subscription_spec {
  std::string pubsubname;
  std::string topic;
  std::string route;
  std::string dead_letter_topic;
  friend bool operator==(const subscription_spec&, const subscription_spec&) = default;
};

/// Seed 003's routes: task-events to /events/tasks, reminders to /events/reminders, and
/// task-updates (the WebSocket bridge's feed) to /events/task-updates.
inline std::map<std::string, std::string, std::less<>> seed_routes() {
  return {{"task-events", "/events/tasks"}, {"reminders", "/events/reminders"}, {"task-updates", "/events/task-updates"}};
}

/// The subscriptions a subscriber announces on `GET /dapr/subscribe`, as data.
inline std::vector<subscription_spec> subscriptions_of(const subscriber& sub) {
  std::vector<subscription_spec> out;
  auto doc = nlohmann::json::parse(sub.subscriptions_json(), nullptr, false);
  if (!doc.is_array()) return out;
  for (const auto& s : doc) {
    subscription_spec spec{s.value("pubsubname", ""), s.value("topic", ""), {}, s.value("deadLetterTopic", "")};
    if (s.contains("route") && s["route"].is_string()) spec.route = s["route"].get<std::string>();
    else if (s.contains("routes") && s["routes"].is_object()) spec.route = s["routes"].value("default", "");
    out.push_back(std::move(spec));
  }
  return out;
}

}  // namespace events::dapr
