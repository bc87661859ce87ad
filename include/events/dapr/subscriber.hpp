#pragma once
/// \file Receiving typed events from a Dapr sidecar: programmatic subscriptions and replies.
///
/// <!-- given: #include <events/catalog/task_events.hpp>
/// void schedule_next(const events::TaskCompletedPayload& task); -->
/// \code
/// events::dapr::subscriber sub({.pubsub = "kafka-pubsub"});
/// sub.on<events::event<events::TaskCompletedPayload>>([](const auto& ev) { schedule_next(ev.payload); });
/// httplib::Server app;
/// sub.mount(app);             // GET /dapr/subscribe and POST /events/<topic>
/// app.listen("127.0.0.1", 8000);
/// \endcode
///
/// The sidecar asks `GET /dapr/subscribe` for the subscriptions, then POSTs each message as a
/// CloudEvent to the route. Replies follow Dapr's contract: HTTP 200 with
/// `{"status":"SUCCESS"}`, `{"status":"RETRY"}` (redeliver) or `{"status":"DROP"}` (give up; the
/// sidecar moves it to the subscription's dead-letter topic, `<topic>-dlq` here).
/// A message that does not decode or validate is dropped at once: retrying cannot fix it.
/// A handler that throws asks for a retry.
///
/// Handlers are keyed by (topic, event type, version) as in the Kafka consumer: a message is
/// identified once (events::identify), decoded once by the handler of its version or by the
/// oldest newer one that upcasts it; one newer than every handled version gets
/// subscriber_options::newer_versions (default DROP, so the sidecar dead-letters it; the reason
/// says `version_unsupported`). A second handler for one (topic, type, version) throws
/// std::invalid_argument naming both. The delivery's traceparent/tracestate are current on the
/// handler's thread (events::current_trace).
#include <events/cloudevents.hpp>
#include <events/event_traits.hpp>
#include <events/inbound.hpp>
#include <events/json.hpp>
#include <events/trace.hpp>

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace events::dapr {

/// What a handler (or the subscriber on its behalf) tells the sidecar.
enum class status { success, retry, drop };

/// Dapr's wire word for a status.
constexpr std::string_view to_string(status s) noexcept {
  return s == status::success ? "SUCCESS" : s == status::retry ? "RETRY" : "DROP";
}

/// The reply to one delivery and why.
struct reply {
  status outcome = status::success;
  std::string reason;  ///< Empty on success; the decode errors or the handler's exception otherwise.
};

/// How the subscriber treats messages.
struct subscriber_options {
  std::string pubsub = "kafka-pubsub";   ///< The pub/sub component name (seed 003's).
  std::string route_prefix = "/events/"; ///< Route of a topic: prefix + topic, unless in `routes`.
  /// Per-topic routes, e.g. {{"task-events", "/events/tasks"}} (seed 003); see dapr/routes.hpp.
  std::map<std::string, std::string, std::less<>> routes;
  bool dead_letter = true;               ///< Ask Dapr to move dropped messages to <topic>-dlq.
  /// Reply for an event type no handler is registered for on that topic. Default: acknowledge
  /// (a topic carries many types; a service handles some), counted in stats().ignored.
  status unknown_type = status::success;
  /// Reply for a message newer than every handled version of its type (default: DROP, reason
  /// "version_unsupported: ...").
  status newer_versions = status::drop;
  /// Limits and leniency of decoding (e.g. allow_naive_timestamps for seed 003's publisher).
  decode_options decode{};
};

/// Counters of what the subscriber did, safe to read from any thread.
struct subscriber_stats {
  std::atomic<std::size_t> handled{0}, retried{0}, dropped{0}, ignored{0};
};

/// Typed handlers per topic and event type, served to a Dapr sidecar over HTTP.
class subscriber {
 public:
  explicit subscriber(subscriber_options o = {}) : options_(std::move(o)) {}

  /// Handles E (a payload, an envelope or a contract message) on `topic` (default: its catalog
  /// topic), and older versions of E's type that its version chain upcasts. `fn(const E&)`
  /// returns void (success) or a status. Throws std::invalid_argument when (topic, type,
  /// version) already has a handler.
  template <event_type E, class F>
  subscriber& on(F&& fn, std::string_view topic = {}) {
    static_assert(std::is_invocable_v<F&, const E&>, "events: the handler must be callable with const E&");
    std::string t(topic.empty() ? event_traits<E>::topic : topic);
    handlers_.template add<E>(std::forward<F>(fn), std::move(t), [](auto& f, const E& ev, std::string_view) {
      if constexpr (std::is_void_v<std::invoke_result_t<decltype(f), const E&>>) {
        f(ev);
        return status::success;
      } else {
        return static_cast<status>(f(ev));
      }
    });
    return *this;
  }

  /// The body of `GET /dapr/subscribe`: one subscription per topic with a handler.
  std::string subscriptions_json() const {
    std::string out = "[";
    auto topics = handlers_.topics();
    std::sort(topics.begin(), topics.end());
    for (const auto& topic : topics) {
      if (out.size() > 1) out += ',';
      out += "{\"pubsubname\":";
      events::detail::write_escaped(out, options_.pubsub);
      out += ",\"topic\":";
      events::detail::write_escaped(out, topic);
      out += ",\"route\":";
      events::detail::write_escaped(out, route_of(topic));
      if (options_.dead_letter) {
        out += ",\"deadLetterTopic\":";
        events::detail::write_escaped(out, topic + "-dlq");
      }
      out += '}';
    }
    return out + "]";
  }

  /// Handles one delivery to `topic`: a structured CloudEvent (as Dapr sends), or the bare event
  /// JSON (a raw-payload subscription). Never throws.
  reply handle(std::string_view topic, std::string_view body) noexcept {
    reply r;
    try {
      r = dispatch(topic, body);
    } catch (const std::exception& e) {
      r = {status::retry, std::string("handler failed: ") + e.what()};
    } catch (...) {
      r = {status::retry, "handler failed with a non-standard exception"};
    }
    auto& counter = r.outcome == status::retry ? stats_.retried : r.outcome == status::drop ? stats_.dropped : stats_.handled;
    ++counter;
    return r;
  }

  /// Installs `GET /dapr/subscribe` and a POST route per topic on `server`.
  void mount(httplib::Server& server) {
    server.Get("/dapr/subscribe", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(subscriptions_json(), "application/json");
    });
    for (const auto& topic : handlers_.topics()) {
      server.Post(route_of(topic), [this, topic](const httplib::Request& req, httplib::Response& res) {
        reply r = handle(topic, req.body);
        res.status = 200;
        res.set_content("{\"status\":\"" + std::string(to_string(r.outcome)) + "\"}", "application/json");
        if (!r.reason.empty()) res.set_header("x-events-reason", sanitize_header(r.reason));
      });
    }
  }

  const subscriber_stats& stats() const noexcept { return stats_; }
  std::string route_of(std::string_view topic) const {
    if (auto r = options_.routes.find(topic); r != options_.routes.end()) return r->second;
    return options_.route_prefix + std::string(topic);
  }

 private:
  static std::string sanitize_header(std::string s) {
    for (char& c : s)
      if (c == '\r' || c == '\n') c = ' ';
    if (s.size() > 512) s.resize(512);
    return s;
  }

  reply dispatch(std::string_view topic, std::string_view body) {
    auto topics = handlers_.topics();
    if (std::find(topics.begin(), topics.end(), topic) == topics.end())
      return {status::drop, "no subscription for topic " + std::string(topic)};
    // Dapr wraps a plain-JSON publish in its own CloudEvent (type "com.dapr.event.sent"), and a
    // raw-payload subscription has none: any body may be a CloudEvent, and that type names nothing.
    auto r = events::route(handlers_, body, [](std::string_view) { return std::optional<std::string_view>(); }, topic,
                           {.decode = options_.decode, .sniff_structured = true, .anonymous_type = "com.dapr.event.sent"});
    if (!r) {
      if (!r.identified) return {status::drop, "no event type: " + r.reason};
      if (r.code == error_codes::no_handler) {
        if (options_.unknown_type == status::success) {
          ++stats_.ignored;
          return {status::success, {}};
        }
        return {options_.unknown_type, "no handler for event type '" + r.type + "' on " + std::string(topic)};
      }
      if (r.code == error_codes::version_unsupported) return {options_.newer_versions, "version_unsupported: " + r.reason};
      return {status::drop, std::move(r.reason)};
    }
    auto& h = *r.handler;
    const auto& ce = r.document;
    trace_scope in_trace(ce ? trace_context{ce->attrs.traceparent, ce->attrs.tracestate} : trace_context{});
    std::string_view t = topic;
    status s = h.call(t);
    return {s, s == status::success ? std::string() : "the handler asked for " + std::string(to_string(s))};
  }

  subscriber_options options_;
  handler_table<status, std::string_view> handlers_;
  subscriber_stats stats_;
};

}  // namespace events::dapr
