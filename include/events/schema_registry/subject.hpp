#pragma once
/// \file Subjects: where a schema is registered. Confluent's three subject name strategies, the
/// record name of an event (its schema's `title`), and the schema document a serde registers.
///
/// The record name is the name a Python service's Pydantic class has for the same event, so both
/// sides register under one subject: the payload's name for an envelope (`flat_event<TodoCreated>`
/// is seed 000's `TodoCreated`; `event<TaskCreatedPayload>` is seed 004's `TaskCreatedPayload`,
/// since seed 004's `TaskEvent` is one class for every task event and cannot name one of them),
/// the type's own name otherwise (seed 003's `TaskEvent`). A type may name itself with
/// `static constexpr std::string_view record_name = "...";`.
///
/// \code
/// using namespace events::schema_registry;
/// subject_name(subject_strategy::topic, "task-events", "TodoCreated");          // "task-events-value"
/// subject_name(subject_strategy::record, "task-events", "TodoCreated");         // "TodoCreated"
/// subject_name(subject_strategy::topic_record, "task-events", "TodoCreated");   // "task-events-TodoCreated"
/// \endcode
#include <events/detail/type_name.hpp>
#include <events/schema/json_schema.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace events::schema_registry {

/// Confluent's subject name strategies (TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy).
enum class subject_strategy { topic, record, topic_record };

/// "topic", "record", "topic-record" (also Confluent's class names, "TopicNameStrategy" ...); nullopt otherwise.
inline std::optional<subject_strategy> parse_subject_strategy(std::string_view s) {
  if (s == "topic" || s == "TopicNameStrategy") return subject_strategy::topic;
  if (s == "record" || s == "RecordNameStrategy") return subject_strategy::record;
  if (s == "topic-record" || s == "topic_record" || s == "TopicRecordNameStrategy") return subject_strategy::topic_record;
  return std::nullopt;
}

/// The subject of a key or value: `<topic>-value` / `<topic>-key`, `<record>`, or `<topic>-<record>`,
/// as confluent-kafka-python's topic_subject_name_strategy, record_subject_name_strategy and
/// topic_record_subject_name_strategy build them.
inline std::string subject_name(subject_strategy s, std::string_view topic, std::string_view record, bool is_key = false) {
  switch (s) {
    case subject_strategy::topic: return std::string(topic) + (is_key ? "-key" : "-value");
    case subject_strategy::record: return std::string(record);
    case subject_strategy::topic_record: return std::string(topic) + "-" + std::string(record);
  }
  return std::string(record);
}

/// The record name of T: its declared `record_name`, its payload's name for an envelope, else its own name.
template <class T>
std::string record_name() {
  if constexpr (requires { std::string_view(T::record_name); })
    return std::string(T::record_name);
  else if constexpr (requires { typename T::payload_type; })
    return record_name<typename T::payload_type>();
  else
    return detail::short_type_name(detail::qualified_type_name<T>());
}

/// The JSON Schema a serde registers for T: json_schema<T>() (draft-07) titled with T's record
/// name, which is what Confluent's serializers take the record name from.
template <class T>
nlohmann::ordered_json registered_schema(schema_dialect dialect = schema_dialect::draft07) {
  auto s = json_schema<T>(dialect);
  s["title"] = record_name<T>();
  return s;
}

/// registered_schema<T>() as compact text, the `schema` string a registry stores.
template <class T>
std::string registered_schema_text(schema_dialect dialect = schema_dialect::draft07) {
  return registered_schema<T>(dialect).dump();
}

}  // namespace events::schema_registry
