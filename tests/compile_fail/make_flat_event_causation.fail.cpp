// The flat envelope has no causation_id: event_options (which has one) are refused, not dropped.
// expect: events: the flat envelope has no causation_id
#include <events/catalog.hpp>

int main() {
  events::event_options o{.correlation_id = events::uuid::v4(), .causation_id = events::uuid::v4(), .event_id = {},
                          .time = {}, .time_ordered_id = false};
  return static_cast<int>(events::make_flat_event(events::TodoCreated{}, o).to_json().size());
}
