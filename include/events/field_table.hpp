#pragma once
/// \file The object table: the one description of an object the codec, validation and schemas
/// walk (its fields' names, access to each, which may be omitted on the wire, whether unknown keys
/// are an error). Reflectable aggregates get theirs from PFR; envelopes from events::envelope.
#include <events/reflect.hpp>

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

namespace events {

/// What a type does with keys it does not declare (Pydantic's `extra`).
enum class extra_fields { ignore, forbid };

/// How a type writes its unset std::optional fields: as null (Pydantic's default) or not at all
/// (Pydantic's exclude_none; for types whose contract is a JSON Schema that refuses null).
/// Declare `static constexpr events::unset_optionals unset = events::unset_optionals::omit;`.
enum class unset_optionals { null, omit };

/// A field whose wire value is fixed by the type (event_type, event_version).
struct literal_field {
  std::string_view value;
  std::string_view also;  ///< A second accepted value when read ("task.created.v2"); empty: none
  /// JSON text spells value as it is (detail::plain_text): matched in place when read.
  bool plain = false;
  constexpr bool accepts(std::string_view s) const noexcept { return s == value || (!also.empty() && s == also); }
};

namespace detail {

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
concept static_unset = requires { &T::unset; } && !std::is_member_pointer_v<decltype(&T::unset)>;

template <class T>
constexpr unset_optionals unset_of() {
  if constexpr (static_unset<T>)
    return T::unset;
  else
    return unset_optionals::null;
}

// The policy of a field table: its own `unset`, else null.
template <class Table>
constexpr unset_optionals unset_policy() {
  if constexpr (requires { Table::unset; })
    return Table::unset;
  else
    return unset_optionals::null;
}

template <class T>
constexpr extra_fields extra_policy() {
  if constexpr (static_extra<T>)
    return T::extra;
  else
    return extra_fields::ignore;
}

// True when v is what value-initialization gives (so no default member initializer is seen).
// Containers and strings compare by emptiness: their elements need not be comparable.
template <class F>
constexpr bool initial_value(const F& v) {
  if constexpr (requires { v.empty(); })
    return v.empty();
  else if constexpr (std::equality_comparable<F> && std::is_default_constructible_v<F> && !reflectable<F>)
    return v == F{};
  else
    return true;
}

template <class T, std::size_t I>
constexpr bool probe_default() {
  T d{};
  return !initial_value(boost::pfr::get<I>(d));
}

/// Field I's default member initializer can be seen in a constant expression.
template <class T, std::size_t I>
concept constant_default = requires { typename std::bool_constant<probe_default<T, I>()>; };

/// The one rule of "may be absent from the wire", for decoding, schemas and compat: field I of T
/// is std::optional, or listed in T::defaulted, or has a default member initializer that differs
/// from value-initialization. Constant-evaluated; a default the compiler cannot evaluate at
/// compile time (a std::string on some compilers) counts as none here, and field_table's
/// required_mask looks at it at run time.
template <class T, std::size_t I>
constexpr bool may_be_absent() {
  using F = boost::pfr::tuple_element_t<I, T>;
  if constexpr (is_optional<F>::value) return true;
  else if (listed_as_defaulted<T>(field_names<T>[I])) return true;
  else if constexpr (constant_default<T, I>) return probe_default<T, I>();
  else return false;
}

/// A name as a template argument, so the compiler prints it in the failing instantiation.
template <std::size_t N>
struct field_label {
  char name[N + 1]{};
  constexpr field_label(std::string_view s) noexcept {
    for (std::size_t i = 0; i < N; ++i) name[i] = s[i];
  }
};

/// A field_label as a type whose name shows the text: g++ prints `label<field_label<5>{"colum"}>`;
/// clang 14 prints a class-type argument as its bytes ({{99, 111, ...}}), so there the name is
/// spelled as characters: `name_chars<'c', 'o', 'l', 'u', 'm'>`.
template <field_label L>
struct label {};
template <char... C>
struct name_chars {};
#if defined(__clang__)
template <field_label L, std::size_t... I>
name_chars<L.name[I]...> spell(std::index_sequence<I...>);
template <field_label L>
using spelled_name = decltype(spell<L>(std::make_index_sequence<sizeof(L.name) - 1>{}));
#else
template <field_label L>
using spelled_name = label<L>;
#endif

template <class Name>
struct defaulted_names_no_field {
  static_assert(sizeof(Name) == 0,
                "events: T::defaulted lists a name that is no field of T (the name is in the template arguments "
                "of defaulted_names_no_field)");
  static constexpr bool value = false;
};

// Every name in T::defaulted is a field of T, or a diagnostic naming the first that is not.
template <class T>
constexpr bool defaulted_names_fields() {
  if constexpr (static_defaulted<T>) {
    constexpr std::size_t bad = [] {
      for (std::size_t k = 0; k < std::size(T::defaulted); ++k) {
        bool found = false;
        for (std::string_view n : field_names<T>) found = found || n == std::string_view(T::defaulted[k]);
        if (!found) return k;
      }
      return std::size(T::defaulted);
    }();
    if constexpr (bad < std::size(T::defaulted)) {
      constexpr std::string_view name = T::defaulted[bad];
      return defaulted_names_no_field<spelled_name<field_label<name.size()>{name}>>::value;
    }
  }
  return true;
}

}  // namespace detail

/// The one description of an object that the codec, validation and schemas walk: `size`,
/// `names`, `get<I>(obj)`, `required_mask()` (bit I: field I must be on the wire), `extra`; a
/// table may also read the members it does not declare, with
/// `static void read_extra(decode_context&, std::string_view key, T&)` (CloudEvents' extension
/// attributes).
/// Reflectable aggregates get theirs from PFR; envelopes get theirs from events::envelope.
template <class T>
struct field_table;

template <reflectable T>
struct field_table<T> {
  static constexpr std::size_t size = field_count<T>;
  static_assert(size <= 64, "events: a reflected type may have at most 64 fields");
  static constexpr std::array<std::string_view, size> names = field_names<T>;
  static constexpr extra_fields extra = detail::extra_policy<T>();
  static constexpr unset_optionals unset = detail::unset_of<T>();
  static_assert(detail::defaulted_names_fields<T>());

