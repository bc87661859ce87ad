// Per-key partitioning across languages: the partition our producer gives a key is the one
// kafkajs's DefaultPartitioner (tests/js/partition_peer.mjs) and confluent-kafka-python with its
// murmur2 partitioner (tests/kafka/partition_peer.py, Debian's python3-confluent-kafka) give it,
// on the same cluster, for the key of every catalog event type and keys of every length.
#include "catalog/catalog_samples.hpp"
#include "kafka_fixture.hpp"
#include "node_peer.hpp"

#include <events/kafka/partitioner.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace partitioner_test {

using node_peer::json;

// The keys our producer gives every catalog type's sample, then seed 003's integer task ids
// (aiokafka's `str(k).encode()`), non-ASCII text, and lengths 1-24 (every tail of murmur2's loop).
std::vector<std::string> keys_of_catalog() {
  std::set<std::string> seen;
  std::vector<std::string> out;
  auto add = [&](std::string k) {
    if (seen.insert(k).second) out.push_back(std::move(k));
  };
  std::apply([&](auto... types) { (add(events::event_traits<decltype(types)>::key(catalog_test::sample<decltype(types)>())), ...); },
             catalog_test::all_types{});
  for (const char* k : {"1", "7", "42", "1000000", "-3", "alice", "zo\xc3\xab \xe2\x9c\x93", "\xf0\x9f\x9b\x92"}) add(k);
  for (int n = 1; n <= 24; ++n) add(std::string("abcdefghijklmnopqrstuvwxyz").substr(0, static_cast<std::size_t>(n)));
  for (int i = 0; i < 16; ++i) add(events::uuid::v4().to_string());
  return out;
}

using placement = std::map<std::pair<std::string, std::string>, std::int32_t>;  // (topic, key) -> partition

placement sent_by(const node_peer::node_run& r) {
  placement out;
  for (const auto& o : node_peer::objects(r))
    if (o.contains("topic")) out[{o["topic"], o["key"]}] = o["partition"];
  return out;
}

node_peer::node_run run_python(const std::string& args) {
  const std::string cmd = "exec " EVENTS_DEBIAN_PYTHON " '" EVENTS_SOURCE_DIR "/tests/kafka/partition_peer.py' " + args + " 2>&1";
  return node_peer::run_process(cmd);
}

}  // namespace partitioner_test

