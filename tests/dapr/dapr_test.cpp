// events::dapr against Dapr's documented HTTP contract, with httplib servers on 127.0.0.1
// playing the sidecar (publish API) and the sidecar's calls (subscribe and deliver).
#include "test_types.hpp"

#include <events/catalog/contract.hpp>
#include <events/dapr/publisher.hpp>
#include <events/dapr/subscriber.hpp>
#include <events/catalog/task_events.hpp>
#include <events/trace.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <mutex>
#include <stdexcept>
#include <thread>

namespace {

test::OrderPlaced order(std::string title = "Book") {
  return {.order_id = *events::uuid::parse("123e4567-e89b-12d3-a456-426614174000"),
          .user_id = *events::uuid::parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
          .title = std::move(title)};
}

// An httplib server on a free loopback port, listening on its own thread for the test's life.
class local_server {
 public:
  httplib::Server server;
  int port = 0;
  void start() {
    port = server.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    thread_ = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~local_server() {
    server.stop();
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::thread thread_;
};

struct captured {
  std::mutex m;
  std::string path, partition_key, content_type, token, body;
  int calls = 0;
};

}  // namespace

TEST_SUITE("dapr") {

TEST_CASE("publish posts a structured CloudEvent to the sidecar's publish API") {
  captured got;
  int reply_status = 204;
  local_server sidecar;
  sidecar.server.Post(R"(/v1\.0/publish/([^/]+)/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(got.m);
    ++got.calls;
    got.path = req.path;
    got.partition_key = req.get_param_value("metadata.partitionKey");
    got.content_type = req.get_header_value("Content-Type");
    got.token = req.get_header_value("dapr-api-token");
    got.body = req.body;
    res.status = reply_status;
    if (reply_status >= 400) res.set_content(R"({"errorCode":"ERR_PUBSUB_PUBLISH_MESSAGE"})", "application/json");
  });
  sidecar.start();

  events::dapr::publisher pub({.port = sidecar.port, .pubsub = "kafka-pubsub", .api_token = "secret"});
  auto ev = events::make_event(order(), {.correlation_id = events::uuid::v4()});

  SUBCASE("success: the event's topic, key, id and data arrive") {
    auto r = pub.publish(ev);
    CHECK(r.ok);
    CHECK(r.status == 204);
    CHECK(r.event_id == ev.event_id.to_string());
    std::lock_guard lock(got.m);
    CHECK(got.path == "/v1.0/publish/kafka-pubsub/orders");
    CHECK(got.partition_key == ev.payload.order_id.to_string());
    CHECK(got.content_type == "application/cloudevents+json");
    CHECK(got.token == "secret");
    auto ce = events::cloudevents::parse_structured(got.body);
    REQUIRE(ce);
    CHECK(ce->attrs.id == ev.event_id.to_string());
    CHECK(ce->attrs.type == "order.placed");
    CHECK(ce->attrs.correlationid == ev.correlation_id->to_string());
    auto back = events::event<test::OrderPlaced>::from_json(ce->data);
    REQUIRE(back);
    CHECK(*back == ev);
  }
  SUBCASE("an explicit topic wins over the catalog topic") {
    CHECK(pub.publish(ev, "orders-v2").ok);
    std::lock_guard lock(got.m);
    CHECK(got.path == "/v1.0/publish/kafka-pubsub/orders-v2");
  }
  SUBCASE("the sidecar's refusal comes back with its status and body") {
    reply_status = 500;
    auto r = pub.publish(ev);
    CHECK_FALSE(r.ok);
    CHECK(r.status == 500);
    CHECK(r.message.find("ERR_PUBSUB_PUBLISH_MESSAGE") != std::string::npos);
  }
}

TEST_CASE("publish without a sidecar reports the failure and does not throw") {
  int port = 0;
  {
    local_server gone;  // take a free port, then close it
    gone.start();
    port = gone.port;
  }
  events::dapr::publisher pub({.port = port, .timeout = std::chrono::milliseconds(500)});
  auto r = pub.publish(events::make_event(order()));
  CHECK_FALSE(r.ok);
  CHECK(r.status == 0);
  CHECK(r.message.find("no reply from the Dapr sidecar") != std::string::npos);
}

TEST_CASE("GET /dapr/subscribe lists one subscription per topic with its route and dead-letter topic") {
  events::dapr::subscriber sub({.pubsub = "kafka-pubsub"});
  sub.on<events::event<test::OrderPlaced>>([](const auto&) {});
  sub.on<events::event<test::OrderPlaced>>([](const auto&) {}, "archive");
  auto subs = nlohmann::json::parse(sub.subscriptions_json());
  REQUIRE(subs.size() == 2);
  CHECK(subs[0] == nlohmann::json{{"pubsubname", "kafka-pubsub"}, {"topic", "archive"}, {"route", "/events/archive"},
                                  {"deadLetterTopic", "archive-dlq"}});
  CHECK(subs[1] == nlohmann::json{{"pubsubname", "kafka-pubsub"}, {"topic", "orders"}, {"route", "/events/orders"},
                                  {"deadLetterTopic", "orders-dlq"}});
}

TEST_CASE("deliveries get SUCCESS, RETRY or DROP as Dapr expects") {
  std::vector<std::string> titles;
  events::dapr::subscriber sub;
  sub.on<events::event<test::OrderPlaced>>([&](const events::event<test::OrderPlaced>& ev) {
    if (ev.payload.title == "boom") throw std::runtime_error("database down");
    if (ev.payload.title == "later") return events::dapr::status::retry;
    titles.push_back(ev.payload.title);
    return events::dapr::status::success;
  });
  local_server app;
  sub.mount(app.server);
  app.start();
  httplib::Client dapr("127.0.0.1", app.port);

  auto deliver = [&](const std::string& body) {
    auto res = dapr.Post("/events/orders", body, "application/cloudevents+json");
    REQUIRE(res);
    CHECK(res->status == 200);
    return std::pair(nlohmann::json::parse(res->body).at("status").get<std::string>(),
                     res->get_header_value("x-events-reason"));
  };
  auto structured = [](std::string title) {
    return events::cloudevents::to_structured(events::make_event(order(std::move(title))), "/test");
  };

  SUBCASE("a structured CloudEvent of ours") {
    CHECK(deliver(structured("Book")).first == "SUCCESS");
    CHECK(titles == std::vector<std::string>{"Book"});
  }
  SUBCASE("Dapr's own wrapping of a plain-JSON publish: the event_type inside decides") {
    std::string body = R"({"specversion":"1.0","type":"com.dapr.event.sent","source":"todo-api","id":"x1",)"
                       R"("datacontenttype":"application/json","topic":"orders","pubsubname":"kafka-pubsub","data":)" +
                       events::make_event(order("Wrapped")).to_json() + "}";
    CHECK(deliver(body).first == "SUCCESS");
    CHECK(titles == std::vector<std::string>{"Wrapped"});
  }
  SUBCASE("a raw payload (no CloudEvent around it)") {
    CHECK(deliver(events::make_event(order("Raw")).to_json()).first == "SUCCESS");
    CHECK(titles == std::vector<std::string>{"Raw"});
  }
  SUBCASE("invalid events are dropped with every error as the reason") {
    auto [word, reason] = deliver(structured(std::string(30, 'x')));
    CHECK(word == "DROP");
    CHECK(reason.find("/payload/title") != std::string::npos);
    CHECK(reason.find("string_too_long") != std::string::npos);
    CHECK(deliver("{\"specversion\":\"1.0\",\"data\":").first == "DROP");  // truncated
    CHECK(deliver("\xff\xfe garbage").first == "DROP");
    CHECK(sub.stats().dropped == 3);
    CHECK(titles.empty());
  }
  SUBCASE("a throwing handler asks for a retry; so can a handler by its return") {
    auto [word, reason] = deliver(structured("boom"));
    CHECK(word == "RETRY");
    CHECK(reason.find("database down") != std::string::npos);
    CHECK(deliver(structured("later")).first == "RETRY");
    CHECK(sub.stats().retried == 2);
  }
  SUBCASE("types nobody handles are acknowledged and counted, not lost silently") {
    std::string other = R"({"event_id":"123e4567-e89b-12d3-a456-426614174000","event_type":"order.cancelled","payload":{}})";
    CHECK(deliver(other).first == "SUCCESS");
    CHECK(sub.stats().ignored == 1);
    CHECK(titles.empty());
  }
}

TEST_CASE("publisher to subscriber through a pass-through sidecar") {
  std::vector<events::event<test::OrderPlaced>> received;
  events::dapr::subscriber sub;
  sub.on<events::event<test::OrderPlaced>>([&](const auto& ev) { received.push_back(ev); });
  local_server app;
  sub.mount(app.server);
  app.start();

  // The sidecar: asks the app for its subscriptions, then delivers each publish to the route.
  local_server sidecar;
  httplib::Client to_app("127.0.0.1", app.port);
  auto subs = nlohmann::json::parse(to_app.Get("/dapr/subscribe")->body);
  sidecar.server.Post(R"(/v1\.0/publish/([^/]+)/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
    std::string topic = req.matches[2];
    for (const auto& s : subs) {
      if (s.at("topic") != topic) continue;
      auto delivered = to_app.Post(s.at("route").get<std::string>(), req.body, "application/cloudevents+json");
      res.status = delivered && delivered->status == 200 ? 204 : 500;
      return;
    }
    res.status = 404;
  });
  sidecar.start();

