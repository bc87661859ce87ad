#pragma once
// Shared by the benchmark files: one comparison line of events_bench's summary.
#include <cstddef>
#include <string>
#include <vector>

namespace events_bench {

/// Heap allocations so far in this process (alloc_count.cpp).
std::size_t allocations() noexcept;

/// `<name>: <ratio>x (events <ns> ns, baseline <ns> ns)[ <note>]`, ratio = baseline / events.
struct comparison {
  std::string name;
  double events_ns;
  double baseline_ns;
  std::string note{};  ///< e.g. the absolute rates and the spread of a throughput comparison
};

}  // namespace events_bench
