#pragma once
/// \file A compile-time list of event types (envelopes), named by wire type and version: decode
/// any message into a std::variant by its event_type (and version), and dispatch it to handlers.
///
/// <!-- given: #include <events/catalog/todo_events.hpp>
/// using events::TodoCreated, events::TodoUpdated; std::string wire;
/// void create(const TodoCreated& todo); -->
/// \code
/// using todo_registry = events::registry<events::flat_event<TodoCreated>, events::flat_event<TodoUpdated>>;
/// auto any = todo_registry::decode(wire);                    // result<std::variant<...>>
/// auto errors = todo_registry::dispatch(wire, events::overloaded{
///     [](const events::flat_event<TodoCreated>& e) { create(e.payload); },
///     [](const auto&) { /* every other type */ }});
/// \endcode
///
/// Lookup is a perfect hash of the wire type names, found at compile time (one hash, one
/// compare); only the top-level members up to event_type (and event_version when one type has
/// several versions) are read before the one full decode. A message without a version is read
/// as the lowest version the registry holds of its type. A type in seed 004's suffixed form,
/// "task.created.v2", is version 2 of "task.created" (see events::identify).
#include <events/detail/type_index.hpp>
#include <events/event.hpp>
#include <events/identify.hpp>
#include <events/json.hpp>
#include <events/payload.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

namespace events {

/// Handlers as one overload set, for dispatch and std::visit.
template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

namespace detail {

template <std::size_t N>
struct registry_layout {
  static constexpr std::size_t npos = N;
  std::size_t unique = 0;                    // distinct wire types
  std::array<std::string_view, N> names{};   // the distinct types, first `unique` used
  std::array<std::uint16_t, N> first{};      // per distinct type: first entry (in `by_type`)
  std::array<std::uint16_t, N> count{};      // per distinct type: how many versions
  std::array<std::uint16_t, N> by_type{};    // entry indices grouped by type, by ascending version
};

template <std::size_t N>
constexpr registry_layout<N> make_layout(const std::array<std::string_view, N>& types, const std::array<int, N>& versions) {
  registry_layout<N> l;
  std::size_t k = 0;
  for (std::size_t i = 0; i < N; ++i) {
    bool seen = false;
    for (std::size_t u = 0; u < l.unique; ++u) seen = seen || l.names[u] == types[i];
    if (seen) continue;
    const std::size_t u = l.unique++;
    l.names[u] = types[i];
    l.first[u] = static_cast<std::uint16_t>(k);
    // entries of this type, by ascending version (insertion sort)
    const std::size_t begin = k;
    for (std::size_t j = i; j < N; ++j) {
      if (types[j] != types[i]) continue;
      std::size_t at = k++;
      while (at > begin && versions[l.by_type[at - 1]] > versions[j]) {
        l.by_type[at] = l.by_type[at - 1];
        --at;
      }
      l.by_type[at] = static_cast<std::uint16_t>(j);
    }
    l.count[u] = static_cast<std::uint16_t>(k - begin);
  }
  return l;
}

template <std::size_t U, std::size_t N>
constexpr std::array<std::string_view, U> first_names(const registry_layout<N>& l) {
  std::array<std::string_view, U> out{};
  for (std::size_t i = 0; i < U; ++i) out[i] = l.names[i];
  return out;
}

}  // namespace detail

/// A list of envelope types; the catalog headers each name one, and registries concatenate.
template <envelope_type... E>
struct registry {
  using types = std::tuple<E...>;
  /// One alternative per entry, in list order.
  using variant = std::variant<E...>;
  static constexpr std::size_t size = sizeof...(E);
  /// Wire event_type of each entry, in list order.
  static constexpr std::array<std::string_view, size> type_names{std::string_view(event_traits<E>::type)...};
  /// Version of each entry, in list order.
  static constexpr std::array<int, size> versions{event_traits<E>::version...};
  /// True when T is one of the entries.
  template <class T>
  static constexpr bool contains = (std::is_same_v<T, E> || ...);
  /// Position of T in the list (size when absent).
  template <class T>
  static constexpr std::size_t index_of = [] {
    constexpr bool same[] = {std::is_same_v<T, E>..., false};
    std::size_t i = 0;
    while (i < size && !same[i]) ++i;
    return i;
  }();

