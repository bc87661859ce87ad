// A Python service beside ours on the same topics: seed 000's producer and consumer code on
// confluent-kafka-python (tests/kafka/seed_peer.py, Debian's /usr/bin/python3) with the seeds'
// own Pydantic models. It publishes every seed-000 and seed-004 event type, made and written the
// seeds' way (naive utcnow times included), and our consumer handles each with default options;
// it reads every type our producer publishes, keyed by the entity, and the seeds' models validate
// each. Both languages publish to one key: one partition, each side's events in its order.
// (kafkajs, the Node peer, exchanges every catalog type with us in kafkajs_test.cpp.)
#include "catalog/catalog_samples.hpp"
#include "kafka_fixture.hpp"
#include "node_peer.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace polyglot_test {

using node_peer::json;

// The seeds' model classes (as seed_models.py names them) and our types for them.
template <class E>
struct kind {
  using type = E;
  std::string_view name;   // what seed_models.produce prints for it
  std::string_view model;  // the seed model that reads it
};
const auto kinds = std::make_tuple(
    kind<events::flat_event<events::TodoCreated>>{"TodoCreated", "TodoCreated"},
    kind<events::flat_event<events::TodoUpdated>>{"TodoUpdated", "TodoUpdated"},
    kind<events::flat_event<events::TodoCompleted>>{"TodoCompleted", "TodoCompleted"},
    kind<events::flat_event<events::TodoDeleted>>{"TodoDeleted", "TodoDeleted"},
    kind<events::flat_event<events::ReminderTriggered>>{"ReminderTriggered", "ReminderTriggered"},
    kind<events::flat_event<events::ReminderSnoozed>>{"ReminderSnoozed", "ReminderSnoozed"},
    kind<events::event<events::TaskCreatedPayload>>{"TaskCreatedPayload", "TaskEvent"},
    kind<events::event<events::TaskUpdatedPayload>>{"TaskUpdatedPayload", "TaskEvent"},
    kind<events::event<events::TaskCompletedPayload>>{"TaskCompletedPayload", "TaskEvent"},
    kind<events::event<events::TaskDeletedPayload>>{"TaskDeletedPayload", "TaskEvent"},
    kind<events::event<events::ReminderScheduledPayload>>{"ReminderScheduledPayload", "ReminderEvent"},
    kind<events::event<events::ReminderDuePayload>>{"ReminderDuePayload", "ReminderEvent"},
    kind<events::event<events::ReminderSentPayload>>{"ReminderSentPayload", "ReminderEvent"},
    kind<events::event<events::ReminderFailedPayload>>{"ReminderFailedPayload", "ReminderEvent"});

template <class F>
void each_kind(F f) {
  std::apply([&](const auto&... k) { (f(k), ...); }, kinds);
}

// Where the test's Python keeps pydantic 2 (Debian's python3, which has confluent-kafka, has none).
std::string pydantic_dir() {
  auto out = kt::run(std::string(EVENTS_PYTHON) + " -c 'import os, pydantic; print(os.path.dirname(os.path.dirname(pydantic.__file__)))'");
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

node_peer::node_run run_peer(const std::string& args) {
  const std::string cmd = "exec " EVENTS_DEBIAN_PYTHON " '" EVENTS_SOURCE_DIR "/tests/kafka/seed_peer.py' '" + pydantic_dir() +
                          "' " + args + " 2>&1";
  return node_peer::run_process(cmd);
}

}  // namespace polyglot_test

