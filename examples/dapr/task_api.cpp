// Seed 004's FastAPI endpoint (Example 8) in C++: POST /api/v1/tasks validates the posted task,
// saves it, and publishes task.created through Dapr pub/sub (as the seed does, to the sidecar's
// /v1.0/publish/kafka-pubsub/task-events); a subscriber app on task-events is the consumer side.
// The sidecar is the in-process double; with a real one, set DAPR_HTTP_PORT and drop the double.
//
//   task_api            serves on 127.0.0.1, posts one valid and one invalid task itself, checks
//   task_api --serve    serves until stdin closes (tests drive it with an HTTP client), then
//                       prints every task.created the consumer received, one JSON per line
//
// A bad body is answered 422 with every error, as FastAPI answers a Pydantic body model:
// {"detail": [{"type": "string_too_short", "loc": ["body", "title"], "msg": "...", "input": ...}]}.
#include <events/dapr/publisher.hpp>
#include <events/dapr/routes.hpp>
#include <events/dapr/testing/sidecar_double.hpp>
#include <events/dapr/subscriber.hpp>
#include <events/task_events.hpp>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
namespace dapr = events::dapr;
using task_created = events::event<events::TaskCreatedPayload>;

/// The body of POST /api/v1/tasks: seed 004's TaskCreatedPayload without task_id, which the store
/// assigns (the seed's endpoint takes the task's fields and saves them first).
struct NewTask {
  static constexpr std::array<std::string_view, 1> defaulted = {"tags"};
  events::uuid user_id;
  events::string<events::min_length<1>, events::max_length<200>> title;
  std::optional<std::string> description;
  std::string priority = "medium";
  std::optional<events::timestamp> due_date;
  std::vector<std::string> tags;
};

/// The tasks saved so far (the seed's save_task_to_database).
class task_store {
 public:
  events::TaskCreatedPayload save(NewTask t) {
    std::lock_guard lock(mu_);
    events::TaskCreatedPayload saved{.task_id = events::uuid::v4(), .user_id = t.user_id, .title = std::move(t.title),
                                     .description = std::move(t.description), .priority = std::move(t.priority),
                                     .due_date = t.due_date, .tags = std::move(t.tags)};
    tasks_.emplace(saved.task_id.to_string(), saved);
    return saved;
  }
  std::size_t size() const {
    std::lock_guard lock(mu_);
    return tasks_.size();
  }

 private:
  mutable std::mutex mu_;
  std::map<std::string, events::TaskCreatedPayload> tasks_;
};

/// A JSON Pointer ("/tags/0") as FastAPI's loc: ["body", "tags", 0].
nlohmann::json loc_of(const std::string& pointer) {
  nlohmann::json loc = nlohmann::json::array({"body"});
  for (std::size_t at = 1; at <= pointer.size();) {
    std::size_t next = std::min(pointer.find('/', at), pointer.size());
    std::string step = pointer.substr(at, next - at);
    for (std::size_t i; (i = step.find("~1")) != std::string::npos;) step.replace(i, 2, "/");
    for (std::size_t i; (i = step.find("~0")) != std::string::npos;) step.replace(i, 2, "~");
    if (!step.empty() && step.find_first_not_of("0123456789") == std::string::npos)
      loc.push_back(std::stoll(step));
    else
      loc.push_back(step);
    at = next + 1;
  }
  return loc;
}

/// The 422 body FastAPI writes for a body that fails its model.
std::string unprocessable(const events::error_list& errors) {
  nlohmann::json detail = nlohmann::json::array();
  for (const auto& e : errors) {
    nlohmann::json d{{"type", e.code}, {"loc", loc_of(e.path)}, {"msg", e.message}};
    if (!e.input.empty()) d["input"] = e.input;
    detail.push_back(std::move(d));
  }
  return nlohmann::json{{"detail", std::move(detail)}}.dump();
}

/// The API service: validates, saves, publishes.
struct task_api {
  task_store& store;
  dapr::publisher& out;