 private:
  static constexpr auto layout = detail::make_layout(type_names, versions);
  static constexpr std::size_t unique = layout.unique;
  static constexpr auto hash = detail::make_perfect_hash(detail::first_names<unique>(layout));
  static constexpr bool distinct_entries = [] {
    for (std::size_t i = 0; i < size; ++i)
      for (std::size_t j = i + 1; j < size; ++j)
        if (type_names[i] == type_names[j] && versions[i] == versions[j]) return false;
    return true;
  }();
  static_assert(distinct_entries, "events: two registry entries have the same event_type and version");

 public:
  /// Entry index of (type, version); version 0 means "absent": the lowest version of the type.
  /// Returns size when the registry has no such entry.
  static constexpr std::size_t find(std::string_view type, int version = 0) noexcept {
    const std::size_t u = hash.find(type);
    if (u == unique) return size;
    const std::size_t first = layout.first[u], n = layout.count[u];
    if (version == 0) return layout.by_type[first];
    if (n == 1) return versions[layout.by_type[first]] == version ? layout.by_type[first] : size;
    for (std::size_t k = first; k < first + n; ++k)
      if (versions[layout.by_type[k]] == version) return layout.by_type[k];
    return size;
  }

  /// "TodoCreated, TodoUpdated, task.created (v1, v2)": the known types, for error messages.
  static std::string known_types() {
    std::string out;
    for (std::size_t u = 0; u < unique; ++u) {
      if (u) out += ", ";
      out += layout.names[u];
      if (layout.count[u] > 1) {
        out += " (";
        for (std::size_t k = 0; k < layout.count[u]; ++k) {
          if (k) out += ", ";
          out += 'v' + std::to_string(versions[layout.by_type[layout.first[u] + k]]);
        }
        out += ')';
      }
    }
    return out;
  }

  /// Which entry a message is, reading only its top-level members up to event_type (and version):
  /// the entry index, or the errors (unknown type listing the known ones, unknown version, bad JSON).
  /// A producer's messages share their bytes up to the identity but for the first value (an event
  /// id): the entry of the last compact one read on this thread is remembered and reused for them.
  static result<std::size_t> identify(std::string_view text, const decode_options& options = {}) {
    identity_cache& cache = thread_cache();
    const bool fits = text.size() <= options.max_input_bytes;
    if (fits && cache.memo.matches(text, options)) return cache.index;
    message_identity id;
    auto enough = [](std::string_view type) {
      const std::size_t u = hash.find(type);
      return u == unique || layout.count[u] == 1;
    };
    detail::compact_walk walk;
    const bool compact = fits && detail::peek_identity_compact(text, id, options, enough, &walk);
    if (!compact) {
      if (error_list errors = peek_identity(text, id, options, enough); !errors.empty()) return errors;
    }
    result<std::size_t> which = resolve(id);
    if (compact && which) {  // the same bytes around a first value of the same length: the same entry
      cache.memo.remember(text, id, walk, 0, 0, false);
      cache.index = *which;
    }
    return which;
  }

 private:
  struct identity_cache {
    detail::identity_memo memo;
    std::size_t index = 0;
  };
  static identity_cache& thread_cache() noexcept {
    thread_local identity_cache cache;
    return cache;
  }

