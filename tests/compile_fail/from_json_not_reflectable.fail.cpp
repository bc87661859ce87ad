// Decoding needs a reflected type or an envelope; a bare string is neither.
// expect: events: from_json needs a plain aggregate
#include <events/events.hpp>

int main() { return events::from_json<std::string>(R"("x")") ? 0 : 1; }
