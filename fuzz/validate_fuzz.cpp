// The `events validate` line path. The tool keeps it in main's translation unit (an anonymous
// namespace in tools/events.cpp), so this target makes the same public calls in the same order:
// the first input line is the <type> argument (empty: dispatch on event_type), every further
// non-blank line is checked as the tool does, with one catalog variant reused across lines.
#include "fuzz_check.hpp"

#include <events/catalog.hpp>
#include <events/events.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace {

using catalog = events::catalog_registry;
constexpr std::size_t npos = static_cast<std::size_t>(-1);

struct entry {
  std::string type;
  int version = 1;
  std::size_t index = npos;                                // in catalog; npos for a contract message
  events::error_list (*decode_direct)(std::string_view) = nullptr;
};

template <class M>
events::error_list decode_message(std::string_view text) {
  static M value{};
  return events::from_json(text, value);
}

const std::vector<entry>& entries() {
  static const std::vector<entry> all = [] {
    std::vector<entry> v;
    for (std::size_t i = 0; i < catalog::size; ++i)
      v.push_back({std::string(catalog::type_names[i]), catalog::versions[i], i, nullptr});
    v.push_back({"TaskEvent", 1, npos, &decode_message<events::TaskEvent>});
    v.push_back({"ReminderEvent", 1, npos, &decode_message<events::ReminderEvent>});
    return v;
  }();
  return all;
}

// As the tool: "task.created" is the newest version, "task.created.v1" that one.
const entry* find_entry(std::string_view name) {
  const entry* best = nullptr;
  for (const auto& e : entries()) {
    if (e.type == name && (!best || e.version > best->version)) best = &e;
    if (e.type + ".v" + std::to_string(e.version) == name) return &e;
  }
  return best;
}

struct validator {
  const entry* typed = nullptr;
  bool exact_version = false;
  catalog::variant any;
  events::decode_options options;

  events::error_list check(std::string_view line) {
    if (!typed) return catalog::decode(line, any, options);
    if (typed->index == npos) return typed->decode_direct(line);
    auto which = catalog::identify(line, options);
    if (which && (exact_version ? *which == typed->index : catalog::type_names[*which] == typed->type))
      return catalog::decode_as(*which, line, any, options);
    return catalog::decode_as(typed->index, line, any, options);
  }
};

// A fresh variant must give the same verdict as the reused one (reuse keeps storage, not values).
std::size_t fresh_error_count(std::string_view line) {
  catalog::variant fresh;
  return catalog::decode(line, fresh).size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::string_view rest = events_fuzz::text(data, size);
  auto next_line = [&](std::string_view& line) {
    if (rest.empty()) return false;
    std::size_t nl = rest.find('\n');
    line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return true;
  };
  validator v;
  std::string_view line;
  if (!next_line(line)) return 0;
  if (const entry* e = find_entry(line)) {
    v.typed = e;
    v.exact_version = line != e->type;
  }
  while (next_line(line)) {
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    events::error_list errors = v.check(line);
    for (const auto& e : errors) EVENTS_FUZZ_CHECK(!e.code.empty() && !e.message.empty(), "every error has a code and a message");
    if (!v.typed) EVENTS_FUZZ_CHECK(errors.size() == fresh_error_count(line), "a reused variant decodes as a fresh one");
  }
  return 0;
}
