#pragma once
/// \file The input side of one transaction of exactly_once_consumer: per partition, the first
/// offset it took (where an abort rewinds to: the position the last committed transaction left)
/// and the next offset to read (last taken + 1: what the transaction commits for the group).
#include <librdkafka/rdkafkacpp.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace events::kafka::detail {

/// Used on the polling thread only.
class txn_positions {
 public:
  struct range {
    std::int64_t first = 0;  ///< The first offset taken in this transaction.
    std::int64_t next = 0;   ///< The last offset taken + 1.
  };
  using key = std::pair<std::string, std::int32_t>;

  /// Notes a message as part of the transaction (handled, skipped or dead-lettered).
  void took(const std::string& topic, std::int32_t partition, std::int64_t offset) {
    auto [it, fresh] = parts_.try_emplace({topic, partition}, range{offset, offset + 1});
    if (!fresh) it->second.next = offset + 1;
    ++messages_;
  }

  /// Messages taken since the transaction began.
  std::size_t messages() const noexcept { return messages_; }
  const std::map<key, range>& partitions() const noexcept { return parts_; }

  /// The offsets to commit with the transaction, as librdkafka takes them (destroy them after).
  std::vector<RdKafka::TopicPartition*> to_commit() const {
    std::vector<RdKafka::TopicPartition*> out;
    out.reserve(parts_.size());
    for (const auto& [k, r] : parts_) out.push_back(RdKafka::TopicPartition::create(k.first, k.second, r.next));
    return out;
  }

  /// Seeks every partition back to the first message this transaction took, so that the next
  /// transaction reads them again; then forgets them. A failed seek is reported: that partition's
  /// fetched messages stay, and what the aborted transaction took from it would be lost, so the
  /// caller treats it as fatal.
  std::vector<std::string> rewind(RdKafka::KafkaConsumer& c, int timeout_ms) {
    std::vector<std::string> failures;
    for (const auto& [k, r] : parts_) {
      std::unique_ptr<RdKafka::TopicPartition> tp{RdKafka::TopicPartition::create(k.first, k.second, r.first)};
      if (RdKafka::ErrorCode e = c.seek(*tp, timeout_ms); e != RdKafka::ERR_NO_ERROR)
        failures.push_back(k.first + "[" + std::to_string(k.second) + "] to offset " + std::to_string(r.first) + ": " +
                           RdKafka::err2str(e));
    }
    clear();
    return failures;
  }

  void clear() {
    parts_.clear();
    messages_ = 0;
  }

 private:
  std::map<key, range> parts_;
  std::size_t messages_ = 0;
};

}  // namespace events::kafka::detail
