// Dapr's Jobs API as Dapr 1.16 behaves, against the sidecar double and through our client: a
// second job of the same name refused unless `overwrite` (dapr/dapr
// tests/integration/suite/daprd/jobs/http/overwrite.go: 409; the message is
// pkg/api/errors/scheduler.go wrapping go-etcd-cron's "job already exists: '<key>'"), cron and
// @every schedules run, malformed ones refused with the scheduler's own words (dapr/kit cron's
// parser, go-etcd-cron's validation), and a moved reminder overwriting its job.
#include "dapr_fixture.hpp"

#include <events/catalog.hpp>
#include <events/dapr/testing/detail/cron.hpp>
#include <events/dapr/jobs.hpp>
#include <events/dapr/reminders.hpp>
#include <events/dapr/retry.hpp>
#include <events/dapr/testing/sidecar_double.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <vector>

using namespace std::chrono_literals;
using events_test::app_server;
using events_test::eventually;
namespace dapr = events::dapr;

namespace {

using wall_clock = std::chrono::system_clock;

wall_clock::time_point wall_at(const char* rfc3339) {
  events::timestamp t;
  REQUIRE(events::parse_timestamp(rfc3339, t) == events::timestamp_errc{});
  return t;
}

std::string wall_text(std::optional<wall_clock::time_point> t) {
  return t ? events::format_timestamp(std::chrono::time_point_cast<std::chrono::microseconds>(*t)) : "never";
}

std::string next_after(const char* schedule, const char* after) {
  std::string error;
  auto s = dapr::detail::parse_schedule(schedule, error);
  REQUIRE_MESSAGE(s, error);
  return wall_text(dapr::detail::next_trigger(*s, wall_at(after)));
}

// A raw POST to the sidecar, as curl or a non-C++ client would send it.
struct job_reply {
  int status = 0;
  nlohmann::json body;
};
job_reply post_job(int port, const std::string& name, const std::string& body) {
  httplib::Client c("127.0.0.1", port);
  auto res = c.Post("/v1.0-alpha1/jobs/" + name, body, "application/json");
  REQUIRE(res);
  return {res->status, res->body.empty() ? nlohmann::json() : nlohmann::json::parse(res->body, nullptr, false)};
}

// Dapr's error body: errorCode, message, and the code again as a google.rpc.ErrorInfo detail.
void check_dapr_error(const job_reply& r, int status, const std::string& code, const std::string& message) {
  CHECK(r.status == status);
  REQUIRE(r.body.is_object());
  CHECK(r.body.value("errorCode", "") == code);
  CHECK(r.body.value("message", "") == message);
  REQUIRE(r.body.contains("details"));
  REQUIRE(r.body["details"].size() == 1);
  const auto& info = r.body["details"][0];
  CHECK(info.value("@type", "") == "type.googleapis.com/google.rpc.ErrorInfo");
  CHECK(info.value("domain", "") == "dapr.io");
  CHECK(info.value("reason", "") == code);
}

std::string validation_message(const std::string& why) {
  return "failed to schedule job due to: rpc error: code = Unknown desc = job failed validation: " + why;
}

// An app that records when each job trigger arrives.
struct trigger_log {
  std::mutex mu;
  std::vector<std::pair<std::string, wall_clock::time_point>> calls;
  std::size_t count(const std::string& name) {
    std::lock_guard lock(mu);
    return static_cast<std::size_t>(std::count_if(calls.begin(), calls.end(), [&](const auto& c) { return c.first == name; }));
  }
  std::vector<wall_clock::time_point> times(const std::string& name) {
    std::lock_guard lock(mu);
    std::vector<wall_clock::time_point> out;
    for (const auto& [n, t] : calls)
      if (n == name) out.push_back(t);
    return out;
  }
};

}  // namespace

