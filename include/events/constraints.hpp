#pragma once
/// \file Constraints carried in the type: events::string<max_length<200>>, events::number<int, ge<0>>.
#include <events/detail/fixed_string.hpp>
#include <events/detail/utf8.hpp>
#include <events/error_codes.hpp>

#include <compare>
#include <concepts>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace events {

namespace detail {
/// What a failed constraint reports: a stable code and a message.
struct violation {
  std::string_view code;
  std::string message;
};

/// What constraints tell a sampler: bounds on numbers and lengths, a fixed set of choices.
struct sample_limits {
  double lo = 0, hi = 1000;
  std::size_t min_length = 0, max_length = 64;
  const std::string_view* choices = nullptr;
  std::size_t choice_count = 0;
};

template <class V>
constexpr std::size_t length_of(const V& v) noexcept {
  if constexpr (std::is_convertible_v<const V&, std::string_view>)
    return code_points(std::string_view(v));  // characters, as Python counts them
  else
    return std::size(v);
}

template <class V>
constexpr bool is_text = std::is_convertible_v<const V&, std::string_view>;

/// What a pattern constraint (pattern<>, or a pattern checked by hand) says of a string: its
/// schema keywords, including the longest input it matches, and its two violations.
template <class J>
void describe_pattern(J& s, std::string_view pattern, std::size_t max_input) {
  s["pattern"] = std::string(pattern);
  if (!s.contains("maxLength") || s["maxLength"].template get<std::size_t>() > max_input) s["maxLength"] = max_input;
}
inline violation pattern_too_long(std::string_view pattern, std::size_t max_input) {
  return {error_codes::string_pattern_mismatch, "String is longer than " + std::to_string(max_input) +
                                                    " bytes, the limit for matching pattern '" + std::string(pattern) + "'"};
}
inline violation pattern_mismatch(std::string_view pattern) {
  return {error_codes::string_pattern_mismatch, "String should match pattern '" + std::string(pattern) + "'"};
}

template <class N>
std::string number_text(N n) {
  if constexpr (std::is_floating_point_v<N>) {
    std::string s = std::to_string(n);
    while (s.size() > 1 && s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
  } else {
    return std::to_string(n);
  }
}
}  // namespace detail

/// At least N characters (code points) for strings, N items for containers.
template <std::size_t N>
struct min_length {
  static constexpr std::size_t value = N;
  template <class J> static void schema(J& s) { s[s.contains("items") ? "minItems" : "minLength"] = N; }
  static void limit(detail::sample_limits& l) { l.min_length = N; }
  template <class V>
  static bool check(const V& v, detail::violation& out) {
    if constexpr (detail::is_text<V>)
      if (std::string_view(v).size() >= 4 * N) return true;  // a character is at most 4 bytes
    if (detail::length_of(v) >= N) return true;
    bool text = detail::is_text<V>;
    out = {text ? error_codes::string_too_short : error_codes::too_short,
           (text ? "String should have at least " : "List should have at least ") + std::to_string(N) +
               (text ? (N == 1 ? " character" : " characters") : (N == 1 ? " item" : " items"))};
    return false;
  }
};

/// At most N characters (code points) for strings, N items for containers.
template <std::size_t N>
struct max_length {
  static constexpr std::size_t value = N;
  template <class J> static void schema(J& s) { s[s.contains("items") ? "maxItems" : "maxLength"] = N; }
  static void limit(detail::sample_limits& l) { l.max_length = N; }
  template <class V>
  static bool check(const V& v, detail::violation& out) {
    if constexpr (detail::is_text<V>)
      if (std::string_view(v).size() <= N) return true;  // bytes bound characters
    if (detail::length_of(v) <= N) return true;
    bool text = detail::is_text<V>;
    out = {text ? error_codes::string_too_long : error_codes::too_long,
           (text ? "String should have at most " : "List should have at most ") + std::to_string(N) +
               (text ? (N == 1 ? " character" : " characters") : (N == 1 ? " item" : " items"))};
    return false;
  }
};

namespace detail {
enum class relation { ge, gt, le, lt };

template <relation R, class A, class B>
constexpr bool holds(const A& a, const B& b) noexcept {
  if constexpr (std::is_integral_v<A> && std::is_integral_v<B>) {
    if constexpr (R == relation::ge) return std::cmp_greater_equal(a, b);
    if constexpr (R == relation::gt) return std::cmp_greater(a, b);
    if constexpr (R == relation::le) return std::cmp_less_equal(a, b);
    if constexpr (R == relation::lt) return std::cmp_less(a, b);
  } else {
    if constexpr (R == relation::ge) return a >= b;
    if constexpr (R == relation::gt) return a > b;
    if constexpr (R == relation::le) return a <= b;
    if constexpr (R == relation::lt) return a < b;
  }
}

template <auto Bound, relation R, fixed_string Code, fixed_string Words>
struct bound {
  static constexpr auto value = Bound;
  static constexpr bool lower = R == relation::ge || R == relation::gt;
  static constexpr const char* keyword = R == relation::ge   ? "minimum"
                                         : R == relation::gt ? "exclusiveMinimum"
                                         : R == relation::le ? "maximum"
                                                             : "exclusiveMaximum";
  /// The tighter of this bound and one already there.
  template <class J> static void schema(J& s) {
    if (!s.contains(keyword) || (lower ? J(Bound) > s[keyword] : J(Bound) < s[keyword])) s[keyword] = Bound;
  }
  static void limit(sample_limits& l) {
    const auto b = static_cast<double>(Bound);
    if constexpr (R == relation::ge) l.lo = b;
    if constexpr (R == relation::gt) l.lo = b + 1;
    if constexpr (R == relation::le) l.hi = b;
    if constexpr (R == relation::lt) l.hi = b - 1;
  }
  template <class V>
  static bool check(const V& v, violation& out) {
    if (holds<R>(v, Bound)) return true;
    out = {Code.view(), "Input should be " + std::string(Words.view()) + " " + number_text(Bound)};
    return false;
  }
};
}  // namespace detail

/// Greater than or equal to Bound.
template <auto Bound>
struct ge : detail::bound<Bound, detail::relation::ge, "greater_than_equal", "greater than or equal to"> {};
/// Strictly greater than Bound.
template <auto Bound>
struct gt : detail::bound<Bound, detail::relation::gt, "greater_than", "greater than"> {};
/// Less than or equal to Bound.
template <auto Bound>
struct le : detail::bound<Bound, detail::relation::le, "less_than_equal", "less than or equal to"> {};
/// Strictly less than Bound.
template <auto Bound>
struct lt : detail::bound<Bound, detail::relation::lt, "less_than", "less than"> {};

/// One of the given literal strings.
template <detail::fixed_string... Allowed>
struct one_of {
  static constexpr std::string_view values[] = {Allowed.view()...};
  template <class J> static void schema(J& s) { s["enum"] = J::array({std::string(Allowed.view())...}); }
  static void limit(detail::sample_limits& l) {
    l.choices = values;
    l.choice_count = sizeof...(Allowed);
  }
  template <class V>
  static bool check(const V& v, detail::violation& out) {
    std::string_view s(v);
    for (auto a : values)
      if (a == s) return true;
    std::string expected;
    for (std::size_t i = 0; i < sizeof...(Allowed); ++i) {
      if (i) expected += i + 1 == sizeof...(Allowed) ? " or " : ", ";
      expected += '\'';
      expected += values[i];
      expected += '\'';
    }
    out = {error_codes::literal_error, "Input should be " + expected};
    return false;
  }
};

/// A custom rule: F is default-constructible and callable as `bool(const V&)`. It may declare
/// `static constexpr std::string_view code` and `message` (defaults: "value_error", "Value error").
template <class F>
struct predicate {
  template <class V>
  static bool check(const V& v, detail::violation& out) {
    if (F{}(v)) return true;
    std::string_view code = error_codes::value_error, message = "Value error, predicate failed";
    if constexpr (requires { F::code; }) code = F::code;
    if constexpr (requires { F::message; }) message = F::message;
    out = {code, std::string(message)};
    return false;
  }
};

/// A std::string with constraints checked on decode and by validate().
template <class... C>
struct string : std::string {
  using std::string::basic_string;
  string() = default;
  string(const std::string& s) : std::string(s) {}
  string(std::string&& s) noexcept : std::string(std::move(s)) {}
  string(std::string_view s) : std::string(s) {}
  string& operator=(std::string_view s) { std::string::assign(s); return *this; }
  using std::string::operator=;
  using constraints = string;  // marker used by detail::constrained
};

/// An arithmetic value with constraints checked on decode and by validate().
template <class T, class... C>
  requires std::is_arithmetic_v<T>
struct number {
  using value_type = T;
  T value{};
  constexpr number() = default;
  constexpr number(T v) noexcept : value(v) {}
  constexpr operator T() const noexcept { return value; }
  constexpr number& operator=(T v) noexcept { value = v; return *this; }
  constexpr T& get() noexcept { return value; }
  constexpr const T& get() const noexcept { return value; }
  friend constexpr bool operator==(const number& a, const number& b) noexcept { return a.value == b.value; }
  friend constexpr auto operator<=>(const number& a, const number& b) noexcept { return a.value <=> b.value; }
};

namespace detail {
// A constraint that says nothing to schemas or samplers (predicate<F>, a user's own) adds nothing.
template <class C, class J>
void describe(J& s) {
  if constexpr (requires { C::schema(s); }) C::schema(s);
}
template <class C>
void limit(sample_limits& l) {
  if constexpr (requires { C::limit(l); }) C::limit(l);
}

template <class T> struct constraint_info { static constexpr bool constrained = false; };
template <class... C> struct constraint_info<events::string<C...>> {
  static constexpr bool constrained = true;
  using underlying = std::string;
  template <class V> static void check_all(const V& v, auto&& report) {
    violation out;
    ((C::check(v, out) || (report(out), true)), ...);
  }
  template <class J> static void schema(J& s) { (describe<C>(s), ...); }
  static void limits(sample_limits& l) { (limit<C>(l), ...); }
};
template <class T, class... C> struct constraint_info<events::number<T, C...>> {
  static constexpr bool constrained = true;
  using underlying = T;
  template <class V> static void check_all(const V& v, auto&& report) {
    violation out;
    ((C::check(v, out) || (report(out), true)), ...);
  }
  template <class J> static void schema(J& s) { (describe<C>(s), ...); }
  static void limits(sample_limits& l) { (limit<C>(l), ...); }
};
}  // namespace detail

/// A type that carries constraints (events::string, events::number).
template <class T>
concept constrained = detail::constraint_info<T>::constrained;

}  // namespace events
