// `events check-compat`: Confluent-style compatibility of JSON Schema documents
// (the engine is events/schema/schema_compat.hpp).
#include "cli.hpp"

#include <events/schema/schema_compat.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <optional>

namespace events_tool {
namespace {

constexpr const char* compat_help =
    "usage: events check-compat --mode MODE OLD.json NEW.json [MORE.json...]\n"
    "\n"
    "Checks JSON Schema documents, oldest first, in Confluent Schema Registry's modes:\n"
    "  backward   the newest schema reads data written with the one before it\n"
    "  forward    the one before it reads data written with the newest\n"
    "  full       both\n"
    "  backward-transitive, forward-transitive, full-transitive: against every earlier one\n"
    "Prints one line per problem on stdout (`OLD -> NEW [direction] path: message`) and\n"
    "`compatible` or `N problems` on stderr. Exit status: 0 compatible, 1 not, 2 usage.\n"
    "\n"
    "Examples:\n"
    "  events schema task.created.v1 > v1.json; events schema task.created > v2.json\n"
    "  events check-compat --mode full v1.json v2.json\n"
    "  events check-compat --mode backward-transitive v1.json v2.json v3.json\n";

}  // namespace

int cmd_check_compat(const arg_list& args) {
  if (wants_help(args)) return std::cout << compat_help, 0;
  std::optional<events::compat_mode> mode;
  std::vector<std::string> files;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--mode" || args[i].starts_with("--mode=")) {
      std::string_view m;
      if (args[i] == "--mode") {
        if (i + 1 == args.size()) return usage(compat_help, "--mode needs a mode");
        m = args[++i];
      } else {
        m = args[i].substr(7);
      }
      mode = events::parse_compat_mode(m);
      if (!mode) return usage(compat_help, "unknown mode '" + std::string(m) + "'");
    } else if (args[i].starts_with("--")) {
      return usage(compat_help, "unknown option '" + std::string(args[i]) + "'");
    } else {
      files.emplace_back(args[i]);
    }
  }
  if (!mode) return usage(compat_help, "--mode is required");
  if (files.size() < 2) return usage(compat_help, "give at least two schema files, oldest first");
  std::vector<nlohmann::json> schemas;
  for (const auto& f : files) {
    std::string text;
    if (f == "-" || !read_text(f, text)) return usage(compat_help, "cannot open '" + f + "'");
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !(j.is_object() || j.is_boolean()))
      return usage(compat_help, "'" + f + "' is not a JSON Schema document");
    schemas.push_back(std::move(j));
  }
  auto problems = events::check_compatibility(*mode, schemas);
  for (const auto& p : problems)
    std::cout << files[p.old_index] << " -> " << files[p.new_index] << " [" << p.direction << "] "
              << (p.path.empty() ? "(root)" : p.path) << ": " << p.message << '\n';
  if (problems.empty()) std::cerr << "compatible\n";
  else std::cerr << problems.size() << (problems.size() == 1 ? " problem\n" : " problems\n");
  return problems.empty() ? 0 : 1;
}

}  // namespace events_tool
