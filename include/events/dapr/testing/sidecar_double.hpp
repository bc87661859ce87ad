#pragma once
/// \file events::dapr::sidecar_double: an in-process stand-in for a Dapr sidecar's HTTP API, for
/// testing services without Dapr (like kafka::embedded_cluster for Kafka).
///
/// <!-- given: events::dapr::subscriber subscriber; -->
/// \code
/// events::dapr::sidecar_double dapr;                       // listens on 127.0.0.1:<free port>
/// httplib::Server app;  subscriber.mount(app);  int app_port = app.bind_to_any_port("127.0.0.1");
/// std::thread t([&] { app.listen_after_bind(); });
/// dapr.connect_app(app_port);                              // GET /dapr/subscribe, then deliveries
/// events::dapr::publisher pub({.port = dapr.port()});
/// \endcode
///
/// What it implements, following Dapr's documented HTTP contract:
/// - `POST /v1.0/publish/<pubsub>/<topic>`: a structured CloudEvent (`application/cloudevents+json`)
///   is kept as sent; any other body is wrapped in a CloudEvent of type `com.dapr.event.sent`
///   (JSON as `data`, anything else as a string); `metadata.rawPayload=true` delivers the body as is.
///   204 on success; 404 for an unknown pub/sub; 500 when a fault is injected.
/// - `POST /v1.0-alpha1/publish/bulk/<pubsub>/<topic>`: entries `{entryId, event, contentType,
///   metadata}`; 204 when all were accepted, else 500 with `{"failedEntries":[{"entryId","error"}]}`.
/// - Subscriptions: the app's `GET /dapr/subscribe` (route, or routes.default; rule matching is not
///   evaluated) and declarative ones (add_subscription). Each message is POSTed to the route as
///   `application/cloudevents+json`. The reply's status: SUCCESS (or an empty 2xx) acknowledges;
///   RETRY, a non-2xx reply or no reply redelivers up to max_deliveries times, then the message
///   goes to the subscription's deadLetterTopic (or is dropped, counted); DROP goes to the
///   deadLetterTopic at once when one is set (dapr/dapr#7097), else is dropped.
/// - Jobs (`/v1.0-alpha1/jobs/<name>`, POST/GET/DELETE) as Dapr 1.16 runs them: `schedule` (six
///   cron fields, seconds first, read in UTC; `@every <duration>`, `@daily`...), `dueTime`, `repeats`,
///   `ttl`, `data`, `overwrite` (a taken name is refused with 409 unless set); refusals carry Dapr's
///   status, code and message (detail/scheduled_job.hpp). At trigger time the app receives
///   `POST /job/<name>` with the data; a non-2xx reply is retried up to max_deliveries times.
/// - `GET /v1.0/metadata` and `GET /v1.0/healthz` (what SDK clients poll at start).
/// Not implemented: state, secrets, service invocation, bulk subscribe, CEL route rules, gRPC.
#include <events/dapr/testing/detail/pubsub_envelope.hpp>
#include <events/dapr/testing/detail/scheduled_job.hpp>
#include <events/timestamp.hpp>
#include <events/uuid.hpp>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace events::dapr {

/// How the double behaves.
struct sidecar_options {
  std::string host = "127.0.0.1";
  std::vector<std::string> pubsubs = {"kafka-pubsub"};  ///< Known pub/sub component names.
  int max_deliveries = 3;                                ///< Attempts per message (and per job trigger).
  std::chrono::milliseconds redelivery_delay{20};       ///< Between attempts.
  std::string app_id = "events-app";                     ///< CloudEvent `source` of wrapped messages.
};

/// One subscription: which app route receives a topic, and where failures go.
struct subscription {
  std::string pubsubname = "kafka-pubsub";
  std::string topic;
  std::string route;              ///< Path on the app, e.g. "/events/tasks".
  std::string dead_letter_topic;  ///< Empty: none.
  bool raw_payload = false;       ///< metadata.rawPayload: deliver the body without a CloudEvent.
  int app_port = 0;               ///< The app to deliver to.
  std::string app_host = "127.0.0.1";
};

/// A message the double accepted on a topic, as it would be delivered.
struct sidecar_message {
  std::string pubsubname, topic, body, content_type;
};

/// Counters, for assertions.
struct sidecar_stats {
  std::size_t published = 0, delivered = 0, retried = 0, dropped = 0, dead_lettered = 0, undeliverable = 0;
  std::size_t jobs_triggered = 0, job_failures = 0;
};

