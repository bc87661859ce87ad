#pragma once
/// \file The handlers of a transport (Kafka consumer, Dapr subscriber), keyed by (wire type,
/// version) from event_traits; events::route (inbound.hpp) picks one for a message.
///
/// A message is identified once (events::identify), then the entry that takes its version
/// decodes it once: the same version, or the oldest newer one whose chain reaches back to it
/// (decoded as its own version, then upcast). A version newer than every handler's is
/// version_unsupported. Handlers are few, so lookup is a scan of a small vector.
#include <events/detail/type_name.hpp>
#include <events/error_codes.hpp>
#include <events/event_traits.hpp>
#include <events/json.hpp>
#include <events/version.hpp>

#include <array>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace events {

namespace detail {
// The versions E's chain decodes (oldest first): every version of its payload's chain for
// an envelope of a payload with a chain, else its own.
template <class E>
struct chain_info {
  static constexpr std::array<int, 1> versions{event_traits<E>::version};
  static constexpr bool upcasts = false;
};
template <template <class> class Env, class P>
  requires envelope_type<Env<P>> && has_previous<P>
struct chain_info<Env<P>> {
  static constexpr auto versions = []<class... V>(std::tuple<V...>*) {
    return std::array<int, sizeof...(V)>{payload_version<V>...};
  }(static_cast<version_chain<P>*>(nullptr));
  static constexpr bool upcasts = true;
};
}  // namespace detail

/// What a handler lookup found.
enum class lookup { found, unknown_type, version_unsupported };

/// The handlers of one transport: R is what a handler call returns, Ctx what it is given beside
/// the event (the Kafka message, the Dapr topic).

template <class R, class Ctx>
class handler_table {
 public:
  struct entry {
    virtual ~entry() = default;
    std::string_view type;
    int version = 1;
    const int* chain = nullptr;  // versions this entry decodes, ascending
    std::size_t chain_size = 0;
    const std::string_view* aliases = nullptr;
    std::size_t alias_count = 0;
    bool by_topic = false;
    std::string_view home_topic;  // event_traits<E>::topic
    std::string topic;  // "" in Kafka (any subscribed topic); the subscription's in Dapr
    std::string name;   // the C++ type, for messages

    bool names(std::string_view t) const noexcept {
      if (t.size() == type.size() && std::char_traits<char>::compare(t.data(), type.data(), t.size()) == 0) return true;
      for (std::size_t i = 0; i < alias_count; ++i)
        if (aliases[i] == t) return true;
      return false;
    }
    bool decodes(int v) const noexcept {
      for (std::size_t i = 0; i < chain_size; ++i)
        if (chain[i] == v) return true;
      return false;
    }
    /// Decodes a message of version `v` (0: absent, the oldest of the chain) into the held event.
    virtual error_list decode(std::string_view text, int v, const decode_options& o) = 0;
    /// The held event's id text ("" when it has none).
    virtual std::string id() const = 0;
    /// The held event's id as a dedupe key (detail::id_key: one-to-one with id()), viewing the
    /// event or `scratch`; empty when it has none.
    virtual std::string_view id_key(std::string& scratch) const = 0;
    /// Calls the handler with the held event.
    virtual R call(Ctx& ctx) = 0;
  };

