#pragma once
// The producer's delivery-report thread. It serves reports while nobody publishes or flushes: a
// publishing thread serves them itself (poll(0) after each produce, as a raw librdkafka loop
// does) and flush() waits for them, so meanwhile this thread only naps: waking it for every
// report costs a core on a small machine. Otherwise it waits on a pipe librdkafka writes to when
// a report is queued, then serves it with poll(0). It never blocks inside librdkafka: a thread
// waiting there in flush() is then the only waiter on the report queue and is woken by the last
// report, instead of two waiting threads taking it from each other and flush() sleeping out its
// 10 ms poll slice.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

namespace events::kafka::detail {

class report_poller {
 public:
  report_poller() = default;
  report_poller(const report_poller&) = delete;
  report_poller& operator=(const report_poller&) = delete;

  /// Starts serving `handle`'s reports; `publishes` and `flushing` say when others serve them.
  void start(RdKafka::Producer& handle, const std::atomic<std::uint64_t>& publishes, const std::atomic<int>& flushing) {
    if (::pipe(wake_) == 0) {
      for (int fd : wake_) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
      rd_kafka_queue_t* q = rd_kafka_queue_get_main(handle.c_ptr());
      rd_kafka_queue_io_event_enable(q, wake_[1], "r", 1);
      rd_kafka_queue_destroy(q);
    } else {
      wake_[0] = wake_[1] = -1;
    }
    thread_ = std::thread([this, &handle, &publishes, &flushing] {
      std::uint64_t seen = publishes.load(std::memory_order_relaxed);
      while (running_.load(std::memory_order_relaxed)) {
        if (std::uint64_t now = publishes.load(std::memory_order_relaxed);
            now != seen || flushing.load(std::memory_order_relaxed) > 0) {  // they serve the reports
          seen = now;
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
          continue;
        }
        if (wake_[0] < 0) {
          handle.poll(20);
          continue;
        }
        pollfd fd{wake_[0], POLLIN, 0};
        ::poll(&fd, 1, 20);  // the timeout bounds any missed wake-up
        char drain[64];
        while (::read(wake_[0], drain, sizeof drain) > 0) {
        }
        handle.poll(0);
      }
    });
  }

  /// Stops the thread and detaches the wake-up pipe from `handle`.
  void stop(RdKafka::Producer& handle) {
    running_ = false;
    if (wake_[1] >= 0 && ::write(wake_[1], "x", 1) < 0) {
      // full: the poller has a wake-up pending already
    }
    if (thread_.joinable()) thread_.join();
    if (wake_[0] >= 0) {
      rd_kafka_queue_t* q = rd_kafka_queue_get_main(handle.c_ptr());
      rd_kafka_queue_io_event_enable(q, -1, nullptr, 0);
      rd_kafka_queue_destroy(q);
      ::close(wake_[0]);
      ::close(wake_[1]);
      wake_[0] = wake_[1] = -1;
    }
  }

  ~report_poller() {
    running_ = false;
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::atomic<bool> running_{true};
  int wake_[2] = {-1, -1};  // report-queued pipe (read, write)
  std::thread thread_;
};

}  // namespace events::kafka::detail
