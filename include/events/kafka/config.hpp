#pragma once
/// \file Client configuration: librdkafka properties from a map, the environment or a file;
/// never from literals in code.
///
/// \code
/// // EVENTS_KAFKA_BOOTSTRAP_SERVERS=xyz.cloud.redpanda.com:9092 EVENTS_KAFKA_SECURITY_PROTOCOL=SASL_SSL
/// // EVENTS_KAFKA_SASL_MECHANISM=SCRAM-SHA-256 EVENTS_KAFKA_SASL_USERNAME=... EVENTS_KAFKA_SASL_PASSWORD=...
/// auto cfg = events::kafka::config::from_env();
/// events::kafka::producer out(cfg);
/// \endcode
#include <events/detail/environment.hpp>
#include <events/kafka/detail/conf.hpp>
#include <events/kafka/error.hpp>

#include <librdkafka/rdkafkacpp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace events::kafka {

/// Which kind of client a configuration is applied to.
enum class client_kind { producer, consumer };

/// librdkafka properties by name. Keys prefixed `producer.` or `consumer.` apply to that kind of
/// client only (prefix removed); properties meant for the other kind are left out, so one
/// configuration serves every client of a service.
class config {
 public:
  config() = default;
  config(std::initializer_list<std::pair<const std::string, std::string>> props) : props_(props) {}

  /// Sets one property (replacing it).
  config& set(std::string key, std::string value) {
    props_[std::move(key)] = std::move(value);
    return *this;
  }
  /// Sets a property only when it is not set yet.
  config& set_default(const std::string& key, std::string value) {
    props_.try_emplace(key, std::move(value));
    return *this;
  }
  /// The property, when set.
  std::optional<std::string> get(const std::string& key) const {
    auto it = props_.find(key);
    if (it == props_.end()) return std::nullopt;
    return it->second;
  }
  bool contains(const std::string& key) const { return props_.count(key) != 0; }
  /// Every property, including prefixed ones.
  const std::map<std::string, std::string>& properties() const noexcept { return props_; }

  /// This configuration with `other`'s properties over it.
  config merged(const config& other) const {
    config out = *this;
    for (const auto& [k, v] : other.props_) out.props_[k] = v;
    return out;
  }

  /// Properties from environment variables `<prefix><NAME>`: NAME lowercased, '_' becoming '.'.
  /// EVENTS_KAFKA_BOOTSTRAP_SERVERS -> bootstrap.servers, EVENTS_KAFKA_SASL_PASSWORD -> sasl.password,
  /// EVENTS_KAFKA_CONSUMER_GROUP_ID -> consumer.group.id; librdkafka's log_level and enabled_events
  /// keep their '_' (EVENTS_KAFKA_LOG_LEVEL -> log_level).
  static config from_env(std::string_view prefix = "EVENTS_KAFKA_") {
    config out;
    for (auto& [name, value] : events::detail::environment_properties(prefix)) {
      std::string key = name;
      // The librdkafka properties set from text whose names hold '_' (EVENTS_KAFKA_LOG_LEVEL -> log_level).
      for (std::string_view underscored : {"log_level", "enabled_events"}) {
        std::string dotted(underscored);
        std::replace(dotted.begin(), dotted.end(), '_', '.');
        for (std::string_view kind : {"", "producer.", "consumer."})
          if (key == std::string(kind) + dotted) key = std::string(kind) + std::string(underscored);
      }
      out.set(std::move(key), std::move(value));
    }
    return out;
  }

