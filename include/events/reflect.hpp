#pragma once
/// \file Reflection of plain aggregates: field count, names and access, all at compile time.
#include <events/detail/field_names.hpp>

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace events {

namespace detail {
/// Base of envelopes (which have a base class, so PFR cannot reflect them).
struct envelope_tag {
  friend constexpr bool operator==(const envelope_tag&, const envelope_tag&) noexcept = default;
};

template <class T> struct is_std_container : std::false_type {};
template <class T, class A> struct is_std_container<std::vector<T, A>> : std::true_type {};
template <class K, class V, class C, class A> struct is_std_container<std::map<K, V, C, A>> : std::true_type {};
template <class T> struct is_std_container<std::optional<T>> : std::true_type {};
template <class T, std::size_t N> struct is_std_container<std::array<T, N>> : std::true_type {};
template <class C, class Tr, class A> struct is_std_container<std::basic_string<C, Tr, A>> : std::true_type {};
}  // namespace detail

/// A plain aggregate whose fields PFR can see: no base class, no user constructors.
template <class T>
concept reflectable = std::is_class_v<T> && std::is_aggregate_v<T> && !std::is_union_v<T> &&
                      !detail::is_std_container<T>::value && !std::is_base_of_v<detail::envelope_tag, T>;

namespace detail {
// Converts only to a base class of T: T{base_probe<T>{0}} compiles exactly when T's first
// element is a base. Neither an aggregate nor copyable, so that members constructible from
// almost anything (nlohmann::json, std::any) do not take it.
template <class T>
struct base_probe {
  explicit constexpr base_probe(int) noexcept {}
  base_probe(const base_probe&) = delete;
  template <class U>
    requires(std::is_class_v<U> && std::is_base_of_v<U, T> && !std::is_same_v<U, T>)
  constexpr operator U&() const noexcept;
};

template <class T>
concept has_base_class = requires { T{base_probe<T>{0}}; };

template <class T>
consteval std::size_t checked_field_count() {
  static_assert(!has_base_class<T>,
                "events: a reflected type must be a plain aggregate without base classes "
                "(Boost.PFR cannot see inherited fields); put the shared fields in a member instead");
  return boost::pfr::tuple_size_v<T>;
}
}  // namespace detail

/// Number of fields of a reflectable type.
template <reflectable T>
inline constexpr std::size_t field_count = detail::checked_field_count<T>();

/// Names of the fields of a reflectable type, in declaration order.
template <reflectable T>
inline constexpr std::array<std::string_view, field_count<T>> field_names =
    detail::field_name_table<T, field_count<T>>::names;

/// The I-th field of a reflectable value.
template <std::size_t I, reflectable T>
constexpr decltype(auto) get(T& value) noexcept {
  return boost::pfr::get<I>(value);
}
template <std::size_t I, reflectable T>
constexpr decltype(auto) get(const T& value) noexcept {
  return boost::pfr::get<I>(value);
}

/// Calls f(name, field) for each field of a reflectable value, in declaration order.
template <class T, class F>
  requires reflectable<std::remove_cvref_t<T>>
constexpr void for_each_field(T&& value, F&& f) {
  using type = std::remove_cvref_t<T>;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (f(field_names<type>[I], boost::pfr::get<I>(value)), ...);
  }(std::make_index_sequence<field_count<type>>{});
}

}  // namespace events
