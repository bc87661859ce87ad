// The sidecar double's pub/sub (single, bulk, subscriptions, SUCCESS/RETRY/DROP, dead letters),
// the reliable publisher's retries and failure hook, and jobs with their callbacks.
#include "dapr_fixture.hpp"

#include <events/catalog.hpp>
#include <events/dapr/bulk.hpp>
#include <events/dapr/jobs.hpp>
#include <events/dapr/retry.hpp>
#include <events/dapr/routes.hpp>
#include <events/dapr/testing/sidecar_double.hpp>
#include <events/dapr/subscriber.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <vector>

using namespace std::chrono_literals;
using events_test::app_server;
using events_test::eventually;
namespace dapr = events::dapr;
using task_created = events::event<events::TaskCreatedPayload>;

namespace {

task_created sample_task(std::string title) {
  return events::make_event(events::TaskCreatedPayload{.task_id = events::uuid::v4(), .user_id = events::uuid::v4(),
                                                       .title = std::move(title), .description = std::nullopt,
                                                       .priority = "high", .due_date = std::nullopt, .tags = {}});
}

// Milliseconds instead of seconds: the policy's shape is the seed's, its scale is the test's.
constexpr dapr::retry_policy fast_retries{.max_attempts = 3, .initial_backoff = 2ms, .max_backoff = 10ms, .multiplier = 2.0};

}  // namespace

TEST_SUITE("dapr.sidecar") {

TEST_CASE("retry_policy defaults to seed 004's: 3 attempts, 1 s then 2 s, capped at 10 s") {
  dapr::retry_policy p;
  CHECK(p.max_attempts == 3);
  CHECK(p.backoff(1) == 1000ms);
  CHECK(p.backoff(2) == 2000ms);
  CHECK(p.backoff(3) == 4000ms);
  CHECK(p.backoff(5) == 10000ms);
  CHECK(dapr::retryable_status(0));
  CHECK(dapr::retryable_status(503));
  CHECK(dapr::retryable_status(429));
  CHECK_FALSE(dapr::retryable_status(404));
  CHECK_FALSE(dapr::retryable_status(403));
}

TEST_CASE("a publish that fails twice then succeeds is delivered once") {
  dapr::sidecar_double sidecar;
  dapr::subscriber sub({.routes = dapr::seed_routes()});
  std::atomic<int> got{0};
  std::string title;
  sub.on<task_created>([&](const task_created& ev) {
    title = std::string(ev.payload.title);
    ++got;
  });
  app_server app;
  sub.mount(app.server);
  app.start();
  CHECK(sidecar.connect_app(app.port) == 1);

  dapr::reliable_publisher pub({.port = sidecar.port()}, fast_retries);
  std::vector<dapr::failed_event> failed;
  pub.on_failure([&](const dapr::failed_event& f) { failed.push_back(f); });
  sidecar.fail_next_publishes(2);
  auto r = pub.publish(sample_task("third time lucky"));
  CHECK(r.ok);
  CHECK(failed.empty());
  CHECK(pub.stats().retries == 2);
  CHECK(sidecar.wait_idle(5s));
  CHECK(got == 1);
  CHECK(title == "third time lucky");
  CHECK(sidecar.messages("task-events").size() == 1);
  CHECK(sidecar.stats().delivered == 1);
}

TEST_CASE("a publish that always fails reaches the failure hook with its error and its CloudEvent") {
  dapr::sidecar_double sidecar;
  dapr::reliable_publisher pub({.port = sidecar.port()}, fast_retries);
  std::vector<dapr::failed_event> failed;
  pub.on_failure([&](const dapr::failed_event& f) { failed.push_back(f); });
  sidecar.fail_next_publishes(100, 503);
  auto ev = sample_task("never");
  auto r = pub.publish(ev);
  CHECK_FALSE(r.ok);
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].attempts == 3);
  CHECK(failed[0].status == 503);
  CHECK(failed[0].error.find("injected publish failure") != std::string::npos);
  CHECK(failed[0].topic == "task-events");
  CHECK(failed[0].event_id == ev.event_id.to_string());
  CHECK(failed[0].event_type == "task.created");
  auto back = events::cloudevents::parse_structured(failed[0].body);
  REQUIRE(back);
  CHECK(back->attrs.id == ev.event_id.to_string());
  CHECK(sidecar.messages("task-events").empty());

  SUBCASE("an unknown pub/sub fails at once: retrying cannot fix a 404") {
    dapr::reliable_publisher wrong({.port = sidecar.port(), .pubsub = "no-such-pubsub"}, fast_retries);
    auto r2 = wrong.publish(ev);
    CHECK(r2.status == 404);
    REQUIRE(wrong.failures().size() == 1);  // no hook: kept, not lost
    CHECK(wrong.failures()[0].attempts == 1);
  }
}

