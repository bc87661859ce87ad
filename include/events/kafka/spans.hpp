#pragma once
/// \file The spans the producer and the consumer tell their tracer (tracing.hpp says what they
/// are): begun, attributed and ended here, so that each of them makes one call; with no tracer
/// that call is a test of an empty std::function.
#include <events/detail/random.hpp>
#include <events/event_traits.hpp>
#include <events/kafka/delivery.hpp>
#include <events/kafka/message.hpp>
#include <events/kafka/tracing.hpp>
#include <events/trace.hpp>

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace events::kafka::detail {

// `words` random 64-bit words in lowercase hex, none of them zero (W3C: an all-zero id is invalid).
inline std::string random_hex(int words) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(16 * static_cast<std::size_t>(words));
  for (int w = 0; w < words; ++w) {
    std::uint64_t v = 0;
    while (v == 0) v = events::detail::random_bits::local()();
    for (int i = 15; i >= 0; --i) out += digits[(v >> (4 * i)) & 0xf];
  }
  return out;
}

/// A span begun now, `{operation} {topic}`: the child of `parent` when that is a W3C traceparent,
/// else the root of a new trace; with the attributes every message span has.
inline span begin_span(span_kind kind, std::string_view operation, std::string_view topic,
                       const trace_context& parent) {
  span s;
  s.name.append(operation).append(" ").append(topic);
  s.kind = kind;
  s.start = std::chrono::system_clock::now();
  if (valid_traceparent(parent.traceparent)) {
    const std::string_view tp = parent.traceparent;
    s.trace_id = tp.substr(3, 32);
    s.parent_span_id = tp.substr(36, 16);
    s.trace_flags = tp.substr(53, 2);
    s.tracestate = parent.tracestate;
  } else {
    s.trace_id = random_hex(2);
  }
  s.span_id = random_hex(1);
  s.attributes = {{"messaging.system", std::string("kafka")},
                  {"messaging.operation.type", std::string(operation)},
                  {"messaging.operation.name", std::string(operation)},
                  {"messaging.destination.name", std::string(topic)}};
  return s;
}

/// Adds a text attribute, unless it is empty (the conventions: no key attribute without a key).
inline void add_text(span& s, std::string_view key, std::string_view value) {
  if (!value.empty()) s.attributes.push_back({std::string(key), std::string(value)});
}

/// Ends `s` now and tells `t`; nothing escapes (a tracer never fails a publish or a handler).
inline void end_span(const tracer& t, span& s) noexcept {
  try {
    s.end = std::chrono::system_clock::now();
    if (!s.error_type.empty()) s.attributes.push_back({"error.type", s.error_type});
    t.on_end(s);
  } catch (...) {
  }
}

/// The send span of one publish, kept in its pending node until the delivery result.
struct send_span final : delivery_observer {
  const tracer* to = nullptr;
  span s;
  void delivered(const delivery& d) noexcept override {
    try {
      if (d.partition >= 0) s.attributes.push_back({"messaging.destination.partition.id", std::to_string(d.partition)});
      if (d.ok() && d.offset >= 0) s.attributes.push_back({"messaging.kafka.offset", std::int64_t{d.offset}});
      if (!d.ok()) {
        s.error_type = rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(d.code));
        s.error = d.error;
      }
    } catch (...) {
    }
    end_span(*to, s);
  }
};

/// With a tracer: begins the send span of publishing `ev` with `o` (kept in `p` until its result)
/// and returns `o` with the span's context as its trace, held in `traced`. Without one: `o`.
template <event_type E>
const publish_options& start_send(const tracer& t, const E& ev, const publish_options& o, pending& p,
                                  std::optional<publish_options>& traced) {
  if (!t) return o;
  auto node = std::make_unique<send_span>();
  node->to = &t;
  const std::string_view topic = o.topic.empty() ? event_traits<E>::topic : std::string_view(o.topic);
  node->s = begin_span(span_kind::producer, "send", topic, o.trace ? *o.trace : current_trace());
  add_text(node->s, "messaging.kafka.message.key", o.key ? *o.key : event_traits<E>::key(ev));
  add_text(node->s, "messaging.message.id", event_traits<E>::id(ev));
  traced.emplace(o);
  traced->trace = node->s.context();
  p.observer = std::move(node);
  return *traced;
}

/// The process span of one received message, for the scope's life: the child of the current trace
/// (the message's), whose own context is current meanwhile (what the handler publishes is its
/// child); told to the tracer at the end of the scope. Without a tracer: nothing.
class process_span {
 public:
  /// `handler` holds the decoded event (its id() is the message id).
  template <class Handler>
  process_span(const tracer& t, const message& m, std::string_view group, const Handler& handler) {
    if (t) begin(t, m.topic(), m.partition(), m.offset(), m.key(), group, handler.id());
  }
  process_span(const tracer& t, std::string_view topic, std::int32_t partition, std::int64_t offset,
               std::string_view key, std::string_view group, std::string_view event_id) {
    if (t) begin(t, topic, partition, offset, key, group, event_id);
  }
  process_span(const process_span&) = delete;
  process_span& operator=(const process_span&) = delete;
  ~process_span() {
    if (state_) end_span(*state_->to, state_->s);
  }

  /// Marks the span failed with `code` as its error.type (and `why`); returns `code`.
  std::string fail(std::string_view code, std::string_view why = {}) {
    if (state_) {
      state_->s.error_type = code;
      state_->s.error = why;
    }
    return std::string(code);
  }
  /// The span so far; null without a tracer.
  const span* get() const noexcept { return state_ ? &state_->s : nullptr; }

 private:
  struct state {
    const tracer* to = nullptr;
    span s;
    std::optional<trace_scope> scope;  // the span's context, current until the span ends
  };

  void begin(const tracer& t, std::string_view topic, std::int32_t partition, std::int64_t offset,
             std::string_view key, std::string_view group, std::string_view event_id) {
    state_ = std::make_unique<state>();
    state_->to = &t;
    span& s = state_->s;
    s = begin_span(span_kind::consumer, "process", topic, current_trace());
    s.attributes.push_back({"messaging.destination.partition.id", std::to_string(partition)});
    s.attributes.push_back({"messaging.kafka.offset", std::int64_t{offset}});
    add_text(s, "messaging.kafka.message.key", key);
    add_text(s, "messaging.consumer.group.name", group);
    add_text(s, "messaging.message.id", event_id);
    state_->scope.emplace(s.context());
  }

  std::unique_ptr<state> state_;
};

}  // namespace events::kafka::detail
