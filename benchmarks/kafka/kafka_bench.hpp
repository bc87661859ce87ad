#pragma once
// Diagnostics, not the cost claim: on two cores the in-process broker, librdkafka's threads and
// the application thread share the machine, so these ratios measure that sharing as much as the
// library (0.35-1.01 between runs) and carry no target. What a message costs against the stacks
// a user would pick instead is benchmarks/kafka/cost.sh (CPU per message, broker in its own
// process); instructions per message, benchmarks/kafka/callgrind.sh. kafka_consume_vs_raw_decoding
// stays the same-work comparison: both sides decode.
//
// Typed Kafka against raw librdkafka: same process, same embedded cluster, same messages (the
// 530-byte benchmark event keyed by its task id, with its CloudEvents headers), in steady state.
//   kafka_produce_vs_raw: validate + encode + publish (events::kafka::producer) vs produce of the
//     pre-encoded bytes and headers (a hand-written RdKafka::Producer loop). Timed from the first
//     publish to the last delivery report, after a warm-up message set up the connection,
//     metadata and producer id. Each run writes a fresh topic of its own cluster.
//   kafka_consume_vs_raw_decoding: the same typed consumer vs that raw loop plus a hand-written
//     nlohmann_json + date decode of each message (benchmarks/task_event.hpp's baseline).
//   kafka_consume_vs_raw: identify + decode + validate + dedupe + dispatch + offset store
//     (events::kafka::consumer, default options) vs consume and touch the bytes (a hand-written
//     RdKafka::KafkaConsumer loop), both reading one topic from the beginning. Timed from the
//     first message received to the last, so connecting and the first fetch are not in it.
// 40,000 messages over 10 partitions (about 3 MiB a partition: librdkafka 2.0.2's mock keeps
// 5 MiB a partition and drops older data, which is checked before anything is timed). After a
// warm-up run of each side (not counted), runs alternate raw and typed, and which goes first; the
// figures are the best run of each, with the spread of the per-run ratios. Every wait is bounded: a run that cannot finish reports its error
// through state.SkipWithError.
//
// EVENTS_BENCH_KAFKA_RUNS=n changes the number of runs of each side (default 5).
#include "raw_client.hpp"

#include <events/kafka/kafka.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace events_bench {