TEST_SUITE("kafka polyglot") {
  TEST_CASE("a Python service from seed 000's producer publishes every seed type - our consumer handles each with default options") {
    using namespace polyglot_test;
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    json routes = json::object();
    std::set<std::string> topics;
    each_kind([&](const auto& k) {
      using E = typename std::decay_t<decltype(k)>::type;
      using P = typename E::payload_type;
      routes[std::string(k.name)] = {std::string(events::event_traits<E>::topic), std::string(P::key)};
      topics.insert(std::string(events::event_traits<E>::topic));
    });
    const std::string order_key = events::uuid::v4().to_string();
    const int per_side = 20;
    const json spec{{"routes", routes}, {"order", {{"topic", std::string(events::TodoUpdated::topic)}, {"key", order_key}, {"count", per_side}}}};
    const auto sent = run_peer("produce " + cluster.bootstrap() + " " + node_peer::temp_file("seed-produce.json", spec.dump()).path());
    REQUIRE_MESSAGE(sent.status == 0, sent.output);
    std::map<std::string, json> by_id;  // event_id -> what Python sent
    std::set<std::int32_t> order_partitions;
    for (const auto& o : node_peer::objects(sent)) {
      by_id[o["event_id"]] = o;
      if (o["name"] == "order") order_partitions.insert(o["partition"].get<std::int32_t>());
    }
    REQUIRE(by_id.size() == 15 + per_side);  // seed_models.produce: 7 seed-000 events, 8 seed-004 ones

    // Ours on the order key after Python's: same key, same partition.
    {
      events::kafka::producer out(cfg);
      for (int i = 0; i < per_side; ++i) {
        auto ev = events::wrap(events::TodoUpdated{.todo_id = *events::uuid::parse(order_key), .user_id = *events::uuid::parse(order_key),
                                                   .changes = {{"seq", i}, {"by", "cpp"}}, .updated_fields = {"seq"}});
        auto d = out.publish(ev).get();
        REQUIRE_MESSAGE(d.ok(), d.error);
        order_partitions.insert(d.partition);
      }
    }
    CHECK(order_partitions.size() == 1);

    auto o = kt::fast(std::vector<std::string>(topics.begin(), topics.end()), "polyglot-from-python");
    events::kafka::consumer in(cfg, o);  // default decode options: the seeds' naive times are UTC
    std::map<std::string, std::string> handled;  // event_id -> our type's wire name
    std::map<std::string, std::vector<std::int64_t>> order_seen;  // by -> seq, in arrival order
    std::vector<events::kafka::dead_letter> dead;
    each_kind([&](const auto& k) {
      using E = typename std::decay_t<decltype(k)>::type;
      in.on<E>([&, name = std::string(k.name)](const E& ev) {
        handled[ev.event_id.to_string()] = name;
        if constexpr (std::is_same_v<E, events::flat_event<events::TodoUpdated>>) {
          if (ev.payload.todo_id.to_string() == order_key)
            order_seen[*ev.payload.changes.at("by").template as<std::string>()].push_back(*ev.payload.changes.at("seq").template as<std::int64_t>());
        }
      });
    });
    in.on_dead_letter([&](const events::kafka::dead_letter& x) { dead.push_back(x); });
    kt::poll_until(in, [&] { return kt::settled(in.stats()) >= by_id.size() + per_side; });
    in.close();
    for (const auto& x : dead) CHECK_MESSAGE(false, "dead-lettered: " << x.code << " " << x.message);
    for (const auto& [id, o] : by_id) {
      const std::string seen_json = o.dump();  // CAPTURE takes no structured binding under clang 14
      CAPTURE(seen_json);
      REQUIRE(handled.count(id) == 1);
      if (o["name"] != "order") CHECK(handled[id] == o["name"].get<std::string>());
    }
    std::vector<std::int64_t> in_order(per_side);
    for (int i = 0; i < per_side; ++i) in_order[static_cast<std::size_t>(i)] = i;
    CHECK(order_seen["python"] == in_order);
    CHECK(order_seen["cpp"] == in_order);
  }

  TEST_CASE("our producer publishes every seed type - seed 000's consumer on confluent-kafka reads each, the seeds' models validate it") {
    using namespace polyglot_test;
    events::kafka::embedded_cluster cluster;
    json records = json::array();
    {
      events::kafka::producer out(kt::client_config(cluster));
      each_kind([&](const auto& k) {
        using E = typename std::decay_t<decltype(k)>::type;
        E ev = catalog_test::sample<E>();
        ev.event_id = events::uuid::v4();
        auto d = out.publish(ev).get();
        REQUIRE_MESSAGE(d.ok(), d.error);
        records.push_back({{"topic", d.topic}, {"key", ev.key()}, {"model", std::string(k.model)}, {"event_id", d.event_id}});
      });
    }
    const json expect{{"group", "seed-000-consumer"}, {"records", records}};
    const auto got = run_peer("consume " + cluster.bootstrap() + " " + node_peer::temp_file("seed-consume.json", expect.dump()).path());
    CHECK_MESSAGE(got.status == 0, got.output);
    std::size_t clean = 0;
    for (const auto& o : node_peer::objects(got)) {
      CAPTURE(o.dump());
      CHECK(o["problems"].empty());
      clean += o["problems"].empty();
    }
    CHECK(clean == records.size());
  }
}
