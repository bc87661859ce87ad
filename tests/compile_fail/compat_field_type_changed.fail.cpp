// A field whose type changes (integer to text) breaks FULL compatibility: the message names it.
// expect: (events: BACKWARD incompatible: this field changed.*task_id|task_id.*events: BACKWARD incompatible: this field changed)
#include <events/schema/compat.hpp>

#include <cstdint>
#include <string>

struct ReminderV1 {
  std::int64_t task_id = 0;
  std::string title;
};
struct ReminderV2 {
  std::string task_id;
  std::string title;
};

static_assert(events::require_compatible<ReminderV1, ReminderV2, events::compatibility::full>);

int main() {}
