#pragma once
/// \file A Confluent Schema Registry client over HTTP (cpp-httplib): the REST calls a serde needs,
/// and the ones a CI pipeline needs (compatibility checks with Confluent's verbose messages,
/// compatibility levels), with a cache, bounded retries, basic auth and TLS (`https://` URLs).
///
/// Cached: id -> schema, (subject, schema) -> id. A steady stream of one type makes no request.
/// Retried (`retries` times, `backoff` doubling): transport failures, 408, 429 and 5xx; a 4xx is
/// the registry's answer and is thrown at once as registry_error with its status and Confluent code.
/// Credentials never appear in messages.
///
/// <!-- given: std::string key, secret, schema_text; -->
/// \code
/// events::schema_registry::client registry({.url = "https://psrc-xxxx.confluent.cloud",
///                                           .username = key, .password = secret});
/// auto id = registry.register_schema("task-events-value", schema_text, false);
/// \endcode
#include <events/schema_registry/serde.hpp>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace events::schema_registry {

/// Where the registry is and how to talk to it.
struct client_options {
  std::string url = "http://127.0.0.1:8081";  ///< http:// or https://, with an optional path prefix.
  std::string username;                       ///< Basic auth (basic.auth.user.info's user); empty: none.
  std::string password;                       ///< Basic auth password.
  std::string ca_cert_path;                   ///< TLS: a CA bundle to verify the registry with; empty: the system's.
  std::chrono::milliseconds timeout{10'000};  ///< Connect and read timeout of each request.
  int retries = 3;                            ///< Extra attempts after a transport failure, 408, 429 or 5xx.
  std::chrono::milliseconds backoff{100};     ///< Wait before the first retry; doubles each time.
};

/// The result of a compatibility test.
struct compatibility_result {
  bool compatible = false;
  std::vector<std::string> messages;  ///< Confluent's verbose messages (why not).
};

/// A Confluent Schema Registry client.
class client : public schema_source {
 public:
  explicit client(client_options options) : options_(std::move(options)) {
    std::string u = options_.url;
    while (!u.empty() && u.back() == '/') u.pop_back();
    const auto scheme_end = u.find("://");
    const auto path_at = scheme_end == std::string::npos ? std::string::npos : u.find('/', scheme_end + 3);
    base_ = path_at == std::string::npos ? u : u.substr(0, path_at);
    prefix_ = path_at == std::string::npos ? std::string() : u.substr(path_at);
  }

  const client_options& options() const noexcept { return options_; }

  std::uint32_t register_schema(const std::string& subject, const std::string& schema, bool normalize) override {
    {
      std::lock_guard lock(mutex_);
      if (auto it = ids_.find({subject, schema}); it != ids_.end()) return it->second;
    }
    auto j = call("POST", "/subjects/" + encode(subject) + "/versions" + (normalize ? "?normalize=true" : ""), body(schema));
    const auto id = j.at("id").get<std::uint32_t>();
    std::lock_guard lock(mutex_);
    ids_[{subject, schema}] = id;
    schemas_.emplace(id, schema);
    return id;
  }

  registered_schema_info lookup_schema(const std::string& subject, const std::string& schema, bool normalize) override {
    auto r = store_source::info(
        call("POST", "/subjects/" + encode(subject) + (normalize ? "?normalize=true" : ""), body(schema)));
    std::lock_guard lock(mutex_);
    ids_[{subject, schema}] = r.id;
    return r;
  }

  registered_schema_info latest_version(const std::string& subject) override {
    return version(subject, "latest");
  }

  /// A version of a subject ("latest" or a number).
  registered_schema_info version(const std::string& subject, const std::string& v) {
    return store_source::info(call("GET", "/subjects/" + encode(subject) + "/versions/" + v, ""));
  }

  std::string schema_by_id(std::uint32_t id) override {
    {
      std::lock_guard lock(mutex_);
      if (auto it = schemas_.find(id); it != schemas_.end()) return it->second;
    }
    auto s = call("GET", "/schemas/ids/" + std::to_string(id), "").at("schema").get<std::string>();
    std::lock_guard lock(mutex_);
    schemas_.emplace(id, s);
    return s;
  }

  registered_schema_info schema_by_guid(const schema_guid& g) override {
    registered_schema_info r;
    r.guid = g.to_string();
    r.schema = call("GET", "/schemas/guids/" + r.guid, "").at("schema").get<std::string>();
    auto where = call("GET", "/schemas/guids/" + r.guid + "/versions", "");
    if (where.is_array() && !where.empty())
      r.id = version(where[0].at("subject").get<std::string>(), std::to_string(where[0].at("version").get<int>())).id;
    return r;
  }

  /// The subjects the registry holds.
  std::vector<std::string> subjects() { return call("GET", "/subjects", "").get<std::vector<std::string>>(); }

  /// The versions of a subject.
  std::vector<int> versions(const std::string& subject) {
    return call("GET", "/subjects/" + encode(subject) + "/versions", "").get<std::vector<int>>();
  }

