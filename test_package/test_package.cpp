// The packaged headers work: an event is written, read back, and a bad one is refused with a path.
#include <events/todo_events.hpp>

#include <cstdio>

int main() {
  auto ev = events::make_flat_event(events::TodoCreated{.todo_id = events::uuid::v4(),
                                                        .user_id = events::uuid::v4(),
                                                        .title = "Package test"});
  auto back = events::flat_event<events::TodoCreated>::from_json(ev.to_json());
  auto bad = events::flat_event<events::TodoCreated>::from_json(R"({"event_type":"TodoCreated"})");
  if (!back || bad) return 1;
  std::printf("%s\n%zu errors in a bad event, first at %s\n", ev.to_json().c_str(), bad.error().size(),
              bad.error().front().path.c_str());
  return 0;
}
