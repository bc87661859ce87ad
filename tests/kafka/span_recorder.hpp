#pragma once
// A test tracer: keeps every span the tracing hook reports (send spans end on the thread serving
// delivery reports, so it locks).
#include <events/kafka/tracing.hpp>

#include <mutex>
#include <vector>

namespace kt {

class span_recorder {
 public:
  events::kafka::tracer tracer() {
    return {.on_end = [this](const events::kafka::span& s) {
      std::lock_guard lock(mu_);
      spans_.push_back(s);
    }};
  }
  std::vector<events::kafka::span> spans() const {
    std::lock_guard lock(mu_);
    return spans_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<events::kafka::span> spans_;
};

}  // namespace kt
