// Registry lookup by (event_type, version): the compile-time perfect hash vs a linear scan of
// string compares over the same catalog, on every catalog name in turn.
#include <events/catalog.hpp>

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace {

using cat = events::catalog_registry;

// The names as a consumer sees them: copies in their own buffers, not the registry's literals.
struct probe {
  std::string type;
  int version;
};

const std::vector<probe>& probes() {
  static const std::vector<probe> p = [] {
    std::vector<probe> v;
    for (std::size_t i = 0; i < cat::size; ++i) v.push_back({std::string(cat::type_names[i]), cat::versions[i]});
    v.push_back({"no.such.event", 1});
    return v;
  }();
  return p;
}

std::size_t linear_find(std::string_view type, int version) noexcept {
  for (std::size_t i = 0; i < cat::size; ++i)
    if (cat::type_names[i] == type && cat::versions[i] == version) return i;
  return cat::size;
}

void registry_lookup(benchmark::State& state) {
  const auto& p = probes();
  std::size_t k = 0, sum = 0;
  for (auto _ : state) {
    const probe& q = p[k];
    sum += cat::find(q.type, q.version);
    if (++k == p.size()) k = 0;
  }
  benchmark::DoNotOptimize(sum);
}
BENCHMARK(registry_lookup);

void linear_scan_lookup(benchmark::State& state) {
  const auto& p = probes();
  std::size_t k = 0, sum = 0;
  for (auto _ : state) {
    const probe& q = p[k];
    sum += linear_find(q.type, q.version);
    if (++k == p.size()) k = 0;
  }
  benchmark::DoNotOptimize(sum);
}
BENCHMARK(linear_scan_lookup);

// Both agree on every name (checked once, outside the timing).
[[maybe_unused]] const bool agree = [] {
  for (const auto& q : probes())
    if (cat::find(q.type, q.version) != linear_find(q.type, q.version)) std::abort();
  return true;
}();

}  // namespace
