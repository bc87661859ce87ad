#pragma once
/// \file The two envelope shapes of the seeds, and make_event to fill their metadata.
///
/// \code
/// auto ev = events::make_event(TaskCreated{.task_id = id, .user_id = u, .title = "Buy milk"},
///                              {.correlation_id = request_id});
/// std::string wire = ev.to_json();
/// auto back = events::event<TaskCreated>::from_json(wire);
/// \endcode
#include <events/envelope.hpp>
#include <events/event_traits.hpp>
#include <events/payload.hpp>
#include <events/timestamp.hpp>
#include <events/uuid.hpp>

#include <concepts>
#include <optional>
#include <type_traits>

namespace events {

/// Metadata given to make_event; event_id and timestamp are filled in unless given.
struct event_options {
  std::optional<uuid> correlation_id;  ///< Ties together the events of one request or flow.
  std::optional<uuid> causation_id;    ///< The event that caused this one.
  std::optional<uuid> event_id;        ///< Default: a fresh id (v4, or v7 with time_ordered_id).
  std::optional<timestamp> time;       ///< Default: now, UTC.
  bool time_ordered_id = false;        ///< Generate a time-ordered UUIDv7 instead of a v4.
};

/// Metadata given to make_flat_event: the flat envelope (seed 000) has no causation_id, so its
/// options have none either; an events::event_options passed to make_flat_event does not compile.
struct flat_event_options {
  std::optional<uuid> correlation_id{};  ///< Ties together the events of one request or flow.
  std::optional<uuid> event_id{};        ///< Default: a fresh id (v4, or v7 with time_ordered_id).
  std::optional<timestamp> time{};       ///< Default: now, UTC.
  bool time_ordered_id = false;        ///< Generate a time-ordered UUIDv7 instead of a v4.
};

/// Nested envelope (seed 004): metadata beside a "payload" object.
/// Wire: event_id, event_type, [schema_version], event_version, timestamp, correlation_id,
/// causation_id, payload.
template <payload P>
struct event : envelope<event<P>> {
  using payload_type = P;
  uuid event_id;
  events::timestamp timestamp;
  std::optional<uuid> correlation_id;
  std::optional<uuid> causation_id;
  P payload;
  friend bool operator==(const event&, const event&) = default;
};

/// Flat envelope (seed 000): metadata and the payload's fields side by side.
/// Wire: event_id, event_type, event_version, timestamp, correlation_id, then the payload fields.
template <payload P>
struct flat_event : envelope<flat_event<P>> {
  using payload_type = P;
  uuid event_id;
  events::timestamp timestamp;
  std::optional<uuid> correlation_id;
  P payload;
  friend bool operator==(const flat_event&, const flat_event&) = default;
};

namespace detail {

template <class T>
inline constexpr bool always_false = false;

inline void fill_metadata(auto& ev, const auto& o) {
  ev.event_id = o.event_id ? *o.event_id : (o.time_ordered_id ? uuid::v7() : uuid::v4());
  ev.timestamp = o.time ? *o.time : events::now();
  ev.correlation_id = o.correlation_id;
}

// event_id, event_type and timestamp must be present; the rest may be omitted.
template <payload P>
struct field_table<event<P>> {
  using self = event<P>;
  static constexpr bool has_schema = !payload_schema_version<P>.empty();
  static constexpr std::size_t size = has_schema ? 8 : 7;
  static constexpr extra_fields extra = extra_fields::ignore;
  static constexpr auto names = [] {
    if constexpr (has_schema)
      return std::array<std::string_view, 8>{"event_id", "event_type", "schema_version", "event_version",
                                             "timestamp", "correlation_id", "causation_id", "payload"};
    else
      return std::array<std::string_view, 7>{"event_id", "event_type", "event_version", "timestamp",
                                             "correlation_id", "causation_id", "payload"};
  }();
  static constexpr std::size_t shift = has_schema ? 1 : 0;
  static std::uint64_t required_mask() noexcept { return 0b11 | 1u << (3 + shift) | 1u << (6 + shift); }
  static constexpr literal_field type_field{written_type<P>, other_type_form<P>};
  static constexpr literal_field schema_field{payload_schema_version<P>, {}};
  static constexpr literal_field version_field{payload_version_text<P>, {}};

