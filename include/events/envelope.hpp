#pragma once
/// \file The CRTP base of envelopes: to_json, from_json, validate over a field table.
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

  friend bool operator==(const envelope&, const envelope&) = default;

 private:
  const Derived& self() const noexcept { return static_cast<const Derived&>(*this); }
};

}  // namespace events
