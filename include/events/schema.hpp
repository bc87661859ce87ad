#pragma once
/// \file JSON Schema for any reflected type or envelope: draft-07 (default) or 2020-12.
///
/// The schema is derived from the same field table decoding uses, so it accepts what
/// events::from_json accepts: `required` lists the fields neither std::optional nor defaulted;
/// optionals are `anyOf [T, {"type": "null"}]` with `"default": null` as Pydantic writes them;
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
/// members. An envelope (event<P>, flat_event<P>) takes its payload's descriptions.
#include <events/detail/schema_builder.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <optional>
#include <string_view>

namespace events {

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
template <detail::object_type T>
nlohmann::ordered_json json_schema(schema_dialect dialect = schema_dialect::draft07) {
  detail::schema_builder b;
  nlohmann::ordered_json body = b.template object<T>();
  nlohmann::ordered_json doc = {{"$schema", std::string(schema_uri(dialect))}};
  for (auto& [k, v] : body.items()) doc[k] = std::move(v);
  nlohmann::ordered_json defs = b.take_defs();
  if (!defs.empty()) doc["$defs"] = std::move(defs);
  return doc;
}

/// The JSON Schema of T as text; `indent` < 0 writes one line.
template <detail::object_type T>
std::string json_schema_text(schema_dialect dialect = schema_dialect::draft07, int indent = 2) {
  return json_schema<T>(dialect).dump(indent);
}

}  // namespace events
