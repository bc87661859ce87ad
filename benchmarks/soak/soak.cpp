// Soak: streams events through the embedded cluster and the pipeline's services (as in
// examples/kafka/pipeline.cpp) while faults are injected on a schedule, then reports throughput,
// latency, peak RSS and lost / duplicated / dead-lettered counts.
//
//   events_soak [--events N] [--fault-every-ms M] [--window W] [--no-faults]
//
// The task service publishes N source events to task-events and reminders: mostly task.created,
// 1 in 100 a task.completed that recurs (the recurring service answers with a task.created and a
// recurring.spawned, waiting for their acknowledgement), 1 in 100 a due reminder (the
// notification service answers with an in-app notification), and 1 in 10,000 a poison message
// that every group reading task-events dead-letters. The analytics service counts everything.
// Each source event's task_id carries its sequence number, so every arrival is counted per event.
// The producer stays at most W events ahead of the slowest service: the mock keeps only about
// 5 MiB per partition, and a service that fell further behind would read a truncated log.
//
// Exits 0 when nothing was lost and every poison message was dead-lettered by each group.
#include <events/catalog.hpp>
#include <events/kafka/kafka.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
namespace kafka = events::kafka;
using clock_type = std::chrono::steady_clock;
using task_created = events::event<events::TaskCreatedPayload>;
using task_completed = events::event<events::TaskCompletedPayload>;
using recurring_spawned = events::event<events::RecurringSpawnedPayload>;
using reminder_scheduled = events::event<events::ReminderScheduledPayload>;
using notification = events::flat_event<events::InAppNotificationCreated>;

enum class kind { created, completed, reminder, poison };
kind kind_of(std::uint64_t seq) {
  if (seq % 10000 == 9999) return kind::poison;
  if (seq % 100 == 13) return kind::completed;
  if (seq % 100 == 7) return kind::reminder;
  return kind::created;
}

// A task_id carrying a sequence number in its last six bytes (bit 47 marks an answer).
events::uuid tag(const events::uuid& run, std::uint64_t seq) {
  events::uuid u = run;
  for (int i = 0; i < 6; ++i) u.bytes[15 - i] = static_cast<std::uint8_t>(seq >> (8 * i));
  return u;
}
bool ours(const events::uuid& run, const events::uuid& id) {
  return std::equal(run.bytes.begin(), run.bytes.begin() + 10, id.bytes.begin());
}
std::uint64_t seq_of(const events::uuid& id) {
  std::uint64_t s = 0;
  for (int i = 0; i < 6; ++i) s |= static_cast<std::uint64_t>(id.bytes[15 - i]) << (8 * i);
  return s;
}
constexpr std::uint64_t answer_bit = 1ull << 47;

// Arrival counts per sequence number, written by one service thread each.
struct arrivals {
  std::vector<std::uint8_t> n;
  explicit arrivals(std::size_t size) : n(size, 0) {}
  void add(std::uint64_t seq) {
    if (seq < n.size() && n[seq] < 255) ++n[seq];
  }
};

