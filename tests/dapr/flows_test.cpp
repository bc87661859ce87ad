// The flows of seed 003 as library pieces: the recurring service (seed 004 and seed 003
// messages), the reminder flow through jobs to the notification service, and the generated Dapr
// resources checked (by js-yaml, an independent reader) against what the code serves.
#include "dapr_fixture.hpp"

#include <events/catalog.hpp>
#include <events/catalog/contract.hpp>
#include <events/dapr/jobs.hpp>
#include <events/dapr/reminders.hpp>
#include <events/dapr/resources.hpp>
#include <events/dapr/retry.hpp>
#include <events/dapr/routes.hpp>
#include <events/dapr/testing/sidecar_double.hpp>
#include <events/dapr/subscriber.hpp>
#include <events/catalog/services/notification.hpp>
#include <events/catalog/services/recurring.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>

using namespace std::chrono_literals;
using events_test::app_server;
using events_test::eventually;
namespace dapr = events::dapr;
namespace services = events::services;

namespace {
events::timestamp at(const char* text) {
  events::timestamp t;
  REQUIRE(events::parse_timestamp(text, t) == events::timestamp_errc{});
  return t;
}
std::string text(events::timestamp t) { return events::format_timestamp(t); }

events::event<events::TaskCompletedPayload> completed(events::uuid task, events::uuid user, const char* when,
                                                      std::optional<std::string> pattern) {
  return events::make_event(events::TaskCompletedPayload{.task_id = task, .user_id = user, .completed_at = at(when),
                                                         .has_recurrence = pattern.has_value(), .recurrence_pattern = pattern});
}
}  // namespace

