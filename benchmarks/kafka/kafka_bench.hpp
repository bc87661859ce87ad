#pragma once
// Typed Kafka against raw librdkafka, same process, same embedded cluster, same messages (the
// 465-byte benchmark event, CloudEvents headers), in steady state:
//   kafka_produce_vs_raw: encode + validate + publish (typed) vs produce of pre-encoded bytes
//                         (raw); timed from the first publish to the last delivery report, after
//                         a warm-up message has set up the connection, metadata and producer id.
//   kafka_consume_vs_raw: identify + decode + validate + dedupe + dispatch + offset store (typed
//                         consumer) vs consume and touch the bytes (raw KafkaConsumer); timed
//                         from the first message received to the last, so connecting and the
//                         first fetch are not in it.
// 30,000 messages over 6 partitions (about 3.5 MiB a partition, under the mock's limit). Runs
// alternate raw and typed (which goes first alternates too); the summary takes the best of each,
// and the detail lines give msgs/s and the spread of the per-run ratios.
#include "../bench_common.hpp"
#include "../task_event.hpp"

#include <events/kafka/kafka.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace events_bench {

namespace kafka_detail {
namespace kafka = events::kafka;
using clock = std::chrono::steady_clock;
constexpr std::size_t messages = 30000;
constexpr int partitions = 6;
constexpr int runs = 5;

inline std::vector<bench::task_event> make_events() {
  std::vector<bench::task_event> out(messages, bench::sample());
  for (auto& ev : out) ev.event_id = events::uuid::v4();
  return out;
}

inline double seconds(clock::duration d) { return std::chrono::duration<double>(d).count(); }

// Messages per second, or 0 when something failed.
inline double produce_typed(const kafka::config& cfg, const std::string& topic, const std::vector<bench::task_event>& evs) {
  kafka::producer out(cfg);
  std::atomic<std::size_t> failed{0};
  kafka::publish_options o{.topic = topic, .key = std::string(), .mode = std::nullopt, .trace = std::nullopt};
  if (!out.publish(evs.front(), o).get().ok()) return 0;  // warm-up
  auto t0 = clock::now();
  for (const auto& ev : evs) out.publish(ev, [&](const kafka::delivery& d) { failed += !d.ok(); }, o);
  out.flush(std::chrono::seconds(60));
  double s = seconds(clock::now() - t0);
  return failed ? 0 : static_cast<double>(evs.size()) / s;
}

struct raw_report : RdKafka::DeliveryReportCb {
  std::atomic<std::size_t> failed{0};
  void dr_cb(RdKafka::Message& m) override { failed += m.err() != RdKafka::ERR_NO_ERROR; }
};

inline double produce_raw(const kafka::config& cfg, const std::string& topic, const std::vector<kafka::record>& recs) {
  auto props = cfg.for_client(kafka::client_kind::producer);
  props["enable.idempotence"] = "true";
  props["acks"] = "all";
  auto conf = kafka::detail::make_conf(props);
  raw_report report;
  std::string err;
  conf->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(&report), err);
  std::unique_ptr<RdKafka::Producer> p{RdKafka::Producer::create(conf.get(), err)};
  p->produce(topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY, const_cast<char*>(recs[0].value.data()),
             recs[0].value.size(), nullptr, 0, 0, nullptr, nullptr);  // warm-up, as for the typed run
  p->flush(60000);
  auto t0 = clock::now();
  for (const auto& r : recs) {
    RdKafka::Headers* h = RdKafka::Headers::create();
    for (const auto& [name, value] : r.headers) h->add(name, value.data(), value.size());
    while (p->produce(topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
                      const_cast<char*>(r.value.data()), r.value.size(), nullptr, 0, 0, h,
                      nullptr) == RdKafka::ERR__QUEUE_FULL)
      p->poll(10);
    p->poll(0);
  }
  p->flush(60000);
  double s = seconds(clock::now() - t0);
  return report.failed ? 0 : static_cast<double>(recs.size()) / s;
}

inline std::vector<RdKafka::TopicPartition*> from_beginning(const std::string& topic) {
  std::vector<RdKafka::TopicPartition*> parts;
  for (int i = 0; i < partitions; ++i)
    parts.push_back(RdKafka::TopicPartition::create(topic, i, RdKafka::Topic::OFFSET_BEGINNING));
  return parts;
}

// Reads `total` messages; msgs/s between the first and the last.
inline double consume_typed(const kafka::config& cfg, const std::string& topic, std::size_t total, int run) {
  kafka::consumer_options o;
  o.group_id = "bench-typed-" + std::to_string(run);
  o.dedupe_window = 0;  // the copies of one event id are distinct messages here
  kafka::consumer in(cfg, o);
  std::size_t handled = 0, bytes = 0;
  clock::time_point first, last;
  in.on<bench::task_event>([&](const bench::task_event& ev) {
    if (handled++ == 0) first = clock::now();
    last = clock::now();
    bytes += ev.payload.title.size();
  });
  auto parts = from_beginning(topic);
  in.native().assign(parts);
  RdKafka::TopicPartition::destroy(parts);
  auto deadline = clock::now() + std::chrono::seconds(120);
  while (handled < total && in.stats().dead_lettered == 0 && clock::now() < deadline)
    in.poll(std::chrono::milliseconds(100));
  benchmark::DoNotOptimize(bytes);
  return handled == total ? static_cast<double>(total - 1) / seconds(last - first) : 0;
}

