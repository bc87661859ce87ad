#pragma once
/// \file Publishing that retries with exponential backoff and never loses an event silently.
///
/// <!-- given: #include <events/catalog/task_events.hpp>
/// int sidecar_port = 3500;
/// struct failures { void store(const std::string&, const std::string&, const std::string&); } outbox;
/// events::event<events::TaskCreatedPayload> ev;
/// std::vector<events::event<events::TaskCreatedPayload>> batch; -->
/// \code
/// events::dapr::reliable_publisher pub({.port = sidecar_port});      // seed 004: 3 attempts, 1 s .. 10 s
/// pub.on_failure([&](const events::dapr::failed_event& f) { outbox.store(f.topic, f.body, f.error); });
/// pub.publish(ev);                   // retried; when every attempt failed, on_failure gets it
/// pub.publish_bulk(std::span(std::as_const(batch)));  // failed entries retried alone, the rest not resent
/// \endcode
///
/// Seed 004's policy is the default: at most 3 attempts, waiting 1 s, then 2 s (doubling, capped
/// at 10 s) between them, then "log and store for later". What is retried: no reply from the
/// sidecar, HTTP 5xx, 408 and 429. Other 4xx (an unknown pub/sub, a forbidden topic, a malformed
/// request) fail at once: repeating cannot change them. Either way the event, its CloudEvent text
/// and the last error reach the failure hook; without a hook they are kept in failures().
#include <events/cloudevents.hpp>
#include <events/dapr/bulk.hpp>
#include <events/dapr/publisher.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace events::dapr {

/// How often and how patiently to retry.
struct retry_policy {
  int max_attempts = 3;                             ///< Attempts in all (the first included).
  std::chrono::milliseconds initial_backoff{1000};  ///< Wait after the first failure.
  std::chrono::milliseconds max_backoff{10000};     ///< Cap on any wait.
  double multiplier = 2.0;                          ///< Growth per further failure.

  /// The wait after failed attempt `attempt` (1-based): initial * multiplier^(attempt-1), capped.
  std::chrono::milliseconds backoff(int attempt) const noexcept {
    double ms = static_cast<double>(initial_backoff.count()) * std::pow(multiplier, std::max(0, attempt - 1));
    ms = std::min(ms, static_cast<double>(max_backoff.count()));
    return std::chrono::milliseconds(static_cast<long long>(ms));
  }
};

/// Whether a publish that failed with this HTTP status (0: no reply) may succeed if repeated.
constexpr bool retryable_status(int status) noexcept {
  return status == 0 || status == 408 || status == 429 || status >= 500;
}

/// An event that could not be published after every attempt: everything needed to resend it.
struct failed_event {
  std::string topic;
  std::string event_id;
  std::string event_type;
  std::string body;          ///< The structured CloudEvent that was sent.
  std::string partition_key;
  int attempts = 0;
  int status = 0;            ///< The last HTTP status (0: no reply).
  std::string error;         ///< The last error.
};

/// Counters of what the reliable publisher did.
struct reliable_stats {
  std::size_t published = 0, retries = 0, failed = 0;
};

/// A publisher (single and bulk) with retries and a failure hook.
class reliable_publisher {
 public:
  explicit reliable_publisher(options o = {}, retry_policy policy = {})
      : single_(o), bulk_(o), policy_(policy), source_(o.source) {}

  /// Receives every event that finally failed. Called on the publishing thread.
  reliable_publisher& on_failure(std::function<void(const failed_event&)> hook) {
    std::lock_guard lock(mu_);
    hook_ = std::move(hook);
    return *this;
  }

  const retry_policy& policy() const noexcept { return policy_; }
  publisher& single() noexcept { return single_; }

