// Dead-letter redrive on the embedded cluster: dead letters of the three conventions read back;
// a poison batch dead-lettered by a buggy consumer, replayed after the fix (dry run first, then a
// replay interrupted and resumed), handled once each by the fixed consumer on the original
// partition with the original key; the loop guard quarantining a message that keeps failing; and
// `events dlq` run as a process doing the same.
#include "kafka_fixture.hpp"

#include <events/kafka/redrive.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

using task_created = events::event<events::TaskCreatedPayload>;
namespace k = events::kafka;

std::string be(std::uint64_t v, int bytes) {
  std::string out;
  for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xff);
  return out;
}

task_created poison(int i) {
  auto ev = kt::task_created(i);
  ev.payload.title = "poison " + std::to_string(i);
  return ev;
}

// What a consumer saw of one event: handler calls, and where the last one came from.
struct sighting {
  int calls = 0;
  std::int32_t partition = -1;
  std::string key;
  std::string replay_count;
  bool had_dlq_headers = false;
};

struct redrive_fixture {
  k::embedded_cluster cluster{k::embedded_options{.brokers = 1, .topics = {{"task-events", 3, 1}}}};
  k::config cfg = kt::client_config(cluster);
  std::map<std::string, sighting> seen;
  std::set<std::string> poison_ids;

  // A consumer in group "svc"; with the bug, "poison" titles fail for good (code rule_missing).
  std::unique_ptr<k::consumer> service(bool bug, std::size_t dedupe_window = 10000) {
    auto o = kt::fast({"task-events"}, "svc");
    o.dedupe_window = dedupe_window;
    auto in = std::make_unique<k::consumer>(cfg, o);
    in->on<task_created>([this, bug](const task_created& ev, const k::message& m) {
      auto& s = seen[ev.event_id.to_string()];
      ++s.calls;
      s.partition = m.partition();
      s.key = std::string(m.key());
      s.replay_count = std::string(m.header(k::redrive_header::replay_count).value_or(""));
      s.had_dlq_headers = m.header(k::dlq_header::error_code).has_value();
      if (bug && ev.payload.title.starts_with("poison")) throw k::permanent_error("no tax rule", "rule_missing");
    });
    return in;
  }
};

}  // namespace

