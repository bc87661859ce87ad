#pragma once
/// \file Exactly-once consume-transform-produce: a consumer whose handlers publish through a
/// transaction that also carries the consumed offsets, as Kafka's transactions (KIP-98, KIP-447)
/// and librdkafka's transactional producer define it.
///
/// \code
/// events::services::recurring_service svc;
/// auto cfg = events::kafka::config::from_env();  // with EVENTS_KAFKA_PRODUCER_TRANSACTIONAL_ID=recurring-1
/// events::kafka::exactly_once_consumer in(cfg, {.topics = {"task-events"}, .group_id = "recurring"});
/// in.on<events::event<events::TaskCompletedPayload>>([&](const auto& ev, events::kafka::transaction& tx) {
///   if (auto next = svc.on_completed(ev)) {
///     tx.publish(next->triggered);
///     tx.publish(next->created);
///     tx.publish(next->spawned);
///   }
/// });
/// in.run();  // until in.stop(), or a fatal error: in.fatal_error() says which
/// \endcode
///
/// Each transaction: begin; take up to max_batch messages, each handler publishing through the
/// transaction; send_offsets_to_transaction with the consumer's group metadata and, per
/// partition, the last message taken + 1 (computed here, never by hand); commit. Readers with
/// `isolation.level=read_committed` (this consumer is one) then see the outputs of a message once
/// its offset is committed, and never those of an aborted transaction. The consumer itself never
/// commits offsets.
///
/// Errors, as librdkafka documents them: a retriable error repeats the call (within
/// transaction_timeout); an abortable one (txn_requires_abort: a produce failed, a coordinator
/// lost the transaction) and a handler that throws abort the transaction and seek every partition
/// back to the first message it took, where the last committed transaction left it; any other
/// error is fatal (a newer instance with the same transactional.id fenced this one, ERR__FATAL):
/// the consumer stops, fatal_error() tells it, nothing more is committed, and the instance is to
/// be destroyed. A revoked partition's work is committed before it goes (aborted if it is lost).
/// (Why a class of its own rather than a kafka::consumer mode: README.md, "Exactly once".)
#include <events/event_traits.hpp>
#include <events/inbound.hpp>
#include <events/kafka/config.hpp>
#include <events/kafka/dead_letter.hpp>
#include <events/kafka/detail/client_events.hpp>
#include <events/kafka/detail/consumer_handle.hpp>
#include <events/kafka/detail/polled_message.hpp>
#include <events/kafka/detail/txn_positions.hpp>
#include <events/kafka/error.hpp>
#include <events/kafka/exactly_once_options.hpp>
#include <events/kafka/message.hpp>
#include <events/kafka/producer.hpp>
#include <events/kafka/transaction.hpp>
#include <events/trace.hpp>

#include <librdkafka/rdkafkacpp.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace events::kafka {

/// A consumer in a consumer group whose handlers' publishes and consumed offsets commit in one
/// Kafka transaction. Use from one thread; stop() from any thread.
class exactly_once_consumer {
 public:
  exactly_once_consumer(const config& cfg, exactly_once_options options)
      : options_(std::move(options)), out_(transactional_config(cfg, options_.transactional_id), options_.producer), tx_(out_) {
    rebalancer_.self = this;
    in_ = detail::open_consumer<error>(cfg.for_client(client_kind::consumer),
                                       {.who = "exactly_once_consumer",
                                        .group_id = options_.group_id,
                                        .set = {{"enable.auto.commit", "false"},  // offsets are committed by the transactions only
                                                {"enable.auto.offset.store", "false"},
                                                {"isolation.level", "read_committed"}},  // never an aborted input
                                        .defaults = {{"auto.offset.reset", "earliest"}},
                                        .rebalance = &rebalancer_,
                                        .events = &client_events_,
                                        .topics = &options_.topics},
                                       group_);
  }

  exactly_once_consumer(const exactly_once_consumer&) = delete;
  exactly_once_consumer& operator=(const exactly_once_consumer&) = delete;
  ~exactly_once_consumer() { close(); }

