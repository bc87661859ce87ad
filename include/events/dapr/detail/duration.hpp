#pragma once
// Go duration strings ("300ms", "1h30m", "1.5s") as Dapr's jobs API takes them, both ways.
// Schedules (`@every <duration>`, cron) are read in cron.hpp.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace events::dapr::detail {

// Parses a Go duration: one or more <decimal><unit> with unit ns, us, µs, ms, s, m, h. A bare "0"
// is zero. Negative durations are refused (the jobs API has no use for them).
inline std::optional<std::chrono::nanoseconds> parse_go_duration(std::string_view s) {
  if (s == "0") return std::chrono::nanoseconds(0);
  if (s.empty()) return std::nullopt;
  long double total = 0;
  while (!s.empty()) {
    std::size_t i = 0;
    long double value = 0, scale = 1;
    bool digits = false, dot = false;
    for (; i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'); ++i) {
      if (s[i] == '.') {
        if (dot) return std::nullopt;
        dot = true;
        continue;
      }
      digits = true;
      if (dot) scale /= 10;
      value = value * (dot ? 1 : 10) + (s[i] - '0') * (dot ? scale : 1);
    }
    if (!digits) return std::nullopt;
    s.remove_prefix(i);
    long double unit = 0;
    auto take = [&](std::string_view u, long double ns) {
      if (s.substr(0, u.size()) != u) return false;
      unit = ns;
      s.remove_prefix(u.size());
      return true;
    };
    if (!(take("ns", 1) || take("us", 1e3) || take("\xC2\xB5s", 1e3) || take("ms", 1e6) || take("s", 1e9) ||
          take("m", 60e9) || take("h", 3600e9)))
      return std::nullopt;
    total += value * unit;
  }
  if (total > 9.2e18L) return std::nullopt;
  return std::chrono::nanoseconds(static_cast<std::int64_t>(total));
}

// A duration as Go writes it, in the largest exact unit: 200ms, 3s, 90m -> "1h30m" is not
// attempted; "5400s" is as valid for Dapr.
template <class Rep, class Period>
std::string go_duration(std::chrono::duration<Rep, Period> d) {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
  if (ns % 1000000000 == 0) return std::to_string(ns / 1000000000) + "s";
  if (ns % 1000000 == 0) return std::to_string(ns / 1000000) + "ms";
  if (ns % 1000 == 0) return std::to_string(ns / 1000) + "us";
  return std::to_string(ns) + "ns";
}

}  // namespace events::dapr::detail
