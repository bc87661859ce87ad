#pragma once
// A job as the sidecar double keeps it. The request is checked in the order Dapr 1.16 checks it
// (the sidecar's HTTP decoding and its "Schedule is empty", then the scheduler's go-etcd-cron
// validation) and refused with the status, errorCode and message a real sidecar returns; then
// when it triggers next (go-etcd-cron's rules: a dueTime triggers at that time, a schedule alone
// first triggers after the job was created, `repeats` and `ttl` end it).
#include <events/dapr/testing/detail/cron.hpp>
#include <events/dapr/detail/duration.hpp>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace events::dapr::detail {

struct scheduled_job {
  using time_point = std::chrono::system_clock::time_point;
  // Not an aggregate: variant<scheduled_job, job_refusal> must not ask whether a refusal converts
  // to `spec` (nlohmann::json), which would instantiate its serializer for job_refusal.
  scheduled_job() = default;
  nlohmann::json spec;                   // what GET returns (name, schedule, dueTime, repeats, ttl, data)
  bool overwrite = false;                // the request's flag; not stored in spec
  std::optional<job_schedule> schedule;  // nothing: a one-shot job at dueTime
  std::optional<time_point> next;        // the next trigger; nothing: none left
  std::optional<time_point> retry_at;    // a failed trigger's next attempt
  std::optional<time_point> expires;     // from ttl
  std::optional<std::uint64_t> repeats;
  std::uint64_t count = 0;  // triggers done
  int failures = 0;         // failed attempts of the current trigger
  std::optional<time_point> when() const { return retry_at ? retry_at : next; }
};

// A refusal as Dapr words it: HTTP status, errorCode, message.
struct job_refusal {
  int status = 500;
  std::string code, message;
};

// The body Dapr's newer APIs reply with: the code again as a google.rpc.ErrorInfo detail.
inline std::string error_body(const job_refusal& r, const std::string& app_id) {
  nlohmann::json info{{"@type", "type.googleapis.com/google.rpc.ErrorInfo"}, {"reason", r.code}, {"domain", "dapr.io"},
                      {"metadata", {{"appID", app_id}, {"namespace", "default"}}}};
  return nlohmann::json{{"errorCode", r.code}, {"message", r.message}, {"details", {info}}}.dump();
}

// The sidecar's wrapping of an error from the scheduler's gRPC service: the gRPC code decides the
// HTTP status (AlreadyExists: 409; Unknown becomes Internal: 500).
inline job_refusal scheduler_refusal(std::string_view grpc_code, const std::string& what) {
  int status = grpc_code == "AlreadyExists" ? 409 : 500;
  return {status, "DAPR_SCHEDULER_SCHEDULE_JOB",
          "failed to schedule job due to: rpc error: code = " + std::string(grpc_code) + " desc = " + what};
}

