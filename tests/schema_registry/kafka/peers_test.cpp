// Every catalog event type through Kafka (the embedded cluster) with Confluent's framing, both
// ways, against the two independent peers pointed at our registry: confluent-kafka-python's
// SerializingProducer/JSONSerializer and DeserializingConsumer/JSONDeserializer (Debian's
// python3-confluent-kafka; tests/schema_registry/kafka_peer.py), and kafkajs with
// @kafkajs/confluent-schema-registry (tests/js/schema_registry_kafka_peer.mjs). Subjects follow
// the topic-record strategy on both sides, so each type has a subject of its own.
#include "catalog/catalog_samples.hpp"
#include "kafka_fixture.hpp"

#include <events/kafka/schema_registry.hpp>
#include <events/schema_registry/client.hpp>
#include <events/schema_registry/server.hpp>

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace sr = events::schema_registry;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

using all_types = catalog_test::all_types;

template <class T>
std::string topic_of() {
  auto t = events::event_traits<T>::topic;
  return t.empty() ? std::string("contract-messages") : std::string(t);
}

template <class T>
T fresh_sample() {
  T ev = catalog_test::sample<T>();
  if constexpr (requires { ev.event_id; }) ev.event_id = events::uuid::v4();
  return ev;
}

// Runs `<command_head> MODE BROKERS IN OUT` and returns OUT.
json run_peer(const std::string& command_head, const std::string& mode, const std::string& brokers, const json& input) {
  static int n = 0;
  const auto dir = fs::temp_directory_path() / ("events_sr_kafka_peer_" + std::to_string(::getpid()) + "_" + std::to_string(++n));
  fs::create_directories(dir);
  { std::ofstream(dir / "in.json") << input.dump(); }
  const std::string cmd = command_head + " " + mode + " " + brokers + " \"" + (dir / "in.json").string() + "\" \"" +
                          (dir / "out.json").string() + "\" > \"" + (dir / "log.txt").string() + "\" 2>&1";
  const int rc = std::system(cmd.c_str());
  std::stringstream log;
  log << std::ifstream(dir / "log.txt").rdbuf();
  REQUIRE_MESSAGE(rc == 0, cmd << "\n" << log.str());
  json out = json::parse(std::ifstream(dir / "out.json"));
  fs::remove_all(dir);
  return out;
}

const std::string python = std::string("\"") + EVENTS_DEBIAN_PYTHON + "\" \"" + EVENTS_SOURCE_DIR +
                           "/tests/schema_registry/kafka_peer.py\"";
const std::string node = "cd \"" + std::string(EVENTS_SOURCE_DIR) + "/tests/js\" && \"" EVENTS_NODE "\" schema_registry_kafka_peer.mjs";

std::shared_ptr<events::kafka::registry_format> catalog_format(sr::schema_source& registry) {
  auto f = std::make_shared<events::kafka::registry_format>(
      registry, events::kafka::registry_format_options{.write = {.strategy = sr::subject_strategy::topic_record}});
  f->add_all<all_types>();
  return f;
}

// Our producer frames every catalog type; the peer reads each: the JSON it decoded is ours, the id
// in the frame is the one the registry holds for the type's subject.
void ours_to_peer(const std::string& peer) {
  events::kafka::embedded_cluster cluster;
  sr::server srv({.port = 0});
  srv.start();
  sr::client registry({.url = srv.url()});
  auto framing = catalog_format(registry);
  std::map<std::string, json> sent;  // topic + record -> our JSON
  std::set<std::string> topics;
  {
    events::kafka::producer out(kt::client_config(cluster), {.values = framing});
    catalog_test::for_each_type([&]<class T>() {
      T ev = fresh_sample<T>();
      auto d = out.publish(ev, {.topic = topic_of<T>()}).get();
      REQUIRE_MESSAGE(d.ok(), d.error);
      sent[topic_of<T>() + "/" + sr::record_name<T>()] = json::parse(catalog_test::encode(ev));
      topics.insert(topic_of<T>());
    });
  }
  REQUIRE(sent.size() >= 20);
  json got = run_peer(peer, "consume", cluster.bootstrap(),
                      {{"url", srv.url()}, {"group", "peer-reads"}, {"topics", topics}, {"count", sent.size()}});
  REQUIRE(got.size() == sent.size());
  std::set<std::string> seen;
  for (const auto& m : got) {
    const auto schema = json::parse(registry.schema_by_id(m["id"].get<std::uint32_t>()));
    const std::string key = m["topic"].get<std::string>() + "/" + schema["title"].get<std::string>();
    CAPTURE(key);
    REQUIRE(sent.count(key) == 1);
    CHECK(m["value"] == sent[key]);
    CHECK(registry.latest_version(m["topic"].get<std::string>() + "-" + schema["title"].get<std::string>()).id == m["id"]);
    seen.insert(key);
  }
  CHECK(seen.size() == sent.size());
}