inline double consume_raw(const kafka::config& cfg, const std::string& topic, std::size_t total, int run) {
  auto props = cfg.for_client(kafka::client_kind::consumer);
  props["group.id"] = "bench-raw-" + std::to_string(run);
  auto conf = kafka::detail::make_conf(props);
  std::string err;
  std::unique_ptr<RdKafka::KafkaConsumer> c{RdKafka::KafkaConsumer::create(conf.get(), err)};
  auto parts = from_beginning(topic);
  c->assign(parts);
  RdKafka::TopicPartition::destroy(parts);
  std::size_t got = 0, bytes = 0;
  clock::time_point first, last;
  auto deadline = clock::now() + std::chrono::seconds(120);
  while (got < total && clock::now() < deadline) {
    std::unique_ptr<RdKafka::Message> m{c->consume(100)};
    if (m->err() != RdKafka::ERR_NO_ERROR) continue;
    if (got++ == 0) first = clock::now();
    last = clock::now();
    bytes += m->len();
  }
  benchmark::DoNotOptimize(bytes);
  c->close();
  return got == total ? static_cast<double>(total - 1) / seconds(last - first) : 0;
}

struct series {
  std::vector<double> typed, raw;  // msgs/s per run
  double best_typed() const { return *std::max_element(typed.begin(), typed.end()); }
  double best_raw() const { return *std::max_element(raw.begin(), raw.end()); }
  void print(const char* name) const {
    double lo = 1e9, hi = 0;
    for (std::size_t i = 0; i < typed.size(); ++i) {
      double r = raw[i] > 0 ? typed[i] / raw[i] : 0;
      lo = std::min(lo, r);
      hi = std::max(hi, r);
    }
    std::printf("%s: best typed %.0f msgs/s, best raw %.0f msgs/s, ratio of bests %.2f; per-run ratios %.2f..%.2f over %zu "
                "interleaved runs of %zu messages\n",
                name, best_typed(), best_raw(), best_typed() / best_raw(), lo, hi, typed.size(), messages);
    std::printf("%s runs (typed/raw msgs/s):", name);
    for (std::size_t i = 0; i < typed.size(); ++i) std::printf(" %.0f/%.0f", typed[i], raw[i]);
    std::printf("\n");
  }
  comparison summary(const char* name) const { return {name, 1e9 / best_typed(), 1e9 / best_raw()}; }
};
}  // namespace kafka_detail

/// kafka_produce_vs_raw and kafka_consume_vs_raw, measured now on an embedded cluster.
inline std::vector<comparison> kafka_comparisons() {
  using namespace kafka_detail;
  kafka::embedded_cluster cluster({.brokers = 1, .topics = {}, .dead_letter_topics = false, .dlq_suffix = "-dlq"});
  kafka::config cfg{{"bootstrap.servers", cluster.bootstrap()}, {"log_level", "3"}, {"linger.ms", "5"}};
  auto evs = make_events();
  std::vector<kafka::record> recs;
  {
    kafka::producer encoder(cfg);
    for (const auto& ev : evs)
      recs.push_back(encoder.to_record(ev, {.topic = "x", .key = std::string(), .mode = std::nullopt, .trace = std::nullopt}));
  }
  series produce, consume;
  std::string last_typed;
  for (int run = 0; run < runs; ++run) {
    std::string a = "bench-raw-" + std::to_string(run), b = "bench-typed-" + std::to_string(run);
    cluster.create_topic({a, partitions, 1});
    cluster.create_topic({b, partitions, 1});
    if (run % 2 == 0) {
      produce.raw.push_back(produce_raw(cfg, a, recs));
      produce.typed.push_back(produce_typed(cfg, b, evs));
    } else {
      produce.typed.push_back(produce_typed(cfg, b, evs));
      produce.raw.push_back(produce_raw(cfg, a, recs));
    }
    last_typed = b;
  }
  // The consume runs read what the last typed produce run wrote (its warm-up message included).
  for (int run = 0; run < runs; ++run) {
    if (run % 2 == 0) {
      consume.raw.push_back(consume_raw(cfg, last_typed, messages + 1, run));
      consume.typed.push_back(consume_typed(cfg, last_typed, messages + 1, run));
    } else {
      consume.typed.push_back(consume_typed(cfg, last_typed, messages + 1, run));
      consume.raw.push_back(consume_raw(cfg, last_typed, messages + 1, run));
    }
  }
  produce.print("kafka_produce_vs_raw");
  consume.print("kafka_consume_vs_raw");
  return {produce.summary("kafka_produce_vs_raw"), consume.summary("kafka_consume_vs_raw")};
}

}  // namespace events_bench
