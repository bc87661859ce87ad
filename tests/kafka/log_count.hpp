#pragma once
// Reading a topic back with kcat, an independent consumer: how many copies of each event id the
// log holds, for counting duplicates in the log rather than in our consumer.
#include "kafka_fixture.hpp"

#include <map>
#include <string>

namespace kt {

// event_id -> copies in the topic (every partition, from the beginning).
inline std::map<std::string, int> log_copies(const events::kafka::embedded_cluster& c, const std::string& topic) {
  std::map<std::string, int> out;
  static const std::string key = "\"event_id\":\"";
  for (const auto& line : lines(kcat(c, "-C -t " + topic + " -o beginning -e -q -f '%s\\n'"))) {
    auto at = line.find(key);
    if (at != std::string::npos) ++out[line.substr(at + key.size(), 36)];
  }
  return out;
}

inline int extra_copies(const std::map<std::string, int>& copies) {
  int n = 0;
  for (const auto& [id, k] : copies) n += k - 1;
  return n;
}

inline int total(const std::map<std::string, int>& copies) {
  int n = 0;
  for (const auto& [id, k] : copies) n += k;
  return n;
}

}  // namespace kt
