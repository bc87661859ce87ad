#pragma once
/// \file The dead-letter record: the original message's bytes, key and headers, plus headers
/// saying why it failed and where it came from. Topic: `<original topic>-dlq`.
#include <events/kafka/config.hpp>
#include <events/kafka/message.hpp>
#include <events/kafka/producer.hpp>
#include <events/timestamp.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace events::kafka {

/// Header names added to a dead-lettered message (the original headers stay before them).
namespace dlq_header {
inline constexpr std::string_view error_code = "dlq_error_code";        ///< "json_invalid", "handler_failed", ...
inline constexpr std::string_view error_message = "dlq_error_message";  ///< Every error, one per line.
inline constexpr std::string_view original_topic = "dlq_original_topic";
inline constexpr std::string_view original_partition = "dlq_original_partition";
inline constexpr std::string_view original_offset = "dlq_original_offset";
inline constexpr std::string_view attempts = "dlq_attempts";            ///< Handler calls made (0: never decoded).
inline constexpr std::string_view consumer_group = "dlq_consumer_group";
inline constexpr std::string_view failed_at = "dlq_failed_at";          ///< RFC 3339 UTC.
}  // namespace dlq_header

/// Why a message was dead-lettered, as the consumer reports it.
struct dead_letter {
  std::string topic;  ///< The dead-letter topic.
  std::string original_topic;
  std::int32_t partition = -1;
  std::int64_t offset = -1;
  std::string event_type;  ///< Empty when it could not be told.
  std::string code;
  std::string message;
  int attempts = 0;
};

/// The record that carries `m` to the dead-letter topic.
inline record dead_letter_record(const message& m, const dead_letter& why, std::string_view group) {
  record r;
  r.topic = why.topic;
  r.key = std::string(m.key());
  r.value = std::string(m.value());
  r.headers = m.headers();
  r.headers.emplace_back(dlq_header::error_code, why.code);
  r.headers.emplace_back(dlq_header::error_message, why.message);
  r.headers.emplace_back(dlq_header::original_topic, why.original_topic);
  r.headers.emplace_back(dlq_header::original_partition, std::to_string(why.partition));
  r.headers.emplace_back(dlq_header::original_offset, std::to_string(why.offset));
  r.headers.emplace_back(dlq_header::attempts, std::to_string(why.attempts));
  r.headers.emplace_back(dlq_header::consumer_group, std::string(group));
  r.headers.emplace_back(dlq_header::failed_at, format_timestamp(now()));
  return r;
}

/// The consumer's dead-letter path: a plain (non-transactional) idempotent producer writing
/// dead_letter_record(m, why, group), retried until it is delivered or the consumer stops.
class dead_letter_writer {
 public:
  explicit dead_letter_writer(const config& cfg) {
    config plain;
    for (const auto& [k, v] : cfg.for_client(client_kind::producer))
      if (k != "transactional.id") plain.set(k, v);
    producer_options o;
    o.validate = false;  // the bytes are sent as received
    out_ = std::make_unique<producer>(plain, std::move(o));
  }

  /// Writes `m` to why.topic. `wait(backoff)` sleeps between attempts and returns false when the
  /// consumer stops (then false is returned: the message is left for redelivery); `on_error`
  /// hears each failed attempt.
  template <class Wait>
  bool write(const message& m, const dead_letter& why, std::string_view group, Wait&& wait,
             const std::function<void(const std::string&)>& on_error) {
    record r = dead_letter_record(m, why, group);
    for (int tries = 1;; ++tries) {
      delivery result = out_->send(r).get();
      if (result.ok()) return true;
      on_error("dead-letter write to " + why.topic + " failed: " + result.error);
      if (!wait(std::min(tries, 10))) return false;
    }
  }

  /// Flushes and closes the producer.
  void close() { out_->close(); }

 private:
  std::unique_ptr<producer> out_;
};

}  // namespace events::kafka
