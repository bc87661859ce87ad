// A payload that declares the flat envelope cannot be wrapped in the nested one (seed 000's todo
// consumers accept only the flat shape); events::wrap picks the declared one.
// expect: events: this payload declares the flat envelope
#include <events/catalog.hpp>

int main() { return static_cast<int>(events::make_event(events::TodoCreated{}).to_json().size()); }
