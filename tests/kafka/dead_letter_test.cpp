// Dead-letter writes that fail: bounded retries, then reported (error hook, stats), the source
// offset left uncommitted and the partition paused until resume_blocked(). Also the retry
// policy's schedule, checked as a pure function (no sleeping).
#include "kafka_fixture.hpp"

#include <librdkafka/rdkafka_mock.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using task_created = events::event<events::TaskCreatedPayload>;
using namespace std::chrono_literals;

TEST_SUITE("kafka") {
  TEST_CASE("retry policy: the default schedule is seed 003's 1 s, 2 s, 4 s") {
    using ms = std::chrono::milliseconds;
    constexpr events::kafka::retry_policy p{};
    static_assert(p.backoff(1) == ms(1000) && p.backoff(2) == ms(2000) && p.backoff(3) == ms(4000));
    CHECK(p.schedule() == std::vector<ms>{ms(1000), ms(2000), ms(4000)});
    // The cap holds, and a policy without retries never waits.
    events::kafka::retry_policy capped{.max_retries = 5, .initial_backoff = ms(300), .multiplier = 3.0,
                                       .max_backoff = ms(5000)};
    CHECK(capped.schedule() == std::vector<ms>{ms(300), ms(900), ms(2700), ms(5000), ms(5000)});
    CHECK(events::kafka::retry_policy{.max_retries = 0}.schedule().empty());
    // The consumer's default options carry that schedule.
    CHECK(events::kafka::consumer_options{}.retry.schedule() == p.schedule());
  }
}

namespace {

struct dlq_fixture {
  events::kafka::embedded_cluster cluster;
  events::kafka::config cfg;
  std::vector<std::string> ids;          // the four events, in log order (one partition)
  std::vector<std::string> errors;       // the consumer's error hook
  std::map<std::string, int> calls;      // handler calls per event id
  std::unique_ptr<events::kafka::consumer> in;

  explicit dlq_fixture(bool dlq_topic)
      : cluster(events::kafka::embedded_options{.brokers = 3, .topics = {{"task-events", 1, 1}},
                                                .dead_letter_topics = dlq_topic}),
        cfg(kt::client_config(cluster)) {
    // Source partition on broker 1, the group's coordinator on 2, the dead-letter partition on 3:
    // errors injected on broker 3's Produce reach only dead-letter writes.
    cluster.set_leader("task-events", 0, 1);
    if (dlq_topic) cluster.set_leader("task-events-dlq", 0, 3);
    cluster.set_coordinator("group", "dlq-bound", 2);
    cfg.set("producer.allow.auto.create.topics", "false");  // a missing topic stays missing
    events::kafka::producer out(cfg);
    for (int i = 0; i < 4; ++i) {
      auto d = out.publish(kt::task_created(i)).get();
      REQUIRE(d.ok());
      CHECK(d.offset == i);
      ids.push_back(d.event_id);
    }
  }

  // Event 1 is refused for good by its handler: it must go to the dead-letter topic.
  void start(events::kafka::dead_letter_policy policy) {
    auto o = kt::fast({"task-events"}, "dlq-bound");
    o.dedupe_window = 0;
    o.dead_letter = policy;
    o.commit_interval = 20ms;
    in = std::make_unique<events::kafka::consumer>(cfg, o);
    in->on_error([this](const std::string& e) { errors.push_back(e); });
    in->on<task_created>([this](const task_created& ev) {
      auto id = ev.event_id.to_string();
      ++calls[id];
      if (id == ids[1]) throw events::kafka::permanent_error("refused", "refused");
    });
  }

  std::int64_t committed() {
    std::vector<RdKafka::TopicPartition*> parts{RdKafka::TopicPartition::create("task-events", 0)};
    auto e = in->native().committed(parts, 5000);
    std::int64_t at = e == RdKafka::ERR_NO_ERROR ? parts[0]->offset() : -2;
    RdKafka::TopicPartition::destroy(parts);
    return at;
  }

  bool reported_pause() const {
    for (const auto& e : errors)
      if (e.find("task-events[0] paused at offset 1, not committed") != std::string::npos) return true;
    return false;
  }

