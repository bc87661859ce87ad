#pragma once
/// \file The stable error codes: every `events::error::code` the library reports is one of these.
/// Pydantic v2's name where Pydantic has the same error; match on these, never on messages.
#include <string_view>

namespace events::error_codes {

// ---- syntax and limits (the whole message) ----
inline constexpr std::string_view json_invalid = "json_invalid";          ///< Not RFC 8259 JSON.
inline constexpr std::string_view json_too_large = "json_too_large";      ///< Input above decode_options::max_input_bytes.
inline constexpr std::string_view json_too_deep = "json_too_deep";        ///< Nesting above decode_options::max_depth.
inline constexpr std::string_view string_too_large = "string_too_large";  ///< A string above max_string_bytes.
inline constexpr std::string_view too_many_errors = "too_many_errors";    ///< More than max_errors; the rest dropped.

// ---- objects ----
inline constexpr std::string_view missing = "missing";                  ///< A required field is absent.
inline constexpr std::string_view extra_forbidden = "extra_forbidden";  ///< An undeclared key where extra = forbid.
inline constexpr std::string_view model_type = "model_type";            ///< An object was expected.
inline constexpr std::string_view literal_error = "literal_error";      ///< Not the fixed or allowed value.

// ---- scalars ----
inline constexpr std::string_view bool_type = "bool_type";
inline constexpr std::string_view bool_parsing = "bool_parsing";          ///< A string that names no boolean.
inline constexpr std::string_view int_type = "int_type";
inline constexpr std::string_view int_parsing = "int_parsing";            ///< A string that is no integer.
inline constexpr std::string_view int_from_float = "int_from_float";      ///< A number with a fractional part.
inline constexpr std::string_view int_parsing_size = "int_parsing_size";  ///< Outside the C++ type's range.
inline constexpr std::string_view float_type = "float_type";
inline constexpr std::string_view float_parsing = "float_parsing";        ///< A string that is no number.
inline constexpr std::string_view finite_number = "finite_number";        ///< Beyond the type's range.
inline constexpr std::string_view string_type = "string_type";
inline constexpr std::string_view string_unicode = "string_unicode";      ///< Not valid UTF-8 (validate()).
inline constexpr std::string_view uuid_type = "uuid_type";
inline constexpr std::string_view uuid_parsing = "uuid_parsing";
inline constexpr std::string_view datetime_type = "datetime_type";
inline constexpr std::string_view datetime_parsing = "datetime_parsing";
inline constexpr std::string_view datetime_from_date_parsing = "datetime_from_date_parsing";
inline constexpr std::string_view datetime_object_invalid = "datetime_object_invalid";  ///< Well-formed, impossible date.
inline constexpr std::string_view timezone_aware = "timezone_aware";      ///< A datetime without offset.
inline constexpr std::string_view time_delta_type = "time_delta_type";
inline constexpr std::string_view time_delta_parsing = "time_delta_parsing";
inline constexpr std::string_view enum_error = "enum";                    ///< Not one of the enum's names.

// ---- containers ----
inline constexpr std::string_view list_type = "list_type";
inline constexpr std::string_view set_type = "set_type";
inline constexpr std::string_view tuple_type = "tuple_type";
inline constexpr std::string_view dict_type = "dict_type";

// ---- constraints ----
inline constexpr std::string_view string_too_short = "string_too_short";
inline constexpr std::string_view string_too_long = "string_too_long";
inline constexpr std::string_view too_short = "too_short";
inline constexpr std::string_view too_long = "too_long";
inline constexpr std::string_view greater_than = "greater_than";
inline constexpr std::string_view greater_than_equal = "greater_than_equal";
inline constexpr std::string_view less_than = "less_than";
inline constexpr std::string_view less_than_equal = "less_than_equal";
inline constexpr std::string_view string_pattern_mismatch = "string_pattern_mismatch";
inline constexpr std::string_view value_error = "value_error";            ///< A predicate<> failed.

// ---- messages of the registry and transports ----
inline constexpr std::string_view unknown_event_type = "unknown_event_type";
inline constexpr std::string_view unknown_event_version = "unknown_event_version";
inline constexpr std::string_view no_handler = "no_handler";                   ///< No handler takes the message's type.
inline constexpr std::string_view version_unsupported = "version_unsupported"; ///< Newer than every handled version.
inline constexpr std::string_view handler_failed = "handler_failed";           ///< The handler threw, every retry.

// ---- Confluent Schema Registry (events/schema_registry/, events/kafka/schema_registry.hpp) ----
inline constexpr std::string_view schema_registry_unavailable = "schema_registry_unavailable";  ///< The registry could not be reached.
inline constexpr std::string_view schema_registry_refused = "schema_registry_refused";  ///< The registry answered with an error.
inline constexpr std::string_view schema_registry_magic = "schema_registry_magic";  ///< A magic byte that is not 0, or a cut frame.
inline constexpr std::string_view schema_registry_unknown_id = "schema_registry_unknown_id";  ///< No schema has the message's id.
inline constexpr std::string_view schema_incompatible = "schema_incompatible";  ///< The writer's schema allows what the reader cannot read.
inline constexpr std::string_view schema_registry_unframed = "schema_registry_unframed";  ///< Plain JSON where only framed is accepted.
inline constexpr std::string_view schema_registry_header = "schema_registry_header";  ///< A schema-id header in neither form.
/// A framed event of a type the Kafka registry_format was not given (registry_format::add).
inline constexpr std::string_view schema_registry_unknown_type = "schema_registry_unknown_type";

// ---- CloudEvents structured documents (cloudevents::parse_structured) ----
inline constexpr std::string_view base64_decode = "base64_decode";  ///< `data_base64` is not RFC 4648 Base64.
/// `data` and `data_base64` both present (CloudEvents JSON format 3.1: mutually exclusive).
inline constexpr std::string_view cloudevents_data_exclusive = "cloudevents_data_exclusive";
/// A member name that is no attribute name (lower-case ASCII letters and digits).
inline constexpr std::string_view cloudevents_attribute_name = "cloudevents_attribute_name";
/// An extension attribute that is no string, integer or boolean.
inline constexpr std::string_view cloudevents_attribute_type = "cloudevents_attribute_type";

}  // namespace events::error_codes
