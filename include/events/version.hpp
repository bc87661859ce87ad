#pragma once
/// \file Versions: the upcaster chain (v1 -> v2 -> v3) and decoding an old message into the
/// newest type.
///
/// Convention: the newer payload keeps the same `type`, raises `version`, names its predecessor
/// and says how to build itself from it:
/// <!-- given: std::string wire;
/// struct TaskCreated { static constexpr std::string_view type = "task.created";
///                      events::uuid task_id; std::string title; }; -->
/// \code
/// struct TaskCreatedV2 {
///   static constexpr std::string_view type = "task.created";
///   static constexpr int version = 2;
///   using previous = TaskCreated;
///   events::uuid task_id;
///   std::string title;
///   std::string priority = "medium";  // new in v2
///   static TaskCreatedV2 upcast(TaskCreated&& old) { return {old.task_id, std::move(old.title)}; }
/// };
/// auto ev = events::decode_latest<events::event<TaskCreatedV2>>(wire);  // v1 or v2 on the wire
/// \endcode
/// The compile-time compatibility trait is in <events/schema/compat.hpp>.
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

namespace detail {
// Carries member K of an old envelope into the new one: the payload upcast, the rest as it is.
template <class New, class Old, std::size_t K>
void carry(New& to, Old& from) {
  using to_kind = std::tuple_element_t<K, member_list<New>>;
  using from_kind = std::tuple_element_t<K, member_list<Old>>;
  if constexpr (requires { to_kind::ptr; }) {
    if constexpr (slot<New, K>::holds_payload)
      to.*to_kind::ptr = upcast<typename New::payload_type>(std::move(from.*from_kind::ptr));
    else
      to.*to_kind::ptr = std::move(from.*from_kind::ptr);
  }
}
}  // namespace detail

/// Upcasts an envelope (event<Old>, flat_event<Old>, or one of your own) to the same envelope of
/// New, keeping its metadata.
template <payload New, template <class> class Env, payload Old>
  requires envelope_type<Env<Old>> && envelope_type<Env<New>>
Env<New> upcast(Env<Old>&& old) {
  Env<New> e;
  [&]<std::size_t... K>(std::index_sequence<K...>) {
    (detail::carry<Env<New>, Env<Old>, K>(e, old), ...);
  }(std::make_index_sequence<std::tuple_size_v<detail::member_list<Env<Old>>>>{});
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
template <template <class> class Env, class P>
  requires envelope_type<Env<P>>
struct envelope_of<Env<P>> {
  using chain = typename chain_registry<Env, version_chain<P>>::type;
};
}  // namespace detail

/// The registry of every version of E's type (E an envelope: event<P>, flat_event<P>, your own).
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
