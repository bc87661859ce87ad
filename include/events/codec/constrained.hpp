#pragma once
/// \file Codecs of constrained values, events::string<C...> and events::number<T, C...>: the
/// underlying kind, then every constraint, each described once (check, schema, sample limits).
#include <events/codec/core.hpp>
#include <events/codec/number.hpp>
#include <events/codec/string.hpp>
#include <events/constraints.hpp>

#include <string>
#include <string_view>

namespace events {

/// A string checked against C...
template <class... C>
struct codec<events::string<C...>> {
  using type = events::string<C...>;
  using info = detail::constraint_info<type>;
  using writes_as = std::string;

  static void write(detail::json_out& out, const type& v) { detail::write_escaped(out, v); }
  static void write(std::string& out, const type& v) { detail::write_through(out, v); }
  static void read(decode_context& ctx, type& out) {
    std::string_view s;
    if (!ctx.read_text(s, error_codes::string_type, "Input should be a valid string")) return;
    detail::assign_text(out, s);
    info::check_all(static_cast<const std::string&>(out),
                    [&](const detail::violation& v) { ctx.fail(v.code, v.message, detail::shorten(s)); });
  }
  static void validate(const type& v, validate_context& ctx) {
    codec<std::string>::validate(v, ctx);
    info::check_all(static_cast<const std::string&>(v),
                    [&](const detail::violation& x) { ctx.fail(x.code, x.message, detail::shorten(v)); });
  }
  template <class B, class J>
  static void schema(B&, J& s) {
    s = {{"type", "string"}};
    info::schema(s);
  }
  template <class S>
  static void sample(type& v, S& s, std::string_view field) {
    detail::sample_limits l;
    info::limits(l);
    static_cast<std::string&>(v) = s.constrained_text(field, l, [](const std::string& text) {
      bool ok = true;
      info::check_all(text, [&](const detail::violation&) { ok = false; });
      return ok;
    });
  }
};

/// A number checked against C...
template <class T, class... C>
struct codec<events::number<T, C...>> {
  using type = events::number<T, C...>;
  using info = detail::constraint_info<type>;
  using writes_as = T;

  static void write(detail::json_out& out, const type& v) { detail::write_value(out, v.value); }
  static void write(std::string& out, const type& v) { detail::write_through(out, v); }
  static void read(decode_context& ctx, type& out) {
    std::size_t before = ctx.errors.size();
    T v{};
    codec<T>::read(ctx, v);
    if (ctx.errors.size() != before || ctx.reader.failed()) return;
    out = v;
    info::check_all(v, [&](const detail::violation& x) { ctx.fail(x.code, x.message, std::to_string(v)); });
  }
  static void validate(const type& v, validate_context& ctx) {
    info::check_all(v.value, [&](const detail::violation& x) { ctx.fail(x.code, x.message, std::to_string(v.value)); });
  }
  template <class B, class J>
  static void schema(B& b, J& s) {
    codec<T>::schema(b, s);
    info::schema(s);
  }
  template <class S>
  static void sample(type& v, S& s, std::string_view) {
    detail::sample_limits l;
    info::limits(l);
    if (l.hi < l.lo) l.hi = l.lo;
    double span = l.hi - l.lo < 1e6 ? l.hi - l.lo : 1e6;
    v = static_cast<T>(l.lo + static_cast<double>(s.below(static_cast<std::size_t>(span) + 1)));
  }
};

}  // namespace events
