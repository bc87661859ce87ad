// events::dapr against Dapr's documented HTTP contract, with httplib servers on 127.0.0.1
// playing the sidecar (publish API) and the sidecar's calls (subscribe and deliver).
#include "test_types.hpp"

#include <events/dapr/publisher.hpp>
#include <events/dapr/subscriber.hpp>

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

}  // TEST_SUITE
