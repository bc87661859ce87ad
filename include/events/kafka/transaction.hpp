#pragma once
/// \file What an exactly-once handler publishes through (kafka::transaction), which also gives
/// exactly_once_consumer its hold on the producer's transaction.
#include <events/event_traits.hpp>
#include <events/kafka/delivery.hpp>
#include <events/kafka/error.hpp>
#include <events/kafka/message.hpp>
#include <events/kafka/producer.hpp>

#include <librdkafka/rdkafkacpp.h>

#include <concepts>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

namespace events::kafka {

/// What a handler publishes through: each publish joins the open transaction; its delivery
/// result arrives when the transaction ends (failed with the reason if it aborts).
class transaction {
 public:
  explicit transaction(producer& out) : out_(&out) {}
  /// Throws kafka::error when the event is refused at once (invalid, no topic): the handler then
  /// fails, and the transaction aborts, rather than committing without that output.
  template <event_type E>
  void publish(const E& ev, const publish_options& o = {}) {
    publish(ev, [](const delivery&) {}, o);
  }
  /// The same; `on_done(delivery)` is called when the transaction ends (or at once on refusal).
  template <event_type E, std::invocable<const delivery&> F>
  void publish(const E& ev, F&& on_done, const publish_options& o = {}) {
    auto refused = std::make_shared<std::optional<delivery>>();
    auto live = std::make_shared<bool>(true);
    out_->publish(
        ev,
        [refused, live, f = std::forward<F>(on_done)](const delivery& d) mutable {
          if (*live && !d.ok()) *refused = d;
          f(d);
        },
        o);
    *live = false;
    if (*refused) throw error((*refused)->code, "events: not published: " + (*refused)->error);
  }
  /// Sends bytes as given (a record of another consumer's making, a dead letter).
  void send(record r) { std::ignore = out_->send(std::move(r)); }

 private:
  // The producer's transaction as exactly_once_consumer drives it: begun before any message (a
  // transaction may carry offsets only), ended through librdkafka by the consumer, then the
  // delivery results of its messages settled (failed, unless committed).
  friend class exactly_once_consumer;
  static std::unique_ptr<RdKafka::Error> begin(producer& p) {
    std::lock_guard lock(p.tx_mu_);
    if (p.tx_open_) return nullptr;
    std::unique_ptr<RdKafka::Error> e{p.handle_->begin_transaction()};
    p.tx_open_ = !e;
    return e;
  }
  static void ended(producer& p, bool committed, RdKafka::ErrorCode code, const std::string& why) {
    std::lock_guard lock(p.tx_mu_);
    p.tx_open_ = false;
    p.settle_transaction(committed, code, why);
  }

  producer* out_;
};

}  // namespace events::kafka
