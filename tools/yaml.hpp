#pragma once
// JSON values written as block-style YAML (for `events asyncapi --format yaml`, `events topics`).
#include <nlohmann/json.hpp>

#include <string>

namespace events_tool {

/// `value` as YAML 1.2 block style; strings are double-quoted JSON strings (valid YAML scalars).
std::string to_yaml(const nlohmann::ordered_json& value);

}  // namespace events_tool
