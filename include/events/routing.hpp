#pragma once
/// \file Where an event goes: its default topic and its partition key (the entity id).
#include <events/field_table.hpp>
#include <events/payload.hpp>
#include <events/value_text.hpp>

#include <string>
#include <string_view>
#include <type_traits>

namespace events {

/// The payload's default topic (P::topic); empty when it declares none.
template <class P>
constexpr std::string_view topic_of() noexcept {
  if constexpr (requires { P::topic; })
    return P::topic;
  else
    return {};
}

namespace detail {
template <class P>
constexpr std::size_t key_index() {
  for (std::size_t i = 0; i < field_count<P>; ++i)
    if (field_names<P>[i] == P::key) return i;
  return field_count<P>;
}
}  // namespace detail

/// The partition key of a payload: the text of its field named by P::key (per-entity ordering);
/// empty when P declares no key.
template <payload P>
std::string partition_key(const P& p) {
  if constexpr (requires { P::key; }) {
    constexpr std::size_t i = detail::key_index<P>();
    static_assert(i < field_count<P>, "events: P::key names no field of the payload");
    return detail::text_of(get<i>(p));
  } else {
    return {};
  }
}

}  // namespace events
