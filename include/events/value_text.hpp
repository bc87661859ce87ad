#pragma once
/// \file The text of a value where a header, a key or an attribute needs one: a uuid in its
/// canonical form, a timestamp as Pydantic writes it, an optional's value (empty when unset), a
/// number's decimal digits, a string as it is. One rule for partition keys (routing.hpp), event
/// ids (event_traits.hpp) and CloudEvents attributes.
#include <events/timestamp.hpp>
#include <events/uuid.hpp>

#include <string>
#include <string_view>
#include <type_traits>

namespace events::detail {

/// Calls fn(text) with the text of v, written into a stack buffer where it can be: no
/// allocation for ids and times. The view is valid during the call only.
template <class V, class Fn>
void visit_text(const V& v, Fn&& fn) {
  if constexpr (std::is_same_v<V, uuid>) {
    char buf[uuid::text_size];
    v.write(buf);
    fn(std::string_view(buf, sizeof buf));
  } else if constexpr (std::is_same_v<V, timestamp>) {
    char buf[timestamp_max_text];
    fn(std::string_view(buf, format_timestamp(v, buf)));
  } else if constexpr (std::is_convertible_v<const V&, std::string_view>) {
    fn(std::string_view(v));
  } else if constexpr (requires { v.has_value(); *v; }) {
    if (v.has_value())
      visit_text(*v, fn);
    else
      fn(std::string_view());
  } else if constexpr (std::is_arithmetic_v<V>) {
    const std::string s = std::to_string(v);
    fn(std::string_view(s));
  } else {
    visit_text(static_cast<typename V::value_type>(v), fn);  // a constrained number (events::number)
  }
}

/// The text of v, as visit_text gives it.
template <class V>
std::string text_of(const V& v) {
  std::string out;
  visit_text(v, [&](std::string_view s) { out.assign(s); });
  return out;
}

}  // namespace events::detail
