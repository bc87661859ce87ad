// events_bench: Google Benchmark output, then one summary line per comparison:
//   <name>: <ratio>x (events <ns> ns, baseline <ns> ns)
// `events_bench --sample` prints the benchmark event's JSON (for benchmarks/pydantic_bench.py).
#include "bench_common.hpp"
#include "task_event.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#if __has_include("kafka/kafka_bench.hpp") && defined(EVENTS_BENCH_KAFKA)
#include "kafka/kafka_bench.hpp"
#define EVENTS_HAVE_KAFKA_BENCH 1
#endif

namespace {

class capture : public benchmark::ConsoleReporter {
 public:
  std::map<std::string, double> ns;
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs)
      if (r.run_type == Run::RT_Iteration && r.iterations > 0)
        ns[r.benchmark_name()] = r.GetAdjustedCPUTime() * 1e9 /
                                 benchmark::GetTimeUnitMultiplier(r.time_unit);
    ConsoleReporter::ReportRuns(runs);
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--sample") == 0) {
    std::puts(bench::sample().to_json().c_str());
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  capture reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();

  std::vector<events_bench::comparison> lines;
  auto add = [&](const char* name, const char* ours, const char* base) {
    auto a = reporter.ns.find(ours), b = reporter.ns.find(base);
    if (a != reporter.ns.end() && b != reporter.ns.end()) lines.push_back({name, a->second, b->second});
  };
  add("decode_vs_nlohmann", "events_decode", "baseline_decode");
  add("decode_fresh_vs_nlohmann", "events_decode_fresh", "baseline_decode");
  add("encode_vs_nlohmann", "events_encode", "baseline_encode");
  add("registry_vs_linear_scan", "registry_lookup", "linear_scan_lookup");
#ifdef EVENTS_HAVE_KAFKA_BENCH
  // EVENTS_BENCH_SKIP_KAFKA=1: the codec and registry figures only (the Kafka runs take minutes).
  if (!std::getenv("EVENTS_BENCH_SKIP_KAFKA"))
    for (auto& c : events_bench::kafka_comparisons()) lines.push_back(c);
#endif
  std::fflush(stdout);
  for (const auto& c : lines)
    std::printf("%s: %.2fx (events %.1f ns, baseline %.1f ns)\n", c.name.c_str(), c.baseline_ns / c.events_ns,
                c.events_ns, c.baseline_ns);
  return 0;
}
