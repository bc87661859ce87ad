#pragma once
/// \file Publishing typed events through a Dapr sidecar's HTTP pub/sub API.
///
/// <!-- given: #include <events/catalog/task_events.hpp>
/// events::uuid t, u; -->
/// \code
/// events::dapr::publisher pub({.pubsub = "kafka-pubsub"});   // sidecar from DAPR_HTTP_PORT
/// auto r = pub.publish(events::make_event(events::TaskCreatedPayload{.task_id = t, .user_id = u, .title = "Milk"}));
/// if (!r) std::cerr << r.status << ' ' << r.message << '\n';
/// \endcode
///
/// The request is `POST /v1.0/publish/<pubsub>/<topic>` with the event as a structured CloudEvent
/// (`application/cloudevents+json`), so the sidecar keeps our id, type, time and correlation
/// extension instead of wrapping the JSON in a CloudEvent of its own. The partition key goes in
/// `metadata.partitionKey`, which Dapr's Kafka component uses as the message key. Topic, key and
/// id come from events::event_traits; the current W3C trace context goes out as the
/// `traceparent`/`tracestate` attributes. Events are validated first (options::validate): an
/// invalid one is not sent, and the result carries every error.
#include <events/cloudevents.hpp>
#include <events/event_traits.hpp>
#include <events/validate.hpp>

#include <httplib.h>

#include <chrono>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

namespace events::dapr {

/// Where the sidecar is and how to talk to it. Defaults follow Dapr's own environment variables.
struct options {
  std::string host = "127.0.0.1";
  int port = 0;                        ///< 0: $DAPR_HTTP_PORT, else 3500.
  std::string pubsub = "kafka-pubsub"; ///< The pub/sub component name (seed 003's).
  std::string api_token;               ///< Empty: $DAPR_API_TOKEN, if set.
  std::string source = "/events";      ///< CloudEvents `source` of what we publish.
  std::chrono::milliseconds timeout{5000};
  bool validate = true;                ///< Validate each event before it is sent.
};

/// The outcome of one publish: ok, or the HTTP status (0 when none came back) and why.
struct publish_result {
  bool ok = false;
  int status = 0;
  std::string message;
  std::string event_id;
  error_list errors{};  ///< When the event was invalid and not sent: every error validate() gives.
  explicit operator bool() const noexcept { return ok; }
};

namespace detail {
inline std::string env_or(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

// Percent-encodes a path segment or query value (RFC 3986 unreserved characters pass).
inline std::string url_encode(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// The sidecar address and token from Dapr's environment variables, for every client of the
// sidecar (publisher, jobs, bulk).
inline options resolved(options o) {
  if (o.port == 0) o.port = std::atoi(env_or("DAPR_HTTP_PORT", "3500").c_str());
  if (o.api_token.empty()) o.api_token = env_or("DAPR_API_TOKEN", "");
  return o;
}
}  // namespace detail

/// Publishes events to one Dapr pub/sub component through the sidecar's HTTP API.
class publisher {
 public:
  explicit publisher(options o = {})
      : options_(detail::resolved(std::move(o))), client_(options_.host, options_.port) {
    client_.set_connection_timeout(options_.timeout);
    client_.set_read_timeout(options_.timeout);
    client_.set_write_timeout(options_.timeout);
  }

  const options& config() const noexcept { return options_; }

  /// Publishes `ev` to `topic` (default: its payload's catalog topic). Never throws: every
  /// failure, the sidecar's or the connection's, comes back in the result.
  template <event_type E>
  publish_result publish(const E& ev, std::string_view topic = {}) noexcept {
    publish_result r;
    try {
      r.event_id = event_traits<E>::id(ev);
      if (options_.validate) {
        if (r.errors = events::validate(ev); !r.errors.empty()) {
          r.message = "events: invalid event, not sent: " + to_string(r.errors);
          return r;
        }
      }
      std::string t(topic.empty() ? event_traits<E>::topic : topic);
      if (t.empty()) {
        r.message = "no topic: the payload declares none and none was given";
        return r;
      }
      std::string path = "/v1.0/publish/" + detail::url_encode(options_.pubsub) + "/" + detail::url_encode(t);
      if (std::string key = event_traits<E>::key(ev); !key.empty()) path += "?metadata.partitionKey=" + detail::url_encode(key);
      httplib::Headers headers;
      if (!options_.api_token.empty()) headers.emplace("dapr-api-token", options_.api_token);
      std::string body = cloudevents::to_structured(ev, options_.source);
      auto res = client_.Post(path, headers, body, "application/cloudevents+json");
      if (!res) {
        r.message = "no reply from the Dapr sidecar at " + options_.host + ":" + std::to_string(options_.port) +
                    ": " + httplib::to_string(res.error());
        return r;
      }
      r.status = res->status;
      r.ok = res->status >= 200 && res->status < 300;
      if (!r.ok) r.message = res->body.empty() ? "HTTP " + std::to_string(res->status) : res->body;
    } catch (const std::exception& e) {
      r.ok = false;
      r.message = e.what();
    }
    return r;
  }

 private:
  options options_;
  httplib::Client client_;
};

}  // namespace events::dapr
