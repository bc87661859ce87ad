// A todo service publishes TodoCreated on `todos`, keyed by the todo, and reads it back.
#include <events/todo_events.hpp>

#include <iostream>

int main() {
  auto ev = events::make_flat_event(events::TodoCreated{.todo_id = events::uuid::v4(), .user_id = events::uuid::v4(),
                                                        .title = "Buy groceries", .priority = "high"});
  std::cout << "topic " << events::topic_of<events::TodoCreated>() << ", key " << events::partition_key(ev.payload)
            << "\n" << ev.to_json() << '\n';
  auto back = events::flat_event<events::TodoCreated>::from_json(ev.to_json());
  return back && *back == ev ? 0 : 1;
}
