#pragma once
/// \file Dapr's Jobs API (alpha): schedule, get and delete jobs through the sidecar, and receive
/// their triggers in the app with typed data.
///
/// <!-- given: struct my_data { std::string task_id; };
/// my_data data; int sidecar_port = 3500; httplib::Server app; -->
/// \code
/// events::dapr::jobs jobs({.port = sidecar_port});
/// jobs.schedule("reminder-task-42", data, {.due_time = events::now() + std::chrono::hours(1)});
/// events::dapr::job_handlers triggers;
/// triggers.on<my_data>("reminder-task-", [](const std::string& name, const my_data& d) { /* ... */ });
/// triggers.mount(app);                                   // POST /job/<name>
/// \endcode
///
/// Wire contract (Dapr docs, jobs API reference): `POST /v1.0-alpha1/jobs/<name>` with a JSON body
/// of `data`, `schedule` (six cron fields with seconds first, `@every 1h`, `@daily`...), `dueTime`
/// (RFC 3339 or a Go duration), `repeats`, `ttl`, `overwrite`; at least one of schedule and
/// dueTime. Since Dapr 1.16 a name already taken is refused (409, `DAPR_SCHEDULER_SCHEDULE_JOB`)
/// unless `overwrite` is true. `GET` returns the job, `DELETE` removes it. At trigger time the
/// sidecar calls the app at `POST /job/<name>` with the job's data.
#include <events/dapr/detail/duration.hpp>
#include <events/dapr/publisher.hpp>
#include <events/error.hpp>
#include <events/json.hpp>
#include <events/timestamp.hpp>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace events::dapr {

/// When a job runs: a point in time or a delay, and/or a schedule, how often, until when.
struct job_timing {
  std::variant<std::monostate, timestamp, std::chrono::milliseconds> due_time;  ///< RFC 3339 time or delay.
  std::string schedule;          ///< Cron ("0 30 * * * *"), "@every 1h", "@daily"...; empty: one shot.
  std::optional<int> repeats;    ///< How many times at most.
  std::string ttl;               ///< Expiry: RFC 3339 or a Go duration; empty: none.
  bool overwrite = false;        ///< Replace a job of the same name; false: the sidecar refuses it (409).
};

/// A job as the sidecar stores it. `data` is JSON text.
struct job {
  std::string name;
  std::string schedule, due_time, ttl;
  std::optional<int> repeats;
  std::string data = "null";
};

/// Outcome of a jobs call: ok, or the HTTP status (0 when no reply) and the sidecar's message.
struct job_result {
  bool ok = false;
  int status = 0;
  std::string message;
  explicit operator bool() const noexcept { return ok; }
  /// The sidecar said there is no such job. Dapr answers a GET of a missing job with 500 and
  /// `DAPR_SCHEDULER_GET_JOB` ("... job not found: <name>"), not 404.
  bool not_found() const noexcept {
    return !ok && (status == 404 || (status == 500 && message.find("job not found") != std::string::npos));
  }
};

namespace detail {
inline std::string job_body(const job_timing& t, std::string_view data_json) {
  std::string out = "{\"data\":";
  out += data_json.empty() ? std::string_view("null") : data_json;
  auto member = [&](std::string_view name, const std::string& value) {
    out += ",\"";
    out += name;
    out += "\":";
    events::detail::write_escaped(out, value);
  };
  if (const auto* at = std::get_if<timestamp>(&t.due_time)) member("dueTime", format_timestamp(*at));
  if (const auto* in = std::get_if<std::chrono::milliseconds>(&t.due_time)) member("dueTime", go_duration(*in));
  if (!t.schedule.empty()) member("schedule", t.schedule);
  if (t.repeats) out += ",\"repeats\":" + std::to_string(*t.repeats);
  if (!t.ttl.empty()) member("ttl", t.ttl);
  if (t.overwrite) out += ",\"overwrite\":true";
  return out + "}";
}
}  // namespace detail

/// The client side of the Jobs API.
class jobs {
 public:
  explicit jobs(options o = {}) : options_(detail::resolved(std::move(o))), client_(options_.host, options_.port) {
    client_.set_connection_timeout(options_.timeout);
    client_.set_read_timeout(options_.timeout);
  }

  /// Schedules job `name` with `data_json` (JSON text) as its data. Never throws.
  job_result schedule_json(std::string_view name, const job_timing& timing, std::string_view data_json) noexcept {
    try {
      if (std::holds_alternative<std::monostate>(timing.due_time) && timing.schedule.empty())
        return {false, 0, "a job needs a dueTime or a schedule"};
      return call("POST", name, detail::job_body(timing, data_json));
    } catch (const std::exception& e) {
      return {false, 0, e.what()};
    }
  }

  /// Schedules job `name` with `data` (a reflected struct, encoded as JSON) as its data.
  template <class T>
  job_result schedule(std::string_view name, const T& data, const job_timing& timing) noexcept {
    try {
      return schedule_json(name, timing, events::to_json(data));
    } catch (const std::exception& e) {
      return {false, 0, e.what()};
    }
  }

