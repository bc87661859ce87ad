#pragma once
/// \file Typed consumer: a consumer group, handlers keyed by (event type, version), at-least-once
/// delivery with retries, a dead-letter topic and dedupe of event ids.
///
/// <!-- given: #include <events/catalog/task_events.hpp>
/// events::kafka::config cfg; void schedule_next(const events::TaskCompletedPayload& task); -->
/// \code
/// events::kafka::consumer in(cfg, {.topics = {"task-events"}, .group_id = "recurring"});
/// in.on<events::event<events::TaskCompletedPayload>>([&](const auto& ev) { schedule_next(ev.payload); });
/// in.run();  // until in.stop(), from a signal handler's thread or another thread
/// \endcode
///
/// An offset is stored for commit only after its handler returned, or after the message reached
/// `<topic>-dlq`. A handler that throws is retried with exponential backoff; after the last retry
/// (at once for permanent_error, and for messages that fail to decode or validate) the message
/// goes to the dead-letter topic with its original bytes, key and headers and the reason.
/// Messages of a type without a handler are skipped (or dead-lettered, by option).
///
/// Routing is events::route (inbound.hpp), shared with the Dapr subscriber: the handler of the
/// message's (type, version), or the oldest newer one that upcasts it; a newer version than every
/// handled one is dead-lettered (`version_unsupported`, consumer_options::newer_versions).
///
/// Nothing stops silently: messages deleted from the log before they were read (retention, or a
/// log truncated behind a slow reader, which librdkafka skips to auto.offset.reset with only a log
/// line) are counted in consumer_stats::lost_to_retention and told to on_error; a partition with
/// messages to read and none read for consumer_options::stall_timeout is told, counted in
/// consumer_stats::stalls and fetched again from its next offset.
///
/// Trace context: the message's `traceparent`/`tracestate` (else its `ce_` ones or structured
/// attributes: trace_of) are current on the handler's thread (events::current_trace), inside its
/// `process` span with consumer_options::tracing; events::reply sets correlation and causation ids.
#include <events/cloudevents.hpp>
#include <events/event_traits.hpp>
#include <events/inbound.hpp>
#include <events/json.hpp>
#include <events/kafka/config.hpp>
#include <events/kafka/consumer_options.hpp>
#include <events/kafka/dead_letter.hpp>
#include <events/kafka/dedupe.hpp>
#include <events/kafka/detail/blocked.hpp>
#include <events/kafka/detail/client_events.hpp>
#include <events/kafka/detail/consumer_handle.hpp>
#include <events/kafka/detail/polled_message.hpp>
#include <events/kafka/detail/prefetch.hpp>
#include <events/kafka/detail/progress.hpp>
#include <events/kafka/error.hpp>
#include <events/kafka/message.hpp>
#include <events/kafka/offsets.hpp>
#include <events/kafka/spans.hpp>
#include <events/trace.hpp>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace events::kafka {

/// A typed Kafka consumer in a consumer group. Use from one thread; stop() from any thread.
class consumer {
 public:
  consumer(const config& cfg, consumer_options options) : options_(std::move(options)), seen_(options_.dedupe_window) {
    rebalancer_.self = this;
    handle_ = detail::open_consumer<error>(
        cfg.for_client(client_kind::consumer),
        {.who = "consumer",
         .group_id = options_.group_id,
         .set = {{"enable.auto.offset.store", "false"}},  // we store an offset only once it is settled
         .defaults = {{"enable.auto.commit", "false"},     // we commit what is settled: see commit_settled
                      {"auto.offset.reset", "earliest"}},
         .rebalance = &rebalancer_,
         .events = &client_events_,  // librdkafka's client errors (broken connections, ...) reach on_error
         .topics = &options_.topics},
        group_);
    dlq_ = std::make_unique<dead_letter_writer>(cfg, options_.dead_letter);
  }

  consumer(const consumer&) = delete;
  consumer& operator=(const consumer&) = delete;
  ~consumer() { close(); }

  /// Handles events of type E (a payload, an envelope or a contract message; decoded and
  /// validated), and older versions of E's type that its version chain upcasts.
  /// `fn(const E&)` or `fn(const E&, const message&)`; throwing means failure (retried), throwing
  /// permanent_error means dead-letter now. Throws std::invalid_argument when (type, version)
  /// already has a handler.
  template <event_type E, class F>
  consumer& on(F fn) {
    static_assert(std::is_invocable_v<F&, const E&> || std::is_invocable_v<F&, const E&, const message&>,
                  "events: a handler takes (const E&) or (const E&, const events::kafka::message&)");
    handlers_.template add<E>(std::move(fn), std::string(), [](F& f, const E& ev, const message& m) {
      if constexpr (std::is_invocable_v<F&, const E&, const message&>)
        f(ev, m);
      else
        f(ev);
    });
    return *this;
  }

