#pragma once
// The demos' counters (examples/kafka/pipeline.cpp, examples/dapr/demo.cpp): per service, how
// many of each thing happened, shared by the services' threads.
#include <map>
#include <mutex>
#include <string>

namespace demo {

struct tally {
  std::mutex mu;  // guards counts, and what a demo keeps beside them
  std::map<std::string, std::map<std::string, int>> counts;  // service -> what -> n
  void add(const std::string& service, const std::string& what, int n = 1) {
    std::lock_guard lock(mu);
    counts[service][what] += n;
  }
  int get(const std::string& service, const std::string& what) {
    std::lock_guard lock(mu);
    return counts[service][what];
  }
};

}  // namespace demo
