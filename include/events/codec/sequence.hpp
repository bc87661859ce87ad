#pragma once
/// \file Codecs of sequences: std::vector<T> (a list), std::set<T> (a set: unique items),
/// std::array<T, N> (a list of exactly N items). All are JSON arrays.
#include <events/codec/core.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <iterator>
#include <ranges>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace events {

namespace detail {

template <class C>
void write_elements(json_out& out, const C& v) {
  using T = std::remove_cvref_t<decltype(*std::begin(v))>;
  if constexpr (bounded_writer<T>) {
    // Numbers and booleans: room made for a run of up to 16 at once, then written with no check
    // each. Room for the items there are, not for a whole run: a short array (a 3-vector) late in
    // a document would otherwise ask for more than the buffer holds.
    constexpr std::size_t run = 16, each = codec<T>::max_size + 1;
    std::size_t left = std::size(v);
    char* d = out.room(std::min(left, run) * each + 2);
    *d++ = '[';
    if constexpr (std::ranges::contiguous_range<C> && requires { codec<T>::format_run(d, std::data(v), run); }) {
      for (const T* p = std::data(v); left != 0;) {
        const std::size_t k = std::min(left, run);
        d = codec<T>::format_run(d, p, k);
        p += k, left -= k;
        if (left != 0) {
          out.commit(d);
          d = out.room(std::min(left, run) * each + 1);
        }
      }
    } else {
      std::size_t i = 0;
      for (const auto& e : v) {
        if (i++ == run) {
          out.commit(d);
          d = out.room(std::min(left, run) * each + 1);
          i = 1;
        }
        --left;
        d = codec<T>::format(d, e);
        *d++ = ',';
      }
    }
    if (d[-1] == ',') --d;
    *d++ = ']';
    out.commit(d);
  } else {
    out += '[';
    bool first = true;
    for (const auto& e : v) {
      if (!first) out += ',';
      first = false;
      write_value(out, e);
    }
    out += ']';
  }
}

template <class C>
void validate_elements(const C& v, validate_context& ctx) {
  const std::size_t mark = ctx.path.size();
  std::size_t i = 0;
  for (const auto& e : v) {
    ctx.path += '/';
    ctx.path += std::to_string(i++);
    validate_value(e, ctx);
    ctx.path.resize(mark);
  }
}

// Enters the array, or records `code` and skips the value.
inline bool enter_array(decode_context& ctx, std::string_view code, const char* message) {
  if (ctx.reader.peek() != value_kind::array) {
    ctx.wrong_type(code, message);
    return false;
  }
  return ctx.reader.enter_array();
}

// Everything a sequence kind shares but its reading.
template <class C, class T>
struct sequence_codec {
  static void write(json_out& out, const C& v) { write_elements(out, v); }
  static void write(std::string& out, const C& v) { write_through(out, v); }
  static void validate(const C& v, validate_context& ctx)
    requires validates<T>
  {
    validate_elements(v, ctx);
  }
  template <class B, class J>
  static void schema(B& b, J& s) { s = {{"type", "array"}, {"items", b.template of<T>()}}; }
};

}  // namespace detail

/// A JSON array of T.
template <class T, class A>
struct codec<std::vector<T, A>> : detail::sequence_codec<std::vector<T, A>, T> {
  static void read(decode_context& ctx, std::vector<T, A>& out) {
    if (!detail::enter_array(ctx, error_codes::list_type, "Input should be a valid list")) return;
    out.clear();
    while (ctx.reader.next_element()) {
      // Room for a few small items at the first: one allocation where growth 1, 2, 4 makes three.
      if constexpr (sizeof(T) <= 64)
        if (out.capacity() == 0) out.reserve(4);
      path_scope step(ctx, {}, out.size());
      if constexpr (std::is_same_v<T, bool>) {  // vector<bool>'s elements are bits, not bools
        bool b = false;
        detail::read_value(ctx, b);
        out.push_back(b);
      } else {
        detail::read_value(ctx, out.emplace_back());
      }
    }
  }
  template <class S>
  static void sample(std::vector<T, A>& v, S& s, std::string_view field) {
    v.clear();
    for (std::size_t i = 0, n = s.below(4); i < n; ++i) {
      if constexpr (std::is_same_v<T, bool>) {
        bool b = false;
        detail::sample_value(b, s, s.singular(field));
        v.push_back(b);
      } else {
        detail::sample_value(v.emplace_back(), s, s.singular(field));
      }
    }
  }
  template <class W>
  static constexpr bool reads() {
    if constexpr (requires { typename W::value_type; } && (std::is_same_v<W, std::vector<typename W::value_type>> ||
                                                          std::is_same_v<W, std::set<typename W::value_type>>))
      return detail::reads_type<T, typename W::value_type>();
    else
      return false;
  }
};

/// A JSON array of distinct T (Pydantic's set): duplicates in the input collapse.
template <class T, class C, class A>
struct codec<std::set<T, C, A>> : detail::sequence_codec<std::set<T, C, A>, T> {
  static void read(decode_context& ctx, std::set<T, C, A>& out) {
    if (!detail::enter_array(ctx, error_codes::set_type, "Input should be a valid set")) return;
    out.clear();
    std::size_t i = 0;
    while (ctx.reader.next_element()) {
      path_scope step(ctx, {}, i++);
      T e{};
      std::size_t before = ctx.errors.size();
      detail::read_value(ctx, e);
      if (ctx.errors.size() == before) out.insert(std::move(e));
    }
  }
  template <class B, class J>
  static void schema(B& b, J& s) {
    s = {{"type", "array"}, {"uniqueItems", true}, {"items", b.template of<T>()}};
  }
  template <class S>
  static void sample(std::set<T, C, A>& v, S& s, std::string_view field) {
    v.clear();
    for (std::size_t i = 0, n = s.below(4); i < n; ++i) {
      T e{};
      detail::sample_value(e, s, s.singular(field));
      v.insert(std::move(e));
    }
  }
  template <class W>
  static constexpr bool reads() {
    if constexpr (requires { typename W::value_type; } && std::is_same_v<W, std::set<typename W::value_type>>)
      return detail::reads_type<T, typename W::value_type>();
    else
      return false;
  }
};

/// A JSON array of exactly N items.
template <class T, std::size_t N>
struct codec<std::array<T, N>> : detail::sequence_codec<std::array<T, N>, T> {
  static void read(decode_context& ctx, std::array<T, N>& out) {
    if (!detail::enter_array(ctx, error_codes::list_type, "Input should be a valid list")) return;
    const std::size_t before = ctx.errors.size();
    std::size_t i = 0;
    while (ctx.reader.next_element()) {
      path_scope step(ctx, {}, i);
      if (i < N) {
        detail::read_value(ctx, out[i]);
      } else {
        ctx.reader.skip_value();
      }
      ++i;
    }
    if (ctx.reader.failed() || i == N || ctx.errors.size() != before) return;  // length after the items, as Pydantic
    ctx.fail(i < N ? error_codes::too_short : error_codes::too_long,
             std::string("List should have ") + (i < N ? "at least " : "at most ") + std::to_string(N) +
                 (N == 1 ? " item" : " items") + " after validation, not " + std::to_string(i));
  }
  template <class B, class J>
  static void schema(B& b, J& s) {
    s = {{"type", "array"}, {"items", b.template of<T>()}, {"minItems", N}, {"maxItems", N}};
  }
  template <class S>
  static void sample(std::array<T, N>& v, S& s, std::string_view field) {
    for (auto& e : v) detail::sample_value(e, s, s.singular(field));
  }
};

}  // namespace events
