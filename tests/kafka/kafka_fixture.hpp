#pragma once
// Shared by the Kafka tests: an embedded cluster, client configurations for it, a consumer
// loop with a safety deadline, kcat, and the counts every test checks.
#include <events/catalog.hpp>
#include <events/kafka/kafka.hpp>

#include <doctest/doctest.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace kt {

using namespace std::chrono_literals;

// Client settings for the mock cluster: the group join needs session.timeout.ms above 3000.
inline events::kafka::config client_config(const events::kafka::embedded_cluster& c) {
  return {{"bootstrap.servers", c.bootstrap()},
          {"session.timeout.ms", "6000"},
          {"heartbeat.interval.ms", "500"},
          {"auto.commit.interval.ms", "200"},
          {"linger.ms", "5"},
          {"log_level", "2"}};
}

inline events::kafka::consumer_options fast(std::vector<std::string> topics, std::string group) {
  events::kafka::consumer_options o;
  o.topics = std::move(topics);
  o.group_id = std::move(group);
  o.retry = {.max_retries = 3, .initial_backoff = 5ms, .multiplier = 2.0, .max_backoff = 100ms};
  o.poll_timeout = 50ms;
  return o;
}

// Polls until `settled() >= want`, with a generous safety deadline; the test then checks counts.
template <class F>
void poll_until(events::kafka::consumer& c, F done, std::chrono::seconds limit = 60s) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done() && std::chrono::steady_clock::now() < deadline) c.poll(50ms);
}

inline std::uint64_t settled(const events::kafka::consumer_stats& s) {
  return s.handled + s.dead_lettered + s.skipped + s.duplicates;
}

// Runs a command, returns its standard output.
inline std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 4096> buf;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  int rc = pclose(p);
  CHECK_MESSAGE(rc == 0, cmd);
  return out;
}

inline std::string kcat(const events::kafka::embedded_cluster& c, const std::string& args) {
  return run(std::string(EVENTS_KCAT) + " -b " + c.bootstrap() + " -X log_level=0 " + args);
}

inline std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < text.size()) {
    auto nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    if (nl > at) out.push_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  return out;
}

inline events::event<events::TaskCreatedPayload> task_created(int i, events::uuid user = events::uuid::v4()) {
  return events::make_event(events::TaskCreatedPayload{.task_id = events::uuid::v4(),
                                                       .user_id = user,
                                                       .title = "task " + std::to_string(i),
                                                       .description = std::nullopt,
                                                       .priority = i % 2 ? "high" : "low",
                                                       .due_date = std::nullopt,
                                                       .tags = {"t" + std::to_string(i)}},
                            {.correlation_id = events::uuid::v4()});
}

// Handler-call bookkeeping: every event id handled, and how often.
struct ledger {
  std::map<std::string, int> calls;
  void add(const events::uuid& id) { ++calls[id.to_string()]; }
  int duplicates() const {
    int d = 0;
    for (const auto& [id, n] : calls) d += n - 1;
    return d;
  }
  int lost(const std::set<std::string>& sent) const {
    int l = 0;
    for (const auto& id : sent) l += calls.count(id) ? 0 : 1;
    return l;
  }
};

}  // namespace kt
