// The service pipeline of the seeds, on Kafka: producers emit task, todo and reminder events for
// a few users; the recurring-task service answers task.completed with a recurrence by emitting
// recurring.triggered and the next occurrence; the notification service turns due reminders
// into notifications; the analytics service counts; one poison message lands in the dead-letter
// topic with its reason.
//
//   pipeline                         embedded cluster (3 brokers on 127.0.0.1, catalog topics)
//   pipeline --bootstrap HOST:PORT   a real cluster; other librdkafka properties from
//                                    EVENTS_KAFKA_* variables (e.g. SASL_SSL + SCRAM for Redpanda)
//
// Exits 0 when every event arrived where it should, each handled once, and the poison message
// reached the dead-letter topic.
#include <events/catalog.hpp>
#include <events/kafka/kafka.hpp>
#include <events/catalog/services/recurring.hpp>

#include "../demo_tally.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
namespace kafka = events::kafka;
using task_created = events::event<events::TaskCreatedPayload>;
using task_completed = events::event<events::TaskCompletedPayload>;
using recurring_triggered = events::event<events::RecurringTriggeredPayload>;
using recurring_spawned = events::event<events::RecurringSpawnedPayload>;
using reminder_scheduled = events::event<events::ReminderScheduledPayload>;
using todo_created = events::flat_event<events::TodoCreated>;
using todo_completed = events::flat_event<events::TodoCompleted>;
using notification = events::flat_event<events::InAppNotificationCreated>;

// Counters shared by the services' threads, and the dead letters (under the same mutex).
struct tally : demo::tally {
  std::vector<kafka::dead_letter> dead;
  std::vector<std::string> dead_groups;
};

// Publishes and waits for the broker's acknowledgement: a handler that emits must not report
// success before what it emitted is stored (at-least-once end to end).
template <class E>
void emit(kafka::producer& out, const E& ev, tally& t, const std::string& service) {
  kafka::delivery d = out.publish(ev).get();
  if (!d.ok()) throw std::runtime_error("publish " + std::string(events::cloudevents::type_name<E>()) + ": " + d.error);
  t.add("topics", d.topic);
  t.add(service, "emitted " + std::string(events::cloudevents::type_name<E>()));
}

}  // namespace

