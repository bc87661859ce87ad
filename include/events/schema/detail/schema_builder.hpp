#pragma once
// Builds a JSON Schema by walking the same field tables the codec reads with, so the schema says
// exactly what decoding accepts: required = field_table::required_mask(), bounds = the
// constraints in the type, formats = what uuid and timestamp parse.
#include <events/codec.hpp>
#include <events/field_table.hpp>
#include <events/detail/type_name.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace events {

/// Which JSON Schema dialect to write.
enum class schema_dialect {
  draft07,       ///< http://json-schema.org/draft-07/schema# (seed 003's dialect; the default)
  draft2020_12,  ///< https://json-schema.org/draft/2020-12/schema (what Pydantic v2 writes)
};

/// Customization point for types you cannot edit: specialize with `static constexpr
/// std::string_view description`, `field_descriptions` and/or `example` (same shape as the static
/// members described in schema.hpp).
template <class T>
struct schema_description {};

namespace detail {

template <class T>
concept has_static_description =
    requires { std::string_view(T::description); } && !std::is_member_pointer_v<decltype(&T::description)>;
template <class T>
concept has_static_field_descriptions = requires { T::field_descriptions; } &&
                                        !std::is_member_pointer_v<decltype(&T::field_descriptions)>;

template <class T>
concept has_static_example =
    requires { std::string_view(T::example); } && !std::is_member_pointer_v<decltype(&T::example)>;

// The JSON text of T's example: schema_description<T>::example, else T::example, else empty.
template <class T>
constexpr std::string_view type_example() {
  if constexpr (has_static_example<schema_description<T>>)
    return schema_description<T>::example;
  else if constexpr (has_static_example<T>)
    return T::example;
  else
    return {};
}

template <class T>
constexpr std::string_view type_description() {
  if constexpr (has_static_description<schema_description<T>>)
    return schema_description<T>::description;
  else if constexpr (has_static_description<T>)
    return T::description;
  else
    return {};
}

template <class Holder>
constexpr std::string_view lookup_field_description(std::string_view field) {
  for (const auto& [name, text] : Holder::field_descriptions)
    if (std::string_view(name) == field) return text;
  return {};
}

template <class T>
constexpr std::string_view field_description(std::string_view field) {
  std::string_view d;
  if constexpr (has_static_field_descriptions<schema_description<T>>)
    d = lookup_field_description<schema_description<T>>(field);
  if constexpr (has_static_field_descriptions<T>)
    if (d.empty()) d = lookup_field_description<T>(field);
  return d;
}

/// The hyphenated UUID, what `format: uuid` means (see codec<uuid>).
inline constexpr const char* uuid_pattern = codec<uuid>::pattern;

// ---- the walk ------------------------------------------------------------------------------

class schema_builder {
 public:
  /// The schema of T; nested objects and enums go to $defs and are referenced.
  template <class T>
  nlohmann::ordered_json of() {
    require_codec<T>();
    nlohmann::ordered_json s;
    if constexpr (has_codec<T>) codec<T>::schema(*this, s);
    return s;
  }

  /// The object schema of T itself (properties, required, additionalProperties, description).
  template <class T>
  nlohmann::ordered_json object() {
    using json = nlohmann::ordered_json;
    using table = field_table<T>;
    json s = {{"type", "object"}, {"title", title<T>()}};
    if (auto d = description_of<T>(); !d.empty()) s["description"] = std::string(d);
    json props = json::object();
    json required = json::array();
    const std::uint64_t mask = table::required_mask();
    const T defaults{};
    // An unset optional of an omit type is left out, never written: it has no default to declare,
    // and null is not one of its values (seed 003's schemas), so its schema is the inner type's.
    constexpr bool omit = unset_policy<table>() == unset_optionals::omit;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (add_property<omit>(props, required, table::names[I], described_field<T>(table::names[I]), mask >> I & 1,
                          table::template get<I>(defaults)),
       ...);
    }(std::make_index_sequence<table::size>{});
    s["properties"] = std::move(props);
    if (!required.empty()) s["required"] = std::move(required);
    s["additionalProperties"] = table::extra != extra_fields::forbid;  // the content model, declared: open or closed
    return s;
  }

