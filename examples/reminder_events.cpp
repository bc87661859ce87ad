// The reminder service: a reminder.due event becomes reminder.sent, caused by it.
#include <events/reminder_events.hpp>

#include <iostream>

int main() {
  auto due = events::make_event(events::ReminderDuePayload{
      .reminder_id = events::uuid::v4(), .task_id = events::uuid::v4(), .user_id = events::uuid::v4(),
      .title = "Buy groceries", .due_at = events::now(), .notification_channel = "push"});
  auto in = events::event<events::ReminderDuePayload>::from_json(due.to_json());
  if (!in) return 1;
  const auto& p = in->payload;
  auto sent = events::make_event(events::ReminderSentPayload{.reminder_id = p.reminder_id, .task_id = p.task_id,
                                                             .user_id = p.user_id, .sent_at = events::now(),
                                                             .notification_channel = p.notification_channel,
                                                             .delivery_status = "delivered"},
                                 {.correlation_id = in->correlation_id, .causation_id = in->event_id});
  std::cout << sent.to_json() << '\n';
  return sent.causation_id == due.event_id ? 0 : 1;
}
