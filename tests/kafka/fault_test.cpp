// Fault injection on the embedded cluster. Every case counts: 0 lost, 0 duplicate handler calls,
// handled + dead-lettered = consumed.
#include "kafka_fixture.hpp"

#include <thread>

using task_created = events::event<events::TaskCreatedPayload>;

namespace {

struct outcome {
  std::size_t sent = 0, lost = 0, duplicates = 0;
  events::kafka::consumer_stats stats;
};

// Publishes n events (calling `during` after half of them), then consumes them all in a fresh
// group, calling `while_consuming` once a third is handled.
template <class During, class WhileConsuming>
outcome exercise(events::kafka::embedded_cluster& /*cluster*/, events::kafka::config cfg, std::size_t n,
                 During during, WhileConsuming while_consuming, const std::string& group) {
  outcome o;
  std::set<std::string> sent;
  {
    events::kafka::producer out(cfg);
    std::vector<std::future<events::kafka::delivery>> pending;
    for (std::size_t i = 0; i < n; ++i) {
      if (i == n / 2) during();
      pending.push_back(out.publish(kt::task_created(static_cast<int>(i))));
    }
    CHECK(out.flush(std::chrono::seconds(60)));
    for (auto& f : pending) {
      auto d = f.get();
      CHECK_MESSAGE(d.ok(), d.error);
      if (d.ok()) sent.insert(d.event_id);
    }
  }
  o.sent = sent.size();
  kt::ledger handled;
  auto consumer_cfg = cfg;
  events::kafka::consumer in(consumer_cfg, kt::fast({"task-events"}, group));
  in.on<task_created>([&](const task_created& ev) { handled.add(ev.event_id); });
  bool fired = false;
  kt::poll_until(in, [&] {
    if (!fired && handled.calls.size() >= n / 3) {
      fired = true;
      while_consuming();
    }
    return handled.calls.size() >= sent.size();
  });
  in.close();
  o.stats = in.stats();
  o.lost = static_cast<std::size_t>(handled.lost(sent));
  o.duplicates = static_cast<std::size_t>(handled.duplicates());
  return o;
}

void check(const outcome& o, std::size_t n) {
  CHECK(o.sent == n);
  CHECK(o.lost == 0);
  CHECK(o.duplicates == 0);
  CHECK(o.stats.handled + o.stats.dead_lettered == o.stats.consumed - o.stats.duplicates);
  CHECK(o.stats.handled == n);
  MESSAGE("sent " << o.sent << ", consumed " << o.stats.consumed << ", handled " << o.stats.handled
                  << ", dead-lettered " << o.stats.dead_lettered << ", duplicates skipped " << o.stats.duplicates
                  << ", lost " << o.lost << ", duplicate handler calls " << o.duplicates);
}

}  // namespace

TEST_SUITE("kafka") {
  TEST_CASE("fault: a broker down while producing and while consuming") {
    events::kafka::embedded_cluster cluster;
    std::thread up;
    auto o = exercise(
        cluster, kt::client_config(cluster), 300,
        [&] {
          cluster.broker_down(1);
          up = std::thread([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(700));
            cluster.broker_up(1);
          });
        },
        [&] {
          up.join();
          cluster.broker_down(2);
          cluster.broker_up(2);
        },
        "broker-down");
    if (up.joinable()) up.join();
    check(o, 300);
  }

  TEST_CASE("fault: partition leaders moved while producing and while consuming") {
    events::kafka::embedded_cluster cluster;
    auto move = [&](int shift) {
      for (int p = 0; p < 3; ++p) cluster.set_leader("task-events", p, (p + shift) % 3 + 1);
    };
    auto o = exercise(cluster, kt::client_config(cluster), 300, [&] { move(1); }, [&] { move(2); }, "leaders");
    check(o, 300);
  }

  TEST_CASE("fault: injected request errors on produce / fetch and commit") {
    events::kafka::embedded_cluster cluster;
    using events::kafka::api::produce, events::kafka::api::fetch, events::kafka::api::offset_commit;
    auto o = exercise(
        cluster, kt::client_config(cluster), 300,
        [&] {
          cluster.push_request_errors(produce, {RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
                                                RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
                                                RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR__TRANSPORT});
        },
        [&] {
          cluster.push_request_errors(fetch, {RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR__TRANSPORT});
          cluster.push_request_errors(offset_commit, {RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT});
        },
        "request-errors");
    check(o, 300);
  }

  TEST_CASE("fault: acks delayed past the request timeout / transactional producer dedupes the retries") {
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    cfg.set("producer.transactional.id", "fault-acks-delayed");
    cfg.set("producer.request.timeout.ms", "1000");
    cfg.set("producer.message.timeout.ms", "30000");
    auto o = exercise(
        cluster, cfg, 200,
        [&] {
          // The next produce response of every broker comes 2.5 s late: written, but the client
          // times out and sends it again.
          for (int b = 1; b <= 3; ++b)
            cluster.push_broker_errors(b, events::kafka::api::produce, {{RD_KAFKA_RESP_ERR_NO_ERROR, 2500}});
        },
        [] {}, "acks-delayed");
    check(o, 200);
    CHECK(o.stats.consumed == 200);  // the log holds each message once: no duplicate to skip
    CHECK(o.stats.duplicates == 0);
  }
}
