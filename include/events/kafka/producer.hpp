#pragma once
/// \file Typed producer: publish(event) to the event's topic, keyed by its entity id, its JSON as
/// the value and CloudEvents binary-mode headers; every publish yields a delivery result.
///
/// \code
/// events::kafka::producer out(events::kafka::config::from_env(), {.source = "/task-service"});
/// auto done = out.publish(events::make_event(TaskCreated{...}));  // std::future<delivery>
/// if (auto d = done.get(); !d.ok()) std::cerr << d.event_id << ": " << d.error << '\n';
/// \endcode
///
/// Idempotence and acks=all are on unless configured otherwise. With a `transactional.id`, every
/// publish joins an open transaction that flush() commits; delivery results then arrive at the
/// commit, and carry its failure if it aborts.
#include <events/cloudevents.hpp>
#include <events/kafka/config.hpp>
#include <events/kafka/error.hpp>
#include <events/kafka/message.hpp>
#include <events/kafka/routing.hpp>

#include <librdkafka/rdkafkacpp.h>

#include <atomic>
#include <chrono>
#include <concepts>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <ranges>
#include <string>
#include <thread>
#include <vector>

namespace events::kafka {

/// How the event travels: binary mode (value = event JSON, attributes in `ce_*` headers) or
/// structured mode (value = the CloudEvent document with the event as `data`).
enum class content_mode { binary, structured };

/// The outcome of one publish.
struct delivery {
  std::string event_id;  ///< The event's id ("" for a record without one).
  std::string topic;
  std::int32_t partition = -1;
  std::int64_t offset = -1;
  RdKafka::ErrorCode code = RdKafka::ERR_NO_ERROR;
  std::string error;  ///< Empty on success.
  bool ok() const noexcept { return code == RdKafka::ERR_NO_ERROR; }
};

/// Options of a producer.
struct producer_options {
  std::string source = "/events";      ///< CloudEvents `source` of what this producer publishes.
  content_mode mode = content_mode::binary;
  std::chrono::milliseconds close_timeout{30000};  ///< flush on close waits this long, then purges.
};

/// Per-publish overrides.
struct publish_options {
  std::string topic;               ///< Empty: the event's catalog topic.
  std::optional<std::string> key;  ///< Default: the event's partition key.
  std::optional<content_mode> mode;
};

namespace detail {
struct pending {
  std::string event_id;
  std::optional<std::promise<delivery>> promise;
  std::function<void(const delivery&)> callback;
  bool in_tx = false;
  bool reported = false;
  bool orphan = false;
  delivery result;

  void finish(const delivery& d) {
    if (promise) promise->set_value(d);
    if (callback) callback(d);
  }
};
}  // namespace detail

/// A typed Kafka producer. Thread-safe: publish from any thread.
class producer {
 public:
  explicit producer(const config& cfg, producer_options options = {}) : options_(std::move(options)) {
    auto props = cfg.for_client(client_kind::producer);
    props.try_emplace("enable.idempotence", "true");
    props.try_emplace("acks", "all");
    transactional_ = props.count("transactional.id") != 0;
    auto conf = kafka::detail::make_conf(props);
    std::string err;
    if (conf->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(&reports_), err) != RdKafka::Conf::CONF_OK)
      throw error(RdKafka::ERR__INVALID_ARG, err);
    reports_.self = this;
    handle_.reset(RdKafka::Producer::create(conf.get(), err));
    if (!handle_) throw error(RdKafka::ERR__INVALID_ARG, "producer: " + err);
    if (transactional_) {
      if (std::unique_ptr<RdKafka::Error> e{handle_->init_transactions(static_cast<int>(options_.close_timeout.count()))})
        throw error(e->code(), "producer: init_transactions: " + e->str());
    }
    // Serves delivery reports. Under load it polls every millisecond instead of blocking, so
    // each report does not wake this thread (a measurable cost on a 2-core machine).
    poller_ = std::thread([this] {
      while (running_.load(std::memory_order_relaxed)) {
        if (in_flight_.load(std::memory_order_relaxed) > 64) {
          handle_->poll(0);
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        } else {
          handle_->poll(20);
        }
      }
    });
  }

  producer(const producer&) = delete;
  producer& operator=(const producer&) = delete;

  /// Flushes (committing an open transaction), waiting up to close_timeout.
  ~producer() { close(); }

