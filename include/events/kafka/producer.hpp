#pragma once
/// \file Typed producer: publish(event) to the event's topic, keyed by its entity id (both from
/// events::event_traits), its JSON as the value and CloudEvents binary-mode headers (with the
/// current W3C trace context); every publish yields a delivery result. Events are validated
/// before they are sent (producer_options::validate): an invalid one comes back with its errors.
///
/// <!-- given: #include <events/catalog.hpp>
/// events::uuid t, u; events::event<events::TaskCreatedPayload> created;
/// events::event<events::ReminderDuePayload> due; events::flat_event<events::TodoCreated> todo; -->
/// \code
/// events::kafka::producer out(events::kafka::config::from_env(), {.source = "/task-service"});
/// auto done = out.publish(events::make_event(events::TaskCreatedPayload{.task_id = t, .user_id = u, .title = "Milk"}));
/// if (auto d = done.get(); !d.ok()) std::cerr << d.event_id << ": " << d.error << '\n';  // done: std::future<delivery>
/// // A mixed batch, as seed 004 batches (event, topic, key): any event types, one flush.
/// auto results = out.publish_batch({{created, "task-events", "user-7"}, {due, "reminders"}, {todo}});
/// \endcode
///
/// Idempotence and acks=all are on unless configured otherwise. With a `transactional.id`, every
/// publish joins an open transaction that flush() commits; delivery results then arrive at the
/// commit, and carry its failure if it aborts.
#include <events/cloudevents.hpp>
#include <events/event_traits.hpp>
#include <events/kafka/batch_entry.hpp>
#include <events/kafka/config.hpp>
#include <events/kafka/delivery.hpp>
#include <events/kafka/error.hpp>
#include <events/kafka/message.hpp>
#include <events/kafka/detail/produce.hpp>
#include <events/kafka/report_poller.hpp>
#include <events/kafka/spans.hpp>
#include <events/kafka/value_format.hpp>
#include <events/validate.hpp>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

#include <atomic>
#include <chrono>
#include <concepts>
#include <future>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <iterator>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <vector>

namespace events::kafka {

/// A typed Kafka producer. Thread-safe: publish from any thread.
class producer {
 public:
  explicit producer(const config& cfg, producer_options options = {}) : options_(std::move(options)) {
    auto props = cfg.for_client(client_kind::producer);
    props.try_emplace("enable.idempotence", "true");
    props.try_emplace("acks", "all");
    props.try_emplace("partitioner", std::string(librdkafka_partitioner(options_.partitioner)));
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
    reporter_.start(*handle_, publishes_, flushing_);
  }

  producer(const producer&) = delete;
  producer& operator=(const producer&) = delete;

  /// Flushes (committing an open transaction), waiting up to close_timeout.
  ~producer() { close(); }

  /// Publishes one event; the future yields its delivery result.
  template <event_type E>
  std::future<delivery> publish(const E& ev, const publish_options& o = {}) {
    auto* p = new detail::promise_pending;
    auto f = p->promise.get_future();
    publish_event(ev, o, p);
    return f;
  }

  /// Publishes one event; `on_done(delivery)` is called once, on a thread serving the producer's
  /// delivery reports: its own thread, or a thread inside publish/send/flush of this producer
  /// (publish serves the reports ready at that moment, as a raw librdkafka loop does). Callbacks
  /// may run on two threads at once; do not hold a lock the callback takes while publishing.
  template <event_type E, std::invocable<const delivery&> F>
  void publish(const E& ev, F&& on_done, const publish_options& o = {}) {
    publish_event(ev, o, new detail::callback_pending<std::decay_t<F>>(std::forward<F>(on_done)));
  }

  /// Publishes every event, then flushes (one transaction with a transactional.id); returns every
  /// delivery result, in order.
  template <std::ranges::input_range R>
    requires event_type<std::ranges::range_value_t<R>>
  std::vector<delivery> publish_batch(const R& batch, const publish_options& o = {}) {
    std::vector<std::future<delivery>> futures;
    for (const auto& ev : batch) futures.push_back(publish(ev, o));
    flush();
    std::vector<delivery> out;
    out.reserve(futures.size());
    for (auto& f : futures) out.push_back(f.get());
    return out;
  }

  /// Publishes a mixed batch: events of any types, each to its entry's topic with its entry's key
  /// (seed 004's (event, topic, key)), then flushes (one transaction with a transactional.id);
  /// returns every delivery result, in order. An entry's topic and key override `o`'s.
  template <std::ranges::input_range R>
    requires std::same_as<std::ranges::range_value_t<R>, batch_entry>
  std::vector<delivery> publish_batch(const R& batch, const publish_options& o = {});

  /// The same, for a batch written in place: `publish_batch({{ev, "topic", "key"}, {other}})`.
  std::vector<delivery> publish_batch(std::initializer_list<batch_entry> batch, const publish_options& o = {});

