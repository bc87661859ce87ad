// Seed 003's architecture on Dapr, in one process over the sidecar double (no Dapr install here):
// the chat API publishes task events and schedules reminders with the Jobs API; the recurring
// service answers completed recurring tasks with the next occurrence; the notification service
// turns due reminders into reminder.sent / reminder.failed; the analytics service counts; the
// WebSocket bridge pushes task-updates to a connected client; a poison message lands in
// task-events-dlq. With a real sidecar, the same services run with DAPR_HTTP_PORT set and the
// resources written by events::dapr::write_resources (see docs/dapr.md).
//
// Exits 0 when every event arrived where it should, each handled once.
#include <events/catalog.hpp>
#include <events/dapr/bridge.hpp>
#include <events/dapr/jobs.hpp>
#include <events/dapr/reminders.hpp>
#include <events/dapr/retry.hpp>
#include <events/dapr/routes.hpp>
#include <events/dapr/testing/sidecar_double.hpp>
#include <events/dapr/subscriber.hpp>
#include <events/catalog/services/notification.hpp>
#include <events/catalog/services/recurring.hpp>

#include "../demo_tally.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <atomic>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
namespace dapr = events::dapr;
using task_created = events::event<events::TaskCreatedPayload>;
using task_completed = events::event<events::TaskCompletedPayload>;
using recurring_triggered = events::event<events::RecurringTriggeredPayload>;
using recurring_spawned = events::event<events::RecurringSpawnedPayload>;
using reminder_due = events::event<events::ReminderDuePayload>;
using reminder_sent = events::event<events::ReminderSentPayload>;
using reminder_failed = events::event<events::ReminderFailedPayload>;

// One service's app: its subscriber (and job triggers) served on a loopback port.
struct app {
  std::string name;
  dapr::subscriber sub{{.routes = dapr::seed_routes()}};
  dapr::job_handlers jobs;
  httplib::Server server;
  std::thread thread;
  int port = 0;
  explicit app(std::string n) : name(std::move(n)) {}
  void start(dapr::sidecar_double& sidecar) {
    sub.mount(server);
    jobs.mount(server);
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(1ms);
    sidecar.connect_app(port);
  }
  ~app() {
    server.stop();
    if (thread.joinable()) thread.join();
  }
};

using demo::tally;

}  // namespace

