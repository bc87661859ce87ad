#pragma once
// Variants of a valid message for differential tests: every key removed, and every value
// replaced by values of other kinds, at every depth.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace schema_test {

inline void mutate_into(nlohmann::ordered_json& root, nlohmann::ordered_json& node, std::vector<std::string>& out) {
  using json = nlohmann::ordered_json;
  if (!node.is_object()) return;
  const std::vector<json> replacements = {nullptr, 0, -1, 1.5, 100000, true, "", "x", std::string(300, 'a'),
                                          "2025-01-01T00:00:00Z", "550e8400-e29b-41d4-a716-446655440000",
                                          json::array(), json::object(), json::array({1})};
  std::vector<std::string> keys;
  for (auto& [k, v] : node.items()) keys.push_back(k);
  for (const auto& k : keys) {
    json saved = node[k];
    node.erase(k);
    out.push_back(root.dump());
    node[k] = saved;  // ordered_json appends: order changes, which neither side cares about
    for (const auto& r : replacements) {
      node[k] = r;
      out.push_back(root.dump());
    }
    node[k] = saved;
    if (node[k].is_object()) mutate_into(root, node[k], out);
    if (node[k].is_array() && !node[k].empty()) {
      json one = node[k][0];
      for (const auto& r : replacements) {
        node[k][0] = r;
        out.push_back(root.dump());
      }
      node[k][0] = one;
      if (one.is_object()) mutate_into(root, node[k][0], out);
    }
  }
  node["unknown_key"] = 1;
  out.push_back(root.dump());
  node.erase("unknown_key");
}

/// The variants of `valid` (a JSON object text).
inline std::vector<std::string> mutations(const std::string& valid) {
  auto root = nlohmann::ordered_json::parse(valid);
  std::vector<std::string> out;
  mutate_into(root, root, out);
  return out;
}

}  // namespace schema_test
