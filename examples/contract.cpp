// The seed-003 contract: a TaskEvent "completed" from the Python service drives the recurring logic.
#include <events/catalog/contract.hpp>
#include <events/json.hpp>

#include <iostream>

int main() {
  const char* wire = R"({"id":"550e8400-e29b-41d4-a716-446655440001","event_type":"completed","task_id":1,
    "task_data":{"id":1,"title":"Water the plants","completed":true,"recurrence_rule":"weekly","user_id":"user-uuid",
    "created_at":"2025-01-01T00:00:00Z","updated_at":"2025-01-01T12:00:00Z"},"user_id":"user-uuid",
    "timestamp":"2025-01-01T12:00:00Z"})";
  auto ev = events::from_json<events::TaskEvent>(wire);
  if (!ev) return std::cerr << events::to_string(ev.error()) << '\n', 1;
  if (ev->event_type == events::TaskOperation::completed && ev->task_data && ev->task_data->recurrence_rule)
    std::cout << "create next occurrence of task " << ev->task_id << " (" << *ev->task_data->recurrence_rule << ")\n";
  events::ReminderEvent reminder{.task_id = ev->task_id, .title = ev->task_data->title,
                                 .remind_at = ev->timestamp, .user_id = ev->user_id};
  std::cout << events::to_json(reminder) << '\n';
  return 0;
}