  /// Properties from a Java-style properties file: `name=value` lines, '#' comments.
  static config from_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw error(RdKafka::ERR__INVALID_ARG, "cannot read Kafka properties file " + path);
    config out;
    std::string line;
    auto trim = [](std::string_view s) {
      while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
      while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
      return std::string(s);
    };
    while (std::getline(in, line)) {
      std::string_view l = line;
      auto eq = l.find('=');
      auto t = trim(l);
      if (t.empty() || t[0] == '#' || eq == std::string_view::npos) continue;
      out.set(trim(l.substr(0, eq)), trim(l.substr(eq + 1)));
    }
    return out;
  }

  /// The properties one kind of client receives: prefixed ones for that kind (prefix removed)
  /// over the shared ones, without the other kind's properties.
  std::map<std::string, std::string> for_client(client_kind kind) const {
    static constexpr std::array<std::string_view, 14> consumer_only{
        "group.id", "group.instance.id", "session.timeout.ms", "heartbeat.interval.ms", "enable.auto.commit",
        "auto.commit.interval.ms", "enable.auto.offset.store", "auto.offset.reset", "max.poll.interval.ms",
        "partition.assignment.strategy", "isolation.level", "enable.partition.eof", "check.crcs",
        "fetch.wait.max.ms"};
    static constexpr std::array<std::string_view, 12> producer_only{
        "acks", "request.required.acks", "enable.idempotence", "transactional.id", "transaction.timeout.ms",
        "linger.ms", "queue.buffering.max.ms", "message.timeout.ms", "delivery.timeout.ms",
        "compression.type", "enable.gapless.guarantee", "batch.num.messages"};
    auto contains = [](const auto& list, std::string_view k) {
      return std::find(list.begin(), list.end(), k) != list.end();
    };
    std::string_view mine = kind == client_kind::producer ? "producer." : "consumer.";
    std::string_view theirs = kind == client_kind::producer ? "consumer." : "producer.";
    std::map<std::string, std::string> out;
    for (const auto& [k, v] : props_) {
      std::string_view key = k;
      if (key.substr(0, theirs.size()) == theirs || key.substr(0, mine.size()) == mine) continue;
      if (key.substr(0, 7) == "events.") continue;  // ours, not librdkafka's
      if (kind == client_kind::producer ? contains(consumer_only, key) : contains(producer_only, key)) continue;
      out[k] = v;
    }
    for (const auto& [k, v] : props_)
      if (std::string_view(k).substr(0, mine.size()) == mine) out[k.substr(mine.size())] = v;
    return out;
  }

  /// The properties as text, secrets masked as `***`: for logs. See is_secret.
  std::string describe() const {
    std::string out;
    for (const auto& [k, v] : props_) {
      if (!out.empty()) out += ' ';
      out += k + '=' + (is_secret(k) ? std::string("***") : v);
    }
    return out;
  }

  /// Whether describe() masks a property (with or without a producer./consumer. prefix): those
  /// librdkafka itself redacts (its sensitive ones in 2.0.2: sasl.username, sasl.password,
  /// sasl.oauthbearer.config, ssl.key.location, ssl.key.password, ssl.key.pem, ssl.keystore.password,
  /// ssl.ca.pem), and any name holding `password`, `secret`, `jaas` (a Java properties file's
  /// sasl.jaas.config carries the password), `user.info` (basic.auth.user.info) or key material.
  static bool is_secret(std::string_view key) {
    std::string k(key);
    for (char& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::string_view prefix : {"producer.", "consumer."})
      if (std::string_view(k).substr(0, prefix.size()) == prefix) k.erase(0, prefix.size());
    static constexpr std::array<std::string_view, 4> redacted{"sasl.username", "sasl.oauthbearer.config",
                                                              "ssl.ca.pem", "ssl_key"};
    if (std::find(redacted.begin(), redacted.end(), k) != redacted.end()) return true;
    for (std::string_view part : {"password", "secret", "jaas", "user.info", ".key", "_key"})
      if (k.find(part) != std::string::npos) return true;
    return false;
  }

 private:
  std::map<std::string, std::string> props_;
};

namespace detail {
/// A librdkafka configuration for one kind of client; throws kafka::error naming the property
/// librdkafka refused.
inline std::unique_ptr<RdKafka::Conf> make_conf(const std::map<std::string, std::string>& props) {
  return conf_of<error>(props);
}
}  // namespace detail

}  // namespace events::kafka