  /// Publishes one event; the future yields its delivery result.
  template <cloudevents::typed_event E>
  std::future<delivery> publish(const E& ev, const publish_options& o = {}) {
    auto* p = new detail::pending;
    p->promise.emplace();
    auto f = p->promise->get_future();
    submit(to_record(ev, o), p);
    return f;
  }

  /// Publishes one event; `on_done(delivery)` is called once, on the producer's thread.
  template <cloudevents::typed_event E, std::invocable<const delivery&> F>
  void publish(const E& ev, F&& on_done, const publish_options& o = {}) {
    auto* p = new detail::pending;
    p->callback = std::forward<F>(on_done);
    submit(to_record(ev, o), p);
  }

  /// Publishes every event, then flushes (one transaction with a transactional.id); returns every
  /// delivery result, in order.
  template <std::ranges::input_range R>
    requires cloudevents::typed_event<std::ranges::range_value_t<R>>
  std::vector<delivery> publish_batch(const R& batch, const publish_options& o = {}) {
    std::vector<std::future<delivery>> futures;
    for (const auto& ev : batch) futures.push_back(publish(ev, o));
    flush();
    std::vector<delivery> out;
    out.reserve(futures.size());
    for (auto& f : futures) out.push_back(f.get());
    return out;
  }

  /// Sends bytes as given (a dead-letter copy, a pre-encoded message).
  std::future<delivery> send(record r) {
    auto* p = new detail::pending;
    p->promise.emplace();
    auto f = p->promise->get_future();
    submit(std::move(r), p);
    return f;
  }

  /// The record publish(ev, o) would send.
  template <cloudevents::typed_event E>
  record to_record(const E& ev, const publish_options& o = {}) const {
    record r;
    r.topic = o.topic.empty() ? std::string(default_topic<E>()) : o.topic;
    r.key = o.key ? *o.key : default_key(ev);
    auto attrs = cloudevents::attributes_of(ev, options_.source);
    r.event_id = attrs.id;
    if (o.mode.value_or(options_.mode) == content_mode::binary) {
      r.value = events::to_json(ev);
      for (auto& [name, text] : cloudevents::binary_headers(attrs)) r.headers.emplace_back(name, std::move(text));
    } else {
      r.value = cloudevents::to_structured(attrs, events::to_json(ev));
      r.headers.emplace_back(cloudevents::header::content_type, cloudevents::structured_content_type);
    }
    return r;
  }

  /// Waits until everything published so far is delivered (or failed), committing the open
  /// transaction with a transactional.id. False when something is still in flight at the timeout
  /// or the commit failed.
  bool flush(std::chrono::milliseconds timeout = std::chrono::milliseconds(30000)) {
    if (transactional_) return commit(timeout);
    return handle_->flush(static_cast<int>(timeout.count())) == RdKafka::ERR_NO_ERROR;
  }

  /// Flushes, then fails (never drops) what is still queued: its results carry the purge error.
  void close() {
    if (closed_.exchange(true)) return;
    flush(options_.close_timeout);
    running_ = false;
    if (poller_.joinable()) poller_.join();
    if (handle_->outq_len() > 0) handle_->purge(RdKafka::Producer::PURGE_QUEUE | RdKafka::Producer::PURGE_INFLIGHT);
    while (handle_->outq_len() > 0) handle_->poll(10);
    if (transactional_) settle_transaction(false, RdKafka::ERR__PURGE_QUEUE, "producer closed");
  }

  /// Messages delivered / failed so far, and in flight now.
  std::uint64_t delivered() const noexcept { return delivered_; }
  std::uint64_t failed() const noexcept { return failed_; }
  std::int64_t in_flight() const noexcept { return in_flight_; }
  bool transactional() const noexcept { return transactional_; }

  /// librdkafka's producer.
  RdKafka::Producer& native() noexcept { return *handle_; }

 private:
  struct report_cb : RdKafka::DeliveryReportCb {
    producer* self = nullptr;
    void dr_cb(RdKafka::Message& m) override { self->on_delivery(m); }
  };

  void on_delivery(RdKafka::Message& m) {
    auto* p = static_cast<detail::pending*>(m.msg_opaque());
    delivery d{p->event_id, m.topic_name(), m.partition(), m.offset(), m.err(),
               m.err() == RdKafka::ERR_NO_ERROR ? std::string() : m.errstr()};
    (d.ok() ? delivered_ : failed_)++;
    --in_flight_;
    if (p->in_tx) {
      std::lock_guard lock(results_mu_);
      if (p->orphan) {
        delete p;
        return;
      }
      p->result = std::move(d);
      p->reported = true;
      return;
    }
    p->finish(d);
    delete p;
  }

