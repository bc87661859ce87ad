// Helpers shared by the subcommands.
#include "cli.hpp"

#include <events/detail/json_write.hpp>
#include <events/detail/utf8.hpp>

#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <iterator>

namespace events_tool {

int usage(const char* help, const std::string& problem) {
  std::cerr << "events: " << problem << "\n\n" << help;
  return 2;
}

int run_command(int argc, char** argv, const char* help, std::span<const command> commands) {
  std::ios::sync_with_stdio(false);
  if (argc < 2) return usage(help, "no command given");
  const std::string_view name = argv[1];
  const arg_list args(argv + 2, argv + argc);
  for (const command& c : commands) {
    if (c.name != name) continue;
    try {
      return c.run(args);
    } catch (const std::exception& e) {
      std::cerr << "events: " << e.what() << '\n';
      return 2;
    }
  }
  return usage(help, "unknown command '" + std::string(name) + "'");
}

bool wants_help(const arg_list& args) {
  for (auto a : args)
    if (a == "--help" || a == "-h") return true;
  return false;
}

void put_string(std::string& out, std::string_view s) { events::detail::write_escaped_repaired(out, s); }

bool parse_count(std::string_view s, std::uint64_t& out) {
  if (s.empty() || s.size() > 19) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return true;
}

bool read_text(const std::string& path, std::string& out) {
  if (path == "-") {
    out.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return !std::cin.bad();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

}  // namespace events_tool
