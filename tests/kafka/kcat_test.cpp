// kcat as an independent Kafka client: it reads what our producer wrote (headers included) and
// writes messages (good and poison) our consumer must settle.
#include "kafka_fixture.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using task_created = events::event<events::TaskCreatedPayload>;

TEST_SUITE("kafka") {
  TEST_CASE("kcat reads what the producer wrote: key / JSON value / CloudEvents headers") {
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    std::vector<task_created> sent;
    for (int i = 0; i < 5; ++i) sent.push_back(kt::task_created(i));
    {
      events::kafka::producer out(cfg, {.source = "/kcat-test"});
      for (auto& d : out.publish_batch(sent)) REQUIRE(d.ok());
    }
    // One line per message: key, headers, value, separated by tabs.
    auto text = kt::kcat(cluster, "-C -t task-events -o beginning -e -q -f '%k\\t%h\\t%s\\n'");
    auto got = kt::lines(text);
    REQUIRE(got.size() == sent.size());
    std::map<std::string, std::string> by_key;
    for (auto& l : got) by_key[l.substr(0, l.find('\t'))] = l;
    for (auto& ev : sent) {
      REQUIRE(by_key.count(ev.payload.task_id.to_string()) == 1);
      const std::string& l = by_key[ev.payload.task_id.to_string()];
      auto t1 = l.find('\t'), t2 = l.find('\t', t1 + 1);
      std::string headers = l.substr(t1 + 1, t2 - t1 - 1), value = l.substr(t2 + 1);
      CHECK(value == ev.to_json());
      CHECK(headers == "ce_specversion=1.0,ce_id=" + ev.event_id.to_string() +
                           ",ce_source=/kcat-test,ce_type=task.created,ce_time=" + events::format_timestamp(ev.timestamp) +
                           ",ce_correlationid=" + ev.correlation_id->to_string() + ",content-type=application/json");
    }
  }

  TEST_CASE("kcat writes good and poison messages - the consumer handles or dead-letters each") {
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    std::vector<task_created> good;
    for (int i = 0; i < 10; ++i) good.push_back(kt::task_created(i));
    std::string dir = (std::filesystem::temp_directory_path() / ("events-kcat-" + std::to_string(::getpid()))).string();
    std::string plain = dir + "-plain.txt", with_headers = dir + "-headers.txt", poison = dir + "-poison.txt";
    {
      std::ofstream a(plain), b(with_headers), c(poison);
      // Python producers often send no headers: the consumer reads event_type from the JSON.
      for (int i = 0; i < 5; ++i) a << good[i].payload.task_id << '|' << good[i].to_json() << '\n';
      for (int i = 5; i < 10; ++i) b << good[i].payload.task_id << '|' << good[i].to_json() << '\n';
      c << "k1|{not json\n";                                                            // json_invalid
      c << "k2|{\"event_type\":\"task.created\",\"payload\":{}}\n";                     // missing fields
      c << "k3|[1,2,3]\n";                                                              // not an object
    }
    kt::kcat(cluster, "-P -t task-events -K '|' -l " + plain);
    kt::kcat(cluster, "-P -t task-events -K '|' -H ce_type=task.created -H ce_specversion=1.0 -l " + with_headers);
    kt::kcat(cluster, "-P -t task-events -K '|' -l " + poison);
    std::remove(plain.c_str());
    std::remove(with_headers.c_str());
    std::remove(poison.c_str());

    kt::ledger handled;
    std::vector<events::kafka::dead_letter> dead;
    events::kafka::consumer in(cfg, kt::fast({"task-events"}, "kcat-writes"));
    in.on<task_created>([&](const task_created& ev) { handled.add(ev.event_id); });
    in.on_dead_letter([&](const events::kafka::dead_letter& d) { dead.push_back(d); });
    kt::poll_until(in, [&] { return kt::settled(in.stats()) >= 13; });
    in.close();
    auto s = in.stats();
    std::set<std::string> sent;
    for (auto& ev : good) sent.insert(ev.event_id.to_string());
    CHECK(s.consumed == 13);
    CHECK(s.handled == 10);
    CHECK(s.dead_lettered == 3);
    CHECK(s.handled + s.dead_lettered == s.consumed);
    CHECK(handled.lost(sent) == 0);
    CHECK(handled.duplicates() == 0);
    std::set<std::string> codes;
    for (auto& d : dead) codes.insert(d.code);
    for (auto& c : codes) MESSAGE("dead-letter code " << c);
    CHECK(codes == std::set<std::string>{"json_invalid", "missing", "model_type"});

    // kcat reads the dead letters back: original key and bytes, reason in the headers.
    // dlq_error_message may hold several lines: records end with a marker line instead.
    auto text = kt::kcat(cluster, "-C -t task-events-dlq -o beginning -e -q -f '%k\\t%h\\t%s\\n<end>\\n'");
    std::vector<std::string> dlq;
    for (std::size_t at = 0, end; (end = text.find("\n<end>\n", at)) != std::string::npos; at = end + 7)
      dlq.push_back(text.substr(at, end - at));
    REQUIRE(dlq.size() == 3);
    std::map<std::string, std::string> by_key;
    for (auto& l : dlq) by_key[l.substr(0, l.find('\t'))] = l;
    CHECK(by_key["k1"].find("dlq_error_code=json_invalid") != std::string::npos);
    CHECK(by_key["k1"].substr(by_key["k1"].rfind('\t') + 1) == "{not json");
    CHECK(by_key["k2"].find("dlq_error_code=missing") != std::string::npos);
    CHECK(by_key["k2"].find("dlq_original_topic=task-events") != std::string::npos);
    CHECK(by_key["k3"].find("dlq_attempts=0") != std::string::npos);
  }
}
