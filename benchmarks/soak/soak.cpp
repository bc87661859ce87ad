// Soak: streams events through the embedded cluster and the pipeline's services (as in
// examples/kafka/pipeline.cpp) while faults are injected on a schedule, then reports throughput,
// latency, peak RSS and lost / duplicated / dead-lettered counts.
//
//   events_soak [--events N] [--fault-every-ms M] [--window W] [--no-faults] [--dedupe N]
//               [--require-faults] [--verify-log]
//
// The task service publishes N source events to task-events and reminders: mostly task.created,
// 1 in 100 a task.completed that recurs (the recurring service answers with a task.created and a
// recurring.spawned, waiting for their acknowledgement), 1 in 100 a due reminder (the
// notification service answers with an in-app notification), and 1 in 10,000 a poison message
// that every group reading task-events dead-letters. The analytics service counts everything.
// Each source event's task_id carries its sequence number, so every arrival is counted per event.
// Flow control: the producer waits while any service's committed offset on any partition trails
// that partition's log end by W messages or more (default 4,000, about 2.4 MB: the mock keeps only
// about 5 MiB per partition and deletes the oldest beyond that, so a reader further behind would
// lose messages to truncation). Counting consumed messages instead lets one partition fall behind
// while the others are read, which is how an earlier version of this harness lost messages; so
// does skipping a group whose offsets cannot be asked (a broker down, the coordinator moving):
// what cannot be asked counts as too far behind.
//
// When an event is missing at the end, the topics are read back with kcat and each missing event
// is told apart: still in the log (a consumer skipped or stalled) or gone from it (truncated before
// it was read). --verify-log does that read-back always and also fails on any event in the log that
// no handler saw. The consumers' own watch (consumer_stats::stalls, lost_to_retention) is printed.
// --dedupe N sets the consumers' dedupe window (0: off, every redelivery reaches the handler);
// --require-faults keeps the run going until every kind of fault has fired at least once.
//
// The last line, "soak-run: ...", sums the run up for benchmarks/soak/repeat.sh.
// Exits 0 when nothing was lost, no partition stalled and every poison message was dead-lettered
// by each group.
#include <events/catalog.hpp>
#include <events/kafka/kafka.hpp>
#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <set>
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