  /// Handles events of type E (and older versions its chain upcasts): `fn(const E&, transaction&)`
  /// or `fn(const E&, const message&, transaction&)`. Throwing aborts the transaction (see
  /// exactly_once_options::retry); throwing permanent_error dead-letters the message at once.
  template <event_type E, class F>
  exactly_once_consumer& on(F fn) {
    static_assert(std::is_invocable_v<F&, const E&, transaction&> ||
                      std::is_invocable_v<F&, const E&, const message&, transaction&>,
                  "events: an exactly-once handler takes (const E&, transaction&) or (const E&, const message&, transaction&)");
    handlers_.template add<E>(std::move(fn), std::string(), [](F& f, const E& ev, call& c) {
      if constexpr (std::is_invocable_v<F&, const E&, const message&, transaction&>)
        f(ev, c.m, c.tx);
      else
        f(ev, c.tx);
    });
    return *this;
  }

  /// Called after each committed transaction, with its offsets.
  exactly_once_consumer& on_commit(std::function<void(const committed_transaction&)> fn) {
    commit_hook_ = std::move(fn);
    return *this;
  }
  /// Called with librdkafka's client errors, each abort's reason and the fatal error.
  exactly_once_consumer& on_error(std::function<void(const std::string&)> fn) {
    error_hook_ = std::move(fn);
    return *this;
  }

  /// Takes at most one message (committing the transaction when it is due); true when one was taken.
  bool poll(std::chrono::milliseconds timeout) {
    if (closed_ || fatal_) return false;
    if (due()) commit();
    detail::polled_message m(*in_, static_cast<int>(timeout.count()));
    switch (m.err()) {
      case RdKafka::ERR_NO_ERROR: break;
      case RdKafka::ERR__TIMED_OUT:
      case RdKafka::ERR__PARTITION_EOF:
        if (positions_.messages() > 0) commit();  // nothing waiting: what was done commits now
        return false;
      case RdKafka::ERR__FATAL:
        return fail(RdKafka::ERR__FATAL, "consumer: " + m.errstr());
      default: report(m.errstr()); return false;
    }
    if (fatal_) return false;  // a fatal error in a rebalance inside consume()
    take(m);
    if (due()) commit();
    return true;
  }
  /// Polls until stop() or a fatal error.
  void run() {
    while (!stopping_ && !fatal_) poll(options_.poll_timeout);
  }
  /// Polls until `done()`, stop() or a fatal error.
  template <std::predicate F>
  void run_until(F done) {
    while (!stopping_ && !fatal_ && !done()) poll(options_.poll_timeout);
  }
  /// Makes run() return and interrupts a backoff; thread-safe.
  void stop() {
    {
      std::lock_guard lock(stop_mu_);
      stopping_ = true;
    }
    stop_cv_.notify_all();
  }

  /// Commits the open transaction (unless a fatal error came), leaves the group, closes the
  /// producer; idempotent (the destructor calls it).
  void close() {
    if (closed_.exchange(true)) return;
    stop();
    if (!fatal_) commit();
    in_->close();
    out_.close();
  }

  /// The fatal error that stopped this consumer, if one did.
  const std::optional<std::string>& fatal_error() const noexcept { return fatal_; }
  /// Counts so far; use from the polling thread.
  const exactly_once_stats& stats() const noexcept { return stats_; }
  const std::string& group_id() const noexcept { return group_; }
  RdKafka::KafkaConsumer& native_consumer() noexcept { return *in_; }
  /// The transactional producer (its delivery counts; never publish through it from a handler).
  producer& output() noexcept { return out_; }

 private:
  using dead_letter_info = kafka::dead_letter;  // dead_letter() below hides the name
  struct call {
    const message& m;
    transaction& tx;
  };
  struct rebalance_handler : RdKafka::RebalanceCb {
    exactly_once_consumer* self = nullptr;
    void rebalance_cb(RdKafka::KafkaConsumer* c, RdKafka::ErrorCode err, std::vector<RdKafka::TopicPartition*>& parts) override {
      const bool cooperative = c->rebalance_protocol() == "COOPERATIVE";
      if (err == RdKafka::ERR__ASSIGN_PARTITIONS) {
        if (cooperative) std::ignore = std::unique_ptr<RdKafka::Error>{c->incremental_assign(parts)};
        else c->assign(parts);
        return;
      }
      // Revoked: what was taken commits before another member takes the partitions; when they
      // are lost already, the group would refuse the offsets, so the transaction aborts.
      if (self->in_txn_ && !self->fatal_) {
        if (c->assignment_lost()) self->abort("partitions lost", false);
        else self->commit(false);
      }
      self->positions_.clear();
      if (cooperative) std::ignore = std::unique_ptr<RdKafka::Error>{c->incremental_unassign(parts)};
      else c->unassign();
    }
  };

