// The test-defined envelope (tests/meta_event.hpp) over Kafka: produced with its key and
// CloudEvents headers, consumed by a handler of v2 of its payload (v1 upcast, metadata kept).
#include "kafka_fixture.hpp"
#include "meta_event.hpp"

#include <map>
#include <string>

TEST_SUITE("kafka") {
  TEST_CASE("a test-defined envelope: produced, consumed, upcast, its metadata kept") {
    using v2 = test::meta_event<events::TaskCreatedPayloadV2>;
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    events::kafka::producer out(cfg, {.source = "/meta"});
    std::map<std::string, test::meta_event<events::TaskCreatedPayload>> sent;
    for (int i = 0; i < 4; ++i) {
      auto ev = test::meta_task("meta " + std::to_string(i), i % 2 ? "acme" : "globex");
      sent.emplace(ev.event_id.to_string(), ev);
      auto d = out.publish(ev).get();
      REQUIRE(d.ok());
      CHECK(d.topic == "task-events");
    }
    events::kafka::consumer in(cfg, kt::fast({"task-events"}, "meta"));
    std::map<std::string, v2> handled;
    in.on<v2>([&](const v2& ev) { handled.emplace(ev.event_id.to_string(), ev); });
    kt::poll_until(in, [&] { return kt::settled(in.stats()) >= sent.size(); });
    in.close();
    CHECK(in.stats().handled == sent.size());
    for (const auto& [id, ev] : sent) {
      REQUIRE(handled.count(id) == 1);
      CHECK(handled.at(id).metadata == ev.metadata);
      CHECK(std::string(handled.at(id).payload.title) == std::string(ev.payload.title));
    }
    auto keys = kt::kcat(cluster, "-C -t task-events -o beginning -e -q -f '%k\\n'");
    for (const auto& [id, ev] : sent) CHECK(keys.find(ev.payload.task_id.to_string()) != std::string::npos);
  }
}
