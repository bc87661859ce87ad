#pragma once
/// \file Codec of std::optional<T>: null or T's JSON. Whether an unset optional is written as
/// null or left out is the enclosing object's choice (see `omit_unset`).
#include <events/codec/core.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace events {

/// null, or the value.
template <class T>
struct codec<std::optional<T>> {
  static void write(std::string& out, const std::optional<T>& v) { detail::write_through(out, v); }
  static void write(detail::json_out& out, const std::optional<T>& v) {
    if (v)
      detail::write_value(out, *v);
    else
      out += "null";
  }
  static void read(decode_context& ctx, std::optional<T>& out) {
    if (ctx.reader.peek() == detail::value_kind::null) {
      ctx.reader.read_null();
      out.reset();
    } else {
      if (!out) out.emplace();
      detail::read_value(ctx, *out);
    }
  }
  static void validate(const std::optional<T>& v, validate_context& ctx)
    requires detail::validates<T>
  {
    if (v) detail::validate_value(*v, ctx);
  }
  template <class B, class J>
  static void schema(B& b, J& s) {
    s = {{"anyOf", J::array({b.template of<T>(), J{{"type", "null"}}})}};
  }
  template <class S>
  static void sample(std::optional<T>& v, S& s, std::string_view field) {
    if (s.chance(30)) {
      v.reset();
    } else {
      v.emplace();
      detail::sample_value(*v, s, field);
    }
  }
  static constexpr bool reads_wrapped = true;
  template <class W>
  static constexpr bool reads() {
    if constexpr (requires { typename W::value_type; } && std::is_same_v<W, std::optional<typename W::value_type>>)
      return detail::reads_type<T, typename W::value_type>();
    else
      return detail::reads_type<T, W>();
  }
};

}  // namespace events
