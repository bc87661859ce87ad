// simdjson's full parse (DOM, reused parser) of the benchmark event's text: the parse limit the
// typed, validated decode is compared with in the same run (decode_vs_simdjson_parse). And
// `events_bench --parse-many FILE`: simdjson's parse_many over an NDJSON file on one core, the
// rate benchmarks/validate_bench.py sets `events validate` beside.
#include "task_event.hpp"

#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace {

void simdjson_parse(benchmark::State& state) {
  const simdjson::padded_string text(bench::sample().to_json());
  simdjson::dom::parser parser;
  for (auto _ : state) {
    simdjson::dom::element doc;
    auto error = parser.parse(text).get(doc);
    benchmark::DoNotOptimize(doc);
    if (error) state.SkipWithError("simdjson: parse failed");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(simdjson_parse);


}  // namespace

namespace events_bench {

/// Parses every document of an NDJSON file with simdjson's parse_many; prints
/// "<documents> documents in <seconds> s" (the best of 3). Non-zero on a parse error.
int parse_many(const char* path) {
  simdjson::padded_string text;
  if (simdjson::padded_string::load(path).get(text)) {
    std::fprintf(stderr, "events_bench: cannot read %s\n", path);
    return 1;
  }
  double best = 0;
  std::size_t documents = 0;
  simdjson::dom::parser parser;
  for (int run = 0; run < 3; ++run) {
    auto start = std::chrono::steady_clock::now();
    simdjson::dom::document_stream stream;
    if (parser.parse_many(text).get(stream)) return 1;
    std::size_t n = 0;
    for (auto doc : stream) {
      if (doc.error()) return 1;
      ++n;
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (run == 0 || s < best) best = s;
    documents = n;
  }
  std::printf("%zu documents in %.6f s\n", documents, best);
  return 0;
}

}  // namespace events_bench
