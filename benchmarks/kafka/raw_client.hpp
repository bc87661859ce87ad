#pragma once
// What the Kafka benchmark (kafka_bench.hpp) and the instruction counter (instructions.cpp)
// share: the client settings, the events and their records, and the hand-written librdkafka
// producer and consumer set-up the typed side is compared with. No Google Benchmark here.
#include "../task_event.hpp"

#include <events/kafka/kafka.hpp>

#include <memory>
#include <string>
#include <vector>

namespace events_bench::kafka_raw {
namespace kafka = events::kafka;

inline kafka::config client_config(const std::string& bootstrap) {
  // message.timeout.ms bounds what a producer can still be waiting for when it is destroyed.
  return {{"bootstrap.servers", bootstrap}, {"log_level", "3"}, {"linger.ms", "5"}, {"message.timeout.ms", "20000"}};
}

// n events, one per task, each with its own event id and task id (the partition key).
inline std::vector<bench::task_event> make_events(std::size_t n) {
  std::vector<bench::task_event> out(n, bench::sample());
  for (auto& ev : out) {
    ev.event_id = events::uuid::v4();
    ev.payload.task_id = events::uuid::v4();
  }
  return out;
}

// What the typed producer sends for each event, for the raw sides.
inline std::vector<kafka::record> make_records(const kafka::config& cfg, const std::vector<bench::task_event>& evs,
                                               const std::string& topic) {
  kafka::producer encoder(cfg);
  std::vector<kafka::record> out;
  out.reserve(evs.size());
  for (const auto& ev : evs) out.push_back(encoder.to_record(ev, {.topic = topic}));
  return out;
}

struct raw_report : RdKafka::DeliveryReportCb {
  std::size_t done = 0, failed = 0;  // on the producing thread (poll/flush)
  void dr_cb(RdKafka::Message& m) override {
    ++done;
    failed += m.err() != RdKafka::ERR_NO_ERROR;
  }
};

// A careful hand-written librdkafka producer: idempotent, acks=all (as the typed one), bytes and
// headers ready, delivery reports served with poll(0) after each produce.
inline std::unique_ptr<RdKafka::Producer> raw_producer(const kafka::config& cfg, raw_report& report, std::string& err) {
  auto props = cfg.for_client(kafka::client_kind::producer);
  props["enable.idempotence"] = "true";
  props["acks"] = "all";
  auto conf = kafka::detail::make_conf(props);
  if (conf->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(&report), err) != RdKafka::Conf::CONF_OK) return {};
  return std::unique_ptr<RdKafka::Producer>{RdKafka::Producer::create(conf.get(), err)};
}

// Produces one record with its headers, waiting while the queue is full.
inline RdKafka::ErrorCode produce_one(RdKafka::Producer& p, const std::string& topic, const kafka::record& r) {
  RdKafka::Headers* h = RdKafka::Headers::create();
  for (const auto& [name, value] : r.headers) h->add(name, value.data(), value.size());
  for (;;) {
    RdKafka::ErrorCode e = p.produce(topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
                                     const_cast<char*>(r.value.data()), r.value.size(), r.key.data(), r.key.size(), 0,
                                     h, nullptr);
    if (e != RdKafka::ERR__QUEUE_FULL) {
      if (e != RdKafka::ERR_NO_ERROR) delete h;  // produce took them only on success
      return e;
    }
    p.poll(10);
  }
}

// Reads every partition of the topic from its beginning, without a group rebalance.
inline void assign_all(RdKafka::KafkaConsumer& c, const std::string& topic, int partitions) {
  std::vector<RdKafka::TopicPartition*> parts;
  for (int i = 0; i < partitions; ++i)
    parts.push_back(RdKafka::TopicPartition::create(topic, i, RdKafka::Topic::OFFSET_BEGINNING));
  c.assign(parts);
  RdKafka::TopicPartition::destroy(parts);
}

}  // namespace events_bench::kafka_raw
