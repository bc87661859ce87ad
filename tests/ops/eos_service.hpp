#pragma once
// The service of the exactly-once tests, shared by exactly_once_test.cpp and the eos_worker
// process: the recurring service's flow (task.completed on eos-in becomes the next task.created on
// eos-out) on an events::kafka::exactly_once_consumer.
#include <events/catalog.hpp>
#include <events/catalog/services/recurring.hpp>
#include <events/kafka/exactly_once.hpp>
#include <events/kafka/kafka.hpp>

#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace eos {

using completed = events::event<events::TaskCompletedPayload>;
using created = events::event<events::TaskCreatedPayload>;
inline const std::string input_topic = "eos-in", output_topic = "eos-out";

// Settings for the mock cluster (its group join needs session.timeout.ms above 3000).
inline events::kafka::config client_config(const std::string& bootstrap) {
  return {{"bootstrap.servers", bootstrap},
          {"session.timeout.ms", "4000"},
          {"heartbeat.interval.ms", "300"},
          {"linger.ms", "5"},
          {"log_level", "0"}};
}

inline events::kafka::exactly_once_options options(const std::string& transactional_id, const std::string& group) {
  events::kafka::exactly_once_options o;
  o.topics = {input_topic};
  o.group_id = group;
  o.transactional_id = transactional_id;
  o.max_batch = 10;
  o.max_batch_time = std::chrono::milliseconds(50);
  o.retry = {.max_retries = 2, .initial_backoff = std::chrono::milliseconds(5), .multiplier = 2.0,
             .max_backoff = std::chrono::milliseconds(50)};
  o.poll_timeout = std::chrono::milliseconds(50);
  o.transaction_timeout = std::chrono::milliseconds(10000);
  o.producer.source = "/recurring-eos";
  return o;
}

// librdkafka 2.0.2's mock cluster answers TxnOffsetCommit without storing the offsets (Kafka's
// group coordinator stores them when the transaction commits). So that a restarted instance
// resumes where the committed transactions left the input, as it would on Kafka, each committed
// transaction's offsets are also committed to the group here, after the transaction; then `then`.
inline void on_commit(events::kafka::exactly_once_consumer& in,
                      std::function<void(const events::kafka::committed_transaction&)> then = {}) {
  in.on_commit([&in, then = std::move(then)](const events::kafka::committed_transaction& t) {
    std::vector<RdKafka::TopicPartition*> parts;
    for (const auto& p : t.offsets) parts.push_back(RdKafka::TopicPartition::create(p.topic, p.partition, p.offset));
    in.native_consumer().commitSync(parts);
    RdKafka::TopicPartition::destroy(parts);
    if (then) then(t);
  });
}

// Completions of recurring tasks (daily), the inputs.
inline std::vector<completed> completions(int n) {
  std::vector<completed> out;
  for (int i = 0; i < n; ++i)
    out.push_back(events::make_event(events::TaskCompletedPayload{
        .task_id = events::uuid::v4(), .user_id = events::uuid::v4(), .completed_at = events::now(),
        .has_recurrence = true, .recurrence_pattern = std::string("daily")}));
  return out;
}

}  // namespace eos
