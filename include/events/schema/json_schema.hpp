#pragma once
/// \file JSON Schema for any reflected type or envelope: draft-07 (default) or 2020-12.
///
/// The schema is derived from the same field table decoding uses, so it accepts what
/// events::from_json accepts: `required` lists the fields neither std::optional nor defaulted;
/// optionals are `anyOf [T, {"type": "null"}]` with `"default": null` as Pydantic writes them
/// (without the default in a type whose unset optionals are left out, `unset_optionals::omit`);
/// defaulted fields carry their default; events::uuid is `format: uuid`, events::timestamp
/// `format: date-time`; enums and nested structs go to `$defs` (in both dialects) and are
/// referenced with `$ref`; constraints become minLength/maxLength/pattern/enum/minimum/
/// exclusiveMinimum/maximum/exclusiveMaximum; `extra = forbid` gives `additionalProperties: false`, else `true`.
///
/// Descriptions: a type may declare
/// \code
/// struct TaskEvent {
///   static constexpr std::string_view description = "A task CRUD operation";
///   static constexpr std::array<std::pair<std::string_view, std::string_view>, 2> field_descriptions{{
///       {"id", "Unique event ID"}, {"task_id", "Task ID affected"}}};
///   events::uuid id;
///   std::int64_t task_id = 0;
/// };
/// auto schema = events::json_schema<TaskEvent>();                       // nlohmann::ordered_json
/// auto text = events::json_schema_text<TaskEvent>(events::schema_dialect::draft2020_12);
/// \endcode
/// or, for a type you cannot edit, specialize events::schema_description<T> with the same
/// members. An envelope (event<P>, flat_event<P>) takes its payload's descriptions; the flat
/// envelope's own fields carry seed 000's BaseEvent descriptions.
///
/// Examples: a type may declare one example document, the JSON of a valid value (of the payload
/// alone, for a payload), as Pydantic's `json_schema_extra` carries one:
/// \code
/// struct OrderPlaced {
///   static constexpr std::string_view type = "order.placed";
///   static constexpr std::string_view example = R"({"order_id": "3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b"})";
///   events::uuid order_id;
/// };
/// \endcode
/// The schema then has `"examples": [ ... ]` at the top: the example decoded and written again by
/// the library (so in canonical form, defaults filled in); for an envelope, the payload's example
/// inside an envelope with example metadata (example_event_id, example_time, ...). An example
/// that does not decode makes json_schema throw std::invalid_argument naming the first error.
#include <events/schema/detail/schema_builder.hpp>
#include <events/event.hpp>
#include <events/json.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace events {

/// The flat envelope's metadata fields, described as seed 000's BaseEvent describes them (its
/// event models redeclare event_type without a description, and so do we).
template <payload P>
struct schema_description<flat_event<P>> {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> field_descriptions{{
      {"event_id", "Unique event identifier"},
      {"event_version", "Event schema version"},
      {"timestamp", "Event timestamp"},
      {"correlation_id", "Correlation ID for tracing"},
  }};
};

/// The metadata of an envelope's example: seed 004's example event id and time, fixed ids for
/// the correlation and causation.
inline constexpr std::string_view example_event_id = "123e4567-e89b-12d3-a456-426614174000";
inline constexpr std::string_view example_time = "2026-01-15T10:30:00Z";
inline constexpr std::string_view example_correlation_id = "c0ffee00-0000-4000-8000-000000000001";
inline constexpr std::string_view example_causation_id = "c0ffee00-0000-4000-8000-000000000002";

namespace detail {

template <class T>
T decode_example(std::string_view text) {
  auto v = events::from_json<T>(text);
  if (!v)
    throw std::invalid_argument("events: the example of " + schema_builder::title<T>() + " does not decode: " +
                                v.error().front().path + ": " + v.error().front().message);
  return std::move(*v);
}

/// T's example document (T's own, or for an envelope its payload's in example metadata);
/// nullopt when it declares none.
template <class T>
std::optional<nlohmann::ordered_json> example_document() {
  if constexpr (requires { typename T::payload_type; }) {
    using P = typename T::payload_type;
    constexpr std::string_view text = type_example<T>().empty() ? type_example<P>() : type_example<T>();
    if constexpr (text.empty()) {
      return std::nullopt;
    } else if constexpr (!type_example<T>().empty()) {
      return nlohmann::ordered_json::parse(events::to_json(decode_example<T>(text)));
    } else {
      T ev{};
      payload_of(ev) = decode_example<P>(text);
      if constexpr (requires { ev.event_id = uuid{}; }) ev.event_id = *uuid::parse(example_event_id);
      if constexpr (requires { ev.timestamp = timestamp{}; }) parse_timestamp(example_time, ev.timestamp);
      if constexpr (requires { ev.correlation_id = uuid{}; }) ev.correlation_id = *uuid::parse(example_correlation_id);
      if constexpr (requires { ev.causation_id = uuid{}; }) ev.causation_id = *uuid::parse(example_causation_id);
      return nlohmann::ordered_json::parse(events::to_json(ev));
    }
  } else {
    constexpr std::string_view text = type_example<T>();
    if constexpr (text.empty())
      return std::nullopt;
    else
      return nlohmann::ordered_json::parse(events::to_json(decode_example<T>(text)));
  }
}

}  // namespace detail

/// The `$schema` URI of a dialect.
constexpr std::string_view schema_uri(schema_dialect d) noexcept {
  return d == schema_dialect::draft2020_12 ? "https://json-schema.org/draft/2020-12/schema"
                                           : "http://json-schema.org/draft-07/schema#";
}

/// The dialect named "07", "draft-07", "2020-12" or "draft/2020-12"; nullopt otherwise.
constexpr std::optional<schema_dialect> parse_schema_dialect(std::string_view s) noexcept {
  if (s == "07" || s == "7" || s == "draft-07" || s == "draft07") return schema_dialect::draft07;
  if (s == "2020-12" || s == "draft/2020-12" || s == "draft2020-12") return schema_dialect::draft2020_12;
  return std::nullopt;
}

/// The JSON Schema document of T (a reflected struct or an envelope).
template <object_type T>
nlohmann::ordered_json json_schema(schema_dialect dialect = schema_dialect::draft07) {
  detail::schema_builder b;
  nlohmann::ordered_json body = b.template object<T>();
  nlohmann::ordered_json doc = {{"$schema", std::string(schema_uri(dialect))}};
  for (auto& [k, v] : body.items()) doc[k] = std::move(v);
  if (auto example = detail::example_document<T>()) doc["examples"] = nlohmann::ordered_json::array({std::move(*example)});
  nlohmann::ordered_json defs = b.take_defs();
  if (!defs.empty()) doc["$defs"] = std::move(defs);
  return doc;
}

/// The JSON Schema of T as text; `indent` < 0 writes one line.
template <object_type T>
std::string json_schema_text(schema_dialect dialect = schema_dialect::draft07, int indent = 2) {
  return json_schema<T>(dialect).dump(indent);
}

}  // namespace events