TEST_SUITE("redrive") {
  TEST_CASE("dead letters of events, Spring Kafka and Kafka Connect read alike") {
    SUBCASE("ours") {
      auto e = k::read_dead_letter({{"ce_type", "task.created"}, {"dlq_error_code", "handler_failed"},
                                    {"dlq_original_topic", "task-events"}, {"dlq_original_partition", "2"},
                                    {"dlq_original_offset", "41"}, {"dlq_failed_at", "2026-01-15T10:30:00Z"},
                                    {"dlq_replay_count", "2"}},
                                   "k", "{}", 5);
      CHECK(e.convention == k::dead_letter_convention::events);
      CHECK(e.original_topic == "task-events");
      CHECK(e.original_partition == 2);
      CHECK(e.original_offset == 41);
      CHECK(e.code == "handler_failed");
      CHECK(e.event_type == "task.created");
      CHECK(e.replay_count == 2);
      REQUIRE(e.failed_at);
      CHECK(events::format_timestamp(*e.failed_at) == "2026-01-15T10:30:00Z");
      CHECK(e.problems.empty());
    }
    SUBCASE("Spring: partition and offset as big-endian binary") {
      auto e = k::read_dead_letter({{"kafka_dlt-original-topic", "orders"}, {"kafka_dlt-original-partition", be(7, 4)},
                                    {"kafka_dlt-original-offset", be(300000000000ULL, 8)},
                                    {"kafka_dlt-exception-fqcn", "org.example.TaxException"},
                                    {"kafka_dlt-exception-message", "no rule"}},
                                   "", R"({"event_type":"order.placed","event_version":"1.0"})", 1768473000000);
      CHECK(e.convention == k::dead_letter_convention::spring);
      CHECK(e.original_topic == "orders");
      CHECK(e.original_partition == 7);
      CHECK(e.original_offset == 300000000000LL);
      CHECK(e.code == "org.example.TaxException");
      CHECK(e.reason == "no rule");
      CHECK(e.event_type == "order.placed");  // from the JSON, no ce_type
      REQUIRE(e.failed_at);                    // the record's own timestamp
      CHECK(events::format_timestamp(*e.failed_at) == "2026-01-15T10:30:00Z");
    }
    SUBCASE("Kafka Connect: text headers") {
      auto e = k::read_dead_letter({{"__connect.errors.topic", "task-events"}, {"__connect.errors.partition", "1"},
                                    {"__connect.errors.offset", "9"},
                                    {"__connect.errors.exception.class.name", "org.apache.kafka.connect.errors.DataException"}},
                                   "", "not json");
      CHECK(e.convention == k::dead_letter_convention::connect);
      CHECK(e.original_partition == 1);
      CHECK(e.original_offset == 9);
      CHECK(e.code == "org.apache.kafka.connect.errors.DataException");
      CHECK(e.event_type.empty());
      CHECK_FALSE(e.failed_at);
    }
    SUBCASE("unreadable headers are reported, not guessed") {
      auto e = k::read_dead_letter({{"kafka_dlt-original-topic", "orders"}, {"kafka_dlt-original-partition", "\x01\x02\x03"}},
                                   "", "");
      CHECK(e.original_partition == -1);
      REQUIRE(e.problems.size() == 1);
      CHECK(e.problems[0].path == "/headers/kafka_dlt-original-partition");
      CHECK(e.problems[0].code == "binary_length");
      auto ours = k::read_dead_letter({{"dlq_original_topic", "t"}, {"dlq_original_offset", "x9"},
                                       {"dlq_failed_at", "yesterday"}}, "", "");
      REQUIRE(ours.problems.size() == 2);
      CHECK(ours.problems[0].code == "int_parsing");
      CHECK(ours.problems[1].code == "datetime_parsing");
    }
    SUBCASE("filters") {
      auto e = k::read_dead_letter({{"dlq_original_topic", "t"}, {"dlq_original_partition", "1"},
                                    {"dlq_original_offset", "10"}, {"dlq_error_code", "c"},
                                    {"dlq_failed_at", "2026-01-15T10:30:00Z"}}, "", "");
      events::timestamp t;
      REQUIRE(events::parse_timestamp("2026-01-15T10:00:00Z", t) == events::timestamp_errc::ok);
      CHECK(k::redrive_filter{.codes = {"c"}, .since = t}.matches(e));
      CHECK_FALSE(k::redrive_filter{.until = t}.matches(e));
      CHECK_FALSE(k::redrive_filter{.codes = {"d"}}.matches(e));
      CHECK(k::redrive_filter{.partition = 1, .from_offset = 10, .to_offset = 10}.matches(e));
      CHECK_FALSE(k::redrive_filter{.from_offset = 11}.matches(e));
      auto bad = k::redrive_filter{.since = t, .until = t, .from_offset = 5, .to_offset = 4}.validate();
      REQUIRE(bad.size() == 2);
      CHECK(bad[0].path == "/until");
      CHECK(bad[1].code == "dlq_empty_range");
    }
  }

  TEST_CASE("a fixed poison batch replayed: dry run, interrupted, resumed, handled once each") {
    redrive_fixture f;
    std::set<std::string> good_ids;
    {
      k::producer out(f.cfg);
      for (int i = 0; i < 12; ++i) {
        auto d = (i % 3 == 0 ? out.publish(poison(i)) : out.publish(kt::task_created(i))).get();
        REQUIRE(d.ok());
        (i % 3 == 0 ? f.poison_ids : good_ids).insert(d.event_id);
      }
      // Two messages no fix will save (json_invalid), and one dead letter each from Spring Kafka
      // and Kafka Connect, written straight to the dead-letter topic.
      for (int i = 0; i < 2; ++i) REQUIRE(out.send({.topic = "task-events", .key = "x", .value = "{not json"}).get().ok());
      auto spring = poison(100);
      auto connect = poison(101);
      f.poison_ids.insert(spring.event_id.to_string());
      f.poison_ids.insert(connect.event_id.to_string());
      REQUIRE(out.send({.topic = "task-events-dlq", .key = "spring-key", .value = events::to_json(spring),
                        .headers = {{"kafka_dlt-original-topic", "task-events"}, {"kafka_dlt-original-partition", be(2, 4)},
                                    {"kafka_dlt-original-offset", be(999, 8)},
                                    {"kafka_dlt-exception-fqcn", "org.example.TaxException"}}}).get().ok());
      REQUIRE(out.send({.topic = "task-events-dlq", .key = "connect-key", .value = events::to_json(connect),
                        .headers = {{"__connect.errors.topic", "task-events"}, {"__connect.errors.partition", "1"},
                                    {"__connect.errors.offset", "998"},
                                    {"__connect.errors.exception.class.name", "org.example.TaxException"}}}).get().ok());
    }
    std::map<std::string, sighting> first;  // where each poison event was first seen
    {
      auto buggy = f.service(true);
      kt::poll_until(*buggy, [&] { return kt::settled(buggy->stats()) >= 14; });
      REQUIRE(buggy->stats().dead_lettered == 6);  // 4 poison + 2 json_invalid
      first = f.seen;
    }

    k::redrive_options o{.dlq_topic = "task-events-dlq", .filter = {.codes = {"rule_missing", "org.example.TaxException"}}};
    auto all = k::redrive(f.cfg, o).scan();
    CHECK(all.histogram.total == 8);
    CHECK(all.histogram.by_code == std::map<std::string, std::uint64_t>{
                                       {"json_invalid", 2}, {"org.example.TaxException", 2}, {"rule_missing", 4}});
    CHECK(all.histogram.by_convention == std::map<std::string, std::uint64_t>{{"connect", 1}, {"events", 6}, {"spring", 1}});
    CHECK(all.histogram.by_topic == std::map<std::string, std::uint64_t>{{"task-events", 8}});

    auto plan = k::redrive(f.cfg, o).replay(true);
    CHECK(plan.dry_run);
    CHECK(plan.scanned == 8);
    CHECK(plan.replayed == 6);
    CHECK(plan.histogram.by_type == std::map<std::string, std::uint64_t>{{"task.created", 6}});
    CHECK(k::redrive(f.cfg, o).replay(true).histogram == plan.histogram);  // a dry run moves nothing

    // Interrupted after 4, resumed: 2 more, then nothing left.
    auto part = o;
    part.limit = 4;
    auto first_run = k::redrive(f.cfg, part).replay();
    CHECK(first_run.replayed == 4);
    CHECK_FALSE(first_run.complete);
    auto second_run = k::redrive(f.cfg, o).replay();
    CHECK(second_run.replayed == 2);
    CHECK(second_run.complete);
    CHECK(second_run.errors.empty());
    CHECK(k::redrive(f.cfg, o).replay().replayed == 0);
    // What went is what the dry run said would go.
    auto went = first_run.histogram;
    for (const auto& [code, n] : second_run.histogram.by_code) went.by_code[code] += n;
    CHECK(went.by_code == plan.histogram.by_code);

    // The fixed service (a new deployment: its dedupe window is new) handles each once.
    f.seen.clear();
    auto fixed = f.service(false);
    kt::poll_until(*fixed, [&] { return fixed->stats().handled >= 6; });
    CHECK(fixed->stats().handled == 6);
    CHECK(fixed->stats().dead_lettered == 0);
    CHECK(f.seen.size() == 6);
    for (const auto& id : f.poison_ids) {
      CAPTURE(id);
      REQUIRE(f.seen.count(id) == 1);
      const auto& s = f.seen[id];
      CHECK(s.calls == 1);
      CHECK(s.replay_count == "1");
      CHECK_FALSE(s.had_dlq_headers);
      if (first.count(id)) {  // ours: original partition and key
        CHECK(s.partition == first[id].partition);
        CHECK(s.key == first[id].key);
      }
    }
    // The log says the same: six replayed copies, each from a different dead letter.
    auto from = kt::lines(kt::kcat(f.cluster, "-C -t task-events -e -q -f '%h\\n'"));
    std::set<std::string> sources;
    int replayed = 0;
    for (const auto& h : from) {
      auto at = h.find("dlq_replayed_from=");
      if (at == std::string::npos) continue;
      ++replayed;
      sources.insert(h.substr(at, h.find(',', at) - at));
    }
    CHECK(replayed == 6);
    CHECK(sources.size() == 6);
  }

  TEST_CASE("the loop guard: a message that keeps failing is quarantined after max_replays") {
    redrive_fixture f;
    {
      k::producer out(f.cfg);
      REQUIRE(out.publish(poison(1)).get().ok());
    }
    auto buggy = f.service(true, 0);  // no dedupe: each replay reaches the handler
    k::redrive_options o{.dlq_topic = "task-events-dlq", .max_replays = 2};
    kt::poll_until(*buggy, [&] { return buggy->stats().dead_lettered >= 1; });
    for (int round = 1; round <= 2; ++round) {
      auto r = k::redrive(f.cfg, o).replay();
      CHECK(r.replayed == 1);
      CHECK(r.quarantined == 0);
      kt::poll_until(*buggy, [&] { return buggy->stats().dead_lettered >= static_cast<std::uint64_t>(round + 1); });
    }
    auto last = k::redrive(f.cfg, o).replay();
    CHECK(last.replayed == 0);
    CHECK(last.quarantined == 1);
    CHECK(buggy->stats().dead_lettered == 3);
    CHECK(f.seen.begin()->second.calls == 3);
    auto q = kt::lines(kt::kcat(f.cluster, "-C -t task-events-dlq-quarantine -e -q -f '%h\\n'"));
    REQUIRE(q.size() == 1);
    CHECK(q[0].find("dlq_replay_count=2") != std::string::npos);
    CHECK(q[0].find("dlq_error_code=rule_missing") != std::string::npos);
  }

#ifdef EVENTS_TOOL
  TEST_CASE("events dlq: list, show, a dry run and the replay it announced, bad options refused") {
    redrive_fixture f;
    {
      k::producer out(f.cfg);
      for (int i = 0; i < 5; ++i) REQUIRE(out.publish(poison(i)).get().ok());
    }
    {
      auto buggy = f.service(true);
      kt::poll_until(*buggy, [&] { return buggy->stats().dead_lettered >= 5; });
    }
    const std::string tool = std::string(EVENTS_TOOL) + " dlq ";
    const std::string conn = " --topic task-events-dlq -b " + f.cluster.bootstrap() + " -X log_level=0";
    auto list = nlohmann::json::parse(kt::run(tool + "list" + conn));
    CHECK(list["dead_letters"]["total"] == 5);
    CHECK(list["dead_letters"]["by_code"]["rule_missing"] == 5);
    auto show = nlohmann::json::parse(kt::run(tool + "show --offset 3" + conn));
    CHECK(show["dlq_offset"] == 3);
    CHECK(show["code"] == "rule_missing");
    CHECK(show["event_type"] == "task.created");
    bool has_group = false;
    for (const auto& h : show["headers"]) has_group = has_group || (h["name"] == "dlq_consumer_group" && h["value"] == "svc");
    CHECK(has_group);
    auto dry = nlohmann::json::parse(kt::run(tool + "replay --dry-run --code rule_missing" + conn));
    auto done = nlohmann::json::parse(kt::run(tool + "replay --code rule_missing" + conn));
    CHECK(dry["replayed"] == 5);
    CHECK(done["replayed"] == 5);
    CHECK(done["replay"] == dry["replay"]);
    auto again = nlohmann::json::parse(kt::run(tool + "replay --code rule_missing" + conn));
    CHECK(again["replayed"] == 0);
    f.seen.clear();
    auto fixed = f.service(false);
    kt::poll_until(*fixed, [&] { return fixed->stats().handled >= 5; });
    CHECK(fixed->stats().handled == 5);
    for (const auto& [id, s] : f.seen) CHECK(s.calls == 1);
    // Bad options: every problem at once, as JSON, exit status 2.
    std::string err = kt::run("(" + tool + "replay --since yesterday --offsets 9 --batch -1" + conn +
                              " 2>&1 >/dev/null; echo \" rc=$?\")");
    CHECK(err.find("\"datetime_parsing\"") != std::string::npos);
    CHECK(err.find("\"dlq_offset_range\"") != std::string::npos);
    CHECK(err.find("\"path\":\"/--batch\"") != std::string::npos);
    CHECK(err.find("rc=2") != std::string::npos);
  }
#endif
}