  // The entry `id` names, or why none.
  static result<std::size_t> resolve(message_identity& id) {
    std::size_t u = hash.find(id.type);
    if (std::string_view base; u == unique && detail::split_version_suffix(id.type, base) > 0) {
      if (const std::size_t b = hash.find(base); b != unique) {  // "task.created.v2"
        const int v = detail::split_version_suffix(id.type, base);
        if (id.version <= 0) id.version = v;
        id.type = base;
        u = b;
        if (layout.count[u] == 1)
          return versions[layout.by_type[layout.first[u]]] == id.version
                     ? result<std::size_t>(std::size_t{layout.by_type[layout.first[u]]})
                     : result<std::size_t>(error_list{{"/event_type", "unknown_event_version",
                                                       "Unknown version of '" + std::string(base) + "'",
                                                       std::to_string(id.version)}});
      }
    }
    if (u == unique)
      return error_list{{"/event_type", "unknown_event_type",
                         "Unknown event_type '" + detail::shorten(id.type) + "'; known types: " + known_types(),
                         detail::shorten(id.type)}};
    if (layout.count[u] == 1) return std::size_t{layout.by_type[layout.first[u]]};  // its decode checks the version
    std::size_t i = id.version < 0 ? size : find(id.type, id.version);
    if (i == size) {
      std::string known;
      for (std::size_t k = 0; k < layout.count[u]; ++k) {
        if (k) known += ", ";
        known += std::to_string(versions[layout.by_type[layout.first[u] + k]]);
      }
      return error_list{{id.version_from_event_version ? "/event_version" : "/schema_version", "unknown_event_version",
                         "Unknown version of '" + std::string(id.type) + "'; known versions: " + known,
                         std::to_string(id.version)}};
    }
    return i;
  }

 public:
  /// Decodes into `out`, choosing the alternative by event_type and version; the alternative is
  /// reused (with its storage) when it is already the right one. Returns every error.
  static error_list decode(std::string_view text, variant& out, const decode_options& options = {}) {
    auto which = identify(text, options);
    if (!which) return which.error();
    return decoders[*which](text, out, options);
  }

  /// Decodes `text` as entry `i` (from identify or find), reusing `out` when it holds that entry.
  static error_list decode_as(std::size_t i, std::string_view text, variant& out, const decode_options& options = {}) {
    return decoders[i](text, out, options);
  }

  /// Decodes any message of the registry: the event, or every error.
  static result<variant> decode(std::string_view text, const decode_options& options = {}) {
    // Decoded in place: moving a std::variant of many types costs libstdc++ a constructor chain
    // per alternative at compile time.
    return result<variant>(std::in_place, [&](variant& v) { return decode(text, v, options); });
  }

  /// Decodes and calls `handler` (e.g. events::overloaded{...}) with the event; returns the
  /// errors (empty when the handler ran).
  template <class Handler>
  static error_list dispatch(std::string_view text, Handler&& handler, const decode_options& options = {}) {
    variant v;
    error_list errors = decode(text, v, options);
    if (errors.empty()) std::visit(std::forward<Handler>(handler), v);
    return errors;
  }

 private:
  using decoder = error_list (*)(std::string_view, variant&, const decode_options&);
  static constexpr std::array<decoder, size> decoders = []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<decoder, size>{+[](std::string_view text, variant& out, const decode_options& o) {
      // From a moved value, not emplace<I>(): libstdc++ builds that through a temporary variant
      // whose constructor recurses I levels deep, for each I (38 entries: 700 functions).
      if (out.index() != I) out.template emplace<I>(std::variant_alternative_t<I, variant>{});
      return events::from_json(text, std::get<I>(out), o);
    }...};
  }(std::make_index_sequence<size>{});
};

namespace detail {
template <class... R> struct registry_concat;
template <class... A> struct registry_concat<registry<A...>> { using type = registry<A...>; };
template <class... A, class... B, class... R>
struct registry_concat<registry<A...>, registry<B...>, R...> : registry_concat<registry<A..., B...>, R...> {};
}  // namespace detail

/// The registry of every entry of the given registries, in order.
template <class... R>
using registry_union = typename detail::registry_concat<R...>::type;

}  // namespace events
