#pragma once
/// \file The seam through which a producer frames the values it sends and a consumer reads the
/// values it receives, when they are more than the event's JSON: Confluent's Schema Registry wire
/// format is the one implementation (events::kafka::registry_format, events/kafka/schema_registry.hpp).
/// Without one (producer_options::values / consumer_options::values null) a value is the JSON.
///
/// Events are named to a format by their C++ type's name (events::detail::qualified_type_name),
/// the name a consumer's handler entry carries: no schema is instantiated for a type unless the
/// format is given it.
#include <events/codec/core.hpp>
#include <events/detail/json_out.hpp>
#include <events/detail/same_text.hpp>
#include <events/detail/type_name.hpp>
#include <events/error.hpp>
#include <events/error_codes.hpp>
#include <events/kafka/delivery.hpp>
#include <events/kafka/message.hpp>

#include <atomic>
#include <cstdint>
#include <cstring>
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

/// What a producer sends with the JSON of every event of one C++ type to one topic: `size` bytes
/// before the JSON (Confluent's 0x00 + schema id), or, when `header` names one, a header with
/// those bytes and the JSON plain.
struct value_frame {
  char bytes[24] = {};  ///< The first `size` are the frame (Confluent's: 5; Schema Registry 8's GUID header: 17).
  std::uint8_t size = 0;
  std::string_view header;  ///< Static text: the header's name; empty: the bytes prefix the value.
  std::string_view text() const noexcept { return {bytes, size}; }
};

/// How values are framed on the way out and read on the way in. Thread-safe: a producer calls
/// frame() from any publishing thread.
class value_format {
 public:
  value_format() = default;
  value_format(const value_format&) = delete;
  value_format& operator=(const value_format&) = delete;
  virtual ~value_format() = default;
  /// Producer (binary mode): the framing of every event of C++ type `type` sent to `topic`. The
  /// producer asks once per (type, topic) on each thread and keeps the answer: it must not change.
  /// Errors: the event is not sent, its delivery result carries them (and the next event asks
  /// again); never an event sent without its framing.
  virtual error_list frame(std::string_view type, std::string_view topic, value_frame& out) = 0;
  /// Consumer: the JSON of a received message, and the writer's schema it names.
  virtual read_value read(const message& m) = 0;
  /// Consumer, once the handler is chosen and before it decodes: errors when the handler's type
  /// (its C++ type's name) cannot read what the writer's schema of `v` allows.
  virtual error_list admit(const read_value& v, std::string_view type) = 0;

  /// Names this format for the frames producers keep (never reused, unlike an address).
  std::uint64_t serial() const noexcept { return serial_; }

 private:
  static std::uint64_t next_serial() noexcept {
    static std::atomic<std::uint64_t> n{0};
    return ++n;
  }
  const std::uint64_t serial_ = next_serial();
};

namespace detail {
/// A thread's last frame of events of one type: its format's serial, topic and answer. Constant-
/// initialized and trivially destroyed, so the thread_local holding it costs no guard.
struct kept_frame {
  std::uint64_t serial = 0;  // 0: none yet
  std::uint8_t topic_size = 0;
  char topic[255] = {};  // Kafka's names are at most 249 characters
  value_frame frame;
  bool holds(const value_format& f, std::string_view t) const noexcept {
    return serial == f.serial() && events::detail::same_text({topic, topic_size}, t);
  }
};
// This thread's kept frame of events of type E (one per type: a thread publishing E to one topic
// with one format, the steady state, finds it there).
template <class E>
kept_frame& kept_slot() noexcept {
  thread_local kept_frame slot;
  return slot;
}
// Why this thread's last frame was refused, until the producer takes it (take_frame_errors).
inline error_list& frame_errors() {
  thread_local error_list errors;
  return errors;
}
// Asks the format, and keeps its answer in `slot` when the topic fits; null when it refuses.
[[gnu::noinline]] inline const value_frame* ask_frame(value_format& format, std::string_view type, std::string_view topic,
                                                      kept_frame& slot) {
  slot.serial = 0;
  value_frame f;
  if (error_list errors = format.frame(type, topic, f); !errors.empty()) {
    frame_errors() = std::move(errors);
    return nullptr;
  }
  slot.frame = f;
  if (topic.size() <= sizeof slot.topic) {
    topic.copy(slot.topic, topic.size());
    slot.topic_size = static_cast<std::uint8_t>(topic.size());
    slot.serial = format.serial();
  }
  return &slot.frame;
}
/// A producer's frame for an event of type E sent to `topic`: asked of the format once per
/// (format, topic) on this thread, then kept. Null when the format refuses (the event is not
/// sent; take_frame_errors() says why, and the next event asks again).
template <class E>
const value_frame* frame_for(value_format& format, std::string_view topic) {
  kept_frame& slot = kept_slot<E>();
  if (slot.holds(format, topic)) [[likely]]
    return &slot.frame;
  return ask_frame(format, events::detail::qualified_type_name<E>(), topic, slot);
}
/// The errors of this thread's last refused frame_for.
inline error_list take_frame_errors() { return std::move(frame_errors()); }
// The frame's bytes and the JSON of `ev` through one cursor (its own function, like
// events::detail::write_value's, so the cursor's release is inlined in it).
template <class E>
[[gnu::noinline]] void write_after_prefix(std::string& value, const value_frame& frame, const E& ev) {
  events::detail::json_out cursor(value);
  char* p = cursor.room(sizeof frame.bytes);
  std::memcpy(p, frame.bytes, sizeof frame.bytes);  // a fixed size: a few moves, no call
  cursor.commit(p + frame.size);
  events::detail::write_value(cursor, ev);
}
/// Writes the JSON of `ev` to `value`: after the frame's bytes, or with its header added to
/// `headers`, or plain without a frame.
template <class E>
void write_with_frame(std::string& value, c_headers& headers, const value_frame* frame, const E& ev) {
  if (frame && frame->header.empty()) return write_after_prefix(value, *frame, ev);
  if (frame) headers.add(frame->header, frame->text());
  events::to_json(value, ev);
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
