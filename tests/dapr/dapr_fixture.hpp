#pragma once
// An app (httplib server on a free loopback port) next to a sidecar double, for the Dapr tests.
#include <events/dapr/testing/sidecar_double.hpp>

#include <httplib.h>

#include <chrono>
#include <functional>
#include <thread>

namespace events_test {

// Runs `server` on a free port of 127.0.0.1 until destroyed.
struct app_server {
  httplib::Server server;
  int port = 0;
  std::thread thread;
  app_server() = default;
  void start() {
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~app_server() {
    server.stop();
    if (thread.joinable()) thread.join();
  }
};

// Polls `done` every few milliseconds until it holds or `timeout` passes. The deadline is generous
// (a slow or sanitized machine); it only costs time when the condition never comes.
inline bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::milliseconds(20000)) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace events_test
