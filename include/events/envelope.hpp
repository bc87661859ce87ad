#pragma once
/// \file The CRTP base of envelopes: to_json, from_json, validate over a field table, and the
/// event's metadata from events::event_traits (type, version, topic, key, id).
#include <events/event_traits.hpp>
#include <events/json.hpp>

#include <string>
#include <string_view>

namespace events {

/// Base of every envelope shape. Derived specializes detail::field_table<Derived> (names, get<I>,
/// required_mask, extra) and inherits the member API.
template <class Derived>
struct envelope : detail::envelope_tag {
  /// The JSON text of this envelope.
  std::string to_json() const { return events::to_json(self()); }
  /// Appends the JSON text of this envelope to `out`.
  void to_json(std::string& out) const { events::to_json(out, self()); }
  /// Decodes and validates: the envelope, or every error with its path.
  static result<Derived> from_json(std::string_view text, const decode_options& options = {}) {
    return events::from_json<Derived>(text, options);
  }
  /// Every constraint violation of this envelope and its payload.
  error_list validate() const { return events::validate(self()); }

  /// The wire type (event_traits<Derived>::type), e.g. "task.created".
  static constexpr std::string_view type() noexcept { return event_traits<Derived>::type; }
  /// The payload's version.
  static constexpr int version() noexcept { return event_traits<Derived>::version; }
  /// The default topic ("" when the payload declares none).
  static constexpr std::string_view topic() noexcept { return event_traits<Derived>::topic; }
  /// The partition key: the text of the payload's key field ("" when it declares none).
  std::string key() const { return event_traits<Derived>::key(self()); }
  /// The event id as text.
  std::string id() const { return event_traits<Derived>::id(self()); }

  friend bool operator==(const envelope&, const envelope&) = default;

 private:
  const Derived& self() const noexcept { return static_cast<const Derived&>(*this); }
};

}  // namespace events
