#pragma once
/// \file The consumer's blocked partitions: paused because a dead-letter write failed (the offset
/// of that message stays uncommitted), until resumed from that message or revoked.
#include <librdkafka/rdkafkacpp.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace events::kafka {

/// A partition a consumer paused because a dead-letter write failed: `offset` is the message
/// that could not be dead-lettered, where consumption resumes.
struct blocked_partition {
  std::string topic;
  std::int32_t partition = -1;
  std::int64_t offset = -1;
  std::string error;  ///< Why the last write failed.
};

namespace detail {

/// The blocked partitions of one consumer; used on its polling thread.
class blocked_book {
 public:
  /// True when `m` comes from a blocked partition (fetched before the pause took effect).
  bool holds(const RdKafka::Message& m) const { return !blocked_.empty() && holds(m.topic_name(), m.partition()); }

  /// True when the partition is blocked.
  bool holds(const std::string& topic, std::int32_t partition) const {
    return !blocked_.empty() && blocked_.count({topic, partition}) != 0;
  }

  /// Pauses the partition of `b` and remembers where to resume.
  void block(RdKafka::KafkaConsumer& c, blocked_partition b) {
    std::unique_ptr<RdKafka::TopicPartition> tp{RdKafka::TopicPartition::create(b.topic, b.partition)};
    std::vector<RdKafka::TopicPartition*> one{tp.get()};
    c.pause(one);
    auto key = std::pair(b.topic, b.partition);
    blocked_[std::move(key)] = std::move(b);
  }

  /// Seeks every blocked partition back to the message whose write failed and resumes it.
  void resume_all(RdKafka::KafkaConsumer& c) {
    for (const auto& [k, b] : blocked_) {
      std::unique_ptr<RdKafka::TopicPartition> tp{RdKafka::TopicPartition::create(b.topic, b.partition, b.offset)};
      std::vector<RdKafka::TopicPartition*> one{tp.get()};
      c.seek(*tp, 5000);
      c.resume(one);
    }
    blocked_.clear();
  }

  /// Forgets revoked partitions (their next owner starts from the committed offset).
  void forget(const std::vector<RdKafka::TopicPartition*>& parts) {
    for (const auto* tp : parts) blocked_.erase({tp->topic(), tp->partition()});
  }

  /// The blocked partitions, ordered by topic and partition.
  std::vector<blocked_partition> list() const {
    std::vector<blocked_partition> out;
    for (const auto& [k, b] : blocked_) out.push_back(b);
    return out;
  }

 private:
  std::map<std::pair<std::string, std::int32_t>, blocked_partition> blocked_;
};

}  // namespace detail
}  // namespace events::kafka
