// `events-integrations`: the commands of `events` that talk to Kafka, PostgreSQL or a schema
// registry. `events` starts this program in its own place for them (tools/main.cpp), so a user
// types `events kafka serve`; the arguments arrive as `events` got them.
#include "cli.hpp"

#include <exception>
#include <iostream>
#include <string>

namespace {

constexpr const char* help =
    "usage: events <command> [options]   (this program runs the commands below for `events`)\n"
    "\n"
    "Commands:\n"
#if EVENTS_TOOL_DLQ
    "  dlq list|show|replay --topic DLQ ...           dead letters counted, shown, replayed (Kafka)\n"
#endif
#if EVENTS_TOOL_OUTBOX
    "  outbox ddl | relay --db CONNINFO ...           outbox/inbox DDL; publish an outbox table (PostgreSQL)\n"
#endif
#if EVENTS_TOOL_REGISTRY
    "  registry serve|check|register ...              a schema registry, and the catalog against one\n"
#endif
#if EVENTS_TOOL_KAFKA
    "  kafka serve [--port N]                         a local Kafka cluster with the catalog's topics\n"
#endif
    "\n"
    "Run `events --help` for every command.\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace events_tool;
  std::ios::sync_with_stdio(false);
  if (argc < 2) return usage(help, "no command given");
  std::string_view cmd = argv[1];
  arg_list args(argv + 2, argv + argc);
  try {
#if EVENTS_TOOL_KAFKA
    if (cmd == "kafka") return cmd_kafka(args);
#endif
#if EVENTS_TOOL_DLQ
    if (cmd == "dlq") return cmd_dlq(args);
#endif
#if EVENTS_TOOL_OUTBOX
    if (cmd == "outbox") return cmd_outbox(args);
#endif
#if EVENTS_TOOL_REGISTRY
    if (cmd == "registry") return cmd_registry(args);
#endif
  } catch (const std::exception& e) {
    std::cerr << "events: " << e.what() << '\n';
    return 2;
  }
  return usage(help, "unknown command '" + std::string(cmd) + "'");
}