namespace kafka_detail {
namespace kafka = events::kafka;
using clock = std::chrono::steady_clock;
constexpr std::size_t messages = 40000;
constexpr int partitions = 10;
constexpr auto run_budget = std::chrono::seconds(30);  // one side of one run, start to end

inline int runs() {
  const char* n = std::getenv("EVENTS_BENCH_KAFKA_RUNS");
  int r = n ? std::atoi(n) : 5;
  return r > 0 ? r : 5;
}

/// One timed run: messages per second, or why it failed.
struct outcome {
  double rate = 0;
  std::string error;
};

inline double per_second(std::size_t n, clock::duration d) {
  double s = std::chrono::duration<double>(d).count();
  return s > 0 ? static_cast<double>(n) / s : 0;
}

inline int ms_left(clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

using kafka_raw::assign_all;
using kafka_raw::client_config;
using kafka_raw::make_records;
using kafka_raw::produce_one;
using kafka_raw::raw_producer;
using kafka_raw::raw_report;

// Empty when every partition of the topic holds all it was sent from offset 0 (the mock drops
// the oldest data of a partition past 5 MiB).
inline std::string check_topic(RdKafka::Handle& client, const std::string& topic, std::size_t expected) {
  std::int64_t total = 0;
  for (int p = 0; p < partitions; ++p) {
    std::int64_t lo = 0, hi = 0;
    if (RdKafka::ErrorCode e = client.query_watermark_offsets(topic, p, &lo, &hi, 5000); e != RdKafka::ERR_NO_ERROR)
      return "watermarks of " + topic + ": " + RdKafka::err2str(e);
    if (lo != 0)
      return topic + "[" + std::to_string(p) + "] starts at offset " + std::to_string(lo) +
             ": the mock cluster dropped data (over its per-partition limit)";
    total += hi;
  }
  if (total != static_cast<std::int64_t>(expected))
    return topic + " holds " + std::to_string(total) + " messages, not " + std::to_string(expected);
  return {};
}

inline outcome produce_typed(const kafka::config& cfg, const std::string& topic,
                             const std::vector<bench::task_event>& evs) {
  auto deadline = clock::now() + run_budget;
  kafka::producer out(cfg, {.close_timeout = std::chrono::seconds(5)});
  const kafka::publish_options o{.topic = topic};
  if (auto d = out.publish(evs.front(), o).get(); !d.ok()) return {0, "typed warm-up: " + d.error};
  std::atomic<std::size_t> done{0}, failed{0};
  auto t0 = clock::now();
  for (const auto& ev : evs)
    out.publish(
        ev,
        [&](const kafka::delivery& d) {
          failed.fetch_add(!d.ok(), std::memory_order_relaxed);
          done.fetch_add(1, std::memory_order_relaxed);
        },
        o);
  bool flushed = out.flush(std::chrono::milliseconds(ms_left(deadline)));
  auto t1 = clock::now();
  if (!flushed || done != evs.size()) return {0, "typed produce: not delivered within the time limit"};
  if (failed) return {0, "typed produce: " + std::to_string(failed.load()) + " deliveries failed"};
  if (auto bad = check_topic(out.native(), topic, evs.size() + 1); !bad.empty()) return {0, bad};
  return {per_second(evs.size(), t1 - t0), {}};
}

inline outcome produce_raw(const kafka::config& cfg, const std::string& topic, const std::vector<kafka::record>& recs,
                           bool warm_up = true) {
  auto deadline = clock::now() + run_budget;
  raw_report report;
  std::string err;
  auto p = raw_producer(cfg, report, err);
  if (!p) return {0, "raw producer: " + err};
  std::size_t warm = 0;
  if (warm_up) {  // as for the typed run
    if (auto e = produce_one(*p, topic, recs.front()); e != RdKafka::ERR_NO_ERROR)
      return {0, "raw warm-up: " + RdKafka::err2str(e)};
    if (p->flush(ms_left(deadline)) != RdKafka::ERR_NO_ERROR || report.failed) return {0, "raw warm-up not delivered"};
    warm = 1;
  }
  auto t0 = clock::now();
  for (const auto& r : recs) {
    if (auto e = produce_one(*p, topic, r); e != RdKafka::ERR_NO_ERROR) return {0, "raw produce: " + RdKafka::err2str(e)};
    p->poll(0);
  }
  bool flushed = p->flush(ms_left(deadline)) == RdKafka::ERR_NO_ERROR;
  auto t1 = clock::now();
  if (!flushed || report.done != recs.size() + warm) return {0, "raw produce: not delivered within the time limit"};
  if (report.failed) return {0, "raw produce: " + std::to_string(report.failed) + " deliveries failed"};
  if (auto bad = check_topic(*p, topic, recs.size() + warm); !bad.empty()) return {0, bad};
  return {per_second(recs.size(), t1 - t0), {}};
}

inline std::string consume_shortfall(const char* side, std::size_t got, std::size_t total) {
  return std::string(side) + " consume: " + std::to_string(got) + " of " + std::to_string(total) +
         " messages within the time limit";
}

inline outcome consume_typed(const kafka::config& cfg, const std::string& topic, std::size_t total, int run) {
  auto deadline = clock::now() + run_budget;
  kafka::consumer_options o;
  o.group_id = "bench-typed-" + std::to_string(run);
  kafka::consumer in(cfg, o);
  std::size_t handled = 0, bytes = 0;
  clock::time_point first, last;
  in.on<bench::task_event>([&](const bench::task_event& ev) {
    last = clock::now();
    if (handled++ == 0) first = last;
    bytes += ev.payload.title.size();
  });
  assign_all(in.native(), topic, partitions);
  for (std::size_t polls = 1; handled < total && clock::now() < deadline; ++polls) {
    bool took = in.poll(std::chrono::milliseconds(100));
    if (!took || polls % 4096 == 0) {  // off the hot path: a message dead-lettered or skipped ends the run
      if (auto s = in.stats(); s.consumed != s.handled)
        return {0, "typed consume: " + std::to_string(s.consumed - s.handled) + " messages not handled"};
    }
  }
  benchmark::DoNotOptimize(bytes);
  if (handled != total) return {0, consume_shortfall("typed", handled, total)};
  return {per_second(total - 1, last - first), {}};
}

// The raw consumer loop; with `decode`, each message is also parsed into the hand-written
// nlohmann_json + date event of benchmarks/task_event.hpp (what a consumer without this library
// does per message; bytes that do not parse are counted, not handled).
inline outcome consume_raw(const kafka::config& cfg, const std::string& topic, std::size_t total, int run,
                           bool decode = false) {
  auto deadline = clock::now() + run_budget;
  auto props = cfg.for_client(kafka::client_kind::consumer);
  props["group.id"] = "bench-raw-" + std::to_string(run);
  auto conf = kafka::detail::make_conf(props);
  std::string err;
  std::unique_ptr<RdKafka::KafkaConsumer> c{RdKafka::KafkaConsumer::create(conf.get(), err)};
  if (!c) return {0, "raw consumer: " + err};
  assign_all(*c, topic, partitions);
  std::size_t got = 0, bytes = 0;
  clock::time_point first, last;
  while (got < total && clock::now() < deadline) {
    std::unique_ptr<RdKafka::Message> m{c->consume(100)};
    if (m->err() != RdKafka::ERR_NO_ERROR) continue;
    last = clock::now();
    if (got++ == 0) first = last;
    bytes += m->len() + static_cast<const unsigned char*>(m->payload())[0];
    if (decode) {
      auto j = nlohmann::json::parse(static_cast<const char*>(m->payload()),
                                     static_cast<const char*>(m->payload()) + m->len(), nullptr, false);
      try {
        bytes += j.get<bench::baseline_event>().payload.title.size();
      } catch (const std::exception&) {
        ++bytes;
      }
    }
  }
  benchmark::DoNotOptimize(bytes);
  c->close();
  if (got != total) return {0, consume_shortfall("raw", got, total)};
  return {per_second(total - 1, last - first), {}};
}

/// The runs of one comparison, in the order they ran.
struct series {
  std::vector<double> typed, raw;  // msgs/s
  std::string error;               // the first failure; the series stops there

  // One run of both sides: run -1 is a warm-up (only its failures count); even runs measure raw
  // first, odd runs typed first, so neither side always follows the other.
  template <class Typed, class Raw>
  void run_pair(int run, Typed typed_side, Raw raw_side) {
    if (run < 0) {
      if (auto w = raw_side(); !w.error.empty()) error = w.error;
      if (auto w = typed_side(); !w.error.empty()) error = w.error;
    } else if (run % 2 == 0) {
      auto r = raw_side();
      add(typed_side(), r);
    } else {
      auto t = typed_side();
      add(t, raw_side());
    }
  }

  bool add(outcome typed_run, outcome raw_run) {
    if (!typed_run.error.empty() || !raw_run.error.empty()) {
      error = typed_run.error.empty() ? raw_run.error : typed_run.error;
      return false;
    }
    typed.push_back(typed_run.rate);
    raw.push_back(raw_run.rate);
    return true;
  }
  double best_typed() const { return *std::max_element(typed.begin(), typed.end()); }
  double best_raw() const { return *std::max_element(raw.begin(), raw.end()); }

  // Google Benchmark counters: absolute rates beside the ratio of the bests and the spread of
  // the per-run ratios.
  void report(benchmark::State& state) const {
    if (!error.empty()) return state.SkipWithError(error.c_str());
    double lo = 1e300, hi = 0;
    for (std::size_t i = 0; i < typed.size(); ++i) {
      lo = std::min(lo, typed[i] / raw[i]);
      hi = std::max(hi, typed[i] / raw[i]);
    }
    state.counters["typed_msgs_per_s"] = best_typed();
    state.counters["raw_msgs_per_s"] = best_raw();
    state.counters["ratio"] = best_typed() / best_raw();
    state.counters["run_ratio_min"] = lo;
    state.counters["run_ratio_max"] = hi;
    state.counters["runs"] = static_cast<double>(typed.size());
    state.counters["messages"] = static_cast<double>(messages);
    std::string runs_text;
    for (std::size_t i = 0; i < typed.size(); ++i)
      runs_text += (i ? " " : "") + std::to_string(static_cast<long>(typed[i] / 1000)) + "k/" +
                   std::to_string(static_cast<long>(raw[i] / 1000)) + "k";
    state.SetLabel("typed/raw msgs/s per run: " + runs_text);
  }
};

inline const std::vector<bench::task_event>& bench_events() {
  static const std::vector<bench::task_event> evs = kafka_raw::make_events(messages);
  return evs;
}
}  // namespace kafka_detail

/// Typed producer vs raw librdkafka producer, interleaved runs, each on a fresh cluster.
inline void kafka_produce_vs_raw(benchmark::State& state) {
  using namespace kafka_detail;
  series s;
  for (auto _ : state) {
    // Run -1 warms the process up (heap, the mock's storage) and is not counted.
    for (int run = -1; run < runs() && s.error.empty(); ++run) {
      kafka::embedded_cluster cluster({.brokers = 1, .topics = {}, .dead_letter_topics = false, .dlq_suffix = "-dlq"});
      cluster.create_topic({"bench-raw", partitions, 1});
      cluster.create_topic({"bench-typed", partitions, 1});
      auto cfg = client_config(cluster.bootstrap());
      auto recs = make_records(cfg, bench_events(), "bench-raw");
      auto typed = [&] { return produce_typed(cfg, "bench-typed", bench_events()); };
      auto raw = [&] { return produce_raw(cfg, "bench-raw", recs); };
      s.run_pair(run, typed, raw);
    }
  }
  s.report(state);
}

/// Typed consumer vs the raw librdkafka consumer loop, interleaved runs over one topic; with
/// `decoding`, the raw loop also decodes each message by hand with nlohmann_json + date (the
/// baseline of the codec benchmarks): the same work done both ways.
inline void kafka_consume(benchmark::State& state, bool decoding) {
  using namespace kafka_detail;
  series s;
  for (auto _ : state) {
    kafka::embedded_cluster cluster({.brokers = 1, .topics = {}, .dead_letter_topics = false, .dlq_suffix = "-dlq"});
    cluster.create_topic({"bench-consume", partitions, 1});
    auto cfg = client_config(cluster.bootstrap());
    if (auto fill = produce_raw(cfg, "bench-consume", make_records(cfg, bench_events(), "bench-consume"), false);
        !fill.error.empty()) {
      s.error = "writing the topic: " + fill.error;
      break;
    }
    for (int run = -1; run < runs() && s.error.empty(); ++run) {  // run -1: a warm-up, not counted
      auto typed = [&] { return consume_typed(cfg, "bench-consume", messages, run + 1); };
      auto raw = [&] { return consume_raw(cfg, "bench-consume", messages, run + 1, decoding); };
      s.run_pair(run, typed, raw);
    }
  }
  s.report(state);
}

/// Registers them (one iteration each: the runs inside are the repetitions).
inline void register_kafka_benchmarks() {
  benchmark::RegisterBenchmark("kafka_produce_vs_raw", kafka_produce_vs_raw)->Iterations(1)->Repetitions(1)->Unit(benchmark::kSecond);
  benchmark::RegisterBenchmark("kafka_consume_vs_raw", kafka_consume, false)->Iterations(1)->Repetitions(1)->Unit(benchmark::kSecond);
  benchmark::RegisterBenchmark("kafka_consume_vs_raw_decoding", kafka_consume, true)
      ->Iterations(1)
      ->Repetitions(1)
      ->Unit(benchmark::kSecond);
}

}  // namespace events_bench