  /// The stored job, or nothing (result says why; `not_found()` when there is no such job).
  std::optional<job> get(std::string_view name, job_result* outcome = nullptr) noexcept {
    try {
      std::string body;
      job_result r = call("GET", name, {}, &body);
      if (outcome) *outcome = r;
      if (!r) return std::nullopt;
      auto doc = nlohmann::json::parse(body, nullptr, false);
      if (!doc.is_object()) {
        if (outcome) *outcome = {false, r.status, "the sidecar's reply is not a JSON object"};
        return std::nullopt;
      }
      job j;
      j.name = doc.value("name", std::string(name));
      j.schedule = doc.value("schedule", "");
      j.due_time = doc.value("dueTime", "");
      j.ttl = doc.value("ttl", "");
      if (doc.contains("repeats") && doc["repeats"].is_number_integer()) j.repeats = doc["repeats"].get<int>();
      j.data = doc.contains("data") ? doc["data"].dump() : "null";
      return j;
    } catch (const std::exception& e) {
      if (outcome) *outcome = {false, 0, e.what()};
      return std::nullopt;
    }
  }

  /// Deletes job `name` (`DELETE /v1.0-alpha1/jobs/<name>`).
  job_result remove(std::string_view name) noexcept {
    try {
      return call("DELETE", name, {});
    } catch (const std::exception& e) {
      return {false, 0, e.what()};
    }
  }

 private:
  job_result call(std::string_view method, std::string_view name, const std::string& body, std::string* reply = nullptr) {
    std::string path = "/v1.0-alpha1/jobs/" + detail::url_encode(name);
    httplib::Headers headers;
    if (!options_.api_token.empty()) headers.emplace("dapr-api-token", options_.api_token);
    httplib::Result res = method == "POST"  ? client_.Post(path, headers, body, "application/json")
                          : method == "GET" ? client_.Get(path, headers)
                                            : client_.Delete(path, headers);
    if (!res) return {false, 0, "no reply from the Dapr sidecar: " + httplib::to_string(res.error())};
    job_result r{res->status >= 200 && res->status < 300, res->status, {}};
    if (!r.ok) r.message = res->body.empty() ? "HTTP " + std::to_string(res->status) : res->body;
    if (reply) *reply = res->body;
    return r;
  }

  options options_;
  httplib::Client client_;
};

/// The app side: typed handlers for `POST /job/<name>`, chosen by name prefix.
class job_handlers {
 public:
  /// Handles jobs whose name starts with `prefix` (the whole name for one job). `fn(name, data)`
  /// returns void or bool (false: failed, the sidecar retries). The data decodes as T.
  template <class T, class F>
  job_handlers& on(std::string prefix, F&& fn) {
    static_assert(std::is_invocable_v<F&, const std::string&, const T&>,
                  "events: a job handler must be callable with (const std::string& name, const T& data)");
    handlers_.push_back({std::move(prefix), [f = std::forward<F>(fn)](const std::string& name, std::string_view body) mutable {
                           auto data = events::from_json<T>(body);
                           if (!data) return std::pair{400, "the job's data does not decode: " + to_string(data.error())};
                           if constexpr (std::is_same_v<std::invoke_result_t<F&, const std::string&, const T&>, bool>) {
                             if (!f(name, *data)) return std::pair{500, std::string("the handler failed")};
                           } else {
                             f(name, *data);
                           }
                           return std::pair{200, std::string()};
                         }});
    return *this;
  }

  /// Handles one trigger: the HTTP status to reply and why (empty on success). Never throws.
  std::pair<int, std::string> handle(const std::string& name, std::string_view body) noexcept {
    try {
      for (auto& h : handlers_)
        if (name.compare(0, h.prefix.size(), h.prefix) == 0) {
          auto r = h.fn(name, body);
          ++(r.first == 200 ? handled_ : failed_);
          return r;
        }
      ++failed_;
      return {404, "no handler for job " + name};
    } catch (const std::exception& e) {
      ++failed_;
      return {500, std::string("the handler threw: ") + e.what()};
    }
  }

  /// Installs `POST /job/<name>` on `server`.
  void mount(httplib::Server& server) {
    server.Post(R"(/job/([^/?]+))", [this](const httplib::Request& req, httplib::Response& res) {
      auto [status, why] = handle(req.matches[1], req.body);
      res.status = status;
      if (!why.empty()) res.set_content(why, "text/plain");
    });
  }

  std::size_t handled() const noexcept { return handled_; }
  std::size_t failed() const noexcept { return failed_; }

 private:
  struct entry {
    std::string prefix;
    std::function<std::pair<int, std::string>(const std::string&, std::string_view)> fn;
  };
  std::vector<entry> handlers_;
  std::atomic<std::size_t> handled_{0}, failed_{0};
};

}  // namespace events::dapr
