// Notifications: an email goes out (flat, seed 000) and bounces (nested, seed 002).
#include <events/notification_events.hpp>

#include <iostream>

int main() {
  auto sent = events::make_flat_event(events::EmailNotificationSent{
      .notification_id = events::uuid::v4(), .user_id = events::uuid::v4(), .recipient = "ada@example.com",
      .subject = "Reminder: Buy groceries", .sent_at = events::now()});
  auto bounced = events::make_event(events::NotificationBouncedPayload{
      .notification_id = sent.payload.notification_id, .user_id = sent.payload.user_id, .channel = "email",
      .bounced_at = events::now(), .recipient = sent.payload.recipient, .bounce_type = "hard"});
  std::cout << sent.to_json() << '\n' << bounced.to_json() << '\n';
  std::cout << "both keyed by " << events::partition_key(bounced.payload) << '\n';
  return events::partition_key(sent.payload) == events::partition_key(bounced.payload) ? 0 : 1;
}
