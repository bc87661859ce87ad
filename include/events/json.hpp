#pragma once
/// \file JSON for any reflected type: straight from the struct to text and back, no DOM between.
///
/// \code
/// struct OrderPlaced { events::uuid order_id; events::string<events::min_length<1>> title; };
/// OrderPlaced order{.order_id = events::uuid::v4(), .title = "Book"};
/// std::string wire = events::to_json(order);
/// events::result<OrderPlaced> back = events::from_json<OrderPlaced>(wire);
/// \endcode
#include <events/codec.hpp>
#include <events/error.hpp>
#include <events/validate.hpp>

#include <nlohmann/json_fwd.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

namespace events {

namespace detail {

/// A user's own to_json(json&, const T&) found by ADL: we then leave T to it.
namespace adl_probe {
void to_json();
template <class T>
concept has_own = requires(nlohmann::json& j, const T& v) { to_json(j, v); };
}  // namespace adl_probe

}  // namespace detail

/// Appends the JSON of `value` to `out`.
template <object_type T>
void to_json(std::string& out, const T& value) {
  detail::write_value(out, value);
}

/// The JSON text of `value`, byte for byte what Pydantic v2's model_dump_json writes.
template <object_type T>
std::string to_json(const T& value) {
  std::string out;
  detail::write_value(out, value);
  return out;
}

/// Not a reflected type or an envelope: a readable error instead of an unmet constraint.
template <class T>
  requires(!object_type<T>)
std::string to_json(const T&) {
  static_assert(object_type<T>,
                "events: to_json needs a plain aggregate (public fields, no base class, no constructors) "
                "or an envelope such as events::event<P>");
  return {};
}

/// Decodes and validates `text`: the value, or every error with its path. Never throws for
/// bad input.
template <object_type T>
result<T> from_json(std::string_view text, const decode_options& options = {}) {
  // Decoded in the result's own storage: the value is never moved.
  return result<T>(std::in_place, [&](T& value) { return detail::decode(text, value, options); });
}

/// Not a reflected type or an envelope: a readable error instead of an unmet constraint.
template <class T>
  requires(!object_type<T>)
result<T> from_json(std::string_view, const decode_options& = {}) {
  static_assert(object_type<T>,
                "events: from_json needs a plain aggregate (public fields, no base class, no constructors) "
                "or an envelope such as events::event<P>");
  return error_list{};
}

/// Decodes into an existing value (reusing its storage); returns every error, empty on success.
/// On success the value is what a fresh decode gives: the fields the text leaves out take their
/// defaults, nothing of the value's last message remains. After an error it is partly written.
template <object_type T>
error_list from_json(std::string_view text, T& value, const decode_options& options = {}) {
  return detail::decode(text, value, options);
}

/// Throwing layer: the decoded value, or decode_error holding every error.
template <object_type T>
T parse(std::string_view text, const decode_options& options = {}) {
  return from_json<T>(text, options).value();
}

}  // namespace events

/// Every reflected aggregate converts to and from nlohmann::json (unless it brings its own
/// to_json), through the text codec: the same bytes and the same errors by construction.
/// from_json throws events::decode_error holding every error.
template <class T>
  requires events::reflectable<T> && (!events::detail::adl_probe::has_own<T>)
struct nlohmann::adl_serializer<T, void> {
  // Templates on the JSON type: this header needs only nlohmann's forward declarations.
  template <class BasicJson>
  static void to_json(BasicJson& j, const T& v) { j = BasicJson::parse(events::to_json(v)); }
  template <class BasicJson>
  static void from_json(const BasicJson& j, T& v) {
    T value{};
    events::error_list errors =
        events::detail::decode(j.dump(-1, ' ', false, BasicJson::error_handler_t::replace), value, {});
    if (!errors.empty()) throw events::decode_error(std::move(errors));
    v = std::move(value);
  }
};
