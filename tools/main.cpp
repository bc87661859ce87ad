// `events`: the catalog from the shell. One file per command (cmd_*.cpp); this one dispatches.
#include "cli.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>

#ifndef EVENTS_TOOL_VERSION
#define EVENTS_TOOL_VERSION "unknown"
#endif

namespace {

constexpr const char* main_help =
    "usage: events <command> [options]\n"
    "\n"
    "Commands:\n"
    "  list [--json]                                  the catalog: type, version, topic, C++ name\n"
    "  schema <type> [--draft 07|2020-12]             JSON Schema of an event type\n"
    "  sample <type> [--count N] [--seed S]           N valid events, one JSON per line\n"
    "  validate [<type>] [-j N] [FILE...]             check NDJSON from files or stdin\n"
    "  fmt [<type>] [-j N] [FILE...]                  re-encode valid NDJSON lines canonically\n"
    "  check-compat --mode MODE OLD.json NEW.json [...]  schema compatibility (Confluent modes)\n"
    "  gen <Type> \"<fields>\" [options]                C++ (or --lang python) event types from a\n"
    "                                                 field list, a --domain, --from-schema or --from-type\n"
    "  asyncapi [--format json|yaml]                  AsyncAPI 3.0 document of the catalog\n"
    "  topics [--strimzi]                             the catalog's topics (Strimzi KafkaTopic YAML)\n"
    "  dlq list|show|replay --topic DLQ ...           dead letters counted, shown, replayed (Kafka)\n"
    "  outbox ddl | relay --db CONNINFO ...           outbox/inbox DDL; publish an outbox table (PostgreSQL)\n"
    "  registry serve|check|register ...              a schema registry, and the catalog against one\n"
    "  kafka serve [--port N]                         a local Kafka cluster with the catalog's topics\n"
    "  --version                                      the version of events\n"
    "\n"
    "Run `events <command> --help` for details and examples.\n";

// Whether `name` is a command of events-integrations (tools/CMakeLists.txt says why they are apart).
bool is_integration_command([[maybe_unused]] std::string_view name) {
  return false
#if EVENTS_TOOL_KAFKA
         || name == "kafka"
#endif
#if EVENTS_TOOL_DLQ
         || name == "dlq"
#endif
#if EVENTS_TOOL_OUTBOX
         || name == "outbox"
#endif
#if EVENTS_TOOL_REGISTRY
         || name == "registry"
#endif
      ;
}

// Runs events-integrations, from this program's own folder, in this process's place with the
// same arguments; returns only when it cannot be started.
int hand_off(char** argv) {
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) self = argv[0];
  const std::filesystem::path peer = self.parent_path() / "events-integrations";
  ::execv(peer.c_str(), argv);
  std::cerr << "events: '" << argv[1] << "' is a command of " << peer.string()
            << ", which could not be started: " << std::strerror(errno) << '\n';
  return 2;
}

int print_help(const events_tool::arg_list&) {
  std::cout << main_help;
  return 0;
}
int print_version(const events_tool::arg_list&) {
  std::cout << "events " EVENTS_TOOL_VERSION "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace events_tool;
  if (argc >= 2 && is_integration_command(argv[1])) return hand_off(argv);
  static constexpr command commands[] = {
      {"--help", print_help}, {"-h", print_help}, {"help", print_help},
      {"--version", print_version}, {"version", print_version},
      {"list", cmd_list}, {"schema", cmd_schema}, {"sample", cmd_sample}, {"validate", cmd_validate},
      {"fmt", cmd_fmt}, {"check-compat", cmd_check_compat}, {"gen", cmd_gen}, {"asyncapi", cmd_asyncapi},
      {"topics", cmd_topics}};
  return run_command(argc, argv, main_help, commands);
}
