#pragma once
// Builds a JSON Schema by walking the same field tables the codec reads with, so the schema says
// exactly what decoding accepts: required = field_table::required_mask(), bounds = the
// constraints in the type, formats = what uuid and timestamp parse.
#include <events/constraints.hpp>
#include <events/detail/field_table.hpp>
#include <events/detail/json_dom.hpp>
#include <events/detail/json_encode.hpp>
#include <events/detail/type_name.hpp>
#include <events/enum.hpp>
#include <events/timestamp.hpp>
#include <events/uuid.hpp>

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
/// std::string_view description` and/or `field_descriptions` (same shape as the static members
/// described in schema.hpp).
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

// ---- constraints as schema keywords -------------------------------------------------------

inline void tighten(nlohmann::ordered_json& s, const char* key, const nlohmann::ordered_json& v, bool lower) {
  if (!s.contains(key) || (lower ? v > s[key] : v < s[key])) s[key] = v;
}

template <class C>
struct constraint_keyword {
  static void apply(nlohmann::ordered_json&) {}  // predicate<F> and user constraints: not expressible
};
template <std::size_t N>
struct constraint_keyword<min_length<N>> {
  static void apply(nlohmann::ordered_json& s) { s["minLength"] = N; }
};
template <std::size_t N>
struct constraint_keyword<max_length<N>> {
  static void apply(nlohmann::ordered_json& s) { s["maxLength"] = N; }
};
template <auto B>
struct constraint_keyword<ge<B>> {
  static void apply(nlohmann::ordered_json& s) { tighten(s, "minimum", B, true); }
};
template <auto B>
struct constraint_keyword<le<B>> {
  static void apply(nlohmann::ordered_json& s) { tighten(s, "maximum", B, false); }
};
template <auto B>
struct constraint_keyword<gt<B>> {
  static void apply(nlohmann::ordered_json& s) { tighten(s, "exclusiveMinimum", B, true); }
};
template <auto B>
struct constraint_keyword<lt<B>> {
  static void apply(nlohmann::ordered_json& s) { tighten(s, "exclusiveMaximum", B, false); }
};
template <fixed_string P, std::size_t M>
struct constraint_keyword<pattern<P, M>> {
  static void apply(nlohmann::ordered_json& s) {
    s["pattern"] = std::string(P.view());
    if (!s.contains("maxLength") || s["maxLength"].get<std::size_t>() > M) s["maxLength"] = M;
  }
};
template <fixed_string... A>
struct constraint_keyword<one_of<A...>> {
  static void apply(nlohmann::ordered_json& s) {
    nlohmann::ordered_json e = nlohmann::ordered_json::array();
    (e.push_back(std::string(A.view())), ...);
    s["enum"] = std::move(e);
  }
};

template <class T>
struct constraint_list;
template <class... C>
struct constraint_list<events::string<C...>> {
  static void apply(nlohmann::ordered_json& s) { (constraint_keyword<C>::apply(s), ...); }
};
template <class T, class... C>
struct constraint_list<events::number<T, C...>> {
  static void apply(nlohmann::ordered_json& s) { (constraint_keyword<C>::apply(s), ...); }
};

/// The hyphenated UUID, what `format: uuid` means. uuid::parse is more lenient (like Pydantic it
/// also takes 32 digits, {braces} and urn:uuid:); the schema states the canonical form we write.
inline constexpr const char* uuid_pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

// ---- the walk ------------------------------------------------------------------------------

