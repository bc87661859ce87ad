// `events list` and `events schema`: the catalog's rows and each type's JSON Schema.
#include "catalog_rows.hpp"
#include "cli.hpp"

#include <events/schema/json_schema.hpp>

#include <iostream>
#include <optional>

namespace events_tool {
namespace {

constexpr const char* list_help =
    "usage: events list [--json]\n"
    "\n"
    "One line per catalog event: wire type, version, topic and C++ name, tab-separated.\n"
    "With --json: an array of objects with keys type, version, topic, name.\n"
    "\n"
    "Examples:\n"
    "  events list\n"
    "  events list --json | jq -r '.[] | select(.topic == \"todos\") | .type'\n";

constexpr const char* schema_help =
    "usage: events schema <type> [--draft 07|2020-12]\n"
    "\n"
    "Prints the JSON Schema of an event type (draft-07 unless --draft 2020-12). Types are named\n"
    "by their wire event_type (TodoCreated, task.created, ...); a type with several versions is\n"
    "its newest unless suffixed .vN (task.created.v1). The seed-003 contract messages are\n"
    "TaskEvent and ReminderEvent.\n"
    "\n"
    "Examples:\n"
    "  events schema TodoCreated\n"
    "  events schema task.created --draft 2020-12 > task.created.schema.json\n";

}  // namespace

int cmd_list(const arg_list& args) {
  if (wants_help(args)) return std::cout << list_help, 0;
  bool as_json = false;
  for (auto a : args) {
    if (a == "--json") as_json = true;
    else return usage(list_help, "unexpected argument '" + std::string(a) + "'");
  }
  if (as_json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& e : entries())
      out.push_back({{"type", e.type}, {"version", e.version}, {"topic", e.topic}, {"name", e.name}});
    std::cout << out.dump(2) << '\n';
  } else {
    for (const auto& e : entries()) std::cout << e.type << '\t' << e.version << '\t' << e.topic << '\t' << e.name << '\n';
  }
  return 0;
}

int cmd_schema(const arg_list& args) {
  if (wants_help(args)) return std::cout << schema_help, 0;
  std::optional<std::string_view> type;
  events::schema_dialect dialect = events::schema_dialect::draft07;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--draft") {
      if (i + 1 == args.size()) return usage(schema_help, "--draft needs 07 or 2020-12");
      auto d = events::parse_schema_dialect(args[++i]);
      if (!d) return usage(schema_help, "unknown draft '" + std::string(args[i]) + "' (07 or 2020-12)");
      dialect = *d;
    } else if (!type && !args[i].starts_with("--")) {
      type = args[i];
    } else {
      return usage(schema_help, "unexpected argument '" + std::string(args[i]) + "'");
    }
  }
  if (!type) return usage(schema_help, "which type? (see `events list`)");
  auto schema = catalog_schema(*type, dialect);
  if (!schema) return usage(schema_help, "unknown type '" + std::string(*type) + "' (see `events list`)");
  std::cout << schema->dump(2) << '\n';
  return 0;
}

}  // namespace events_tool
