// The README's first example: define an event, wrap it, write JSON, read it back, see an error.
#include <events/events.hpp>

#include <iostream>

enum class priority { low, medium, high, urgent };

struct OrderPlaced {                                   // a plain aggregate: no macro, no base
  static constexpr std::string_view type = "order.placed";
  events::uuid order_id;
  events::string<events::min_length<1>, events::max_length<200>> title;
  std::optional<std::string> note;                     // absent or null
  events::number<int, events::ge<1>> quantity = 1;     // has a default: may be omitted
  priority level = priority::medium;                   // written as "medium"
};

int main() {
  auto ev = events::make_event(OrderPlaced{.order_id = events::uuid::v4(), .title = "Book"});
  std::string wire = ev.to_json();
  std::cout << wire << '\n';

  auto back = events::event<OrderPlaced>::from_json(wire);
  if (!back || back->payload.title != "Book") return 1;

  auto bad = events::event<OrderPlaced>::from_json(
      R"({"event_id":"x","event_type":"order.placed","timestamp":"2026-01-15T10:30:00Z",
          "payload":{"order_id":"123e4567-e89b-12d3-a456-426614174000","title":"","quantity":0}})");
  for (const auto& e : bad.error()) std::cout << e.path << ": " << e.message << " [" << e.code << "]\n";
  return bad.error().size() == 3 ? 0 : 1;
}
