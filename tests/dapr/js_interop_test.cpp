// The sidecar double held to the official client: npm's @dapr/dapr publishes through it to our
// subscriber, and its DaprServer subscribes through it to what our publisher sends. And the
// WebSocket bridge, read by npm's `ws` client.
#include "dapr_fixture.hpp"

#include <events/catalog.hpp>
#include <events/dapr/bridge.hpp>
#include <events/dapr/publisher.hpp>
#include <events/dapr/routes.hpp>
#include <events/dapr/testing/sidecar_double.hpp>
#include <events/dapr/subscriber.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using events_test::app_server;
using events_test::eventually;
namespace dapr = events::dapr;
using task_created = events::event<events::TaskCreatedPayload>;
using task_completed = events::event<events::TaskCompletedPayload>;

namespace {

const std::string js_dir = std::string(EVENTS_SOURCE_DIR) + "/tests/js";

// A node script run with its stdout (and stderr) read line by line.
class node_process {
 public:
  explicit node_process(const std::string& args) {
    REQUIRE_MESSAGE(std::filesystem::exists(js_dir + "/node_modules/@dapr/dapr"),
                    "tests/js/node_modules is missing: run `npm ci` in tests/js (cmake/install-deps.sh does)");
    std::string cmd = "cd '" + js_dir + "' && exec " EVENTS_NODE " " + args + " 2>&1";
    pipe_ = popen(cmd.c_str(), "r");
    REQUIRE(pipe_ != nullptr);
  }
  ~node_process() {
    if (pipe_) pclose(pipe_);
  }
  // The next line, or nothing at end of output.
  std::optional<std::string> line() {
    char buf[65536];
    if (!fgets(buf, sizeof buf, pipe_)) return std::nullopt;
    std::string s(buf);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    output_ += s + '\n';
    return s;
  }
  // Reads to the end; returns the exit status.
  int finish() {
    while (line()) {
    }
    int status = pclose(pipe_);
    pipe_ = nullptr;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  const std::string& output() const { return output_; }

 private:
  FILE* pipe_ = nullptr;
  std::string output_;
};

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

task_created sample(std::string title) {
  return events::make_event(events::TaskCreatedPayload{.task_id = events::uuid::v4(), .user_id = events::uuid::v4(),
                                                       .title = std::move(title), .description = "from C++",
                                                       .priority = "low", .due_date = std::nullopt, .tags = {"cpp"}});
}

}  // namespace

TEST_SUITE("dapr.js") {

TEST_CASE("@dapr/dapr's DaprClient publishes (single and bulk) through the double to our subscriber") {
  dapr::sidecar_double sidecar;
  dapr::subscriber sub({.routes = dapr::seed_routes()});
  std::mutex mu;
  std::vector<std::string> titles;
  sub.on<task_created>([&](const task_created& ev) {
    std::lock_guard lock(mu);
    titles.emplace_back(ev.payload.title);
  });
  app_server app;
  sub.mount(app.server);
  app.start();
  REQUIRE(sidecar.connect_app(app.port) == 1);

  constexpr int n = 3;
  node_process js("dapr_publish.mjs " + std::to_string(sidecar.port()) + " " + std::to_string(n));
  int rc = js.finish();
  INFO(js.output());
  REQUIRE(rc == 0);
  REQUIRE(sidecar.wait_idle(5s));
  std::lock_guard lock(mu);
  REQUIRE(titles.size() == 2 * n);
  for (int i = 0; i < n; ++i) CHECK(titles[i] == "js single " + std::to_string(i));  // singles: in order
  std::vector<std::string> bulk(titles.begin() + n, titles.end());
  std::sort(bulk.begin(), bulk.end());  // the bulk API does not promise order
  for (int i = 0; i < n; ++i) CHECK(bulk[i] == "js bulk " + std::to_string(i));
  CHECK(sub.stats().handled == 2 * n);
  CHECK(sub.stats().dropped == 0);
}

TEST_CASE("@dapr/dapr's DaprServer subscribes through the double to what our publisher sends") {
  dapr::sidecar_double sidecar;
  const int app_port = free_port();
  constexpr int n = 3;
  node_process js("dapr_subscribe.mjs " + std::to_string(sidecar.port()) + " " + std::to_string(app_port) + " " +
                  std::to_string(n));
  std::optional<std::string> l;
  while ((l = js.line()) && *l != "ready") {
  }
  INFO(js.output());
  REQUIRE(l);
  REQUIRE(sidecar.connect_app(app_port) == 1);

  dapr::publisher pub({.port = sidecar.port()});
  std::vector<task_created> sent;
  for (int i = 0; i < n; ++i) {
    sent.push_back(sample("cpp " + std::to_string(i)));
    REQUIRE(pub.publish(sent.back()));
  }
  std::vector<std::string> got;
  while (got.size() < n && (l = js.line()))
    if (!l->empty() && l->front() == '{') got.push_back(*l);
  CHECK(js.finish() == 0);
  REQUIRE(got.size() == n);
  for (int i = 0; i < n; ++i) {
    // the SDK hands its handler the CloudEvent's data: our event, which must decode as sent
    auto back = events::from_json<task_created>(got[i]);
    REQUIRE_MESSAGE(back, got[i]);
    CHECK(*back == sent[i]);
  }
  CHECK(sidecar.stats().delivered == n);
}

TEST_CASE("the WebSocket bridge pushes task updates, in order, to a real WebSocket client (npm ws)") {
  dapr::sidecar_double sidecar;
  dapr::subscriber sub({.routes = dapr::seed_routes()});
  dapr::websocket_bridge bridge;
  bridge.attach<task_created, task_completed>(sub);
  app_server app;
  sub.mount(app.server);
  app.start();
  REQUIRE(sidecar.connect_app(app.port) == 1);

  constexpr int n = 6;
  node_process js("ws_client.mjs ws://127.0.0.1:" + std::to_string(bridge.port()) + "/task-updates " + std::to_string(n));
  auto first = js.line();
  INFO(js.output());
  REQUIRE(first == "open");
  REQUIRE(eventually([&] { return bridge.clients() == 1; }));

  dapr::publisher pub({.port = sidecar.port()});
  std::vector<std::string> expected;
  for (int i = 0; i < n; ++i) {
    if (i % 3 == 2) {
      auto done = events::make_event(events::TaskCompletedPayload{.task_id = events::uuid::v4(), .user_id = events::uuid::v4(),
                                                                  .completed_at = events::now(), .has_recurrence = false,
                                                                  .recurrence_pattern = std::nullopt});
      expected.push_back(events::to_json(done));
      REQUIRE(pub.publish(done, "task-updates"));
    } else {
      auto ev = sample("update " + std::to_string(i));
      expected.push_back(events::to_json(ev));
      REQUIRE(pub.publish(ev, "task-updates"));
    }
  }
  std::vector<std::string> got;
  std::optional<std::string> l;
  while (got.size() < n && (l = js.line())) got.push_back(*l);
  CHECK(js.finish() == 0);
  CHECK(got == expected);
  CHECK(bridge.broadcasts() == n);
}

}  // TEST_SUITE