  /// Moves the collected definitions out (empty object when none).
  nlohmann::ordered_json take_defs() { return std::move(defs_); }

  template <class T>
  static std::string title() {
    return short_type_name(qualified_type_name<T>());
  }

  // Envelopes take their description from their payload.
  template <class T>
  static constexpr std::string_view description_of() {
    if constexpr (requires { typename T::payload_type; }) {
      if constexpr (!type_description<T>().empty())
        return type_description<T>();
      else
        return type_description<typename T::payload_type>();
    } else {
      return type_description<T>();
    }
  }

  template <class T>
  static constexpr std::string_view described_field(std::string_view name) {
    if constexpr (requires { typename T::payload_type; }) {
      std::string_view d = field_description<T>(name);
      return d.empty() ? field_description<typename T::payload_type>(name) : d;
    } else {
      return field_description<T>(name);
    }
  }

  // One property: instantiated per field type (not per struct and field), which keeps a catalog's
  // schemas cheap to compile.
  template <bool Omit, class F>
  void add_property(nlohmann::ordered_json& props, nlohmann::ordered_json& required, std::string_view name,
                    std::string_view description, bool is_required, const F& field) {
    nlohmann::ordered_json p;
    if constexpr (std::is_same_v<F, literal_field>) {
      p = literal_property(field, is_required);
    } else if constexpr (Omit && is_optional<F>::value) {
      p = of<typename F::value_type>();
    } else {
      p = of<F>();
      if (!is_required) {
        std::string text;
        write_value(text, field);
        // In draft-07 keywords beside $ref are ignored; an annotation like "default" is harmless.
        p["default"] = nlohmann::ordered_json::parse(text);
      }
    }
    place_property(props, required, name, description, is_required, std::move(p));
  }

  static nlohmann::ordered_json literal_property(const literal_field& field, bool is_required) {
    nlohmann::ordered_json p;
    if (field.also.empty())
      p = {{"type", "string"}, {"const", std::string(field.value)}};
    else
      p = {{"type", "string"}, {"enum", {std::string(field.value), std::string(field.also)}}};
    if (!is_required) p["default"] = std::string(field.value);
    return p;
  }

  static void place_property(nlohmann::ordered_json& props, nlohmann::ordered_json& required, std::string_view name,
                             std::string_view description, bool is_required, nlohmann::ordered_json p) {
    if (!description.empty()) p["description"] = std::string(description);
    if (is_required) required.push_back(std::string(name));
    props[std::string(name)] = std::move(p);
  }

  /// A reference to T's entry in $defs, made by `make` the first time.
  template <class T, class Make>
  nlohmann::ordered_json ref(Make&& make) {
    const std::string qualified(qualified_type_name<T>());
    auto it = keys_.find(qualified);
    if (it == keys_.end()) {
      std::string key = title<T>();
      for (int n = 2; taken(key); ++n) key = title<T>() + "_" + std::to_string(n);
      it = keys_.emplace(qualified, key).first;
      defs_[key] = nullptr;  // reserve: a type may refer to itself (std::vector<Self>)
      nlohmann::ordered_json body = make();
      if (std::is_enum_v<T>) body["title"] = key;
      defs_[key] = std::move(body);
    }
    return {{"$ref", "#/$defs/" + it->second}};
  }

 private:
  bool taken(const std::string& key) const {
    for (const auto& [q, k] : keys_)
      if (k == key) return true;
    return false;
  }

  nlohmann::ordered_json defs_ = nlohmann::ordered_json::object();
  std::map<std::string, std::string> keys_;  // qualified C++ name -> $defs key
};

}  // namespace detail
}  // namespace events