int main(int argc, char** argv) {
  std::optional<std::string> bootstrap;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--bootstrap") == 0 && i + 1 < argc) bootstrap = argv[++i];
    else {
      std::cerr << "usage: " << argv[0] << " [--bootstrap HOST:PORT]\n";
      return 2;
    }
  }

  // Configuration: the environment (EVENTS_KAFKA_*), then the command line; never literals.
  kafka::config cfg = kafka::config::from_env();
  std::unique_ptr<kafka::embedded_cluster> cluster;
  if (bootstrap) {
    cfg.set("bootstrap.servers", *bootstrap);
  } else if (!cfg.contains("bootstrap.servers")) {
    cluster = std::make_unique<kafka::embedded_cluster>();  // catalog topics + their -dlq
    cfg.set("bootstrap.servers", cluster->bootstrap());
    cfg.set_default("session.timeout.ms", "6000");  // the mock's first group join takes 3 s
  }
  cfg.set_default("log_level", "3");
  std::cout << "cluster: " << (cluster ? "embedded, 3 brokers at " : "") << *cfg.get("bootstrap.servers") << "\n";

  // This run's events share a correlation id; the services ignore anything else (a real
  // cluster's topics may hold earlier runs).
  const events::uuid run = events::uuid::v4();
  const std::string tag = run.to_string().substr(0, 8);
  auto ours = [&](const auto& ev) { return ev.correlation_id == run; };
  tally t;

  // ---- the services --------------------------------------------------------------------------
  auto options = [&](std::vector<std::string> topics, const std::string& service) {
    kafka::consumer_options o;
    o.topics = std::move(topics);
    o.group_id = service + "-" + tag;
    o.retry = {.max_retries = 3, .initial_backoff = 100ms, .multiplier = 2.0, .max_backoff = 2s};
    return o;
  };
  auto on_dead = [&](const std::string& service) {
    return [&t, service](const kafka::dead_letter& d) {
      std::lock_guard lock(t.mu);
      t.dead.push_back(d);
      t.dead_groups.push_back(service);
    };
  };

  kafka::producer recurring_out(cfg, {.source = "/recurring-service"});
  kafka::consumer recurring(cfg, options({"task-events"}, "recurring-service"));
  recurring.on_dead_letter(on_dead("recurring-service"));
  events::services::recurring_service recurrence;  // events::recurrence rules, true occurrence numbers
  recurring.on<task_created>([&](const task_created& ev) {
    if (ours(ev)) recurrence.remember(ev);
  });
  recurring.on<task_completed>([&](const task_completed& ev) {
    if (!ours(ev)) return;
    t.add("recurring-service", "task.completed seen");
    auto next = recurrence.on_completed(ev);
    if (!next) return;
    emit(recurring_out, next->triggered, t, "recurring-service");
    emit(recurring_out, next->created, t, "recurring-service");
    emit(recurring_out, next->spawned, t, "recurring-service");
  });

  kafka::producer notify_out(cfg, {.source = "/notification-service"});
  kafka::consumer reminders(cfg, options({"reminders"}, "notification-service"));
  reminders.on_dead_letter(on_dead("notification-service"));
  reminders.on<reminder_scheduled>([&](const reminder_scheduled& ev) {
    if (!ours(ev)) return;
    if (ev.payload.scheduled_for > events::now()) return t.add("notification-service", "reminder not due yet");
    t.add("notification-service", "reminder due");
    emit(notify_out,
         events::make_flat_event(events::InAppNotificationCreated{.notification_id = events::uuid::v4(),
                                                                  .user_id = ev.payload.user_id,
                                                                  .todo_id = ev.payload.task_id,
                                                                  .title = "Reminder",
                                                                  .message = ev.payload.message,
                                                                  .link = std::nullopt,
                                                                  .created_at = events::now()},
                                  {.correlation_id = run}),
         t, "notification-service");
  });

  kafka::consumer analytics(cfg, options({"task-events", "todos", "notifications"}, "analytics-service"));
  analytics.on_dead_letter(on_dead("analytics-service"));
  auto count = [&](const char* what) {
    return [&, what](const auto& ev) {
      if (ours(ev)) t.add("analytics-service", what);
    };
  };
  analytics.on<task_created>(count("task.created"))
      .on<task_completed>(count("task.completed"))
      .on<recurring_triggered>(count("recurring.triggered"))
      .on<recurring_spawned>(count("recurring.spawned"))
      .on<todo_created>(count("TodoCreated"))
      .on<todo_completed>(count("TodoCompleted"))
      .on<notification>(count("InAppNotificationCreated"));

  std::vector<std::thread> services;
  for (kafka::consumer* c : {&recurring, &reminders, &analytics}) services.emplace_back([c] { c->run(); });

  // ---- the producers: three users' tasks, todos and reminders ------------------------------
  const std::vector<std::string> users{"ada", "grace", "linus"};
  int tasks = 0, completed = 0, recurring_expected = 0, todos = 0, todos_done = 0, due = 0, later = 0;
  {
    kafka::producer task_service(cfg, {.source = "/task-service"});
    kafka::producer todo_service(cfg, {.source = "/todo-service"});
    std::vector<std::future<kafka::delivery>> sent;
    const events::timestamp now = events::now();
    for (std::size_t u = 0; u < users.size(); ++u) {
      auto user = events::uuid::v5(events::uuid::namespace_url(), "https://example.com/users/" + users[u]);
      for (int i = 0; i < 3; ++i) {
        auto created = events::make_event(
            events::TaskCreatedPayload{.task_id = events::uuid::v4(), .user_id = user,
                                       .title = users[u] + "'s task " + std::to_string(i), .description = std::nullopt,
                                       .priority = i == 0 ? "high" : "medium", .due_date = now + 24h, .tags = {}},
            {.correlation_id = run});
        sent.push_back(task_service.publish(created));
        ++tasks;
        if (i < 2) {  // two of three get done; the first one recurs (daily or weekly)
          bool recurs = i == 0;
          sent.push_back(task_service.publish(events::make_event(
              events::TaskCompletedPayload{.task_id = created.payload.task_id, .user_id = user, .completed_at = now,
                                           .has_recurrence = recurs,
                                           .recurrence_pattern = recurs ? std::optional<std::string>(u % 2 ? "weekly" : "daily")
                                                                        : std::nullopt},
              {.correlation_id = run, .causation_id = created.event_id})));
          ++completed;
          recurring_expected += recurs;
        }
        auto todo = events::make_flat_event(
            events::TodoCreated{.todo_id = events::uuid::v4(), .user_id = user, .title = "todo " + std::to_string(i),
                                .description = std::nullopt, .priority = "low", .due_date = std::nullopt},
            {.correlation_id = run});
        sent.push_back(todo_service.publish(todo));
        ++todos;
        if (i == 1) {
          sent.push_back(todo_service.publish(events::make_flat_event(
              events::TodoCompleted{.todo_id = todo.payload.todo_id, .user_id = user,
                                    .completed_at = now, .time_to_complete = 60},
              {.correlation_id = run})));
          ++todos_done;
        }
      }
      // One reminder due now, one for tomorrow.
      for (int r = 0; r < 2; ++r) {
        sent.push_back(task_service.publish(events::make_event(
            events::ReminderScheduledPayload{.reminder_id = events::uuid::v4(), .task_id = events::uuid::v4(),
                                             .user_id = user, .scheduled_for = r == 0 ? now - 1min : now + 24h,
                                             .notification_channel = "push",
                                             .message = "Don't forget, " + users[u]},
            {.correlation_id = run})));
        (r == 0 ? due : later)++;
      }
    }
    // The poison message: a task.completed whose user_id is not a UUID and whose completed_at
    // is missing. Every service that reads task.completed sends it to task-events-dlq.
    kafka::record poison;
    poison.topic = "task-events";
    poison.key = "poison";
    poison.value = R"({"event_id":")" + events::uuid::v4().to_string() +
                   R"(","event_type":"task.completed","event_version":"1.0","timestamp":"2026-01-15T10:30:00Z",)"
                   R"("correlation_id":")" + run.to_string() + R"(","payload":{"task_id":")" +
                   events::uuid::v4().to_string() + R"(","user_id":"not-a-uuid"}})";
    sent.push_back(task_service.send(poison));
    task_service.flush();
    todo_service.flush();
    for (auto& f : sent) {
      auto d = f.get();
      if (!d.ok()) {
        std::cerr << "publish failed: " << d.error << '\n';
        return 1;
      }
      t.add("topics", d.topic);
      t.add("producers", d.topic == "todos" ? "todo-service" : "task-service");
    }
  }

  // ---- wait until everything flowed (a deadline guards a broken cluster) ---------------------
  auto done = [&] {
    std::lock_guard lock(t.mu);
    auto& a = t.counts["analytics-service"];
    return a["task.created"] == tasks + recurring_expected && a["task.completed"] == completed &&
           a["recurring.spawned"] == recurring_expected && a["recurring.triggered"] == recurring_expected &&
           a["TodoCreated"] == todos &&
           a["TodoCompleted"] == todos_done && a["InAppNotificationCreated"] == due &&
           t.counts["notification-service"]["reminder not due yet"] == later && t.dead.size() == 2;
  };
  auto deadline = std::chrono::steady_clock::now() + 90s;
  while (!done() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(100ms);
  bool ok = done();
  for (kafka::consumer* c : {&recurring, &reminders, &analytics}) c->stop();
  for (auto& th : services) th.join();
  for (kafka::consumer* c : {&recurring, &reminders, &analytics}) c->close();

  // ---- the summary ---------------------------------------------------------------------------
  std::lock_guard lock(t.mu);
  std::printf("\nmessages written, per topic (this run)\n");
  for (auto& [topic, n] : t.counts["topics"]) std::printf("  %-22s %4d\n", topic.c_str(), n);
  std::printf("\nper consumer group\n");
  std::pair<const char*, kafka::consumer*> groups[] = {
      {"recurring-service", &recurring}, {"notification-service", &reminders}, {"analytics-service", &analytics}};
  for (auto& [name, c] : groups) {
    auto s = c->stats();
    std::printf("  %-21s consumed %3llu  handled %3llu  dead-lettered %llu  skipped %3llu  duplicates %llu  retries %llu\n",
                name, (unsigned long long)s.consumed, (unsigned long long)s.handled,
                (unsigned long long)s.dead_lettered, (unsigned long long)s.skipped,
                (unsigned long long)s.duplicates, (unsigned long long)s.retries);
    for (auto& [what, n] : t.counts[name]) std::printf("      %-36s %3d\n", what.c_str(), n);
    ok = ok && s.handled + s.dead_lettered + s.skipped + s.duplicates == s.consumed && s.duplicates == 0;
  }
  std::printf("\ndead-letter entries\n");
  for (std::size_t i = 0; i < t.dead.size(); ++i) {
    auto& d = t.dead[i];
    std::printf("  %s <- %s[%d]@%lld by %s: %s\n", d.topic.c_str(), d.original_topic.c_str(), d.partition,
                (long long)d.offset, t.dead_groups[i].c_str(), d.code.c_str());
    std::string why = d.message;
    for (std::size_t at = 0; (at = why.find('\n', at)) != std::string::npos; at += 7) why.replace(at, 1, "\n      ");
    std::printf("      %s\n", why.c_str());
    ok = ok && d.topic == "task-events-dlq" && d.code == "uuid_parsing";
  }
  std::printf("\n%s\n", ok ? "pipeline: every event arrived, each handled once; the poison message is in the DLQ"
                           : "pipeline: FAILED (counts above differ from what was sent)");
  return ok ? 0 : 1;
}
