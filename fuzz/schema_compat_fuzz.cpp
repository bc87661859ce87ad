// check-compat on arbitrary schemas, as the tool reads them: the first byte picks the mode, the
// rest is a JSON array of 2 to 4 schema documents (each an object or a boolean), oldest first.
#include "fuzz_check.hpp"

#include <events/schema/schema_compat.hpp>

#include <nlohmann/json.hpp>

#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  if (size < 1) return 0;
  static constexpr events::compat_mode modes[] = {
      events::compat_mode::backward,           events::compat_mode::forward,
      events::compat_mode::full,               events::compat_mode::backward_transitive,
      events::compat_mode::forward_transitive, events::compat_mode::full_transitive};
  const auto mode = modes[data[0] % 6];
  auto doc = nlohmann::json::parse(events_fuzz::text(data + 1, size - 1), nullptr, false);
  if (doc.is_discarded() || !doc.is_array() || doc.size() < 2 || doc.size() > 4) return 0;
  std::vector<nlohmann::json> versions;
  for (auto& s : doc) {
    if (!s.is_object() && !s.is_boolean()) return 0;
    versions.push_back(std::move(s));
  }
  auto problems = events::check_compatibility(mode, versions);
  for (const auto& p : problems) {
    EVENTS_FUZZ_CHECK(p.old_index < p.new_index && p.new_index < versions.size(), "a problem names two versions, oldest first");
    EVENTS_FUZZ_CHECK(p.direction == "backward" || p.direction == "forward", "a problem has a direction");
    EVENTS_FUZZ_CHECK(!p.message.empty(), "a problem says what is wrong");
  }
  return 0;
}
