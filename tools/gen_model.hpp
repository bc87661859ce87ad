#pragma once
// The generator's model of an event type, whatever it came from (a field list, a domain, a JSON
// Schema, a catalog type), and what it is written as (C++, doctest, Pydantic).
#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace events_tool::gen {

/// What `format: uuid` comes with in the library's schemas (see events::codec<events::uuid>).
inline constexpr const char* uuid_pattern =
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/// A problem with the generator's input; `what()` says where.
struct gen_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The type of a field.
struct type_ref {
  enum kind_t { uuid, str, integer, number, boolean, datetime, date, dict, list, any, object, literal };
  kind_t kind = str;
  std::vector<std::string> choices;   ///< str: the allowed values (an enum), if any
  std::shared_ptr<type_ref> item;     ///< list: items
  std::string object_name;                ///< object: the struct's name
  std::string literal_value;               ///< literal: the one allowed string
  std::string enum_name;              ///< str with choices from a titled $defs enum: a C++ enum class of this name
  bool nullable = false;              ///< T? / type: [T, "null"]: std::optional<T>
  // constraints
  std::optional<std::uint64_t> min_length, max_length;
  std::optional<nlohmann::json> ge, gt, le, lt;  ///< integral bounds
  std::optional<std::string> pattern;
};

/// One field of a struct.
struct field {
  std::string name;
  type_ref type;
  std::optional<nlohmann::json> default_value;  ///< none: required (unless nullable: null)
  std::string description;
};

/// One struct: the payload, or an object it contains.
struct struct_def {
  std::string name;
  std::string description;
  std::vector<field> fields;
  bool forbid_extra = false;
  bool omit_unset = false;  ///< unset optionals are left out, not written as null (schema: not nullable)
  std::string example;      ///< the JSON of one valid value (the schema's first `examples` entry), or empty
};

/// An event type to generate.
struct event_spec {
  std::vector<struct_def> structs;  ///< dependencies first; the payload last
  std::string wire_type;            ///< event_type on the wire
  std::string topic;                ///< empty: none
  std::string key;                  ///< partition-key field, empty: none
  std::string envelope = "flat";    ///< flat | nested | none (a bare message, from a schema)
  int version = 1;
  std::string schema_version;       ///< written by the nested envelope when not empty ("1.0.0")
  bool suffixed = false;            ///< version >= 2 written as "type.vN" (wire_name_form::suffixed)
  const struct_def& payload() const { return structs.back(); }
};

/// A header's worth: the event types, the C++ namespace, and for a domain its registry names.
struct unit {
  std::vector<event_spec> events;
  std::string ns = "app::events";
  std::string domain;               ///< --domain: names the enum and registry alias
  bool metadata = true, validation = true, versioning = true;
};

/// Parses seed 000's field list with the generator's extensions (see `events gen --help`).
std::vector<field> parse_fields(const std::string& text);

/// The struct(s) of a JSON Schema document (draft-07 or 2020-12); `name` names the top-level one
/// when the schema has no title. Unsupported keywords throw gen_error naming the JSON Pointer.
std::vector<struct_def> from_schema(const nlohmann::ordered_json& schema, const std::string& name);

/// The event of a JSON Schema document: when the document is the schema of one of the library's
/// envelopes (what `events schema` writes for event<P> and flat_event<P>: the metadata fields
/// in their order, event_type as the `enum` of its written and other accepted name (or a `const`),
/// event_version as `const`), the payload inside that envelope,
/// with its wire type, version and schema_version; otherwise the document as a bare message
/// (envelope "none").
event_spec event_from_schema(const nlohmann::ordered_json& schema, const std::string& name);

/// The header: payload structs (plain aggregates), and for a domain an enum and registry alias.
std::string emit_header(const unit& u, const std::string& header_name);
/// A doctest file: a golden round trip and one failing case per constraint of each event.
std::string emit_tests(const unit& u, const std::string& header_name);
/// Pydantic v2 models whose model_dump_json is byte for byte the C++ encoder's.
std::string emit_python(const unit& u);

/// A valid example value of a field (what goldens and `examples` use).
nlohmann::ordered_json example_value(const type_ref& t, const std::string& field_name);
/// The golden JSON text of an event: the envelope (if any) around example values.
std::string golden_json(const unit& u, const event_spec& e);

}  // namespace events_tool::gen
