#pragma once
/// \file events::pattern<"regex">: a string constraint matched with std::regex. Its own header,
/// so that <regex> comes only with it.
#include <events/constraints.hpp>

#include <cstddef>
#include <regex>
#include <string>
#include <string_view>

namespace events {

/// Matches an ECMAScript regular expression somewhere in the string (as Pydantic's `pattern`).
///
/// std::regex recurses once per input character and can overflow the stack on long input, so
/// strings longer than MaxInput bytes are refused (code string_pattern_mismatch) without being
/// matched. Raise MaxInput only together with the stack size of the decoding thread.
template <detail::fixed_string Pattern, std::size_t MaxInput = 1024>
struct pattern {
  static constexpr std::string_view value = Pattern.view();
  template <class J> static void schema(J& s) { detail::describe_pattern(s, value, MaxInput); }
  static const std::regex& compiled() {
    static const std::regex re(Pattern.data, std::regex::ECMAScript | std::regex::optimize);
    return re;
  }
  template <class V>
  static bool check(const V& v, detail::violation& out) {
    std::string_view s(v);
    if (s.size() > MaxInput) {
      out = detail::pattern_too_long(value, MaxInput);
      return false;
    }
    if (std::regex_search(s.begin(), s.end(), compiled())) return true;
    out = detail::pattern_mismatch(value);
    return false;
  }
};

}  // namespace events
