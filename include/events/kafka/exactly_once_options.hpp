#pragma once
/// \file What an exactly_once_consumer is configured with, what it counts, and what it tells on
/// each committed transaction.
#include <events/json.hpp>
#include <events/kafka/config.hpp>
#include <events/kafka/consumer_options.hpp>
#include <events/kafka/delivery.hpp>
#include <events/kafka/error.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace events::kafka {

/// Options of an exactly_once_consumer.
struct exactly_once_options {
  std::vector<std::string> topics;  ///< Subscribed at construction.
  std::string group_id;             ///< Empty: the configuration's group.id.
  /// The producer's transactional.id. Empty: the configuration's (`transactional.id` or
  /// `producer.transactional.id`). One per running instance, the same after a restart: the
  /// restarted instance fences the old one and Kafka aborts what it left open.
  std::string transactional_id;
  /// A transaction is committed once it holds this many input messages, ...
  std::size_t max_batch = 100;
  /// ... or this long after it began, or when no message is waiting (whichever comes first).
  std::chrono::milliseconds max_batch_time{100};
  /// A handler that throws: the transaction is aborted, the input rewound, and after
  /// backoff(attempt) its messages are handled again; after max_retries more attempts (at once
  /// for permanent_error) the message goes to `<topic><dlq_suffix>` inside the next transaction.
  retry_policy retry;
  std::string dlq_suffix = "-dlq";
  unknown_type_policy unknown_types = unknown_type_policy::skip;
  decode_options decode{};
  std::chrono::milliseconds poll_timeout{100};
  /// Bound on each transactional call (send offsets, commit, abort) ...
  std::chrono::milliseconds transaction_timeout{30000};
  /// ... and how many times one is made while it fails with a retriable error (then a commit
  /// aborts; an abort that still fails is fatal).
  int call_attempts = 5;
  producer_options producer{};  ///< The transactional producer's options (source, validation, ...).
};

/// Counts since construction.
struct exactly_once_stats {
  std::uint64_t consumed = 0;       ///< Messages taken (again after a rewind: counted again).
  std::uint64_t handled = 0;        ///< Handler returned (its transaction may still abort).
  std::uint64_t dead_lettered = 0;  ///< Written to the dead-letter topic inside a transaction.
  std::uint64_t skipped = 0;        ///< No handler for the type (unknown_type_policy::skip).
  std::uint64_t handler_failures = 0;
  std::uint64_t committed = 0;      ///< Transactions committed.
  std::uint64_t aborted = 0;        ///< Transactions aborted (handler failure or abortable error).
  std::uint64_t rewound = 0;        ///< Messages of aborted transactions, to be taken again.
  std::uint64_t retried_calls = 0;  ///< Transactional calls repeated after a retriable error.
  std::uint64_t errors = 0;         ///< Client errors librdkafka reported (it recovers).
};

/// A partition's next offset to read, as a committed transaction gave it to the group.
struct partition_offset {
  std::string topic;
  std::int32_t partition = -1;
  std::int64_t offset = -1;  ///< The last message taken + 1.
};

/// What on_commit is told: the offsets committed with the transaction and how many input
/// messages it took (its outputs' delivery results arrive before it).
struct committed_transaction {
  std::vector<partition_offset> offsets;
  std::size_t messages = 0;
};

/// `cfg` with `transactional_id` as the producer's (when not empty); throws kafka::error when
/// neither gives the producer one.
inline config transactional_config(const config& cfg, const std::string& transactional_id) {
  config out = cfg;
  if (!transactional_id.empty()) out.set("producer.transactional.id", transactional_id);
  if (out.for_client(client_kind::producer).count("transactional.id") == 0)
    throw error(RdKafka::ERR__INVALID_ARG,
                "exactly_once_consumer: no transactional.id (exactly_once_options::transactional_id or the "
                "producer.transactional.id property; one per instance, kept across restarts)");
  return out;
}

}  // namespace events::kafka