TEST_SUITE("dapr.flows") {

TEST_CASE("recurring service, seed 004: next task.created on the rule's date, true occurrence numbers, month ends") {
  services::recurring_service svc;
  const auto user = events::uuid::v4();
  auto first = events::make_event(events::TaskCreatedPayload{.task_id = events::uuid::v4(), .user_id = user, .title = "Pay rent",
                                                             .description = std::nullopt, .priority = "high",
                                                             .due_date = at("2026-01-31T09:00:00Z"), .tags = {"home"}});
  svc.remember(first);
  auto n2 = svc.on_completed(completed(first.payload.task_id, user, "2026-01-31T08:00:00Z", "monthly"));
  REQUIRE(n2);
  CHECK(text(*n2->created.payload.due_date) == "2026-02-28T09:00:00Z");
  CHECK(n2->created.payload.title == "Pay rent");
  CHECK(n2->created.payload.priority == "high");
  CHECK(n2->spawned.payload.occurrence_number == 2);
  CHECK(n2->spawned.payload.original_task_id == first.payload.task_id);
  CHECK(n2->spawned.payload.new_task_id == n2->created.payload.task_id);
  CHECK(n2->created.causation_id == n2->spawned.causation_id);

  auto n3 = svc.on_completed(completed(n2->created.payload.task_id, user, "2026-02-28T10:00:00Z", "monthly"));
  REQUIRE(n3);
  CHECK(text(*n3->created.payload.due_date) == "2026-03-31T09:00:00Z");  // from the anchor: back to the 31st
  CHECK(n3->spawned.payload.occurrence_number == 3);

  SUBCASE("a re-delivered completion returns the same events, marked duplicate") {
    auto again = svc.on_completed(completed(first.payload.task_id, user, "2026-01-31T08:00:00Z", "monthly"));
    REQUIRE(again);
    CHECK(again->duplicate);
    CHECK(again->created.event_id == n2->created.event_id);
    CHECK(again->created.payload.task_id == n2->created.payload.task_id);
  }
  SUBCASE("no recurrence, an unknown rule, and COUNT's end give nothing, each with its reason") {
    CHECK_FALSE(svc.on_completed(completed(events::uuid::v4(), user, "2026-01-01T00:00:00Z", std::nullopt)));
    CHECK(svc.last_reason() == services::no_next::not_recurring);
    CHECK_FALSE(svc.on_completed(completed(events::uuid::v4(), user, "2026-01-01T00:00:00Z", "on full moons")));
    CHECK(svc.last_reason() == services::no_next::bad_rule);
    CHECK(svc.last_errors().front().code == "recurrence_parsing");
    auto a = svc.on_completed(completed(events::uuid::v4(), user, "2026-01-01T00:00:00Z", "FREQ=DAILY;COUNT=2"));
    REQUIRE(a);
    CHECK(a->spawned.payload.occurrence_number == 2);
    CHECK_FALSE(svc.on_completed(completed(a->created.payload.task_id, user, "2026-01-02T00:00:00Z", "FREQ=DAILY;COUNT=2")));
    CHECK(svc.last_reason() == services::no_next::series_ended);
  }
  SUBCASE("a task never seen created: due date from its completion time, weekly") {
    auto w = svc.on_completed(completed(events::uuid::v4(), user, "2026-02-26T18:00:00Z", "weekly"));
    REQUIRE(w);
    CHECK(text(*w->created.payload.due_date) == "2026-03-05T18:00:00Z");
    CHECK(w->spawned.payload.occurrence_number == 2);
  }
}

TEST_CASE("recurring service, seed 003: TaskEvent(completed) with task_data.recurrence_rule") {
  // The seed's example message, completed, with a rule, parsed from JSON as a Python service sends it.
  auto msg = events::from_json<events::TaskEvent>(R"({
    "id": "550e8400-e29b-41d4-a716-446655440001", "event_type": "completed", "task_id": 1,
    "task_data": {"id": 1, "title": "Buy groceries", "description": null, "completed": true, "priority": "medium",
                  "tags": [], "due_date": "2025-01-31T10:00:00Z", "recurrence_rule": "monthly",
                  "user_id": "user-uuid", "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-31T12:00:00Z"},
    "user_id": "user-uuid", "timestamp": "2025-01-31T12:00:00Z"})");
  REQUIRE(msg);
  services::recurring_service svc;
  std::int64_t next_id = 100;
  auto next = svc.on_task_event(*msg, [&] { return ++next_id; });
  REQUIRE(next);
  CHECK(next->created.event_type == events::TaskOperation::created);
  CHECK(next->created.task_id == 101);
  REQUIRE(next->created.task_data);
  CHECK(next->created.task_data->id == 101);
  CHECK(next->created.task_data->title == "Buy groceries");
  CHECK_FALSE(next->created.task_data->completed);
  CHECK(text(*next->created.task_data->due_date) == "2025-02-28T10:00:00Z");
  CHECK(next->created.user_id == "user-uuid");
  CHECK(next->spawned.payload.occurrence_number == 2);
  CHECK(next->spawned.payload.original_task_id == dapr::task_uuid(1));

  // the next one completes: occurrence 3, back on the 31st
  events::TaskEvent done = next->created;
  done.event_type = events::TaskOperation::completed;
  done.id = events::uuid::v4();
  auto third = svc.on_task_event(done, [&] { return ++next_id; });
  REQUIRE(third);
  CHECK(third->spawned.payload.occurrence_number == 3);
  CHECK(text(*third->created.task_data->due_date) == "2025-03-31T10:00:00Z");
  // what it emits is a valid contract message again
  auto wire = events::to_json(third->created);
  CHECK(events::from_json<events::TaskEvent>(wire));
  // a created or a one-off completion is not the service's business
  msg->event_type = events::TaskOperation::created;
  CHECK_FALSE(svc.on_task_event(*msg, [&] { return ++next_id; }));
  CHECK(next_id == 102);
}

