#pragma once
// Runs a node script of tests/js (the npm peers: kafkajs, the CloudEvents SDK) to its end.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace node_peer {

using json = nlohmann::json;

inline const std::string js_dir = std::string(EVENTS_SOURCE_DIR) + "/tests/js";

// Runs `node <args>` in tests/js to its end: its exit status and its output lines.
struct node_run {
  int status = -1;
  std::vector<std::string> lines;
  std::string output;
};

// Runs a shell command; its exit status and what it printed (stdout and stderr), line by line.
inline node_run run_process(const std::string& cmd) {
  node_run r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[1 << 16];
  while (std::fgets(buf, sizeof buf, p)) {
    std::string l(buf);
    r.output += l;
    while (!l.empty() && (l.back() == '\n' || l.back() == '\r')) l.pop_back();
    r.lines.push_back(std::move(l));
  }
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

inline node_run run_node(const std::string& args) {
  REQUIRE_MESSAGE(std::filesystem::exists(js_dir + "/node_modules/kafkajs"),
                  "tests/js/node_modules is missing: run `npm ci` in tests/js (cmake/install-deps.sh does)");
  return run_process("cd '" + js_dir + "' && exec " EVENTS_NODE " " + args + " 2>&1");
}

// The JSON objects node printed, one per line (other lines, such as kafkajs logs, are skipped).
inline std::vector<json> objects(const node_run& r) {
  std::vector<json> out;
  for (const auto& l : r.lines)
    if (!l.empty() && l.front() == '{') out.push_back(json::parse(l));
  return out;
}

// A file in the temporary folder holding `content`, named for this process, removed when the
// object goes (also when a REQUIRE throws before the test's end).
class temp_file {
 public:
  temp_file(const std::string& name, const std::string& content)
      : path_((std::filesystem::temp_directory_path() / ("events-node-peer-" + std::to_string(::getpid()) + "-" + name)).string()) {
    std::ofstream(path_) << content;
  }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
  ~temp_file() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace node_peer
