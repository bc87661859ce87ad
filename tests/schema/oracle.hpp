#pragma once
// Runs Python's jsonschema (tests/schema/jsonschema_oracle.py) over a schema and instances: the
// independent judge of every generated schema.
#include <nlohmann/json.hpp>

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <events/codec/context.hpp>

namespace schema_test {

/// Decoding as a JSON Schema describes it: strict. The schema is the canonical contract, as
/// Pydantic's model_json_schema() is; lax coercions ("5" for an int, Unix time for a datetime)
/// are accepted beyond it by default, as Pydantic accepts them.
inline events::decode_options strict() {
  events::decode_options o;
  o.strict = true;
  return o;
}

/// Output and exit status of a shell command.
struct run_result {
  std::string out;
  int status = -1;
};

inline run_result run(const std::string& command) {
  run_result r;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

inline std::string temp_path(const std::string& stem) {
  static int counter = 0;
  return (std::filesystem::temp_directory_path() /
          ("events_schema_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" + stem))
      .string();
}

/// jsonschema's verdict on each instance (true: valid). Fails the test if the schema itself is
/// not valid in its dialect.
template <class Json>
std::vector<bool> judge(const Json& schema, const std::vector<std::string>& instances) {
  nlohmann::ordered_json request;
  request["schema"] = nlohmann::ordered_json::parse(schema.dump());
  request["instances"] = instances;
  const std::string path = temp_path("request.json");
  std::ofstream(path) << request.dump();
  run_result r = run(std::string(EVENTS_PYTHON) + " " + EVENTS_SOURCE_DIR + "/tests/schema/jsonschema_oracle.py " +
                     path + " 2>&1");
  std::remove(path.c_str());
  INFO("oracle output: " << r.out);
  REQUIRE(r.status == 0);
  std::vector<bool> verdicts;
  for (char c : r.out)
    if (c == '0' || c == '1') verdicts.push_back(c == '1');
  REQUIRE(verdicts.size() == instances.size());
  return verdicts;
}

}  // namespace schema_test
