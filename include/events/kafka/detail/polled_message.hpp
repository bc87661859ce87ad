#pragma once
// A message taken from a consumer with librdkafka's C API (rd_kafka_consumer_poll), seen through
// the RdKafka::Message interface the consumer's books and a handler's message::native() use.
// RdKafka::KafkaConsumer::consume allocates a MessageImpl per call (and frees it, with the copy
// of its headers once they were asked): this one lives on the polling thread's stack.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

#include <memory>
#include <string>
#include <vector>

namespace events::kafka::detail {

class polled_message final : public RdKafka::Message {
 public:
  // Waits up to `timeout_ms` for a message, a consumer error or an event (served as
  // RdKafka::KafkaConsumer::consume serves them: rebalance and event callbacks run inside).
  // Nothing within the time: err() is ERR__TIMED_OUT, as consume() says it.
  polled_message(RdKafka::KafkaConsumer& c, int timeout_ms) noexcept
      : polled_message(rd_kafka_consumer_poll(c.c_ptr(), timeout_ms)) {}
  // Owns `m` (null: timed out).
  explicit polled_message(rd_kafka_message_t* m) noexcept : m_(m) {
    if (!m_) {
      none_.err = RD_KAFKA_RESP_ERR__TIMED_OUT;
      m_ = &none_;
    }
  }
  polled_message(const polled_message&) = delete;
  polled_message& operator=(const polled_message&) = delete;
  ~polled_message() override {
    if (m_ != &none_) rd_kafka_message_destroy(m_);
  }

  std::string errstr() const override {
    const char* s = m_ == &none_ ? rd_kafka_err2str(m_->err) : rd_kafka_message_errstr(m_);
    return s ? s : "";
  }
  RdKafka::ErrorCode err() const override { return static_cast<RdKafka::ErrorCode>(m_->err); }
  // The RdKafka::Topic this consumer's application made for the message's topic, if any.
  RdKafka::Topic* topic() const override {
    return m_->rkt ? static_cast<RdKafka::Topic*>(rd_kafka_topic_opaque(m_->rkt)) : nullptr;
  }
  std::string topic_name() const override {
    const char* t = m_->rkt ? rd_kafka_topic_name(m_->rkt) : nullptr;
    return t ? t : "";
  }
  std::int32_t partition() const override { return m_->partition; }
  void* payload() const override { return m_->payload; }
  std::size_t len() const override { return m_->len; }
  const std::string* key() const override {
    if (!m_->key) return nullptr;
    if (!key_) key_ = std::make_unique<std::string>(static_cast<const char*>(m_->key), m_->key_len);
    return key_.get();
  }
  const void* key_pointer() const override { return m_->key; }
  std::size_t key_len() const override { return m_->key_len; }
  std::int64_t offset() const override { return m_->offset; }
  RdKafka::MessageTimestamp timestamp() const override {
    RdKafka::MessageTimestamp ts;
    rd_kafka_timestamp_type_t type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
    ts.timestamp = m_ == &none_ ? -1 : rd_kafka_message_timestamp(m_, &type);
    ts.type = static_cast<RdKafka::MessageTimestamp::MessageTimestampType>(type);
    return ts;
  }
  void* msg_opaque() const override { return m_->_private; }
  std::int64_t latency() const override { return m_ == &none_ ? -1 : rd_kafka_message_latency(m_); }
  rd_kafka_message_t* c_ptr() override { return m_; }
  Status status() const override { return static_cast<Status>(rd_kafka_message_status(m_)); }
  // A copy: the message keeps its own headers (message::header reads them after this).
  RdKafka::Headers* headers() override {
    RdKafka::ErrorCode e = RdKafka::ERR_NO_ERROR;
    return headers(&e);
  }
  RdKafka::Headers* headers(RdKafka::ErrorCode* err) override {
    *err = RdKafka::ERR_NO_ERROR;
    if (headers_) return headers_.get();
    rd_kafka_headers_t* h = nullptr;
    if (m_ == &none_ || rd_kafka_message_headers(m_, &h) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      headers_.reset(RdKafka::Headers::create());
      return headers_.get();
    }
    std::vector<RdKafka::Headers::Header> all;
    const char* name = nullptr;
    const void* v = nullptr;
    std::size_t n = 0;
    for (std::size_t i = 0; rd_kafka_header_get_all(h, i, &name, &v, &n) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i)
      all.emplace_back(name, v, n);
    headers_.reset(RdKafka::Headers::create(all));
    return headers_.get();
  }
  std::int32_t broker_id() const override { return m_ == &none_ ? -1 : rd_kafka_message_broker_id(m_); }

 private:
  rd_kafka_message_t* m_;
  rd_kafka_message_t none_{};  // the timed-out poll's message
  mutable std::unique_ptr<std::string> key_;
  std::unique_ptr<RdKafka::Headers> headers_;
};

}  // namespace events::kafka::detail