  /// Called after each message written to a dead-letter topic.
  consumer& on_dead_letter(std::function<void(const dead_letter&)> fn) {
    dead_letter_hook_ = std::move(fn);
    return *this;
  }
  /// Called with librdkafka's client errors (it keeps trying; this is for logs), failed
  /// dead-letter writes (see dead_letter_policy), messages lost to retention and stalls; on the
  /// polling thread.
  consumer& on_error(std::function<void(const std::string&)> fn) {
    error_hook_ = std::move(fn);
    return *this;
  }

  /// Takes at most one message and settles it; true when one was taken.
  bool poll(std::chrono::milliseconds timeout) {
    if (closed_) return false;
    const auto asked = std::chrono::steady_clock::now();
    detail::polled_message m(fetched_.next(*handle_, static_cast<int>(timeout.count())));
    const auto now = std::chrono::steady_clock::now();
    waited_ += now - asked;  // the clock stalls are measured by: time spent waiting for messages
    if (now >= next_watch_) watch(now);
    switch (m.err()) {
      case RdKafka::ERR_NO_ERROR: break;
      case RdKafka::ERR__TIMED_OUT:
      case RdKafka::ERR__PARTITION_EOF:
        // A stream gone quiet has its last settled messages committed too, not only at the next
        // message or at close: a group's committed lag then reaches 0 once it is caught up.
        if (offsets_.since_commit(now) >= options_.commit_interval) commit_settled(*handle_);
        return false;
      default: report_error(m.errstr()); return false;
    }
    if (blocked_.holds(m)) return false;  // fetched before the pause
    std::int64_t first_lost = 0;
    if (std::int64_t lost = progress_.seen(*handle_, m, waited_, &first_lost)) report_lost(m, first_lost, lost);
    ++count(&consumer_stats::consumed);
    settle(m);
    // the time before the handler ran: a commit due during a slow handler waits for the next poll
    if (offsets_.since_commit(now) >= options_.commit_interval) commit_settled(*handle_);
    return true;
  }
  /// Polls until stop().
  void run() {
    while (!stopping_) poll(options_.poll_timeout);
  }
  /// Polls until `done()` is true or stop().
  template <std::predicate F>
  void run_until(F done) {
    while (!stopping_ && !done()) poll(options_.poll_timeout);
  }
  /// Makes run() return and interrupts a backoff; thread-safe.
  void stop() {
    {
      std::lock_guard lock(stop_mu_);
      stopping_.store(true);
    }
    stop_cv_.notify_all();
  }

  /// Partitions paused because a dead-letter write failed (see dead_letter_policy).
  std::vector<blocked_partition> blocked() const { return blocked_.list(); }
  /// Resumes every blocked partition from the message whose dead-letter write failed (it is
  /// handled again); call it once the dead-letter topic is writable. Use from the polling thread.
  void resume_blocked() { blocked_.resume_all(*handle_); }

  /// Commits what is settled and leaves the group; idempotent (the destructor calls it).
  void close() {
    if (closed_.exchange(true)) return;
    stop();
    commit_settled(*handle_);
    handle_->close();       // revokes (our callback commits again), leaves the group
    fetched_.release();
    dlq_->close();
  }

  /// Counts so far.
  consumer_stats stats() const {
    consumer_stats out;
    for (auto field : stat_fields) {
      out.*field = std::atomic_ref(stats_.*field).load(std::memory_order_relaxed);
    }
    return out;
  }
  const std::string& group_id() const noexcept { return group_; }
  /// librdkafka's consumer.
  RdKafka::KafkaConsumer& native() noexcept { return *handle_; }
  /// librdkafka's last statistics JSON (empty unless statistics.interval.ms is set).
  std::string statistics() const { return client_events_.statistics(); }

 private:
  struct rebalance_handler : RdKafka::RebalanceCb {
    consumer* self = nullptr;
    void rebalance_cb(RdKafka::KafkaConsumer* c, RdKafka::ErrorCode err,
                      std::vector<RdKafka::TopicPartition*>& parts) override {
      bool cooperative = c->rebalance_protocol() == "COOPERATIVE";
      if (err == RdKafka::ERR__ASSIGN_PARTITIONS) {
        if (cooperative) std::unique_ptr<RdKafka::Error>{c->incremental_assign(parts)};
        else c->assign(parts);
        // librdkafka keeps a partition's pause flag across unassign and assign: one paused while
        // it was ours before (see commit_settled) would otherwise never be fetched again.
        c->resume(parts);
        self->offsets_.resume_all(*c);
        self->progress_.assigned(*c, parts, self->waited_);
        return;
      }
      // Revoked: what is settled is committed before another member takes the partitions.
      bool committed = !c->assignment_lost() && self->commit_settled(*c);
      self->forget(parts, committed);
      if (cooperative) std::unique_ptr<RdKafka::Error>{c->incremental_unassign(parts)};
      else c->unassign();
    }
  };