  /// Adds the handler of E; throws std::invalid_argument naming both when (type, version) on
  /// `topic` already has one.
  template <class E, class F, class Call>
  entry& add(F fn, std::string topic, Call call) {
    using traits = event_traits<E>;
    struct typed final : entry {
      typed(F f, Call c) : fn(std::move(f)), caller(std::move(c)) {}
      F fn;
      Call caller;
      std::optional<E> value;
      error_list decode(std::string_view text, int v, const decode_options& o) override {
        if constexpr (detail::chain_info<E>::upcasts) {
          using reg = version_registry<E>;
          if (v == 0 || v == traits::version) {
            if (!value) value.emplace();
            return events::from_json(text, *value, o);
          }
          typename reg::variant old;
          std::size_t i = reg::find(traits::type, v);
          if (i == reg::size) return {{"/event_version", std::string(error_codes::version_unsupported), "no decoder for this version", {}}};
          error_list errors = reg::decode_as(i, text, old, o);
          if (!errors.empty()) return errors;
          value = std::visit(
              [](auto&& ev) -> E {
                using got = std::remove_cvref_t<decltype(ev)>;
                if constexpr (std::is_same_v<got, E>)
                  return std::move(ev);
                else
                  return upcast<typename E::payload_type>(std::move(ev));
              },
              std::move(old));
          return {};
        } else {
          if (!value) value.emplace();
          return events::from_json(text, *value, o);
        }
      }
      std::string id() const override { return value ? traits::id(*value) : std::string(); }
      std::string_view id_key(std::string& scratch) const override {
        if (!value) return {};
        if constexpr (requires { traits::id_key(*value, scratch); }) {
          return traits::id_key(*value, scratch);
        } else {
          scratch = traits::id(*value);
          return detail::id_key(std::string_view(scratch), scratch);
        }
      }
      R call(Ctx& ctx) override { return caller(fn, std::as_const(*value), ctx); }
    };
    for (const auto& e : entries_)
      if (e->type == traits::type && e->version == traits::version && e->topic == topic)
        throw std::invalid_argument("events: a handler for (" + std::string(traits::type) + ", v" +
                                    std::to_string(traits::version) + ")" +
                                    (topic.empty() ? std::string() : " on " + topic) + " is already registered, for " +
                                    e->name + "; refused the second one, for " + std::string(detail::qualified_type_name<E>()));
    auto e = std::make_unique<typed>(std::move(fn), std::move(call));
    e->type = traits::type;
    e->version = traits::version;
    e->chain = detail::chain_info<E>::versions.data();
    e->chain_size = detail::chain_info<E>::versions.size();
    e->aliases = traits::aliases.data();
    e->alias_count = traits::aliases.size();
    e->by_topic = traits::by_topic;
    e->home_topic = traits::topic;
    e->topic = std::move(topic);
    e->name = std::string(detail::qualified_type_name<E>());
    entries_.push_back(std::move(e));
    return *entries_.back();
  }

  struct match {
    lookup status = lookup::unknown_type;
    entry* handler = nullptr;
    int newest = 0;  // the newest version handled for the type (for the error message)
  };

  /// The entry for a message of `type` and `version` on `topic`; `type` empty: the entry that
  /// takes untyped messages of that topic.
  match find(std::string_view type, int version, std::string_view topic) const noexcept {
    match m;
    entry* exact = nullptr;
    entry* newer = nullptr;
    entry* lowest = nullptr;
    for (const auto& e : entries_) {
      if (!e->topic.empty() && e->topic != topic) continue;
      if (type.empty() ? !(e->by_topic && (!e->topic.empty() || e->home_topic == topic)) : !e->names(type)) continue;
      if (m.newest < e->version) m.newest = e->version;
      if (!lowest || e->version < lowest->version) lowest = e.get();
      if (e->version == version) exact = e.get();
      else if (version > 0 && e->version > version && e->decodes(version) && (!newer || e->version < newer->version))
        newer = e.get();
    }
    if (!lowest) return m;
    m.handler = exact ? exact : newer ? newer : (version == 0 || type.empty()) ? lowest : nullptr;
    m.status = m.handler ? lookup::found : lookup::version_unsupported;
    return m;
  }

  bool empty() const noexcept { return entries_.empty(); }
  /// The distinct topics of the entries (Dapr's subscriptions), in registration order.
  std::vector<std::string> topics() const {
    std::vector<std::string> out;
    for (const auto& e : entries_) {
      bool seen = false;
      for (const auto& t : out) seen = seen || t == e->topic;
      if (!seen) out.push_back(e->topic);
    }
    return out;
  }

 private:
  std::vector<std::unique_ptr<entry>> entries_;
};

}  // namespace events
