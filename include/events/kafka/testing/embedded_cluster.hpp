#pragma once
/// \file An in-process Kafka cluster for development and tests: librdkafka's mock brokers
/// (real Kafka protocol on 127.0.0.1), the topics created with their partition counts, and
/// fault injection.
///
/// \code
/// events::kafka::embedded_cluster cluster;                // 3 brokers, the catalog topics (+ `-dlq`)
/// events::kafka::config cfg{{"bootstrap.servers", cluster.bootstrap()}};  // kcat -b works too
/// cluster.broker_down(2);                                                 // fault injection
/// \endcode
///
/// Facts about the mock (librdkafka 2.0.2): it keeps only about 5 MiB per partition and drops
/// older data; it has no CreateTopics (topics are made here); a group's first join waits 3 s,
/// and consumers need session.timeout.ms above 3000; it dedupes idempotent retries only for a
/// producer with a transactional.id.
#include <events/kafka/error.hpp>
#include <events/catalog/topics.hpp>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace events::kafka {

/// A topic to create: name, partition count, replication factor (at most the broker count).
struct topic_spec {
  std::string name;
  int partitions = 1;
  int replication = 1;
};

/// Kafka protocol request kinds, for fault injection (ApiKey numbers).
namespace api {
inline constexpr std::int16_t produce = 0;
inline constexpr std::int16_t fetch = 1;
inline constexpr std::int16_t list_offsets = 2;
inline constexpr std::int16_t metadata = 3;
inline constexpr std::int16_t offset_commit = 8;
inline constexpr std::int16_t offset_fetch = 9;
inline constexpr std::int16_t find_coordinator = 10;
inline constexpr std::int16_t join_group = 11;
inline constexpr std::int16_t heartbeat = 12;
inline constexpr std::int16_t sync_group = 14;
inline constexpr std::int16_t init_producer_id = 22;
inline constexpr std::int16_t add_partitions_to_txn = 24;
inline constexpr std::int16_t end_txn = 26;
}  // namespace api

/// The catalog's topics (events::topics::all) with their partition counts, replicated 3 times.
inline std::vector<topic_spec> catalog_topics() {
  std::vector<topic_spec> out;
  for (const auto& t : events::topics::all) out.push_back({std::string(t.name), t.partitions, 3});
  return out;
}

/// Options of an embedded cluster.
struct embedded_options {
  int brokers = 3;                                  ///< Broker ids 1..brokers.
  std::vector<topic_spec> topics = catalog_topics();  ///< Created at start.
  bool dead_letter_topics = true;  ///< Also create `<topic>-dlq` (1 partition) for each topic.
  std::string dlq_suffix = "-dlq";
};

