#pragma once
/// \file The seam through which a producer frames the values it sends and a consumer reads the
/// values it receives, when they are more than the event's JSON: Confluent's Schema Registry wire
/// format is the one implementation (events::kafka::registry_format, events/kafka/schema_registry.hpp).
/// Without one (producer_options::values / consumer_options::values null) a value is the JSON.
///
/// Events are named to a format by their C++ type's name (events::detail::qualified_type_name),
/// the name a consumer's handler entry carries: no schema is instantiated for a type unless the
/// format is given it.
#include <events/detail/type_name.hpp>
#include <events/error.hpp>
#include <events/error_codes.hpp>
#include <events/kafka/delivery.hpp>
#include <events/kafka/message.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace events::kafka {

/// A received value as a value_format reads it: the JSON to route, and the writer's schema id
/// when the value named one; or, when `code` is set, why it cannot be read (it is dead-lettered).
struct read_value {
  std::string_view json;                   ///< A view into the message's bytes (or the format's).
  std::optional<std::uint32_t> schema_id;  ///< The writer's schema, when the value names one.
  std::string code;                        ///< A code of error_codes.hpp; empty when readable.
  std::string reason;
  bool ok() const noexcept { return code.empty(); }
};

/// How values are framed on the way out and read on the way in. Thread-safe: a producer calls
/// frame() from any publishing thread.
class value_format {
 public:
  virtual ~value_format() = default;
  /// Producer (binary mode): appends to `value` what goes before the JSON of an event of C++ type
  /// `type` sent to `topic`, or adds its headers to `headers`. Errors: the event is not sent, its
  /// delivery result carries them; never an event sent without its framing.
  virtual error_list frame(std::string_view type, std::string_view topic, std::string& value,
                           detail::c_headers& headers) = 0;
  /// Consumer: the JSON of a received message, and the writer's schema it names.
  virtual read_value read(const message& m) = 0;
  /// Consumer, once the handler is chosen and before it decodes: errors when the handler's type
  /// (its C++ type's name) cannot read what the writer's schema of `v` allows.
  virtual error_list admit(const read_value& v, std::string_view type) = 0;
};

namespace detail {
/// A producer's framing step for an event of type E: nothing without a format.
template <class E>
error_list frame_value(value_format* format, std::string_view topic, std::string& value, c_headers& headers) {
  return format ? format->frame(events::detail::qualified_type_name<E>(), topic, value, headers) : error_list{};
}
/// A consumer's reading step: the value itself without a format.
inline read_value read_with(value_format* format, const message& m) {
  return format ? format->read(m) : read_value{m.value(), std::nullopt, {}, {}};
}
/// A consumer's check before decoding (events::route's `admit`): a value naming its writer's
/// schema is admitted by the format for the handler's type.
struct admit_with {
  value_format* format;
  const read_value* value;
  template <class Entry>
  error_list operator()(const Entry& handler) const {
    return format && value->schema_id ? format->admit(*value, handler.name) : error_list{};
  }
};
/// Why an event is not sent in structured mode by a producer with a value_format.
inline error_list binary_only() {
  return {{"", std::string(error_codes::value_error), "a framed value travels in binary content mode only", {}}};
}
}  // namespace detail

}  // namespace events::kafka