TEST_CASE("reminder flow: scheduled 200 ms ahead -> job -> reminder.due once -> notification -> reminder.sent") {
  dapr::sidecar_double sidecar({.max_deliveries = 3, .redelivery_delay = 5ms});
  dapr::reliable_publisher out({.port = sidecar.port()}, {.max_attempts = 3, .initial_backoff = 2ms, .max_backoff = 10ms});
  dapr::jobs jobs({.port = sidecar.port()});
  dapr::reminder_scheduler reminders(jobs, out);
  dapr::job_handlers triggers;
  reminders.mount(triggers);

  using due_event = events::event<events::ReminderDuePayload>;
  using sent_event = events::event<events::ReminderSentPayload>;
  using failed_event = events::event<events::ReminderFailedPayload>;
  std::atomic<int> sends{0};
  services::notification_service notifier([&](const events::ReminderDuePayload& r) -> std::string {
    ++sends;
    return r.title == "unreachable" ? "push gateway: device unknown" : "";
  });
  dapr::subscriber sub({.routes = dapr::seed_routes()});
  std::mutex mu;
  std::vector<sent_event> sent;
  std::vector<failed_event> failed;
  sub.on<due_event>([&](const due_event& ev) {
    auto outcome = notifier.on_due(ev);
    if (outcome.duplicate) return;
    if (outcome.sent) out.publish(*outcome.sent);
    if (outcome.failed) out.publish(*outcome.failed);
  });
  sub.on<sent_event>([&](const sent_event& ev) {
    std::lock_guard lock(mu);
    sent.push_back(ev);
  });
  sub.on<failed_event>([&](const failed_event& ev) {
    std::lock_guard lock(mu);
    failed.push_back(ev);
  });
  app_server app;
  sub.mount(app.server);
  triggers.mount(app.server);
  app.start();
  REQUIRE(sidecar.connect_app(app.port) == 1);

  // first an hour ahead: stored, nothing published (checking this cannot race the trigger)
  auto scheduled = events::make_event(events::ReminderScheduledPayload{
      .reminder_id = events::uuid::v4(), .task_id = events::uuid::v4(), .user_id = events::uuid::v4(),
      .scheduled_for = events::now() + 1h, .notification_channel = "push", .message = "Buy groceries"});
  REQUIRE(reminders.schedule(scheduled).ok);
  const std::string name = "reminder-task-" + scheduled.payload.task_id.to_string();
  auto job = jobs.get(name);
  REQUIRE(job);
  CHECK(job->due_time == text(scheduled.payload.scheduled_for));
  CHECK(sidecar.messages("reminders").empty());
  // then moved to 200 ms ahead: the same job, overwritten
  scheduled.payload.scheduled_for = events::now() + 200ms;
  auto r = reminders.schedule(scheduled);
  REQUIRE(r.ok);

  REQUIRE(eventually([&] {
    std::lock_guard lock(mu);
    return !sent.empty();
  }));
  CHECK(events::now() >= scheduled.payload.scheduled_for);  // never before its time
  REQUIRE(sidecar.wait_idle(20s));

  // the job fires again (Dapr's jobs are at-least-once): no second reminder.due
  dapr::reminder_job data{"reminder", scheduled.payload.reminder_id, scheduled.payload.task_id, scheduled.payload.user_id,
                          "Buy groceries", scheduled.payload.scheduled_for, "push", std::nullopt};
  httplib::Client app_client("127.0.0.1", app.port);
  auto again = app_client.Post("/job/" + name, events::to_json(data), "application/json");
  REQUIRE(again);
  CHECK(again->status == 200);
  CHECK(reminders.duplicates() == 1);
  REQUIRE(sidecar.wait_idle(20s));

  std::unique_lock lock(mu);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].payload.reminder_id == scheduled.payload.reminder_id);
  CHECK(sent[0].payload.delivery_status == "delivered");
  CHECK(sent[0].payload.notification_channel == "push");
  CHECK(sends == 1);
  CHECK(failed.empty());
  CHECK(sidecar.messages("reminders").size() == 2);  // reminder.due, reminder.sent
  CHECK_FALSE(jobs.get(name));

  SUBCASE("a notification that cannot be delivered ends in reminder.failed with its error") {
    auto seed3 = events::ReminderEvent{.task_id = 7, .title = "unreachable", .due_date = std::nullopt,
                                       .remind_at = events::now() + 1h, .user_id = "user-7"};
    REQUIRE(reminders.schedule(seed3).ok);
    CHECK(jobs.get("reminder-task-7"));  // an hour ahead: still stored
    seed3.remind_at = events::now() + 20ms;  // moved: overwrites the job
    REQUIRE(reminders.schedule(seed3).ok);
    lock.unlock();
    REQUIRE(eventually([&] {
      std::lock_guard l(mu);
      return !failed.empty();
    }));
    lock.lock();
    CHECK(failed[0].payload.error_message == "push gateway: device unknown");
    CHECK(failed[0].payload.retry_count == 2);
    CHECK(failed[0].payload.task_id == dapr::task_uuid(7));
  }
}

