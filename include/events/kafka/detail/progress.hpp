#pragma once
/// \file The consumer's watch on each assigned partition: messages deleted from the log before
/// they were read (retention, or a log truncated behind a slow reader: librdkafka then resets to
/// auto.offset.reset and says so only in a log line), and partitions whose lag makes no progress
/// (fetching stopped), which it restarts from the next offset to read.
///
/// Idle time is counted on the consumer's waiting clock: the time spent inside librdkafka's
/// consume(), not in handlers. A partition whose messages wait in the local queue behind others
/// while handlers work is not idle; one that stays silent while the consumer waits for messages is.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace events::kafka::detail {

/// Per assigned partition: the next offset expected and when it last moved. Used on the polling
/// thread only.
class progress_book {
 public:
  /// The waiting clock: time spent waiting for messages since the consumer began.
  using waited = std::chrono::steady_clock::duration;

  /// Starts watching newly assigned partitions, from their committed offsets (one request: a
  /// committed offset already deleted from the log is then told at the first message read).
  void assigned(RdKafka::KafkaConsumer& c, const std::vector<RdKafka::TopicPartition*>& parts, waited now) {
    std::vector<RdKafka::TopicPartition*> at;
    at.reserve(parts.size());
    for (const auto* tp : parts) at.push_back(RdKafka::TopicPartition::create(tp->topic(), tp->partition()));
    const bool known = !at.empty() && c.committed(at, 2000) == RdKafka::ERR_NO_ERROR;
    for (const auto* tp : at) {
      auto& p = parts_[{tp->topic(), tp->partition()}];
      p.next = known && tp->offset() >= 0 ? tp->offset() : -1;
      p.moved = now;
    }
    RdKafka::TopicPartition::destroy(at);
    cached_ = parts_.end();
  }

  /// Stops watching revoked partitions.
  void revoked(const std::vector<RdKafka::TopicPartition*>& parts) {
    for (const auto* tp : parts) parts_.erase({tp->topic(), tp->partition()});
    cached_ = parts_.end();
  }

  /// Notes `m` as read. Returns how many messages before it were deleted from the log unread
  /// (0 when none), and their first offset in `*first`.
  std::int64_t seen(RdKafka::KafkaConsumer& c, const RdKafka::Message& m, waited now, std::int64_t* first) {
    rd_kafka_topic_t* rkt = const_cast<RdKafka::Message&>(m).c_ptr()->rkt;
    if (cached_ == parts_.end() || rkt != cached_topic_ || m.partition() != cached_partition_) {
      cached_ = parts_.try_emplace({m.topic_name(), m.partition()}).first;
      cached_topic_ = rkt;
      cached_partition_ = m.partition();
    }
    auto& p = cached_->second;
    std::int64_t lost = 0;
    const std::int64_t offset = m.offset();
    if (p.next >= 0 && offset > p.next) {
      // A gap: transaction markers and compaction make them too. Only what lies below the log
      // start (as the last fetch response gave it) was deleted before this consumer read it.
      std::int64_t lo = -1, hi = -1;
      c.get_watermark_offsets(m.topic_name(), m.partition(), &lo, &hi);
      if (lo > p.next) {
        lost = std::min(lo, offset) - p.next;
        *first = p.next;
      }
    }
    p.next = offset + 1;
    p.moved = now;
    return lost;
  }

  /// A partition found with lag and no progress for `timeout`.
  struct stall {
    std::string topic;
    std::int32_t partition = 0;
    std::int64_t next = 0;   ///< The next offset to read.
    std::int64_t end = -1;   ///< The log end offset.
    waited idle{};  ///< On the waiting clock.

    /// What on_error is told.
    std::string describe() const {
      return "stalled: " + topic + "[" + std::to_string(partition) + "] read nothing for " +
             std::to_string(std::chrono::duration_cast<std::chrono::seconds>(idle).count()) +
             " s of waiting with messages to read (next offset " + std::to_string(next) + ", log end " +
             std::to_string(end) + "); fetching restarted at " + std::to_string(next);
    }
  };

