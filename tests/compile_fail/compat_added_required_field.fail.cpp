// A new version that adds a required field cannot read old data: the BACKWARD check names it.
// expect: (events: BACKWARD incompatible.*estimated_minutes|estimated_minutes.*events: BACKWARD incompatible)
#include <events/schema/compat.hpp>

#include <string>

struct TaskV1 {
  std::string title;
};
struct TaskV2 {
  std::string title;
  int estimated_minutes;  // no default, not optional
};

static_assert(events::require_compatible<TaskV1, TaskV2, events::compatibility::backward>);

int main() {}
