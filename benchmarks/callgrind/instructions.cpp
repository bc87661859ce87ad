// events_callgrind: runs one operation on the benchmark event N times, for callgrind to count
// instructions (benchmarks/callgrind.sh runs it with N and 2N and prints the difference / N, so
// start-up and first-call costs cancel out).
//   events_callgrind encode|decode|fresh|baseline_encode|baseline_decode|peer_read|peer_write|
//                    nlohmann_peer_read|nlohmann_peer_write N
// encode: to_json into a reused string; decode: from_json into a reused event; fresh: from_json
// into a new event each time (the result<> path); baseline_*: the hand-written nlohmann_json +
// date code of task_event.hpp, as events_bench runs it. peer_read / peer_write and
// nlohmann_peer_read / nlohmann_peer_write: the peers' benchmark object (peer_object.hpp).
#include "../peer_object.hpp"
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

// One operation each, out of line: what main does around them cannot change how they compile.
[[gnu::noinline]] void encode(const bench::task_event& ev, std::string& out) {
  out.clear();
  ev.to_json(out);
}

[[gnu::noinline]] bool decode(const std::string& wire, bench::task_event& back) {
  return events::from_json(wire, back).empty();
}

[[gnu::noinline]] bool decode_fresh(const std::string& wire) {
  auto r = bench::task_event::from_json(wire);
  keep(r);
  return r.has_value();
}

[[gnu::noinline]] void baseline_encode(const bench::baseline_event& base, std::string& out) {
  out = nlohmann::json(base).dump();
}

[[gnu::noinline]] void baseline_decode(const std::string& wire, bench::baseline_event& back) {
  back = nlohmann::json::parse(wire).get<bench::baseline_event>();
}

[[gnu::noinline]] bool peer_read(peer::obj_t& obj) { return events::from_json(peer::text, obj).empty(); }

[[gnu::noinline]] void peer_write(const peer::obj_t& obj, std::string& out) {
  out.clear();
  events::to_json(out, obj);
}

[[gnu::noinline]] void nlohmann_peer_read(peer::obj_t& obj) { nlohmann::json::parse(peer::text).get_to(obj); }

[[gnu::noinline]] void nlohmann_peer_write(const peer::obj_t& obj, std::string& out) { out = nlohmann::json(obj).dump(); }

// The peers' object modes; false when `mode` is none of them.
bool run_peer(const std::string& mode, long n) {
  peer::obj_t obj;
  std::string out;
  if (mode == "peer_read") {
    for (long i = 0; i < n; ++i)
      if (!peer_read(obj)) std::exit(1);
  } else if (mode == "nlohmann_peer_read") {
    for (long i = 0; i < n; ++i) nlohmann_peer_read(obj);
  } else if (mode == "peer_write" || mode == "nlohmann_peer_write") {
    if (!peer_read(obj)) std::exit(1);
    for (long i = 0; i < n; ++i) {
      if (mode == "peer_write") peer_write(obj, out);
      else nlohmann_peer_write(obj, out);
      keep(out);
    }
  } else {
    return false;
  }
  keep(obj);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: events_callgrind encode|decode|fresh|baseline_encode|baseline_decode|peer_read|peer_write|"
                         "nlohmann_peer_read|nlohmann_peer_write N\n");
    return 2;
  }
  const std::string mode = argv[1];
  const long n = std::strtol(argv[2], nullptr, 10);
  if (run_peer(mode, n)) return 0;
  const bench::task_event ev = bench::sample();
  const std::string wire = ev.to_json();
  if (mode == "encode") {
    std::string out;
    for (long i = 0; i < n; ++i) {
      encode(ev, out);
      keep(out);
    }
    if (out != wire) return 1;
  } else if (mode == "decode") {
    bench::task_event back;
    for (long i = 0; i < n; ++i)
      if (!decode(wire, back)) return 1;
    if (back.to_json() != wire) return 1;
  } else if (mode == "fresh") {
    for (long i = 0; i < n; ++i)
      if (!decode_fresh(wire)) return 1;
  } else if (mode == "baseline_encode") {
    const auto base = nlohmann::json::parse(wire).get<bench::baseline_event>();
    std::string out;
    for (long i = 0; i < n; ++i) {
      baseline_encode(base, out);
      keep(out);
    }
  } else if (mode == "baseline_decode") {
    bench::baseline_event back;
    for (long i = 0; i < n; ++i) {
      baseline_decode(wire, back);
      keep(back);
    }
  } else {
    std::fprintf(stderr, "events_callgrind: unknown mode '%s'\n", mode.c_str());
    return 2;
  }
  return 0;
}
