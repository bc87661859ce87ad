#pragma once
/// \file The CRTP base of envelopes. An envelope declares its wire form once, as a compile-time
/// member list, and gets from it its field table (JSON, validation, schemas), its event_traits
/// (type, version, topic, key, id), upcasts between versions, registries, Kafka, Dapr and
/// CloudEvents, with no edit to the library.
///
/// \code
/// struct trace_metadata { std::string tenant; std::optional<std::string> request; };
///
/// template <events::payload P>
/// struct meta_event : events::envelope<meta_event<P>> {
///   using payload_type = P;
///   events::uuid event_id;
///   events::timestamp occurred_at;
///   trace_metadata metadata;
///   P payload;
///   static constexpr events::members members{
///       events::member<&meta_event::event_id>{"event_id"}, events::type_member{"event_type"},
///       events::version_member{"event_version"}, events::member<&meta_event::occurred_at>{"occurred_at"},
///       events::member<&meta_event::metadata>{"metadata"}, events::member<&meta_event::payload>{"payload"}};
/// };
/// \endcode
#include <events/detail/json_scan.hpp>
#include <events/event_traits.hpp>
#include <events/field_table.hpp>
#include <events/json.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

namespace events {

/// A data member of an envelope, by its wire name: `events::member<&E::event_id>{"event_id"}`.
/// Required on the wire unless it is a std::optional.
template <auto Ptr>
struct member {
  static constexpr auto ptr = Ptr;
  std::string_view name;
};

/// The payload's own fields inline, beside the envelope's (the flat envelope of seed 000).
template <auto Ptr>
struct inline_payload {
  static constexpr auto ptr = Ptr;
};

/// `event_type`: the payload's wire type, fixed by the envelope's type; required.
struct type_member {
  std::string_view name = "event_type";
};

/// `event_version`: the payload's version ("2.0"); may be absent when read.
struct version_member {
  std::string_view name = "event_version";
};

/// `schema_version`: written when the payload declares one (seed 004's "2.0.0"); may be absent.
struct schema_version_member {
  std::string_view name = "schema_version";
};

namespace detail {
template <std::size_t K, class T>
struct member_leaf {
  T value;
};
template <class Seq, class... T>
struct member_leaves;
template <std::size_t... K, class... T>
struct member_leaves<std::index_sequence<K...>, T...> : member_leaf<K, T>... {};
template <std::size_t K, class T>
constexpr const T& leaf(const member_leaf<K, T>& l) noexcept {
  return l.value;
}
}  // namespace detail

/// An envelope's member list: `static constexpr events::members members{events::member<...>{...},
/// ...}`. A tuple-like list (std::tuple_size, std::tuple_element, get) that costs the compiler far
/// less than a std::tuple of as many entries: no converting constructors to weigh, one base per
/// entry. A std::tuple works too.
template <class... T>
struct members : detail::member_leaves<std::index_sequence_for<T...>, T...> {
  constexpr members(T... t) noexcept : detail::member_leaves<std::index_sequence_for<T...>, T...>{{t}...} {}  // NOLINT
};

template <std::size_t K, class... T>
constexpr const auto& get(const members<T...>& m) noexcept {
  return detail::leaf<K>(m);
}

/// What an envelope is: a type derived from events::envelope<E> that names its payload type and
/// declares its members. The one trait every feature asks.
template <class E>
concept envelope_type = std::is_base_of_v<detail::envelope_tag, E> && requires {
  typename E::payload_type;
  std::tuple_size<std::remove_cvref_t<decltype(E::members)>>::value;
} && payload<typename E::payload_type>;

namespace detail {

template <class M>
struct member_pointer;
template <class C, class F>
struct member_pointer<F C::*> {
  using type = F;
};

// One entry of an envelope's member list: how many wire fields it makes, their names, which are
// required, and access to field J of it.
template <class E, class Kind>
struct envelope_slot;

template <class E, auto Ptr>
struct envelope_slot<E, member<Ptr>> {
  using field_type = typename member_pointer<decltype(Ptr)>::type;
  static constexpr std::size_t size = 1;
  static constexpr bool holds_payload = std::is_same_v<field_type, typename E::payload_type>;
  static constexpr std::string_view name(const member<Ptr>& m, std::size_t) { return m.name; }
  static std::uint64_t required() { return is_optional<field_type>::value ? 0 : 1; }
  template <std::size_t J, class T>
  static constexpr decltype(auto) get(T& e) noexcept { return (e.*Ptr); }
};

template <class E, auto Ptr>
struct envelope_slot<E, inline_payload<Ptr>> {
  using field_type = typename member_pointer<decltype(Ptr)>::type;
  using inner = field_table<field_type>;
  static constexpr std::size_t size = inner::size;
  static constexpr bool holds_payload = true;
  static constexpr std::string_view name(const inline_payload<Ptr>&, std::size_t j) { return inner::names[j]; }
  static std::uint64_t required() { return inner::required_mask(); }
  template <std::size_t J, class T>
  static constexpr decltype(auto) get(T& e) noexcept { return inner::template get<J>(e.*Ptr); }
};

template <class E, class Kind>
struct literal_slot {
  using P = typename E::payload_type;
  static constexpr literal_field value = [] {
    if constexpr (std::is_same_v<Kind, type_member>)
      return literal_field{written_type<P>, other_type_form<P>, plain_text(written_type<P>)};
    else if constexpr (std::is_same_v<Kind, version_member>)
      return literal_field{payload_version_text<P>, {}, plain_text(payload_version_text<P>)};
    else
      return literal_field{payload_schema_version<P>, {}, plain_text(payload_schema_version<P>)};
  }();
  static constexpr std::size_t size = std::is_same_v<Kind, schema_version_member> && value.value.empty() ? 0 : 1;
  static constexpr bool holds_payload = false;
  static constexpr std::string_view name(const Kind& k, std::size_t) { return k.name; }
  static std::uint64_t required() { return std::is_same_v<Kind, type_member> ? 1 : 0; }
  template <std::size_t J, class T>
  static constexpr decltype(auto) get(T&) noexcept { return (value); }
};
template <class E>
struct envelope_slot<E, type_member> : literal_slot<E, type_member> {};
template <class E>
struct envelope_slot<E, version_member> : literal_slot<E, version_member> {};
template <class E>
struct envelope_slot<E, schema_version_member> : literal_slot<E, schema_version_member> {};

template <class E>
using member_list = std::remove_cvref_t<decltype(E::members)>;
template <class E, std::size_t K>
using slot = envelope_slot<E, std::tuple_element_t<K, member_list<E>>>;

// Where the wire fields of each member start; the last entry is the field count.
template <class E>
inline constexpr auto slot_offsets = []<std::size_t... K>(std::index_sequence<K...>) {
  std::array<std::size_t, sizeof...(K) + 1> at{};
  std::size_t n = 0, k = 0;
  ((at[k++] = n, n += slot<E, K>::size), ...);
  at[k] = n;
  return at;
}(std::make_index_sequence<std::tuple_size_v<member_list<E>>>{});

template <class E>
constexpr std::size_t slot_of(std::size_t field) {
  std::size_t k = 0;
  while (slot_offsets<E>[k + 1] <= field) ++k;
  return k;
}

// The member that holds the payload (a member of the payload's type, or the inline payload).
template <class E>
inline constexpr std::size_t payload_slot = []<std::size_t... K>(std::index_sequence<K...>) {
  std::size_t found = sizeof...(K);
  std::size_t k = 0;
  ((slot<E, K>::holds_payload && found == sizeof...(K) ? (found = k, ++k) : ++k), ...);
  return found;
}(std::make_index_sequence<std::tuple_size_v<member_list<E>>>{});

}  // namespace detail

/// The field table of an envelope, built from its member list.
template <envelope_type E>
struct field_table<E> {
  static constexpr std::size_t count = std::tuple_size_v<detail::member_list<E>>;
  static constexpr std::size_t size = detail::slot_offsets<E>[count];
  static_assert(size <= 64, "events: an envelope may have at most 64 fields with its payload's");
  static_assert(detail::payload_slot<E> < count,
                "events: an envelope's members name its payload (events::member or events::inline_payload)");
  static constexpr extra_fields extra = [] {
    using holder = detail::slot<E, detail::payload_slot<E>>;
    if constexpr (requires { typename holder::inner; })
      return holder::inner::extra;
    else
      return extra_fields::ignore;
  }();
  static constexpr auto names = []<std::size_t... K>(std::index_sequence<K...>) {
    std::array<std::string_view, size> n{};
    std::size_t i = 0;
    auto add = [&](auto slot_type, const auto& m) {
      using S = decltype(slot_type);
      for (std::size_t j = 0; j < S::size; ++j) n[i++] = S::name(m, j);
    };
    (add(detail::slot<E, K>{}, get<K>(E::members)), ...);  // std::get or events::get, found by ADL
    return n;
  }(std::make_index_sequence<count>{});