/// librdkafka's mock cluster, owned: destroyed with this object.
class embedded_cluster {
 public:
  explicit embedded_cluster(embedded_options options = {}) : options_(std::move(options)) {
    char err[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    // The mock cluster needs a client handle for its bookkeeping; it never sends anything.
    if (rd_kafka_conf_set(conf, "log_level", "3", err, sizeof err) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      throw error(RdKafka::ERR__INVALID_ARG, err);
    }
    handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (handle_ == nullptr) {
      rd_kafka_conf_destroy(conf);
      throw error(RdKafka::ERR__FAIL, std::string("embedded cluster: ") + err);
    }
    mock_ = rd_kafka_mock_cluster_new(handle_, options_.brokers);
    if (mock_ == nullptr) {
      rd_kafka_destroy(handle_);
      throw error(RdKafka::ERR__FAIL, "embedded cluster: cannot start the mock brokers");
    }
    bootstrap_ = rd_kafka_mock_cluster_bootstraps(mock_);
    auto listed = [&](const std::string& name) {
      for (const auto& t : options_.topics)
        if (t.name == name) return true;
      return false;
    };
    auto is_dlq = [&](const std::string& name) {
      return name.size() > options_.dlq_suffix.size() &&
             name.compare(name.size() - options_.dlq_suffix.size(), std::string::npos, options_.dlq_suffix) == 0;
    };
    for (const auto& t : options_.topics) {
      create_topic(t);
      if (options_.dead_letter_topics && !is_dlq(t.name) && !listed(t.name + options_.dlq_suffix))
        create_topic({t.name + options_.dlq_suffix, 1, t.replication});
    }
  }

  embedded_cluster(const embedded_cluster&) = delete;
  embedded_cluster& operator=(const embedded_cluster&) = delete;

  ~embedded_cluster() {
    rd_kafka_mock_cluster_destroy(mock_);
    rd_kafka_destroy(handle_);
  }

  /// The bootstrap.servers list ("127.0.0.1:port,..."), for any client.
  const std::string& bootstrap() const noexcept { return bootstrap_; }
  /// Number of brokers (ids 1..brokers()).
  int brokers() const noexcept { return options_.brokers; }
  /// The topics created at start (without the dead-letter topics).
  const std::vector<topic_spec>& topics() const noexcept { return options_.topics; }

  /// Creates a topic (the mock has no CreateTopics request).
  void create_topic(const topic_spec& t) {
    int replication = t.replication < 1 ? 1 : (t.replication > options_.brokers ? options_.brokers : t.replication);
    check(rd_kafka_mock_topic_create(mock_, t.name.c_str(), t.partitions, replication), "create topic " + t.name);
  }

  /// Takes a broker down (connections closed, no new ones) until broker_up.
  void broker_down(std::int32_t broker) { check(rd_kafka_mock_broker_set_down(mock_, broker), "broker down"); }
  /// Brings a broker back.
  void broker_up(std::int32_t broker) { check(rd_kafka_mock_broker_set_up(mock_, broker), "broker up"); }
  /// Moves a partition's leadership to `broker` (-1: no leader).
  void set_leader(const std::string& topic, std::int32_t partition, std::int32_t broker) {
    check(rd_kafka_mock_partition_set_leader(mock_, topic.c_str(), partition, broker), "set leader");
  }
  /// Makes the group/transaction coordinator of `key` the given broker.
  void set_coordinator(const std::string& key_type, const std::string& key, std::int32_t broker) {
    check(rd_kafka_mock_coordinator_set(mock_, key_type.c_str(), key.c_str(), broker), "set coordinator");
  }
  /// Adds a round-trip delay to every response of a broker.
  void set_rtt(std::int32_t broker, int rtt_ms) { check(rd_kafka_mock_broker_set_rtt(mock_, broker, rtt_ms), "set rtt"); }
  /// The next requests of kind `api_key` (on any broker) fail with these errors, in order.
  void push_request_errors(std::int16_t api_key, const std::vector<rd_kafka_resp_err_t>& errors) {
    rd_kafka_mock_push_request_errors_array(mock_, api_key, errors.size(), errors.data());
  }
  /// The next requests of kind `api_key` on `broker` answer with these (error, delay in ms) pairs;
  /// a delay past the client's request timeout makes it time out and retry.
  void push_broker_errors(std::int32_t broker, std::int16_t api_key,
                          const std::vector<std::pair<rd_kafka_resp_err_t, int>>& errors_and_rtts) {
    for (const auto& [err, rtt] : errors_and_rtts)
      check(rd_kafka_mock_broker_push_request_error_rtts(mock_, broker, api_key, 1, err, rtt), "push broker error");
  }
  /// Every request on a topic fails with `err` (RD_KAFKA_RESP_ERR_NO_ERROR clears it).
  void set_topic_error(const std::string& topic, rd_kafka_resp_err_t err) {
    rd_kafka_mock_topic_set_error(mock_, topic.c_str(), err);
  }
  /// Forgets the pending injected errors of kind `api_key`.
  void clear_request_errors(std::int16_t api_key) { rd_kafka_mock_clear_request_errors(mock_, api_key); }

  /// The librdkafka mock cluster, for any other fault rdkafka_mock.h offers.
  rd_kafka_mock_cluster_t* native() const noexcept { return mock_; }

 private:
  static void check(rd_kafka_resp_err_t err, const std::string& what) {
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
      throw error(static_cast<RdKafka::ErrorCode>(err), "embedded cluster: " + what + ": " + rd_kafka_err2str(err));
  }

  embedded_options options_;
  rd_kafka_t* handle_ = nullptr;
  rd_kafka_mock_cluster_t* mock_ = nullptr;
  std::string bootstrap_;
};

}  // namespace events::kafka
