#pragma once
/// \file The catalog's Kafka topics: name, partitions and retention, for creating them and for
/// each event's default topic (P::topic names one of these).
///
/// \code
/// for (const events::topic_info& t : events::topics::all)
///   std::cout << t.name << ": " << t.partitions << " partitions, retention.ms " << t.retention.count() << '\n';
/// \endcode
#include <array>
#include <chrono>
#include <optional>
#include <string_view>

namespace events {

/// A topic to create: its name, partition count, retention (retention.ms), replication factor,
/// segment roll time (segment.ms) and cleanup.policy, as a Strimzi KafkaTopic states them.
struct topic_info {
  std::string_view name;               ///< Topic name, e.g. "task-events".
  int partitions;                      ///< Partition count; keys spread over these.
  std::chrono::milliseconds retention; ///< How long messages are kept.
  int replicas = 3;                    ///< Replication factor (seed 000's KafkaTopic: 3).
  std::chrono::milliseconds segment{0};  ///< segment.ms; 0: the lesser of one day and retention.
  std::string_view cleanup_policy = "delete";  ///< cleanup.policy: "delete" or "compact".
  friend constexpr bool operator==(const topic_info&, const topic_info&) = default;
};

/// The segment roll time of a topic (segment.ms): its own, else the lesser of a day and retention,
/// so that retention is kept to within one segment.
constexpr std::chrono::milliseconds segment_of(const topic_info& t) noexcept {
  if (t.segment.count() > 0) return t.segment;
  constexpr std::chrono::milliseconds day = std::chrono::hours(24);
  return t.retention < day ? t.retention : day;
}

namespace topics {
using namespace std::chrono_literals;

/// All task CRUD operations (seed 003): 3 partitions, 7 days.
inline constexpr topic_info task_events{"task-events", 3, 7 * 24h};
/// Due-date reminder triggers (seed 003): 1 partition, 1 day.
inline constexpr topic_info reminders{"reminders", 1, 24h};
/// Real-time UI sync for the WebSocket bridge (seed 003): 3 partitions, 1 hour.
inline constexpr topic_info task_updates{"task-updates", 3, 1h};
/// Dead letters of task-events (seed 003); as many partitions as its source, kept 14 days (chosen).
inline constexpr topic_info task_events_dlq{"task-events-dlq", 3, 14 * 24h};
/// Todo domain events (seed 000, whose topic config says 3 partitions, 7 days).
inline constexpr topic_info todos{"todos", 3, 7 * 24h};
/// Analytics events (seed 000); 3 partitions, 30 days (chosen).
inline constexpr topic_info analytics{"analytics", 3, 30 * 24h};
/// Notification events (seeds 000, 002); 3 partitions, 7 days (chosen).
inline constexpr topic_info notifications{"notifications", 3, 7 * 24h};
/// Audit events (seed 000); 3 partitions, 365 days (chosen: audit trails are kept long).
inline constexpr topic_info audit{"audit", 3, 365 * 24h};

/// Every catalog topic, for the tooling that creates them.
inline constexpr std::array<topic_info, 8> all{task_events, reminders,     task_updates, task_events_dlq,
                                               todos,       analytics,     notifications, audit};
}  // namespace topics

/// The descriptor of a topic by name, if it is a catalog topic.
constexpr std::optional<topic_info> find_topic(std::string_view name) noexcept {
  for (const topic_info& t : topics::all)
    if (t.name == name) return t;
  return std::nullopt;
}

}  // namespace events
