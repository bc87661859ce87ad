#pragma once
/// \file Where a typed event goes on Kafka: its topic and key, from the payload's routing
/// (events::topic_of, events::partition_key), for envelopes and for plain typed messages alike.
#include <events/cloudevents.hpp>
#include <events/payload.hpp>
#include <events/routing.hpp>

#include <string>
#include <string_view>
#include <type_traits>

namespace events::kafka {

namespace detail {
template <class E>
struct payload_of {
  using type = E;
};
template <class E>
  requires requires { typename E::payload_type; }
struct payload_of<E> {
  using type = typename E::payload_type;
};
}  // namespace detail

/// The payload type of an envelope E, or E itself for a plain typed message.
template <class E>
using payload_of = typename detail::payload_of<E>::type;

/// The topic E is published to by default: E::topic, else its payload's topic; empty when none.
template <class E>
constexpr std::string_view default_topic() noexcept {
  if constexpr (requires { E::topic; })
    return std::string_view(E::topic);
  else
    return events::topic_of<payload_of<E>>();
}

/// The message key of `ev`: its payload's partition key (the entity id), for per-entity
/// ordering; empty when the payload names no key.
template <class E>
std::string default_key(const E& ev) {
  if constexpr (requires { ev.payload; } && events::payload<payload_of<E>>)
    return events::partition_key(ev.payload);
  else if constexpr (events::payload<E>)
    return events::partition_key(ev);
  else
    return {};
}

/// The id text used for dedupe: event_id (or id) of the event; empty when it has none.
template <class E>
std::string event_id_of(const E& ev) {
  if constexpr (requires { ev.event_id; })
    return cloudevents::detail::text_of(ev.event_id);
  else if constexpr (requires { ev.id; })
    return cloudevents::detail::text_of(ev.id);
  else
    return {};
}

}  // namespace events::kafka
