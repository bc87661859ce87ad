#pragma once
// Typed Kafka against raw librdkafka, same process, same embedded cluster, same messages (the
// 465-byte benchmark event, CloudEvents headers):
//   kafka_produce_vs_raw: encode + publish (typed) vs produce of pre-encoded bytes (raw);
//   kafka_consume_vs_raw: decode + validate + dispatch (typed consumer) vs consume and touch the
//                         bytes (raw KafkaConsumer).
// Wall time per message over whole runs (the client and broker threads work in parallel with
// ours, so CPU time of one thread would not be the cost); best of three alternating runs each.
#include "../bench_common.hpp"
#include "../task_event.hpp"

#include <events/kafka/kafka.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace events_bench {

namespace kafka_detail {
namespace kafka = events::kafka;
using clock = std::chrono::steady_clock;
constexpr std::size_t messages = 6000;  // + 1 warm-up message per produce run  // 2 partitions x ~2 MiB: under the mock's ~5 MiB per partition

inline std::vector<bench::task_event> make_events() {
  std::vector<bench::task_event> out(messages, bench::sample());
  for (auto& ev : out) ev.event_id = events::uuid::v4();
  return out;
}

inline double produce_typed(const kafka::config& cfg, const std::string& topic, const std::vector<bench::task_event>& evs) {
  kafka::producer out(cfg);
  std::atomic<std::size_t> failed{0};
  kafka::publish_options o{.topic = topic, .key = std::string(), .mode = std::nullopt};
  out.publish(evs.front(), o).get();  // warm-up: connection, metadata, producer id (~1 s on the mock)
  auto t0 = clock::now();
  for (const auto& ev : evs) out.publish(ev, [&](const kafka::delivery& d) { failed += !d.ok(); }, o);
  out.flush();
  auto ns = std::chrono::duration<double, std::nano>(clock::now() - t0).count();
  return failed ? 1e18 : ns / static_cast<double>(evs.size());
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
  auto ns = std::chrono::duration<double, std::nano>(clock::now() - t0).count();
  return report.failed ? 1e18 : ns / static_cast<double>(recs.size());
}

inline std::vector<RdKafka::TopicPartition*> from_beginning(const std::string& topic) {
  return {RdKafka::TopicPartition::create(topic, 0, RdKafka::Topic::OFFSET_BEGINNING),
          RdKafka::TopicPartition::create(topic, 1, RdKafka::Topic::OFFSET_BEGINNING)};
}

inline double consume_typed(const kafka::config& cfg, const std::string& topic, int run) {
  kafka::consumer_options o;
  o.group_id = "bench-typed-" + std::to_string(run);
  kafka::consumer in(cfg, o);
  std::size_t handled = 0, bytes = 0;
  in.on<bench::task_event>([&](const bench::task_event& ev) {
    ++handled;
    bytes += ev.payload.title.size();
  });
  auto parts = from_beginning(topic);
  in.native().assign(parts);
  for (auto* tp : parts) delete tp;
  auto t0 = clock::now();
  while (handled < messages && in.stats().dead_lettered == 0) in.poll(std::chrono::milliseconds(100));
  auto ns = std::chrono::duration<double, std::nano>(clock::now() - t0).count();
  benchmark::DoNotOptimize(bytes);
  return handled == messages ? ns / static_cast<double>(messages) : 1e18;
}

inline double consume_raw(const kafka::config& cfg, const std::string& topic, int run) {
  auto props = cfg.for_client(kafka::client_kind::consumer);
  props["group.id"] = "bench-raw-" + std::to_string(run);
  auto conf = kafka::detail::make_conf(props);
  std::string err;
  std::unique_ptr<RdKafka::KafkaConsumer> c{RdKafka::KafkaConsumer::create(conf.get(), err)};
  auto parts = from_beginning(topic);
  c->assign(parts);
  for (auto* tp : parts) delete tp;
  std::size_t got = 0, bytes = 0;
  auto t0 = clock::now();
  while (got < messages) {
    std::unique_ptr<RdKafka::Message> m{c->consume(100)};
    if (m->err() != RdKafka::ERR_NO_ERROR) continue;
    ++got;
    bytes += m->len();
  }
  auto ns = std::chrono::duration<double, std::nano>(clock::now() - t0).count();
  benchmark::DoNotOptimize(bytes);
  c->close();
  return ns / static_cast<double>(messages);
}
}  // namespace kafka_detail

/// kafka_produce_vs_raw and kafka_consume_vs_raw, measured now on an embedded cluster.
inline std::vector<comparison> kafka_comparisons() {
  using namespace kafka_detail;
  kafka::embedded_cluster cluster({.brokers = 1, .topics = {}, .dead_letter_topics = false, .dlq_suffix = "-dlq"});
  kafka::config cfg{{"bootstrap.servers", cluster.bootstrap()}, {"log_level", "3"}, {"linger.ms", "5"}};
  auto evs = make_events();
  kafka::producer encoder(cfg);
  std::vector<kafka::record> recs;
  for (const auto& ev : evs) recs.push_back(encoder.to_record(ev, {.topic = "x", .key = std::string(), .mode = std::nullopt}));
  encoder.close();

  double typed_p = 1e18, raw_p = 1e18, typed_c = 1e18, raw_c = 1e18;
  for (int run = 0; run < 3; ++run) {
    std::string a = "bench-raw-" + std::to_string(run), b = "bench-typed-" + std::to_string(run);
    cluster.create_topic({a, 2, 1});
    cluster.create_topic({b, 2, 1});
    raw_p = std::min(raw_p, produce_raw(cfg, a, recs));
    typed_p = std::min(typed_p, produce_typed(cfg, b, evs));
  }
  // The consume runs read what the last typed produce run wrote.
  for (int run = 0; run < 3; ++run) {
    raw_c = std::min(raw_c, consume_raw(cfg, "bench-typed-2", run));
    typed_c = std::min(typed_c, consume_typed(cfg, "bench-typed-2", run));
  }
  return {{"kafka_produce_vs_raw", typed_p, raw_p}, {"kafka_consume_vs_raw", typed_c, raw_c}};
}

}  // namespace events_bench
