#pragma once
/// \file Confluent Schema Registry's REST words, as store.hpp answers them: the reply, the
/// compatibility levels, the error bodies (Confluent's Errors class codes), the path split, the
/// version ids ("latest", -1, 1 to 2^31-1), the request's schema and the verbose messages of an
/// incompatible change.
#include <events/detail/percent.hpp>
#include <events/schema/schema_compat.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace events::schema_registry {

/// The compatibility levels a registry accepts, as Confluent spells them.
inline constexpr std::string_view compatibility_levels[] = {
    "NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE"};

/// An HTTP answer: status and JSON body.
struct reply {
  int status = 200;
  nlohmann::json body;
};

/// The REST words of the API, for the store that answers it.
struct protocol {
  static reply error(int status, int code, std::string message) {
    return {status, {{"error_code", code}, {"message", std::move(message)}}};
  }
  static reply subject_not_found(const std::string& s) { return error(404, 40401, "Subject '" + s + "' not found."); }
  static reply version_not_found(std::string_view v) { return error(404, 40402, "Version " + std::string(v) + " not found."); }
  static reply invalid_version(std::string_view v) {
    return error(422, 42202, "The specified version '" + std::string(v) +
                                 "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "
                                 "\"latest\"");
  }

  static std::vector<std::string> split(std::string_view path) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < path.size()) {
      while (i < path.size() && path[i] == '/') ++i;
      std::size_t j = path.find('/', i);
      if (j == std::string_view::npos) j = path.size();
      if (j > i) out.push_back(events::detail::percent_decode(path.substr(i, j - i)));
      i = j;
    }
    return out;
  }
  static bool flag(const std::map<std::string, std::string>& q, const char* name) {
    auto it = q.find(name);
    return it != q.end() && (it->second == "true" || it->second.empty());
  }

  // The request's schema: {"schema": "<text>", "schemaType": "JSON", "references": []}.
  struct request_schema {
    std::string text;
    std::string canonical;
    nlohmann::json doc;
  };
  static std::variant<request_schema, reply> read_schema(std::string_view body) {
    nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return error(400, 400, "Request body is not a JSON object");
    if (!j.contains("schema") || !j["schema"].is_string()) return error(422, 42201, "Empty schema");
    const std::string type = j.value("schemaType", std::string("AVRO"));
    if (type != "JSON") return error(422, 42201, "Invalid schema type " + type + ": this registry holds JSON schemas only");
    if (j.contains("references") && j["references"].is_array() && !j["references"].empty())
      return error(422, 42201, "Invalid schema: schema references are not supported by this registry");
    nlohmann::ordered_json doc = nlohmann::ordered_json::parse(j["schema"].get<std::string>(), nullptr, false);
    if (doc.is_discarded() || !(doc.is_object() || doc.is_boolean()))
      return error(422, 42201, "Invalid schema " + j["schema"].get<std::string>() + ": not a JSON Schema document");
    request_schema r;
    r.text = doc.dump();
    r.doc = nlohmann::json::parse(r.text);
    r.canonical = r.doc.dump();
    return r;
  }

  // Confluent's verbose messages: one per incompatible change, then which version and level.
  static std::vector<std::string> describe(const std::vector<compat_problem>& problems, int old_version,
                                           const std::string& level) {
    std::vector<std::string> out;
    for (const auto& p : problems)
      out.push_back("{errorType:\"" + p.change + "\", description:\"Found incompatible change: Difference{jsonPath='#" +
                    p.path + "', type=" + p.change + "}\"}");
    if (!out.empty()) {
      out.push_back("{oldSchemaVersion: " + std::to_string(old_version) + "}");
      out.push_back("{compatibility: '" + level + "'}");
    }
    return out;
  }

  // "latest", "-1" or 1..2^31-1; nullopt: invalid. 0 stands for latest.
  static std::optional<int> parse_version(std::string_view v) {
    if (v == "latest" || v == "-1") return 0;
    if (v.empty() || v.size() > 10) return std::nullopt;
    long long n = 0;
    for (char c : v) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + (c - '0');
    }
    if (n < 1 || n > 2147483647LL) return std::nullopt;
    return static_cast<int>(n);
  }
};

}  // namespace events::schema_registry
