#pragma once
/// \file What an event is, asked in one place: its wire type, version, topic, partition key, event
/// id and payload type, for payloads, envelopes (event<P>, flat_event<P>) and the contract's whole
/// messages (TaskEvent, ReminderEvent). Kafka, Dapr and CloudEvents ask only this.
///
/// <!-- given: #include <events/catalog/task_events.hpp>
/// events::event<events::TaskCreatedPayload> ev; -->
/// \code
/// using T = events::event_traits<events::event<events::TaskCreatedPayload>>;
/// // T::type == "task.created", T::version == 1, T::topic == "task-events"
/// std::string key = T::key(ev);   // the task_id text
/// std::string id = T::id(ev);     // the event_id text
/// \endcode
///
/// A type that is neither a payload nor an envelope becomes an event by specializing
/// event_traits with the same members (contract.hpp does so for the seed-003 messages).
#include <events/payload.hpp>
#include <events/routing.hpp>
#include <events/timestamp.hpp>
#include <events/uuid.hpp>
#include <events/value_text.hpp>

#include <array>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace events {

/// The envelope a payload travels in: nested (event<P>, seeds 002/004) or flat (flat_event<P>,
/// seed 000). A payload declares it as `static constexpr events::envelope_shape shape = ...;`.
enum class envelope_shape { nested, flat };

/// How a payload of version >= 2 names itself on the wire: `catalog` writes `event_type` "task.created"
/// with `event_version` "2.0"; `suffixed` writes seed 004's "task.created.v2". Reading accepts
/// both (and version 1 reads "task.created.v1" too, the form seed 002 names). Declared as `static constexpr events::wire_name_form wire_name = ...;` (default: catalog).
enum class wire_name_form { catalog, suffixed };

/// The shape P declares; nested when it declares none.
template <class P>
inline constexpr envelope_shape shape_of = [] {
  if constexpr (requires { { P::shape } -> std::convertible_to<envelope_shape>; })
    return static_cast<envelope_shape>(P::shape);
  else
    return envelope_shape::nested;
}();

/// True when P declares its shape (then only the matching make_* accepts it).
template <class P>
inline constexpr bool declares_shape = requires { { P::shape } -> std::convertible_to<envelope_shape>; };

/// The wire-name form P writes.
template <class P>
inline constexpr wire_name_form wire_name_of = [] {
  if constexpr (requires { { P::wire_name } -> std::convertible_to<wire_name_form>; })
    return static_cast<wire_name_form>(P::wire_name);
  else
    return wire_name_form::catalog;
}();

namespace detail {
/// An event id as a key for a window of seen ids, one-to-one with its id text (text_of): a
/// canonical UUID (lowercase, hyphenated) as its 16 bytes and a 0xff byte, which no UTF-8 text
/// holds; any other text as itself. Views `v` or `scratch`; empty when there is no id. A UUID id
/// costs no formatting and no allocation.
template <class V>
std::string_view id_key(const V& v, std::string& scratch) {
  if constexpr (std::is_same_v<V, uuid>) {
    scratch.resize(17);
    std::memcpy(scratch.data(), v.bytes.data(), 16);
    scratch[16] = static_cast<char>(0xff);
    return scratch;
  } else if constexpr (requires { v.has_value(); *v; }) {
    return v ? id_key(*v, scratch) : std::string_view();
  } else if constexpr (requires { std::string_view(v); }) {
    const std::string_view text(v);
    const bool canonical = text.size() == 36 && [&] {
      for (std::size_t i = 0; i < 36; ++i) {
        const char c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23 ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
          return false;
      }
      return true;
    }();
    if (!canonical) return text;
    return id_key(*uuid::parse(text), scratch);  // parsed before scratch (which text may view) is written
  } else {
    scratch = text_of(v);
    return id_key(std::string_view(scratch), scratch);
  }
}

// "task.created" + version 2 -> "task.created.v2", at compile time.
template <class P>
struct suffixed_name {
  static constexpr auto storage = [] {
    constexpr std::string_view base = P::type;
    constexpr auto ver = version_storage<payload_version<P>>;  // "2.0"
    constexpr std::size_t digits = ver.size() - 2;
    std::array<char, base.size() + 2 + digits> out{};
    std::size_t n = 0;
    for (char c : base) out[n++] = c;
    out[n++] = '.';
    out[n++] = 'v';
    for (std::size_t i = 0; i < digits; ++i) out[n++] = ver[i];
    return out;
  }();
  static constexpr std::string_view value{storage.data(), storage.size()};
};
}  // namespace detail

/// The `event_type` text a payload writes: P::type, or "type.vN" in the suffixed form (N >= 2).
template <payload P>
inline constexpr std::string_view written_type = [] {
  if constexpr (wire_name_of<P> == wire_name_form::suffixed && payload_version<P> >= 2)
    return detail::suffixed_name<P>::value;
  else
    return std::string_view(P::type);
}();

/// The other accepted `event_type` text of a payload (the form it does not write): "<type>.v1" for
/// version 1 (seed 002's example of a versioned name), and for version >= 2 the suffixed or the
/// catalog form, whichever it does not write.
template <payload P>
inline constexpr std::string_view other_type_form = [] {
  if constexpr (payload_version<P> < 2)
    return detail::suffixed_name<P>::value;
  else if constexpr (wire_name_of<P> == wire_name_form::suffixed)
    return std::string_view(P::type);
  else
    return detail::suffixed_name<P>::value;
}();

/// The facts about an event type. Specialized below for payloads, in envelope.hpp for envelopes; specialize it for
/// a message of your own (see contract.hpp). Members:
/// - `payload_type`: the payload (the message itself for a payload or a contract message);
/// - `type`, `version`: the wire type and its version (a message's name in registries and ce_type);
/// - `topic`: the default topic ("" when none);
/// - `key(e)`, `id(e)`: the partition key and the event id as text ("" when none);
/// - `aliases`: other `event_type` texts that name this type (the contract's enum values);
/// - `by_topic`: a message on `topic` that names no type at all is this one (ReminderEvent).
template <class E>
struct event_traits;

template <payload P>
struct event_traits<P> {
  using payload_type = P;
  static constexpr std::string_view type = P::type;
  static constexpr int version = payload_version<P>;
  static constexpr std::string_view topic = topic_of<P>();
  static constexpr std::array<std::string_view, 0> aliases{};
  static constexpr bool by_topic = false;
  static std::string key(const P& p) { return partition_key(p); }
  static std::string id(const P&) { return {}; }
};

// Envelopes: envelope.hpp, from their member list.

/// A type event_traits knows (a payload, an envelope, or a message with its own specialization):
/// it can be published and handled.
template <class E>
concept event_type = requires {
  { event_traits<E>::type } -> std::convertible_to<std::string_view>;
  { event_traits<E>::version } -> std::convertible_to<int>;
};

}  // namespace events