TEST_CASE("publish with no sidecar listening ends in the failure hook, not in silence") {
  int port = 0;
  {
    dapr::sidecar_double gone;
    port = gone.port();
  }
  dapr::reliable_publisher pub({.port = port, .timeout = 200ms}, fast_retries);
  auto r = pub.publish(sample_task("nowhere"));
  CHECK_FALSE(r.ok);
  REQUIRE(pub.failures().size() == 1);
  CHECK(pub.failures()[0].status == 0);
  CHECK(pub.failures()[0].attempts == 3);
}

TEST_CASE("bulk publish reports per-entry failures, and the reliable publisher resends only those") {
  dapr::sidecar_double sidecar;
  std::vector<task_created> batch;
  for (const char* t : {"one", "poison", "three", "four"}) batch.push_back(sample_task(t));
  sidecar.reject_when([](const std::string&, const std::string& body) {
    return body.find("\"poison\"") != std::string::npos ? std::string("broker refused the message") : std::string();
  });

  dapr::bulk_publisher bulk({.port = sidecar.port()});
  auto r = bulk.publish(std::span<const task_created>(batch));
  REQUIRE(r.entries.size() == 4);
  CHECK(r.status == 500);
  CHECK_FALSE(r.ok());
  CHECK(r.failed() == 1);
  CHECK(r.entries[1].event_id == batch[1].event_id.to_string());
  CHECK_FALSE(r.entries[1].ok);
  CHECK(r.entries[1].error == "broker refused the message");
  CHECK(r.entries[0].ok);
  CHECK(r.entries[2].ok);
  CHECK(r.entries[3].ok);
  CHECK(sidecar.messages("task-events").size() == 3);

  dapr::reliable_publisher pub({.port = sidecar.port()}, fast_retries);
  std::vector<dapr::failed_event> failed;
  pub.on_failure([&](const dapr::failed_event& f) { failed.push_back(f); });
  auto again = pub.publish_bulk(std::span<const task_created>(batch));
  CHECK(again.failed() == 1);
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].event_id == batch[1].event_id.to_string());
  CHECK(failed[0].attempts == 3);
  CHECK(sidecar.messages("task-events").size() == 6);  // the three good ones once more, the poison never

  SUBCASE("all good: 204 and every entry ok") {
    sidecar.reject_when(nullptr);
    auto ok = bulk.publish(std::span<const task_created>(batch));
    CHECK(ok.status == 204);
    CHECK(ok.ok());
  }
}

TEST_CASE("the double delivers with SUCCESS/RETRY/DROP semantics and dead-letters what fails") {
  dapr::sidecar_double sidecar({.max_deliveries = 3, .redelivery_delay = 2ms});
  dapr::subscriber sub({.routes = dapr::seed_routes()});
  std::atomic<int> attempts_retry{0}, seen_ok{0};
  sub.on<task_created>([&](const task_created& ev) {
    if (ev.payload.title == "flaky") return ++attempts_retry < 2 ? dapr::status::retry : dapr::status::success;
    if (ev.payload.title == "always retry") return dapr::status::retry;
    if (ev.payload.title == "drop me") return dapr::status::drop;
    ++seen_ok;
    return dapr::status::success;
  });
  app_server app;
  sub.mount(app.server);
  app.start();
  sidecar.connect_app(app.port);

  dapr::publisher pub({.port = sidecar.port()});
  for (const char* t : {"fine", "flaky", "always retry", "drop me"}) REQUIRE(pub.publish(sample_task(t)));
  // a body that does not decode: the subscriber answers DROP at once
  httplib::Client raw("127.0.0.1", sidecar.port());
  auto res = raw.Post("/v1.0/publish/kafka-pubsub/task-events", R"({"event_type":"task.created","payload":{}})", "application/json");
  REQUIRE(res);
  CHECK(res->status == 204);
  REQUIRE(sidecar.wait_idle(5s));
  CHECK(seen_ok == 1);
  CHECK(attempts_retry == 2);
  auto dead = sidecar.messages("task-events-dlq");
  REQUIRE(dead.size() == 3);  // always-retry after 3 attempts, drop-me, the undecodable one
  auto s = sidecar.stats();
  CHECK(s.dropped == 2);
  CHECK(s.undeliverable == 1);
  CHECK(s.dead_lettered == 3);
  CHECK(s.delivered == 2);
  bool saw_dropped = false;
  for (const auto& m : dead) saw_dropped = saw_dropped || m.body.find("drop me") != std::string::npos;
  CHECK(saw_dropped);
}

