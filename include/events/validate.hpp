#pragma once
/// \file Validation of values built in code: the constraints decoding checks, with the same paths.
#include <events/constraints.hpp>
#include <events/detail/field_table.hpp>
#include <events/detail/json_decode.hpp>
#include <events/detail/utf8.hpp>
#include <events/enum.hpp>
#include <events/error.hpp>

#include <string>
#include <type_traits>

namespace events {

namespace detail {

template <class T>
void validate_value(const T& v, std::string& path, error_list& errors) {
  auto report = [&](std::string_view code, std::string message, std::string input) {
    errors.push_back({path, std::string(code), std::move(message), std::move(input)});
  };
  if constexpr (constrained<T>) {
    using U = typename constraint_info<T>::underlying;
    const U& u = v;
    validate_value(u, path, errors);
    std::string input;
    if constexpr (std::is_same_v<U, std::string>)
      input = shorten(u);
    else
      input = std::to_string(u);
    constraint_info<T>::check_all(u, [&](const violation& x) { report(x.code, x.message, input); });
  } else if constexpr (std::is_convertible_v<const T&, std::string_view> && !std::is_same_v<T, literal_field>) {
    if (!is_valid_utf8(std::string_view(v)))
      report("string_unicode", "Input should be a valid string, unable to parse raw data as a unicode string", {});
  } else if constexpr (std::is_enum_v<T>) {
    if (enum_to_string(v).empty())
      report("enum", "Input should be " + enum_expected<T>(),
             std::to_string(static_cast<std::underlying_type_t<T>>(v)));
  } else if constexpr (is_optional<T>::value) {
    if (v) validate_value(*v, path, errors);
  } else if constexpr (is_vector<T>::value) {
    const std::size_t mark = path.size();
    for (std::size_t i = 0; i < v.size(); ++i) {
      path += '/';
      path += std::to_string(i);
      validate_value(v[i], path, errors);
      path.resize(mark);
    }
  } else if constexpr (is_string_map<T>::value) {
    const std::size_t mark = path.size();
    for (const auto& [k, e] : v) {
      push_key(path, k);
      validate_value(e, path, errors);
      path.resize(mark);
    }
  } else if constexpr (object_type<T>) {
    const std::size_t mark = path.size();
    for_each_entry(v, [&](std::string_view name, const auto& field) {
      path += '/';
      path += name;
      validate_value(field, path, errors);
      path.resize(mark);
    });
  }
}

}  // namespace detail

/// Every constraint violation of a value built in code, each with its JSON Pointer path.
template <detail::object_type T>
error_list validate(const T& value) {
  error_list errors;
  std::string path;
  detail::validate_value(value, path, errors);
  return errors;
}

}  // namespace events
