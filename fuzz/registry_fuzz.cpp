// Decoding through every catalog registry (each header's, and their union), plus the seed-003
// contract messages. A message that decodes must encode and decode again to the same JSON text.
#include "fuzz_check.hpp"

#include <events/catalog.hpp>
#include <events/events.hpp>

#include <string>
#include <tuple>
#include <variant>

namespace {

// Decoded once: written, read back, written again; the two texts must match.
template <class T>
void round_trip(const T& value, const events::decode_options& options) {
  std::string first = events::to_json(value);
  T again{};
  auto errors = events::from_json(first, again, options);
  EVENTS_FUZZ_CHECK(errors.empty(), "what to_json wrote decodes again");
  EVENTS_FUZZ_CHECK(events::to_json(again) == first, "decode(to_json(x)) writes the same text");
}

template <class Registry>
void through(std::string_view text, const events::decode_options& options) {
  typename Registry::variant v;
  auto errors = Registry::decode(text, v, options);
  if (!errors.empty()) {
    EVENTS_FUZZ_CHECK(errors.size() <= options.max_errors + 1, "errors are capped at max_errors (+1 saying so)");
    return;
  }
  auto which = Registry::identify(text, options);
  EVENTS_FUZZ_CHECK(which && *which == v.index(), "identify names the alternative decode chose");
  std::visit([&](const auto& e) { round_trip(e, options); }, v);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view text = events_fuzz::text(data, size);
  // Odd sizes also run with non-default options: naive timestamps refused, small limits.
  events::decode_options options;
  if (size % 2) options = {.max_depth = 8, .max_string_bytes = 64, .max_errors = 3, .allow_naive_timestamps = false};

  through<events::catalog_registry>(text, options);
  through<events::todo_registry>(text, options);
  through<events::reminder_registry>(text, options);
  through<events::task_registry>(text, options);
  through<events::recurring_registry>(text, options);
  through<events::analytics_registry>(text, options);
  through<events::notification_registry>(text, options);
  through<events::audit_registry>(text, options);
  [&]<class... M>(std::tuple<M...>*) {
    (
        [&] {
          M m{};
          if (events::from_json(text, m, options).empty()) round_trip(m, options);
        }(),
        ...);
  }(static_cast<events::contract_messages*>(nullptr));
  return 0;
}
