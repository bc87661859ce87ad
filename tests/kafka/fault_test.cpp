// Fault injection on the embedded cluster, with production and consumption running during each
// fault. Every case shows its fault fired (the consumer's error hook, deliveries held back or
// rerouted, the mock's per-broker error stacks drained by requests), then counts from the log
// itself (read back with kcat) with the consumer's dedupe off: 0 lost, handler calls = messages
// in the log, and the log's duplicates: 0 for the transactional producer and for faults that
// write nothing; the mock (librdkafka 2.0.2) does not dedupe a plain idempotent producer's resends.
#include "log_count.hpp"

#include <librdkafka/rdkafka_mock.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

using task_created = events::event<events::TaskCreatedPayload>;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

// One acknowledged (or failed) publish: when it was published and when its result came.
struct acked {
  events::kafka::delivery d;
  clock_type::time_point published, at;
  int batch = 0;
};

// A consumer in its own thread (dedupe off) and a producer, both alive across the fault.
class stream {
 public:
  stream(events::kafka::embedded_cluster& cluster, const events::kafka::config& cfg, const std::string& group)
      : cluster_(cluster), cfg_(cfg) {
    out_ = std::make_unique<events::kafka::producer>(cfg_);
    auto o = kt::fast({"task-events"}, group);
    o.dedupe_window = 0;  // every copy in the log reaches the handler
    o.commit_interval = 100ms;
    in_ = std::make_unique<events::kafka::consumer>(cfg_, o);
    in_->on_error([this](const std::string& e) {
      std::lock_guard lock(mu_);
      errors.push_back(e);
    });
    in_->on<task_created>([this](const task_created& ev) {
      std::lock_guard lock(mu_);
      ++calls[ev.event_id.to_string()];
    });
    thread_ = std::thread([this] { in_->run(); });
  }
  ~stream() {
    in_->stop();
    if (thread_.joinable()) thread_.join();
  }

  // Publishes n events as batch `batch`, through `p` (default: the stream's producer).
  void publish(int n, int batch, events::kafka::producer* p = nullptr) {
    if (p == nullptr) p = out_.get();
    for (int i = 0; i < n; ++i) {
      auto t = clock_type::now();
      p->publish(kt::task_created(i), [this, t, batch](const events::kafka::delivery& d) {
        std::lock_guard lock(mu_);
        acks.push_back({d, t, clock_type::now(), batch});
      });
    }
  }
  std::size_t handled() {
    std::lock_guard lock(mu_);
    return calls.size();
  }
  std::size_t acked_count() {
    std::lock_guard lock(mu_);
    return acks.size();
  }
  // Waits (bounded) until `n` distinct events were handled.
  bool wait_handled(std::size_t n, std::chrono::seconds limit = 30s) {
    auto deadline = clock_type::now() + limit;
    while (handled() < n && clock_type::now() < deadline) std::this_thread::sleep_for(10ms);
    return handled() >= n;
  }
  // Flushes, waits until every acknowledged event was handled, stops the consumer, reads the log.
  void finish(std::size_t expected) {
    CHECK(out_->flush(30s));
    auto deadline = clock_type::now() + 30s;
    while (acked_count() < expected && clock_type::now() < deadline) std::this_thread::sleep_for(10ms);
    wait_handled(expected);
    log = kt::log_copies(cluster_, "task-events");
    // Every copy in the log reaches the handler (a second copy may come a little later).
    auto calls_total = [&] {
      std::lock_guard lock(mu_);
      int n = 0;
      for (const auto& [id, k] : calls) n += k;
      return n;
    };
    deadline = clock_type::now() + 10s;
    while (calls_total() < kt::total(log) && clock_type::now() < deadline) std::this_thread::sleep_for(10ms);
    std::this_thread::sleep_for(200ms);  // a redelivery beyond the log's copies would arrive now
    in_->stop();
    thread_.join();
    in_->close();
    stats = in_->stats();
  }

  // The counts every fault case checks; returns the log's duplicates.
  int check_counts(std::size_t expected) {
    std::lock_guard lock(mu_);
    std::set<std::string> sent;
    std::size_t failed = 0;
    for (const auto& a : acks) {
      if (a.d.ok()) sent.insert(a.d.event_id);
      else ++failed;
    }
    CHECK(failed == 0);
    CHECK(sent.size() == expected);
    int lost = 0, not_in_log = 0, calls_total = 0, mismatched = 0;
    for (const auto& id : sent) {
      lost += calls.count(id) ? 0 : 1;
      not_in_log += log.count(id) ? 0 : 1;
    }
    for (const auto& [id, n] : calls) {
      calls_total += n;
      auto it = log.find(id);
      mismatched += (it == log.end() || it->second != n) ? 1 : 0;
    }
    CHECK(lost == 0);
    CHECK(not_in_log == 0);
    CHECK(calls_total == kt::total(log));  // handler calls = messages in the log
    CHECK(mismatched == 0);                // ... event by event
    CHECK(stats.consumed == static_cast<std::uint64_t>(calls_total));
    CHECK(stats.handled == stats.consumed);
    const int dup = kt::extra_copies(log);
    MESSAGE("sent " << sent.size() << ", in the log " << kt::total(log) << " (duplicates " << dup << "), handler calls "
                    << calls_total << ", lost " << lost << ", consumer errors reported " << errors.size());
    return dup;
  }