TEST_SUITE("kafka partitioner") {
  TEST_CASE("murmur2 of every key is the partition kafkajs's DefaultPartitioner picks, for 1 to 16 partitions") {
    using namespace partitioner_test;
    events::kafka::embedded_cluster cluster;
    auto keys = keys_of_catalog();
    keys.push_back("");  // an empty key is hashed by kafkajs and Java (librdkafka treats it as no key)
    const std::vector<int> counts = {1, 2, 3, 4, 5, 6, 7, 8, 12, 16};
    const node_peer::temp_file file("partition-fn.json", json{{"topics", json::array()}, {"keys", keys}, {"counts", counts}}.dump());
    const auto r = node_peer::run_node("partition_peer.mjs " + cluster.bootstrap() + " " + file.path());
    REQUIRE_MESSAGE(r.status == 0, r.output);
    std::size_t compared = 0;
    std::set<std::int32_t> used;
    for (const auto& o : node_peer::objects(r)) {
      const std::string key = o["key"];
      const int count = o["count"];
      CAPTURE(key);
      CAPTURE(count);
      CHECK(events::kafka::murmur2_partition(key, count) == o["partition"].get<std::int32_t>());
      if (count == 16) used.insert(o["partition"].get<std::int32_t>());
      ++compared;
    }
    CHECK(compared == keys.size() * counts.size());
    CHECK(used.size() > 8);  // the keys spread: a constant answer would not pass
  }

  TEST_CASE("the same keys land on the same partitions from our producer, kafkajs and confluent-kafka-python (murmur2)") {
    using namespace partitioner_test;
    events::kafka::embedded_options eo;
    eo.topics = events::kafka::catalog_topics();
    eo.topics.push_back({"keys-12", 12, 3});
    events::kafka::embedded_cluster cluster(eo);
    auto cfg = kt::client_config(cluster);
    const auto keys = keys_of_catalog();

    // Ours: every catalog type published typed (its own topic and key), and every key sent to a
    // 3-partition catalog topic and to a 12-partition one. Default options.
    placement ours;
    std::set<std::string> topics{"task-events", "keys-12"};
    {
      events::kafka::producer out(cfg);
      std::apply(
          [&](auto... types) {
            auto one = [&](const auto& ev) {
              auto d = out.publish(ev).get();
              REQUIRE_MESSAGE(d.ok(), d.error);
              ours[{d.topic, events::event_traits<std::decay_t<decltype(ev)>>::key(ev)}] = d.partition;
              topics.insert(d.topic);
            };
            (one(catalog_test::sample<decltype(types)>()), ...);
          },
          catalog_test::all_types{});
      for (const auto& topic : {std::string("task-events"), std::string("keys-12")})
        for (const auto& k : keys) {
          auto d = out.send({.topic = topic, .key = k, .value = "cpp", .headers = {}, .event_id = {}}).get();
          REQUIRE_MESSAGE(d.ok(), d.error);
          ours[{topic, k}] = d.partition;
        }
    }
    const json spec{{"topics", std::vector<std::string>(topics.begin(), topics.end())}, {"keys", keys}, {"counts", json::array()}};
    const node_peer::temp_file file("partition-wire.json", spec.dump());

    const auto js = node_peer::run_node("partition_peer.mjs " + cluster.bootstrap() + " " + file.path());
    REQUIRE_MESSAGE(js.status == 0, js.output);
    const placement by_kafkajs = sent_by(js);
    const auto py = run_python(cluster.bootstrap() + " murmur2_random " + file.path());
    REQUIRE_MESSAGE(py.status == 0, py.output);
    const placement by_python = sent_by(py);
    REQUIRE(by_kafkajs.size() == topics.size() * keys.size());
    REQUIRE(by_python.size() == by_kafkajs.size());

    auto partitions_of = [&](const std::string& topic) {
      for (const auto& t : cluster.topics())
        if (t.name == topic) return t.partitions;
      FAIL("no topic " << topic);
      return 0;
    };
    std::size_t compared = 0;
    for (const auto& [where, partition] : ours) {
      const auto& topic_name = where.first;  // CAPTURE takes no structured binding under clang 14
      const auto& key_text = where.second;
      CAPTURE(topic_name);
      CAPTURE(key_text);
      REQUIRE(by_kafkajs.count(where) == 1);
      CHECK(by_kafkajs.at(where) == partition);
      CHECK(by_python.at(where) == partition);
      CHECK(events::kafka::murmur2_partition(where.second, partitions_of(where.first)) == partition);
      ++compared;
    }
    CHECK(compared > keys.size() * 2);

    // librdkafka's own default (CRC32), kept as an option, puts keys elsewhere: the same choice as
    // a confluent-kafka-python producer left at its default, not kafkajs's.
    placement crc;
    {
      events::kafka::producer out(cfg, {.partitioner = events::kafka::partitioning::consistent_random});
      for (const auto& k : keys) crc[{"keys-12", k}] = out.send({.topic = "keys-12", .key = k, .value = "crc", .headers = {}, .event_id = {}}).get().partition;
    }
    const auto py_crc = sent_by(run_python(cluster.bootstrap() + " consistent_random " + file.path()));
    std::size_t moved = 0;
    for (const auto& [where, partition] : crc) {
      CHECK(py_crc.at(where) == partition);
      moved += partition != by_kafkajs.at(where);
    }
    CHECK(moved > keys.size() / 2);
  }
}
