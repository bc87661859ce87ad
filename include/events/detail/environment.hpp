#pragma once
// The one reader of the process environment as properties: EVENTS_KAFKA_BOOTSTRAP_SERVERS with
// prefix EVENTS_KAFKA_ is bootstrap.servers (kafka::config::from_env, dapr::resources_config).
#include <cctype>
#include <map>
#include <string>
#include <string_view>

extern "C" char** environ;

namespace events::detail {

/// Every variable `<prefix><NAME>=value` (NAME not empty) as (name, value): NAME lowercased, '_'
/// becoming '.'.
inline std::map<std::string, std::string> environment_properties(std::string_view prefix) {
  std::map<std::string, std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string_view entry(*e);
    const auto eq = entry.find('=');
    if (eq == std::string_view::npos || !entry.starts_with(prefix) || eq <= prefix.size()) continue;
    std::string key(entry.substr(prefix.size(), eq - prefix.size()));
    for (char& c : key) c = c == '_' ? '.' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out[std::move(key)] = std::string(entry.substr(eq + 1));
  }
  return out;
}

}  // namespace events::detail
