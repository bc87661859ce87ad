#pragma once
/// \file Codec of std::string: a JSON string, UTF-8 checked by the reader and by validate().
#include <events/codec/core.hpp>
#include <events/detail/json_write.hpp>
#include <events/detail/utf8.hpp>

#include <string>
#include <string_view>
#include <type_traits>

namespace events {

namespace detail {
/// s into out, in out's room when it has enough (a reused event's strings): clear and append
/// take libstdc++'s short path, where assign takes its general replace.
inline void assign_text(std::string& out, std::string_view s) {
  out.clear();
  out.append(s.data(), s.size());
}
}  // namespace detail

/// A JSON string.
template <>
struct codec<std::string> {
  static void write(detail::json_out& out, const std::string& v) { detail::write_escaped(out, v); }
  static void write(std::string& out, const std::string& v) { detail::write_through(out, v); }
  [[gnu::always_inline]] static void read(decode_context& ctx, std::string& out) {
    if (ctx.reader.peek() == detail::value_kind::string) [[likely]]
      ctx.reader.read_string_into(out);
    else
      not_string(ctx);
  }
  static void validate(const std::string& v, validate_context& ctx) {
    if (!detail::is_valid_utf8(v))
      ctx.fail(error_codes::string_unicode,
               "Input should be a valid string, unable to parse raw data as a unicode string");
  }
  template <class B, class J>
  static void schema(B&, J& s) { s = {{"type", "string"}}; }
  [[gnu::noinline]] static void not_string(decode_context& ctx) {
    ctx.wrong_type(error_codes::string_type, "Input should be a valid string");
  }
  template <class S>
  static void sample(std::string& v, S& s, std::string_view field) { v = s.text_for(field); }
  template <class W>
  static constexpr bool reads() { return std::is_enum_v<W>; }  // an enum is written as one of its names
};

}  // namespace events