// Reads a scheduling request. `rfc3339(text)` returns the point in time an RFC 3339 text names.
template <class Rfc3339>
std::variant<scheduled_job, job_refusal> parse_job(const std::string& body, std::chrono::system_clock::time_point now,
                                                   Rfc3339&& rfc3339) {
  using time_point = scheduled_job::time_point;
  auto malformed = [](const std::string& why) {
    return job_refusal{400, "ERR_MALFORMED_REQUEST", "failed deserializing HTTP body: " + why};
  };
  auto invalid = [](const std::string& why) { return scheduler_refusal("Unknown", "job failed validation: " + why); };
  nlohmann::json spec = body.empty() ? nlohmann::json::object() : nlohmann::json::parse(body, nullptr, false);
  if (!spec.is_object()) return malformed("the body is not a JSON object");
  if (spec.contains("due_time")) {  // protobuf's JSON names both spellings
    if (!spec.contains("dueTime")) spec["dueTime"] = spec["due_time"];
    spec.erase("due_time");
  }
  for (const char* field : {"schedule", "dueTime", "ttl", "name"})
    if (spec.contains(field) && !spec[field].is_string()) return malformed(std::string(field) + " is not a string");
  scheduled_job j;
  if (spec.contains("repeats")) {
    const auto& r = spec["repeats"];
    if (!r.is_number_unsigned() || r.get<std::uint64_t>() > 0xFFFFFFFFu) return malformed("repeats is not a uint32");
    j.repeats = r.get<std::uint64_t>();
  }
  if (spec.contains("overwrite")) {
    if (!spec["overwrite"].is_boolean()) return malformed("overwrite is not a boolean");
    j.overwrite = spec["overwrite"].get<bool>();
    spec.erase("overwrite");
  }
  if (!spec.value("name", "").empty()) return job_refusal{400, "DAPR_SCHEDULER_JOB_NAME", "Set the job name in the url only"};
  const bool has_schedule = spec.contains("schedule"), has_due = spec.contains("dueTime"), has_ttl = spec.contains("ttl");
  if (!has_schedule && !has_due) return job_refusal{400, "DAPR_SCHEDULER_SCHEDULE_EMPTY", "Schedule is empty"};
  if (!has_schedule && j.repeats && *j.repeats > 1) return invalid("job must have a schedule to repeat");
  if (j.repeats && *j.repeats < 1) return invalid("defined repeats must be greater than 0");
  if (!has_schedule && has_ttl) return invalid("job must have a schedule to have a ttl");
  if (has_schedule) {
    std::string why;
    j.schedule = parse_schedule(spec["schedule"].get<std::string>(), why);
    if (!j.schedule) return invalid(why);
  }
  // RFC 3339, else a Go duration from `from` (ISO 8601 durations, which Dapr also takes, are not read)
  auto point_in_time = [&](const std::string& text, time_point from) -> std::optional<time_point> {
    if (auto at = rfc3339(text)) return at;
    if (auto d = parse_go_duration(text)) return from + std::chrono::duration_cast<time_point::duration>(*d);
    return std::nullopt;
  };
  std::optional<time_point> due;
  if (has_due) {
    due = point_in_time(spec["dueTime"].get<std::string>(), now);
    if (!due) return invalid("due time format not recognized");
  }
  if (has_ttl) {
    j.expires = point_in_time(spec["ttl"].get<std::string>(), due.value_or(now));
    if (!j.expires) return invalid("ttl format not recognized");
    if (due && *due > *j.expires) return invalid("ttl must be greater than due time");
  }
  j.next = due ? due : next_trigger(*j.schedule, now);
  j.spec = std::move(spec);
  return j;
}

// After a trigger ended (delivered, or failed every attempt): moves to the next one. False when
// the job is done (one-shot, `repeats` reached, past its ttl, or a schedule with no time left).
inline bool advance(scheduled_job& j) {
  ++j.count;
  j.failures = 0;
  j.retry_at.reset();
  if (!j.schedule || !j.next || (j.repeats && j.count >= *j.repeats)) return false;
  j.next = next_trigger(*j.schedule, *j.next);
  return j.next && !(j.expires && *j.next > *j.expires);
}

// The jobs of one app by name, as the scheduler stores them. Not synchronised: the double locks.
class job_table {
 public:
  using time_point = scheduled_job::time_point;
  struct trigger {
    std::string name, data;     // data: the job's `data` as JSON text
    std::uint64_t version = 0;  // which scheduling of `name` is triggering
  };

  // Stores `j` as `name`. A name in use is refused (409, the scheduler's AlreadyExists) unless
  // the request set overwrite; `app_id` goes into the scheduler's key, which its message quotes.
  std::optional<job_refusal> add(const std::string& name, scheduled_job j, const std::string& app_id) {
    if (!j.overwrite && jobs_.count(name))
      return scheduler_refusal("AlreadyExists", "job already exists: 'app||default||" + app_id + "||" + name + "'");
    j.spec["name"] = name;
    jobs_[name] = {std::move(j), ++versions_};
    return std::nullopt;
  }

