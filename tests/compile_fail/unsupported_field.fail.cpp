// A field type without an events::codec is named, with the fix.
// expect: (events: no events::codec<F> for a field.*(tags|'t', 'a', 'g', 's')|(tags|'t', 'a', 'g', 's').*events: no events::codec<F> for a field)
#include <events/events.hpp>

#include <list>

struct TaskTagged {
  events::uuid task_id;
  std::list<std::string> tags;  // no codec for std::list
};

int main() { return static_cast<int>(events::to_json(TaskTagged{}).size()); }
