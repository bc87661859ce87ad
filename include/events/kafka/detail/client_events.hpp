#pragma once
/// \file librdkafka's client events for a consumer (its event_cb), served inside consume() on the
/// polling thread: logs go to stderr as librdkafka's default logger writes them; errors (broken
/// connections and the like, which librdkafka recovers from) go to a callback.
#include <librdkafka/rdkafkacpp.h>

#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <utility>

namespace events::kafka::detail {

/// The event callback; `on_error` hears each client error as "<error name>: <text>".
class client_events final : public RdKafka::EventCb {
 public:
  explicit client_events(std::function<void(const std::string&)> on_error) : on_error_(std::move(on_error)) {}

  void event_cb(RdKafka::Event& e) override {
    if (e.type() == RdKafka::Event::EVENT_LOG)
      std::fprintf(stderr, "%%%d|%s|%s\n", static_cast<int>(e.severity()), e.fac().c_str(), e.str().c_str());
    else if (e.type() == RdKafka::Event::EVENT_ERROR && on_error_)
      on_error_(RdKafka::err2str(e.err()) + ": " + e.str());
    else if (e.type() == RdKafka::Event::EVENT_STATS) {
      std::lock_guard lock(mu_);
      stats_ = e.str();
    }
  }

  /// The last statistics JSON (statistics.interval.ms), or empty.
  std::string statistics() const {
    std::lock_guard lock(mu_);
    return stats_;
  }

 private:
  std::function<void(const std::string&)> on_error_;
  mutable std::mutex mu_;
  std::string stats_;
};

}  // namespace events::kafka::detail