// The sequence numbers of the run's events present in a topic, read back with kcat (an independent
// client): bit 0 for a source event (task_id or todo_id), bit 1 for an answer. False when kcat
// could not be run.
bool read_back(const std::string& bootstrap, const std::string& topic, const events::uuid& run,
               std::vector<std::uint8_t>& present) {
  std::string cmd = std::string(EVENTS_SOAK_KCAT) + " -b " + bootstrap + " -C -t " + topic +
                    " -o beginning -e -q -f '%s\\n' 2>/dev/null";
  FILE* in = popen(cmd.c_str(), "r");
  if (in == nullptr) return false;
  const std::string prefix = run.to_string().substr(0, 23);  // the run's first 10 bytes
  std::string line;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, in) != nullptr) {
    line += buf;
    if (line.empty() || line.back() != '\n') continue;
    for (const char* field : {"\"task_id\":\"", "\"todo_id\":\""}) {
      auto at = line.find(field);
      if (at == std::string::npos) continue;
      auto id = events::uuid::parse(std::string_view(line).substr(at + std::strlen(field), 36));
      if (!id || id->to_string().compare(0, 23, prefix) != 0) continue;
      std::uint64_t seq = seq_of(*id);
      bool answer = (seq & answer_bit) != 0;
      seq &= ~answer_bit;
      if (seq < present.size()) present[seq] |= answer ? 2 : 1;
      break;
    }
    line.clear();
  }
  return pclose(in) == 0;
}

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
  std::int64_t window = 4000;
  std::size_t dedupe = 10000;
  bool faults = true, require_faults = false, verify_log = false;
  for (int i = 1; i < argc; ++i) {
    auto arg = [&](const char* name) { return std::strcmp(argv[i], name) == 0 && i + 1 < argc; };
    if (arg("--events")) total = std::stoull(argv[++i]);
    else if (arg("--fault-every-ms")) fault_every_ms = std::stoi(argv[++i]);
    else if (arg("--window")) window = std::stoll(argv[++i]);
    else if (arg("--dedupe")) dedupe = std::stoull(argv[++i]);
    else if (std::strcmp(argv[i], "--no-faults") == 0) faults = false;
    else if (std::strcmp(argv[i], "--require-faults") == 0) require_faults = true;
    else if (std::strcmp(argv[i], "--verify-log") == 0) verify_log = true;
    else {
      std::fprintf(stderr, "usage: %s [--events N] [--fault-every-ms M] [--window W] [--no-faults] [--dedupe N] "
                   "[--require-faults] [--verify-log]\n", argv[0]);
      return 2;
    }
  }

  kafka::embedded_cluster cluster;  // 3 brokers, the catalog topics and their -dlq
  kafka::config cfg{{"bootstrap.servers", cluster.bootstrap()},
                    {"session.timeout.ms", "6000"},
                    {"heartbeat.interval.ms", "500"},
                    {"producer.linger.ms", "5"},
                    {"producer.request.timeout.ms", "1000"},
                    {"log_level", "0"},
                    {"consumer.statistics.interval.ms", "1000"}};
  const events::uuid run = events::uuid::v4();
  const std::string group_tag = run.to_string().substr(0, 8);
  auto options = [&](std::vector<std::string> topics, const std::string& service) {
    kafka::consumer_options o;
    o.topics = std::move(topics);
    o.group_id = service + "-" + group_tag;
    o.retry = {.max_retries = 3, .initial_backoff = 100ms, .multiplier = 2.0, .max_backoff = 2s};
    o.poll_timeout = 50ms;
    o.dedupe_window = dedupe;
    o.stall_timeout = 10s;
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

  // Each poison message must reach the dead-letter topic from both groups reading task-events
  // (counted once per group and offset: without dedupe a redelivered one is dead-lettered again).
  std::set<std::pair<std::int32_t, std::int64_t>> dead_recurring, dead_analytics;
  recurring.on_dead_letter([&](const kafka::dead_letter& d) { dead_recurring.insert({d.partition, d.offset}); });
  analytics.on_dead_letter([&](const kafka::dead_letter& d) { dead_analytics.insert({d.partition, d.offset}); });
  for (kafka::consumer* c : {&recurring, &reminders, &analytics})
    c->on_error([c](const std::string& why) {
      // The consumers' own watch speaks here; librdkafka's transient client errors are only counted.
      if (why.find("stalled:") == std::string::npos && why.find("deleted from the log") == std::string::npos) return;
      std::fprintf(stderr, "soak: %s: %s\n", c->group_id().c_str(), why.c_str());
      // What librdkafka itself says of the partitions and brokers at that moment (its last
      // statistics, at most a second old), to tell its fetch state from ours.
      auto stats = nlohmann::json::parse(c->statistics(), nullptr, false);
      if (stats.is_discarded() || !stats.is_object()) return;
      for (auto& [name, topic] : stats["topics"].items())
        for (auto& [id, p] : topic["partitions"].items())
          if (id != "-1")
            std::fprintf(stderr, "  %s[%s] fetch_state %s next_offset %s app_offset %s hi_offset %s lo_offset %s "
                         "fetchq_cnt %s leader %s\n", name.c_str(), id.c_str(), p["fetch_state"].dump().c_str(),
                         p["next_offset"].dump().c_str(), p["app_offset"].dump().c_str(), p["hi_offset"].dump().c_str(),
                         p["lo_offset"].dump().c_str(), p["fetchq_cnt"].dump().c_str(), p["leader"].dump().c_str());
      for (auto& [name, b] : stats["brokers"].items())
        std::fprintf(stderr, "  broker %s state %s stateage_us %s outbuf %s waitresp %s\n", name.c_str(),
                     b["state"].dump().c_str(), b["stateage"].dump().c_str(), b["outbuf_cnt"].dump().c_str(),
                     b["waitresp_cnt"].dump().c_str());
    });

  // How far the slowest service's committed offset trails the log end, over every partition the
  // services read (messages). Committed offsets are asked through probes of their own (a consumer
  // handle per group that never joins it: on a service's own connections a request waits behind
  // its fetch long-poll); log ends through the task service's producer, which follows leaders as
  // they move (librdkafka 2.0.2 sends a handle's ListOffsets for a topic it neither produces to
  // nor subscribes to the old leader until its next full metadata refresh, minutes later).
  auto probe = [&](const std::string& group) {
    std::string err;
    auto conf = kafka::detail::make_conf({{"bootstrap.servers", cluster.bootstrap()}, {"group.id", group},
                                          {"log_level", "0"}});
    return std::unique_ptr<RdKafka::KafkaConsumer>(RdKafka::KafkaConsumer::create(conf.get(), err));
  };
  struct reader {
    std::unique_ptr<RdKafka::KafkaConsumer> probe;
    const events::topic_info* topic;
  };
  reader readers[] = {{probe(recurring.group_id()), &events::topics::task_events},
                      {probe(analytics.group_id()), &events::topics::task_events},
                      {probe(reminders.group_id()), &events::topics::reminders}};
  // What cannot be asked (a broker down, the coordinator moving) counts as too far behind: the
  // producer waits rather than guess. A group with no commit yet is behind by the whole log, and
  // one whose committed offset was deleted by the whole distance to it.
  constexpr std::int64_t unknown = std::numeric_limits<std::int64_t>::max();
  auto worst_lag = [&](RdKafka::Handle& ends) {
    std::int64_t worst = 0;
    for (auto& r : readers) {
      std::vector<RdKafka::TopicPartition*> parts;
      for (int p = 0; p < r.topic->partitions; ++p)
        parts.push_back(RdKafka::TopicPartition::create(std::string(r.topic->name), p));
      if (r.probe->committed(parts, 5000) != RdKafka::ERR_NO_ERROR) worst = unknown;
      for (auto* tp : parts) {
        std::int64_t lo = 0, hi = 0;
        if (worst == unknown || tp->err() != RdKafka::ERR_NO_ERROR ||
            ends.query_watermark_offsets(tp->topic(), tp->partition(), &lo, &hi, 5000) != RdKafka::ERR_NO_ERROR) {
          worst = unknown;
          break;
        }
        worst = std::max(worst, hi - std::max<std::int64_t>(tp->offset(), 0));
      }
      RdKafka::TopicPartition::destroy(parts);
      if (worst == unknown) break;
    }
    return worst;
  };

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
  std::atomic<int> fault_counts[5] = {0, 0, 0, 0, 0};
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
      if (seq % 500 == 0) {  // stay within the window of the slowest service, partition by partition
        out.flush(10s);          // what was published is in the log, so the log end counts it
        const auto stalled = clock_type::now() + 120s;
        for (std::int64_t lag; (lag = worst_lag(out.native())) >= window;) {
          if (clock_type::now() > stalled) {
            // The services' threads still run: leave without unwinding them (no std::terminate).
            std::fprintf(stderr, "soak: a service made no progress for 120 s\nsoak: FAILED\n");
            std::fflush(nullptr);
            std::_Exit(1);
          }
          std::this_thread::sleep_for(20ms);
          if (clock_type::now() - last_report > 5s) {
            last_report = clock_type::now();
            std::fprintf(stderr, "soak: published %llu, worst committed lag %s, analytics consumed %llu, "
                         "recurring consumed %llu\n", (unsigned long long)seq,
                         lag == unknown ? "unknown" : std::to_string(lag).c_str(),
                         (unsigned long long)analytics.stats().consumed, (unsigned long long)recurring.stats().consumed);
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
  auto every_fault_fired = [&] {
    return std::all_of(std::begin(fault_counts), std::end(fault_counts), [](const auto& n) { return n.load() > 0; });
  };
  while (clock_type::now() < deadline &&
         (analytics_done < expected_source || notify_done < reminders_sent || notes_seen < reminders_sent ||
          dead_letters() < 2 * poison || recurring_done < recurring_sent ||
          (faults && require_faults && !every_fault_fired()))) {
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
  int fault_total = 0;
  for (int i = 0; i < 5; ++i) {
    std::printf(" %s x%d;", fault_names[i], fault_counts[i].load());
    fault_total += fault_counts[i];
  }
  std::printf("\n");
  std::printf("lost: %llu source events, %llu recurrence answers, %llu notifications\n", (unsigned long long)lost,
              (unsigned long long)answers_lost, (unsigned long long)notes_lost);
  std::printf("duplicated handler calls: %llu\n", (unsigned long long)duplicated);
  std::pair<const char*, kafka::consumer*> groups[] = {
      {"recurring-service", &recurring}, {"notification-service", &reminders}, {"analytics-service", &analytics}};
  std::uint64_t dead = 0, stalls = 0, lost_to_retention = 0;
  for (auto& [name, c] : groups) {
    auto s = c->stats();
    dead += s.dead_lettered;
    stalls += s.stalls;
    lost_to_retention += s.lost_to_retention;
    std::printf("  %-21s consumed %llu handled %llu dead-lettered %llu redeliveries caught by dedupe %llu "
                "retries %llu client errors %llu uncommitted on revoke %llu stalls %llu lost to retention %llu\n",
                name, (unsigned long long)s.consumed, (unsigned long long)s.handled,
                (unsigned long long)s.dead_lettered, (unsigned long long)s.duplicates, (unsigned long long)s.retries,
                (unsigned long long)s.errors, (unsigned long long)s.uncommitted_on_revoke,
                (unsigned long long)s.stalls, (unsigned long long)s.lost_to_retention);
  }
  const bool poison_ok = dead_recurring.size() == poison && dead_analytics.size() == poison;
  std::printf("dead-lettered: %llu (%zu and %zu distinct poison messages by the two groups reading task-events, "
              "of %llu)\n", (unsigned long long)dead, dead_recurring.size(), dead_analytics.size(),
              (unsigned long long)poison);
  std::printf("publish failures %llu, emit failures %llu\n", (unsigned long long)publish_failures.load(),
              (unsigned long long)emit_failures.load());

  // ---- what the log holds ------------------------------------------------------------------
  // Each missing event is either still in the log (a consumer skipped it or stalled) or gone from
  // it (deleted before it was read); --verify-log also fails on any event in the log that no
  // handler saw.
  std::uint64_t in_log = 0, gone = 0, unseen_in_log = 0;
  bool read_back_ok = true;
  if (lost + answers_lost + notes_lost > 0 || verify_log) {
    std::vector<std::uint8_t> tasks(total, 0), notes(total, 0), reminded(total, 0);
    read_back_ok = read_back(cluster.bootstrap(), "task-events", run, tasks) &&
                   read_back(cluster.bootstrap(), "notifications", run, notes) &&
                   read_back(cluster.bootstrap(), "reminders", run, reminded);
    for (std::uint64_t seq = 0; seq < total && read_back_ok; ++seq) {
      auto tell = [&](bool missing, bool present) {
        if (missing) ++(present ? in_log : gone);
        else if (!present && verify_log) ++unseen_in_log;  // handled, yet not in the log: impossible
      };
      switch (kind_of(seq)) {
        case kind::poison: break;
        // A notification missing: its reminder still in the log (the notification service
        // skipped or stalled), or the notification in the log (analytics did), else gone.
        case kind::reminder: tell(notified.n[seq] == 0, (notes[seq] & 1) || (reminded[seq] & 1)); break;
        case kind::completed: tell(answers.n[seq] == 0, tasks[seq] & 2); [[fallthrough]];
        case kind::created: tell(seen.n[seq] == 0, tasks[seq] & 1); break;
      }
    }
    if (read_back_ok)
      std::printf("read back with kcat: missing events still in the log %llu (a consumer skipped or stalled), "
                  "gone from the log %llu (deleted before they were read)%s\n",
                  (unsigned long long)in_log, (unsigned long long)gone,
                  verify_log ? (", handled but not in the log " + std::to_string(unseen_in_log)).c_str() : "");
    else
      std::printf("read back with kcat: failed (is %s installed?)\n", EVENTS_SOAK_KCAT);
  }
  const bool ok = lost == 0 && answers_lost == 0 && notes_lost == 0 && poison_ok && publish_failures == 0 &&
                  stalls == 0 && lost_to_retention == 0 && read_back_ok && unseen_in_log == 0 &&
                  (!faults || !require_faults || every_fault_fired());
  std::printf("soak-run: events %llu seconds %.1f faults %d lost %llu (in log %llu, gone %llu) stalls %llu "
              "lost-to-retention %llu p99-ms %.1f duplicates %llu %s\n",
              (unsigned long long)total, seconds, fault_total, (unsigned long long)(lost + answers_lost + notes_lost),
              (unsigned long long)in_log, (unsigned long long)gone, (unsigned long long)stalls,
              (unsigned long long)lost_to_retention, percentile(latency_us, 0.99) / 1000.0,
              (unsigned long long)duplicated, ok ? "ok" : "FAILED");
  std::printf("%s\n", ok ? "soak: nothing lost, no stall, every poison message dead-lettered" : "soak: FAILED");
  return ok ? 0 : 1;
}
