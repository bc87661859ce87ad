// Counts the heap allocations of events_bench (the global operator new replaced, malloc behind
// it), so a benchmark can report its allocations per operation beside its time.
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace {
std::atomic<std::size_t> count{0};
}

namespace events_bench {
std::size_t allocations() noexcept { return count.load(std::memory_order_relaxed); }
}  // namespace events_bench

void* operator new(std::size_t n) {
  count.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
