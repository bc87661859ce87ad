// A payload must be a plain aggregate: Boost.PFR cannot reflect a struct with a base class.
// expect: events: a reflected type must be a plain aggregate without base classes
#include <events/events.hpp>

struct Audited {
  events::uuid actor;
};

struct TaskArchived : Audited {
  static constexpr std::string_view type = "task.archived";
  events::uuid task_id;
};

int main() { return static_cast<int>(events::make_event(TaskArchived{}).to_json().size()); }