int main() {
  dapr::sidecar_double sidecar({.max_deliveries = 3, .redelivery_delay = 20ms});
  std::printf("sidecar: in-process double at 127.0.0.1:%d (pub/sub kafka-pubsub, jobs)\n", sidecar.port());
  const dapr::options to_sidecar{.port = sidecar.port()};
  // Seed 004's retry policy, scaled to milliseconds for the demo.
  const dapr::retry_policy retries{.max_attempts = 3, .initial_backoff = 10ms, .max_backoff = 100ms};
  tally t;
  std::vector<dapr::failed_event> lost;
  auto keep = [&](const dapr::failed_event& f) { lost.push_back(f); };

  // ---- the chat API: schedules reminders (Jobs API) and fires them as reminder.due ------------
  app chat("chat-api");
  dapr::reliable_publisher chat_out(to_sidecar, retries);
  chat_out.on_failure(keep);
  dapr::jobs jobs(to_sidecar);
  dapr::reminder_scheduler reminders(jobs, chat_out);
  reminders.mount(chat.jobs);
  chat.start(sidecar);  // the first app: job triggers come here

  // ---- recurring service ----------------------------------------------------------------------
  app recurring("recurring-service");
  events::services::recurring_service recurrence;
  dapr::reliable_publisher recurring_out(to_sidecar, retries);
  recurring_out.on_failure(keep);
  recurring.sub.on<task_created>([&](const task_created& ev) { recurrence.remember(ev); });
  recurring.sub.on<task_completed>([&](const task_completed& ev) {
    t.add("recurring-service", "task.completed seen");
    auto next = recurrence.on_completed(ev);
    if (!next) return dapr::status::success;
    if (!recurring_out.publish(next->triggered) || !recurring_out.publish(next->created) ||
        !recurring_out.publish(next->spawned))
      return dapr::status::retry;
    recurring_out.publish(next->created, "task-updates");
    t.add("recurring-service", "next occurrence " + std::string(next->spawned.payload.recurrence_pattern) + " #" +
                                   std::to_string(next->spawned.payload.occurrence_number));
    return dapr::status::success;
  });
  recurring.start(sidecar);

  // ---- notification service -------------------------------------------------------------------
  app notification("notification-service");
  events::services::notification_service notifier([](const events::ReminderDuePayload& r) -> std::string {
    return r.notification_channel == "sms" ? "sms gateway: number not reachable" : "";  // push works, sms does not
  });
  dapr::reliable_publisher notify_out(to_sidecar, retries);
  notify_out.on_failure(keep);
  notification.sub.on<reminder_due>([&](const reminder_due& ev) {
    t.add("notification-service", "reminder.due");
    auto outcome = notifier.on_due(ev);
    if (outcome.duplicate) return dapr::status::success;
    bool ok = outcome.sent ? bool(notify_out.publish(*outcome.sent)) : bool(notify_out.publish(*outcome.failed));
    t.add("notification-service", outcome.sent ? "emitted reminder.sent" : "emitted reminder.failed");
    return ok ? dapr::status::success : dapr::status::retry;
  });
  notification.start(sidecar);

  // ---- analytics service ----------------------------------------------------------------------
  app analytics("analytics-service");
  auto count = [&](const char* what) {
    return [&t, what](const auto&) { t.add("analytics-service", what); };
  };
  analytics.sub.on<task_created>(count("task.created"))
      .on<task_completed>(count("task.completed"))
      .on<recurring_triggered>(count("recurring.triggered"))
      .on<recurring_spawned>(count("recurring.spawned"))
      .on<reminder_sent>(count("reminder.sent"))
      .on<reminder_failed>(count("reminder.failed"));
  analytics.start(sidecar);

  // ---- WebSocket bridge on task-updates, and one browser-like client --------------------------
  app bridge_app("websocket-bridge");
  std::optional<dapr::websocket_bridge> bridge(std::in_place);
  bridge->attach<task_created, task_completed>(bridge_app.sub);
  bridge_app.start(sidecar);
  std::atomic<int> ws_received{0};
  std::atomic<bool> ws_open{false};
  std::thread ws_client([&] {
    namespace beast = boost::beast;
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::socket sock(ioc);
    sock.connect({boost::asio::ip::make_address("127.0.0.1"), bridge->port()});
    beast::websocket::stream<boost::asio::ip::tcp::socket> ws(std::move(sock));
    ws.handshake("127.0.0.1", "/task-updates");
    ws_open = true;
    beast::flat_buffer buf;
    beast::error_code ec;
    while (!ec) {
      ws.read(buf, ec);
      if (!ec) ++ws_received;
      buf.consume(buf.size());
    }
  });
  while (bridge->clients() == 0) std::this_thread::sleep_for(1ms);

  // ---- the chat API at work: three users' tasks, completions, reminders ------------------------
  const std::vector<std::string> users{"ada", "grace", "linus"};
  const std::vector<std::string> patterns{"daily", "weekly", "monthly"};
  std::vector<std::string> later_jobs;
  int tasks = 0, completed = 0, recurring_expected = 0, due_now = 0, due_later = 0, sms = 0, updates = 0;
  const events::timestamp now = events::now();
  for (std::size_t u = 0; u < users.size(); ++u) {
    auto user = events::uuid::v5(events::uuid::namespace_url(), "https://example.com/users/" + users[u]);
    for (int i = 0; i < 2; ++i) {
      auto created = events::make_event(events::TaskCreatedPayload{
          .task_id = events::uuid::v4(), .user_id = user, .title = users[u] + "'s task " + std::to_string(i),
          .description = std::nullopt, .priority = "medium", .due_date = now + 24h, .tags = {}});
      chat_out.publish(created);
      chat_out.publish(created, "task-updates");
      ++tasks;
      ++updates;
      if (i == 0) {  // the first one is done, and recurs
        auto done = events::make_event(events::TaskCompletedPayload{.task_id = created.payload.task_id, .user_id = user,
                                                                    .completed_at = now, .has_recurrence = true,
                                                                    .recurrence_pattern = patterns[u]},
                                       {.causation_id = created.event_id});
        chat_out.publish(done);
        chat_out.publish(done, "task-updates");
        ++completed;
        ++recurring_expected;
        ++updates;
      }
    }
    // A reminder due in 300 ms (push, or sms for the last user), and one for tomorrow.
    for (int r = 0; r < 2; ++r) {
      bool soon = r == 0;
      auto scheduled = events::make_event(events::ReminderScheduledPayload{
          .reminder_id = events::uuid::v4(), .task_id = events::uuid::v4(), .user_id = user,
          .scheduled_for = soon ? now + 300ms : now + 24h,
          .notification_channel = u == 2 && soon ? "sms" : "push", .message = "Don't forget, " + users[u]});
      if (!reminders.schedule(scheduled, "Reminder for " + users[u])) {
        std::fprintf(stderr, "scheduling a reminder failed\n");
        return 1;
      }
      soon ? ++due_now : ++due_later;
      if (!soon) later_jobs.push_back(dapr::reminder_job_name(scheduled.payload.task_id.to_string()));
      sms += u == 2 && soon;
    }
  }
  // The poison message: a task.completed whose user_id is not a UUID. Both services reading
  // task.completed answer DROP, and the sidecar moves it to task-events-dlq.
  httplib::Client raw("127.0.0.1", sidecar.port());
  raw.Post("/v1.0/publish/kafka-pubsub/task-events",
           R"({"event_id":")" + events::uuid::v4().to_string() +
               R"(","event_type":"task.completed","event_version":"1.0","timestamp":"2026-01-15T10:30:00Z","payload":{"task_id":")" +
               events::uuid::v4().to_string() + R"(","user_id":"not-a-uuid"}})",
           "application/json");

  // ---- wait until everything flowed ------------------------------------------------------------
  auto done = [&] {
    return t.get("analytics-service", "task.created") == tasks + recurring_expected &&
           t.get("analytics-service", "recurring.spawned") == recurring_expected &&
           t.get("analytics-service", "recurring.triggered") == recurring_expected &&
           t.get("analytics-service", "reminder.sent") == due_now - sms &&
           t.get("analytics-service", "reminder.failed") == sms &&
           ws_received == updates + recurring_expected && sidecar.messages("task-events-dlq").size() == 2;
  };
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (!done() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
  sidecar.wait_idle(5s);
  bool ok = done();

  // ---- the summary -----------------------------------------------------------------------------
  std::printf("\nmessages accepted by the sidecar, per topic\n");
  for (const char* topic : {"task-events", "reminders", "task-updates", "task-events-dlq"})
    std::printf("  %-22s %4zu\n", topic, sidecar.messages(topic).size());
  std::printf("\nper service\n");
  for (app* a : {&chat, &recurring, &notification, &analytics, &bridge_app}) {
    const auto& s = a->sub.stats();
    std::printf("  %-21s handled %3zu  dropped %zu  retried %zu  ignored %3zu\n", a->name.c_str(), s.handled.load(),
                s.dropped.load(), s.retried.load(), s.ignored.load());
    std::lock_guard lock(t.mu);
    for (auto& [what, n] : t.counts[a->name]) std::printf("      %-36s %3d\n", what.c_str(), n);
  }
  std::size_t pending = 0;
  for (const auto& name : later_jobs) pending += jobs.get(name).has_value();
  auto st = sidecar.stats();
  std::printf("\njobs: %zu triggered (reminder.due), %zu duplicate triggers ignored", st.jobs_triggered, reminders.duplicates());
  std::printf("; %zu reminders for tomorrow still scheduled\n", pending);
  std::printf("websocket client: %d task updates received\n", ws_received.load());
  std::printf("dead-letter entries: %zu on task-events-dlq\n", sidecar.messages("task-events-dlq").size());
  std::printf("publishes that finally failed: %zu\n", lost.size());
  ok = ok && lost.empty() && st.jobs_triggered == static_cast<std::size_t>(due_now) &&
       pending == static_cast<std::size_t>(due_later);
  std::printf("\n%s\n", ok ? "dapr demo: every event arrived, each handled once; the poison message is in the DLQ"
                           : "dapr demo: FAILED (counts above differ from what was sent)");

  bridge.reset();  // closes the client's connection, which ends its read loop
  ws_client.join();
  return ok ? 0 : 1;
}
