// Confluent's framed JSON against plain JSON, same event, same run: encode and decode of the
// 530-byte benchmark task event through serializer<T>/deserializer<T> with the registry's answers
// cached (after the first message neither direction asks the registry anything), beside
// events::to_json / from_json of the same value. The frame costs 5 bytes, a cached id and, on
// decode, one lookup of the writer id's verdict.
#include "task_event.hpp"

#include <events/schema_registry/serde.hpp>
#ifdef EVENTS_BENCH_KAFKA
#include <events/kafka/schema_registry.hpp>
#endif

#include <benchmark/benchmark.h>

#include <memory>
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

#ifdef EVENTS_BENCH_KAFKA
// The Kafka producer's and consumer's own steps with a registry_format (events/kafka/schema_registry.hpp),
// beside the plain ones above: the kept frame then the JSON after it, as producer::publish does; the writer's
// id admitted for the handler's type (the consumer's check before decoding) then the decode.
events::kafka::registry_format& format() {
  static events::kafka::registry_format f(fx().source);
  [[maybe_unused]] static bool added = (f.add<task_event>(), true);
  return f;
}
struct handler_entry {  // what the consumer's admit step is given: the handler's entry, its type's name
  std::string name;
};

void kafka_framed_encode(benchmark::State& state) {
  auto& f = fx();
  std::string out;
  events::kafka::detail::c_headers headers(1);
  for (auto _ : state) {
    out.clear();
    const auto* frame = events::kafka::detail::frame_for<task_event>(format(), "task-events");
    if (!frame) break;
    events::kafka::detail::write_with_frame(out, headers, frame, f.value);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(kafka_framed_encode);

void kafka_framed_decode(benchmark::State& state) {
  auto& f = fx();
  const handler_entry handler{std::string(events::detail::qualified_type_name<task_event>())};
  for (auto _ : state) {
    auto frame = sr::read_frame(f.framed);
    events::kafka::read_value v{frame->payload, frame->id, {}, {}};
    auto refused = events::kafka::detail::admit_with{&format(), &v}(handler);
    auto r = events::from_json<task_event>(v.json);
    benchmark::DoNotOptimize(refused.data());
    benchmark::DoNotOptimize(r.has_value());
  }
}
BENCHMARK(kafka_framed_decode);
#endif

}  // namespace
