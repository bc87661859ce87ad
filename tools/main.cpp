// `events`: the catalog from the shell. One file per command (cmd_*.cpp); this one dispatches.
#include "cli.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>

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

// The commands built into events-integrations (tools/CMakeLists.txt says why they are apart).
constexpr std::string_view integration_commands[] = {
#if EVENTS_TOOL_KAFKA
    "kafka",
#endif
#if EVENTS_TOOL_DLQ
    "dlq",
#endif
#if EVENTS_TOOL_OUTBOX
    "outbox",
#endif
#if EVENTS_TOOL_REGISTRY
    "registry",
#endif
    ""};

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

}  // namespace

int main(int argc, char** argv) {
  using namespace events_tool;
  std::ios::sync_with_stdio(false);
  if (argc < 2) return usage(main_help, "no command given");
  std::string_view cmd = argv[1];
  arg_list args(argv + 2, argv + argc);
  try {
    if (cmd == "--help" || cmd == "-h" || cmd == "help") return std::cout << main_help, 0;
    if (cmd == "--version" || cmd == "version") return std::cout << "events " EVENTS_TOOL_VERSION "\n", 0;
    if (cmd == "list") return cmd_list(args);
    if (cmd == "schema") return cmd_schema(args);
    if (cmd == "sample") return cmd_sample(args);
    if (cmd == "validate") return cmd_validate(args);
    if (cmd == "fmt") return cmd_fmt(args);
    if (cmd == "check-compat") return cmd_check_compat(args);
    if (cmd == "gen") return cmd_gen(args);
    if (cmd == "asyncapi") return cmd_asyncapi(args);
    if (cmd == "topics") return cmd_topics(args);
    for (std::string_view c : integration_commands)
      if (!c.empty() && cmd == c) return hand_off(argv);
  } catch (const std::exception& e) {
    std::cerr << "events: " << e.what() << '\n';
    return 2;
  }
  return usage(main_help, "unknown command '" + std::string(cmd) + "'");
}
