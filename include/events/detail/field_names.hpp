#pragma once
// Compile-time field names of a plain aggregate.
//
// Boost 1.81's PFR has no names (they arrived in 1.84), so below 1.84 we pass the address of
// each member of an `extern` object that is never defined as a template argument and read the
// member's name back out of __PRETTY_FUNCTION__. The object is only named in unevaluated-address
// contexts, so no definition is ever needed.
#include <boost/pfr/core.hpp>
#include <boost/pfr/tuple_size.hpp>
#include <boost/version.hpp>
#if BOOST_VERSION >= 108400
#include <boost/pfr/core_name.hpp>
#endif

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

namespace events::detail {

#if BOOST_VERSION >= 108400
template <class T, std::size_t I>
consteval std::string_view field_name() {
  return boost::pfr::get_name<I, T>();
}
#else

template <class T>
struct member_address {
  const T* ptr;
};

// The object sits in a wrapper: for a type in an anonymous namespace (no linkage) clang refuses
// an undefined extern variable of that type outright, but only warns (-Wundefined-internal)
// for one of the wrapper's type, which has internal linkage.
template <class T>
struct fake_wrapper {
  const T value;
};

#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wundefined-var-template"
#pragma clang diagnostic ignored "-Wundefined-internal"
#endif
template <class T>
extern const fake_wrapper<T> fake_object;

template <auto Address>
consteval std::string_view pretty_name_of() {
  return __PRETTY_FUNCTION__;
}

template <class T, std::size_t I>
consteval std::string_view raw_field_name() {
  using field_type = std::remove_cvref_t<decltype(boost::pfr::get<I>(fake_object<T>.value))>;
  return pretty_name_of<member_address<field_type>{&boost::pfr::get<I>(fake_object<T>.value)}>();
}
#if defined(__clang__)
#pragma clang diagnostic pop
#endif

consteval bool is_identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// g++ spells the argument "...{(& fake_object<T>.fake_wrapper<T>::value.T::name)}]", clang
// "...{&fake_object.value.name}]":
// in both the name is the run of identifier characters that ends just before the last '}'.
consteval std::string_view name_from_pretty(std::string_view s) {
  std::size_t end = s.rfind('}');
  while (end > 0 && !is_identifier_char(s[end - 1])) --end;
  std::size_t begin = end;
  while (begin > 0 && is_identifier_char(s[begin - 1])) --begin;
  return s.substr(begin, end - begin);
}

template <class T, std::size_t I>
consteval std::string_view field_name() {
  return name_from_pretty(raw_field_name<T, I>());
}
#endif

// The names of T's N fields, copied out of the compiler's strings into one array of characters:
// a program that reads them at run time holds just the names, not the function signatures they
// were cut from.
template <class T, std::size_t N>
struct field_name_table {
  static constexpr auto raw = []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<std::string_view, N>{field_name<T, I>()...};
  }(std::make_index_sequence<N>{});
  static constexpr std::size_t total = [] {
    std::size_t n = 0;
    for (std::string_view s : raw) n += s.size();
    return n;
  }();
  static constexpr std::array<char, total + 1> chars = [] {
    std::array<char, total + 1> a{};
    std::size_t k = 0;
    for (std::string_view s : raw)
      for (char c : s) a[k++] = c;
    return a;
  }();
  static constexpr std::array<std::string_view, N> names = [] {
    std::array<std::string_view, N> out{};
    std::size_t k = 0;
    for (std::size_t i = 0; i < N; ++i) {
      out[i] = std::string_view(chars.data() + k, raw[i].size());
      k += raw[i].size();
    }
    return out;
  }();
};

}  // namespace events::detail
