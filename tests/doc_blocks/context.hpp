#pragma once
// The names the documentation's examples take as given (an id at hand, a message received, a
// configuration), so that each block compiles as it is shown.
#include <events/events.hpp>

#include <string>
#include <string_view>

namespace doc_context {
inline events::uuid id = events::uuid::v4(), u = events::uuid::v4(), request_id = events::uuid::v4();
inline std::string wire, text, bytes, doc;
inline std::string load_secret(std::string_view name) { return std::string(name); }  // a secret store's lookup
}  // namespace doc_context