// The peer frames every catalog type (registering our schemas itself); our consumer reads each with
// the handler of its type: the event is the one sent, the frame's id the one the peer registered.
void peer_to_ours(const std::string& peer) {
  events::kafka::embedded_cluster cluster;
  sr::server srv({.port = 0});
  srv.start();
  sr::client registry({.url = srv.url()});
  json entries = json::array();
  std::map<std::string, json> sent;  // record -> JSON
  std::set<std::string> topics, subjects;
  catalog_test::for_each_type([&]<class T>() {
    const std::string json_text = catalog_test::encode(fresh_sample<T>());
    entries.push_back({{"topic", topic_of<T>()}, {"record", sr::record_name<T>()},
                       {"type", std::string(events::event_traits<T>::type)},
                       {"schema", sr::registered_schema_text<T>()}, {"json", json_text}});
    sent[sr::record_name<T>()] = json::parse(json_text);
    topics.insert(topic_of<T>());
    subjects.insert(topic_of<T>() + "-" + sr::record_name<T>());
  });
  json produced = run_peer(peer, "produce", cluster.bootstrap(), {{"url", srv.url()}, {"entries", entries}});
  REQUIRE(produced.size() == entries.size());
  auto reg_subjects = registry.subjects();
  CHECK(std::set<std::string>(reg_subjects.begin(), reg_subjects.end()) == subjects);  // the peer named them as we do

  auto framing = catalog_format(registry);
  auto o = kt::fast({topics.begin(), topics.end()}, "ours-reads");
  o.values = framing;
  o.unknown_types = events::kafka::unknown_type_policy::dead_letter;
  events::kafka::consumer in(kt::client_config(cluster), o);
  std::vector<std::string> dead;
  std::map<std::string, int> handled;
  in.on_dead_letter([&](const events::kafka::dead_letter& d) { dead.push_back(d.code + ": " + d.message); });
  catalog_test::for_each_type([&]<class T>() {
    in.on<T>([&](const T& ev, const events::kafka::message& m) {
      const std::string record = sr::record_name<T>();
      CAPTURE(record);
      ++handled[record];
      CHECK(json::parse(catalog_test::encode(ev)) == sent.at(record));
      auto frame = sr::read_frame(m.value());
      REQUIRE(frame);
      CHECK(frame->id == registry.latest_version(topic_of<T>() + "-" + record).id);
    });
  });
  kt::poll_until(in, [&] { return kt::settled(in.stats()) >= entries.size(); });
  in.close();
  INFO((dead.empty() ? std::string() : dead.front()));
  CHECK(dead.empty());
  CHECK(in.stats().handled == entries.size());
  CHECK(handled.size() == entries.size());
  for (const auto& entry : handled) CHECK_MESSAGE(entry.second == 1, entry.first);
}

}  // namespace

TEST_SUITE("schema_registry.kafka.peers") {
  TEST_CASE("confluent-kafka-python's DeserializingConsumer reads every catalog type our producer framed") {
    ours_to_peer(python);
  }
  TEST_CASE("our consumer reads every catalog type confluent-kafka-python's SerializingProducer framed") {
    peer_to_ours(python);
  }
  TEST_CASE("kafkajs with @kafkajs/confluent-schema-registry reads every catalog type our producer framed") {
    ours_to_peer(node);
  }
  TEST_CASE("our consumer reads every catalog type kafkajs framed with @kafkajs/confluent-schema-registry") {
    peer_to_ours(node);
  }
}
