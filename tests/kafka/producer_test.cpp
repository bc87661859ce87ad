// The producer's publish path builds the message straight from the event (no record); what a
// consumer receives must be byte for byte what to_record() says would be sent: topic, key, value
// and every header in order, for nested and flat events, with and without the optional
// attributes, with the default or a given key, in binary and structured mode, through both
// publish overloads.
#include "kafka_fixture.hpp"

#include <memory>
#include <mutex>

namespace {

struct received {
  std::string topic, key, value;
  events::kafka::header_list headers;
};

// Reads `want` messages of one single-partition topic from the beginning (assign: no group join).
std::vector<received> read_all(const events::kafka::config& cfg, const std::string& topic, std::size_t want) {
  auto props = cfg.for_client(events::kafka::client_kind::consumer);
  props["group.id"] = "producer-test-reader";
  auto conf = events::kafka::detail::make_conf(props);
  std::string err;
  std::unique_ptr<RdKafka::KafkaConsumer> c{RdKafka::KafkaConsumer::create(conf.get(), err)};
  REQUIRE_MESSAGE(c, err);
  std::vector<RdKafka::TopicPartition*> parts{RdKafka::TopicPartition::create(topic, 0, RdKafka::Topic::OFFSET_BEGINNING)};
  c->assign(parts);
  delete parts[0];
  std::vector<received> out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (out.size() < want && std::chrono::steady_clock::now() < deadline) {
    std::unique_ptr<RdKafka::Message> m{c->consume(100)};
    if (m->err() != RdKafka::ERR_NO_ERROR) continue;
    events::kafka::message view(*m);
    out.push_back({std::string(view.topic()), std::string(view.key()), std::string(view.value()), view.headers()});
  }
  c->close();
  return out;
}

}  // namespace

TEST_SUITE("kafka") {
  TEST_CASE("producer: what publish sends is byte for byte what to_record says") {
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    const std::string topic = "producer-bytes";
    cluster.create_topic({topic, 1, 1});

    namespace k = events::kafka;
    events::kafka::producer out(cfg, {.source = "/producer-test"});
    std::vector<k::record> expected;
    std::vector<std::future<k::delivery>> futures;
    std::mutex mu;
    std::vector<k::delivery> called;
    auto publish = [&](const auto& ev, const k::publish_options& o, bool with_callback) {
      k::record want = out.to_record(ev, o);
      want.topic = topic;  // every message goes to the test topic; the default one is checked below
      expected.push_back(want);
      k::publish_options to_test = o;
      to_test.topic = topic;
      CHECK(out.to_record(ev, to_test).value == want.value);
      if (with_callback)
        out.publish(ev, [&](const k::delivery& d) {
          std::lock_guard lock(mu);
          called.push_back(d);
        }, to_test);
      else
        futures.push_back(out.publish(ev, to_test));
    };

    auto nested = kt::task_created(1);
    auto caused = events::make_event(events::TaskCreatedPayload{.task_id = events::uuid::v4(),
                                                                .user_id = events::uuid::v4(),
                                                                .title = "caused \"quoted\" \u00e9",
                                                                .description = "d",
                                                                .priority = "high",
                                                                .due_date = events::now(),
                                                                .tags = {}},
                                     {.correlation_id = events::uuid::v4(), .causation_id = events::uuid::v4()});
    auto bare = kt::task_created(2);
    bare.correlation_id.reset();
    auto flat = events::make_flat_event(events::TodoCreated{.todo_id = events::uuid::v4(),
                                                            .user_id = events::uuid::v4(),
                                                            .title = "flat",
                                                            .description = std::nullopt,
                                                            .priority = "low",
                                                            .due_date = std::nullopt});
    publish(nested, {}, false);
    publish(caused, {}, true);
    publish(bare, {.topic = {}, .key = std::string("given-key"), .mode = std::nullopt}, false);
    publish(bare, {.topic = {}, .key = std::string(), .mode = std::nullopt}, true);
    publish(flat, {}, false);
    publish(flat, {}, true);
    publish(nested, {.topic = {}, .key = std::nullopt, .mode = k::content_mode::structured}, false);
    publish(caused, {.topic = {}, .key = std::nullopt, .mode = k::content_mode::structured}, true);
    REQUIRE(out.flush());

    for (auto& f : futures) {
      auto d = f.get();
      CHECK(d.ok());
      CHECK(d.topic == topic);
    }
    {
      std::lock_guard lock(mu);
      CHECK(called.size() == 4);
      for (const auto& d : called) CHECK(d.ok());
    }
    // The default topic and key: those of to_record.
    CHECK(out.to_record(nested).topic == "task-events");
    CHECK(out.to_record(nested).key == nested.payload.task_id.to_string());
    CHECK(out.to_record(flat).topic == "todos");
    auto d = out.publish(flat).get();
    CHECK(d.ok());
    CHECK(d.topic == "todos");
    CHECK(d.event_id == flat.event_id.to_string());

    auto got = read_all(cfg, topic, expected.size());
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      CAPTURE(i);
      CHECK(got[i].topic == expected[i].topic);
      CHECK(got[i].key == expected[i].key);
      CHECK(got[i].value == expected[i].value);
      CHECK(got[i].headers == expected[i].headers);
    }
    CHECK(expected[2].key == "given-key");
    CHECK(expected[3].key.empty());
    CHECK(std::find(expected[1].headers.begin(), expected[1].headers.end(),
                    std::pair<std::string, std::string>("ce_causationid", caused.causation_id->to_string())) !=
          expected[1].headers.end());
  }

  TEST_CASE("producer: a callback may publish - delivery results of nested publishes arrive too") {
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    events::kafka::producer out(cfg, {.source = "/producer-test"});
    std::atomic<int> outer{0}, inner{0};
    for (int i = 0; i < 50; ++i)
      out.publish(kt::task_created(i), [&, i](const events::kafka::delivery& d) {
        CHECK(d.ok());
        ++outer;
        out.publish(kt::task_created(100 + i), [&](const events::kafka::delivery& d2) {
          CHECK(d2.ok());
          ++inner;
        });
      });
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while ((outer < 50 || inner < 50) && std::chrono::steady_clock::now() < deadline) out.flush(std::chrono::milliseconds(100));
    CHECK(outer == 50);
    CHECK(inner == 50);
    out.close();
    CHECK(out.failed() == 0);
    CHECK(out.delivered() == 100);
  }
}
