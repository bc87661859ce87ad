#pragma once
/// \file The dead-letter record: the original message's bytes, key and headers, plus headers
/// saying why it failed and where it came from. Topic: `<original topic>-dlq`. Also the bound
/// on writing it: a write that keeps failing is given up after `dead_letter_policy::max_attempts`,
/// and the consumer then pauses the partition instead of committing past the message.
#include <events/kafka/config.hpp>
#include <events/kafka/message.hpp>
#include <events/kafka/producer.hpp>
#include <events/timestamp.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

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

/// How a consumer writes dead letters: each write waits up to `timeout` for the broker's
/// acknowledgement (the dead-letter producer's message.timeout.ms), and at most `max_attempts`
/// writes are tried, with the consumer's retry backoff between them. When all fail, the consumer
/// reports it (error hook, `stats().dead_letter_failures`), leaves the message's offset
/// uncommitted and pauses its partition until `consumer::resume_blocked()` or a rebalance.
struct dead_letter_policy {
  int max_attempts = 5;
  std::chrono::milliseconds timeout{30000};
};


/// The outcome of the bounded write loop.
struct dead_letter_write {
  bool written = false;
  int attempts = 0;    ///< Writes tried.
  bool stopped = false;  ///< Interrupted by the consumer stopping (not a failure: redelivered later).
  std::string error;   ///< The last failure's text.
};

/// Tries `send()` (returning something with `ok()` and `error`) up to policy.max_attempts times;
/// between attempts calls `wait(attempt)`, which returns false to stop early; `on_failure(attempt,
/// error)` hears about each failed attempt.
template <class Send, class Wait, class OnFailure>
dead_letter_write write_dead_letter(const dead_letter_policy& policy, Send&& send, Wait&& wait,
                                    OnFailure&& on_failure) {
  dead_letter_write out;
  const int bound = policy.max_attempts < 1 ? 1 : policy.max_attempts;
  for (out.attempts = 1;; ++out.attempts) {
    auto result = send();
    if (result.ok()) {
      out.written = true;
      out.error.clear();
      return out;
    }
    out.error = std::move(result.error);
    on_failure(out.attempts, std::as_const(out.error));
    if (out.attempts >= bound) return out;
    if (!wait(out.attempts)) {
      out.stopped = true;
      return out;
    }
  }
}

/// The consumer's dead-letter path: a plain (non-transactional) idempotent producer writing
/// dead_letter_record(m, why, group), each write waiting up to policy.timeout for the broker's
/// acknowledgement, at most policy.max_attempts writes (write_dead_letter).
class dead_letter_writer {
 public:
  dead_letter_writer(const config& cfg, dead_letter_policy policy) : policy_(policy) {
    config plain;
    for (const auto& [k, v] : cfg.for_client(client_kind::producer))
      if (k != "transactional.id") plain.set(k, v);
    plain.set("message.timeout.ms", std::to_string(policy_.timeout.count()));
    producer_options o;
    o.validate = false;  // the bytes are sent as received
    out_ = std::make_unique<producer>(plain, std::move(o));
  }

  /// Writes `m` to why.topic within the policy's bound. `wait(attempt)` sleeps between attempts
  /// and returns false when the consumer stops; `on_failure(attempt, error)` hears each failure.
  template <class Wait, class OnFailure>
  dead_letter_write write(const message& m, const dead_letter& why, std::string_view group, Wait&& wait,
                          OnFailure&& on_failure) {
    record r = dead_letter_record(m, why, group);
    return write_dead_letter(policy_, [&] { return out_->send(r).get(); }, std::forward<Wait>(wait),
                             std::forward<OnFailure>(on_failure));
  }

  /// Flushes and closes the producer.
  void close() { out_->close(); }

 private:
  dead_letter_policy policy_;
  std::unique_ptr<producer> out_;
};

}  // namespace events::kafka