  bool due() const {
    if (!in_txn_ || positions_.messages() == 0) return false;
    return positions_.messages() >= options_.max_batch || std::chrono::steady_clock::now() - began_ >= options_.max_batch_time;
  }

  bool begin() {
    if (in_txn_) return true;
    if (auto e = transaction::begin(out_)) return fail(e->code(), "begin_transaction: " + e->str());
    in_txn_ = true;
    began_ = std::chrono::steady_clock::now();
    return true;
  }

  // Calls `fn(timeout)`, again while it fails with a retriable error (a timeout: librdkafka
  // resumes the same operation), at most options_.call_attempts times.
  template <class F>
  std::unique_ptr<RdKafka::Error> retrying(F fn) {
    for (int attempt = 1;; ++attempt) {
      std::unique_ptr<RdKafka::Error> e{fn(static_cast<int>(options_.transaction_timeout.count()))};
      if (!e || !e->is_retriable() || attempt >= options_.call_attempts) return e;
      ++stats_.retried_calls;
      report("retrying: " + e->str());
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

  // Sends the offsets and commits; an abortable error aborts (rewinding, unless `rewind` is false),
  // any other is fatal.
  bool commit(bool rewind = true) {
    if (!in_txn_ || fatal_) return false;
    committed_transaction done;
    done.messages = positions_.messages();
    std::vector<RdKafka::TopicPartition*> offsets = positions_.to_commit();
    for (const auto* tp : offsets) done.offsets.push_back({tp->topic(), tp->partition(), tp->offset()});
    std::unique_ptr<RdKafka::Error> e;
    const char* step = "send_offsets_to_transaction";
    if (!offsets.empty()) {
      std::unique_ptr<RdKafka::ConsumerGroupMetadata> group{in_->groupMetadata()};
      e = retrying([&](int ms) { return out_.native().send_offsets_to_transaction(offsets, group.get(), ms); });
    }
    RdKafka::TopicPartition::destroy(offsets);
    if (!e) {
      step = "commit_transaction";
      e = retrying([&](int ms) { return out_.native().commit_transaction(ms); });
    }
    if (e) {
      std::string why = std::string(step) + ": " + e->str();
      if (e->txn_requires_abort() || e->is_retriable()) return abort(why, rewind, e->code());
      return fail(e->code(), why);
    }
    in_txn_ = false;
    transaction::ended(out_, true, RdKafka::ERR_NO_ERROR, {});
    positions_.clear();
    for (const auto& p : done.offsets)  // failures behind a committed offset are over
      std::erase_if(failures_, [&p](const auto& f) {
        return std::get<1>(f.first) == p.partition && std::get<2>(f.first) < p.offset && std::get<0>(f.first) == p.topic;
      });
    ++stats_.committed;
    if (commit_hook_) commit_hook_(done);
    return true;
  }

  // Aborts the open transaction: its outputs are never visible to read_committed readers; its
  // input is read again from where the last committed transaction left it.
  bool abort(const std::string& why, bool rewind, RdKafka::ErrorCode code = RdKafka::ERR__FAIL) {
    if (!in_txn_) return false;
    auto e = retrying([&](int ms) { return out_.native().abort_transaction(ms); });
    in_txn_ = false;
    transaction::ended(out_, false, code, "transaction aborted: " + why);
    if (e) return fail(e->code(), "abort_transaction after " + why + ": " + e->str());
    ++stats_.aborted;
    stats_.rewound += positions_.messages();
    report("transaction aborted: " + why);
    if (!rewind) {
      positions_.clear();
      return false;
    }
    for (const auto& f : positions_.rewind(*in_, static_cast<int>(options_.transaction_timeout.count())))
      return fail(RdKafka::ERR__STATE, "rewind after an abort failed: " + f);
    return false;
  }

  // A fatal error: told, the open transaction's results failed, the consumer stopped. False.
  bool fail(RdKafka::ErrorCode code, const std::string& why) {
    if (fatal_) return false;
    fatal_ = "fatal (" + RdKafka::err2str(code) + "): " + why + "; the consumer stopped";
    if (in_txn_) {
      in_txn_ = false;
      transaction::ended(out_, false, code, *fatal_);
    }
    positions_.clear();
    report(*fatal_);
    stop();
    return false;
  }

  // One message: handled, dead-lettered or skipped inside the open transaction.
  void take(const RdKafka::Message& raw) {
    if (!begin()) return;
    ++stats_.consumed;
    message m(raw);
    const auto key = std::tuple(std::string(m.topic()), m.partition(), m.offset());
    auto r = events::route(handlers_, m.value(), [&m](std::string_view name) { return m.header(name); }, m.topic(),
                           {.decode = options_.decode});
    if (!r) {
      if (r.code == error_codes::no_handler && options_.unknown_types == unknown_type_policy::skip) {
        ++stats_.skipped;
        return positions_.took(std::get<0>(key), m.partition(), m.offset());
      }
      return dead_letter(m, std::move(r.type), std::move(r.code), std::move(r.reason), 0);
    }
    if (auto f = failures_.find(key); f != failures_.end()) {
      auto [attempts, code, why] = f->second;
      // Kept until a commit passes it: should this transaction abort, the count goes on.
      if (attempts > options_.retry.max_retries || code != error_codes::handler_failed)
        return dead_letter(m, std::move(r.type), std::move(code), std::move(why), attempts);
    }
    const auto* doc = r.document ? &r.document->attrs : nullptr;
    trace_scope in_trace = doc ? trace_scope(trace_context{doc->traceparent, doc->tracestate}) : trace_scope(trace_of(m));
    std::string code(error_codes::handler_failed), why;
    try {
      call c{m, tx_};
      r.handler->call(c);
      ++stats_.handled;
      return positions_.took(std::get<0>(key), m.partition(), m.offset());
    } catch (const permanent_error& e) {
      code = e.code();
      why = e.what();
    } catch (const std::exception& e) {
      why = e.what();
    } catch (...) {
      why = "unknown exception";
    }
    // What the handler published so far is in the transaction: only an abort takes it back.
    ++stats_.handler_failures;
    auto& f = failures_[key];
    const int attempt = std::get<0>(f) + 1;
    f = {attempt, code, why};
    positions_.took(std::get<0>(key), m.partition(), m.offset());  // rewound with the rest
    abort("handler failed on " + std::get<0>(key) + "[" + std::to_string(m.partition()) + "]@" +
              std::to_string(m.offset()) + ": " + why,
          true);
    if (code == error_codes::handler_failed && attempt <= options_.retry.max_retries) wait(options_.retry.backoff(attempt));
  }

  void dead_letter(const message& m, std::string type, std::string code, std::string why, int attempts) {
    dead_letter_info d{std::string(m.topic()) + options_.dlq_suffix, std::string(m.topic()), m.partition(), m.offset(),
                       std::move(type), std::move(code), std::move(why), attempts};
    tx_.send(dead_letter_record(m, d, group_));
    ++stats_.dead_lettered;
    positions_.took(std::string(m.topic()), m.partition(), m.offset());
  }
  bool wait(std::chrono::milliseconds d) {
    std::unique_lock lock(stop_mu_);
    return !stop_cv_.wait_for(lock, d, [&] { return stopping_.load(); });
  }
  void report(const std::string& why) {
    if (error_hook_) error_hook_(why);
  }

  exactly_once_options options_;
  std::string group_;
  producer out_;
  transaction tx_;
  rebalance_handler rebalancer_;
  detail::client_events client_events_{[this](const std::string& why) {
    ++stats_.errors;
    report(why);
  }};
  std::unique_ptr<RdKafka::KafkaConsumer> in_;
  handler_table<void, call> handlers_;
  std::function<void(const committed_transaction&)> commit_hook_;
  std::function<void(const std::string&)> error_hook_;
  detail::txn_positions positions_;
  // Handler failures by (topic, partition, offset): attempts, code, reason.
  std::map<std::tuple<std::string, std::int32_t, std::int64_t>, std::tuple<int, std::string, std::string>> failures_;
  bool in_txn_ = false;
  std::chrono::steady_clock::time_point began_{};
  std::optional<std::string> fatal_;
  exactly_once_stats stats_;
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> closed_{false};
};

}  // namespace events::kafka