TEST_SUITE("dapr.jobs") {

TEST_CASE("cron: six fields, seconds first, as Dapr's docs and dapr/kit's parser read them (UTC)") {
  // the jobs API reference's own examples
  CHECK(next_after("0 30 * * * *", "2025-01-01T10:15:00Z") == "2025-01-01T10:30:00Z");  // every hour on the half hour
  CHECK(next_after("0 30 * * * *", "2025-01-01T10:30:00Z") == "2025-01-01T11:30:00Z");  // strictly after
  CHECK(next_after("0 15 3 * * *", "2025-01-01T04:00:00Z") == "2025-01-02T03:15:00Z");  // every day at 03:15
  // the period expressions and the cron they equal in the docs' table
  CHECK(next_after("@hourly", "2025-01-01T10:15:07Z") == "2025-01-01T11:00:00Z");
  CHECK(next_after("@daily", "2025-01-01T10:15:07Z") == "2025-01-02T00:00:00Z");
  CHECK(next_after("@midnight", "2025-01-01T10:15:07Z") == "2025-01-02T00:00:00Z");
  CHECK(next_after("@weekly", "2025-01-01T12:00:00Z") == "2025-01-05T00:00:00Z");  // Wednesday -> Sunday midnight
  CHECK(next_after("@monthly", "2025-01-15T00:00:00Z") == "2025-02-01T00:00:00Z");
  CHECK(next_after("@yearly", "2025-01-15T00:00:00Z") == "2026-01-01T00:00:00Z");
  CHECK(next_after("@annually", "2025-01-15T00:00:00Z") == "2026-01-01T00:00:00Z");
  CHECK(next_after("@every 1h30m", "2025-01-01T10:00:00.25Z") == "2025-01-01T11:30:00.250000Z");  // no rounding
  // the seconds field is the first one
  CHECK(next_after("*/15 * * * * *", "2025-01-01T10:00:07Z") == "2025-01-01T10:00:15Z");
  CHECK(next_after("5/20 * * * * *", "2025-01-01T10:00:26Z") == "2025-01-01T10:00:45Z");
  // names, ranges, lists
  CHECK(next_after("0 0 12 * jan-mar mon-fri", "2025-03-28T13:00:00Z") == "2025-03-31T12:00:00Z");  // Fri -> Mon
  CHECK(next_after("0 0 12 * JAN-MAR MON-FRI", "2025-03-31T13:00:00Z") == "2026-01-01T12:00:00Z");
  CHECK(next_after("0 0,30 9-10 * * *", "2025-01-01T09:45:00Z") == "2025-01-01T10:00:00Z");
  // day of month and day of week: either, when both are restricted; both, when one is * or ?
  CHECK(next_after("0 0 0 13 * 5", "2025-01-01T00:00:00Z") == "2025-01-03T00:00:00Z");  // Friday 3rd comes first
  CHECK(next_after("0 0 0 13 * *", "2025-01-01T00:00:00Z") == "2025-01-13T00:00:00Z");
  CHECK(next_after("0 0 0 13 * ?", "2025-01-01T00:00:00Z") == "2025-01-13T00:00:00Z");
  CHECK(next_after("0 0 0 * * 5", "2025-01-04T00:00:00Z") == "2025-01-10T00:00:00Z");
  // leap days, and a date that never comes
  CHECK(next_after("0 0 0 29 2 *", "2025-03-01T00:00:00Z") == "2028-02-29T00:00:00Z");
  CHECK(next_after("0 0 0 30 2 *", "2025-01-01T00:00:00Z") == "never");
}

TEST_CASE("a second job of the same name is refused as Dapr refuses it, unless overwrite is set") {
  dapr::sidecar_double sidecar;
  dapr::jobs jobs({.port = sidecar.port()});
  REQUIRE(jobs.schedule_json("dup", {.due_time = std::chrono::milliseconds(60000)}, R"({"v":1})"));

  const std::string exists = "failed to schedule job due to: rpc error: code = AlreadyExists desc = "
                             "job already exists: 'app||default||events-app||dup'";
  SUBCASE("without overwrite, or with overwrite false: 409, and the first job stays as it was") {
    for (const char* body : {R"({"schedule":"@daily","repeats":3})", R"({"schedule":"@daily","repeats":3,"overwrite":false})"}) {
      CAPTURE(body);
      check_dapr_error(post_job(sidecar.port(), "dup", body), 409, "DAPR_SCHEDULER_SCHEDULE_JOB", exists);
    }
    auto kept = jobs.get("dup");
    REQUIRE(kept);
    CHECK(kept->due_time == "60s");
    CHECK(kept->schedule.empty());
    CHECK_FALSE(kept->repeats);
    CHECK(kept->data == R"({"v":1})");
    // our client reports it, with the sidecar's message
    auto again = jobs.schedule_json("dup", {.due_time = std::chrono::milliseconds(1000)}, R"({"v":2})");
    CHECK_FALSE(again.ok);
    CHECK(again.status == 409);
    CHECK(again.message.find("job already exists") != std::string::npos);
  }
  SUBCASE("with overwrite: replaced") {
    auto r = jobs.schedule_json("dup", {.schedule = "@weekly", .repeats = 3, .overwrite = true}, R"({"v":2})");
    CHECK(r.ok);
    CHECK(r.status == 204);
    auto now = jobs.get("dup");
    REQUIRE(now);
    CHECK(now->schedule == "@weekly");
    CHECK(now->repeats == 3);
    CHECK(now->due_time.empty());
    CHECK(now->data == R"({"v":2})");
    CHECK(sidecar.job("dup")->find("overwrite") == std::string::npos);  // a request flag, not part of the job
  }
  SUBCASE("a deleted name is free again") {
    CHECK(jobs.remove("dup"));
    CHECK(jobs.schedule_json("dup", {.due_time = std::chrono::milliseconds(60000)}, "2"));
  }
}

TEST_CASE("a missing job: GET answers 500 DAPR_SCHEDULER_GET_JOB (not 404), DELETE answers 204, as Dapr does") {
  // dapr/dapr tests/integration/suite/daprd/jobs/http/errors.go; the message is the scheduler's
  // NotFound ("job not found: <name>") wrapped by pkg/api/errors/scheduler.go
  dapr::sidecar_double sidecar;
  httplib::Client c("127.0.0.1", sidecar.port());
  auto got = c.Get("/v1.0-alpha1/jobs/notfound");
  REQUIRE(got);
  CHECK(got->get_header_value("Content-Type") == "application/json");
  check_dapr_error({got->status, nlohmann::json::parse(got->body, nullptr, false)}, 500, "DAPR_SCHEDULER_GET_JOB",
                   "failed to get job due to: rpc error: code = NotFound desc = job not found: notfound");
  auto gone = c.Delete("/v1.0-alpha1/jobs/notfound");
  REQUIRE(gone);
  CHECK(gone->status == 204);
  dapr::jobs jobs({.port = sidecar.port()});
  dapr::job_result why;
  CHECK_FALSE(jobs.get("notfound", &why));
  CHECK(why.not_found());
}

TEST_CASE("a job scheduled again while its trigger is in flight keeps its new schedule") {
  dapr::sidecar_double sidecar;
  std::mutex mu;
  std::condition_variable cv;
  bool entered = false, released = false;
  int calls = 0;
  app_server app;
  app.server.Post("/job/slow", [&](const httplib::Request&, httplib::Response& res) {
    std::unique_lock lock(mu);
    entered = true;
    ++calls;
    cv.notify_all();
    cv.wait(lock, [&] { return released; });
    res.status = 200;
  });
  app.start();
  struct release_on_exit {  // destroyed before `app`, so a failed check never leaves the handler waiting
    std::function<void()> fn;
    ~release_on_exit() { fn(); }
  } release{[&] {
    std::lock_guard lock(mu);
    released = true;
    cv.notify_all();
  }};
  sidecar.set_job_app(app.port);
  dapr::jobs jobs({.port = sidecar.port()});
  REQUIRE(jobs.schedule_json("slow", {.due_time = std::chrono::milliseconds(1)}, "1"));
  {
    std::unique_lock lock(mu);
    REQUIRE(cv.wait_for(lock, 20s, [&] { return entered; }));
  }
  CHECK(sidecar.job("slow"));  // stored while its trigger is in flight
  REQUIRE(jobs.schedule_json("slow", {.due_time = std::chrono::milliseconds(60000), .overwrite = true}, "2"));
  release.fn();
  REQUIRE(sidecar.wait_idle(20s));  // the trigger ended; the new job is not due for a minute
  auto j = jobs.get("slow");
  REQUIRE(j);  // not deleted as the one-shot it replaced would be
  CHECK(j->due_time == "60s");
  CHECK(j->data == "2");
  std::lock_guard lock(mu);
  CHECK(calls == 1);
}

TEST_CASE("the client sends overwrite only when asked (Dapr's default is false)") {
  CHECK(dapr::detail::job_body({.due_time = std::chrono::milliseconds(1000)}, "1") == R"({"data":1,"dueTime":"1s"})");
  CHECK(dapr::detail::job_body({.schedule = "@every 2s", .overwrite = true}, "1") ==
        R"({"data":1,"schedule":"@every 2s","overwrite":true})");
}

TEST_CASE("a malformed job is refused with Dapr's status, code and the scheduler's message") {
  dapr::sidecar_double sidecar;
  const int port = sidecar.port();
  // cron: the parser's words (dapr/kit cron), wrapped by go-etcd-cron and the sidecar; HTTP 500
  check_dapr_error(post_job(port, "bad", R"({"schedule":"0 30 * * *"})"), 500, "DAPR_SCHEDULER_SCHEDULE_JOB",
                   validation_message("expected exactly 6 fields, found 5: [0 30 * * *]"));
  check_dapr_error(post_job(port, "bad", R"({"schedule":"61 * * * * *"})"), 500, "DAPR_SCHEDULER_SCHEDULE_JOB",
                   validation_message("end of range (61) above maximum (59): 61"));
  check_dapr_error(post_job(port, "bad", R"({"schedule":"0 0 0 * * 1-x"})"), 500, "DAPR_SCHEDULER_SCHEDULE_JOB",
                   validation_message("failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax"));
  check_dapr_error(post_job(port, "bad", R"({"schedule":"0 0 5-1 * * *"})"), 500, "DAPR_SCHEDULER_SCHEDULE_JOB",
                   validation_message("beginning of range (5) beyond end of range (1): 5-1"));
  check_dapr_error(post_job(port, "bad", R"({"schedule":"@fortnightly"})"), 500, "DAPR_SCHEDULER_SCHEDULE_JOB",
                   validation_message("unrecognized descriptor: @fortnightly"));
  check_dapr_error(post_job(port, "bad", R"({"schedule":"@every soon"})"), 500, "DAPR_SCHEDULER_SCHEDULE_JOB",
                   validation_message("failed to parse duration @every soon: time: invalid duration \"soon\""));
  // go-etcd-cron's other checks
  check_dapr_error(post_job(port, "bad", R"({"dueTime":"1s","repeats":2})"), 500, "DAPR_SCHEDULER_SCHEDULE_JOB",
                   validation_message("job must have a schedule to repeat"));
  check_dapr_error(post_job(port, "bad", R"({"schedule":"@daily","repeats":0})"), 500, "DAPR_SCHEDULER_SCHEDULE_JOB",
                   validation_message("defined repeats must be greater than 0"));
  check_dapr_error(post_job(port, "bad", R"({"dueTime":"1s","ttl":"2s"})"), 500, "DAPR_SCHEDULER_SCHEDULE_JOB",
                   validation_message("job must have a schedule to have a ttl"));
  check_dapr_error(post_job(port, "bad", R"({"schedule":"@daily","dueTime":"tomorrow"})"), 500,
                   "DAPR_SCHEDULER_SCHEDULE_JOB", validation_message("due time format not recognized"));
  // the sidecar's own checks (dapr/dapr tests/integration/suite/daprd/jobs/http/errors.go, basic.go)
  check_dapr_error(post_job(port, "bad", "{}"), 400, "DAPR_SCHEDULER_SCHEDULE_EMPTY", "Schedule is empty");
  check_dapr_error(post_job(port, "bad", R"({"name":"test1","schedule":"test","repeats":1})"), 400,
                   "DAPR_SCHEDULER_JOB_NAME", "Set the job name in the url only");
  CHECK(post_job(port, "bad", R"({"schedule":"test","repeats":-1})").status == 400);
  CHECK(post_job(port, "bad", "[{}]").status == 400);
  CHECK_FALSE(sidecar.job("bad"));

  // and what Dapr accepts (the docs' examples; basic.go's snake_case due_time)
  int n = 0;
  for (const char* ok : {R"({"schedule":"0 30 * * * *"})", R"({"schedule":"0 15 3 * * *"})", R"({"schedule":"@yearly"})",
                         R"({"schedule":"@annually"})", R"({"schedule":"@monthly"})", R"({"schedule":"@weekly"})",
                         R"({"schedule":"@daily"})", R"({"schedule":"@midnight"})", R"({"schedule":"@hourly"})",
                         R"({"schedule":"@every 1h30m"})", R"({"schedule":"0 0 12 * jan-mar mon-fri"})",
                         R"({"schedule":"@daily","repeats":3,"due_time":"10s","ttl":"11s"})"}) {
    CAPTURE(ok);
    auto r = post_job(port, "good" + std::to_string(++n), ok);
    CHECK(r.status == 204);
  }
  CHECK(nlohmann::json::parse(*sidecar.job("good12")).value("dueTime", "") == "10s");
}

TEST_CASE("@every and cron schedules fire as Dapr fires them: never early, `repeats` times, then gone") {
  dapr::sidecar_double sidecar;
  trigger_log log;
  app_server app;
  app.server.Post(R"(/job/([^/?]+))", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(log.mu);
    log.calls.emplace_back(req.matches[1], wall_clock::now());
    res.status = 200;
  });
  app.start();
  sidecar.set_job_app(app.port);
  dapr::jobs jobs({.port = sidecar.port()});

  SUBCASE("@every 50ms, 3 repeats: each trigger at least 50 ms after the one scheduled before it") {
    auto scheduled = wall_clock::now();
    REQUIRE(jobs.schedule_json("every", {.schedule = "@every 50ms", .repeats = 3}, "{}"));
    REQUIRE(eventually([&] { return log.count("every") == 3 && !sidecar.job("every"); }, 20000ms));
    auto times = log.times("every");
    for (std::size_t k = 0; k < times.size(); ++k) CHECK(times[k] >= scheduled + (k + 1) * 50ms);
  }
  SUBCASE("cron '*/2 * * * * *' (every even second), 2 repeats") {
    auto scheduled = wall_clock::now();
    REQUIRE(jobs.schedule_json("cron", {.schedule = "*/2 * * * * *", .repeats = 2}, "{}"));
    // the first even second after scheduling, then two seconds later; a reading with minutes first
    // would not fire within the deadline
    auto first = std::chrono::floor<std::chrono::seconds>(scheduled) + 1s;
    if (first.time_since_epoch().count() % 2) first += 1s;
    REQUIRE(eventually([&] { return log.count("cron") == 2 && !sidecar.job("cron"); }, 20000ms));
    auto times = log.times("cron");
    CHECK(times[0] >= first);
    CHECK(times[1] >= first + 2s);
    CHECK(sidecar.stats().jobs_triggered == 2);
  }
  SUBCASE("ttl ends a schedule: @every 40ms with a 100ms ttl fires at 40 and 80 ms, not at 120") {
    REQUIRE(jobs.schedule_json("ttl", {.schedule = "@every 40ms", .ttl = "100ms"}, "{}"));
    REQUIRE(eventually([&] { return !sidecar.job("ttl"); }, 20000ms));
    CHECK(sidecar.wait_idle(20s));
    CHECK(log.count("ttl") == 2);
  }
}

