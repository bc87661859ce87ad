#pragma once
/// \file The consumer's settle/commit bookkeeping: an offset is stored only once its message is
/// settled (handled, skipped or dead-lettered), stored offsets are committed synchronously, and
/// what a revoked partition leaves uncommitted is counted.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace events::kafka {

/// Per partition: the last settled offset, the last one the coordinator accepted, and the first
/// settled since assignment (for counting what a refused commit leaves behind).
class offset_book {
 public:
  /// Marks `m` settled: its offset is stored for the next commit (handed to librdkafka's offset
  /// store by commit(), once per partition rather than once per message).
  void store(const RdKafka::Message& m) {
    rd_kafka_topic_t* rkt = const_cast<RdKafka::Message&>(m).c_ptr()->rkt;
    if (cached_ != stored_.end() && rkt == cached_topic_ && m.partition() == cached_partition_) {
      cached_->second = m.offset();  // the common case: the same partition as the last message
      return;
    }
    auto k = std::pair(m.topic_name(), m.partition());
    cached_ = stored_.insert_or_assign(k, m.offset()).first;
    cached_topic_ = rkt;
    cached_partition_ = m.partition();
    first_stored_.try_emplace(k, m.offset());
  }

  /// Time since the last commit attempt.
  std::chrono::steady_clock::duration since_commit(
      std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now()) const {
    return now - last_commit_;
  }

  /// Commits the stored offsets; true when the coordinator took them (or there were none).
  /// Retriable failures are retried briefly: a commit lost here means the next owner of a
  /// partition handles its last messages again. `on_error` hears each failure.
  bool commit(RdKafka::KafkaConsumer& c, const std::function<void(const std::string&)>& on_error) {
    last_commit_ = std::chrono::steady_clock::now();
    if (stored_ == committed_) return true;
    hand_over(c);
    for (int attempt = 0; attempt < 3; ++attempt) {
      RdKafka::ErrorCode e = c.commitSync();
      if (e == RdKafka::ERR_NO_ERROR || e == RdKafka::ERR__NO_OFFSET) {
        committed_ = stored_;
        return true;
      }
      on_error("commit: " + RdKafka::err2str(e));
      if (e == RdKafka::ERR_REBALANCE_IN_PROGRESS || e == RdKafka::ERR_ILLEGAL_GENERATION ||
          e == RdKafka::ERR_UNKNOWN_MEMBER_ID) {
        // This generation's commits are over: handle nothing more until the rebalance assigns
        // partitions again, since nothing handled now could be committed. (Pausing drops what
        // was fetched; fetching resumes after the last message handled.)
        pause_all(c);
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  /// Resumes fetching after a pause that commit() made.
  void resume_all(RdKafka::KafkaConsumer& c) {
    if (!paused_) return;
    std::vector<RdKafka::TopicPartition*> parts;
    if (c.assignment(parts) == RdKafka::ERR_NO_ERROR) c.resume(parts);
    RdKafka::TopicPartition::destroy(parts);
    paused_ = false;
  }

  /// Since when commit() has held every partition paused (waiting for a rebalance), if it has.
  std::optional<std::chrono::steady_clock::time_point> paused_since() const {
    if (!paused_) return std::nullopt;
    return paused_at_;
  }

  /// Drops the bookkeeping of revoked partitions; returns how many settled messages were not
  /// committed (`committed`: whether the last commit took).
  std::uint64_t forget(const std::vector<RdKafka::TopicPartition*>& parts, bool committed) {
    std::uint64_t uncommitted = 0;
    for (const auto* tp : parts) {
      auto k = std::pair(tp->topic(), tp->partition());
      auto s = stored_.find(k);
      if (s == stored_.end()) continue;
      auto c = committed_.find(k);
      std::int64_t done = committed ? s->second : (c == committed_.end() ? -1 : c->second);
      if (s->second > done) {
        std::int64_t first = c == committed_.end() ? first_stored_[k] : c->second + 1;
        uncommitted += static_cast<std::uint64_t>(s->second - first + 1);
      }
      if (cached_ == s) cached_ = stored_.end();
      stored_.erase(s);
      committed_.erase(k);
      first_stored_.erase(k);
    }
    return uncommitted;
  }

 private:
  // Stores every settled offset in librdkafka's offset store (which commitSync commits): the
  // next offset to read of each partition.
  void hand_over(RdKafka::KafkaConsumer& c) {
    std::vector<RdKafka::TopicPartition*> parts;
    parts.reserve(stored_.size());
    for (const auto& [k, offset] : stored_) parts.push_back(RdKafka::TopicPartition::create(k.first, k.second, offset + 1));
    c.offsets_store(parts);  // a partition no longer assigned is refused (its result says so): not ours to commit
    RdKafka::TopicPartition::destroy(parts);
  }

  void pause_all(RdKafka::KafkaConsumer& c) {
    std::vector<RdKafka::TopicPartition*> parts;
    if (c.assignment(parts) == RdKafka::ERR_NO_ERROR && !parts.empty()) {
      c.pause(parts);
      if (!paused_) paused_at_ = std::chrono::steady_clock::now();
      paused_ = true;
    }
    RdKafka::TopicPartition::destroy(parts);
  }

  using partition_key = std::pair<std::string, std::int32_t>;
  std::map<partition_key, std::int64_t> stored_, committed_, first_stored_;
  std::map<partition_key, std::int64_t>::iterator cached_ = stored_.end();  // last stored partition
  rd_kafka_topic_t* cached_topic_ = nullptr;
  std::int32_t cached_partition_ = -1;
  std::chrono::steady_clock::time_point last_commit_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point paused_at_{};
  bool paused_ = false;
};

}  // namespace events::kafka
