#pragma once
/// \file The tracing hook: the producer's send and the consumer's process of each message, told to
/// a user's tracer as spans named and attributed by OpenTelemetry's messaging conventions, with
/// the trace context the tracer exports them under. No OpenTelemetry dependency: the tracer is a
/// callback; without one (the default) no span is made and nothing is spent on spans.
///
/// \code
/// std::mutex mu;
/// std::vector<events::kafka::span> spans;  // or: hand each one to your tracer's exporter
/// events::kafka::tracer tracer{.on_end = [&](const events::kafka::span& s) {
///   std::lock_guard lock(mu);  // send spans end on the thread serving delivery reports
///   spans.push_back(s);
/// }};
/// events::kafka::producer out(events::kafka::config::from_env(), {.source = "/task-service", .tracing = tracer});
/// events::kafka::consumer in(events::kafka::config::from_env(),
///                            {.topics = {"task-events"}, .group_id = "recurring", .tracing = tracer});
/// \endcode
///
/// The spans (OpenTelemetry semantic conventions, docs/messaging/messaging-spans.md and
/// docs/messaging/kafka.md of open-telemetry/semantic-conventions, the attribute names of v1.27 to
/// v1.44, which @opentelemetry/instrumentation-kafkajs 0.32 and the Java and Python Kafka
/// instrumentations emit today):
/// - `send {topic}`, kind producer: from the publish to its delivery result (the commit, with a
///   transactional.id). Its parent is the publish's trace (publish_options::trace, else
///   events::current_trace()); its own context is what the message's `traceparent` and
///   `ce_traceparent` headers carry, so the consumer's span is its child. producer::send(record)
///   sends bytes as given and makes no span.
/// - `process {topic}`, kind consumer: around the handler, retries included, of each message that
///   reached one (decoded and valid; a message dead-lettered before has no span). Its parent is the
///   message's trace context; its own is events::current_trace() in the handler, so what the
///   handler publishes is its child.
/// Attributes: messaging.system = "kafka", messaging.operation.type and messaging.operation.name
/// ("send" / "process"), messaging.destination.name, messaging.destination.partition.id (a
/// string), messaging.kafka.message.key (when there is a key), messaging.kafka.offset,
/// messaging.message.id (the event's id, when it has one), messaging.consumer.group.name
/// (process); error.type when it failed: librdkafka's error name ("_MSG_TIMED_OUT") for a send,
/// the dead-letter code ("handler_failed", a permanent_error's code) for a process.
#include <events/trace.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace events::kafka {

/// OpenTelemetry's SpanKind, of the two a message span has.
enum class span_kind { producer, consumer };

/// One attribute: a string or an integer.
struct span_attribute {
  std::string key;
  std::variant<std::string, std::int64_t> value;
  friend bool operator==(const span_attribute&, const span_attribute&) = default;
};

/// A span that ended: what a tracer exports.
struct span {
  std::string name;  ///< "send {topic}" or "process {topic}".
  span_kind kind = span_kind::producer;
  std::string trace_id;        ///< 32 lowercase hex digits.
  std::string span_id;         ///< 16 lowercase hex digits.
  std::string parent_span_id;  ///< 16 hex digits; empty for the root of a new trace.
  std::string trace_flags = "01";  ///< The parent's (sampled, when it has none).
  std::string tracestate;          ///< The parent's.
  std::chrono::system_clock::time_point start, end;
  std::vector<span_attribute> attributes;
  std::string error_type;  ///< Empty: it succeeded (else also the error.type attribute).
  std::string error;       ///< What went wrong, for the span's status description.

  bool ok() const noexcept { return error_type.empty(); }
  /// This span's own context, as a `traceparent`.
  trace_context context() const { return {"00-" + trace_id + "-" + span_id + "-" + trace_flags, tracestate}; }
  /// The attribute of that key; null when the span has none.
  const std::variant<std::string, std::int64_t>* attribute(std::string_view key) const noexcept {
    for (const auto& a : attributes)
      if (a.key == key) return &a.value;
    return nullptr;
  }
};

/// A user's tracer. on_end is called once for each span, when it ends: on the thread serving the
/// producer's delivery reports for a send span (see producer::publish), on the polling thread for a
/// process span; what it throws is dropped (a tracer never fails a publish or a handler).
struct tracer {
  std::function<void(const span&)> on_end;
  explicit operator bool() const noexcept { return static_cast<bool>(on_end); }
};

}  // namespace events::kafka