  void mount(httplib::Server& server) {
    server.Post("/api/v1/tasks", [this](const httplib::Request& req, httplib::Response& res) {
      auto body = events::from_json<NewTask>(req.body);
      if (!body) {
        res.status = 422;
        return res.set_content(unprocessable(body.error()), "application/json");
      }
      const auto task = store.save(std::move(*body));
      auto published = out.publish(events::make_event(task));  // topic task-events, key task_id
      if (!published) {
        res.status = 500;
        return res.set_content(nlohmann::json{{"detail", published.message}}.dump(), "application/json");
      }
      res.status = 201;
      res.set_content(nlohmann::json{{"id", task.task_id.to_string()}, {"title", std::string(task.title)}}.dump(),
                      "application/json");
    });
  }
};

/// The consumer side: a subscriber app on task-events, keeping what it received.
struct consumer_app {
  dapr::subscriber sub{{.routes = dapr::seed_routes()}};
  httplib::Server server;
  std::thread thread;
  std::mutex mu;
  std::condition_variable changed;
  std::vector<task_created> received;

  void start(dapr::sidecar_double& sidecar) {
    sub.on<task_created>([this](const task_created& ev) {
      std::lock_guard lock(mu);
      received.push_back(ev);
      changed.notify_all();
    });
    sub.mount(server);
    const int port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(1ms);
    sidecar.connect_app(port);
  }
  bool wait_for(std::size_t n, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu);
    return changed.wait_for(lock, timeout, [&] { return received.size() >= n; });
  }
  ~consumer_app() {
    server.stop();
    if (thread.joinable()) thread.join();
  }
};

// Without --serve: one valid and one invalid post, through cpp-httplib's client.
int self_check(int port, consumer_app& consumer, task_store& store) {
  httplib::Client client("127.0.0.1", port);
  auto ok = client.Post("/api/v1/tasks", R"({"user_id":"6ba7b810-9dad-41d1-80b4-00c04fd430c8","title":"Buy groceries",)"
                                         R"("priority":"high","tags":["errand"]})", "application/json");
  auto bad = client.Post("/api/v1/tasks", R"({"user_id":"user-uuid","title":"","tags":[1]})", "application/json");
  if (!ok || !bad) return std::puts("no answer from the API"), 1;
  std::printf("valid:   %d %s\ninvalid: %d %s\n", ok->status, ok->body.c_str(), bad->status, bad->body.c_str());
  if (!consumer.wait_for(1, 10s)) return std::puts("task.created never reached the consumer"), 1;
  std::lock_guard lock(consumer.mu);
  const auto& got = consumer.received.front();
  std::printf("consumed: %s\n", got.to_json().c_str());
  const auto answer = nlohmann::json::parse(ok->body);
  const auto detail = nlohmann::json::parse(bad->body)["detail"];
  return ok->status == 201 && bad->status == 422 && detail.size() == 3 && store.size() == 1 &&
                 answer["id"] == got.payload.task_id.to_string() && got.payload.title == "Buy groceries"
             ? 0
             : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const bool serve = argc > 1 && std::string(argv[1]) == "--serve";
  dapr::sidecar_double sidecar;
  consumer_app consumer;
  consumer.start(sidecar);

  task_store store;
  dapr::publisher out({.port = sidecar.port()});
  task_api api{store, out};
  httplib::Server server;
  api.mount(server);
  const int port = server.bind_to_any_port("127.0.0.1");
  if (port <= 0) return std::puts("could not bind 127.0.0.1"), 1;
  std::thread listener([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(1ms);

  int rc = 0;
  if (!serve) {
    rc = self_check(port, consumer, store);
  } else {
    std::printf("listening on 127.0.0.1:%d\n", port);
    std::fflush(stdout);
    for (std::string line; std::getline(std::cin, line);) {
    }
    consumer.wait_for(store.size(), 10s);
    std::lock_guard lock(consumer.mu);
    for (const auto& ev : consumer.received) std::printf("consumed %s\n", ev.to_json().c_str());
  }
  server.stop();
  listener.join();
  return rc;
}
