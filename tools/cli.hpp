#pragma once
// Shared by the `events` subcommands: usage errors, JSON string output, reading inputs, and the
// command entry points (one file per command).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace events_tool {

using arg_list = std::vector<std::string_view>;

/// Prints "events: <problem>" and the help on stderr; returns 2 (usage error).
int usage(const char* help, const std::string& problem);
/// A command: the name that selects it (argv[1]) and what runs it with the arguments after it.
struct command {
  std::string_view name;
  int (*run)(const arg_list& args);
};
/// A program's main over its commands: runs the one argv[1] names; a usage error (status 2) when
/// none is named or none matches; an exception out of a command is printed, status 2.
int run_command(int argc, char** argv, const char* help, std::span<const command> commands);
/// True when --help or -h is among the arguments.
bool wants_help(const arg_list& args);
/// Appends `s` as a JSON string; invalid UTF-8 becomes U+FFFD so every line stays valid JSON.
void put_string(std::string& out, std::string_view s);
/// A non-negative decimal integer.
bool parse_count(std::string_view s, std::uint64_t& out);
/// The whole content of a file ("-": stdin). False when it cannot be read.
bool read_text(const std::string& path, std::string& out);

int cmd_list(const arg_list& args);
int cmd_schema(const arg_list& args);
int cmd_sample(const arg_list& args);
int cmd_validate(const arg_list& args);
int cmd_fmt(const arg_list& args);
int cmd_check_compat(const arg_list& args);
int cmd_gen(const arg_list& args);
int cmd_asyncapi(const arg_list& args);
int cmd_topics(const arg_list& args);
// The commands of events-integrations (tools/integrations_main.cpp), which `events` starts for them.
int cmd_kafka(const arg_list& args);     // `kafka serve`, with events::kafka (EVENTS_TOOL_KAFKA)
int cmd_dlq(const arg_list& args);       // with events::kafka (EVENTS_TOOL_DLQ)
int cmd_outbox(const arg_list& args);    // with events::outbox (EVENTS_TOOL_OUTBOX)
int cmd_registry(const arg_list& args);  // with events::schema_registry (EVENTS_TOOL_REGISTRY)

}  // namespace events_tool