  template <std::size_t I, class E>
  static constexpr decltype(auto) get(E& e) noexcept {
    if constexpr (I == 0) return (e.event_id);
    else if constexpr (I == 1) return (type_field);
    else if constexpr (has_schema && I == 2) return (schema_field);
    else if constexpr (I == 2 + shift) return (version_field);
    else if constexpr (I == 3 + shift) return (e.timestamp);
    else if constexpr (I == 4 + shift) return (e.correlation_id);
    else if constexpr (I == 5 + shift) return (e.causation_id);
    else return (e.payload);
  }
};

template <payload P>
struct field_table<flat_event<P>> {
  using inner = field_table<P>;
  static constexpr std::size_t head = 5;
  static constexpr std::size_t size = head + inner::size;
  static_assert(size <= 64, "events: a flat event may have at most 64 fields with its metadata");
  static constexpr extra_fields extra = inner::extra;
  static constexpr auto names = [] {
    std::array<std::string_view, size> n{"event_id", "event_type", "event_version", "timestamp", "correlation_id"};
    for (std::size_t i = 0; i < inner::size; ++i) n[head + i] = inner::names[i];
    return n;
  }();
  static std::uint64_t required_mask() { return 0b1011 | inner::required_mask() << head; }
  static constexpr literal_field type_field{written_type<P>, other_type_form<P>};
  static constexpr literal_field version_field{payload_version_text<P>, {}};

  template <std::size_t I, class E>
  static constexpr decltype(auto) get(E& e) noexcept {
    if constexpr (I == 0) return (e.event_id);
    else if constexpr (I == 1) return (type_field);
    else if constexpr (I == 2) return (version_field);
    else if constexpr (I == 3) return (e.timestamp);
    else if constexpr (I == 4) return (e.correlation_id);
    else return inner::template get<I - head>(e.payload);
  }
};

}  // namespace detail

/// Wraps a payload in the nested envelope, filling event_id and timestamp.
template <payload P>
event<P> make_event(P payload, const event_options& options = {}) {
  static_assert(shape_of<P> == envelope_shape::nested,
                "events: this payload declares the flat envelope (shape = flat); use events::wrap or make_flat_event");
  event<P> ev;
  detail::fill_metadata(ev, options);
  ev.causation_id = options.causation_id;
  ev.payload = std::move(payload);
  return ev;
}

/// Wraps a payload in the flat envelope, filling event_id and timestamp.
template <payload P>
flat_event<P> make_flat_event(P payload, const flat_event_options& options = {}) {
  static_assert(!declares_shape<P> || shape_of<P> == envelope_shape::flat,
                "events: this payload declares the nested envelope; use events::wrap or make_event");
  flat_event<P> ev;
  detail::fill_metadata(ev, options);
  ev.payload = std::move(payload);
  return ev;
}

/// Refused: the flat envelope cannot carry event_options::causation_id, and no option is dropped
/// silently. Pass events::flat_event_options, or use the nested envelope.
template <payload P, std::same_as<event_options> O>
flat_event<P> make_flat_event(P, const O&) {
  static_assert(detail::always_false<O>,
                "events: the flat envelope has no causation_id; pass events::flat_event_options (or use make_event)");
  return {};
}

/// The envelope the payload declares (P::shape), filled like make_event:
/// `events::wrap(TaskCreatedPayload{...})` is an event<P>...
template <payload P>
  requires(shape_of<P> == envelope_shape::nested)
event<P> wrap(P payload, const event_options& options = {}) {
  return make_event(std::move(payload), options);
}

/// ...and `events::wrap(TodoCreated{...})` a flat_event<P> (options without causation_id).
template <payload P>
  requires(shape_of<P> == envelope_shape::flat)
flat_event<P> wrap(P payload, const flat_event_options& options = {}) {
  return make_flat_event(std::move(payload), options);
}

/// The event a handler publishes in reply to `incoming`, in the envelope `reply_payload` declares:
/// correlation_id is the incoming event's (or, when it has none, its event id), causation_id its
/// event id (the nested envelope only; the flat one has none). The trace context travels with the
/// thread (events::current_trace), so publishing the reply inside the handler continues the trace.
template <payload P, class In>
auto reply(const In& incoming, P reply_payload) {
  std::optional<uuid> correlation, cause;
  if constexpr (requires { requires std::is_same_v<std::remove_cvref_t<decltype(incoming.event_id)>, uuid>; })
    cause = incoming.event_id;
  else if constexpr (requires { requires std::is_same_v<std::remove_cvref_t<decltype(incoming.id)>, uuid>; })
    cause = incoming.id;
  if constexpr (requires { incoming.correlation_id; }) correlation = incoming.correlation_id;
  if (!correlation) correlation = cause;
  if constexpr (shape_of<P> == envelope_shape::flat)
    return make_flat_event(std::move(reply_payload), flat_event_options{.correlation_id = correlation,
                                                                        .event_id = std::nullopt,
                                                                        .time = std::nullopt,
                                                                        .time_ordered_id = false});
  else
    return make_event(std::move(reply_payload), event_options{.correlation_id = correlation,
                                                              .causation_id = cause,
                                                              .event_id = std::nullopt,
                                                              .time = std::nullopt,
                                                              .time_ordered_id = false});
}

}  // namespace events
