// The recurring service: task.completed with a pattern -> recurring.triggered -> recurring.spawned.
#include <events/recurring_events.hpp>
#include <events/task_events.hpp>

#include <chrono>
#include <iostream>

int main() {
  auto done = events::make_event(events::TaskCompletedPayload{.task_id = events::uuid::v4(),
                                                              .user_id = events::uuid::v4(),
                                                              .completed_at = events::now(), .has_recurrence = true,
                                                              .recurrence_pattern = "weekly"});
  if (!done.payload.has_recurrence) return 0;
  const auto next = done.payload.completed_at + std::chrono::days(7);
  auto triggered = events::make_event(
      events::RecurringTriggeredPayload{.task_id = done.payload.task_id, .user_id = done.payload.user_id,
                                        .recurrence_pattern = "weekly", .next_due_date = next,
                                        .original_task_data = {{"title", "Water the plants"}}},
      {.causation_id = done.event_id});
  auto spawned = events::make_event(
      events::RecurringSpawnedPayload{.new_task_id = events::uuid::v4(), .original_task_id = done.payload.task_id,
                                      .user_id = done.payload.user_id, .recurrence_pattern = "weekly",
                                      .due_date = next, .occurrence_number = 2},
      {.causation_id = triggered.event_id});
  std::cout << triggered.to_json() << '\n' << spawned.to_json() << '\n';
  return events::event<events::RecurringSpawnedPayload>::from_json(spawned.to_json()) ? 0 : 1;
}
