#pragma once
// The consumer's messages taken from librdkafka a batch at a time: after a poll that waited for
// one message, what the consumer's queue already holds behind it (up to `capacity`, without
// waiting) is taken in the same call and handed out by the next polls. librdkafka's cost per
// message is mostly its queue's lock and wake-up per poll; a batch pays them once.
//
// What is held was delivered by librdkafka (its position is past it), so it is never dropped but
// for partitions this consumer gives up: revoked ones (their next owner reads from the committed
// offsets) and paused ones that are sought back on resume (blocked.hpp). Nothing waits longer in
// the batch than the handlers of the messages before it take.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace events::kafka::detail {

class prefetch {
 public:
  explicit prefetch(std::size_t capacity = 32) : capacity_(capacity) {}
  prefetch(const prefetch&) = delete;
  prefetch& operator=(const prefetch&) = delete;
  ~prefetch() { release(); }

  // The next message (owned by the caller; null: none within `timeout_ms`): a held one, else a
  // polled one, and behind it what the consumer's queue holds now. Rebalance and event callbacks
  // run inside, as in rd_kafka_consumer_poll.
  rd_kafka_message_t* next(RdKafka::KafkaConsumer& c, int timeout_ms) {
    if (head_ < held_.size()) return held_[head_++];
    held_.clear();
    head_ = 0;
    rd_kafka_message_t* m = rd_kafka_consumer_poll(c.c_ptr(), timeout_ms);
    if (!m || m->err != RD_KAFKA_RESP_ERR_NO_ERROR || capacity_ < 2) return m;
    if (!queue_) queue_ = rd_kafka_queue_get_consumer(c.c_ptr());
    if (!queue_) return m;
    fill_.resize(capacity_ - 1);
    filling_ = true;
    const ssize_t n = rd_kafka_consume_batch_queue(queue_, 0, fill_.data(), fill_.size());
    filling_ = false;
    for (ssize_t i = 0; i < n; ++i) {
      rd_kafka_message_t* f = fill_[static_cast<std::size_t>(i)];
      if (revoked_in_fill(f)) rd_kafka_message_destroy(f);  // its partition went in a rebalance during the call
      else held_.push_back(f);
    }
    if (!revoked_.empty() && revoked_in_fill(m)) {
      rd_kafka_message_destroy(m);
      m = head_ < held_.size() ? held_[head_++] : nullptr;
    }
    revoked_.clear();
    return m;
  }

  // Drops the held messages of `parts` (revoked: called from the rebalance callback).
  void drop(const std::vector<RdKafka::TopicPartition*>& parts) {
    for (const auto* p : parts) drop(p->topic(), p->partition());
  }
  // Drops the held messages of one partition.
  void drop(const std::string& topic, std::int32_t partition) {
    if (filling_) revoked_.emplace_back(topic, partition);  // the batch being taken is checked after
    std::size_t keep = head_;
    for (std::size_t i = head_; i < held_.size(); ++i) {
      if (of(held_[i], topic, partition)) rd_kafka_message_destroy(held_[i]);
      else held_[keep++] = held_[i];
    }
    held_.resize(keep);
  }

  // Gives back what is held and the queue reference (before the consumer is destroyed).
  void release() {
    for (std::size_t i = head_; i < held_.size(); ++i) rd_kafka_message_destroy(held_[i]);
    held_.clear();
    head_ = 0;
    if (queue_) rd_kafka_queue_destroy(queue_);
    queue_ = nullptr;
  }

 private:
  static bool of(const rd_kafka_message_t* m, std::string_view topic, std::int32_t partition) {
    const char* t = m->rkt ? rd_kafka_topic_name(m->rkt) : nullptr;
    return m->partition == partition && t && topic == t;
  }
  bool revoked_in_fill(const rd_kafka_message_t* m) const {
    for (const auto& [topic, partition] : revoked_)
      if (of(m, topic, partition)) return true;
    return false;
  }

  std::size_t capacity_;
  rd_kafka_queue_t* queue_ = nullptr;
  std::vector<rd_kafka_message_t*> held_;  // [head_, size): not yet handed out
  std::size_t head_ = 0;
  std::vector<rd_kafka_message_t*> fill_;
  bool filling_ = false;
  std::vector<std::pair<std::string, std::int32_t>> revoked_;  // during a fill
};

}  // namespace events::kafka::detail
