#pragma once
/// \file Codecs of string-keyed maps: std::map<std::string, T> and
/// std::unordered_map<std::string, T>, both JSON objects (Pydantic's dict[str, T]).
#include <events/codec/core.hpp>
#include <events/detail/json_write.hpp>

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

namespace events {

namespace detail {

template <class M, class T>
struct string_map_codec {
  static void write(std::string& out, const M& v) { write_through(out, v); }
  static void write(json_out& out, const M& v) {
    out += '{';
    bool first = true;
    for (const auto& [k, e] : v) {
      if (!first) out += ',';
      first = false;
      write_escaped(out, k);
      out += ':';
      write_value(out, e);
    }
    out += '}';
  }
  static void read(decode_context& ctx, M& out) {
    auto& r = ctx.reader;
    if (r.peek() != value_kind::object) return ctx.wrong_type(error_codes::dict_type, "Input should be a valid dictionary");
    if (!r.enter_object()) return;
    out.clear();
    std::string_view k;
    while (r.next_member(k)) {
      auto& [key, value] = *out.try_emplace(std::string(k)).first;
      path_scope step(ctx, key);
      read_value(ctx, value);
    }
  }
  static void validate(const M& v, validate_context& ctx)
    requires validates<T>
  {
    const std::size_t mark = ctx.path.size();
    for (const auto& [k, e] : v) {
      push_key(ctx.path, k);
      validate_value(e, ctx);
      ctx.path.resize(mark);
    }
  }
  template <class B, class J>
  static void schema(B& b, J& s) { s = {{"type", "object"}, {"additionalProperties", b.template of<T>()}}; }
  template <class S>
  static void sample(M& v, S& s, std::string_view field) {
    v.clear();
    for (std::size_t i = 0, n = s.below(3); i < n; ++i) sample_value(v[std::string(s.word())], s, field);
  }
  template <class W>
  static constexpr bool reads() {
    if constexpr (requires { typename W::mapped_type; typename W::key_type; } &&
                  std::is_same_v<typename W::key_type, std::string>)
      return reads_type<T, typename W::mapped_type>();
    else
      return false;
  }
};

}  // namespace detail

/// A JSON object with values of T.
template <class T, class C, class A>
struct codec<std::map<std::string, T, C, A>> : detail::string_map_codec<std::map<std::string, T, C, A>, T> {};

/// A JSON object with values of T (written in the map's iteration order).
template <class T, class H, class E, class A>
struct codec<std::unordered_map<std::string, T, H, E, A>>
    : detail::string_map_codec<std::unordered_map<std::string, T, H, E, A>, T> {};

}  // namespace events