std::uint64_t percentile(std::vector<std::uint32_t>& v, double p) {
  if (v.empty()) return 0;
  auto at = v.begin() + static_cast<std::ptrdiff_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), at, v.end());
  return *at;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t total = 1000000;
  int fault_every_ms = 3000;
  std::uint64_t window = 15000;
  bool faults = true;
  for (int i = 1; i < argc; ++i) {
    auto arg = [&](const char* name) { return std::strcmp(argv[i], name) == 0 && i + 1 < argc; };
    if (arg("--events")) total = std::stoull(argv[++i]);
    else if (arg("--fault-every-ms")) fault_every_ms = std::stoi(argv[++i]);
    else if (arg("--window")) window = std::stoull(argv[++i]);
    else if (std::strcmp(argv[i], "--no-faults") == 0) faults = false;
    else {
      std::fprintf(stderr, "usage: %s [--events N] [--fault-every-ms M] [--window W] [--no-faults]\n", argv[0]);
      return 2;
    }
  }

  kafka::embedded_cluster cluster;  // 3 brokers, the catalog topics and their -dlq
  kafka::config cfg{{"bootstrap.servers", cluster.bootstrap()},
                    {"session.timeout.ms", "6000"},
                    {"heartbeat.interval.ms", "500"},
                    {"producer.linger.ms", "5"},
                    {"producer.request.timeout.ms", "1000"},
                    {"log_level", "0"}};
  const events::uuid run = events::uuid::v4();
  const std::string group_tag = run.to_string().substr(0, 8);
  auto options = [&](std::vector<std::string> topics, const std::string& service) {
    kafka::consumer_options o;
    o.topics = std::move(topics);
    o.group_id = service + "-" + group_tag;
    o.retry = {.max_retries = 3, .initial_backoff = 100ms, .multiplier = 2.0, .max_backoff = 2s};
    o.poll_timeout = 50ms;
    return o;
  };

  // ---- the services ------------------------------------------------------------------------
  arrivals seen(total), answers(total), notified(total);
  std::vector<std::uint32_t> latency_us;  // publish -> analytics handler, source events
  latency_us.reserve(total);
  std::vector<std::uint32_t> recurring_us;  // the recurring handler's own time (with its acks)
  std::atomic<std::uint64_t> analytics_done{0}, recurring_done{0}, notify_done{0}, notes_seen{0};
  std::atomic<std::uint64_t> emit_failures{0};

  kafka::producer recurring_out(cfg, {.source = "/recurring-service"});
  kafka::consumer recurring(cfg, options({"task-events"}, "recurring-service"));
  recurring.on<task_completed>([&](const task_completed& ev) {
    if (!ours(run, ev.payload.task_id) || !ev.payload.has_recurrence) return;
    auto t0 = clock_type::now();
    const std::uint64_t seq = seq_of(ev.payload.task_id);
    auto next = events::make_event(
        events::TaskCreatedPayload{.task_id = tag(run, seq | answer_bit), .user_id = ev.payload.user_id,
                                   .title = "next occurrence", .description = std::nullopt, .priority = "medium",
                                   .due_date = ev.payload.completed_at + 24h, .tags = {"recurring"}},
        {.causation_id = ev.event_id});
    auto a = recurring_out.publish(next);
    auto b = recurring_out.publish(events::make_event(
        events::RecurringSpawnedPayload{.new_task_id = next.payload.task_id, .original_task_id = ev.payload.task_id,
                                        .user_id = ev.payload.user_id, .recurrence_pattern = "daily",
                                        .due_date = next.payload.due_date.value(), .occurrence_number = 2},
        {.causation_id = ev.event_id}));
    // At-least-once end to end: success only once what it emitted is stored.
    if (!a.get().ok() || !b.get().ok()) {
      ++emit_failures;
      throw std::runtime_error("emit failed");
    }
    recurring_us.push_back(static_cast<std::uint32_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(clock_type::now() - t0).count()));
  });

  kafka::producer notify_out(cfg, {.source = "/notification-service"});
  kafka::consumer reminders(cfg, options({"reminders"}, "notification-service"));
  reminders.on<reminder_scheduled>([&](const reminder_scheduled& ev) {
    if (!ours(run, ev.payload.task_id)) return;
    auto d = notify_out
                 .publish(events::make_flat_event(events::InAppNotificationCreated{
                     .notification_id = events::uuid::v4(), .user_id = ev.payload.user_id,
                     .todo_id = ev.payload.task_id, .title = "Reminder", .message = ev.payload.message,
                     .link = std::nullopt, .created_at = events::now()}))
                 .get();
    if (!d.ok()) {
      ++emit_failures;
      throw std::runtime_error("emit failed: " + d.error);
    }
    ++notify_done;
  });

  kafka::consumer analytics(cfg, options({"task-events", "notifications"}, "analytics-service"));
  auto source = [&](const events::uuid& task_id, events::timestamp published) {
    if (!ours(run, task_id)) return;
    std::uint64_t seq = seq_of(task_id);
    if (seq & answer_bit) return answers.add(seq & ~answer_bit);
    seen.add(seq);
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(events::now() - published).count();
    latency_us.push_back(static_cast<std::uint32_t>(std::max<std::int64_t>(0, us)));
    ++analytics_done;
  };
  analytics.on<task_created>([&](const task_created& ev) { source(ev.payload.task_id, ev.timestamp); })
      .on<task_completed>([&](const task_completed& ev) { source(ev.payload.task_id, ev.timestamp); })
      .on<recurring_spawned>([&](const recurring_spawned&) { ++recurring_done; })
      .on<notification>([&](const notification& ev) {
        if (ev.payload.todo_id && ours(run, *ev.payload.todo_id)) {
          notified.add(seq_of(*ev.payload.todo_id));
          ++notes_seen;
        }
      });

  std::vector<std::thread> services;
  for (kafka::consumer* c : {&recurring, &reminders, &analytics}) services.emplace_back([c] { c->run(); });

  // Measure from the moment every group has its partitions (the mock's first join takes 3 s).
  for (auto wait_until = clock_type::now() + 30s; clock_type::now() < wait_until;) {
    bool all = true;
    for (kafka::consumer* c : {&recurring, &reminders, &analytics}) {
      std::vector<RdKafka::TopicPartition*> parts;
      all = all && c->native().assignment(parts) == RdKafka::ERR_NO_ERROR && !parts.empty();
      RdKafka::TopicPartition::destroy(parts);
    }
    if (all) break;
    std::this_thread::sleep_for(50ms);
  }

  // ---- the fault schedule ------------------------------------------------------------------
  std::atomic<bool> producing{true};
  int fault_counts[5] = {0, 0, 0, 0, 0};
  const char* fault_names[5] = {"broker down 1.5 s", "partition leaders moved", "produce errors",
                                "fetch errors", "produce acks delayed 2.5 s"};
  std::thread injector([&] {
    if (!faults) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(fault_every_ms));
    for (int step = 0; producing; ++step) {
      int b = step % 3 + 1;
      switch (step % 5) {
        case 0:
          cluster.broker_down(b);
          std::this_thread::sleep_for(1500ms);
          cluster.broker_up(b);
          break;
        case 1:
          for (int p = 0; p < 3; ++p) cluster.set_leader("task-events", p, (p + step) % 3 + 1);
          break;
        case 2:
          for (int k = 1; k <= 3; ++k)
            cluster.push_broker_errors(k, kafka::api::produce, {{RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, 0},
                                                                {RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, 0}});
          break;
        case 3:
          for (int k = 1; k <= 3; ++k)
            cluster.push_broker_errors(k, kafka::api::fetch, {{RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, 0}});
          break;
        case 4: cluster.push_broker_errors(b, kafka::api::produce, {{RD_KAFKA_RESP_ERR_NO_ERROR, 2500}}); break;
      }
      ++fault_counts[step % 5];
      for (int slept = 0; producing && slept < fault_every_ms; slept += 50) std::this_thread::sleep_for(50ms);
    }
  });

  // ---- the task service --------------------------------------------------------------------
  std::uint64_t poison = 0, reminders_sent = 0, recurring_sent = 0;
  std::atomic<std::uint64_t> publish_failures{0};
  const auto start = clock_type::now();
  {
    kafka::producer out(cfg, {.source = "/task-service"});
    auto on_done = [&](const kafka::delivery& d) {
      if (!d.ok()) ++publish_failures;
    };
    const auto user = events::uuid::v4();
    auto last_report = clock_type::now();
    for (std::uint64_t seq = 0; seq < total; ++seq) {
      if (seq % 100000 == 0 && seq > 0)
        std::fprintf(stderr, "soak: %llu published, %.0f s\n", (unsigned long long)seq,
                     std::chrono::duration<double>(clock_type::now() - start).count());
      if (seq % 500 == 0) {  // stay within the window of the slowest service
        const auto stalled = clock_type::now() + 120s;
        for (;;) {
          if (clock_type::now() > stalled) {
            std::fprintf(stderr, "soak: a service made no progress for 120 s\n");
            return 1;
          }
          std::uint64_t slowest = std::min({analytics.stats().consumed, recurring.stats().consumed});
          if (seq < slowest + window) break;
          std::this_thread::sleep_for(2ms);
          if (clock_type::now() - last_report > 5s) {
            last_report = clock_type::now();
            std::fprintf(stderr, "soak: published %llu, analytics consumed %llu, recurring consumed %llu\n",
                         (unsigned long long)seq, (unsigned long long)analytics.stats().consumed,
                         (unsigned long long)recurring.stats().consumed);
          }
        }
      }
      auto id = tag(run, seq);
      switch (kind_of(seq)) {
        case kind::created:
          out.publish(events::make_event(events::TaskCreatedPayload{
                          .task_id = id, .user_id = user, .title = "soak task", .description = std::nullopt,
                          .priority = "low", .due_date = std::nullopt, .tags = {}}),
                      on_done);
          break;
        case kind::completed:
          out.publish(events::make_event(events::TaskCompletedPayload{.task_id = id, .user_id = user,
                                                                      .completed_at = events::now(),
                                                                      .has_recurrence = true,
                                                                      .recurrence_pattern = "daily"}),
                      on_done);
          ++recurring_sent;
          break;
        case kind::reminder:
          out.publish(events::make_event(events::ReminderScheduledPayload{
                          .reminder_id = events::uuid::v4(), .task_id = id, .user_id = user,
                          .scheduled_for = events::now(), .notification_channel = "push", .message = "due"}),
                      on_done);
          ++reminders_sent;
          break;
        case kind::poison: {
          kafka::record r;
          r.topic = "task-events";
          r.key = "poison";
          r.value = R"({"event_id":")" + events::uuid::v4().to_string() +
                    R"(","event_type":"task.completed","event_version":"1.0","timestamp":"2026-01-15T10:30:00Z",)"
                    R"("payload":{"task_id":"not-a-uuid"}})";
          out.send(std::move(r));
          ++poison;
          break;
        }
      }
    }
    out.flush(60s);
  }
  const std::uint64_t expected_source = total - poison - reminders_sent;
  auto deadline = clock_type::now() + 180s;
  auto dead_letters = [&] { return analytics.stats().dead_lettered + recurring.stats().dead_lettered; };
  while (clock_type::now() < deadline &&
         (analytics_done < expected_source || notify_done < reminders_sent || notes_seen < reminders_sent ||
          dead_letters() < 2 * poison ||
          recurring_done < recurring_sent)) {
    std::this_thread::sleep_for(20ms);
    static auto last = clock_type::now();
    if (clock_type::now() - last > 5s) {
      last = clock_type::now();
      std::fprintf(stderr, "soak: draining: analytics %llu/%llu, notifications %llu/%llu, dead letters %llu/%llu, "
                   "recurrences %llu/%llu\n", (unsigned long long)analytics_done.load(),
                   (unsigned long long)expected_source, (unsigned long long)notify_done.load(),
                   (unsigned long long)reminders_sent, (unsigned long long)dead_letters(),
                   (unsigned long long)(2 * poison), (unsigned long long)recurring_done.load(),
                   (unsigned long long)recurring_sent);
    }
  }
  const double seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  producing = false;
  injector.join();
  std::this_thread::sleep_for(500ms);  // late redeliveries, if any, are counted too
  for (kafka::consumer* c : {&recurring, &reminders, &analytics}) c->stop();
  for (auto& t : services) t.join();
  for (kafka::consumer* c : {&recurring, &reminders, &analytics}) c->close();

  // ---- the report --------------------------------------------------------------------------
  std::uint64_t lost = 0, duplicated = 0, answers_lost = 0, notes_lost = 0;
  for (std::uint64_t seq = 0; seq < total; ++seq) {
    switch (kind_of(seq)) {
      case kind::poison: break;
      case kind::reminder:
        notes_lost += notified.n[seq] == 0;
        duplicated += notified.n[seq] > 1 ? notified.n[seq] - 1u : 0u;
        break;
      case kind::completed:
        answers_lost += answers.n[seq] == 0;
        duplicated += answers.n[seq] > 1 ? answers.n[seq] - 1u : 0u;
        [[fallthrough]];
      case kind::created:
        lost += seen.n[seq] == 0;
        duplicated += seen.n[seq] > 1 ? seen.n[seq] - 1u : 0u;
        break;
    }
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("soak: %llu events (%llu task events, %llu reminders, %llu poison) in %.1f s: %.0f events/s\n",
              (unsigned long long)total, (unsigned long long)(total - poison - reminders_sent),
              (unsigned long long)reminders_sent, (unsigned long long)poison, seconds,
              static_cast<double>(total) / seconds);
  std::printf("latency publish -> analytics handler: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
              percentile(latency_us, 0.50) / 1000.0, percentile(latency_us, 0.99) / 1000.0,
              percentile(latency_us, 1.0) / 1000.0);
  std::printf("recurring handler time (two publishes, acknowledged): p99 %.1f ms\n",
              percentile(recurring_us, 0.99) / 1000.0);
  std::printf("peak RSS: %.1f MiB\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
  std::printf("faults injected:");
  for (int i = 0; i < 5; ++i) std::printf(" %s x%d;", fault_names[i], fault_counts[i]);
  std::printf("\n");
  std::printf("lost: %llu source events, %llu recurrence answers, %llu notifications\n", (unsigned long long)lost,
              (unsigned long long)answers_lost, (unsigned long long)notes_lost);
  std::printf("duplicated handler calls: %llu\n", (unsigned long long)duplicated);
  std::pair<const char*, kafka::consumer*> groups[] = {
      {"recurring-service", &recurring}, {"notification-service", &reminders}, {"analytics-service", &analytics}};
  std::uint64_t dead = 0;
  for (auto& [name, c] : groups) {
    auto s = c->stats();
    dead += s.dead_lettered;
    std::printf("  %-21s consumed %llu handled %llu dead-lettered %llu redeliveries caught by dedupe %llu "
                "retries %llu client errors %llu uncommitted on revoke %llu\n",
                name, (unsigned long long)s.consumed, (unsigned long long)s.handled,
                (unsigned long long)s.dead_lettered, (unsigned long long)s.duplicates, (unsigned long long)s.retries,
                (unsigned long long)s.errors, (unsigned long long)s.uncommitted_on_revoke);
  }
  std::printf("dead-lettered: %llu (expected %llu: each poison message by both groups reading task-events)\n",
              (unsigned long long)dead, (unsigned long long)(2 * poison));
  std::printf("publish failures %llu, emit failures %llu\n", (unsigned long long)publish_failures.load(),
              (unsigned long long)emit_failures.load());
  const bool ok = lost == 0 && answers_lost == 0 && notes_lost == 0 && dead == 2 * poison && publish_failures == 0;
  std::printf("%s\n", ok ? "soak: nothing lost, every poison message dead-lettered" : "soak: FAILED");
  return ok ? 0 : 1;
}
