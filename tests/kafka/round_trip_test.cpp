#include "kafka_fixture.hpp"

TEST_SUITE("kafka") {
  TEST_CASE("round trip: typed events through the embedded cluster / headers and keys as documented") {
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    std::vector<events::event<events::TaskCreatedPayload>> sent;
    for (int i = 0; i < 30; ++i) sent.push_back(kt::task_created(i));
    {
      events::kafka::producer out(cfg, {.source = "/tests"});
      auto results = out.publish_batch(sent);
      REQUIRE(results.size() == sent.size());
      for (std::size_t i = 0; i < results.size(); ++i) {
        CHECK(results[i].ok());
        CHECK(results[i].event_id == sent[i].event_id.to_string());
        CHECK(results[i].topic == "task-events");
        CHECK(results[i].offset >= 0);
      }
      CHECK(out.delivered() == sent.size());
      CHECK(out.failed() == 0);
    }
    std::map<std::string, events::event<events::TaskCreatedPayload>> got;
    std::map<std::string, int> calls;
    events::kafka::consumer in(cfg, kt::fast({"task-events"}, "round-trip"));
    in.on<events::event<events::TaskCreatedPayload>>([&](const auto& ev, const events::kafka::message& m) {
      ++calls[ev.event_id.to_string()];
      got.emplace(ev.event_id.to_string(), ev);
      CHECK(m.key() == ev.payload.task_id.to_string());
      CHECK(m.header("ce_id") == ev.event_id.to_string());
      CHECK(m.header("ce_type") == "task.created");
      CHECK(m.header("ce_specversion") == "1.0");
      CHECK(m.header("ce_source") == "/tests");
      CHECK(m.header("ce_time") == events::format_timestamp(ev.timestamp));
      CHECK(m.header("ce_correlationid") == ev.correlation_id->to_string());
      CHECK(m.header("content-type") == "application/json");
      CHECK_FALSE(m.header("ce_causationid"));
      CHECK(m.value() == ev.to_json());
    });
    kt::poll_until(in, [&] { return kt::settled(in.stats()) >= sent.size(); });
    in.close();
    auto s = in.stats();
    CHECK(s.consumed == sent.size());
    CHECK(s.handled == sent.size());
    CHECK(s.dead_lettered == 0);
    for (const auto& ev : sent) {
      CHECK(calls[ev.event_id.to_string()] == 1);
      REQUIRE(got.count(ev.event_id.to_string()) == 1);
      CHECK(got.at(ev.event_id.to_string()) == ev);
    }
  }
}
