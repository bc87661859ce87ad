#pragma once
// A string usable as a template argument (pattern<"...">, one_of<"a", "b">).
#include <algorithm>
#include <cstddef>
#include <string_view>

namespace events::detail {

template <std::size_t N>
struct fixed_string {
  char data[N]{};
  constexpr fixed_string(const char (&s)[N]) noexcept { std::copy_n(s, N, data); }
  constexpr std::string_view view() const noexcept { return {data, N - 1}; }
  constexpr operator std::string_view() const noexcept { return view(); }
};

}  // namespace events::detail