  bool commit_settled(RdKafka::KafkaConsumer& c) {
    return offsets_.commit(c, [this](const std::string& why) { report_error(why); });
  }

  void forget(const std::vector<RdKafka::TopicPartition*>& parts, bool committed) {
    blocked_.forget(parts);
    fetched_.drop(parts);  // the next owner reads them from the committed offsets
    progress_.revoked(parts);
    std::uint64_t n = offsets_.forget(parts, committed);
    std::atomic_ref(stats_.uncommitted_on_revoke).fetch_add(n, std::memory_order_relaxed);
  }

  // Messages deleted from the log before they were read: nothing can bring them back, so they
  // are counted and told, never silent.
  void report_lost(const RdKafka::Message& m, std::int64_t first, std::int64_t n) {
    std::atomic_ref(stats_.lost_to_retention).fetch_add(static_cast<std::uint64_t>(n), std::memory_order_relaxed);
    tell(detail::progress_book::describe_loss(m, first, n));
  }

  // The stall watch, at most once a second: partitions with messages to read and none read for
  // stall_timeout restart fetching where they are; a pause that commit() made for a rebalance
  // that never came is lifted.
  void watch(std::chrono::steady_clock::time_point now) {
    next_watch_ = now + std::chrono::seconds(1);
    const auto timeout = options_.stall_timeout;
    if (timeout.count() <= 0) return;
    if (auto since = offsets_.paused_since()) {
      if (now - *since < timeout) return;
      ++count(&consumer_stats::stalls);
      tell("stalled: paused " + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now - *since).count()) +
           " s after a refused commit and no rebalance came; resuming (what was handled since is redelivered)");
      offsets_.resume_all(*handle_);
      return;
    }
    auto stalls = progress_.stalled(*handle_, waited_, timeout, 1000, [this](const std::string& topic, std::int32_t p) {
      return blocked_.holds(topic, p);
    });
    for (const auto& s : stalls) {
      ++count(&consumer_stats::stalls);
      tell(s.describe());
      detail::progress_book::restart(*handle_, s, 1000);
    }
  }

  void report_error(const std::string& why) {
    ++count(&consumer_stats::errors);
    tell(why);
  }
  void tell(const std::string& why) {
    if (error_hook_) error_hook_(why);
  }

  // stats_ is written on the polling thread only, read by stats() from any thread: each count
  // is a relaxed atomic (no lock per message).
  struct counter_ref {
    consumer* self;
    std::uint64_t consumer_stats::*field;
    void operator++() { std::atomic_ref(self->stats_.*field).fetch_add(1, std::memory_order_relaxed); }
  };
  counter_ref count(std::uint64_t consumer_stats::*field) { return {this, field}; }

  void store(const RdKafka::Message& m) { offsets_.store(m); }
  void settle_as(std::uint64_t consumer_stats::*field, const RdKafka::Message& m) { ++count(field); store(m); }

  void settle(const RdKafka::Message& raw) {
    message m(raw);
    read_value in = detail::read_with(options_.values.get(), m);  // value_format.hpp: framed or plain
    if (!in.ok()) return dead_letter_now(m, {}, std::move(in.code), std::move(in.reason), 0, {});
    auto r = events::route(handlers_, in.json, [&m](std::string_view name) { return m.header(name); }, m.topic(),
                           {.decode = options_.decode}, detail::admit_with{options_.values.get(), &in});
    if (!r) {
      const bool skip = (r.code == error_codes::no_handler && options_.unknown_types == unknown_type_policy::skip) ||
                        (r.code == error_codes::version_unsupported && options_.newer_versions == version_policy::skip);
      if (skip) return settle_as(&consumer_stats::skipped, raw);
      return dead_letter_now(m, std::move(r.type), std::move(r.code), std::move(r.reason), 0, {});
    }
    const std::string& type = r.type;
    auto& h = *r.handler;
    const std::string_view id = options_.dedupe_window > 0 ? h.id_key(seen_.key_buffer()) : std::string_view();
    const std::size_t id_hash = id.empty() ? 0 : dedupe_window::hash_of(id);
    if (!id.empty() && seen_.contains(id, id_hash)) return settle_as(&consumer_stats::duplicates, raw);
    trace_scope in_trace = r.document ? trace_scope(trace_of(m, r.document->attrs)) : trace_scope(trace_of(m));
    detail::process_span span(options_.tracing, m, group_, h);  // with a tracer: its context is current
    std::string failure;
    for (int attempt = 1;; ++attempt) {
      try {
        h.call(m);
        seen_.insert(id, id_hash);
        ++count(&consumer_stats::handled);
        return store(raw);
      } catch (const permanent_error& e) {
        return dead_letter_now(m, type, span.fail(e.code(), e.what()), e.what(), attempt, id);
      } catch (const std::exception& e) {
        failure = e.what();
      } catch (...) {
        failure = "unknown exception";
      }
      if (attempt > options_.retry.max_retries) break;
      ++count(&consumer_stats::retries);
      if (!wait(options_.retry.backoff(attempt))) {  // stopping: leave it for redelivery
        ++count(&consumer_stats::abandoned);
        return;
      }
    }
    dead_letter_now(m, type, span.fail(error_codes::handler_failed, failure), failure, options_.retry.max_retries + 1, id);
  }

  // Writes the message to its dead-letter topic (dead_letter_writer), then stores its offset.
  void dead_letter_now(const message& m, std::string type, std::string code, std::string why, int attempts,
                       std::string_view id) {
    dead_letter d{std::string(m.topic()) + options_.dlq_suffix, std::string(m.topic()), m.partition(), m.offset(),
                  std::move(type), std::move(code), std::move(why), attempts};
    auto w = dlq_->write(
        m, d, group_, [this](int attempt) { return wait(options_.retry.backoff(attempt)); },
        [&](int attempt, const std::string& e) {
          report_error("dead-letter write " + std::to_string(attempt) + " to " + d.topic + " failed: " + e);
        });
    if (w.stopped) return ++count(&consumer_stats::abandoned);
    if (!w.written) return block(m, d, w);
    seen_.insert(id);
    ++count(&consumer_stats::dead_lettered);
    store(m.native());
    if (dead_letter_hook_) dead_letter_hook_(d);
  }

  // Gives up on a dead-letter write: the offset stays uncommitted and the partition pauses (what
  // was fetched after it is dropped and fetched again on resume_blocked or by the next owner).
  void block(const message& m, const dead_letter& d, const dead_letter_write& w) {
    ++count(&consumer_stats::dead_letter_failures);
    blocked_.block(*handle_, {d.original_topic, d.partition, d.offset, w.error});
    fetched_.drop(d.original_topic, d.partition);  // read again from d.offset on resume
    if (error_hook_)
      error_hook_("dead-letter write to " + d.topic + " failed " + std::to_string(w.attempts) + " times; " +
                  std::string(m.topic()) + "[" + std::to_string(d.partition) + "] paused at offset " +
                  std::to_string(d.offset) + ", not committed: " + w.error);
  }

  // Sleeps, unless stop() comes first; false when stopping.
  bool wait(std::chrono::milliseconds d) {
    std::unique_lock lock(stop_mu_);
    return !stop_cv_.wait_for(lock, d, [&] { return stopping_.load(); });
  }

  consumer_options options_;
  std::string group_;
  dedupe_window seen_;
  rebalance_handler rebalancer_;
  detail::client_events client_events_{[this](const std::string& why) { report_error(why); }};
  std::unique_ptr<RdKafka::KafkaConsumer> handle_;
  detail::prefetch fetched_;  // after handle_: given back before it is destroyed
  std::unique_ptr<dead_letter_writer> dlq_;
  handler_table<void, const message> handlers_;
  std::function<void(const dead_letter&)> dead_letter_hook_;
  std::function<void(const std::string&)> error_hook_;
  static constexpr std::array stat_fields{
      &consumer_stats::consumed,   &consumer_stats::handled, &consumer_stats::dead_lettered,
      &consumer_stats::skipped,    &consumer_stats::duplicates, &consumer_stats::retries,
      &consumer_stats::abandoned,  &consumer_stats::errors,  &consumer_stats::dead_letter_failures,
      &consumer_stats::uncommitted_on_revoke, &consumer_stats::stalls, &consumer_stats::lost_to_retention};
  static_assert(sizeof(consumer_stats) == stat_fields.size() * sizeof(std::uint64_t),
                "events: consumer::stat_fields lists every consumer_stats field");
  alignas(std::atomic_ref<std::uint64_t>::required_alignment) mutable consumer_stats stats_;
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> closed_{false};
  offset_book offsets_;
  detail::blocked_book blocked_;  // paused by a failed dead-letter write
  detail::progress_book progress_;  // retention gaps and stalls
  std::chrono::steady_clock::time_point next_watch_ = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  std::chrono::steady_clock::duration waited_{};  // inside consume(), since construction
};

}  // namespace events::kafka
