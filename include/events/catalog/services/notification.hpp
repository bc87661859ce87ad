#pragma once
/// \file The notification service's logic, transport-free: reminder.due -> send the notification
/// -> reminder.sent, or reminder.failed after the attempts allowed (seed 004's reminder events).
///
/// <!-- given: struct gateway { bool send(const events::uuid&, const std::string&); } push_gateway;
/// events::event<events::ReminderDuePayload> due_event; -->
/// \code
/// events::services::notification_service svc([](const events::ReminderDuePayload& r) -> std::string {
///   return push_gateway.send(r.user_id, r.title) ? "" : "gateway refused";   // "" = delivered
/// });
/// auto outcome = svc.on_due(due_event);    // publish outcome.sent or outcome.failed
/// \endcode
///
/// The sender returns an empty string when the notification went out, else why not (a throwing
/// sender counts as a failure with the exception's text). Re-delivery of the same reminder.due
/// (same reminder_id and due_at) returns the first outcome again without sending twice.
#include <events/event.hpp>
#include <events/catalog/reminder_events.hpp>

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace events::services {

/// The result of one reminder: exactly one of sent and failed.
struct notification_outcome {
  std::optional<event<ReminderSentPayload>> sent;
  std::optional<event<ReminderFailedPayload>> failed;
  bool duplicate = false;  ///< Seen before: the first outcome, nothing sent again.
};

/// Sends notifications for due reminders.
class notification_service {
 public:
  using sender = std::function<std::string(const ReminderDuePayload&)>;

  explicit notification_service(sender send, int max_attempts = 3) : send_(std::move(send)), max_attempts_(max_attempts) {}

  /// Handles one reminder.due. Never throws.
  notification_outcome on_due(const event<ReminderDuePayload>& ev) noexcept {
    const auto& r = ev.payload;
    const std::string key = r.reminder_id.to_string() + "@" + format_timestamp(r.due_at);
    {
      std::lock_guard lock(mu_);
      if (auto it = done_.find(key); it != done_.end()) {
        notification_outcome again = it->second;
        again.duplicate = true;
        return again;
      }
    }
    std::string why;
    int attempts = 0;
    for (; attempts < max_attempts_; ++attempts) {
      try {
        why = send_(r);
      } catch (const std::exception& e) {
        why = e.what();
      } catch (...) {
        why = "the sender threw a non-standard exception";
      }
      if (why.empty()) break;
    }
    notification_outcome out;
    event_options opts;
    opts.correlation_id = ev.correlation_id ? ev.correlation_id : std::optional<uuid>(ev.event_id);
    opts.causation_id = ev.event_id;
    if (why.empty()) {
      out.sent = make_event(ReminderSentPayload{.reminder_id = r.reminder_id, .task_id = r.task_id, .user_id = r.user_id,
                                                .sent_at = events::now(), .notification_channel = r.notification_channel,
                                                .delivery_status = "delivered"},
                            opts);
    } else {
      out.failed = make_event(ReminderFailedPayload{.reminder_id = r.reminder_id, .task_id = r.task_id, .user_id = r.user_id,
                                                    .failed_at = events::now(),
                                                    .notification_channel = r.notification_channel,
                                                    .error_message = why, .retry_count = attempts - 1},
                              opts);
    }
    std::lock_guard lock(mu_);
    done_[key] = out;
    return out;
  }

 private:
  sender send_;
  int max_attempts_;
  std::mutex mu_;
  std::map<std::string, notification_outcome> done_;
};

}  // namespace events::services
