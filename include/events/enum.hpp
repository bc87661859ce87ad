#pragma once
/// \file Enums on the wire: written as their enumerator names with no macro, or as names you give.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

namespace events {

/// Customization point: wire names for an enum whose values are not identifiers.
/// <!-- given: enum class kind { created, deleted }; -->
/// \code
/// template <> struct events::enum_names<kind> {
///   static constexpr std::array<std::pair<kind, std::string_view>, 2> values{
///       {{kind::created, "task.created"}, {kind::deleted, "task.deleted"}}};
/// };
/// \endcode
template <class E>
struct enum_names;

/// Customization point: the range of underlying values scanned for enumerator names
/// (default [-32, 128)). Specialize with `static constexpr int min, max;` for wider enums.
template <class E>
struct enum_range {
  static constexpr int min = -32;
  static constexpr int max = 128;
};

namespace detail {

template <auto V>
consteval std::string_view enum_pretty() {
  return __PRETTY_FUNCTION__;
}

// "... V = ns::priority::high; ..." or "... [V = ns::priority::high]"; "(ns::priority)7" when
// the value has no enumerator.
consteval std::string_view enum_value_name(std::string_view s) {
  std::size_t begin = s.find("V = ");
  if (begin == std::string_view::npos) return {};
  begin += 4;
  std::size_t end = s.find_first_of(";]", begin);
  std::string_view v = s.substr(begin, end - begin);
  if (v.empty() || (v.front() >= '0' && v.front() <= '9') || v.front() == '-') return {};
  // "(ns::priority)7" has no enumerator; "(anonymous namespace)::priority::high" (clang) has one.
  if (v.front() == '(' && v.substr(v.rfind(')') + 1).find(':') == std::string_view::npos) return {};
  std::size_t colon = v.rfind(':');
  return colon == std::string_view::npos ? v : v.substr(colon + 1);
}

template <class E>
concept has_enum_names = requires { enum_names<E>::values; };

template <class E, int Min, int... I>
consteval auto reflect_enum(std::integer_sequence<int, I...>) {
  constexpr std::array<std::string_view, sizeof...(I)> names{
      enum_value_name(enum_pretty<static_cast<E>(Min + I)>())...};
  constexpr std::size_t count = [&] {
    std::size_t n = 0;
    for (auto name : names) n += !name.empty();
    return n;
  }();
  std::array<std::pair<E, std::string_view>, count> out{};
  std::size_t k = 0;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (!names[i].empty()) out[k++] = {static_cast<E>(Min + static_cast<int>(i)), names[i]};
  return out;
}

template <class E>
consteval auto enum_table() {
  if constexpr (has_enum_names<E>) {
    return enum_names<E>::values;
  } else {
    constexpr int lo = enum_range<E>::min, hi = enum_range<E>::max;
    static_assert(lo < hi, "events: enum_range<E>::min must be below max");
    return reflect_enum<E, lo>(std::make_integer_sequence<int, hi - lo>{});
  }
}

}  // namespace detail

/// Every (value, wire name) pair of an enum, in declaration order of the values.
template <class E>
  requires std::is_enum_v<E>
inline constexpr auto enum_entries = detail::enum_table<E>();

/// The wire name of an enum value; empty when the value has none.
template <class E>
  requires std::is_enum_v<E>
constexpr std::string_view enum_to_string(E value) noexcept {
  for (const auto& [v, name] : enum_entries<E>)
    if (v == value) return name;
  return {};
}

/// The enum value with this wire name, if any.
template <class E>
  requires std::is_enum_v<E>
constexpr std::optional<E> enum_from_string(std::string_view name) noexcept {
  for (const auto& [v, n] : enum_entries<E>)
    if (n == name) return v;
  return std::nullopt;
}

}  // namespace events
