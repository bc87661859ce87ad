#pragma once
// Random but realistic values of any reflected type, for `events sample`: words for text, fresh
// v4 ids, times around now, optionals sometimes null, within every constraint the type carries.
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

  template <class T>
  void fill(T& v, std::string_view name) {
    if constexpr (events::constrained<T>) {
      fill_constrained(v, name);
    } else if constexpr (std::is_same_v<T, bool>) {
      v = chance(50);
    } else if constexpr (std::is_integral_v<T>) {
      v = static_cast<T>(below(1000) + (std::is_signed_v<T> ? 1 : 0));
    } else if constexpr (std::is_floating_point_v<T>) {
      v = static_cast<T>(below(100000)) / 100;
    } else if constexpr (std::is_same_v<T, std::string>) {
      v = text_for(name);
    } else if constexpr (std::is_same_v<T, events::uuid>) {
      v = fresh_id();
    } else if constexpr (std::is_same_v<T, events::timestamp>) {
      v = fresh_time();
    } else if constexpr (std::is_enum_v<T>) {
      constexpr auto& entries = events::enum_entries<T>;
      v = entries[below(entries.size())].first;
    } else if constexpr (events::detail::is_optional<T>::value) {
      if (chance(30)) {
        v.reset();
      } else {
        v.emplace();
        fill(*v, name);
      }
    } else if constexpr (events::detail::is_vector<T>::value) {
      v.clear();
      std::size_t n = below(4);
      for (std::size_t i = 0; i < n; ++i) fill(v.emplace_back(), singular(name));
    } else if constexpr (events::detail::is_string_map<T>::value) {
      v.clear();
      std::size_t n = below(3);
      for (std::size_t i = 0; i < n; ++i) fill(v[std::string(pick(words))], name);
    } else if constexpr (std::is_same_v<T, nlohmann::json>) {
      switch (below(4)) {
        case 0: v = std::string(pick(words)); break;
        case 1: v = static_cast<int>(below(100)); break;
        case 2: v = chance(50); break;
        default: v = nlohmann::json{{"value", std::string(pick(words))}};
      }
    } else if constexpr (events::detail::object_type<T>) {
      events::detail::for_each_entry(v, [&](std::string_view field, auto&& f) {
        if constexpr (!std::is_same_v<std::remove_cvref_t<decltype(f)>, events::detail::literal_field>) fill(f, field);
      });
    }
  }

 private:
  static constexpr std::array<std::string_view, 16> words = {
      "groceries", "report", "meeting", "invoice", "garden", "dentist", "laundry", "budget",
      "presentation", "birthday", "flight", "library", "car", "workout", "plumber", "newsletter"};
  static constexpr std::array<std::string_view, 8> verbs = {"Buy", "Write", "Book", "Call", "Fix", "Plan", "Review", "Send"};
  static constexpr std::array<std::string_view, 4> priorities = {"low", "medium", "high", "urgent"};

  template <class A>
  std::string_view pick(const A& a) { return a[below(a.size())]; }

  static std::string_view singular(std::string_view name) {
    return name.size() > 1 && name.back() == 's' ? name.substr(0, name.size() - 1) : name;
  }

  static bool has(std::string_view name, std::string_view part) { return name.find(part) != std::string_view::npos; }

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

  template <class T>
  void fill_constrained(T& v, std::string_view name);

  std::mt19937_64 rng_;
};

namespace detail {
template <class C> struct string_limits {
  static void apply(std::size_t&, std::size_t&, const char*&) {}
  static bool matches(const std::string&) { return true; }
};
template <events::detail::fixed_string P, std::size_t M> struct string_limits<events::pattern<P, M>> {
  static void apply(std::size_t&, std::size_t&, const char*&) {}
  static bool matches(const std::string& s) {
    events::detail::violation v;
    return events::pattern<P, M>::check(s, v);
  }
};
template <std::size_t N> struct string_limits<events::min_length<N>> {
  static void apply(std::size_t& lo, std::size_t&, const char*&) { lo = N; }
  static bool matches(const std::string&) { return true; }
};
template <std::size_t N> struct string_limits<events::max_length<N>> {
  static void apply(std::size_t&, std::size_t& hi, const char*&) { hi = N; }
  static bool matches(const std::string&) { return true; }
};
template <events::detail::fixed_string... A> struct string_limits<events::one_of<A...>> {
  static void apply(std::size_t&, std::size_t&, const char*& choice) {
    static constexpr const char* values[] = {A.data...};
    static std::size_t turn = 0;
    choice = values[turn++ % sizeof...(A)];
  }
  static bool matches(const std::string&) { return true; }
};
template <class C> struct number_limits { static void apply(double&, double&) {} };
template <auto B> struct number_limits<events::ge<B>> { static void apply(double& lo, double&) { lo = static_cast<double>(B); } };
template <auto B> struct number_limits<events::gt<B>> { static void apply(double& lo, double&) { lo = static_cast<double>(B) + 1; } };
template <auto B> struct number_limits<events::le<B>> { static void apply(double&, double& hi) { hi = static_cast<double>(B); } };
template <auto B> struct number_limits<events::lt<B>> { static void apply(double&, double& hi) { hi = static_cast<double>(B) - 1; } };

template <class T> struct constraint_pack;
template <class... C> struct constraint_pack<events::string<C...>> {
  static void limits(std::size_t& lo, std::size_t& hi, const char*& choice) { (string_limits<C>::apply(lo, hi, choice), ...); }
  static bool matches(const std::string& s) { return (string_limits<C>::matches(s) && ...); }
};
template <class N, class... C> struct constraint_pack<events::number<N, C...>> {
  static void limits(double& lo, double& hi) { (number_limits<C>::apply(lo, hi), ...); }
};
}  // namespace detail

template <class T>
void sampler::fill_constrained(T& v, std::string_view name) {
  using U = typename events::detail::constraint_info<T>::underlying;
  if constexpr (std::is_same_v<U, std::string>) {
    std::size_t lo = 0, hi = 64;
    const char* choice = nullptr;
    detail::constraint_pack<T>::limits(lo, hi, choice);
    // The text the name suggests; under a pattern, the first of a few common shapes that matches.
    const std::string candidates[] = {text_for(name), text_for("email"), text_for("url"),
                                      std::to_string(below(100000)), fresh_id().to_string(),
                                      events::format_timestamp(fresh_time()), std::string(pick(words))};
    std::string s = choice ? std::string(choice) : candidates[0];
    for (const auto& c : candidates)
      if (!choice && detail::constraint_pack<T>::matches(c)) {
        s = c;
        break;
      }
    while (s.size() < lo) s += " " + std::string(pick(words));
    if (s.size() > hi) s.resize(hi);
    static_cast<std::string&>(v) = s;
  } else {
    double lo = 0, hi = 1000;
    detail::constraint_pack<T>::limits(lo, hi);
    if (hi < lo) hi = lo;
    double x = lo + static_cast<double>(below(static_cast<std::size_t>(std::min(hi - lo, 1e6)) + 1));
    v = static_cast<U>(x);
  }
}

}  // namespace events_tool
