// One client process of the cost benchmark (benchmarks/kafka/cost.sh): produces or consumes N
// task events against a broker in its own process (`events kafka serve`) and prints the CPU
// time (user + sys, all threads: getrusage) it spent on them, as one JSON line.
//   events_kafka_cost produce_raw|produce_typed  BOOTSTRAP TOPIC N
//   events_kafka_cost consume_raw|consume_typed  BOOTSTRAP TOPIC N GROUP
//   events_kafka_cost fill BOOTSTRAP TOPIC N     (the typed producer, unmeasured: the input topic)
//   events_kafka_cost sample                     (the event, its record's headers and JSON Schema,
//                                                  for the Python and Node clients)
// The measured span: producers from the first send (after a warm-up message set up the
// connection, metadata and producer id) to the last delivery report; consumers from the first
// message received to the N-th handled. Startup and connecting are outside it (the whole
// process's CPU is measured by cost.py too).
#include "raw_client.hpp"

#include <events/kafka/kafka.hpp>

#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace kafka = events::kafka;
using namespace events_bench::kafka_raw;

namespace {
using clock_type = std::chrono::steady_clock;
constexpr auto budget = std::chrono::seconds(120);  // any one run, start to end

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

struct span {
  double cpu0 = 0, cpu1 = 0;
  clock_type::time_point t0, t1;
  void start() {
    t0 = clock_type::now();
    cpu0 = cpu_seconds();
  }
  void stop() {
    cpu1 = cpu_seconds();
    t1 = clock_type::now();
  }
};

int report(const char* side, std::size_t n, std::size_t measured, const span& s) {
  nlohmann::json out{{"side", side},
                     {"messages", n},
                     {"measured", measured},
                     {"cpu_s", s.cpu1 - s.cpu0},
                     {"wall_s", std::chrono::duration<double>(s.t1 - s.t0).count()}};
  std::puts(out.dump().c_str());
  return 0;
}

int fail(const std::string& why) {
  std::fprintf(stderr, "events_kafka_cost: %s\n", why.c_str());
  return 1;
}

kafka::config cost_config(const std::string& bootstrap) {
  auto cfg = client_config(bootstrap);
  cfg.set("message.timeout.ms", "60000");
  return cfg;
}

int produce_typed(const kafka::config& cfg, const std::string& topic, std::size_t n, bool measured) {
  auto evs = make_events(n);
  kafka::producer out(cfg, {.close_timeout = std::chrono::seconds(5)});
  const kafka::publish_options o{.topic = topic};
  if (auto d = out.publish(bench::sample(), o).get(); !d.ok()) return fail("typed warm-up: " + d.error);
  std::atomic<std::size_t> done{0}, failed{0};  // reports may be served on the producer's own thread
  span s;
  s.start();
  for (const auto& ev : evs)
    out.publish(
        ev,
        [&](const kafka::delivery& d) {
          failed.fetch_add(!d.ok(), std::memory_order_relaxed);
          done.fetch_add(1, std::memory_order_relaxed);
        },
        o);
  if (!out.flush(std::chrono::duration_cast<std::chrono::milliseconds>(budget))) return fail("typed: not delivered");
  s.stop();
  if (done != n || failed) return fail("typed: " + std::to_string(failed.load()) + " deliveries failed");
  return measured ? report("typed", n, n, s) : 0;
}

int produce_raw(const kafka::config& cfg, const std::string& topic, std::size_t n) {
  auto recs = make_records(cfg, make_events(n), topic);
  raw_report rep;
  std::string err;
  auto p = raw_producer(cfg, rep, err);
  if (!p) return fail("raw producer: " + err);
  if (produce_one(*p, topic, make_records(cfg, {bench::sample()}, topic).front()) != RdKafka::ERR_NO_ERROR ||
      p->flush(30000) != RdKafka::ERR_NO_ERROR || rep.failed)
    return fail("raw warm-up not delivered");
  rep.done = 0;
  span s;
  s.start();
  for (const auto& r : recs) {
    if (auto e = produce_one(*p, topic, r); e != RdKafka::ERR_NO_ERROR) return fail("raw: " + RdKafka::err2str(e));
    p->poll(0);
  }
  if (p->flush(static_cast<int>(std::chrono::milliseconds(budget).count())) != RdKafka::ERR_NO_ERROR)
    return fail("raw: not delivered");
  s.stop();
  if (rep.done != n || rep.failed) return fail("raw: " + std::to_string(rep.failed) + " deliveries failed");
  return report("raw", n, n, s);
}

int consume_typed(const kafka::config& cfg, const std::string& topic, std::size_t n, const std::string& group) {
  kafka::consumer in(cfg, {.topics = {topic}, .group_id = group});
  std::size_t handled = 0, bytes = 0;
  span s;
  in.on<bench::task_event>([&](const bench::task_event& ev) {
    if (handled++ == 0) s.start();
    bytes += ev.payload.title.size();
  });
  const auto deadline = clock_type::now() + budget;
  while (handled < n && clock_type::now() < deadline) in.poll(std::chrono::milliseconds(100));
  s.stop();
  if (handled != n) return fail("typed: handled " + std::to_string(handled) + " of " + std::to_string(n));
  if (auto st = in.stats(); st.consumed != st.handled) return fail("typed: some messages were not handled");
  std::fprintf(stderr, "typed: %zu title bytes\n", bytes);
  return report("typed", n, n - 1, s);
}

int consume_raw(const kafka::config& cfg, const std::string& topic, std::size_t n, const std::string& group) {
  auto props = cfg.for_client(kafka::client_kind::consumer);
  props["group.id"] = group;
  props["auto.offset.reset"] = "earliest";
  auto conf = kafka::detail::make_conf(props);
  std::string err;
  std::unique_ptr<RdKafka::KafkaConsumer> c{RdKafka::KafkaConsumer::create(conf.get(), err)};
  if (!c) return fail("raw consumer: " + err);
  if (c->subscribe({topic}) != RdKafka::ERR_NO_ERROR) return fail("raw: subscribe failed");
  std::size_t got = 0, bytes = 0;
  span s;
  const auto deadline = clock_type::now() + budget;
  while (got < n && clock_type::now() < deadline) {
    std::unique_ptr<RdKafka::Message> m{c->consume(100)};
    if (m->err() != RdKafka::ERR_NO_ERROR) continue;
    if (got++ == 0) s.start();
    bytes += m->len() + static_cast<const unsigned char*>(m->payload())[0];
  }
  s.stop();
  c->close();
  if (got != n) return fail("raw: consumed " + std::to_string(got) + " of " + std::to_string(n));
  std::fprintf(stderr, "raw: %zu bytes\n", bytes);
  return report("raw", n, n - 1, s);
}

// The sample event's JSON, the headers the typed producer sends with it and the JSON Schema the
// Node client validates with.
int sample() {
  auto cfg = client_config("127.0.0.1:1");  // never reached: to_record sends nothing
  cfg.set("log_level", "0");
  kafka::producer encoder(cfg);
  auto r = encoder.to_record(bench::sample(), {.topic = "t"});
  nlohmann::json headers = nlohmann::json::array();
  for (const auto& [name, value] : r.headers) headers.push_back({name, value});
  nlohmann::json out{{"event", r.value},
                     {"key", r.key},
                     {"headers", headers},
                     {"schema", events::json_schema_text<bench::task_event>(events::schema_dialect::draft07, -1)}};
  std::puts(out.dump().c_str());
  return 0;
}
}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> a(argv + 1, argv + argc);
  if (a.size() == 1 && a[0] == "sample") return sample();
  if (a.size() < 4) {
    std::fprintf(stderr,
                 "usage: events_kafka_cost produce_raw|produce_typed|fill BOOTSTRAP TOPIC N\n"
                 "       events_kafka_cost consume_raw|consume_typed BOOTSTRAP TOPIC N GROUP\n"
                 "       events_kafka_cost sample\n");
    return 2;
  }
  const auto cfg = cost_config(a[1]);
  const std::string& topic = a[2];
  const std::size_t n = std::strtoul(a[3].c_str(), nullptr, 10);
  if (n < 2) return fail("N must be at least 2");
  const std::string group = a.size() > 4 ? a[4] : "cost-" + a[0];
  if (a[0] == "produce_typed") return produce_typed(cfg, topic, n, true);
  if (a[0] == "fill") return produce_typed(cfg, topic, n, false);
  if (a[0] == "produce_raw") return produce_raw(cfg, topic, n);
  if (a[0] == "consume_typed") return consume_typed(cfg, topic, n, group);
  if (a[0] == "consume_raw") return consume_raw(cfg, topic, n, group);
  return fail("unknown mode " + a[0]);
}
