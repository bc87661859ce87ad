#pragma once
// Runs tests/interop/catalog_models.py (the Pydantic v2 models) with EVENTS_PYTHON.
#include "catalog_samples.hpp"

#include <cstdlib>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace catalog_test {

/// One output line of the script: the model name and the rest of the line.
struct python_line {
  std::string name;
  std::string text;
};

/// Runs the script in `mode` with `input` lines ("name\tjson") on stdin; returns its output lines.
inline std::vector<python_line> run_python(const std::string& mode, const std::vector<python_line>& input = {}) {
  namespace fs = std::filesystem;
  static int calls = 0;
  const fs::path dir = fs::temp_directory_path() /
                       ("events_catalog_" + std::to_string(::getpid()) + "_" + std::to_string(++calls));
  fs::create_directories(dir);
  {
    std::ofstream in(dir / "in.txt", std::ios::binary);
    for (const auto& l : input) in << l.name << '\t' << l.text << '\n';
  }
  const std::string script = std::string(EVENTS_SOURCE_DIR) + "/tests/interop/catalog_models.py";
  const std::string cmd = std::string("\"") + EVENTS_PYTHON + "\" \"" + script + "\" " + mode + " < \"" +
                          (dir / "in.txt").string() + "\" > \"" + (dir / "out.txt").string() + "\"";
  const int rc = std::system(cmd.c_str());
  REQUIRE_MESSAGE(rc == 0, "python failed: " << cmd);
  std::vector<python_line> out;
  std::ifstream in(dir / "out.txt", std::ios::binary);
  for (std::string line; std::getline(in, line);) {
    auto tab = line.find('\t');
    if (tab == std::string::npos)
      out.push_back({line, {}});
    else
      out.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  fs::remove_all(dir);
  return out;
}

/// Decodes `text` as the catalog type called `type_name`, re-encodes it; errors if it does not decode.
inline events::result<std::string> decode_by_name(const std::string& type_name, std::string_view text) {
  std::optional<events::result<std::string>> out;
  for_each_type([&]<class T>() {
    if (out || name<T>() != type_name) return;
    auto r = decode<T>(text);
    if (r)
      out.emplace(encode(*r));
    else
      out.emplace(r.error());
  });
  if (!out) return events::error_list{{.path = "", .code = "unknown_type", .message = type_name}};
  return std::move(*out);
}

}  // namespace catalog_test