  static std::uint64_t required_mask() {
    return []<std::size_t... K>(std::index_sequence<K...>) {
      return ((detail::slot<E, K>::required() << detail::slot_offsets<E>[K]) | ... | std::uint64_t{0});
    }(std::make_index_sequence<count>{});
  }

  template <std::size_t I, class T>
  static constexpr decltype(auto) get(T& e) noexcept {
    constexpr std::size_t k = detail::slot_of<E>(I);
    return detail::slot<E, k>::template get<I - detail::slot_offsets<E>[k]>(e);
  }
};

/// The payload of an envelope, wherever its member list puts it.
template <envelope_type E>
constexpr auto& payload_of(E& e) noexcept {
  return e.*std::tuple_element_t<detail::payload_slot<E>, detail::member_list<E>>::ptr;
}
template <envelope_type E>
constexpr const auto& payload_of(const E& e) noexcept {
  return e.*std::tuple_element_t<detail::payload_slot<E>, detail::member_list<E>>::ptr;
}

/// The facts of an envelope (event_traits' one answer for every envelope): its payload's type,
/// version and topic, the key from its payload, the id from its `event_id`.
template <envelope_type E>
struct event_traits<E> {
  using payload_type = typename E::payload_type;
  static constexpr std::string_view type = payload_type::type;
  static constexpr int version = payload_version<payload_type>;
  static constexpr std::string_view topic = topic_of<payload_type>();
  static constexpr std::array<std::string_view, 0> aliases{};
  static constexpr bool by_topic = false;
  static std::string key(const E& e) { return partition_key(payload_of(e)); }
  static std::string id(const E& e) {
    if constexpr (requires { e.event_id; })
      return detail::text_of(e.event_id);
    else
      return {};
  }
  /// id(e) as a dedupe key (detail::id_key), without formatting it.
  static std::string_view id_key(const E& e, std::string& scratch) {
    if constexpr (requires { e.event_id; })
      return detail::id_key(e.event_id, scratch);
    else
      return {};
  }
};

/// Base of every envelope shape. Derived names `payload_type`, its data members and, in wire
/// order, `static constexpr events::members members{...}` (or a std::tuple) (events::member, type_member,
/// version_member, schema_version_member, inline_payload); it inherits the member API.
template <class Derived>
struct envelope : detail::envelope_tag {
  /// The JSON text of this envelope.
  std::string to_json() const { return events::to_json(self()); }
  /// Appends the JSON text of this envelope to `out`.
  void to_json(std::string& out) const { events::to_json(out, self()); }
  /// Decodes and validates: the envelope, or every error with its path.
  static result<Derived> from_json(std::string_view text, const decode_options& options = {}) {
    return events::from_json<Derived>(text, options);
  }
  /// Every constraint violation of this envelope and its payload.
  error_list validate() const { return events::validate(self()); }

  /// The wire type (event_traits<Derived>::type), e.g. "task.created".
  static constexpr std::string_view type() noexcept { return event_traits<Derived>::type; }
  /// The payload's version.
  static constexpr int version() noexcept { return event_traits<Derived>::version; }
  /// The default topic ("" when the payload declares none).
  static constexpr std::string_view topic() noexcept { return event_traits<Derived>::topic; }
  /// The partition key: the text of the payload's key field ("" when it declares none).
  std::string key() const { return event_traits<Derived>::key(self()); }
  /// The event id as text.
  std::string id() const { return event_traits<Derived>::id(self()); }

  friend bool operator==(const envelope&, const envelope&) = default;

 private:
  const Derived& self() const noexcept { return static_cast<const Derived&>(*this); }
};

}  // namespace events

template <class... T>
struct std::tuple_size<events::members<T...>> : std::integral_constant<std::size_t, sizeof...(T)> {};
template <std::size_t K, class... T>
struct std::tuple_element<K, events::members<T...>> {
  using type = std::remove_cvref_t<decltype(events::detail::leaf<K>(std::declval<const events::members<T...>&>()))>;
};
