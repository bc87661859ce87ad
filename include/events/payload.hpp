#pragma once
/// \file What makes a plain aggregate an event payload: its wire type name and version.
#include <events/reflect.hpp>

#include <array>
#include <concepts>
#include <string_view>
#include <type_traits>

namespace events {

/// An event payload: a reflectable aggregate naming its wire type.
/// \code
/// struct OrderPlaced {
///   static constexpr std::string_view type = "order.placed";  // required
///   static constexpr int version = 2;                          // optional, default 1
///   events::uuid order_id;
/// };
/// \endcode
namespace detail {
// A static `type` (a data member named type, as in cloudevents::attributes, is not one).
template <class P>
concept static_type_member = requires { &P::type; } && !std::is_member_pointer_v<decltype(&P::type)>;
}  // namespace detail

template <class P>
concept payload = reflectable<P> && detail::static_type_member<P> && requires {
  typename std::integral_constant<std::size_t, std::string_view(P::type).size()>;
};

/// The version of a payload type (P::version, default 1).
template <class P>
inline constexpr int payload_version = [] {
  if constexpr (requires { typename std::integral_constant<int, P::version>; })
    return static_cast<int>(P::version);
  else
    return 1;
}();

namespace detail {
template <int V>
constexpr auto version_chars() {
  static_assert(V >= 0, "events: a payload version must not be negative");
  constexpr std::size_t digits = [] {
    std::size_t n = 1;
    for (int v = V; v >= 10; v /= 10) ++n;
    return n;
  }();
  std::array<char, digits + 2> out{};
  int v = V;
  for (std::size_t i = digits; i-- > 0; v /= 10) out[i] = static_cast<char>('0' + v % 10);
  out[digits] = '.';
  out[digits + 1] = '0';
  return out;
}
template <int V>
inline constexpr auto version_storage = version_chars<V>();
}  // namespace detail

/// The wire form of the version, "1.0" for version 1 (seed 000's `event_version`).
template <class P>
inline constexpr std::string_view payload_version_text{detail::version_storage<payload_version<P>>.data(),
                                                       detail::version_storage<payload_version<P>>.size()};

/// P::schema_version if declared ("2.0.0"), else empty: written by the nested envelope.
template <class P>
inline constexpr std::string_view payload_schema_version = [] {
  if constexpr (requires { typename std::integral_constant<std::size_t, std::string_view(P::schema_version).size()>; })
    return std::string_view(P::schema_version);
  else
    return std::string_view{};
}();

}  // namespace events
