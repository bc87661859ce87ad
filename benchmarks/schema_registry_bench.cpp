// Confluent's framed JSON against plain JSON, same event, same run: encode and decode of the
// 530-byte benchmark task event through serializer<T>/deserializer<T> with the registry's answers
// cached (after the first message neither direction asks the registry anything), beside
// events::to_json / from_json of the same value. The frame costs 5 bytes, a cached id and, on
// decode, one lookup of the writer id's verdict.
#include "task_event.hpp"

#include <events/schema_registry/serde.hpp>

#include <benchmark/benchmark.h>

#include <stdexcept>
#include <string>

namespace {

namespace sr = events::schema_registry;
using bench::task_event;

struct fixture {
  sr::store store;
  sr::store_source source{store};
  sr::serializer<task_event> ser{source, {.validate = false}};
  sr::deserializer<task_event> de{source};
  task_event value = bench::sample();
  std::string plain = events::to_json(value);
  std::string framed = ser.serialize(value, "task-events").value();
  fixture() {
    if (!de.deserialize(framed)) throw std::runtime_error("framed decode failed");
  }
};
fixture& fx() {
  static fixture f;
  return f;
}

void plain_encode(benchmark::State& state) {
  auto& f = fx();
  std::string out;
  for (auto _ : state) {
    out.clear();
    events::to_json(out, f.value);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f.plain.size()));
}
BENCHMARK(plain_encode);

void framed_encode(benchmark::State& state) {
  auto& f = fx();
  std::string out;
  for (auto _ : state) {
    out.clear();
    auto errors = f.ser.serialize_to(f.value, "task-events", out);
    benchmark::DoNotOptimize(errors.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f.framed.size()));
}
BENCHMARK(framed_encode);

void plain_decode(benchmark::State& state) {
  auto& f = fx();
  for (auto _ : state) {
    auto r = events::from_json<task_event>(f.plain);
    benchmark::DoNotOptimize(r.has_value());
  }
}
BENCHMARK(plain_decode);

void framed_decode(benchmark::State& state) {
  auto& f = fx();
  for (auto _ : state) {
    auto r = f.de.deserialize(f.framed);
    benchmark::DoNotOptimize(r.has_value());
  }
}
BENCHMARK(framed_decode);

}  // namespace
