#pragma once
// Random but realistic values of any reflected type, for `events sample`: words for text, fresh
// v4 ids, times around now, optionals sometimes null, within every constraint the type carries.
#include <events/catalog.hpp>
#include <events/events.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>

namespace events_tool {

class sampler {
 public:
  explicit sampler(std::uint64_t seed) : rng_(seed) {}

  std::uint64_t next() { return rng_(); }
  bool chance(int percent) { return static_cast<int>(rng_() % 100) < percent; }
  std::size_t below(std::size_t n) { return n ? static_cast<std::size_t>(rng_() % n) : 0; }

  events::uuid fresh_id() {
    events::uuid u;
    for (auto& b : u.bytes) b = static_cast<std::uint8_t>(rng_());
    u.bytes[6] = static_cast<std::uint8_t>((u.bytes[6] & 0x0F) | 0x40);
    u.bytes[8] = static_cast<std::uint8_t>((u.bytes[8] & 0x3F) | 0x80);
    return u;
  }

  events::timestamp fresh_time() {
    using namespace std::chrono;
    auto base = floor<seconds>(system_clock::now());
    auto offset = seconds(static_cast<long long>(below(14 * 86400)) - 7 * 86400);
    events::timestamp t = time_point_cast<microseconds>(base + offset);
    if (chance(50)) t += microseconds(below(1000000));
    return t;
  }

  /// A value of T for a field called `name`: each field kind samples itself (codec<T>::sample).
  template <class T>
  void fill(T& v, std::string_view name) {
    events::detail::sample_value(v, *this, name);
  }

  /// A word of the sample vocabulary.
  std::string_view word() { return pick(words); }

  /// "tags" -> "tag": the name of one element of a list field.
  static std::string_view singular(std::string_view name) {
    return name.size() > 1 && name.back() == 's' ? name.substr(0, name.size() - 1) : name;
  }

  /// Text a field called `name` plausibly holds.
  std::string text_for(std::string_view name) {
    if (has(name, "priority")) return std::string(pick(priorities));
    if (has(name, "email")) return std::string(pick(words)) + "." + std::to_string(below(100)) + "@example.com";
    if (has(name, "user") || has(name, "_by") || has(name, "owner")) return "user-" + std::to_string(below(10000));
    if (name == "ip" || has(name, "ip_address")) return "192.0.2." + std::to_string(below(255));
    if (has(name, "url") || has(name, "attachment")) return "https://files.example.com/" + std::string(pick(words)) + ".pdf";
    if (has(name, "description") || has(name, "message") || has(name, "body") || has(name, "reason"))
      return std::string(pick(verbs)) + " the " + std::string(pick(words)) + " before the " + std::string(pick(words)) + ".";
    if (has(name, "recurrence") || has(name, "pattern") || has(name, "frequency"))
      return std::string(pick(std::array<std::string_view, 3>{"daily", "weekly", "monthly"}));
    if (has(name, "title") || has(name, "name") || has(name, "subject"))
      return std::string(pick(verbs)) + " " + std::string(pick(words));
    return std::string(pick(words));
  }

  /// Text within the limits the constraints state; under a pattern (which `matches` checks), the
  /// first of a few common shapes that matches.
  template <class Matches>
  std::string constrained_text(std::string_view name, const events::detail::sample_limits& l, Matches&& matches) {
    if (l.choice_count) return std::string(l.choices[turn_++ % l.choice_count]);
    const std::string candidates[] = {text_for(name), text_for("email"), text_for("url"),
                                      std::to_string(below(100000)), fresh_id().to_string(),
                                      events::format_timestamp(fresh_time()), std::string(pick(words))};
    std::string s = candidates[0];
    for (const auto& c : candidates)
      if (matches(c)) {
        s = c;
        break;
      }
    while (s.size() < l.min_length) s += " " + std::string(pick(words));
    if (s.size() > l.max_length) s.resize(l.max_length);
    return s;
  }

 private:
  static constexpr std::array<std::string_view, 16> words = {
      "groceries", "report", "meeting", "invoice", "garden", "dentist", "laundry", "budget",
      "presentation", "birthday", "flight", "library", "car", "workout", "plumber", "newsletter"};
  static constexpr std::array<std::string_view, 8> verbs = {"Buy", "Write", "Book", "Call", "Fix", "Plan", "Review", "Send"};
  static constexpr std::array<std::string_view, 4> priorities = {"low", "medium", "high", "urgent"};

  template <class A>
  std::string_view pick(const A& a) { return a[below(a.size())]; }

  static bool has(std::string_view name, std::string_view part) { return name.find(part) != std::string_view::npos; }

  std::size_t turn_ = 0;
  std::mt19937_64 rng_;
};

}  // namespace events_tool
