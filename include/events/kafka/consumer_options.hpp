#pragma once
/// \file What a consumer is configured with (retries, policies, decode options, commit interval)
/// and what it counts.
#include <events/json.hpp>
#include <events/kafka/dead_letter.hpp>
#include <events/kafka/value_format.hpp>
#include <events/kafka/tracing.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace events::kafka {

/// Retries of a failing handler: max_retries more attempts, waiting initial_backoff, then
/// multiplied by `multiplier` each time, at most max_backoff (seed 003: 3 retries, 1 s, 2 s, 4 s).
struct retry_policy {
  int max_retries = 3;
  std::chrono::milliseconds initial_backoff{1000};
  double multiplier = 2.0;
  std::chrono::milliseconds max_backoff{60000};

  /// The wait before retry number `retry` (1-based).
  constexpr std::chrono::milliseconds backoff(int retry) const {
    double ms = static_cast<double>(initial_backoff.count());
    for (int i = 1; i < retry && ms < static_cast<double>(max_backoff.count()); ++i) ms *= multiplier;
    return std::min(max_backoff, std::chrono::milliseconds(static_cast<std::int64_t>(ms)));
  }
  /// Every wait a failing handler goes through, in order: backoff(1) .. backoff(max_retries).
  std::vector<std::chrono::milliseconds> schedule() const {
    std::vector<std::chrono::milliseconds> out;
    for (int r = 1; r <= max_retries; ++r) out.push_back(backoff(r));
    return out;
  }
};

/// What to do with a message of a type no handler is registered for.
enum class unknown_type_policy { skip, dead_letter };

/// What to do with a message newer than every handled version of its type.
enum class version_policy { dead_letter, skip };

/// Options of a consumer.
struct consumer_options {
  std::vector<std::string> topics;  ///< Subscribed at construction.
  std::string group_id;             ///< Empty: the configuration's group.id.
  retry_policy retry;
  std::string dlq_suffix = "-dlq";
  dead_letter_policy dead_letter;  ///< Bound on dead-letter writes (see dead_letter.hpp).
  std::size_t dedupe_window = 10000;  ///< Event ids remembered (0: no dedupe).
  unknown_type_policy unknown_types = unknown_type_policy::skip;
  /// Default: dead-letter with code "version_unsupported" (an old consumer cannot read it; a
  /// newer one can, from the dead-letter topic).
  version_policy newer_versions = version_policy::dead_letter;
  /// Limits and leniency of decoding (naive UTC times, as the seeds' Python producers write, are
  /// read as UTC unless allow_naive_timestamps is false).
  decode_options decode{};
  std::chrono::milliseconds poll_timeout{100};
  /// Settled offsets are committed (synchronously) at most this often from poll(), and always
  /// before partitions are revoked and at close().
  std::chrono::milliseconds commit_interval{1000};
  /// A partition with messages to read and none read while the consumer spent this long waiting
  /// for messages (time in handlers does not count: messages queued behind others are not
  /// stalled) is reported (on_error, consumer_stats::stalls) and fetched again from its next
  /// offset; so is a pause after a refused commit that no rebalance ended within this time.
  /// Checked from poll(), at most once a second; an idle partition's log end is asked of the
  /// cluster at most once per stall_timeout (one request for all of them). 0: off.
  std::chrono::milliseconds stall_timeout{30000};
  /// Told a `process {topic}` span for each message that reaches a handler (tracing.hpp); none by
  /// default.
  tracer tracing{};
  /// Reads each value before routing: Confluent's framed JSON (and plain JSON) with a
  /// kafka::registry_format (events/kafka/schema_registry.hpp), which dead-letters what it cannot
  /// read. Null: the value is the event's JSON.
  std::shared_ptr<value_format> values{};
};

/// Counts since construction. handled + dead_lettered + skipped + duplicates = consumed, once
/// every consumed message is settled.
struct consumer_stats {
  std::uint64_t consumed = 0;       ///< Messages taken from the topics.
  std::uint64_t handled = 0;        ///< Handler returned.
  std::uint64_t dead_lettered = 0;  ///< Written to the dead-letter topic.
  std::uint64_t skipped = 0;        ///< No handler for the type (or version, by option).
  std::uint64_t duplicates = 0;     ///< Event id already handled within the window.
  std::uint64_t retries = 0;        ///< Handler calls repeated after a failure.
  std::uint64_t abandoned = 0;      ///< Left uncommitted at shutdown (redelivered later).
  std::uint64_t errors = 0;         ///< Client errors reported by librdkafka (it recovers).
  std::uint64_t dead_letter_failures = 0;  ///< Dead-letter writes given up: partition paused, uncommitted.
  /// Settled messages whose commit the group coordinator refused when their partition was
  /// revoked: the partition's next owner receives them again (at-least-once). Real Kafka
  /// accepts a revoking member's commit; librdkafka 2.0.2's mock cluster refuses commits while
  /// the group is joining, so there this counts what a rebalance redelivers.
  std::uint64_t uncommitted_on_revoke = 0;
  /// Partitions found with lag and no progress for consumer_options::stall_timeout, restarted.
  std::uint64_t stalls = 0;
  /// Messages deleted from the log (retention, truncation) before this consumer read them:
  /// librdkafka skips to auto.offset.reset; each gap is also reported to on_error.
  std::uint64_t lost_to_retention = 0;
};

}  // namespace events::kafka