  // Schedules from an HTTP request body: the status to reply and, when refused, Dapr's error body.
  template <class Rfc3339>
  std::pair<int, std::string> schedule(const std::string& name, const std::string& body, time_point now,
                                       const std::string& app_id, Rfc3339&& rfc3339) {
    std::optional<job_refusal> refused;
    if (name.find('|') != std::string::npos) refused = job_refusal{400, "DAPR_SCHEDULER_JOB_NAME_EMPTY", "Name is empty"};
    auto parsed = parse_job(body, now, std::forward<Rfc3339>(rfc3339));
    if (!refused) refused = std::holds_alternative<job_refusal>(parsed)
                                ? std::get<job_refusal>(parsed)
                                : add(name, std::get<scheduled_job>(std::move(parsed)), app_id);
    if (refused) return {refused->status, error_body(*refused, app_id)};
    return {204, {}};
  }

  // GET: the job's JSON, or Dapr's answer for a missing one (500, the scheduler's NotFound wrapped).
  std::pair<int, std::string> get_reply(const std::string& name, const std::string& app_id) const {
    if (auto j = get(name)) return {200, *j};
    job_refusal r{500, "DAPR_SCHEDULER_GET_JOB", "failed to get job due to: rpc error: code = NotFound desc = job not found: " + name};
    return {r.status, error_body(r, app_id)};
  }

  std::optional<std::string> get(const std::string& name) const {
    auto it = jobs_.find(name);
    if (it == jobs_.end()) return std::nullopt;
    return it->second.job.spec.dump();
  }

  void remove(const std::string& name) { jobs_.erase(name); }

  // A job due at `now`, if any; else lowers `wake` to the earliest time one falls due.
  std::optional<trigger> due(time_point now, time_point& wake) {
    std::erase_if(jobs_, [](const auto& entry) { return !entry.second.job.when(); });  // nothing left to run
    for (const auto& [name, e] : jobs_) {
      if (*e.job.when() <= now)
        return trigger{name, e.job.spec.contains("data") ? e.job.spec["data"].dump() : "null", e.version};
      wake = std::min(wake, *e.job.when());
    }
    return std::nullopt;
  }

  // Records how a trigger ended. A failed one is tried again after `retry_delay` until it has
  // failed `max_attempts` times; returns true when it failed for good. A job deleted or scheduled
  // again while its trigger was in flight is left as it now is.
  bool finished(const trigger& t, bool ok, int max_attempts, time_point::duration retry_delay, time_point now) {
    auto it = jobs_.find(t.name);
    if (it == jobs_.end() || it->second.version != t.version) return false;
    scheduled_job& j = it->second.job;
    if (!ok && ++j.failures < max_attempts) {
      j.retry_at = now + retry_delay;
      return false;
    }
    if (!advance(j)) jobs_.erase(it);
    return !ok;
  }

  // True when a job falls due at or before `limit`.
  bool due_by(time_point limit) const {
    return std::any_of(jobs_.begin(), jobs_.end(), [&](const auto& e) { return e.second.job.when() && *e.second.job.when() <= limit; });
  }

 private:
  struct entry {
    scheduled_job job;
    std::uint64_t version = 0;
  };
  std::map<std::string, entry> jobs_;
  std::uint64_t versions_ = 0;
};

// Delivers a trigger as Dapr's HTTP callback: `POST /job/<name>` with the data; true on a 2xx reply.
inline bool post_trigger(const std::string& host, int port, const job_table::trigger& t) {
  httplib::Client c(host, port);
  c.set_connection_timeout(std::chrono::seconds(2));
  c.set_read_timeout(std::chrono::seconds(10));
  auto res = c.Post("/job/" + t.name, t.data, "application/json");
  return res && res->status >= 200 && res->status < 300;
}

}  // namespace events::dapr::detail
