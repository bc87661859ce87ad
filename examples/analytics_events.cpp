// Analytics: a weekly ProductivityMetric, and a bad one with every error reported at once.
#include <events/analytics_events.hpp>

#include <chrono>
#include <iostream>

int main() {
  const int created = 8, completed = 6;
  const auto end = events::now();
  auto ev = events::make_flat_event(events::ProductivityMetric{
      .user_id = events::uuid::v4(), .period_start = end - std::chrono::days(7), .period_end = end,
      .tasks_created = created, .tasks_completed = completed,
      .completion_rate = static_cast<double>(completed) / created, .active_minutes = 412});
  std::cout << ev.to_json() << '\n';

  ev.payload.completion_rate = 1.5;
  ev.payload.active_minutes = -1;
  auto errors = ev.validate();
  std::cout << events::to_string(errors) << '\n';
  return errors.size() == 2 ? 0 : 1;
}
