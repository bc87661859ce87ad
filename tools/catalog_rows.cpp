// The rows of catalog_rows.hpp, made from the catalog's types.
#include "catalog_rows.hpp"

#include "sample.hpp"

#include <events/catalog.hpp>
#include <events/catalog/contract_schema.hpp>
#include <events/events.hpp>
#include <events/schema/json_schema.hpp>
#include <events/schema/json_schema_named.hpp>

#include <tuple>
#include <utility>

namespace events_tool {
namespace {

// The tool's catalog: the registry's envelopes, then the contract messages (the rows' order).
using catalog_types = decltype(std::tuple_cat(std::declval<events::catalog_registry::types>(),
                                              std::declval<events::contract_messages>()));

template <class T>
std::string sample_of(sampler& s) {
  for (int attempt = 0;; ++attempt) {
    T v{};
    s.fill(v, "");
    if constexpr (requires { v.event_id; }) {
      v.event_id = s.fresh_id();
      v.timestamp = s.fresh_time();
    }
    std::string out;
    events::to_json(out, v);
    if (events::from_json<T>(out).has_value() || attempt == 20) return out;
  }
}

template <class T>
struct envelope_kind {
  static constexpr const char* name = "contract";
};
template <class P>
struct envelope_kind<events::event<P>> {
  static constexpr const char* name = "nested";
};
template <class P>
struct envelope_kind<events::flat_event<P>> {
  static constexpr const char* name = "flat";
};

template <class T>
std::string key_of() {
  if constexpr (requires { std::string_view(T::key); }) return std::string(T::key);
  else return {};
}

template <class T>
entry make_entry(std::size_t index) {
  entry e;
  e.envelope = envelope_kind<T>::name;
  if constexpr (requires { typename T::payload_type; }) {
    using P = typename T::payload_type;
    e.type = std::string(P::type);
    e.version = events::payload_version<P>;
    e.topic = std::string(events::topic_of<P>());
    e.key = key_of<P>();
  } else {
    e.type = events::detail::short_type_name(events::detail::qualified_type_name<T>());
    e.topic = std::string(events::topic_of<T>());
    e.key = key_of<T>();
    index = npos;
    e.decode_direct = [](std::string_view text, std::string* canonical, const events::decode_options& options) {
      static thread_local T value{};
      if (canonical) value = T{};  // fields absent from this line must not keep the last line's values
      auto errors = events::from_json(text, value, options);
      if (errors.empty() && canonical) events::to_json(*canonical, value);
      return errors;
    };
  }
  e.name = std::string(events::detail::qualified_type_name<T>());
  e.index = index;
  e.omit_unset = events::detail::unset_of<T>() == events::unset_optionals::omit;
  e.schema = [](events::schema_dialect d) { return events::json_schema<T>(d); };
  e.sample = &sample_of<T>;
  return e;
}

}  // namespace

const std::vector<entry>& entries() {
  static const std::vector<entry> all = [] {
    std::vector<entry> v;
    [&]<class... E>(std::tuple<E...>*) {
      std::size_t i = 0;
      (v.push_back(make_entry<E>(i++)), ...);
    }(static_cast<events::catalog_registry::types*>(nullptr));
    [&]<class... M>(std::tuple<M...>*) {
      (v.push_back(make_entry<M>(npos)), ...);
    }(static_cast<events::contract_messages*>(nullptr));
    return v;
  }();
  return all;
}

const entry* find_entry(std::string_view name) {
  const std::size_t i = events::find_named<catalog_types>(name);  // entries() is in the same order
  return i < entries().size() ? &entries()[i] : nullptr;
}

std::optional<nlohmann::ordered_json> catalog_schema(std::string_view name, events::schema_dialect dialect) {
  return events::json_schema_named<catalog_types>(name, dialect);
}

}  // namespace events_tool
