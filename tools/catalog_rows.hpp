#pragma once
// The catalog as rows for the tool: every envelope of events::catalog_registry and every seed-003
// contract message, with its schema, a sampler and (for contract messages) a decoder.
#include <events/error.hpp>
#include <events/schema/detail/schema_builder.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace events_tool {

class sampler;

/// One catalog type.
struct entry {
  std::string type;      ///< wire event_type, or the C++ name for contract messages
  int version = 1;
  std::string topic;
  std::string key;       ///< partition-key field of the payload (empty: none)
  std::string envelope;  ///< "flat", "nested", or "contract" (seed-003 messages, no envelope)
  std::string name;      ///< C++ type
  std::size_t index;     ///< in events::catalog_registry; npos for contract messages
  bool omit_unset = false;  ///< unset optionals are left out, not written as null (unset_optionals::omit)
  std::function<nlohmann::ordered_json(events::schema_dialect)> schema;
  std::function<std::string(sampler&)> sample;
  /// Contract messages only: decodes; on success writes the canonical JSON to `canonical` if given.
  std::function<events::error_list(std::string_view, std::string*, const events::decode_options&)> decode_direct;
};

inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

/// Every catalog type, envelopes first (in registry order), then the contract messages.
const std::vector<entry>& entries();

/// "task.created" names its newest version; "task.created.v1" (as the golden files) a given one
/// (events::find_named over the catalog).
const entry* find_entry(std::string_view name);

/// The JSON Schema of the catalog type `name` names (events::json_schema_named over the catalog).
std::optional<nlohmann::ordered_json> catalog_schema(std::string_view name, events::schema_dialect dialect);

}  // namespace events_tool