  // The write failed for good: event 0 handled and committed, event 1 not committed, events 2
  // and 3 not handled while the partition is paused.
  void check_blocked(std::uint64_t attempts) {
    kt::poll_until(*in, [&] { return in->stats().dead_letter_failures >= 1; }, 30s);
    auto s = in->stats();
    for (const auto& e : errors) MESSAGE(e);
    MESSAGE("handled " << s.handled << " dead-lettered " << s.dead_lettered << " errors " << s.errors);
    REQUIRE(s.dead_letter_failures == 1);
    for (int i = 0; i < 20; ++i) in->poll(50ms);  // paused: nothing more arrives
    s = in->stats();
    CHECK(s.handled == 1);
    CHECK(s.dead_lettered == 0);
    CHECK(calls[ids[0]] == 1);
    CHECK(calls[ids[1]] == 1);
    CHECK(calls.count(ids[2]) == 0);
    CHECK(calls.count(ids[3]) == 0);
    CHECK(s.errors >= attempts);  // one report per failed write
    CHECK(reported_pause());
    auto b = in->blocked();
    REQUIRE(b.size() == 1);
    CHECK(b[0].topic == "task-events");
    CHECK(b[0].offset == 1);
    CHECK(!b[0].error.empty());
    CHECK(committed() == 1);  // the next offset to read is the message that failed
    MESSAGE("dead-letter write given up after " << attempts << " attempts: " << b[0].error);
  }

  // Once the topic takes writes: event 1 reaches it, 2 and 3 are handled, all committed.
  void check_resumed() {
    in->resume_blocked();
    CHECK(in->blocked().empty());
    kt::poll_until(*in, [&] { return in->stats().handled >= 3 && in->stats().dead_lettered >= 1; }, 30s);
    auto s = in->stats();
    CHECK(s.handled == 3);
    CHECK(s.dead_lettered == 1);
    CHECK(s.dead_letter_failures == 1);
    CHECK(calls[ids[1]] == 2);  // handled again after the resume, then dead-lettered
    CHECK(calls[ids[2]] == 1);
    CHECK(calls[ids[3]] == 1);
    in->close();
    CHECK(in->stats().handled == 3);
    auto dlq = kt::lines(kt::kcat(cluster, "-C -t task-events-dlq -o beginning -e -q -f '%o %s\\n'"));
    REQUIRE(dlq.size() == 1);
    CHECK(dlq[0].find(ids[1]) != std::string::npos);
  }
};

}  // namespace

TEST_SUITE("kafka") {
  TEST_CASE("dead letter: produce errors on the dead-letter topic - bounded retries, reported, paused, uncommitted") {
    dlq_fixture f(true);
    f.start({.max_attempts = 3, .timeout = 5000ms});
    // Each of the three writes is refused by broker 3 (a non-retriable error: one request each).
    f.cluster.push_broker_errors(3, events::kafka::api::produce,
                                 {{RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, 0},
                                  {RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, 0},
                                  {RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, 0}});
    f.check_blocked(3);
    std::size_t left = 99;
    CHECK(rd_kafka_mock_broker_error_stack_cnt(f.cluster.native(), 3, events::kafka::api::produce, &left) ==
          RD_KAFKA_RESP_ERR_NO_ERROR);
    CHECK(left == 0);  // the mock answered all three injected errors: three writes were made
    f.check_resumed();
  }

  TEST_CASE("dead letter: a missing dead-letter topic - bounded retries, reported, paused, uncommitted") {
    // The mock creates a topic when a client's Metadata request names it, so the topic is kept
    // missing the way a broker without auto-creation reports it: UNKNOWN_TOPIC_OR_PART in Metadata.
    dlq_fixture f(false);
    f.cluster.set_topic_error("task-events-dlq", RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART);
    f.start({.max_attempts = 2, .timeout = 500ms});
    f.check_blocked(2);
    for (const auto& e : f.errors) CHECK(e.find("timed out") != std::string::npos);
    f.cluster.set_topic_error("task-events-dlq", RD_KAFKA_RESP_ERR_NO_ERROR);  // the topic exists now
    f.check_resumed();
  }
}
