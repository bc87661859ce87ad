// Compile-time probe: one catalog event encoded and decoded (benchmarks/compile/measure.sh).
#include <events/catalog/todo_events.hpp>

#include <cstdio>

int main() {
  auto ev = events::make_flat_event(events::TodoCreated{.title = "Milk"});
  const std::string wire = ev.to_json();
  auto back = events::from_json<events::flat_event<events::TodoCreated>>(wire);
  std::printf("%zu %d\n", wire.size(), back.has_value() && *back == ev ? 1 : 0);
}