  /// What on_error is told of `n` messages from `first` deleted before they were read.
  static std::string describe_loss(const RdKafka::Message& m, std::int64_t first, std::int64_t n) {
    return m.topic_name() + "[" + std::to_string(m.partition()) + "]: " + std::to_string(n) + " messages (offsets " +
           std::to_string(first) + " to " + std::to_string(first + n - 1) +
           ") were deleted from the log before this consumer read them (retention or truncation); reading goes on "
           "at offset " + std::to_string(m.offset());
  }

  /// The partitions that have not moved for `timeout` (skipping those `paused(topic, partition)`
  /// says are held on purpose) and have messages left to read. The log end is what the last
  /// fetch response said, when that already shows messages to read; else (a partition no longer
  /// fetched has a stale one) the cluster is asked, all such partitions in one request of at most
  /// `request_timeout_ms`. A partition looked at is looked at again a `timeout` later.
  template <class Paused>
  std::vector<stall> stalled(RdKafka::KafkaConsumer& c, waited now, waited timeout,
                             int request_timeout_ms, Paused paused) {
    std::vector<stall> out;
    std::vector<RdKafka::TopicPartition*> ask, unknown;
    std::vector<waited> idle;  // of each in `ask`
    for (auto& [k, p] : parts_) {
      if (now - p.moved < timeout || paused(k.first, k.second)) continue;
      std::int64_t lo = -1, hi = -1;
      c.get_watermark_offsets(k.first, k.second, &lo, &hi);
      if (p.next >= 0 && hi > std::max(p.next, lo)) out.push_back({k.first, k.second, p.next, hi, now - p.moved});
      else if (p.next < 0) unknown.push_back(RdKafka::TopicPartition::create(k.first, k.second));
      else {
        ask.push_back(RdKafka::TopicPartition::create(k.first, k.second));
        idle.push_back(now - p.moved);
      }
      p.moved = now;  // looked at now: the next look is a timeout away
    }
    // Nothing read since assignment: it starts from the committed offset, if there is one.
    if (!unknown.empty() && c.committed(unknown, request_timeout_ms) == RdKafka::ERR_NO_ERROR) {
      for (auto* tp : unknown) {
        if (tp->offset() < 0) continue;
        parts_[{tp->topic(), tp->partition()}].next = tp->offset();
        ask.push_back(RdKafka::TopicPartition::create(tp->topic(), tp->partition()));
        idle.push_back(timeout);
      }
    }
    if (!ask.empty()) {
      for (auto* tp : ask) tp->set_offset(-1);  // the log end (ListOffsets "latest")
      std::vector<std::int64_t> next;
      for (auto* tp : ask) next.push_back(parts_[{tp->topic(), tp->partition()}].next);
      if (c.offsetsForTimes(ask, request_timeout_ms) == RdKafka::ERR_NO_ERROR) {
        for (std::size_t i = 0; i < ask.size(); ++i) {
          std::int64_t lo = -1, hi = -1;
          c.get_watermark_offsets(ask[i]->topic(), ask[i]->partition(), &lo, &hi);
          if (ask[i]->err() == RdKafka::ERR_NO_ERROR && ask[i]->offset() > std::max(next[i], lo))
            out.push_back({ask[i]->topic(), ask[i]->partition(), next[i], ask[i]->offset(), idle[i]});
        }
      }
    }
    RdKafka::TopicPartition::destroy(ask);
    RdKafka::TopicPartition::destroy(unknown);
    return out;
  }

  /// Restarts fetching `s` at its next offset (librdkafka drops what it had fetched for it and
  /// fetches from there), and resumes it in case it was left paused.
  static void restart(RdKafka::KafkaConsumer& c, const stall& s, int timeout_ms) {
    std::unique_ptr<RdKafka::TopicPartition> tp{RdKafka::TopicPartition::create(s.topic, s.partition, s.next)};
    std::vector<RdKafka::TopicPartition*> one{tp.get()};
    c.seek(*tp, timeout_ms);
    c.resume(one);
  }

 private:
  using key = std::pair<std::string, std::int32_t>;
  struct partition {
    std::int64_t next = -1;  // the next offset expected; -1: not known yet
    waited moved{};  // the waiting clock at its last message (or last look)
  };

  std::map<key, partition> parts_;
  std::map<key, partition>::iterator cached_ = parts_.end();  // the last message's partition
  rd_kafka_topic_t* cached_topic_ = nullptr;
  std::int32_t cached_partition_ = -1;
};

}  // namespace events::kafka::detail
