#pragma once
/// \file A compile-time list of event types (envelopes), named by wire type and version.
///
/// \code
/// using todo_registry = events::registry<events::flat_event<TodoCreated>, events::flat_event<TodoUpdated>>;
/// static_assert(todo_registry::size == 2);
/// \endcode
#include <events/event.hpp>
#include <events/payload.hpp>

#include <array>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>

namespace events {

/// An envelope type: event<P>, flat_event<P>, or any type with a payload_type and from_json.
template <class E>
concept envelope_type = requires { typename E::payload_type; } && payload<typename E::payload_type>;

/// A list of envelope types; the catalog headers each name one, and registries concatenate.
template <envelope_type... E>
struct registry {
  using types = std::tuple<E...>;
  static constexpr std::size_t size = sizeof...(E);
  /// Wire event_type of each entry, in list order.
  static constexpr std::array<std::string_view, size> type_names{std::string_view(E::payload_type::type)...};
  /// Version of each entry, in list order.
  static constexpr std::array<int, size> versions{payload_version<typename E::payload_type>...};
  /// True when T is one of the entries.
  template <class T>
  static constexpr bool contains = (std::is_same_v<T, E> || ...);
};

namespace detail {
template <class... R> struct registry_concat;
template <class... A> struct registry_concat<registry<A...>> { using type = registry<A...>; };
template <class... A, class... B, class... R>
struct registry_concat<registry<A...>, registry<B...>, R...> : registry_concat<registry<A..., B...>, R...> {};
}  // namespace detail

/// The registry of every entry of the given registries, in order.
template <class... R>
using registry_union = typename detail::registry_concat<R...>::type;

}  // namespace events
