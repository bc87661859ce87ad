// The peers' benchmark object (peer_object.hpp): events and nlohmann_json read the same text into
// the same structs and write them back, in the same run (events_bench prints the ratios).
#include "peer_object.hpp"

#include <benchmark/benchmark.h>

#include <stdexcept>
#include <string>

namespace {

peer::obj_t parsed() {
  peer::obj_t obj;
  if (!events::from_json(peer::text, obj).empty()) throw std::runtime_error("peer object: events cannot read it");
  return obj;
}

void events_peer_read(benchmark::State& state) {
  peer::obj_t obj;
  for (auto _ : state) {
    auto errors = events::from_json(peer::text, obj);
    benchmark::DoNotOptimize(errors);
    if (!errors.empty()) state.SkipWithError("decode failed");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * peer::text.size()));
}
BENCHMARK(events_peer_read);

void nlohmann_peer_read(benchmark::State& state) {
  peer::obj_t obj;
  for (auto _ : state) {
    nlohmann::json::parse(peer::text).get_to(obj);
    benchmark::DoNotOptimize(obj);
  }
}
BENCHMARK(nlohmann_peer_read);

void events_peer_write(benchmark::State& state) {
  const peer::obj_t obj = parsed();
  std::string out;
  for (auto _ : state) {
    out.clear();
    events::to_json(out, obj);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * out.size()));
}
BENCHMARK(events_peer_write);

void nlohmann_peer_write(benchmark::State& state) {
  const peer::obj_t obj = parsed();
  for (auto _ : state) {
    std::string out = nlohmann::json(obj).dump();
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(nlohmann_peer_write);

}  // namespace
