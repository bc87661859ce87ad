// The partition key must name one of the payload's fields.
// expect: events: P::key names no field of the payload
#include <events/events.hpp>

struct TaskMoved {
  static constexpr std::string_view type = "task.moved";
  static constexpr std::string_view key = "taskid";  // the field is task_id
  events::uuid task_id;
  std::string column;
};

int main() { return static_cast<int>(events::partition_key(TaskMoved{}).size()); }
