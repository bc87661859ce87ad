#pragma once
/// \file The CloudEvents 1.0 attributes we carry, as one reflected struct: its members' names are
/// the attribute names, and attribute_table (derived from them) is what the binary headers
/// (binary.hpp) and the structured form (structured.hpp) walk. attributes_of fills them from an
/// event through events::event_traits.
#include <events/event_traits.hpp>
#include <events/reflect.hpp>
#include <events/trace.hpp>
#include <events/uuid.hpp>
#include <events/value_text.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace events::cloudevents {

inline constexpr std::string_view spec_version = "1.0";
/// content-type of a binary-mode message (the value is the event's JSON).
inline constexpr std::string_view json_content_type = "application/json";
/// content-type of a structured-mode message (the value is the CloudEvent document).
inline constexpr std::string_view structured_content_type = "application/cloudevents+json; charset=UTF-8";

/// The wire type name of an event (event_traits<E>::type), its ce_type.
template <event_type E>
constexpr std::string_view type_name() noexcept {
  return event_traits<E>::type;
}

/// True when event_traits knows E (a payload, an envelope, or a contract message).
template <class E>
concept typed_event = event_type<E>;

/// The CloudEvents attributes of one event (the ones we carry). Each text member is the attribute
/// of its name; a new attribute is a new member here, and every mode carries it.
struct attributes {
  std::string id;
  std::string source;
  std::string type;
  std::string time;  ///< RFC 3339, as Pydantic writes it; empty when the event has no time.
  std::string subject;
  std::string correlationid;
  std::string causationid;
  std::string traceparent;  ///< W3C trace context (distributed-tracing extension); empty when none.
  std::string tracestate;
  std::string dataschema;  ///< URI of the schema `data` adheres to; empty when none.
  /// Other extension attributes (name, canonical text), in the order read; written as strings.
  std::vector<std::pair<std::string, std::string>> extensions;
  friend bool operator==(const attributes&, const attributes&) = default;
};

/// How many attributes `attributes` names (every member but extensions).
inline constexpr std::size_t attribute_count = field_count<attributes> - 1;
static_assert(field_names<attributes>[attribute_count] == "extensions", "events: attributes ends with extensions");

namespace detail {
// "ce_" + the name of attribute I (the Kafka binding's header), spelled at compile time.
template <std::size_t I>
struct header_text {
  static constexpr std::string_view name = field_names<attributes>[I];
  static constexpr auto data = [] {
    std::array<char, name.size() + 3> a{'c', 'e', '_'};
    for (std::size_t i = 0; i < name.size(); ++i) a[3 + i] = name[i];
    return a;
  }();
};

template <std::size_t I>
std::string& attribute_member(attributes& a) {
  return boost::pfr::get<I>(a);
}
template <std::size_t I>
const std::string& attribute_value(const attributes& a) {
  return boost::pfr::get<I>(a);
}
}  // namespace detail

/// One row of the attribute table.
struct attribute_info {
  std::string_view name;    ///< The attribute ("id"), the member of `attributes` of that name.
  std::string_view header;  ///< Its binary-mode header ("ce_id").
  bool required;            ///< Every CloudEvent has it (id, source, type); the others may be absent.
  bool extension;           ///< An extension attribute (correlation, tracing), not one of the spec's own.
  std::string& (*member)(attributes&);               ///< The member of `attributes` holding it.
  const std::string& (*value)(const attributes&);  ///< The same, read.
};

/// Every attribute of `attributes`, in its declared order: the order of the binary headers and of
/// the structured members.
inline constexpr auto attribute_table = []<std::size_t... I>(std::index_sequence<I...>) {
  constexpr auto required = [](std::string_view n) { return n == "id" || n == "source" || n == "type"; };
  constexpr auto context = [](std::string_view n) {  // the spec's own (context) attributes we carry
    return n == "id" || n == "source" || n == "type" || n == "time" || n == "subject" || n == "dataschema";
  };
  return std::array<attribute_info, sizeof...(I)>{
      attribute_info{field_names<attributes>[I],
                     std::string_view(detail::header_text<I>::data.data(), detail::header_text<I>::data.size()),
                     required(field_names<attributes>[I]), !context(field_names<attributes>[I]),
                     &detail::attribute_member<I>,
                     &detail::attribute_value<I>}...};
}(std::make_index_sequence<attribute_count>{});

/// The row of the attribute named `name` (a compile error when there is none).
consteval std::size_t attribute_index(std::string_view name) {
  for (std::size_t i = 0; i < attribute_table.size(); ++i)
    if (attribute_table[i].name == name) return i;
  throw "events: no such CloudEvents attribute";  // not a constant expression: a compile error
}

namespace detail {
consteval std::string_view header_of(std::string_view name) { return attribute_table[attribute_index(name)].header; }
}  // namespace detail

/// Kafka binary-mode header names (CloudEvents Kafka protocol binding: `ce_` + attribute).
namespace header {
inline constexpr std::string_view specversion = "ce_specversion";
inline constexpr std::string_view id = detail::header_of("id");
inline constexpr std::string_view source = detail::header_of("source");
inline constexpr std::string_view type = detail::header_of("type");
inline constexpr std::string_view time = detail::header_of("time");
inline constexpr std::string_view subject = detail::header_of("subject");
inline constexpr std::string_view correlationid = detail::header_of("correlationid");
inline constexpr std::string_view causationid = detail::header_of("causationid");
inline constexpr std::string_view traceparent = detail::header_of("traceparent");
inline constexpr std::string_view tracestate = detail::header_of("tracestate");
inline constexpr std::string_view dataschema = detail::header_of("dataschema");
/// The prefix of every attribute's header.
inline constexpr std::string_view prefix = "ce_";
inline constexpr std::string_view content_type = "content-type";
}  // namespace header

/// The attributes of `ev`: id from event_traits (a fresh one for a message without an id), time from timestamp, the correlation
/// extension from correlation_id/causation_id where the event has them.
/// The trace context is `trace` when given, else the one current on this thread (the handled
/// event's, inside a handler).
template <typed_event E>
attributes attributes_of(const E& ev, std::string_view source, std::string_view subject = {},
                         const trace_context* trace = nullptr) {
  attributes a;
  a.id = event_traits<E>::id(ev);
  if (a.id.empty()) a.id = uuid::v4().to_string();  // CloudEvents requires an id (ReminderEvent has none)
  a.source = std::string(source);
  a.type = std::string(type_name<E>());
  if constexpr (requires { ev.timestamp; }) a.time = events::detail::text_of(ev.timestamp);
  a.subject = std::string(subject);
  if constexpr (requires { ev.correlation_id; }) a.correlationid = events::detail::text_of(ev.correlation_id);
  if constexpr (requires { ev.causation_id; }) a.causationid = events::detail::text_of(ev.causation_id);
  const trace_context& t = trace ? *trace : current_trace();
  a.traceparent = t.traceparent;
  a.tracestate = t.tracestate;
  return a;
}

}  // namespace events::cloudevents
