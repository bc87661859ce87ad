#pragma once
/// \file Compatibility between JSON Schema documents (from any language), judged by the rules
/// Confluent Schema Registry documents for JSON Schema, in its six modes: BACKWARD (the new schema
/// reads data written with the old), FORWARD (the old reads the new's data), FULL (both), and
/// their transitive forms over a list of versions.
///
/// Each difference is named as Confluent names it (PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL,
/// TYPE_CHANGED, MAX_LENGTH_DECREASED, ...) and located by a JSON Pointer. The content model of an
/// object decides what adding or removing a property means: open (no `additionalProperties`, or
/// `true`), closed (`false`) or partially open (a schema, or `patternProperties`). Adding a
/// property to an open model is not BACKWARD compatible: old data may hold that name with another
/// type. The rules are in <events/schema/detail/schema_compat_rules.hpp>.
///
/// Paths follow Confluent's: the schema location as walked (a `$ref` is followed as if inlined),
/// ending with the keyword that changed ("/properties/x/maxLength"); a `required` change is
/// "/required/<name>". Where Confluent's rules are knowingly conservative (anyOf and oneOf over
/// disjoint types, a property under patternProperties) this check is too, as a registry would be.
///
/// <!-- given: nlohmann::json v1_schema, v2_schema; -->
/// \code
/// auto problems = events::check_compatibility(events::compat_mode::backward, {v1_schema, v2_schema});
/// for (const auto& p : problems) std::cerr << p.path << ": " << p.change << '\n';
/// \endcode
#include <events/schema/detail/schema_compat_diff.hpp>
#include <events/schema/detail/schema_compat_rules.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace events {

/// Confluent Schema Registry's compatibility modes.
enum class compat_mode { backward, forward, full, backward_transitive, forward_transitive, full_transitive };

/// "backward", "forward-transitive", "FULL_TRANSITIVE" ...; nullopt otherwise.
inline std::optional<compat_mode> parse_compat_mode(std::string_view s) {
  std::string m;
  for (char c : s) m += c == '_' ? '-' : static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (m == "backward") return compat_mode::backward;
  if (m == "forward") return compat_mode::forward;
  if (m == "full") return compat_mode::full;
  if (m == "backward-transitive") return compat_mode::backward_transitive;
  if (m == "forward-transitive") return compat_mode::forward_transitive;
  if (m == "full-transitive") return compat_mode::full_transitive;
  return std::nullopt;
}

/// One difference between two versions of a schema, by Confluent's name for it.
struct schema_change {
  std::string type;         ///< Confluent's change type, e.g. "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL".
  std::string path;         ///< JSON Pointer to the changed schema (in the update, or the original when removed).
  bool compatible = false;  ///< Whether a reader with the update still reads what the original allowed.
};

/// Every difference between `original` (the writer's schema) and `update` (the reader's).
inline std::vector<schema_change> diff_schemas(const nlohmann::json& original, const nlohmann::json& update) {
  detail::schema_differ d(original, update);
  d.run();
  std::vector<schema_change> out;
  for (auto& x : d.differences) out.push_back({x.type, x.path, detail::is_compatible_change(x.type)});
  return out;
}

/// One reason two schemas are not compatible.
struct compat_problem {
  std::size_t old_index = 0;  ///< Which earlier version (index in the list given).
  std::size_t new_index = 0;  ///< The version checked against it (the last one).
  std::string direction;      ///< "backward" (new reads old data) or "forward" (old reads new data).
  std::string path;           ///< JSON Pointer into the reader's schema (the writer's when the reader lacks it).
  std::string change;         ///< Confluent's change type, e.g. "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL".
  std::string message;        ///< The change type in words.
};

namespace detail {

// "NAME: what it means for the reader"
inline std::string describe_change(std::string_view type) {
  std::string out(type);
  if (type == "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL")
    return out + ": the writer's model was open, so its data may hold this name with another type "
                 "(close the model with additionalProperties: false, or add it to FORWARD subjects only)";
  if (type == "SCHEMA_TOO_COMPLEX")
    return out + ": the schemas are too complex to compare (over 10000 steps or 256 levels deep), "
                 "so they are not shown compatible";
  if (type == "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL")
    return out + ": the reader's model is closed and refuses this property in the writer's data";
  if (type == "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL" || type == "REQUIRED_ATTRIBUTE_ADDED")
    return out + ": the reader requires a property the writer's data may lack";
  return out + ": the reader refuses some of what the writer's schema allows";
}

inline void check_pair(const std::vector<nlohmann::json>& v, std::size_t old_i, std::size_t new_i, bool backward,
                       std::vector<compat_problem>& out) {
  // Confluent's BACKWARD compares the old schema (original) with the new one (update); FORWARD
  // swaps them.
  const auto& original = backward ? v[old_i] : v[new_i];
  const auto& update = backward ? v[new_i] : v[old_i];
  for (auto& c : diff_schemas(original, update))
    if (!c.compatible)
      out.push_back({old_i, new_i, backward ? "backward" : "forward", c.path, c.type, describe_change(c.type)});
}

}  // namespace detail

/// Checks the last schema of `versions` (oldest first) against the one before it, or against
/// every earlier one in the transitive modes. Empty result: compatible.
inline std::vector<compat_problem> check_compatibility(compat_mode mode, const std::vector<nlohmann::json>& versions) {
  std::vector<compat_problem> out;
  if (versions.size() < 2) return out;
  const std::size_t last = versions.size() - 1;
  const bool transitive = mode == compat_mode::backward_transitive || mode == compat_mode::forward_transitive ||
                          mode == compat_mode::full_transitive;
  const bool backward = mode == compat_mode::backward || mode == compat_mode::backward_transitive ||
                        mode == compat_mode::full || mode == compat_mode::full_transitive;
  const bool forward = mode == compat_mode::forward || mode == compat_mode::forward_transitive ||
                       mode == compat_mode::full || mode == compat_mode::full_transitive;
  for (std::size_t i = transitive ? 0 : last - 1; i < last; ++i) {
    if (backward) detail::check_pair(versions, i, last, true, out);
    if (forward) detail::check_pair(versions, i, last, false, out);
  }
  return out;
}

}  // namespace events
