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

/// One schema and the instances to judge against it.
struct judge_request {
  nlohmann::ordered_json schema;
  std::vector<std::string> instances;
};

/// jsonschema's verdicts on many requests in one Python run (its start and import of jsonschema
/// cost more than judging a few dozen instances). Fails the test if a schema is not valid in its
/// dialect.
inline std::vector<std::vector<bool>> judge_all(const std::vector<judge_request>& requests) {
  nlohmann::ordered_json batch = nlohmann::ordered_json::array();
  for (const auto& r : requests) batch.push_back({{"schema", r.schema}, {"instances", r.instances}});
  const std::string path = temp_path("batch.json");
  std::ofstream(path) << nlohmann::ordered_json{{"batch", batch}}.dump();
  run_result r = run(std::string(EVENTS_PYTHON) + " " + EVENTS_SOURCE_DIR + "/tests/schema/jsonschema_oracle.py " +
                     path + " 2>&1");
  std::remove(path.c_str());
  INFO("oracle output: " << r.out);
  REQUIRE(r.status == 0);
  std::vector<std::vector<bool>> all;
  std::size_t start = 0;
  while (start < r.out.size()) {
    std::size_t end = r.out.find('\n', start);
    if (end == std::string::npos) end = r.out.size();
    const std::string line = r.out.substr(start, end - start);
    start = end + 1;
    REQUIRE_MESSAGE(line.rfind("ok ", 0) == 0, "request " << all.size() << ": " << line);
    std::vector<bool> v;
    for (char c : line.substr(3)) v.push_back(c == '1');
    all.push_back(std::move(v));
  }
  REQUIRE(all.size() == requests.size());
  for (std::size_t i = 0; i < all.size(); ++i) REQUIRE(all[i].size() == requests[i].instances.size());
  return all;
}

}  // namespace schema_test