  /// Publishes `ev`, retrying per the policy. Never throws; a final failure goes to the hook.
  template <class E>
  publish_result publish(const E& ev, std::string_view topic = {}) noexcept {
    publish_result r;
    int attempt = 0;
    while (true) {
      ++attempt;
      r = single_.publish(ev, topic);
      if (r.ok) {
        count([](reliable_stats& s) { ++s.published; });
        return r;
      }
      if (attempt >= policy_.max_attempts || !retryable_status(r.status)) break;
      count([](reliable_stats& s) { ++s.retries; });
      std::this_thread::sleep_for(policy_.backoff(attempt));
    }
    try {
      bulk_entry e = make_bulk_entry(ev, source_);
      std::string t(topic);
      if (t.empty()) {
        t = event_traits<E>::topic;
      }
      fail({t, e.event_id, e.event_type, e.body, e.partition_key, attempt, r.status, r.message});
    } catch (const std::exception& x) {
      fail({std::string(topic), r.event_id, {}, {}, {}, attempt, r.status, r.message + " (and " + x.what() + ")"});
    }
    return r;
  }

  /// Publishes `events` in bulk; entries that failed retryably are resent alone (in bulk) per the
  /// policy. The result holds every entry's final outcome; each final failure goes to the hook.
  template <class E>
  bulk_result publish_bulk(std::span<const E> events, std::string_view topic = {}) noexcept {
    std::vector<bulk_entry> entries;
    try {
      for (const auto& ev : events) entries.push_back(make_bulk_entry(ev, source_));
    } catch (const std::exception& x) {
      bulk_result r;
      r.message = x.what();
      return r;
    }
    std::string t(topic);
    if (t.empty()) {
      t = event_traits<E>::topic;
    }
    bulk_result total = bulk_.publish_entries(t, entries);
    std::vector<int> attempts(entries.size(), 1);
    for (int attempt = 1; attempt < policy_.max_attempts && !total.ok() && retryable_status(total.status); ++attempt) {
      std::vector<bulk_entry> again;
      for (std::size_t i = 0; i < entries.size(); ++i)
        if (!total.entries[i].ok) again.push_back(entries[i]);
      count([&](reliable_stats& s) { s.retries += again.size(); });
      std::this_thread::sleep_for(policy_.backoff(attempt));
      bulk_result next = bulk_.publish_entries(t, again);
      total.status = next.status;
      total.message = next.message;
      for (const auto& n : next.entries)
        for (std::size_t i = 0; i < entries.size(); ++i)
          if (total.entries[i].entry_id == n.entry_id) {
            total.entries[i] = n;
            ++attempts[i];
          }
    }
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (total.entries[i].ok) {
        count([](reliable_stats& s) { ++s.published; });
        continue;
      }
      const bulk_entry& e = entries[i];
      fail({t, e.event_id, e.event_type, e.body, e.partition_key, attempts[i], total.status, total.entries[i].error});
    }
    return total;
  }

  /// Final failures recorded when no hook was set.
  std::vector<failed_event> failures() const {
    std::lock_guard lock(mu_);
    return kept_;
  }

  reliable_stats stats() const {
    std::lock_guard lock(mu_);
    return stats_;
  }

 private:
  template <class F>
  void count(F f) {
    std::lock_guard lock(mu_);
    f(stats_);
  }

  void fail(failed_event f) noexcept {
    std::function<void(const failed_event&)> hook;
    {
      std::lock_guard lock(mu_);
      ++stats_.failed;
      hook = hook_;
      if (!hook) {
        kept_.push_back(f);
        return;
      }
    }
    try {
      hook(f);
    } catch (...) {  // a throwing hook must not lose the event either
      std::lock_guard lock(mu_);
      kept_.push_back(std::move(f));
    }
  }

  publisher single_;
  bulk_publisher bulk_;
  retry_policy policy_;
  std::string source_;
  mutable std::mutex mu_;
  std::function<void(const failed_event&)> hook_;
  std::vector<failed_event> kept_;
  reliable_stats stats_;
};

}  // namespace events::dapr
