// `events sample`: valid events of a catalog type, one JSON per line.
#include "catalog_rows.hpp"
#include "cli.hpp"
#include "sample.hpp"

#include <cstdio>
#include <iostream>
#include <optional>
#include <random>

namespace events_tool {
namespace {

constexpr const char* sample_help =
    "usage: events sample <type> [--count N] [--seed S]\n"
    "\n"
    "Prints N (default 1) valid events of the type, one JSON per line, with varied realistic\n"
    "values: fresh ids and times, optionals sometimes null. The same --seed gives the same ids\n"
    "and values (times follow the clock).\n"
    "\n"
    "Examples:\n"
    "  events sample TodoCreated --count 3\n"
    "  events sample TaskEvent --count 1000 --seed 42 | events validate TaskEvent\n";

}  // namespace

int cmd_sample(const arg_list& args) {
  if (wants_help(args)) return std::cout << sample_help, 0;
  std::optional<std::string_view> type;
  std::uint64_t count = 1, seed = std::random_device{}();
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--count" || args[i] == "--seed") {
      if (i + 1 == args.size() || !parse_count(args[i + 1], args[i] == "--count" ? count : seed))
        return usage(sample_help, std::string(args[i]) + " needs a non-negative integer");
      ++i;
    } else if (!type && !args[i].starts_with("--")) {
      type = args[i];
    } else {
      return usage(sample_help, "unexpected argument '" + std::string(args[i]) + "'");
    }
  }
  if (!type) return usage(sample_help, "which type? (see `events list`)");
  const entry* e = find_entry(*type);
  if (!e) return usage(sample_help, "unknown type '" + std::string(*type) + "' (see `events list`)");
  sampler s(seed);
  std::string out;
  for (std::uint64_t n = 0; n < count; ++n) {
    out += e->sample(s);
    out += '\n';
    if (out.size() > (1u << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}

}  // namespace events_tool
