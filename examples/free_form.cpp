// Free-form JSON (Pydantic's Any): TodoUpdated carries the changed fields as a
// std::map<std::string, events::json_value>. A json_value is built from C++ values, kept as the
// text Pydantic writes for it, and read back as any C++ type with that type's rules and errors.
#include <events/todo_events.hpp>

#include <iostream>

int main() {
  auto ev = events::make_flat_event(events::TodoUpdated{
      .todo_id = events::uuid::v4(), .user_id = events::uuid::v4(),
      .changes = {{"title", "Buy oat milk"}, {"estimate_hours", 1.5}, {"done", false},
                  {"labels", events::json_value::array({"home", "errand"})}},
      .updated_fields = {"title", "estimate_hours", "done", "labels"}});
  const std::string wire = ev.to_json();
  std::cout << wire << '\n';

  // A Python service may send members in any order, numbers in any form, keys more than once.
  auto sent = events::json_value::parse(R"({"b": 1.0e0, "a": [1, 2], "b": -0})");
  if (!sent || sent->text() != R"({"b":0,"a":[1,2]})") return 1;

  auto back = events::flat_event<events::TodoUpdated>::from_json(wire);
  if (!back || back->payload.changes != ev.payload.changes) return 1;
  auto labels = back->payload.changes.at("labels").as<std::vector<std::string>>();
  auto title = back->payload.changes.at("title").as<std::int64_t>();  // not a number: an error, not a throw
  if (!labels || labels->at(1) != "errand" || title) return 1;
  std::cout << labels->size() << " labels; the title as a number: " << title.error().front().code << '\n';
  return 0;
}
