#pragma once
/// \file Receiving typed events from a Dapr sidecar: programmatic subscriptions and replies.
///
/// \code
/// events::dapr::subscriber sub({.pubsub = "kafka-pubsub"});
/// sub.on<events::event<TaskCompleted>>([](const auto& ev) { schedule_next(ev.payload); });
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
#include <events/cloudevents.hpp>
#include <events/detail/peek.hpp>
#include <events/json.hpp>
#include <events/routing.hpp>

#include <httplib.h>

#include <atomic>
#include <exception>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
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
};

/// Counters of what the subscriber did, safe to read from any thread.
struct subscriber_stats {
  std::atomic<std::size_t> handled{0}, retried{0}, dropped{0}, ignored{0};
};

/// Typed handlers per topic and event type, served to a Dapr sidecar over HTTP.
class subscriber {
 public:
  explicit subscriber(subscriber_options o = {}) : options_(std::move(o)) {}

  /// Handles E on `topic` (default: its payload's catalog topic). `fn(const E&)` returns void
  /// (success) or a status.
  template <class E, class F>
  subscriber& on(F&& fn, std::string_view topic = {}) {
    static_assert(std::is_invocable_v<F&, const E&>, "events: the handler must be callable with const E&");
    std::string t(topic.empty() ? default_topic<E>() : topic);
    auto& table = topics_[t];
    table[std::string(type_name<E>())] = [f = std::forward<F>(fn)](std::string_view data) mutable -> reply {
      auto decoded = events::from_json<E>(data);
      if (!decoded) return {status::drop, to_string(decoded.error())};
      if constexpr (std::is_void_v<std::invoke_result_t<F&, const E&>>) {
        f(*decoded);
        return {};
      } else {
        status s = f(*decoded);
        return {s, s == status::success ? std::string() : "the handler asked for " + std::string(to_string(s))};
      }
    };
    return *this;
  }

  /// The body of `GET /dapr/subscribe`: one subscription per topic with a handler.
  std::string subscriptions_json() const {
    std::string out = "[";
    for (const auto& [topic, table] : topics_) {
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
    for (const auto& entry : topics_) {
      std::string topic = entry.first;
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
  using handler = std::function<reply(std::string_view)>;

  template <class E>
  static constexpr std::string_view type_name() {
    return cloudevents::type_name<E>();
  }

  template <class E>
  static std::string_view default_topic() {
    if constexpr (requires { typename E::payload_type; })
      return topic_of<typename E::payload_type>();
    else
      return topic_of<E>();
  }

  static std::string sanitize_header(std::string s) {
    for (char& c : s)
      if (c == '\r' || c == '\n') c = ' ';
    if (s.size() > 512) s.resize(512);
    return s;
  }

  reply dispatch(std::string_view topic, std::string_view body) {
    auto t = topics_.find(std::string(topic));
    if (t == topics_.end()) return {status::drop, "no subscription for topic " + std::string(topic)};
    auto& table = t->second;
    auto ce = cloudevents::parse_structured(body);
    std::string_view data = ce ? ce->data : body;
    std::string type = ce ? ce->attrs.type : std::string();
    // Dapr wraps a plain-JSON publish in its own CloudEvent (type "com.dapr.event.sent"), and a
    // raw-payload subscription has none: then the event's own event_type decides.
    auto h = table.find(type);
    if (h == table.end()) {
      events::detail::message_identity id;
      error_list errors = events::detail::peek_identity(data, id, {}, [](std::string_view) { return true; });
      if (!errors.empty())  // neither a CloudEvent of ours nor an event: nothing can ever handle it
        return {status::drop, "no event type: " + to_string(errors)};
      type.assign(id.type);
      h = table.find(type);
    }
    if (h == table.end()) {
      if (options_.unknown_type == status::success) {
        ++stats_.ignored;
        return {status::success, {}};
      }
      return {options_.unknown_type, "no handler for event type '" + type + "' on " + std::string(topic)};
    }
    return h->second(data);
  }

  subscriber_options options_;
  std::map<std::string, std::unordered_map<std::string, handler>> topics_;
  subscriber_stats stats_;
};

}  // namespace events::dapr
