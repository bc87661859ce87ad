#pragma once
// The one description of an object the codec, validation and schemas walk: its fields' names,
// access to each, which may be omitted on the wire, and whether unknown keys are an error.
// Reflectable aggregates get theirs from PFR; envelopes specialize field_table themselves.
#include <events/reflect.hpp>

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>

namespace events {

/// What a type does with keys it does not declare (Pydantic's `extra`).
enum class extra_fields { ignore, forbid };

namespace detail {

/// A field whose wire value is fixed by the type (event_type, event_version).
struct literal_field {
  std::string_view value;
  std::string_view also;  // a second accepted value when read ("task.created.v2"); empty: none
  constexpr bool accepts(std::string_view s) const noexcept { return s == value || (!also.empty() && s == also); }
};

template <class T> struct is_optional : std::false_type {};
template <class T> struct is_optional<std::optional<T>> : std::true_type {};

// Static members configure a type; a data member of the same name must not be mistaken for one.
template <class T>
concept static_extra = requires { &T::extra; } && !std::is_member_pointer_v<decltype(&T::extra)>;
template <class T>
concept static_defaulted = requires { &T::defaulted; } && !std::is_member_pointer_v<decltype(&T::defaulted)>;

template <class T>
constexpr bool listed_as_defaulted(std::string_view name) {
  if constexpr (static_defaulted<T>) {
    for (std::string_view d : T::defaulted)
      if (d == name) return true;
  }
  return false;
}

template <class T>
constexpr extra_fields extra_policy() {
  if constexpr (static_extra<T>)
    return T::extra;
  else
    return extra_fields::ignore;
}

// True when v is what value-initialization gives (so no default member initializer is seen).
// Containers compare by emptiness: their elements need not be comparable.
template <class F>
bool holds_initial_value(const F& v) {
  if constexpr (is_std_container<F>::value && requires { v.empty(); })
    return v.empty();
  else if constexpr (std::equality_comparable<F> && std::is_default_constructible_v<F> && !reflectable<F>)
    return v == F{};
  else
    return true;
}

template <class T>
struct field_table;

template <reflectable T>
struct field_table<T> {
  static constexpr std::size_t size = field_count<T>;
  static_assert(size <= 64, "events: a reflected type may have at most 64 fields");
  static constexpr std::array<std::string_view, size> names = field_names<T>;
  static constexpr extra_fields extra = extra_policy<T>();

  template <std::size_t I>
  static constexpr decltype(auto) get(T& v) noexcept { return boost::pfr::get<I>(v); }
  template <std::size_t I>
  static constexpr decltype(auto) get(const T& v) noexcept { return boost::pfr::get<I>(v); }

  /// Bit I set when field I must be present on the wire: neither std::optional, nor given a
  /// default member initializer that differs from value-initialization, nor listed in
  /// T::defaulted.
  static std::uint64_t required_mask() {
    static const std::uint64_t mask = [] {
      const T defaults{};
      std::uint64_t m = 0;
      [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((m |= std::uint64_t{is_required<I>(defaults)} << I), ...);
      }(std::make_index_sequence<size>{});
      return m;
    }();
    return mask;
  }

 private:
  template <std::size_t I>
  static bool is_required(const T& defaults) {
    using F = std::remove_cvref_t<decltype(boost::pfr::get<I>(defaults))>;
    if constexpr (is_optional<F>::value) {
      return false;
    } else {
      if (listed_as_defaulted<T>(names[I])) return false;
      return holds_initial_value(boost::pfr::get<I>(defaults));
    }
  }
};

/// A type the codec reads and writes as a JSON object.
template <class T>
concept object_type = requires { field_table<T>::size; };

/// Index of `key` in the table, trying `hint` first (fields usually arrive in declared order).
template <class Table>
constexpr std::size_t find_field(std::string_view key, std::size_t hint) noexcept {
  if (hint < Table::size && Table::names[hint] == key) return hint;
  for (std::size_t i = 0; i < Table::size; ++i)
    if (Table::names[i] == key) return i;
  return Table::size;
}

/// Calls f(name, field) for every field of an object, in wire order.
template <class T, class F>
constexpr void for_each_entry(T& obj, F&& f) {
  using table = field_table<std::remove_const_t<T>>;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (f(table::names[I], table::template get<I>(obj)), ...);
  }(std::make_index_sequence<table::size>{});
}

}  // namespace detail
}  // namespace events
