// Every field type needs a JSON mapping; std::set has none (use std::vector).
// expect: events: this field type has no JSON (encoding|decoding)
#include <events/events.hpp>

#include <set>

struct TagsReplaced {
  static constexpr std::string_view type = "tags.replaced";
  events::uuid task_id;
  std::set<std::string> tags;
};

int main() { return static_cast<int>(events::make_event(TagsReplaced{}).to_json().size()); }