  std::mutex mu_;
  std::vector<std::string> errors;
  std::map<std::string, int> calls;
  std::vector<acked> acks;
  std::map<std::string, int> log;
  events::kafka::consumer_stats stats;

 private:
  events::kafka::embedded_cluster& cluster_;
  events::kafka::config cfg_;
  std::unique_ptr<events::kafka::producer> out_;
  std::unique_ptr<events::kafka::consumer> in_;
  std::thread thread_;
};

// task-events partition p led by broker p + 1; the group's coordinator on broker 3.
void pin(events::kafka::embedded_cluster& cluster, const std::string& group) {
  for (int p = 0; p < 3; ++p) cluster.set_leader("task-events", p, p + 1);
  cluster.set_coordinator("group", group, 3);
}

std::size_t injected_left(events::kafka::embedded_cluster& cluster, int broker, std::int16_t api) {
  std::size_t n = 0;
  REQUIRE(rd_kafka_mock_broker_error_stack_cnt(cluster.native(), broker, api, &n) == RD_KAFKA_RESP_ERR_NO_ERROR);
  return n;
}

bool any_error_mentions(stream& s, const std::string& what) {
  std::lock_guard lock(s.mu_);
  for (const auto& e : s.errors)
    if (e.find(what) != std::string::npos) return true;
  return false;
}

// The port of broker `id` (the bootstrap list is in broker id order).
std::string broker_address(const events::kafka::embedded_cluster& cluster, int id) {
  std::string list = cluster.bootstrap();
  for (int i = 1; i < id; ++i) list = list.substr(list.find(',') + 1);
  return list.substr(0, list.find(','));
}

}  // namespace

