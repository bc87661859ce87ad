#pragma once
/// \file What a publish takes and yields: content mode, producer and publish options, the delivery
/// result, and the per-message bookkeeping the producer hands to librdkafka.
#include <events/error.hpp>
#include <events/kafka/partitioner.hpp>
#include <events/kafka/tracing.hpp>
#include <events/trace.hpp>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace events::kafka {

/// How the event travels: binary mode (value = event JSON, attributes in `ce_*` headers) or
/// structured mode (value = the CloudEvent document with the event as `data`).
enum class content_mode { binary, structured };

/// The outcome of one publish.
struct delivery {
  std::string event_id;  ///< The event's id ("" for a record without one).
  std::string topic;
  std::int32_t partition = -1;
  std::int64_t offset = -1;
  RdKafka::ErrorCode code = RdKafka::ERR_NO_ERROR;
  std::string error;  ///< Empty on success.
  /// When the event was not sent because it is invalid: every error validate() gives (code is
  /// then ERR__INVALID_ARG and `error` starts with "events: invalid event").
  error_list errors{};
  bool ok() const noexcept { return code == RdKafka::ERR_NO_ERROR; }
};

class value_format;  // events/kafka/value_format.hpp

/// Options of a producer.
struct producer_options {
  std::string source = "/events";      ///< CloudEvents `source` of what this producer publishes.
  content_mode mode = content_mode::binary;
  std::chrono::milliseconds close_timeout{30000};  ///< flush on close waits this long, then purges.
  /// Validate every event before it is sent (constraints: lengths, ranges, patterns); an invalid
  /// one is not sent and its delivery result carries the errors.
  bool validate = true;
  /// A keyed record's partition: murmur2 as Java, aiokafka and kafkajs (the default), or
  /// librdkafka's CRC32. A `partitioner` property in the configuration takes precedence.
  partitioning partitioner = partitioning::murmur2;
  /// Told a `send {topic}` span for each publish (tracing.hpp); none by default.
  tracer tracing{};
  /// Frames each value (binary mode only): Confluent's Schema Registry wire format with a
  /// kafka::registry_format (events/kafka/schema_registry.hpp). Null: the value is the event's JSON.
  std::shared_ptr<value_format> values{};
};

/// Per-publish overrides.
struct publish_options {
  std::string topic;               ///< Empty: the event's catalog topic.
  std::optional<std::string> key;  ///< Default: the event's partition key.
  std::optional<content_mode> mode;
  /// W3C trace context to send; default: events::current_trace() (the handled message's, when
  /// publishing from a handler).
  std::optional<trace_context> trace{};
};

namespace detail {
/// Told a publish's result before its caller is: the send span (kafka/spans.hpp).
struct delivery_observer {
  virtual ~delivery_observer() = default;
  virtual void delivered(const delivery& d) noexcept = 0;
};

/// One publish awaiting its delivery report (the report's msg_opaque). The way the result is
/// handed over (promise or the caller's callback, of its own type) is the derived node's.
struct pending {
  virtual ~pending() = default;
  virtual void finish(const delivery& d) = 0;
  std::unique_ptr<delivery_observer> observer;  ///< Set when the producer has a tracer.
  void observe(const delivery& d) noexcept {
    if (observer) observer->delivered(d);
  }
  std::string event_id;
  bool in_tx = false;
  bool reported = false;
  bool orphan = false;
  delivery result;
};

struct promise_pending final : pending {
  std::promise<delivery> promise;
  void finish(const delivery& d) override {
    observe(d);
    promise.set_value(d);
  }
};

template <class F>
struct callback_pending final : pending {
  template <class G>
  explicit callback_pending(G&& g) : fn(std::forward<G>(g)) {}
  F fn;
  void finish(const delivery& d) override {
    observe(d);
    fn(d);
  }
};

/// librdkafka headers under construction; destroyed unless produce took them.
struct c_headers {
  rd_kafka_headers_t* h;
  explicit c_headers(std::size_t n) : h(rd_kafka_headers_new(n)) {}
  c_headers(const c_headers&) = delete;
  c_headers& operator=(const c_headers&) = delete;
  ~c_headers() {
    if (h) rd_kafka_headers_destroy(h);
  }
  void add(std::string_view name, std::string_view value) {
    rd_kafka_header_add(h, name.data(), static_cast<ssize_t>(name.size()), value.data(),
                        static_cast<ssize_t>(value.size()));
  }
};

/// A NUL-terminated copy of a topic name, on the stack when it fits (Kafka allows 249 chars).
class topic_name {
 public:
  explicit topic_name(std::string_view t) {
    if (t.size() < sizeof buf_) {
      t.copy(buf_, t.size());
      buf_[t.size()] = '\0';
      p_ = buf_;
    } else {
      long_.assign(t);
      p_ = long_.c_str();
    }
  }
  topic_name(const topic_name&) = delete;
  topic_name& operator=(const topic_name&) = delete;
  const char* c_str() const noexcept { return p_; }

 private:
  char buf_[256];
  std::string long_;
  const char* p_;
};
}  // namespace detail

}  // namespace events::kafka
