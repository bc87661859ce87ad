#pragma once
/// \file The Dapr resource files the code assumes (seed 003): the Kafka pub/sub component, the
/// PostgreSQL state store, the Kubernetes secret store, declarative subscriptions with their
/// dead-letter topics, and a resiliency policy with seed 004's retries.
///
/// <!-- given: events::dapr::subscriber my_subscriber; -->
/// \code
/// auto cfg = events::dapr::resources_config::from_env();            // EVENTS_KAFKA_* as for Kafka
/// cfg.subscriptions = events::dapr::subscriptions_of(my_subscriber); // what the app really serves
/// events::dapr::write_resources(cfg, "deploy/dapr");                 // one YAML file per resource
/// \endcode
///
/// Brokers and authentication come from the same configuration the Kafka transport reads
/// (librdkafka property names: bootstrap.servers, security.protocol, sasl.mechanism,
/// sasl.username, group.id). The SASL password is never written: the component refers to it
/// through the secret store (`secretKeyRef`). Seed 003 puts `deadLetterTopic` and `maxRetries` in
/// the component's metadata; Dapr's Kafka component has no such fields, so they are written where
/// Dapr reads them: deadLetterTopic on each Subscription, the retries in a Resiliency policy.
#include <events/dapr/detail/duration.hpp>
#include <events/dapr/retry.hpp>
#include <events/dapr/routes.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

extern "C" char** environ;

namespace events::dapr {

/// Everything the generated resources depend on.
struct resources_config {
  std::string namespace_name = "todo-app";
  std::string pubsub = "kafka-pubsub";
  std::string brokers = "redpanda:9092";
  std::string consumer_group = "todo-service";
  std::string security_protocol = "PLAINTEXT";  ///< PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL.
  std::string sasl_mechanism;                    ///< SCRAM-SHA-256, SCRAM-SHA-512, PLAIN.
  std::string sasl_username;
  std::string secret_name = "todo-secrets";      ///< Kubernetes secret holding the keys below.
  std::string sasl_password_key = "kafka-sasl-password";
  std::string database_url_key = "database-url";
  std::string statestore = "statestore";
  std::string secretstore = "kubernetes-secrets";
  retry_policy retries{};                        ///< Seed 004: 3 attempts, 1 s .. 10 s.
  std::vector<subscription_spec> subscriptions;  ///< Usually subscriptions_of(the app's subscriber).

  /// Reads librdkafka-style properties (bootstrap.servers, security.protocol, sasl.mechanism,
  /// sasl.username, group.id); absent ones keep their defaults.
  static resources_config from_properties(const std::map<std::string, std::string>& p) {
    resources_config c;
    auto take = [&](const char* key, std::string& into) {
      if (auto it = p.find(key); it != p.end() && !it->second.empty()) into = it->second;
    };
    take("bootstrap.servers", c.brokers);
    take("security.protocol", c.security_protocol);
    take("sasl.mechanism", c.sasl_mechanism);
    take("sasl.mechanisms", c.sasl_mechanism);
    take("sasl.username", c.sasl_username);
    take("group.id", c.consumer_group);
    take("consumer.group.id", c.consumer_group);
    for (char& ch : c.security_protocol) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return c;
  }

  /// The same from EVENTS_KAFKA_* variables (EVENTS_KAFKA_BOOTSTRAP_SERVERS -> bootstrap.servers),
  /// as kafka::config::from_env reads them; EVENTS_DAPR_NAMESPACE sets the namespace.
  static resources_config from_env() {
    std::map<std::string, std::string> props;
    const std::string_view prefix = "EVENTS_KAFKA_";
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
      std::string_view entry(*e);
      auto eq = entry.find('=');
      if (eq == std::string_view::npos || entry.substr(0, prefix.size()) != prefix || eq <= prefix.size()) continue;
      std::string key(entry.substr(prefix.size(), eq - prefix.size()));
      for (char& ch : key) ch = ch == '_' ? '.' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      props[key] = std::string(entry.substr(eq + 1));
    }
    resources_config c = from_properties(props);
    if (const char* ns = std::getenv("EVENTS_DAPR_NAMESPACE"); ns && *ns) c.namespace_name = ns;
    return c;
  }
};

/// One generated file: its name and YAML text.
struct resource_file {
  std::string name;
  std::string yaml;
};

namespace detail {
// A YAML double-quoted scalar (JSON's escaping is valid YAML).
inline std::string yq(std::string_view s) {
  std::string out;
  events::detail::write_escaped(out, s);
  return out;
}
inline std::string header(std::string_view kind, std::string_view api, std::string_view name, std::string_view ns) {
  return "apiVersion: " + std::string(api) + "\nkind: " + std::string(kind) + "\nmetadata:\n  name: " + yq(name) +
         "\n  namespace: " + yq(ns) + "\n";
}
inline std::string seconds_text(std::chrono::milliseconds d) { return go_duration(d); }
}  // namespace detail

