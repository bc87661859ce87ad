#pragma once
/// \file Codec of enums: one of the enumerator names (or the names events::enum_names gives).
#include <events/codec/core.hpp>
#include <events/detail/json_write.hpp>
#include <events/enum.hpp>

#include <string>
#include <string_view>
#include <type_traits>

namespace events {

namespace detail {
template <class E>
std::string enum_expected() {
  std::string s;
  constexpr auto& entries = enum_entries<E>;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i) s += i + 1 == entries.size() ? " or " : ", ";
    s += '\'';
    s += entries[i].second;
    s += '\'';
  }
  return s;
}
}  // namespace detail

/// An enum as the JSON string of its name; refers to a $defs entry in schemas.
template <class E>
  requires std::is_enum_v<E>
struct codec<E> {
  static void write(detail::json_out& out, E v) { detail::write_escaped(out, enum_to_string(v)); }
  static void write(std::string& out, E v) { detail::write_through(out, v); }
  static void read(decode_context& ctx, E& out) {
    std::string_view s;
    if (ctx.reader.peek() != detail::value_kind::string) return not_string(ctx);
    if (!ctx.reader.read_string_at_quote(s)) return;
    if (auto e = enum_from_string<E>(s))
      out = *e;
    else
      not_a_name(ctx, s);
  }
  // The errors out of line: the reading above keeps no frame for them.
  [[gnu::noinline]] static void not_string(decode_context& ctx) {
    ctx.wrong_type(error_codes::enum_error, "Input should be " + detail::enum_expected<E>());
  }
  [[gnu::noinline]] static void not_a_name(decode_context& ctx, std::string_view s) {
    ctx.fail(error_codes::enum_error, "Input should be " + detail::enum_expected<E>(), detail::shorten(s));
  }
  static void validate(E v, validate_context& ctx) {
    if (enum_to_string(v).empty())
      ctx.fail(error_codes::enum_error, "Input should be " + detail::enum_expected<E>(),
               std::to_string(static_cast<std::underlying_type_t<E>>(v)));
  }
  template <class B, class J>
  static void schema(B& b, J& s) {
    s = b.template ref<E>([] {
      J values = J::array();
      for (const auto& entry : enum_entries<E>) values.push_back(std::string(entry.second));
      return J{{"type", "string"}, {"enum", std::move(values)}};
    });
  }
  template <class S>
  static void sample(E& v, S& s, std::string_view) {
    constexpr auto& entries = enum_entries<E>;
    v = entries[s.below(entries.size())].first;
  }
  /// Reads every name W writes.
  template <class W>
  static constexpr bool reads() {
    if constexpr (std::is_enum_v<W>) {
      for (const auto& [wv, wn] : enum_entries<W>) {
        bool found = false;
        for (const auto& [rv, rn] : enum_entries<E>) found = found || rn == wn;
        if (!found) return false;
      }
      return true;
    } else {
      return false;
    }
  }
};

}  // namespace events
