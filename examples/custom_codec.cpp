// Adding a field type: specialize events::codec<T> and the type gets JSON (both ways, with
// errors), validation, a JSON Schema and samples. The library's own kinds are built the same way;
// std::chrono::duration, std::set, std::array and std::unordered_map<std::string, T> come with it.
#include <events/events.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <set>
#include <string>
#include <unordered_map>

/// A semantic version, on the wire as "1.4.2".
struct semver {
  int major = 0, minor = 0, patch = 0;
  friend bool operator==(const semver&, const semver&) = default;
};

template <>
struct events::codec<semver> {
  static void write(std::string& out, const semver& v) {
    out += '"' + std::to_string(v.major) + '.' + std::to_string(v.minor) + '.' + std::to_string(v.patch) + '"';
  }
  static void read(events::decode_context& ctx, semver& v) {
    std::string_view s;
    if (!ctx.read_text(s, "string_type", "Input should be a valid string")) return;
    if (std::sscanf(std::string(s).c_str(), "%d.%d.%d", &v.major, &v.minor, &v.patch) != 3)
      ctx.fail("semver_parsing", "Input should be a version like 1.4.2", std::string(s));
  }
  template <class Builder, class Json>
  static void schema(Builder&, Json& s) {
    s = {{"type", "string"}, {"pattern", "^[0-9]+\\.[0-9]+\\.[0-9]+$"}};
  }
};

struct ServiceDeployed {
  std::string service;
  semver version;
  std::chrono::seconds rollout_time{};             // "PT1H30M", as Pydantic writes a timedelta
  std::set<std::string> regions;                   // a JSON array of distinct strings
  std::array<int, 2> canary_split{};               // exactly two numbers
  std::unordered_map<std::string, int> replicas;   // a JSON object
};

int main() {
  ServiceDeployed d{"billing", {1, 4, 2}, std::chrono::minutes(90), {"eu-west", "us-east"}, {10, 90}, {{"eu-west", 3}}};
  std::string wire = events::to_json(d);
  std::puts(wire.c_str());
  if (wire != R"({"service":"billing","version":"1.4.2","rollout_time":"PT1H30M","regions":["eu-west","us-east"],)"
              R"("canary_split":[10,90],"replicas":{"eu-west":3}})")
    return 1;

  auto back = events::from_json<ServiceDeployed>(wire);
  if (!back || !(back->version == d.version) || back->rollout_time != d.rollout_time || back->regions != d.regions)
    return 1;

  auto bad = events::from_json<ServiceDeployed>(
      R"({"service":"x","version":"one","rollout_time":"soon","regions":{},"canary_split":[1],"replicas":[]})");
  if (bad) return 1;
  for (const auto& e : bad.error()) std::printf("%s: %s [%s]\n", e.path.c_str(), e.message.c_str(), e.code.c_str());
  if (bad.error().size() != 5 || bad.error()[0].path != "/version" || bad.error()[0].code != "semver_parsing") return 1;

  std::string schema = events::json_schema_text<ServiceDeployed>(events::schema_dialect::draft07, -1);
  if (schema.find("\"format\":\"duration\"") == std::string::npos) return 1;
  if (schema.find("\"uniqueItems\":true") == std::string::npos) return 1;
  return 0;
}
