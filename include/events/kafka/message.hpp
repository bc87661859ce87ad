#pragma once
/// \file Messages as our code sees them: `record` (one to send: topic, key, bytes, headers) and
/// `message` (one received, a view over librdkafka's message), with header lookup.
#include <events/cloudevents.hpp>
#include <events/trace.hpp>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace events::kafka {

/// Header list: (name, value) pairs in order; a name may repeat.
using header_list = std::vector<std::pair<std::string, std::string>>;

/// One message to send, bytes already encoded.
struct record {
  std::string topic;
  std::int32_t partition = -1;  ///< -1: chosen by the key's hash (the default partitioner).
  std::string key;              ///< Empty: no key.
  std::string value;
  header_list headers;
  std::string event_id;         ///< Carried into the delivery result; may be empty.
};

/// One received message: a view valid while the handler runs.
class message {
 public:
  explicit message(const RdKafka::Message& m) noexcept : m_(&m) {}

  std::string_view topic() const noexcept {
    const char* t = rd_kafka_topic_name(const_cast<RdKafka::Message*>(m_)->c_ptr()->rkt);
    return t ? std::string_view(t) : std::string_view();
  }
  std::int32_t partition() const noexcept { return m_->partition(); }
  std::int64_t offset() const noexcept { return m_->offset(); }
  /// The key's bytes (empty when there is none).
  std::string_view key() const noexcept {
    return m_->key_pointer() ? std::string_view(static_cast<const char*>(m_->key_pointer()), m_->key_len())
                             : std::string_view();
  }
  /// The value's bytes, as received.
  std::string_view value() const noexcept {
    return m_->payload() ? std::string_view(static_cast<const char*>(m_->payload()), m_->len()) : std::string_view();
  }
  /// The last header of that name, when present.
  std::optional<std::string_view> header(std::string_view name) const {
    rd_kafka_headers_t* h = nullptr;
    if (name.size() >= 128 ||
        rd_kafka_message_headers(const_cast<RdKafka::Message*>(m_)->c_ptr(), &h) != RD_KAFKA_RESP_ERR_NO_ERROR)
      return std::nullopt;
    char cname[128];
    name.copy(cname, name.size());
    cname[name.size()] = '\0';
    const void* v = nullptr;
    std::size_t n = 0;
    if (rd_kafka_header_get_last(h, cname, &v, &n) != RD_KAFKA_RESP_ERR_NO_ERROR) return std::nullopt;
    return v ? std::string_view(static_cast<const char*>(v), n) : std::string_view();
  }
  /// Every header, copied, in order.
  header_list headers() const {
    header_list out;
    rd_kafka_headers_t* h = nullptr;
    if (rd_kafka_message_headers(const_cast<RdKafka::Message*>(m_)->c_ptr(), &h) != RD_KAFKA_RESP_ERR_NO_ERROR)
      return out;
    const char* name = nullptr;
    const void* v = nullptr;
    std::size_t n = 0;
    for (std::size_t i = 0; rd_kafka_header_get_all(h, i, &name, &v, &n) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i)
      out.emplace_back(name, v ? std::string(static_cast<const char*>(v), n) : std::string());
    return out;
  }
  /// librdkafka's message.
  const RdKafka::Message& native() const noexcept { return *m_; }

 private:
  const RdKafka::Message* m_;
};

/// The W3C Trace Context headers, as OpenTelemetry's Kafka instrumentations (Java, Python, Node)
/// propagate them; the producer writes them beside `ce_traceparent`/`ce_tracestate`.
namespace w3c_header {
inline constexpr std::string_view traceparent = "traceparent";
inline constexpr std::string_view tracestate = "tracestate";
}  // namespace w3c_header

/// Calls fn(name, text) for the W3C headers of a trace context: `traceparent` when there is one,
/// then `tracestate` when it is not empty (a tracestate is carried only with a traceparent).
template <class Fn>
void for_each_w3c_header(std::string_view traceparent, std::string_view tracestate, Fn&& fn) {
  if (traceparent.empty()) return;
  fn(w3c_header::traceparent, traceparent);
  if (!tracestate.empty()) fn(w3c_header::tracestate, tracestate);
}

namespace detail {
// The traceparent of header `tp` (when it has the W3C form) with the tracestate of header `ts`.
inline bool read_trace(const message& m, std::string_view tp, std::string_view ts, trace_context& out) {
  auto parent = m.header(tp);
  if (!parent || !valid_traceparent(*parent)) return false;
  out.traceparent.assign(*parent);
  if (auto state = m.header(ts)) out.tracestate.assign(*state);
  return true;
}
}  // namespace detail

/// The trace context of a received message: its plain `traceparent`/`tracestate` headers, else its
/// `ce_` ones. The plain ones come first: they are what the last instrumented hop (an OpenTelemetry
/// producer, our producer's send span) wrote, while `ce_traceparent` may be a relayed event's older
/// one. Read when the handler (or a publish from it) first asks for events::current_trace():
/// librdkafka parses and allocates all of a message's headers on the first look at any of them.
inline deferred_trace trace_of(const message& m) {
  return {&m, [](const void* source, trace_context& out) {
            const message& in = *static_cast<const message*>(source);
            if (!detail::read_trace(in, w3c_header::traceparent, w3c_header::tracestate, out))
              detail::read_trace(in, cloudevents::header::traceparent, cloudevents::header::tracestate, out);
          }};
}

/// The trace context of a received structured CloudEvent `doc`: the message's plain headers, as
/// above, else the document's `traceparent`/`tracestate` attributes.
inline trace_context trace_of(const message& m, const cloudevents::attributes& doc) {
  trace_context out;
  if (detail::read_trace(m, w3c_header::traceparent, w3c_header::tracestate, out)) return out;
  return {doc.traceparent, doc.tracestate};
}

}  // namespace events::kafka
