#pragma once
// Encoding straight from the struct into a string buffer, driven by the field table.
#include <events/constraints.hpp>
#include <events/detail/field_table.hpp>
#include <events/detail/json_reader.hpp>
#include <events/enum.hpp>
#include <events/timestamp.hpp>
#include <events/uuid.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace events::detail {

/// Writes a double as Python's repr does (what Pydantic puts on the wire): shortest round-trip
/// digits, fixed notation for exponents in [-4, 16) with at least one fraction digit, otherwise
/// scientific ("1e+16"). NaN and infinities are written as null, as Pydantic does by default.
inline void write_double(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  char sci[32];
  auto res = std::to_chars(sci, sci + sizeof sci, d, std::chars_format::scientific);
  std::string_view s(sci, static_cast<std::size_t>(res.ptr - sci));
  std::size_t e_pos = s.find('e');
  int exp = 0;
  std::from_chars(s.data() + e_pos + (s[e_pos + 1] == '+' ? 2 : 1), s.data() + s.size(), exp);
  if (exp < -4 || exp >= 16) {
    out += s;
    return;
  }
  std::string_view mantissa = s.substr(0, e_pos);
  if (mantissa.front() == '-') {
    out += '-';
    mantissa.remove_prefix(1);
  }
  char digits[24];
  std::size_t n = 0;
  for (char c : mantissa)
    if (c != '.') digits[n++] = c;
  if (exp >= 0) {
    auto int_len = static_cast<std::size_t>(exp) + 1;
    for (std::size_t i = 0; i < int_len; ++i) out += i < n ? digits[i] : '0';
    out += '.';
    if (n > int_len)
      out.append(digits + int_len, n - int_len);
    else
      out += '0';
  } else {
    out += "0.";
    out.append(static_cast<std::size_t>(-exp - 1), '0');
    out.append(digits, n);
  }
}

template <class T>
void write_value(std::string& out, const T& v);

// `"name":` for field I of an object, with the separating comma for every field but the first.
template <class Table, std::size_t I>
struct key_text {
  static constexpr std::string_view name = Table::names[I];
  static constexpr std::size_t lead = I == 0 ? 0 : 1;
  static constexpr auto data = [] {
    std::array<char, name.size() + 3 + lead> a{};
    if (lead) a[0] = ',';
    a[lead] = '"';
    for (std::size_t i = 0; i < name.size(); ++i) a[lead + 1 + i] = name[i];
    a[lead + 1 + name.size()] = '"';
    a[lead + 2 + name.size()] = ':';
    return a;
  }();
  static constexpr std::string_view view{data.data(), data.size()};
};

template <class T>
void write_object(std::string& out, const T& obj) {
  using table = field_table<T>;
  out += '{';
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((out += key_text<table, I>::view, write_value(out, table::template get<I>(obj))), ...);
  }(std::make_index_sequence<table::size>{});
  out += '}';
}

template <class T> struct is_vector : std::false_type {};
template <class T, class A> struct is_vector<std::vector<T, A>> : std::true_type {};
template <class T> struct is_string_map : std::false_type {};
template <class V, class C, class A>
struct is_string_map<std::map<std::string, V, C, A>> : std::true_type {};

template <class T>
void write_value(std::string& out, const T& v) {
  if constexpr (std::is_same_v<T, literal_field>) {
    write_escaped(out, v.value);
  } else if constexpr (constrained<T>) {
    write_value(out, static_cast<const typename constraint_info<T>::underlying&>(v));
  } else if constexpr (std::is_same_v<T, bool>) {
    out += v ? "true" : "false";
  } else if constexpr (std::is_integral_v<T>) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, static_cast<std::size_t>(res.ptr - buf));
  } else if constexpr (std::is_floating_point_v<T>) {
    write_double(out, static_cast<double>(v));
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    write_escaped(out, std::string_view(v));
  } else if constexpr (std::is_same_v<T, uuid>) {
    char buf[uuid::text_size + 2];
    buf[0] = '"';
    v.write(buf + 1);
    buf[uuid::text_size + 1] = '"';
    out.append(buf, sizeof buf);
  } else if constexpr (std::is_same_v<T, timestamp>) {
    char buf[timestamp_max_text + 2];
    buf[0] = '"';
    std::size_t n = format_timestamp(v, buf + 1);
    buf[n + 1] = '"';
    out.append(buf, n + 2);
  } else if constexpr (std::is_enum_v<T>) {
    write_escaped(out, enum_to_string(v));
  } else if constexpr (is_optional<T>::value) {
    if (v)
      write_value(out, *v);
    else
      out += "null";
  } else if constexpr (is_vector<T>::value) {
    out += '[';
    bool first = true;
    for (const auto& e : v) {
      if (!first) out += ',';
      first = false;
      write_value(out, e);
    }
    out += ']';
  } else if constexpr (is_string_map<T>::value) {
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
  } else if constexpr (std::is_same_v<T, nlohmann::json>) {
    out += v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else if constexpr (object_type<T>) {
    write_object(out, v);
  } else {
    static_assert(sizeof(T) == 0, "events: this field type has no JSON encoding");
  }
}

}  // namespace events::detail