class schema_builder {
 public:
  /// The schema of T; nested objects and enums go to $defs and are referenced.
  template <class T>
  nlohmann::ordered_json of() {
    using json = nlohmann::ordered_json;
    if constexpr (std::is_same_v<T, literal_field>) {
      static_assert(sizeof(T) == 0, "events: literal fields are described by their table");
      return json::object();
    } else if constexpr (constrained<T>) {
      json s = of<typename constraint_info<T>::underlying>();
      constraint_list<T>::apply(s);
      return s;
    } else if constexpr (std::is_same_v<T, bool>) {
      return {{"type", "boolean"}};
    } else if constexpr (std::is_integral_v<T>) {
      json s = {{"type", "integer"}};
      // The decoder refuses what does not fit the C++ type; say so (64-bit signed is left open,
      // as Pydantic's int is).
      if constexpr (!std::is_signed_v<T>) s["minimum"] = 0;
      if constexpr (sizeof(T) < 8) {
        if constexpr (std::is_signed_v<T>) s["minimum"] = std::numeric_limits<T>::min();
        s["maximum"] = std::numeric_limits<T>::max();
      } else if constexpr (!std::is_signed_v<T>) {
        s["maximum"] = std::numeric_limits<T>::max();
      }
      return s;
    } else if constexpr (std::is_floating_point_v<T>) {
      return {{"type", "number"}};
    } else if constexpr (std::is_same_v<T, std::string>) {
      return {{"type", "string"}};
    } else if constexpr (std::is_same_v<T, uuid>) {
      // Validators need not assert `format` (jsonschema does not for uuid under draft-07): the
      // pattern makes every validator hold the same line.
      return {{"type", "string"}, {"format", "uuid"}, {"pattern", uuid_pattern}};
    } else if constexpr (std::is_same_v<T, timestamp>) {
      return {{"type", "string"}, {"format", "date-time"}};
    } else if constexpr (std::is_enum_v<T>) {
      return ref<T>([] {
        json values = json::array();
        for (const auto& entry : enum_entries<T>) values.push_back(std::string(entry.second));
        return json{{"type", "string"}, {"enum", std::move(values)}};
      });
    } else if constexpr (is_optional<T>::value) {
      return {{"anyOf", json::array({of<typename T::value_type>(), json{{"type", "null"}}})}};
    } else if constexpr (is_vector<T>::value) {
      return {{"type", "array"}, {"items", of<typename T::value_type>()}};
    } else if constexpr (is_string_map<T>::value) {
      return {{"type", "object"}, {"additionalProperties", of<typename T::mapped_type>()}};
    } else if constexpr (std::is_same_v<T, nlohmann::json> || std::is_same_v<T, nlohmann::ordered_json>) {
      return json::object();  // any JSON value
    } else if constexpr (object_type<T>) {
      return ref<T>([this] { return object<T>(); });
    } else {
      static_assert(sizeof(T) == 0, "events: this field type has no JSON Schema");
      return json::object();
    }
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
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (add_property<T, I>(props, required, mask >> I & 1, defaults), ...);
    }(std::make_index_sequence<table::size>{});
    s["properties"] = std::move(props);
    if (!required.empty()) s["required"] = std::move(required);
    if (table::extra == extra_fields::forbid) s["additionalProperties"] = false;
    return s;
  }

  /// Moves the collected definitions out (empty object when none).
  nlohmann::ordered_json take_defs() { return std::move(defs_); }

 private:
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

  template <class T, std::size_t I>
  void add_property(nlohmann::ordered_json& props, nlohmann::ordered_json& required, bool is_required, const T& defaults) {
    using json = nlohmann::ordered_json;
    using table = field_table<T>;
    decltype(auto) field = table::template get<I>(defaults);
    using F = std::remove_cvref_t<decltype(field)>;
    const std::string name(table::names[I]);
    json p;
    if constexpr (std::is_same_v<F, literal_field>) {
      if (field.also.empty())
        p = {{"type", "string"}, {"const", std::string(field.value)}};
      else
        p = {{"type", "string"}, {"enum", {std::string(field.value), std::string(field.also)}}};
      if (!is_required) p["default"] = std::string(field.value);
    } else {
      p = of<F>();
      if (!is_required) {
        json d = json::parse(to_dom(field).dump());
        // In draft-07 keywords beside $ref are ignored; an annotation like "default" is harmless.
        p["default"] = std::move(d);
      }
    }
    if (auto d = described_field<T>(table::names[I]); !d.empty()) p["description"] = std::string(d);
    if (is_required) required.push_back(name);
    props[name] = std::move(p);
  }

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