TEST_CASE("declarative subscriptions and seed 003's route for task-events") {
  dapr::subscriber sub({.routes = dapr::seed_routes()});
  sub.on<task_created>([](const task_created&) {});
  auto specs = dapr::subscriptions_of(sub);
  REQUIRE(specs.size() == 1);
  CHECK(specs[0] == dapr::subscription_spec{"kafka-pubsub", "task-events", "/events/tasks", "task-events-dlq"});

  dapr::sidecar_double sidecar;
  app_server app;
  sub.mount(app.server);
  app.start();
  // Not discovered: declared, as a Subscription resource would.
  sidecar.add_subscription({.pubsubname = "kafka-pubsub", .topic = "task-events", .route = "/events/tasks",
                            .dead_letter_topic = "task-events-dlq", .raw_payload = false, .app_port = app.port});
  dapr::publisher pub({.port = sidecar.port()});
  REQUIRE(pub.publish(sample_task("declared")));
  REQUIRE(sidecar.wait_idle(5s));
  CHECK(sub.stats().handled == 1);
}

TEST_CASE("jobs: schedule, get, delete, and the callback at due time decodes typed data") {
  dapr::sidecar_double sidecar;
  dapr::job_handlers triggers;
  std::mutex mu;
  std::vector<std::pair<std::string, events::TaskCreatedPayload>> fired;
  triggers.on<events::TaskCreatedPayload>("task-", [&](const std::string& name, const events::TaskCreatedPayload& p) {
    std::lock_guard lock(mu);
    fired.emplace_back(name, p);
  });
  app_server app;
  triggers.mount(app.server);
  app.start();
  sidecar.set_job_app(app.port);

  dapr::jobs jobs({.port = sidecar.port()});
  auto payload = sample_task("from a job").payload;
  // stored while it waits: a minute ahead, so reading it back cannot race its trigger
  REQUIRE(jobs.schedule("task-1", payload, {.due_time = std::chrono::milliseconds(60000)}));
  auto stored = jobs.get("task-1");
  REQUIRE(stored);
  CHECK(stored->due_time == "60s");
  CHECK(stored->data.find("from a job") != std::string::npos);
  // brought forward (overwrite, as Dapr needs for a name in use): it fires once, with its data
  REQUIRE(jobs.schedule("task-1", payload, {.due_time = std::chrono::milliseconds(50), .overwrite = true}));

  REQUIRE(jobs.schedule("task-2", payload, {.due_time = std::chrono::milliseconds(60000)}));
  CHECK(jobs.remove("task-2").ok);
  dapr::job_result missing;
  CHECK_FALSE(jobs.get("task-2", &missing));
  CHECK(missing.status == 500);  // Dapr's answer (dapr/dapr tests/integration/suite/daprd/jobs/http/errors.go)
  CHECK(missing.not_found());

  CHECK(eventually([&] {
    std::lock_guard lock(mu);
    return !fired.empty();
  }));
  CHECK(sidecar.wait_idle(20s));
  std::lock_guard lock(mu);
  REQUIRE(fired.size() == 1);
  CHECK(fired[0].first == "task-1");
  CHECK(fired[0].second == payload);
  CHECK_FALSE(jobs.get("task-1"));  // a one-shot job is gone after it fired

  SUBCASE("bad requests are refused with the sidecar's message") {
    auto none = jobs.schedule_json("x", {}, "{}");
    CHECK_FALSE(none.ok);
    auto cron = jobs.schedule_json("x", {.schedule = "0 30 * * *"}, "{}");  // five fields: Dapr wants six
    CHECK(cron.status == 500);
    CHECK(cron.message.find("expected exactly 6 fields, found 5") != std::string::npos);
  }
}

TEST_CASE("a repeating job fires `repeats` times, and undecodable data is refused and counted") {
  dapr::sidecar_double sidecar({.max_deliveries = 2, .redelivery_delay = 1ms});
  dapr::job_handlers triggers;
  std::atomic<int> ticks{0};
  triggers.on<events::TaskCreatedPayload>("tick", [&](const std::string&, const events::TaskCreatedPayload&) { ++ticks; });
  app_server app;
  triggers.mount(app.server);
  app.start();
  sidecar.set_job_app(app.port);
  dapr::jobs jobs({.port = sidecar.port()});
  REQUIRE(jobs.schedule("tick", sample_task("t").payload, {.schedule = "@every 10ms", .repeats = 3}));
  REQUIRE(jobs.schedule_json("tick-bad", {.due_time = std::chrono::milliseconds(1)}, R"({"title":5})"));
  CHECK(eventually([&] { return ticks == 3 && !jobs.get("tick"); }));
  CHECK(sidecar.wait_idle(20s));
  CHECK(ticks == 3);
  CHECK(triggers.failed() == 2);  // tick-bad, tried max_deliveries times
  CHECK(sidecar.stats().job_failures == 1);
}

}  // TEST_SUITE