  template <std::size_t I>
  static constexpr decltype(auto) get(T& v) noexcept { return boost::pfr::get<I>(v); }
  template <std::size_t I>
  static constexpr decltype(auto) get(const T& v) noexcept { return boost::pfr::get<I>(v); }

  /// Bit I set when field I must be present on the wire: neither std::optional, nor given a
  /// default member initializer that differs from value-initialization, nor listed in
  /// T::defaulted. Decided at compile time where the defaults are constants; the others are
  /// looked at once, on a value-initialized T.
  static std::uint64_t required_mask() {
    if constexpr (decided == all_fields) {
      return decided & ~absent;
    } else {
      static const std::uint64_t mask = [] {
        const T defaults{};
        std::uint64_t m = decided & ~absent;
        [&]<std::size_t... I>(std::index_sequence<I...>) {
          ((m |= !(decided >> I & 1) && detail::initial_value(boost::pfr::get<I>(defaults)) ? std::uint64_t{1} << I : 0), ...);
        }(std::make_index_sequence<size>{});
        return m;
      }();
      return mask;
    }
  }

 private:
  static constexpr std::uint64_t all_fields = size == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << size) - 1;
  // Bit I: field I may be absent (the compile-time half of the rule).
  static constexpr std::uint64_t absent = []<std::size_t... I>(std::index_sequence<I...>) {
    return ((std::uint64_t{detail::may_be_absent<T, I>()} << I) | ... | std::uint64_t{0});
  }(std::make_index_sequence<size>{});
  // Bit I: whether field I is required is known at compile time.
  static constexpr std::uint64_t decided = absent | []<std::size_t... I>(std::index_sequence<I...>) {
    return ((std::uint64_t{detail::constant_default<T, I>} << I) | ... | std::uint64_t{0});
  }(std::make_index_sequence<size>{});
};

/// A type the codec reads and writes as a JSON object.
template <class T>
concept object_type = requires { field_table<T>::size; };

/// Calls f(name, field) for every field of an object, in wire order.
template <class T, class F>
constexpr void for_each_entry(T& obj, F&& f) {
  using table = field_table<std::remove_const_t<T>>;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (f(table::names[I], table::template get<I>(obj)), ...);
  }(std::make_index_sequence<table::size>{});
}

}  // namespace events