TEST_CASE("generated Dapr resources match what the code serves (read back by js-yaml)") {
  dapr::subscriber sub({.routes = dapr::seed_routes()});
  sub.on<events::event<events::TaskCompletedPayload>>([](const auto&) {});
  sub.on<events::event<events::ReminderDuePayload>>([](const auto&) {});
  sub.on<events::event<events::TaskCreatedPayload>>([](const auto&) {}, "task-updates");

  auto cfg = dapr::resources_config::from_properties({{"bootstrap.servers", "xyz.cloud.redpanda.com:9092"},
                                                      {"security.protocol", "sasl_ssl"},
                                                      {"sasl.mechanism", "SCRAM-SHA-256"},
                                                      {"sasl.username", "todo"},
                                                      {"group.id", "todo-service"}});
  cfg.subscriptions = dapr::subscriptions_of(sub);
  auto dir = std::filesystem::temp_directory_path() / ("events-dapr-resources-" + events::uuid::v4().to_string());
  auto written = dapr::write_resources(cfg, dir);
  CHECK(written.size() == 4 + 3);

  // An independent reader (js-yaml) turns every file into JSON.
  std::string out_path = (dir / "all.json").string();
  std::string cmd = "cd '" EVENTS_SOURCE_DIR "/tests/js' && " EVENTS_NODE " yaml_to_json.mjs '" + dir.string() + "' > '" + out_path + "'";
  REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, "node yaml_to_json.mjs failed: run `npm ci` in tests/js");
  std::ifstream in(out_path);
  auto docs = nlohmann::json::parse(in);
  REQUIRE(docs.size() == 7);

  std::map<std::string, nlohmann::json> by_name;
  std::vector<dapr::subscription_spec> declared;
  for (const auto& d : docs) {
    CHECK(d["metadata"]["namespace"] == "todo-app");
    by_name[d["metadata"]["name"].get<std::string>()] = d;
    if (d["kind"] == "Subscription") {
      CHECK(d["apiVersion"] == "dapr.io/v2alpha1");
      const auto& s = d["spec"];
      declared.push_back({s["pubsubname"], s["topic"], s["routes"]["default"], s.value("deadLetterTopic", "")});
    }
  }
  // The subscriptions: exactly what GET /dapr/subscribe announces, seed 003's routes and DLQs.
  auto served = dapr::subscriptions_of(sub);
  CHECK(declared == served);
  std::map<std::string, std::pair<std::string, std::string>> route_and_dlq;
  for (const auto& s : declared) route_and_dlq[s.topic] = {s.route, s.dead_letter_topic};
  CHECK(route_and_dlq["task-events"] == std::pair<std::string, std::string>{"/events/tasks", "task-events-dlq"});
  CHECK(route_and_dlq["reminders"] == std::pair<std::string, std::string>{"/events/reminders", "reminders-dlq"});
  CHECK(route_and_dlq["task-updates"].first == "/events/task-updates");
  for (const auto& s : declared) CHECK(s.pubsubname == dapr::options{}.pubsub);  // what the publisher uses

  // The pub/sub component: brokers and auth from the configuration, the password by reference.
  const auto& pubsub = by_name.at("kafka-pubsub");
  CHECK(pubsub["spec"]["type"] == "pubsub.kafka");
  std::map<std::string, nlohmann::json> meta;
  for (const auto& m : pubsub["spec"]["metadata"]) meta[m["name"]] = m;
  CHECK(meta["brokers"]["value"] == "xyz.cloud.redpanda.com:9092");
  CHECK(meta["consumerGroup"]["value"] == "todo-service");
  CHECK(meta["authType"]["value"] == "password");
  CHECK(meta["saslUsername"]["value"] == "todo");
  CHECK(meta["saslMechanism"]["value"] == "SHA-256");
  CHECK(meta["saslPassword"]["secretKeyRef"]["name"] == "todo-secrets");
  CHECK_FALSE(meta["saslPassword"].contains("value"));
  CHECK(meta["disableTls"]["value"] == "false");
  CHECK(pubsub["auth"]["secretStore"] == "kubernetes-secrets");

  CHECK(by_name.at("statestore")["spec"]["type"] == "state.postgresql");
  CHECK(by_name.at("statestore")["spec"]["metadata"][0]["secretKeyRef"]["key"] == "database-url");
  CHECK(by_name.at("kubernetes-secrets")["spec"]["type"] == "secretstores.kubernetes");
  const auto& retry = by_name.at("events-resiliency")["spec"]["policies"]["retries"]["pubsubRetry"];
  CHECK(retry["policy"] == "exponential");
  CHECK(retry["maxRetries"] == dapr::retry_policy{}.max_attempts);
  CHECK(retry["maxInterval"] == "10s");
  CHECK(by_name.at("events-resiliency")["spec"]["targets"]["components"]["kafka-pubsub"]["inbound"]["retry"] == "pubsubRetry");

  SUBCASE("plaintext defaults: seed 003's redpanda:9092, no auth") {
    auto plain = dapr::pubsub_component(dapr::resources_config{});
    CHECK(plain.yaml.find("\"redpanda:9092\"") != std::string::npos);
    CHECK(plain.yaml.find("authType\n      value: \"none\"") != std::string::npos);
    CHECK(plain.yaml.find("saslPassword") == std::string::npos);
  }
  std::filesystem::remove_all(dir);
}

}  // TEST_SUITE