/// An in-process Dapr sidecar double: pub/sub, subscriptions with dead letters, and jobs.
class sidecar_double {
 public:
  explicit sidecar_double(sidecar_options o = {}) : options_(std::move(o)) {
    install_routes();
    port_ = server_.bind_to_any_port(options_.host);
    if (port_ <= 0) throw std::runtime_error("events: sidecar_double could not bind a port on " + options_.host);
    server_thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    worker_ = std::thread([this] { run(); });
  }
  sidecar_double(const sidecar_double&) = delete;
  sidecar_double& operator=(const sidecar_double&) = delete;
  ~sidecar_double() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    worker_.join();
    server_.stop();
    server_thread_.join();
  }

  /// The HTTP port (what DAPR_HTTP_PORT would be).
  int port() const noexcept { return port_; }

  /// Asks the app at host:port for `GET /dapr/subscribe` and adds what it returns. The first app
  /// connected also receives job triggers. Returns the number of subscriptions added.
  std::size_t connect_app(int app_port, const std::string& app_host = "127.0.0.1") {
    httplib::Client c(app_host, app_port);
    c.set_connection_timeout(std::chrono::seconds(2));
    auto res = c.Get("/dapr/subscribe");
    if (!res || res->status != 200) throw std::runtime_error("events: the app did not answer GET /dapr/subscribe");
    auto list = nlohmann::json::parse(res->body, nullptr, false);
    if (!list.is_array()) throw std::runtime_error("events: GET /dapr/subscribe did not return a JSON array");
    auto found = detail::subscriptions_from(list);
    for (auto& s : found)
      add_subscription({std::move(s.pubsubname), std::move(s.topic), std::move(s.route), std::move(s.dead_letter_topic),
                        s.raw_payload, app_port, app_host});
    std::lock_guard lock(mu_);
    if (job_app_port_ == 0) {
      job_app_port_ = app_port;
      job_app_host_ = app_host;
    }
    return found.size();
  }

  /// Adds a subscription (the declarative form, or one discovered from an app).
  void add_subscription(subscription s) {
    if (s.route.empty()) s.route = "/" + s.topic;
    if (s.route.front() != '/') s.route.insert(0, "/");
    std::lock_guard lock(mu_);
    subscriptions_.push_back(std::move(s));
  }

  /// Sends job triggers to this app (default: the first app connected).
  void set_job_app(int app_port, const std::string& app_host = "127.0.0.1") {
    std::lock_guard lock(mu_);
    job_app_port_ = app_port;
    job_app_host_ = app_host;
  }

  /// Fault injection: the next `n` publishes (single or whole bulk requests) fail with `status`.
  void fail_next_publishes(int n, int status = 500) {
    std::lock_guard lock(mu_);
    fail_next_ = n;
    fail_status_ = status;
  }

  /// Fault injection per message: a non-empty return rejects that message (single or bulk entry)
  /// with the text as its error.
  void reject_when(std::function<std::string(const std::string& topic, const std::string& body)> f) {
    std::lock_guard lock(mu_);
    reject_ = std::move(f);
  }

  /// Every message accepted on `topic` (including dead-letter topics), in order.
  std::vector<sidecar_message> messages(const std::string& topic) const {
    std::lock_guard lock(mu_);
    std::vector<sidecar_message> out;
    for (const auto& m : log_)
      if (m.topic == topic) out.push_back(m);
    return out;
  }

  sidecar_stats stats() const {
    std::lock_guard lock(mu_);
    return stats_;
  }

  /// The stored job's JSON (as GET returns it), if it exists.
  std::optional<std::string> job(const std::string& name) const {
    std::lock_guard lock(mu_);
    return jobs_.get(name);
  }

  /// Waits until no delivery is queued or in flight and no job is due within `horizon`.
  bool wait_idle(std::chrono::milliseconds timeout, std::chrono::milliseconds horizon = std::chrono::milliseconds(0)) {
    std::unique_lock lock(mu_);
    return idle_cv_.wait_for(lock, timeout, [&] { return idle_locked(horizon); });
  }

 private:
  using clock = std::chrono::steady_clock;
  struct delivery {
    sidecar_message msg;
    subscription sub;
    int attempts = 0;
    clock::time_point not_before;
  };
  using wall_clock = std::chrono::system_clock;

  static void error_reply(httplib::Response& res, int status, const std::string& code, const std::string& msg) {
    res.status = status;
    res.set_content(nlohmann::json{{"errorCode", code}, {"message", msg}}.dump(), "application/json");
  }


  bool injected_failure_locked(httplib::Response& res) {
    if (fail_next_ <= 0) return false;
    --fail_next_;
    error_reply(res, fail_status_, "ERR_PUBSUB_PUBLISH_MESSAGE", "injected publish failure");
    return true;
  }

  bool known_pubsub(const std::string& name) const {
    for (const auto& p : options_.pubsubs)
      if (p == name) return true;
    return false;
  }

  // Returns an empty string when accepted, else why not. Called with mu_ held.
  std::string accept_locked(const std::string& pubsub, const std::string& topic, const std::string& body,
                            const std::string& content_type, bool raw) {
    if (reject_)
      if (std::string why = reject_(topic, body); !why.empty()) return why;
    auto m = detail::envelope(body, content_type, raw, pubsub, topic, options_.app_id, events::uuid::v4().to_string());
    if (!m) return "the body is not a CloudEvent JSON object";
    enqueue_locked({pubsub, topic, std::move(m->body), std::move(m->content_type)});
    return {};
  }

  void enqueue_locked(sidecar_message m) {
    ++stats_.published;
    log_.push_back(m);
    for (const auto& s : subscriptions_)
      if (s.topic == m.topic && s.pubsubname == m.pubsubname) queue_.push_back({m, s, 0, clock::now()});
    cv_.notify_all();
  }

  void install_routes() {
    server_.Get("/v1.0/metadata", [this](const httplib::Request&, httplib::Response& res) {
      nlohmann::json comps = nlohmann::json::array();
      for (const auto& p : options_.pubsubs) comps.push_back({{"name", p}, {"type", "pubsub.kafka"}, {"version", "v1"}});
      res.set_content(nlohmann::json{{"id", options_.app_id}, {"components", comps}}.dump(), "application/json");
    });
    server_.Get("/v1.0/healthz", [](const httplib::Request&, httplib::Response& res) { res.status = 204; });
    server_.Get("/v1.0/healthz/outbound", [](const httplib::Request&, httplib::Response& res) { res.status = 204; });
    server_.Post(R"(/v1\.0/publish/([^/]+)/([^/?]+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::string pubsub = req.matches[1], topic = req.matches[2];
      if (!known_pubsub(pubsub)) return error_reply(res, 404, "ERR_PUBSUB_NOT_FOUND", "pubsub " + pubsub + " not found");
      std::lock_guard lock(mu_);
      if (injected_failure_locked(res)) return;
      bool raw = req.get_param_value("metadata.rawPayload") == "true";
      std::string why = accept_locked(pubsub, topic, req.body, req.get_header_value("Content-Type"), raw);
      if (!why.empty()) return error_reply(res, 500, "ERR_PUBSUB_PUBLISH_MESSAGE", why);
      res.status = 204;
    });
    server_.Post(R"(/v1\.0-alpha1/publish/bulk/([^/]+)/([^/?]+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::string pubsub = req.matches[1], topic = req.matches[2];
      if (!known_pubsub(pubsub)) return error_reply(res, 404, "ERR_PUBSUB_NOT_FOUND", "pubsub " + pubsub + " not found");
      auto entries = nlohmann::json::parse(req.body, nullptr, false);
      if (!entries.is_array()) return error_reply(res, 400, "ERR_PUBSUB_EVENTS_SER", "the body is not a JSON array of entries");
      std::lock_guard lock(mu_);
      if (injected_failure_locked(res)) return;
      auto list = detail::bulk_entries(entries, req.get_param_value("metadata.rawPayload") == "true");
      if (!list) return error_reply(res, 400, "ERR_PUBSUB_EVENTS_SER", "every entry needs a unique entryId");
      nlohmann::json failed = nlohmann::json::array();
      for (const auto& e : *list)
        if (std::string why = accept_locked(pubsub, topic, e.body, e.content_type, e.raw); !why.empty())
          failed.push_back({{"entryId", e.id}, {"error", why}});
      if (failed.empty()) {
        res.status = 204;
        return;
      }
      res.status = 500;
      res.set_content(nlohmann::json{{"failedEntries", failed}, {"errorCode", "ERR_PUBSUB_PUBLISH_MESSAGE"}}.dump(),
                      "application/json");
    });
    server_.Post(R"(/v1\.0-alpha1/jobs/([^/?]+))", [this](const httplib::Request& req, httplib::Response& res) {
      auto rfc3339 = [](std::string_view text) -> std::optional<wall_clock::time_point> {
        events::timestamp t;
        return parse_timestamp(text, t) == timestamp_errc{} ? std::optional<wall_clock::time_point>(t) : std::nullopt;
      };
      std::lock_guard lock(mu_);
      auto [status, body] = jobs_.schedule(req.matches[1], req.body, wall_clock::now(), options_.app_id, rfc3339);
      res.status = status;
      if (!body.empty()) res.set_content(body, "application/json");
      cv_.notify_all();
    });
    server_.Get(R"(/v1\.0-alpha1/jobs/([^/?]+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      auto [status, body] = jobs_.get_reply(req.matches[1], options_.app_id);
      res.status = status;
      res.set_content(body, "application/json");
    });
    server_.Delete(R"(/v1\.0-alpha1/jobs/([^/?]+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      jobs_.remove(req.matches[1]);
      res.status = 204;
      idle_cv_.notify_all();
    });
  }

  bool idle_locked(std::chrono::milliseconds horizon) const {
    if (!queue_.empty() || busy_) return false;
    return !jobs_.due_by(wall_clock::now() + horizon);
  }

  // The worker: delivers queued messages in order and fires due jobs. One thread, so deliveries to
  // the app happen one at a time, in publish order (redeliveries go to the back).
  void run() {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      auto now = clock::now();
      auto wall = wall_clock::now();
      auto wall_wake = wall + std::chrono::seconds(1);
      if (auto due = jobs_.due(wall, wall_wake)) {
        fire_job(lock, *due);
        continue;
      }
      auto wake = now + std::chrono::duration_cast<clock::duration>(wall_wake - wall);
      auto it = std::find_if(queue_.begin(), queue_.end(), [&](const delivery& d) { return d.not_before <= now; });
      if (it != queue_.end()) {
        delivery d = std::move(*it);
        queue_.erase(it);
        busy_ = true;
        lock.unlock();
        deliver(std::move(d));
        lock.lock();
        busy_ = false;
        idle_cv_.notify_all();
        continue;
      }
      for (const auto& d : queue_) wake = std::min(wake, d.not_before);
      idle_cv_.notify_all();
      cv_.wait_until(lock, wake);
    }
  }

  void fire_job(std::unique_lock<std::mutex>& lock, const detail::job_table::trigger& t) {
    std::string host = job_app_host_;
    int port = job_app_port_;
    busy_ = true;
    lock.unlock();
    bool ok = port != 0 && detail::post_trigger(host, port, t);
    lock.lock();
    busy_ = false;
    ++stats_.jobs_triggered;
    if (jobs_.finished(t, ok, options_.max_deliveries, options_.redelivery_delay, wall_clock::now())) ++stats_.job_failures;
    idle_cv_.notify_all();
  }

  void deliver(delivery d) {
    httplib::Client c(d.sub.app_host, d.sub.app_port);
    c.set_connection_timeout(std::chrono::seconds(2));
    c.set_read_timeout(std::chrono::seconds(10));
    std::string type = d.sub.raw_payload ? "application/json" : "application/cloudevents+json";
    auto res = c.Post(d.sub.route, d.sub.raw_payload ? detail::raw_body(d.msg.body) : d.msg.body, type);
    std::string outcome = res ? detail::delivery_outcome(res->status, res->body) : "RETRY";
    std::lock_guard lock(mu_);
    ++d.attempts;
    if (outcome == "SUCCESS") {
      ++stats_.delivered;
      return;
    }
    if (outcome == "RETRY" && d.attempts < options_.max_deliveries) {
      ++stats_.retried;
      d.not_before = clock::now() + options_.redelivery_delay;
      queue_.push_back(std::move(d));
      return;
    }
    if (outcome == "DROP") ++stats_.dropped;
    else ++stats_.undeliverable;
    if (!d.sub.dead_letter_topic.empty()) {
      ++stats_.dead_lettered;
      enqueue_locked({d.msg.pubsubname, d.sub.dead_letter_topic, d.msg.body, d.msg.content_type});
    }
  }

  sidecar_options options_;
  httplib::Server server_;
  int port_ = 0;
  std::thread server_thread_, worker_;
  mutable std::mutex mu_;
  std::condition_variable cv_, idle_cv_;
  bool stopping_ = false, busy_ = false;
  std::vector<subscription> subscriptions_;
  std::deque<delivery> queue_;
  std::vector<sidecar_message> log_;
  detail::job_table jobs_;
  int job_app_port_ = 0;
  std::string job_app_host_ = "127.0.0.1";
  int fail_next_ = 0, fail_status_ = 500;
  std::function<std::string(const std::string&, const std::string&)> reject_;
  sidecar_stats stats_;
};

}  // namespace events::dapr
