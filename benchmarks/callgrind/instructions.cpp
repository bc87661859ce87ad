// events_callgrind: runs one operation on the benchmark event N times, for callgrind to count
// instructions (benchmarks/callgrind.sh runs it with N and 2N and prints the difference / N, so
// start-up and first-call costs cancel out).
//   events_callgrind encode|decode|fresh N
// encode: to_json into a reused string; decode: from_json into a reused event; fresh: from_json
// into a new event each time (the result<> path).
#include "../task_event.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

// Keeps the compiler from dropping a result it cannot see used.
template <class T>
void keep(const T& v) {
  asm volatile("" : : "g"(&v) : "memory");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: events_callgrind encode|decode|fresh N\n");
    return 2;
  }
  const std::string mode = argv[1];
  const long n = std::strtol(argv[2], nullptr, 10);
  const bench::task_event ev = bench::sample();
  const std::string wire = ev.to_json();
  if (mode == "encode") {
    std::string out;
    for (long i = 0; i < n; ++i) {
      out.clear();
      ev.to_json(out);
      keep(out);
    }
    if (out != wire) return 1;
  } else if (mode == "decode") {
    bench::task_event back;
    for (long i = 0; i < n; ++i) {
      auto errors = events::from_json(wire, back);
      keep(errors);
      if (!errors.empty()) return 1;
    }
    if (back.to_json() != wire) return 1;
  } else if (mode == "fresh") {
    for (long i = 0; i < n; ++i) {
      auto r = bench::task_event::from_json(wire);
      keep(r);
      if (!r) return 1;
    }
  } else {
    std::fprintf(stderr, "events_callgrind: unknown mode '%s'\n", mode.c_str());
    return 2;
  }
  return 0;
}
