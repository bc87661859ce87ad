#pragma once
/// \file Codec of events::json_value: any JSON value, kept as the text Pydantic writes for it
/// (Pydantic's Any).
#include <events/codec/core.hpp>
#include <events/json_value.hpp>

#include <string>
#include <string_view>

namespace events {

/// Any JSON value.
template <>
struct codec<json_value> {
  static constexpr bool free_form = true;

  static void write(detail::json_out& out, const json_value& v) { out += v.text(); }
  static void write(std::string& out, const json_value& v) { out += v.text(); }

  static void read(decode_context& ctx, json_value& v) { json_value::read_into(ctx, &v); }

  template <class B, class J>
  static void schema(B&, J& s) { s = J::object(); }  // any JSON value
  template <class S>
  static void sample(json_value& v, S& s, std::string_view) {
    switch (s.below(4)) {
      case 0: v = json_value(std::string(s.word())); break;
      case 1: v = static_cast<int>(s.below(100)); break;
      case 2: v = s.chance(50); break;
      default: v = json_value::object({{"value", std::string(s.word())}});
    }
  }
  static constexpr bool reads_wrapped = true;
  template <class W>
  static constexpr bool reads() { return true; }
};

}  // namespace events