TEST_CASE("a reminder that moves overwrites its job: one job, one reminder.due at the new time") {
  dapr::sidecar_double sidecar({.max_deliveries = 3, .redelivery_delay = 5ms});
  dapr::reliable_publisher out({.port = sidecar.port()}, {.max_attempts = 3, .initial_backoff = 2ms, .max_backoff = 10ms});
  dapr::jobs jobs({.port = sidecar.port()});
  dapr::reminder_scheduler reminders(jobs, out);
  dapr::job_handlers triggers;
  reminders.mount(triggers);
  app_server app;
  triggers.mount(app.server);
  app.start();
  sidecar.set_job_app(app.port);

  auto scheduled = events::make_event(events::ReminderScheduledPayload{
      .reminder_id = events::uuid::v4(), .task_id = events::uuid::v4(), .user_id = events::uuid::v4(),
      .scheduled_for = events::now() + 1h, .notification_channel = "push", .message = "Buy groceries"});
  const std::string name = dapr::reminder_job_name(scheduled.payload.task_id.to_string());
  REQUIRE(reminders.schedule(scheduled).ok);
  CHECK(jobs.get(name)->due_time == events::format_timestamp(scheduled.payload.scheduled_for));

  // moved later: Dapr 1.16 would refuse a plain second schedule of the name (409); the move overwrites
  scheduled.payload.scheduled_for = events::now() + 2h;
  auto moved = reminders.schedule(scheduled);
  CHECK(moved.ok);
  CHECK(moved.status == 204);
  CHECK(jobs.get(name)->due_time == events::format_timestamp(scheduled.payload.scheduled_for));
  CHECK(sidecar.messages("reminders").empty());

  // moved to now: it fires once, at the new time, and the job is gone
  scheduled.payload.scheduled_for = events::now() + 30ms;
  REQUIRE(reminders.schedule(scheduled).ok);
  REQUIRE(eventually([&] { return sidecar.messages("reminders").size() == 1 && !jobs.get(name); }, 20000ms));
  CHECK(sidecar.wait_idle(20s));
  CHECK(sidecar.stats().jobs_triggered == 1);
  auto due = sidecar.messages("reminders");
  REQUIRE(due.size() == 1);
  auto ce = nlohmann::json::parse(due[0].body);
  CHECK(ce["data"]["payload"].value("due_at", "") == events::format_timestamp(scheduled.payload.scheduled_for));
}

}  // TEST_SUITE
