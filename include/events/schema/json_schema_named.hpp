#pragma once
/// \file The JSON Schema of an event type named at run time, among the types of a catalog: what
/// `events schema <type>` prints, for a catalog of your own. A catalog is a registry
/// (events::registry<E...>) or a std::tuple of event types (envelopes, payloads, or messages with
/// their own event_traits); a type is named by its wire type, event_traits<E>::type, which is its
/// newest version, or by "type.vN" for a given one.
///
/// \code
/// #include <events/schema/json_schema_named.hpp>
/// struct OrderPlaced {
///   static constexpr std::string_view type = "order.placed";
///   std::string order_id;
/// };
/// using my_catalog = events::registry<events::event<OrderPlaced>>;
/// auto schema = events::json_schema_named<my_catalog>("order.placed");  // std::optional<nlohmann::ordered_json>
/// \endcode
#include <events/event_traits.hpp>
#include <events/schema/json_schema.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace events {

namespace detail {
template <class Catalog>
struct catalog_types {
  using type = Catalog;  // a std::tuple of event types
};
template <class Catalog>
  requires requires { typename Catalog::types; }
struct catalog_types<Catalog> {
  using type = typename Catalog::types;  // a registry
};

template <class Tuple>
struct named_types;
template <class... E>
struct named_types<std::tuple<E...>> {
  static constexpr std::size_t size = sizeof...(E);
  static constexpr std::array<std::string_view, size> names{std::string_view(event_traits<E>::type)...};
  static constexpr std::array<int, size> versions{event_traits<E>::version...};
  static constexpr std::array<nlohmann::ordered_json (*)(schema_dialect), size> schemas{&json_schema<E>...};
};
}  // namespace detail

/// The position in Catalog's types of the type `name` names: its wire type (the newest version
/// when several have it) or "type.vN"; the number of types when none has that name.
template <class Catalog>
std::size_t find_named(std::string_view name) {
  using list = detail::named_types<typename detail::catalog_types<Catalog>::type>;
  std::size_t best = list::size;
  for (std::size_t i = 0; i < list::size; ++i) {
    if (list::names[i] == name && (best == list::size || list::versions[i] > list::versions[best])) best = i;
    const std::string suffix = ".v" + std::to_string(list::versions[i]);
    if (name.size() == list::names[i].size() + suffix.size() && name.starts_with(list::names[i]) &&
        name.ends_with(suffix))
      return i;
  }
  return best;
}

/// The JSON Schema of the type `name` names among Catalog's types (see find_named); none when no
/// type has that name.
template <class Catalog>
std::optional<nlohmann::ordered_json> json_schema_named(std::string_view name,
                                                        schema_dialect dialect = schema_dialect::draft07) {
  using list = detail::named_types<typename detail::catalog_types<Catalog>::type>;
  const std::size_t i = find_named<Catalog>(name);
  if (i == list::size) return std::nullopt;
  return list::schemas[i](dialect);
}

}  // namespace events
