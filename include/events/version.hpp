#pragma once
/// \file Versions: the upcaster chain (v1 -> v2 -> v3) and decoding an old message into the
/// newest type.
///
/// Convention: the newer payload keeps the same `type`, raises `version`, names its predecessor
/// and says how to build itself from it:
/// \code
/// struct TaskCreatedV2 {
///   static constexpr std::string_view type = "task.created";
///   static constexpr int version = 2;
///   using previous = TaskCreated;
///   static TaskCreatedV2 upcast(TaskCreated&& old);
///   ...
/// };
/// auto ev = events::decode_latest<events::event<TaskCreatedV3>>(wire);  // v1, v2 or v3 on the wire
/// \endcode
/// The compile-time compatibility trait is in <events/compat.hpp>.
#include <events/event.hpp>
#include <events/payload.hpp>
#include <events/registry.hpp>

#include <tuple>
#include <type_traits>
#include <utility>

namespace events {

/// A payload that declares the version it replaces.
template <class P>
concept has_previous = requires { typename P::previous; };

namespace detail {
template <class P>
constexpr bool check_previous() {
  if constexpr (has_previous<P>) {
    using Q = typename P::previous;
    static_assert(payload<Q>, "events: P::previous must be a payload type");
    static_assert(std::string_view(Q::type) == std::string_view(P::type),
                  "events: P::previous must have the same wire type as P");
    static_assert(payload_version<Q> < payload_version<P>, "events: P::previous must have a lower version than P");
    static_assert(std::is_same_v<decltype(P::upcast(std::declval<Q&&>())), P>,
                  "events: a payload with `previous` needs `static P upcast(previous&&)`");
    return check_previous<Q>();
  }
  return true;
}

template <class P, class... Newer>
struct chain_of {
  using type = std::tuple<P, Newer...>;
};
template <has_previous P, class... Newer>
struct chain_of<P, Newer...> : chain_of<typename P::previous, P, Newer...> {};
}  // namespace detail

/// Every version of P's type, oldest first, ending with P: std::tuple<V1, V2, P>.
template <payload P>
  requires(detail::check_previous<P>())
using version_chain = typename detail::chain_of<P>::type;

/// Upcasts a payload of an older version to New through every step of the chain.
template <payload New, payload Old>
New upcast(Old&& old) {
  using O = std::remove_cvref_t<Old>;
  if constexpr (std::is_same_v<O, New>) {
    return std::forward<Old>(old);
  } else {
    static_assert(has_previous<New>, "events: no upcast chain leads from this version to the requested one");
    static_assert(detail::check_previous<New>());
    O moved(std::forward<Old>(old));
    return New::upcast(upcast<typename New::previous>(std::move(moved)));
  }
}

/// Upcasts an envelope (event<Old> or flat_event<Old>) to the same envelope of New, keeping its
/// metadata.
template <payload New, payload Old>
event<New> upcast(event<Old>&& old) {
  event<New> e;
  e.event_id = old.event_id;
  e.timestamp = old.timestamp;
  e.correlation_id = old.correlation_id;
  e.causation_id = old.causation_id;
  e.payload = upcast<New>(std::move(old.payload));
  return e;
}
template <payload New, payload Old>
flat_event<New> upcast(flat_event<Old>&& old) {
  flat_event<New> e;
  e.event_id = old.event_id;
  e.timestamp = old.timestamp;
  e.correlation_id = old.correlation_id;
  e.payload = upcast<New>(std::move(old.payload));
  return e;
}

namespace detail {
template <template <class> class Env, class Chain>
struct chain_registry;
template <template <class> class Env, class... P>
struct chain_registry<Env, std::tuple<P...>> {
  using type = registry<Env<P>...>;
};
template <class E>
struct envelope_of;
template <class P>
struct envelope_of<event<P>> {
  using chain = typename chain_registry<event, version_chain<P>>::type;
};
template <class P>
struct envelope_of<flat_event<P>> {
  using chain = typename chain_registry<flat_event, version_chain<P>>::type;
};
}  // namespace detail

/// The registry of every version of E's type (E = event<P> or flat_event<P>).
template <class E>
using version_registry = typename detail::envelope_of<E>::chain;

/// Decodes a message of any version of E's type and upcasts it to E: an old message decodes
/// into the newest type.
template <class E>
result<E> decode_latest(std::string_view text, const decode_options& options = {}) {
  using R = version_registry<E>;
  auto any = R::decode(text, options);
  if (!any) return any.error();
  return std::visit(
      [](auto&& ev) -> E {
        using Got = std::remove_cvref_t<decltype(ev)>;
        if constexpr (std::is_same_v<Got, E>)
          return std::move(ev);
        else
          return upcast<typename E::payload_type>(std::move(ev));
      },
      std::move(*any));
}

}  // namespace events