  /// Sends bytes as given (a dead-letter copy, a pre-encoded message).
  std::future<delivery> send(record r) {
    auto* p = new detail::promise_pending;
    auto f = p->promise.get_future();
    p->event_id = std::move(r.event_id);
    detail::c_headers h(r.headers.size());
    for (const auto& [name, value] : r.headers) h.add(name, value);
    detail::topic_name topic(r.topic);
    submit(topic.c_str(), r.topic.empty(), r.partition, r.key, r.value, h, p);
    serve_reports();
    return f;
  }

  /// The record publish(ev, o) would send.
  template <event_type E>
  record to_record(const E& ev, const publish_options& o = {}) const {
    record r;
    r.topic = o.topic.empty() ? std::string(event_traits<E>::topic) : o.topic;
    r.key = o.key ? *o.key : event_traits<E>::key(ev);
    auto attrs = cloudevents::attributes_of(ev, options_.source, {}, o.trace ? &*o.trace : nullptr);
    r.event_id = attrs.id;
    if (o.mode.value_or(options_.mode) == content_mode::binary) {
      r.value = events::to_json(ev);
      for (auto& [name, text] : cloudevents::binary_headers(attrs)) r.headers.emplace_back(name, std::move(text));
    } else {
      r.value = cloudevents::to_structured(attrs, events::to_json(ev));
      r.headers.emplace_back(cloudevents::header::content_type, cloudevents::structured_content_type);
    }
    for_each_w3c_header(attrs.traceparent, attrs.tracestate, [&r](auto name, auto text) { r.headers.emplace_back(name, text); });
    return r;
  }

  /// Waits until everything published so far is delivered (or failed), committing the open
  /// transaction with a transactional.id. False when something is still in flight at the timeout
  /// or the commit failed.
  bool flush(std::chrono::milliseconds timeout = std::chrono::milliseconds(30000)) {
    flushing_.fetch_add(1, std::memory_order_relaxed);
    struct done {
      std::atomic<int>& n;
      ~done() { n.fetch_sub(1, std::memory_order_relaxed); }
    } leave{flushing_};
    if (transactional_) return commit(timeout);
    return handle_->flush(static_cast<int>(timeout.count())) == RdKafka::ERR_NO_ERROR;
  }

