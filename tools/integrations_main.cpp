// `events-integrations`: the commands of `events` that talk to Kafka, PostgreSQL or a schema
// registry. `events` starts this program in its own place for them (tools/main.cpp), so a user
// types `events kafka serve`; the arguments arrive as `events` got them.
#include "cli.hpp"

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

constexpr events_tool::command commands[] = {
#if EVENTS_TOOL_KAFKA
    {"kafka", events_tool::cmd_kafka},
#endif
#if EVENTS_TOOL_DLQ
    {"dlq", events_tool::cmd_dlq},
#endif
#if EVENTS_TOOL_OUTBOX
    {"outbox", events_tool::cmd_outbox},
#endif
#if EVENTS_TOOL_REGISTRY
    {"registry", events_tool::cmd_registry},
#endif
};

}  // namespace

int main(int argc, char** argv) { return events_tool::run_command(argc, argv, help, commands); }
