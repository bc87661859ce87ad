#pragma once
// The name of a type as the compiler spells it, cut out of __PRETTY_FUNCTION__ (g++:
// "[with T = ns::Name; ...]", clang: "[T = ns::Name]"), for schema titles and $defs keys.
#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>

namespace events::detail {

template <class T>
consteval std::string_view pretty_type() {
  return __PRETTY_FUNCTION__;
}

template <class T>
consteval std::string_view qualified_type_name() {
  std::string_view s = pretty_type<T>();
  std::size_t begin = s.find("T = ");
  if (begin == std::string_view::npos) return "object";
  begin += 4;
  std::size_t end = begin;
  int angle = 0;
  for (; end < s.size(); ++end) {
    char c = s[end];
    if (c == '<') ++angle;
    else if (c == '>') --angle;
    else if (angle == 0 && (c == ';' || c == ']')) break;
  }
  return s.substr(begin, end - begin);
}

/// "ns::Outer<ns::Inner>" -> "Outer_Inner": the last component of each qualified name, with
/// everything that is not an identifier character turned into single underscores.
inline std::string short_type_name(std::string_view qualified) {
  std::string q(qualified);
  for (std::string_view anon : {std::string_view("{anonymous}::"), std::string_view("(anonymous namespace)::")})
    for (std::size_t at; (at = q.find(anon)) != std::string::npos;) q.erase(at, anon.size());
  std::string out;
  std::size_t i = 0;
  while (i < q.size()) {
    // start of a qualified name: skip to after its last "::" before a non-name character
    std::size_t j = i;
    std::size_t last = i;
    while (j < q.size() && (std::isalnum(static_cast<unsigned char>(q[j])) || q[j] == '_' || q[j] == ':')) {
      if (q[j] == ':' && j + 1 < q.size() && q[j + 1] == ':') last = j + 2, ++j;
      ++j;
    }
    if (j > i) {
      out.append(q, last, j - last);
      i = j;
    } else {
      if (!out.empty() && out.back() != '_') out += '_';
      ++i;
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? std::string("object") : out;
}

}  // namespace events::detail