  /// Flushes, then fails (never drops) what is still queued: its results carry the purge error.
  void close() {
    if (closed_.exchange(true)) return;
    flush(options_.close_timeout);
    reporter_.stop(*handle_);
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
  friend class transaction;  // kafka/transaction.hpp: exactly_once_consumer ends the transaction itself
  struct report_cb : RdKafka::DeliveryReportCb {
    producer* self = nullptr;
    void dr_cb(RdKafka::Message& m) override { self->on_delivery(m); }
  };

  void on_delivery(RdKafka::Message& m) {
    auto* p = static_cast<detail::pending*>(m.msg_opaque());
    const bool ok = m.err() == RdKafka::ERR_NO_ERROR;
    (ok ? delivered_ : failed_)++;
    --in_flight_;
    auto result = [&] {
      return delivery{std::move(p->event_id), m.topic_name(), m.partition(), m.offset(), m.err(),
                      ok ? std::string() : m.errstr(), {}};
    };
    if (p->in_tx) {
      std::lock_guard lock(results_mu_);
      if (p->orphan) {
        delete p;
        return;
      }
      p->result = result();
      p->reported = true;
      return;
    }
    p->finish(result());
    delete p;
  }

  void fail_now(detail::pending* p, RdKafka::ErrorCode code, const std::string& why, std::string_view topic) {
    ++failed_;
    p->finish(delivery{std::move(p->event_id), std::string(topic), -1, -1, code, why, {}});
    delete p;
  }

  // Binary mode straight from the event: the JSON into a reused per-thread buffer (librdkafka
  // copies it), the ce_* headers written into librdkafka's header list from stack buffers. The
  // bytes are those of to_record(ev, o); tests/kafka/producer_test.cpp checks it.
  template <event_type E>
  void publish_event(const E& ev, const publish_options& o, detail::pending* p) {
    if (options_.validate) {
      if (error_list errors = events::validate(ev); !errors.empty()) return refuse(ev, o, p, std::move(errors));
    }
    std::optional<publish_options> traced;  // with a tracer: `o` with the send span's context
    const publish_options& to = detail::start_send(options_.tracing, ev, o, *p, traced);
    if (to.mode.value_or(options_.mode) != content_mode::binary) {
      if (options_.values) return refuse(ev, o, p, detail::binary_only(), "events: not sent: ");
      record r = to_record(ev, to);
      p->event_id = std::move(r.event_id);
      detail::c_headers h(r.headers.size());
      for (const auto& [name, value] : r.headers) h.add(name, value);
      detail::topic_name topic(r.topic);
      submit(topic.c_str(), r.topic.empty(), r.partition, r.key, r.value, h, p);
      return serve_reports();
    }
    p->event_id = event_traits<E>::id(ev);
    std::string_view topic = to.topic.empty() ? event_traits<E>::topic : std::string_view(to.topic);
    std::string own_key;
    if (!to.key) own_key = event_traits<E>::key(ev);
    std::string_view key = to.key ? std::string_view(*to.key) : std::string_view(own_key);
    detail::c_headers h(13);
    auto add = [&h](std::string_view name, std::string_view text) { h.add(name, text); };
    const trace_context& trace = to.trace ? *to.trace : current_trace();  // ce_ and W3C headers alike
    cloudevents::for_each_binary_header(ev, options_.source, add, {}, &trace);
    for_each_w3c_header(trace.traceparent, trace.tracestate, add);
    // Taken out of the thread's slot while in use: a callback run inside submit may publish.
    thread_local std::string spare;
    std::string value = std::move(spare);
    value.clear();
    const value_frame* frame = options_.values ? detail::frame_for<E>(*options_.values, topic) : nullptr;  // value_format.hpp
    if (options_.values && !frame) return refuse(ev, o, p, detail::take_frame_errors(), "events: not sent: ");
    detail::write_with_frame(value, h, frame, ev);
    detail::topic_name name(topic);
    submit(name.c_str(), topic.empty(), RdKafka::Topic::PARTITION_UA, key, value, h, p);
    if (value.capacity() <= 64 * 1024) spare = std::move(value);
    serve_reports();
  }

  // An invalid event (or one its value_format refused): not sent; its result carries every error.
  template <class E>
  void refuse(const E& ev, const publish_options& o, detail::pending* p, error_list errors, std::string_view why = "events: invalid event, not sent: ") {
    ++failed_;
    std::string error = std::string(why) + to_string(errors);
    p->finish({event_traits<E>::id(ev), o.topic.empty() ? std::string(event_traits<E>::topic) : o.topic, -1, -1,
               RdKafka::ERR__INVALID_ARG, std::move(error), std::move(errors)});
    delete p;
  }

  // Delivery reports ready now, served on this thread (never waits).
  void serve_reports() {
    publishes_.fetch_add(1, std::memory_order_relaxed);
    handle_->poll(0);
  }

  void submit(const char* topic, bool no_topic, std::int32_t partition, std::string_view key, std::string_view value,
              detail::c_headers& h, detail::pending* p) {
    if (no_topic)
      return fail_now(p, RdKafka::ERR__UNKNOWN_TOPIC, "events: no topic for this event; give publish_options.topic",
                      {});
    if (closed_) return fail_now(p, RdKafka::ERR__STATE, "producer is closed", topic);
    std::unique_lock<std::mutex> tx_lock;
    if (transactional_) {
      tx_lock = std::unique_lock(tx_mu_);
      if (!tx_open_) {
        if (std::unique_ptr<RdKafka::Error> e{handle_->begin_transaction()})
          return fail_now(p, e->code(), "begin_transaction: " + e->str(), topic);
        tx_open_ = true;
      }
      p->in_tx = true;
    }
    ++in_flight_;
    for (;;) {
      auto err = kafka::detail::produce(handle_->c_ptr(), topic, partition, key, value, h.h, p);
      if (err == RdKafka::ERR_NO_ERROR) {
        h.h = nullptr;  // the message owns them now
        break;
      }
      if (err == RdKafka::ERR__QUEUE_FULL) {  // back-pressure: wait for deliveries
        handle_->poll(10);
        continue;
      }
      --in_flight_;
      return fail_now(p, err, RdKafka::err2str(err), topic);
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
    return settle_transaction(false, code, why);  // false: not committed
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
      delivery d = p->reported ? p->result : delivery{p->event_id, {}, -1, -1, RdKafka::ERR__TIMED_OUT, "no delivery report", {}};
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
  std::atomic<bool> closed_{false};
  std::atomic<std::uint64_t> delivered_{0}, failed_{0};
  std::atomic<std::int64_t> in_flight_{0};
  std::atomic<std::uint64_t> publishes_{0};
  std::atomic<int> flushing_{0};
  detail::report_poller reporter_;
};

template <class E>
std::future<delivery> batch_entry::typed<E>::publish(producer& out, const publish_options& o) const {
  return out.publish(ev, o);
}

template <std::ranges::input_range R>
  requires std::same_as<std::ranges::range_value_t<R>, batch_entry>
std::vector<delivery> producer::publish_batch(const R& batch, const publish_options& o) {
  std::vector<std::future<delivery>> futures;
  for (const batch_entry& entry : batch) futures.push_back(entry.publish(*this, o));
  flush();
  std::vector<delivery> out;
  out.reserve(futures.size());
  for (auto& f : futures) out.push_back(f.get());
  return out;
}

inline std::vector<delivery> producer::publish_batch(std::initializer_list<batch_entry> batch, const publish_options& o) {
  return publish_batch(std::span<const batch_entry>(batch.begin(), batch.size()), o);
}

}  // namespace events::kafka