  /// Whether `schema` may be registered under `subject`: against `version` ("latest" or a number),
  /// or against every version when `version` is empty. Confluent's verbose messages say why not.
  compatibility_result test_compatibility(const std::string& subject, const std::string& schema,
                                          const std::string& version = "latest") {
    std::string path = "/compatibility/subjects/" + encode(subject) + "/versions";
    if (!version.empty()) path += "/" + version;
    auto j = call("POST", path + "?verbose=true", body(schema));
    compatibility_result r;
    r.compatible = j.at("is_compatible").get<bool>();
    if (j.contains("messages") && j["messages"].is_array())
      for (const auto& m : j["messages"]) r.messages.push_back(m.is_string() ? m.get<std::string>() : m.dump());
    return r;
  }

  /// The compatibility level of a subject (its own, else the global one), or the global level when `subject` is empty.
  std::string compatibility(const std::string& subject = {}) {
    auto path = subject.empty() ? std::string("/config") : "/config/" + encode(subject) + "?defaultToGlobal=true";
    return call("GET", path, "").at("compatibilityLevel").get<std::string>();
  }

  /// Sets the compatibility level of a subject, or the global one when `subject` is empty.
  std::string set_compatibility(const std::string& level, const std::string& subject = {}) {
    auto path = subject.empty() ? std::string("/config") : "/config/" + encode(subject);
    return call("PUT", path, nlohmann::json{{"compatibility", level}}.dump()).at("compatibility").get<std::string>();
  }

  /// Deletes a subject (soft, or permanently after a soft delete); the versions deleted.
  std::vector<int> delete_subject(const std::string& subject, bool permanent = false) {
    return call("DELETE", "/subjects/" + encode(subject) + (permanent ? "?permanent=true" : ""), "")
        .get<std::vector<int>>();
  }

  /// Requests sent so far (cache hits send none).
  std::size_t requests() const noexcept { return requests_; }

  /// Sends one request; the JSON body of a 2xx answer. Throws registry_error.
  nlohmann::json call(const std::string& method, const std::string& path, const std::string& request_body) {
    std::chrono::milliseconds wait = options_.backoff;
    for (int attempt = 0;; ++attempt) {
      ++requests_;
      httplib::Client c(base_);
      c.set_connection_timeout(options_.timeout);
      c.set_read_timeout(options_.timeout);
      c.set_write_timeout(options_.timeout);
      if (!options_.username.empty() || !options_.password.empty())
        c.set_basic_auth(options_.username, options_.password);
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
      if (!options_.ca_cert_path.empty()) c.set_ca_cert_path(options_.ca_cert_path);
#endif
      httplib::Headers h = {{"Accept", "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, "
                                       "application/json"}};
      const std::string target = prefix_ + path;
      const char* type = "application/vnd.schemaregistry.v1+json";
      httplib::Result res = method == "GET"    ? c.Get(target, h)
                            : method == "POST" ? c.Post(target, h, request_body, type)
                            : method == "PUT"  ? c.Put(target, h, request_body, type)
                                               : c.Delete(target, h);
      int status = res ? res->status : 0;
      const bool transient = !res || status == 408 || status == 429 || status >= 500;
      if (res && status >= 200 && status < 300) {
        auto j = nlohmann::json::parse(res->body, nullptr, false);
        if (j.is_discarded()) throw registry_error(status, 0, method + " " + path + ": the answer is not JSON");
        return j;
      }
      if (transient && attempt < options_.retries) {
        std::this_thread::sleep_for(wait);
        wait *= 2;
        continue;
      }
      if (!res)
        throw registry_error(0, 0, method + " " + path + ": " + base_ + " unreachable (" +
                                       httplib::to_string(res.error()) + ") after " + std::to_string(attempt + 1) +
                                       " attempts");
      auto j = nlohmann::json::parse(res->body, nullptr, false);
      int code = j.is_object() && j.contains("error_code") && j["error_code"].is_number_integer()
                     ? j["error_code"].get<int>()
                     : 0;
      std::string message = j.is_object() && j.contains("message") && j["message"].is_string()
                                ? j["message"].get<std::string>()
                                : res->body.substr(0, 200);
      throw registry_error(status, code, method + " " + path + ": " + std::to_string(status) + " " + message);
    }
  }

 private:
  static std::string body(const std::string& schema) {
    return nlohmann::json{{"schemaType", "JSON"}, {"schema", schema}}.dump();
  }
  static std::string encode(const std::string& s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
        out += static_cast<char>(c);
      } else {
        out += '%';
        out += hex[c >> 4];
        out += hex[c & 15];
      }
    }
    return out;
  }

  client_options options_;
  std::string base_;
  std::string prefix_;
  std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, std::uint32_t> ids_;
  std::map<std::uint32_t, std::string> schemas_;
  std::atomic<std::size_t> requests_{0};
};

}  // namespace events::schema_registry
