#pragma once
/// \file One entry of a mixed batch for producer::publish_batch: an event of any event type with
/// the topic and key it goes to (seed 004's (event, topic, key)).
#include <events/event_traits.hpp>
#include <events/kafka/delivery.hpp>

#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace events::kafka {

class producer;

/// One entry of a mixed batch: an event of any event type, the topic it goes to (empty: the
/// event's own) and its key (none: the event's own partition key). Holds a copy of the event.
class batch_entry {
 public:
  template <event_type E>
  batch_entry(E ev, std::string topic = {}, std::optional<std::string> key = std::nullopt)  // NOLINT: implicit by design
      : event_(std::make_shared<typed<E>>(std::move(ev))), topic_(std::move(topic)), key_(std::move(key)) {}

  /// The topic given for this entry (empty: the event's own).
  const std::string& topic() const noexcept { return topic_; }
  /// The key given for this entry (none: the event's own).
  const std::optional<std::string>& key() const noexcept { return key_; }
  /// The event's wire type.
  std::string_view type() const noexcept { return event_->type(); }

  /// Publishes the entry through `out`, its topic and key over `o`'s.
  std::future<delivery> publish(producer& out, publish_options o = {}) const {
    if (!topic_.empty()) o.topic = topic_;
    if (key_) o.key = key_;
    return event_->publish(out, o);
  }

 private:
  struct erased {
    virtual ~erased() = default;
    virtual std::future<delivery> publish(producer& out, const publish_options& o) const = 0;
    virtual std::string_view type() const noexcept = 0;
  };
  template <class E>
  struct typed final : erased {
    explicit typed(E e) : ev(std::move(e)) {}
    std::future<delivery> publish(producer& out, const publish_options& o) const override;  // in producer.hpp
    std::string_view type() const noexcept override { return event_traits<E>::type; }
    E ev;
  };

  std::shared_ptr<const erased> event_;  // shared: entries copy cheaply (an initializer_list copies)
  std::string topic_;
  std::optional<std::string> key_;
};

}  // namespace events::kafka