TEST_SUITE("kafka") {
  TEST_CASE("fault: a broker down for 1.5 s while producing and consuming") {
    events::kafka::embedded_cluster cluster;
    pin(cluster, "broker-down");
    stream s(cluster, kt::client_config(cluster), "broker-down");
    s.publish(100, 0);
    REQUIRE(s.wait_handled(100));  // the group is consuming
    const auto down = clock_type::now();
    cluster.broker_down(1);  // leads partition 0; retry.backoff.ms is 100 ms
    s.publish(100, 1);
    std::this_thread::sleep_for(1500ms);
    const auto up = clock_type::now();
    cluster.broker_up(1);
    s.publish(100, 2);
    s.finish(300);
    // A batch in flight to broker 1 when it went down may be in the log twice: the mock does not
    // dedupe an idempotent producer without a transactional.id (see the lost-ack case below).
    // Each copy reached the handler (checked there).
    s.check_counts(300);

    // It fired: partition 0's messages published during the outage were acknowledged only
    // after broker 1 was back; the consumer's error hook heard of the broken connections.
    int held = 0, early = 0;
    for (const auto& a : s.acks)
      if (a.batch == 1 && a.d.partition == 0) (a.at >= up ? held : early)++;
    CHECK(held > 0);
    CHECK(early == 0);
    CHECK(any_error_mentions(s, broker_address(cluster, 1)));
    MESSAGE("partition 0 deliveries held until broker 1 came back: " << held << "; outage "
                                                                     << std::chrono::duration_cast<std::chrono::milliseconds>(up - down).count()
                                                                     << " ms; consumer errors " << s.errors.size());
  }

  TEST_CASE("fault: partition leaders moved while a consumer group is active, the old leader then down") {
    events::kafka::embedded_cluster cluster;
    pin(cluster, "leaders");
    stream s(cluster, kt::client_config(cluster), "leaders");
    s.publish(100, 0);
    REQUIRE(s.wait_handled(100));
    // Partition 0 moves off broker 1, which then goes down: its messages can only flow if both
    // clients follow the move. (Partitions 1 and 2 move too.)
    cluster.set_leader("task-events", 0, 2);
    cluster.set_leader("task-events", 1, 3);
    cluster.set_leader("task-events", 2, 2);
    cluster.broker_down(1);
    s.publish(100, 1);
    CHECK(s.wait_handled(200, 20s));  // all handled with broker 1 still down
    int p0 = 0;
    for (const auto& a : s.acks)
      if (a.batch == 1 && a.d.partition == 0 && a.d.ok()) ++p0;
    cluster.broker_up(1);
    s.publish(100, 2);
    s.finish(300);
    CHECK(s.check_counts(300) == 0);
    CHECK(p0 > 0);  // it fired: partition 0 written and read at its new leader
    MESSAGE("partition 0 messages written and handled at the new leader while the old one was down: " << p0);
  }

  TEST_CASE("fault: injected errors on produce, fetch and commit, counted by the mock") {
    events::kafka::embedded_cluster cluster;
    using events::kafka::api::produce, events::kafka::api::fetch, events::kafka::api::offset_commit;
    pin(cluster, "request-errors");
    stream s(cluster, kt::client_config(cluster), "request-errors");
    s.publish(100, 0);
    REQUIRE(s.wait_handled(100));
    for (int b = 1; b <= 3; ++b) {
      cluster.push_broker_errors(b, produce, {{RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, 0},
                                             {RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, 0},
                                             {RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, 0}});
      cluster.push_broker_errors(b, fetch, {{RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, 0},
                                           {RD_KAFKA_RESP_ERR_REPLICA_NOT_AVAILABLE, 0}});
    }
    cluster.push_broker_errors(3, offset_commit, {{RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, 0}});
    s.publish(100, 1);
    CHECK(s.wait_handled(200, 20s));
    // It fired: every injected error was taken by a request (the mock's per-broker stacks are
    // empty; librdkafka retried the refused commit itself).
    for (int b = 1; b <= 3; ++b) {
      CHECK(injected_left(cluster, b, produce) == 0);
      CHECK(injected_left(cluster, b, fetch) == 0);
    }
    s.publish(100, 2);
    s.finish(300);
    CHECK(injected_left(cluster, 3, offset_commit) == 0);
    CHECK(s.check_counts(300) == 0);
  }

  TEST_CASE("fault: a produce written but its acknowledgement lost - idempotent, transactional, plain producers") {
    events::kafka::embedded_cluster cluster;
    pin(cluster, "acks-lost");
    auto cfg = kt::client_config(cluster);
    cfg.set("reconnect.backoff.max.ms", "300");  // reconnect soon after broker 1 is back
    stream s(cluster, cfg, "acks-lost");
    s.publish(30, 0);
    REQUIRE(s.wait_handled(30));
    // Broker 1 (partition 0's leader) writes the next Produce but holds its response 4 s, and
    // goes down meanwhile: the response is lost, the client sends the batch again after the
    // broker is back.
    std::map<int, clock_type::time_point> back;  // per batch: when broker 1 came back
    auto lose_next_ack = [&](events::kafka::producer& p, int batch) {
      using events::kafka::api::produce;
      cluster.push_broker_errors(1, produce, {{RD_KAFKA_RESP_ERR_NO_ERROR, 4000}});
      REQUIRE(injected_left(cluster, 1, produce) == 1);
      const auto published = clock_type::now();
      s.publish(30, batch, &p);
      // It fires: broker 1 took the held Produce (its error stack drained) before going down, and
      // went down before the response was due (>= 4 s after the publish). Waited on, not assumed.
      while (injected_left(cluster, 1, produce) != 0 && clock_type::now() - published < 3s)
        std::this_thread::sleep_for(5ms);
      REQUIRE_MESSAGE(injected_left(cluster, 1, produce) == 0, "batch " << batch << ": no Produce reached broker 1 in 3 s");
      cluster.broker_down(1);
      const auto down = clock_type::now();
      REQUIRE_MESSAGE(down - published < 3500ms, "batch " << batch << ": broker 1 went down after its response may have gone");
      std::this_thread::sleep_for(300ms);
      back[batch] = clock_type::now();
      cluster.broker_up(1);
      CHECK(p.flush(30s));
    };
    {
      events::kafka::producer idempotent(cfg);
      lose_next_ack(idempotent, 1);
    }
    {
      auto txn_cfg = cfg;
      txn_cfg.set("producer.transactional.id", "fault-acks-lost");
      events::kafka::producer txn(txn_cfg);
      lose_next_ack(txn, 2);
    }
    {  // without idempotence: the resent batch may be written twice, on any broker
      auto plain_cfg = cfg;
      plain_cfg.set("producer.enable.idempotence", "false");
      events::kafka::producer plain(plain_cfg);
      lose_next_ack(plain, 3);
    }
    s.finish(120);
    const int dup = s.check_counts(120);
    std::map<int, int> copies_by_batch, held, early;
    for (const auto& a : s.acks) {
      copies_by_batch[a.batch] += s.log[a.d.event_id] - 1;
      if (a.batch > 0 && a.d.partition == 0) (a.at >= back[a.batch] ? held : early)[a.batch]++;
    }
    // It fired, for each producer: broker 1 took the delayed Produce and went down holding its
    // response (required above), and partition 0's acknowledgements came only after it was back.
    for (int batch = 1; batch <= 3; ++batch) {
      CHECK(held[batch] > 0);
      CHECK(early[batch] == 0);
    }
    // What the log holds twice, per producer (every copy reached the handler: counted above).
    // librdkafka 2.0.2's mock checks producer ids and sequence numbers only for a transactional
    // producer: the idempotent producer's resent batch is written again there (a real broker
    // rejects it as a duplicate sequence), so for it this test can only show that every copy in
    // the log reached the handler. The transactional producer's is not written again.
    CHECK(copies_by_batch[2] == 0);
    CHECK(dup == copies_by_batch[0] + copies_by_batch[1] + copies_by_batch[3]);
    MESSAGE("duplicates in the log: idempotent " << copies_by_batch[1] << ", transactional " << copies_by_batch[2]
                                                 << ", not idempotent " << copies_by_batch[3]);
  }
}
