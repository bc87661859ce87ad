// Every name in `defaulted` must be a field: a typo would silently leave the field required.
// expect: (events: T::defaulted lists a name that is no field of T.*(colum|'c', 'o', 'l', 'u', 'm')|(colum|'c', 'o', 'l', 'u', 'm').*events: T::defaulted lists a name that is no field of T)
#include <events/events.hpp>

struct TaskMoved {
  static constexpr std::array<std::string_view, 1> defaulted = {"colum"};  // the field is column
  events::uuid task_id;
  std::string column = "todo";
};

int main() { return static_cast<int>(events::to_json(TaskMoved{}).size()); }
