// A user's program: declare an event, write it, read it back.
#include <events/events.hpp>

#include <cstdio>

struct Ping {
  static constexpr std::string_view type = "ping";
  events::uuid id;
  events::string<events::min_length<1>> who;
};

int main() {
  auto ev = events::make_event(Ping{.id = events::uuid::v4(), .who = "consumer"});
  auto back = events::event<Ping>::from_json(ev.to_json());
  if (!back || back->payload.who != "consumer") return 1;
  std::puts(ev.to_json().c_str());
  return 0;
}
