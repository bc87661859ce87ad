// Retries, dead letters, dedupe and structured mode (the rebalance: rebalance_test.cpp).
#include "kafka_fixture.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

using events::kafka::message;
using task_created = events::event<events::TaskCreatedPayload>;
using task_deleted = events::event<events::TaskDeletedPayload>;

TEST_SUITE("kafka") {
  TEST_CASE("consumer: retries with backoff / dead letters with reasons / dedupe / structured mode") {
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    events::kafka::producer out(cfg, {.source = "/tests"});

    // 0: succeeds at once; 1: fails twice then succeeds; 2: always fails; 3: permanent failure;
    // 4: sent twice (same event_id); 5: structured mode; then a message that fails validation.
    std::vector<task_created> sent;
    for (int i = 0; i < 6; ++i) sent.push_back(kt::task_created(i));
    for (int i = 0; i < 6; ++i) {
      events::kafka::publish_options o;
      if (i == 5) o.mode = events::kafka::content_mode::structured;
      REQUIRE(out.publish(sent[i], o).get().ok());
    }
    REQUIRE(out.publish(sent[4]).get().ok());  // a duplicate
    auto invalid = sent[0].to_json();
    auto at = invalid.find("\"title\":\"task 0\"");
    REQUIRE(at != std::string::npos);
    invalid.replace(at, 16, "\"title\":\"\"");
    REQUIRE(out.send({.topic = "task-events", .key = "k", .value = invalid, .headers = {}, .event_id = {}}).get().ok());
    // A type nobody handles here: skipped, committed.
    auto other = events::make_event(events::TaskDeletedPayload{.task_id = events::uuid::v4(), .user_id = events::uuid::v4(),
                                                               .deleted_at = events::now(), .reason = std::nullopt});
    REQUIRE(out.publish(other).get().ok());
    const std::size_t total = 9;

    std::map<std::string, int> attempts;
    kt::ledger handled;
    std::vector<events::kafka::dead_letter> dead;
    events::kafka::consumer in(cfg, kt::fast({"task-events"}, "retries"));
    in.on_dead_letter([&](const events::kafka::dead_letter& d) { dead.push_back(d); });
    in.on<task_created>([&](const task_created& ev, const message& m) {
      std::string id = ev.event_id.to_string();
      int n = ++attempts[id];
      if (id == sent[1].event_id.to_string() && n <= 2) throw std::runtime_error("flaky");
      if (id == sent[2].event_id.to_string()) throw std::runtime_error("always fails");
      if (id == sent[3].event_id.to_string()) throw events::kafka::permanent_error("cannot ever work", "bad_task");
      if (id == sent[5].event_id.to_string()) {
        CHECK(m.header("content-type") == "application/cloudevents+json; charset=UTF-8");
        CHECK(ev == sent[5]);
      }
      handled.add(ev.event_id);
    });
    kt::poll_until(in, [&] { return kt::settled(in.stats()) >= total; });
    in.close();

    auto s = in.stats();
    CHECK(s.consumed == total);
    CHECK(s.handled == 4);  // 0, 1, 4, 5
    CHECK(s.dead_lettered == 3);  // 2, 3, invalid
    CHECK(s.duplicates == 1);
    CHECK(s.skipped == 1);
    CHECK(s.retries == 2 + 3);
    CHECK(s.handled + s.dead_lettered + s.duplicates + s.skipped == s.consumed);
    CHECK(handled.duplicates() == 0);
    CHECK(attempts[sent[1].event_id.to_string()] == 3);
    CHECK(attempts[sent[2].event_id.to_string()] == 4);
    CHECK(attempts[sent[3].event_id.to_string()] == 1);
    CHECK(attempts[sent[4].event_id.to_string()] == 1);
    REQUIRE(dead.size() == 3);
    std::map<std::string, events::kafka::dead_letter> by_code;
    for (auto& d : dead) by_code[d.code] = d;
    CHECK(by_code.at("handler_failed").attempts == 4);
    CHECK(by_code.at("handler_failed").message == "always fails");
    CHECK(by_code.at("bad_task").attempts == 1);
    CHECK(by_code.at("string_too_short").attempts == 0);
    CHECK(by_code.at("string_too_short").message.find("/payload/title") != std::string::npos);
    for (auto& d : dead) CHECK(d.topic == "task-events-dlq");

    // The dead-letter topic holds the original bytes, key and headers plus the reason.
    events::kafka::consumer dlq(cfg, kt::fast({"task-events-dlq"}, "dlq-reader"));
    std::vector<std::map<std::string, std::string>> seen;
    dlq.on<task_created>([&](const task_created& ev, const message& m) {
      std::map<std::string, std::string> h;
      for (auto& [k, v] : m.headers()) h[k] = v;
      CHECK(m.key() == ev.payload.task_id.to_string());
      CHECK(m.value() == ev.to_json());
      seen.push_back(h);
    });
    kt::poll_until(dlq, [&] { return kt::settled(dlq.stats()) >= 3; });
    dlq.close();
    CHECK(dlq.stats().consumed == 3);
    CHECK(dlq.stats().handled == 2);       // the two that decode
    CHECK(dlq.stats().dead_lettered == 1);  // the invalid one fails again: task-events-dlq-dlq
    REQUIRE(seen.size() == 2);
    for (auto& h : seen) {
      CHECK(h["ce_type"] == "task.created");
      CHECK(h["dlq_original_topic"] == "task-events");
      CHECK(h["dlq_consumer_group"] == "retries");
      CHECK(!h["dlq_original_offset"].empty());
      CHECK(!h["dlq_failed_at"].empty());
      CHECK((h["dlq_error_code"] == "handler_failed" || h["dlq_error_code"] == "bad_task"));
    }
  }

  TEST_CASE("dedupe_window: remembers the last `capacity` distinct ids, the oldest forgotten first") {
    events::kafka::dedupe_window w(100);
    auto id = [](int i) { return "id-" + std::to_string(i); };
    CHECK(w.insert(id(0)));
    CHECK_FALSE(w.insert(id(0)));  // a duplicate
    CHECK(w.insert(""));           // never remembered
    CHECK_FALSE(w.contains(""));
    // Many times round the ring: the table's probe runs are rebuilt on every eviction.
    for (int i = 1; i < 5000; ++i) {
      REQUIRE(w.insert(id(i)));
      REQUIRE(w.size() == std::min<std::size_t>(static_cast<std::size_t>(i) + 1, 100));
      REQUIRE(w.contains(id(i)));
      REQUIRE(w.contains(id(std::max(0, i - 99))));  // the oldest still held
      REQUIRE_FALSE(w.contains(id(i - 100)));         // the one before it forgotten
    }
    for (int i = 4900; i < 5000; ++i) CHECK_FALSE(w.insert(id(i)));
    CHECK(w.insert(id(4899)));  // forgotten, so new again
    // UUID keys (events::detail::id_key: 17 bytes, kept in the slot) and ids longer than a slot
    // holds, evicted and found alike.
    events::kafka::dedupe_window mixed(50);
    std::vector<std::string> ids;
    for (int i = 0; i < 400; ++i) {
      std::string key;
      if (i % 2) {
        std::string scratch;
        key = std::string(events::detail::id_key(events::uuid::v4(), scratch));
      } else {
        key = "a-long-event-id-of-more-than-twenty-four-bytes-" + std::to_string(i);
      }
      REQUIRE(mixed.insert(key));
      REQUIRE_FALSE(mixed.insert(key));
      ids.push_back(key);
      if (i >= 50) REQUIRE_FALSE(mixed.contains(ids[static_cast<std::size_t>(i) - 50]));
      for (int j = std::max(0, i - 49); j <= i; ++j) REQUIRE(mixed.contains(ids[static_cast<std::size_t>(j)]));
    }
    events::kafka::dedupe_window off(0);
    CHECK(off.insert(id(1)));
    CHECK(off.insert(id(1)));
    CHECK_FALSE(off.contains(id(1)));
  }
}
