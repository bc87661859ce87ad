#pragma once
/// \file The two envelope shapes of the seeds, and make_event to fill their metadata.
///
/// <!-- given: #include <events/catalog/task_events.hpp>
/// events::uuid id, u, request_id; -->
/// \code
/// auto ev = events::make_event(events::TaskCreatedPayload{.task_id = id, .user_id = u, .title = "Buy milk"},
///                              {.correlation_id = request_id});
/// std::string wire = ev.to_json();
/// auto back = events::event<events::TaskCreatedPayload>::from_json(wire);
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

/// Nested envelope (seed 004): metadata beside a "payload" object. event_id, event_type and
/// timestamp must be present; the rest may be omitted.
template <payload P>
struct event : envelope<event<P>> {
  using payload_type = P;
  uuid event_id;
  events::timestamp timestamp;
  std::optional<uuid> correlation_id;
  std::optional<uuid> causation_id;
  P payload;
  static constexpr events::members members{member<&event::event_id>{"event_id"},
                                      type_member{},
                                      schema_version_member{},
                                      version_member{},
                                      member<&event::timestamp>{"timestamp"},
                                      member<&event::correlation_id>{"correlation_id"},
                                      member<&event::causation_id>{"causation_id"},
                                      member<&event::payload>{"payload"}};
  friend bool operator==(const event&, const event&) = default;
};

/// Flat envelope (seed 000): metadata and the payload's fields side by side.
template <payload P>
struct flat_event : envelope<flat_event<P>> {
  using payload_type = P;
  uuid event_id;
  events::timestamp timestamp;
  std::optional<uuid> correlation_id;
  P payload;
  static constexpr events::members members{member<&flat_event::event_id>{"event_id"},
                                      type_member{},
                                      version_member{},
                                      member<&flat_event::timestamp>{"timestamp"},
                                      member<&flat_event::correlation_id>{"correlation_id"},
                                      inline_payload<&flat_event::payload>{}};
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

namespace detail {
/// The event id of `incoming` (its event_id or id uuid); none for a message without one.
template <class In>
std::optional<uuid> event_id_of(const In& incoming) {
  if constexpr (requires { requires std::is_same_v<std::remove_cvref_t<decltype(incoming.event_id)>, uuid>; })
    return incoming.event_id;
  else if constexpr (requires { requires std::is_same_v<std::remove_cvref_t<decltype(incoming.id)>, uuid>; })
    return incoming.id;
  else
    return std::nullopt;
}
}  // namespace detail

/// The correlation id of what follows from `incoming`: its correlation_id, or, when it has none,
/// its event id (a flow is named by the event that started it). The one rule of reply() and of
/// the services and jobs that answer an event.
template <class In>
std::optional<uuid> correlation_of(const In& incoming) {
  std::optional<uuid> correlation;
  if constexpr (requires { incoming.correlation_id; }) correlation = incoming.correlation_id;
  if (!correlation) correlation = detail::event_id_of(incoming);
  return correlation;
}

/// The event a handler publishes in reply to `incoming`, in the envelope `reply_payload` declares:
/// correlation_id is the incoming event's (or, when it has none, its event id), causation_id its
/// event id (the nested envelope only; the flat one has none). The trace context travels with the
/// thread (events::current_trace), so publishing the reply inside the handler continues the trace.
template <payload P, class In>
auto reply(const In& incoming, P reply_payload) {
  const std::optional<uuid> correlation = correlation_of(incoming), cause = detail::event_id_of(incoming);
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
