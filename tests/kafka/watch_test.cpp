// The consumer's watch: a partition whose fetching stopped is told and fetched again; messages
// deleted from the log before they were read are counted and told, never skipped in silence.
#include "kafka_fixture.hpp"

#include <librdkafka/rdkafkacpp.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using task_created = events::event<events::TaskCreatedPayload>;

namespace {

events::kafka::embedded_options one_topic(const std::string& name) {
  events::kafka::embedded_options o;
  o.brokers = 1;
  o.topics = {{name, 1, 1}};
  return o;
}

bool contains(const std::vector<std::string>& said, const std::string& what) {
  for (const auto& s : said)
    if (s.find(what) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_SUITE("kafka") {
  TEST_CASE("watch: a partition left paused under the consumer is told as stalled and fetched again") {
    events::kafka::embedded_cluster cluster(one_topic("task-events"));
    auto cfg = kt::client_config(cluster);
    events::kafka::producer out(cfg, {.source = "/tests"});
    auto options = kt::fast({"task-events"}, "watch-stall");
    options.stall_timeout = 2s;
    events::kafka::consumer in(cfg, options);
    std::set<std::string> handled;
    std::vector<std::string> said;
    in.on<task_created>([&](const task_created& ev) { handled.insert(ev.event_id.to_string()); });
    in.on_error([&](const std::string& why) { said.push_back(why); });

    for (int i = 0; i < 5; ++i) REQUIRE(out.publish(kt::task_created(i)).get().ok());
    kt::poll_until(in, [&] { return handled.size() >= 5; });
    REQUIRE(handled.size() == 5);

    // Idle with nothing to read: no stall, however long.
    auto idle_until = std::chrono::steady_clock::now() + 5s;
    while (std::chrono::steady_clock::now() < idle_until) in.poll(50ms);
    CHECK(in.stats().stalls == 0);

    // The fault: fetching stops under the consumer (a pause nobody lifts, as a lost resume in the
    // client leaves it), while messages keep arriving.
    std::unique_ptr<RdKafka::TopicPartition> tp{RdKafka::TopicPartition::create("task-events", 0)};
    std::vector<RdKafka::TopicPartition*> parts{tp.get()};
    REQUIRE(in.native().pause(parts) == RdKafka::ERR_NO_ERROR);
    for (int i = 5; i < 10; ++i) REQUIRE(out.publish(kt::task_created(i)).get().ok());
    kt::poll_until(in, [&] { return handled.size() >= 10; }, 30s);
    in.close();

    CHECK(handled.size() == 10);
    CHECK(in.stats().stalls == 1);
    CHECK(in.stats().lost_to_retention == 0);
    CHECK(in.stats().dead_lettered == 0);
    CHECK_MESSAGE(contains(said, "stalled: task-events[0] read nothing for"), doctest::toString(said.size()));
    CHECK(contains(said, "(next offset 5, log end 10); fetching restarted at 5"));
  }

  TEST_CASE("watch: without the watch the same fault stalls the partition for good") {
    // The control: what the watch prevents is real. stall_timeout 0 turns it off.
    events::kafka::embedded_cluster cluster(one_topic("task-events"));
    auto cfg = kt::client_config(cluster);
    events::kafka::producer out(cfg, {.source = "/tests"});
    auto options = kt::fast({"task-events"}, "watch-off");
    options.stall_timeout = 0ms;
    events::kafka::consumer in(cfg, options);
    std::set<std::string> handled;
    in.on<task_created>([&](const task_created& ev) { handled.insert(ev.event_id.to_string()); });
    REQUIRE(out.publish(kt::task_created(0)).get().ok());
    kt::poll_until(in, [&] { return handled.size() >= 1; });
    REQUIRE(handled.size() == 1);
    std::unique_ptr<RdKafka::TopicPartition> tp{RdKafka::TopicPartition::create("task-events", 0)};
    std::vector<RdKafka::TopicPartition*> parts{tp.get()};
    REQUIRE(in.native().pause(parts) == RdKafka::ERR_NO_ERROR);
    REQUIRE(out.publish(kt::task_created(1)).get().ok());
    kt::poll_until(in, [&] { return handled.size() >= 2; }, 6s);
    CHECK(handled.size() == 1);
    CHECK(in.stats().stalls == 0);
    in.close();
  }

  TEST_CASE("watch: messages deleted from the log before the group read them are counted and told") {
    // The mock keeps about 5 MiB a partition and deletes the oldest beyond that, as retention
    // would: the group reads one message and commits it, its service stops, 8 MiB more arrive,
    // and the service starts again from a committed offset that is no longer in the log.
    events::kafka::embedded_cluster cluster(one_topic("task-events"));
    auto cfg = kt::client_config(cluster);
    events::kafka::producer out(cfg, {.source = "/tests"});
    std::set<std::string> handled;
    auto handle = [&](const task_created& ev) { handled.insert(ev.event_id.to_string()); };
    {
      events::kafka::consumer in(cfg, kt::fast({"task-events"}, "watch-retention"));
      in.on<task_created>(handle);
      REQUIRE(out.publish(kt::task_created(0)).get().ok());
      kt::poll_until(in, [&] { return handled.size() >= 1; });
      REQUIRE(handled.size() == 1);
    }  // closed: offset 1 committed
    auto big = kt::task_created(1);
    big.payload.description = std::string(100 * 1024, 'x');
    for (int i = 0; i < 80; ++i) {
      big.event_id = events::uuid::v4();
      out.publish(big);
    }
    out.flush(30s);
    std::int64_t lo = -1, hi = -1;
    REQUIRE(out.native().query_watermark_offsets("task-events", 0, &lo, &hi, 5000) == RdKafka::ERR_NO_ERROR);
    REQUIRE(hi == 81);
    REQUIRE(lo > 1);  // the log start moved past what the group committed

    std::vector<std::string> said;
    events::kafka::consumer in(cfg, kt::fast({"task-events"}, "watch-retention"));
    in.on<task_created>(handle);
    in.on_error([&](const std::string& why) { said.push_back(why); });
    kt::poll_until(in, [&] { return in.stats().consumed >= static_cast<std::uint64_t>(hi - lo); });
    in.close();

    CHECK(in.stats().consumed == static_cast<std::uint64_t>(hi - lo));
    CHECK(in.stats().lost_to_retention == static_cast<std::uint64_t>(lo - 1));
    CHECK(contains(said, "task-events[0]: " + std::to_string(lo - 1) + " messages (offsets 1 to " +
                             std::to_string(lo - 1) + ") were deleted from the log before this consumer read them"));
  }

  TEST_CASE("watch: a stream gone quiet has its last settled offsets committed") {
    // Without this, the last second of messages before a pause stays uncommitted until the next
    // message arrives: the group's committed lag never reaches 0 (and a restart repeats them).
    events::kafka::embedded_cluster cluster(one_topic("task-events"));
    auto cfg = kt::client_config(cluster);
    events::kafka::producer out(cfg, {.source = "/tests"});
    auto options = kt::fast({"task-events"}, "watch-quiet");
    options.commit_interval = 500ms;
    events::kafka::consumer in(cfg, options);
    std::set<std::string> handled;
    in.on<task_created>([&](const task_created& ev) { handled.insert(ev.event_id.to_string()); });
    for (int i = 0; i < 3; ++i) REQUIRE(out.publish(kt::task_created(i)).get().ok());
    kt::poll_until(in, [&] { return handled.size() >= 3; });
    REQUIRE(handled.size() == 3);
    auto committed = [&] {
      std::unique_ptr<RdKafka::TopicPartition> tp{RdKafka::TopicPartition::create("task-events", 0)};
      std::vector<RdKafka::TopicPartition*> parts{tp.get()};
      REQUIRE(in.native().committed(parts, 5000) == RdKafka::ERR_NO_ERROR);
      return tp->offset();
    };
    // Nothing more arrives; the consumer keeps polling an empty stream.
    kt::poll_until(in, [&] { return committed() == 3; }, 10s);
    CHECK(committed() == 3);
    in.close();
  }
}
