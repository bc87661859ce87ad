// Instructions per message of the typed Kafka producer and consumer and of the raw librdkafka
// loops kafka_bench.hpp compares them with, counted by callgrind on the calling thread only
// (librdkafka's own threads and the embedded cluster are not counted):
//   valgrind --tool=callgrind --toggle-collect='measured_*' events_kafka_callgrind <mode> [n]
// then total instructions / n. Modes: consume_typed, consume_raw, produce_typed, produce_raw,
// and decode: the typed consumer's decode and validate alone (events::from_json of each record's
// bytes into a reused event, as its handler entry does), so that callgrind.sh can tell what the
// consumer does per message beyond it.
// Each measured call is one noinline function below (measured_*), so callgrind counts exactly
// one publish / produce or one poll / consume per message, with everything they call.
#include "raw_client.hpp"

#include <events/kafka/kafka.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace kafka = events::kafka;

namespace {
constexpr int partitions = 4;
using namespace events_bench::kafka_raw;
}  // namespace

// The measured calls (extern linkage and plain names, for --toggle-collect).
[[gnu::noinline]] void measured_publish(kafka::producer& p, const bench::task_event& ev, std::size_t& done,
                                        const kafka::publish_options& o) {
  p.publish(ev, [&done](const kafka::delivery&) { ++done; }, o);
}

namespace {
// As kafka_bench.hpp's raw producer: produce_one, then serve delivery reports with poll(0).
void produce_record(RdKafka::Producer& p, const std::string& topic, const kafka::record& r) {
  produce_one(p, topic, r);
  p.poll(0);
}
}  // namespace

[[gnu::noinline]] void measured_produce(RdKafka::Producer& p, const std::string& topic, const kafka::record& r) {
  produce_record(p, topic, r);
}

[[gnu::noinline]] bool measured_decode(const kafka::record& r, bench::task_event& into) {
  return events::from_json(r.value, into).empty();
}

[[gnu::noinline]] bool measured_poll(kafka::consumer& c) { return c.poll(std::chrono::milliseconds(1000)); }

// librdkafka's C API, as the typed consumer polls (C++'s consume() adds a MessageImpl per call).
[[gnu::noinline]] bool measured_consume(RdKafka::KafkaConsumer& c, std::size_t& bytes) {
  rd_kafka_message_t* m = rd_kafka_consumer_poll(c.c_ptr(), 1000);
  if (!m) return false;
  const bool ok = m->err == RD_KAFKA_RESP_ERR_NO_ERROR;
  if (ok) bytes += m->len + static_cast<const unsigned char*>(m->payload)[0];
  rd_kafka_message_destroy(m);
  return ok;
}

namespace {
bool fill(const kafka::config& cfg, const std::vector<kafka::record>& recs, const std::string& topic,
          bool measured) {
  raw_report report;
  std::string err;
  auto p = raw_producer(cfg, report, err);
  if (!p) return false;
  for (const auto& r : recs) measured ? measured_produce(*p, topic, r) : produce_record(*p, topic, r);
  return p->flush(120000) == RdKafka::ERR_NO_ERROR && report.done == recs.size();
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s consume_typed|consume_raw|produce_typed|produce_raw|decode [n]\n", argv[0]);
    return 2;
  }
  std::string mode = argv[1];
  std::size_t n = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 5000;
  kafka::embedded_cluster cluster({.brokers = 1, .topics = {}, .dead_letter_topics = false, .dlq_suffix = "-dlq"});
  cluster.create_topic({"t", partitions, 1});
  auto cfg = client_config(cluster.bootstrap());
  auto evs = make_events(n);
  if (mode == "produce_typed") {
    kafka::producer out(cfg);
    const kafka::publish_options o{.topic = "t"};
    std::size_t done = 0;
    for (const auto& ev : evs) measured_publish(out, ev, done, o);
    return out.flush(std::chrono::milliseconds(120000)) ? 0 : 1;
  }
  auto recs = make_records(cfg, evs, "t");
  if (mode == "decode") {
    bench::task_event into;
    std::size_t ok = 0;
    for (const auto& r : recs) ok += measured_decode(r, into);
    return ok == n ? 0 : 1;
  }
  if (mode == "produce_raw") return fill(cfg, recs, "t", true) ? 0 : 1;
  if (!fill(cfg, recs, "t", false)) return std::fprintf(stderr, "filling the topic failed\n"), 1;
  if (mode == "consume_typed") {
    kafka::consumer in(cfg, {.group_id = "typed"});
    std::size_t handled = 0, bytes = 0;
    in.on<bench::task_event>([&](const bench::task_event& ev) {
      ++handled;
      bytes += ev.payload.title.size();
    });
    assign_all(in.native(), "t", partitions);
    for (int idle = 0; handled < n && idle < 30;) idle = measured_poll(in) ? 0 : idle + 1;
    std::printf("handled %zu (%zu bytes)\n", handled, bytes);
    return handled == n ? 0 : 1;
  }
  if (mode == "consume_raw") {
    auto props = cfg.for_client(kafka::client_kind::consumer);
    props["group.id"] = "raw";
    auto conf = kafka::detail::make_conf(props);
    std::string err;
    std::unique_ptr<RdKafka::KafkaConsumer> c{RdKafka::KafkaConsumer::create(conf.get(), err)};
    assign_all(*c, "t", partitions);
    std::size_t got = 0, bytes = 0;
    for (int idle = 0; got < n && idle < 30;) {
      if (measured_consume(*c, bytes)) {
        ++got;
        idle = 0;
      } else {
        ++idle;
      }
    }
    c->close();
    std::printf("consumed %zu (%zu bytes)\n", got, bytes);
    return got == n ? 0 : 1;
  }
  std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
  return 2;
}