  void fail_now(detail::pending* p, RdKafka::ErrorCode code, const std::string& why, const std::string& topic) {
    ++failed_;
    p->finish(delivery{p->event_id, topic, -1, -1, code, why});
    delete p;
  }

  void submit(record r, detail::pending* p) {
    p->event_id = std::move(r.event_id);
    if (r.topic.empty())
      return fail_now(p, RdKafka::ERR__UNKNOWN_TOPIC,
                      "events: no topic for this event; give publish_options.topic", r.topic);
    if (closed_) return fail_now(p, RdKafka::ERR__STATE, "producer is closed", r.topic);
    std::unique_lock<std::mutex> tx_lock;
    if (transactional_) {
      tx_lock = std::unique_lock(tx_mu_);
      if (!tx_open_) {
        if (std::unique_ptr<RdKafka::Error> e{handle_->begin_transaction()})
          return fail_now(p, e->code(), "begin_transaction: " + e->str(), r.topic);
        tx_open_ = true;
      }
      p->in_tx = true;
    }
    RdKafka::Headers* h = RdKafka::Headers::create();
    for (const auto& [name, value] : r.headers) h->add(name, value.data(), value.size());
    ++in_flight_;
    for (;;) {
      RdKafka::ErrorCode err =
          handle_->produce(r.topic, r.partition, RdKafka::Producer::RK_MSG_COPY, r.value.data(), r.value.size(),
                           r.key.empty() ? nullptr : r.key.data(), r.key.size(), 0, h, p);
      if (err == RdKafka::ERR_NO_ERROR) break;
      if (err == RdKafka::ERR__QUEUE_FULL) {  // back-pressure: wait for deliveries
        handle_->poll(10);
        continue;
      }
      delete h;
      --in_flight_;
      return fail_now(p, err, RdKafka::err2str(err), r.topic);
    }
    if (transactional_) tx_pending_.push_back(p);
  }

  bool commit(std::chrono::milliseconds timeout) {
    std::lock_guard lock(tx_mu_);
    if (!tx_open_) return true;
    tx_open_ = false;
    std::unique_ptr<RdKafka::Error> e{handle_->commit_transaction(static_cast<int>(timeout.count()))};
    if (!e) return settle_transaction(true, RdKafka::ERR_NO_ERROR, {});
    RdKafka::ErrorCode code = e->code();
    std::string why = "transaction aborted: " + e->str();
    if (e->txn_requires_abort()) std::unique_ptr<RdKafka::Error>{handle_->abort_transaction(static_cast<int>(timeout.count()))};
    settle_transaction(false, code, why);
    return false;
  }

  // Resolves the results of the transaction's messages: their own on commit, the failure otherwise.
  bool settle_transaction(bool committed, RdKafka::ErrorCode code, const std::string& why) {
    auto deadline = std::chrono::steady_clock::now() + options_.close_timeout;
    std::vector<detail::pending*> list;
    list.swap(tx_pending_);
    for (;;) {
      bool all = true;
      {
        std::lock_guard lock(results_mu_);
        for (auto* p : list) all = all && p->reported;
      }
      if (all || std::chrono::steady_clock::now() > deadline) break;
      handle_->poll(10);
    }
    bool ok = committed;
    std::lock_guard lock(results_mu_);
    for (auto* p : list) {
      delivery d = p->reported ? p->result : delivery{p->event_id, {}, -1, -1, RdKafka::ERR__TIMED_OUT, "no delivery report"};
      if (!committed && d.ok()) {
        d.code = code;
        d.error = why;
        ++failed_;
        --delivered_;
      }
      ok = ok && d.ok();
      p->finish(d);
      if (p->reported) delete p;
      else p->orphan = true;
    }
    return ok;
  }

  producer_options options_;
  report_cb reports_;
  std::unique_ptr<RdKafka::Producer> handle_;
  bool transactional_ = false;
  std::mutex tx_mu_;
  bool tx_open_ = false;
  std::vector<detail::pending*> tx_pending_;
  std::mutex results_mu_;
  std::atomic<bool> running_{true};
  std::atomic<bool> closed_{false};
  std::atomic<std::uint64_t> delivered_{0}, failed_{0};
  std::atomic<std::int64_t> in_flight_{0};
  std::thread poller_;
};

}  // namespace events::kafka
