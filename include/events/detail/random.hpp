#pragma once
// The random bits of uuid v4/v7: xoshiro256** per thread, seeded from the operating system's
// entropy (getentropy), so that a header which only makes ids does not pull in <random>.
#include <chrono>
#include <cstdint>
#include <cstring>

#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#if defined(__APPLE__)
#include <sys/random.h>
#endif
#define EVENTS_DETAIL_HAS_GETENTROPY 1
#else
#include <random>
#endif

namespace events::detail {

class random_bits {
 public:
  random_bits() noexcept {
    std::uint64_t seed[4]{};
#if defined(EVENTS_DETAIL_HAS_GETENTROPY)
    if (::getentropy(seed, sizeof seed) != 0) seed[0] = fallback_seed();
#else
    std::random_device rd;
    for (auto& w : seed) w = (std::uint64_t{rd()} << 32) ^ rd();
#endif
    // splitmix64 spreads whatever the seed holds over the whole state (never all zero).
    std::uint64_t x = seed[0] ^ seed[1] ^ seed[2] ^ seed[3];
    for (int i = 0; i < 4; ++i) s_[i] = splitmix(x) ^ seed[i];
  }

  /// The next 64 random bits.
  std::uint64_t operator()() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  /// This thread's generator.
  static random_bits& local() noexcept {
    thread_local random_bits g;
    return g;
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
  static constexpr std::uint64_t splitmix(std::uint64_t& x) noexcept {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Without the OS's entropy: the address of this thread's state and the clock.
  std::uint64_t fallback_seed() const noexcept {
    std::uint64_t a = 0;
    const void* p = this;
    std::memcpy(&a, &p, sizeof p < sizeof a ? sizeof p : sizeof a);
    return a ^ static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  }

  std::uint64_t s_[4];
};

}  // namespace events::detail
