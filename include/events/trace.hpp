#pragma once
/// \file W3C trace context (the CloudEvents distributed-tracing extension) and replies.
///
/// The Kafka consumer and the Dapr subscriber make the handled message's `traceparent` and
/// `tracestate` current on the handler's thread; the producer and publisher send the current
/// context with every event published there (binary mode: `ce_traceparent`/`ce_tracestate`
/// headers; structured: attributes). events::reply builds the reply's envelope with its
/// correlation and causation ids taken from the handled event.
///
/// <!-- given: #include <events/catalog/task_events.hpp>
/// #include <events/kafka/kafka.hpp>
/// extern events::kafka::consumer in; extern events::kafka::producer out; -->
/// \code
/// in.on<events::event<events::TaskCompletedPayload>>([&](const auto& done) {
///   out.publish(events::reply(done, events::TaskCreatedPayload{.task_id = events::uuid::v4(),
///       .user_id = done.payload.user_id, .title = "Follow-up"}));  // same trace, caused by `done`
/// });
/// \endcode
/// No OpenTelemetry dependency: a tracer reads events::current_trace() and sets a trace_scope.
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace events {

/// A W3C trace context: `traceparent` ("00-<32 hex>-<16 hex>-<2 hex>") and `tracestate`.
struct trace_context {
  std::string traceparent;  ///< Empty: no trace.
  std::string tracestate;   ///< Vendor data; carried only with a traceparent.
  bool empty() const noexcept { return traceparent.empty(); }
  friend bool operator==(const trace_context&, const trace_context&) = default;
};

/// True when `tp` has the W3C traceparent form (version 00 fields, lowercase hex, ids not all zero).
constexpr bool valid_traceparent(std::string_view tp) noexcept {
  if (tp.size() < 55 || tp[2] != '-' || tp[35] != '-' || tp[52] != '-') return false;
  if (tp.size() > 55 && (tp.substr(0, 2) == "00" || tp[55] != '-')) return false;
  bool zero_trace = true, zero_span = true;
  for (std::size_t i = 0; i < 55; ++i) {
    if (i == 2 || i == 35 || i == 52) continue;
    char c = tp[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    if (i >= 3 && i < 35 && c != '0') zero_trace = false;
    if (i >= 36 && i < 52 && c != '0') zero_span = false;
  }
  return tp.substr(0, 2) != "ff" && !zero_trace && !zero_span;
}

/// A trace context read only when first asked for (e.g. from a received message's headers, so a
/// message nobody asks about costs no header parsing). `read(source, out)` fills `out`; `source`
/// must outlive the trace_scope that holds it.
struct deferred_trace {
  const void* source = nullptr;
  void (*read)(const void* source, trace_context& out) = nullptr;
};

namespace detail {
struct trace_slot {
  trace_context value;
  deferred_trace pending;  // read into `value` on first access, when set
};
inline trace_slot& current_trace_slot() noexcept {
  thread_local trace_slot slot;
  return slot;
}
// Makes the slot's pending context its value (what is not of the W3C form, or cannot be read, is none).
inline void resolve_trace(trace_slot& s) noexcept {
  deferred_trace d = s.pending;
  s.pending = {};
  try {
    trace_context t;
    d.read(d.source, t);
    if (!valid_traceparent(t.traceparent)) t = {};
    s.value = std::move(t);
  } catch (...) {
    s.value = {};
  }
}
}  // namespace detail

/// The trace context current on this thread (the handled message's, inside a handler).
inline const trace_context& current_trace() noexcept {
  detail::trace_slot& s = detail::current_trace_slot();
  if (s.pending.read) [[unlikely]] detail::resolve_trace(s);
  return s.value;
}

/// Makes `t` current on this thread for the scope's life, then restores the previous one. A
/// traceparent that is not of the W3C form is not made current (nor its tracestate).
class trace_scope {
 public:
  explicit trace_scope(trace_context t) {
    detail::trace_slot& s = save();
    if (valid_traceparent(t.traceparent)) s.value = std::move(t);
  }
  /// Makes the context `d` reads current, reading it on the first events::current_trace() within
  /// the scope (never, when nothing asks).
  explicit trace_scope(deferred_trace d) { save().pending = d.read ? d : deferred_trace{}; }
  trace_scope(const trace_scope&) = delete;
  trace_scope& operator=(const trace_scope&) = delete;
  ~trace_scope() {
    detail::trace_slot& s = detail::current_trace_slot();
    if (saved_) {
      s.value = std::move(*saved_);
    } else {
      s.value.traceparent.clear();
      s.value.tracestate.clear();
    }
    s.pending = saved_pending_;
  }

 private:
  // Sets the current context aside and leaves the slot empty. Only an outer scope's context is
  // moved out: with none (a consumer's handler, the usual case) nothing but `pending` is copied.
  detail::trace_slot& save() {
    detail::trace_slot& s = detail::current_trace_slot();
    saved_pending_ = s.pending;
    s.pending = {};
    if (!s.value.traceparent.empty() || !s.value.tracestate.empty()) {
      saved_.emplace(std::move(s.value));
      s.value.traceparent.clear();
      s.value.tracestate.clear();
    }
    return s;
  }

  std::optional<trace_context> saved_;
  deferred_trace saved_pending_;
};

}  // namespace events
