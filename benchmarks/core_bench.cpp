// Encode, decode(+validate) of the seed-004 task.created envelope: events vs hand-written
// nlohmann_json with date, in the same binary.
#include "bench_common.hpp"
#include "task_event.hpp"

#include <benchmark/benchmark.h>

namespace {

const std::string& wire() {
  static const std::string w = bench::sample().to_json();
  return w;
}

bench::baseline_event baseline_sample() {
  return nlohmann::json::parse(wire()).get<bench::baseline_event>();
}

void events_encode(benchmark::State& state) {
  auto ev = bench::sample();
  std::string out;
  for (auto _ : state) {
    out.clear();
    ev.to_json(out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * out.size()));
}
BENCHMARK(events_encode);

void baseline_encode(benchmark::State& state) {
  auto ev = baseline_sample();
  for (auto _ : state) {
    std::string out = nlohmann::json(ev).dump();
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(baseline_encode);

void events_decode(benchmark::State& state) {
  const std::string& w = wire();
  bench::task_event ev;
  const std::size_t before = events_bench::allocations();
  for (auto _ : state) {
    auto errors = events::from_json(w, ev);
    benchmark::DoNotOptimize(errors);
    if (!errors.empty()) state.SkipWithError("decode failed");
  }
  state.counters["allocs"] = static_cast<double>(events_bench::allocations() - before) / static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * w.size()));
}
BENCHMARK(events_decode);

void events_decode_fresh(benchmark::State& state) {
  const std::string& w = wire();
  const std::size_t before = events_bench::allocations();
  for (auto _ : state) {
    auto r = bench::task_event::from_json(w);
    benchmark::DoNotOptimize(r);
  }
  state.counters["allocs"] = static_cast<double>(events_bench::allocations() - before) / static_cast<double>(state.iterations());
}
BENCHMARK(events_decode_fresh);

void baseline_decode(benchmark::State& state) {
  const std::string& w = wire();
  for (auto _ : state) {
    auto ev = nlohmann::json::parse(w).get<bench::baseline_event>();
    benchmark::DoNotOptimize(ev);
  }
}
BENCHMARK(baseline_decode);

void events_validate(benchmark::State& state) {
  auto ev = bench::sample();
  for (auto _ : state) {
    auto errors = ev.validate();
    benchmark::DoNotOptimize(errors);
  }
}
BENCHMARK(events_validate);

}  // namespace