  events::dapr::publisher pub({.port = sidecar.port});
  std::vector<events::event<test::OrderPlaced>> sent;
  for (int i = 0; i < 5; ++i) {
    sent.push_back(events::make_event(order("Book " + std::to_string(i))));
    CHECK(pub.publish(sent.back()).ok);
  }
  CHECK(received == sent);
}

namespace {
using v1_event = events::event<events::TaskCreatedPayload>;
using v2_event = events::event<events::TaskCreatedPayloadV2>;

events::TaskCreatedPayload v1_payload(std::string title) {
  return {.task_id = events::uuid::v4(), .user_id = events::uuid::v4(), .title = std::move(title),
          .description = std::nullopt, .priority = "low", .due_date = std::nullopt, .tags = {"x"}};
}

// A version 3 this subscriber does not handle.
struct TaskCreatedV3 {
  static constexpr std::string_view type = "task.created";
  static constexpr int version = 3;
  [[maybe_unused]] static constexpr std::string_view topic = "task-events";  // read only by traits
  events::uuid task_id;
  std::string title;
};

// What the sidecar delivers for a plain-JSON publish: its own CloudEvent around the data.
std::string dapr_wrapped(const std::string& data) {
  return R"({"specversion":"1.0","type":"com.dapr.event.sent","source":"todo-api","id":"x1",)"
         R"("datacontenttype":"application/json","pubsubname":"kafka-pubsub","data":)" + data + "}";
}
}  // namespace

TEST_CASE("versions: v1 and v2 publishers into a v2-only subscriber, newer versions dropped, duplicates refused") {
  events::dapr::subscriber sub;
  std::vector<v2_event> got;
  sub.on<v2_event>([&](const v2_event& ev) { got.push_back(ev); });
  CHECK_THROWS_WITH_AS(sub.on<v2_event>([](const v2_event&) {}),
                       doctest::Contains("already registered, for events::event<events::TaskCreatedPayloadV2>"),
                       std::invalid_argument);
  auto v1 = events::make_event(v1_payload("old service"));
  auto v2 = events::make_event(events::TaskCreatedPayloadV2::upcast(v1_payload("new service")));
  v2.payload.attachments = {"b.pdf"};
  CHECK(sub.handle("task-events", events::cloudevents::to_structured(v1, "/v1")).outcome == events::dapr::status::success);
  CHECK(sub.handle("task-events", events::cloudevents::to_structured(v2, "/v2")).outcome == events::dapr::status::success);
  CHECK(sub.handle("task-events", dapr_wrapped(v1.to_json())).outcome == events::dapr::status::success);
  // Seed 004's own v2 wire name.
  std::string seed = v2.to_json();
  seed.replace(seed.find("\"task.created\""), 14, "\"task.created.v2\"");
  CHECK(sub.handle("task-events", dapr_wrapped(seed)).outcome == events::dapr::status::success);
  REQUIRE(got.size() == 4);
  CHECK(got[0].event_id == v1.event_id);
  CHECK(std::string(got[0].payload.title) == "old service");
  CHECK(got[0].payload.attachments.empty());
  CHECK(got[1] == v2);
  CHECK(got[2].event_id == v1.event_id);
  CHECK(got[3] == v2);
  auto v3 = events::make_event(TaskCreatedV3{.task_id = events::uuid::v4(), .title = "v3"});
  auto r = sub.handle("task-events", events::cloudevents::to_structured(v3, "/v3"));
  CHECK(r.outcome == events::dapr::status::drop);
  CHECK(r.reason.find("version_unsupported") != std::string::npos);
  CHECK(got.size() == 4);
  CHECK(sub.stats().dropped == 1);
}

TEST_CASE("contract messages through the subscriber - naive timestamps as UTC by default, refused with allow_naive_timestamps = false") {
  events::TaskEvent task{.id = events::uuid::v4(), .event_type = events::TaskOperation::completed, .task_id = 3,
                         .task_data = std::nullopt, .user_id = "u", .timestamp = events::now()};
  events::ReminderEvent reminder{.task_id = 3, .title = "Call", .due_date = std::nullopt, .remind_at = events::now(),
                                 .user_id = "u"};
  // Seed 003's Python publisher: plain JSON (the sidecar wraps it), naive utcnow().isoformat().
  const std::string py_task = R"({"id":"550e8400-e29b-41d4-a716-446655440000","event_type":"created","task_id":1,)"
                              R"("user_id":"user-uuid","timestamp":"2025-01-01T00:00:00.5"})";
  const std::string py_reminder = R"({"task_id":1,"title":"Buy groceries","remind_at":"2025-01-02T09:00:00",)"
                                  R"("user_id":"user-uuid"})";
  for (bool naive : {false, true}) {
    CAPTURE(naive);
    events::dapr::subscriber_options o;
    if (!naive) o.decode.allow_naive_timestamps = false;  // the AwareDatetime option; the default reads them as UTC
    events::dapr::subscriber sub(o);
    std::vector<events::TaskEvent> tasks;
    std::vector<events::ReminderEvent> reminders;
    sub.on<events::TaskEvent>([&](const events::TaskEvent& e) { tasks.push_back(e); });
    sub.on<events::ReminderEvent>([&](const events::ReminderEvent& e) { reminders.push_back(e); });
    auto subs = nlohmann::json::parse(sub.subscriptions_json());
    REQUIRE(subs.size() == 2);
    CHECK(subs[0].at("topic") == "reminders");
    CHECK(subs[1].at("topic") == "task-events");
    using events::dapr::status;
    CHECK(sub.handle("task-events", events::cloudevents::to_structured(task, "/t")).outcome == status::success);
    CHECK(sub.handle("reminders", events::cloudevents::to_structured(reminder, "/r")).outcome == status::success);
    auto a = sub.handle("task-events", dapr_wrapped(py_task));
    auto b = sub.handle("reminders", dapr_wrapped(py_reminder));
    CHECK(a.outcome == (naive ? status::success : status::drop));
    CHECK(b.outcome == (naive ? status::success : status::drop));
    if (!naive) CHECK(a.reason.find("timezone_aware") != std::string::npos);
    REQUIRE(tasks.size() == (naive ? 2u : 1u));
    REQUIRE(reminders.size() == (naive ? 2u : 1u));
    CHECK(tasks[0] == task);
    CHECK(reminders[0] == reminder);
    if (naive) {
      CHECK(tasks[1].event_type == events::TaskOperation::created);
      CHECK(events::format_timestamp(reminders[1].remind_at) == "2025-01-02T09:00:00Z");
    }
  }
}

TEST_CASE("trace context: the publisher sends the current traceparent, and the subscriber makes it current") {
  captured got;
  local_server sidecar;
  sidecar.server.Post(R"(/v1\.0/publish/([^/]+)/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(got.m);
    ++got.calls;
    got.body = req.body;
    res.status = 204;
  });
  sidecar.start();
  events::dapr::publisher pub({.port = sidecar.port});
  const events::trace_context trace{"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "rojo=00f067aa0ba902b7"};
  auto ev = events::make_event(order());
  {
    events::trace_scope scope(trace);
    REQUIRE(pub.publish(ev).ok);
  }
  std::string body;
  {
    std::lock_guard lock(got.m);
    body = got.body;
  }
  auto ce = events::cloudevents::parse_structured(body);
  REQUIRE(ce);
  CHECK(ce->attrs.traceparent == trace.traceparent);
  CHECK(ce->attrs.tracestate == trace.tracestate);

  events::dapr::subscriber sub;
  events::trace_context seen;
  sub.on<events::event<test::OrderPlaced>>([&](const auto& e) {
    seen = events::current_trace();
    auto r = events::reply(e, order("reply"));
    CHECK(r.causation_id == e.event_id);
    CHECK(r.correlation_id == e.event_id);  // the incoming event had no correlation id
  });
  CHECK(sub.handle("orders", body).outcome == events::dapr::status::success);
  CHECK(seen == trace);
  CHECK(events::current_trace().empty());
  // A malformed traceparent is not made current.
  auto bad = body;
  bad.replace(bad.find(trace.traceparent), trace.traceparent.size(), "not-a-trace");
  seen = {};
  CHECK(sub.handle("orders", bad).outcome == events::dapr::status::success);
  CHECK(seen.empty());
}

TEST_CASE("publish validates first: an invalid event is not sent and its errors come back") {
  captured got;
  local_server sidecar;
  sidecar.server.Post(R"(/v1\.0/publish/([^/]+)/([^/]+))", [&](const httplib::Request&, httplib::Response& res) {
    std::lock_guard lock(got.m);
    ++got.calls;
    res.status = 204;
  });
  sidecar.start();
  auto ev = events::make_event(order(std::string(30, 'x')));
  const auto want = ev.validate();
  REQUIRE(!want.empty());
  events::dapr::publisher pub({.port = sidecar.port});
  auto r = pub.publish(ev);
  CHECK_FALSE(r.ok);
  CHECK(r.errors == want);
  CHECK(r.message.find("string_too_long") != std::string::npos);
  {
    std::lock_guard lock(got.m);
    CHECK(got.calls == 0);
  }
  events::dapr::options off{.port = sidecar.port};
  off.validate = false;
  CHECK(events::dapr::publisher(off).publish(ev).ok);
  std::lock_guard lock(got.m);
  CHECK(got.calls == 1);
}

}  // TEST_SUITE
