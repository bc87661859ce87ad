// events_bench: Google Benchmark output, then one summary line per comparison:
//   <name>: <ratio>x (events <ns> ns, baseline <ns> ns)[ <note>]
// The Kafka comparisons (kafka/kafka_bench.hpp) take about a minute; EVENTS_BENCH_SKIP_KAFKA=1
// leaves them out, as does --benchmark_filter.
// `events_bench --sample` prints the benchmark event's JSON (for benchmarks/pydantic_bench.py);
// `events_bench --parse-many FILE` times simdjson's parse_many over an NDJSON file (validate_bench.py).
#include "bench_common.hpp"
#include "task_event.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

#if __has_include("kafka/kafka_bench.hpp") && defined(EVENTS_BENCH_KAFKA)
#include "kafka/kafka_bench.hpp"
#define EVENTS_HAVE_KAFKA_BENCH 1
#endif

#ifdef EVENTS_BENCH_SIMDJSON
namespace events_bench {
int parse_many(const char* path);  // simdjson_bench.cpp
}
#endif

namespace {

// Each benchmark's time: the median of its repetitions when it has several (report.py runs them
// interleaved, so a ratio compares times taken side by side), else its one run.
class capture : public benchmark::ConsoleReporter {
 public:
  std::map<std::string, double> ns;
  std::map<std::string, benchmark::UserCounters> counters;  // of the runs that set some
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs) {
      if (r.error_occurred) continue;
      const std::string name = r.run_name.function_name + r.run_name.args;  // without "/iterations:1" or "_median"
      const double t = r.GetAdjustedCPUTime() * 1e9 / benchmark::GetTimeUnitMultiplier(r.time_unit);
      if (r.run_type == Run::RT_Aggregate && r.aggregate_name == "median") {
        ns[name] = t;
        medians.insert(name);
      } else if (r.run_type == Run::RT_Iteration && r.iterations != 0 && !medians.count(name)) {
        ns[name] = t;
      }
      if (r.run_type == Run::RT_Iteration && !r.counters.empty()) counters[r.run_name.function_name] = r.counters;
    }
    ConsoleReporter::ReportRuns(runs);
  }

 private:
  std::set<std::string> medians;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--sample") == 0) {
    std::puts(bench::sample().to_json().c_str());
    return 0;
  }
#ifdef EVENTS_BENCH_SIMDJSON
  if (argc > 2 && std::strcmp(argv[1], "--parse-many") == 0) return events_bench::parse_many(argv[2]);
#endif
  benchmark::Initialize(&argc, argv);
#ifdef EVENTS_HAVE_KAFKA_BENCH
  if (!std::getenv("EVENTS_BENCH_SKIP_KAFKA")) events_bench::register_kafka_benchmarks();
#endif
  capture reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();

  std::vector<events_bench::comparison> lines;
  auto add = [&](const char* name, const char* ours, const char* base) {
    auto a = reporter.ns.find(ours), b = reporter.ns.find(base);
    if (a == reporter.ns.end() || b == reporter.ns.end()) return;
    std::string note;  // the allocations per operation, of a benchmark that counts them
    if (auto c = reporter.counters.find(ours); c != reporter.counters.end() && c->second.count("allocs"))
      note = "allocations per decode: " + std::to_string(static_cast<int>(c->second.at("allocs").value + 0.5));
    lines.push_back({name, a->second, b->second, note});
  };
  add("decode_vs_nlohmann", "events_decode", "baseline_decode");
  add("decode_fresh_vs_nlohmann", "events_decode_fresh", "baseline_decode");
  // The parse limit: simdjson's full parse of the same text, no objects built (above 1: faster).
  add("decode_vs_simdjson_parse", "events_decode", "simdjson_parse");
  add("encode_vs_nlohmann", "events_encode", "baseline_encode");
  add("registry_vs_linear_scan", "registry_lookup", "linear_scan_lookup");
  add("peer_object_read_vs_nlohmann", "events_peer_read", "nlohmann_peer_read");
  add("peer_object_write_vs_nlohmann", "events_peer_write", "nlohmann_peer_write");
  // Confluent's framing (schema_registry_bench.cpp): ratios near 1.00x mean it costs next to nothing.
  add("framed_encode_vs_plain", "framed_encode", "plain_encode");
  add("framed_decode_vs_plain", "framed_decode", "plain_decode");
  add("kafka_framed_encode_vs_plain", "kafka_framed_encode", "plain_encode");
  add("kafka_framed_decode_vs_plain", "kafka_framed_decode", "plain_decode");
  // Throughput comparisons: per-message times from the best runs' msgs/s, the rates and the
  // spread of the per-run ratios as the note.
  for (const auto& [name, c] : reporter.counters) {
    auto typed = c.find("typed_msgs_per_s"), raw = c.find("raw_msgs_per_s");
    if (typed == c.end() || raw == c.end() || typed->second.value <= 0 || raw->second.value <= 0) continue;
    // Only the decoding comparison does the same work on both sides; the others are diagnostics
    // (kafka/kafka_bench.hpp): the cost per message is benchmarks/kafka/cost.sh.
    const bool diagnostic = name != "kafka_consume_vs_raw_decoding";
    char note[300];
    std::snprintf(note, sizeof note, "%styped %.0f msgs/s, raw %.0f msgs/s, best of %.0f interleaved runs; run ratios %.2f..%.2f",
                  diagnostic ? "diagnostic, no target (shares two cores with the in-process broker); " : "",
                  typed->second.value, raw->second.value, c.at("runs").value, c.at("run_ratio_min").value,
                  c.at("run_ratio_max").value);
    lines.push_back({name, 1e9 / typed->second.value, 1e9 / raw->second.value, note});
  }
  std::fflush(stdout);
  for (const auto& c : lines)
    std::printf("%s: %.2fx (events %.1f ns, baseline %.1f ns)%s%s\n", c.name.c_str(), c.baseline_ns / c.events_ns,
                c.events_ns, c.baseline_ns, c.note.empty() ? "" : " ", c.note.c_str());
  return 0;
}