/// The Kafka pub/sub component.
inline resource_file pubsub_component(const resources_config& c) {
  std::string y = detail::header("Component", "dapr.io/v1alpha1", c.pubsub, c.namespace_name);
  y += "spec:\n  type: pubsub.kafka\n  version: v1\n  metadata:\n";
  auto meta = [&](std::string_view name, std::string_view value) {
    y += "    - name: " + std::string(name) + "\n      value: " + detail::yq(value) + "\n";
  };
  meta("brokers", c.brokers);
  meta("consumerGroup", c.consumer_group);
  meta("clientID", c.consumer_group);
  const bool sasl = c.security_protocol.rfind("SASL_", 0) == 0;
  const bool tls = c.security_protocol == "SSL" || c.security_protocol == "SASL_SSL";
  meta("authType", sasl ? "password" : "none");
  if (sasl) {
    meta("saslUsername", c.sasl_username);
    y += "    - name: saslPassword\n      secretKeyRef:\n        name: " + detail::yq(c.secret_name) +
         "\n        key: " + detail::yq(c.sasl_password_key) + "\n";
    std::string mech = c.sasl_mechanism.empty() ? "SCRAM-SHA-256" : c.sasl_mechanism;
    if (mech.rfind("SCRAM-", 0) == 0) mech = mech.substr(6);  // Dapr spells SCRAM-SHA-256 as SHA-256
    meta("saslMechanism", mech);
  }
  meta("disableTls", tls ? "false" : "true");
  y += "auth:\n  secretStore: " + detail::yq(c.secretstore) + "\n";
  return {c.pubsub + ".yaml", y};
}

/// The PostgreSQL state store, its connection string from the secret store.
inline resource_file statestore_component(const resources_config& c) {
  std::string y = detail::header("Component", "dapr.io/v1alpha1", c.statestore, c.namespace_name);
  y += "spec:\n  type: state.postgresql\n  version: v1\n  metadata:\n    - name: connectionString\n      secretKeyRef:\n"
       "        name: " + detail::yq(c.secret_name) + "\n        key: " + detail::yq(c.database_url_key) + "\n";
  y += "auth:\n  secretStore: " + detail::yq(c.secretstore) + "\n";
  return {c.statestore + ".yaml", y};
}

/// The Kubernetes secret store.
inline resource_file secretstore_component(const resources_config& c) {
  std::string y = detail::header("Component", "dapr.io/v1alpha1", c.secretstore, c.namespace_name);
  y += "spec:\n  type: secretstores.kubernetes\n  version: v1\n";
  return {c.secretstore + ".yaml", y};
}

/// A declarative Subscription (dapr.io/v2alpha1) per subscription.
inline resource_file subscription_resource(const resources_config& c, const subscription_spec& s) {
  std::string name = s.topic + "-subscription";
  std::string y = detail::header("Subscription", "dapr.io/v2alpha1", name, c.namespace_name);
  y += "spec:\n  pubsubname: " + detail::yq(s.pubsubname.empty() ? c.pubsub : s.pubsubname) +
       "\n  topic: " + detail::yq(s.topic) + "\n  routes:\n    default: " + detail::yq(s.route) + "\n";
  if (!s.dead_letter_topic.empty()) y += "  deadLetterTopic: " + detail::yq(s.dead_letter_topic) + "\n";
  return {name + ".yaml", y};
}

/// The resiliency policy: the retry policy on the pub/sub, both publishing and delivery.
inline resource_file resiliency_resource(const resources_config& c) {
  std::string y = detail::header("Resiliency", "dapr.io/v1alpha1", "events-resiliency", c.namespace_name);
  y += "spec:\n  policies:\n    retries:\n      pubsubRetry:\n        policy: exponential\n        maxInterval: " +
       detail::yq(detail::seconds_text(c.retries.max_backoff)) +
       "\n        maxRetries: " + std::to_string(c.retries.max_attempts) + "\n";
  y += "  targets:\n    components:\n      " + c.pubsub + ":\n        outbound:\n          retry: pubsubRetry\n"
       "        inbound:\n          retry: pubsubRetry\n";
  return {"resiliency.yaml", y};
}

/// Every resource file of the deployment.
inline std::vector<resource_file> generate_resources(const resources_config& c) {
  std::vector<resource_file> out{pubsub_component(c), statestore_component(c), secretstore_component(c),
                                 resiliency_resource(c)};
  for (const auto& s : c.subscriptions) out.push_back(subscription_resource(c, s));
  return out;
}

/// Writes every resource file into `dir` (created if needed). Returns the paths written.
inline std::vector<std::filesystem::path> write_resources(const resources_config& c, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  std::vector<std::filesystem::path> written;
  for (const auto& f : generate_resources(c)) {
    auto path = dir / f.name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << f.yaml;
    if (!out) throw std::runtime_error("events: cannot write " + path.string());
    written.push_back(path);
  }
  return written;
}

}  // namespace events::dapr
