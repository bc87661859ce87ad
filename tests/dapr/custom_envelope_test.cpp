// The test-defined envelope (tests/meta_event.hpp) through Dapr: published by the publisher and
// the bulk publisher to the sidecar double, delivered to a subscriber that handles v2 of its
// payload (the v1 messages upcast, their metadata kept).
#include "dapr_fixture.hpp"
#include "meta_event.hpp"

#include <events/dapr/bulk.hpp>
#include <events/dapr/publisher.hpp>
#include <events/dapr/subscriber.hpp>

#include <doctest/doctest.h>

#include <mutex>
#include <vector>

TEST_CASE("dapr: a test-defined envelope published, delivered and upcast, its metadata kept") {
  using namespace std::chrono_literals;
  using v2 = test::meta_event<events::TaskCreatedPayloadV2>;
  events::dapr::sidecar_double sidecar;
  events::dapr::subscriber sub;
  std::mutex m;
  std::vector<v2> got;
  sub.on<v2>([&](const v2& ev) {
    std::lock_guard lock(m);
    got.push_back(ev);
  });
  events_test::app_server app;
  sub.mount(app.server);
  app.start();
  sidecar.connect_app(app.port);

  auto one = test::meta_task("one", "initech");
  events::dapr::publisher pub({.port = sidecar.port()});
  REQUIRE(pub.publish(one));
  events::dapr::bulk_publisher bulk({.port = sidecar.port()});
  std::vector<test::meta_event<events::TaskCreatedPayload>> batch{test::meta_task("two"), test::meta_task("three")};
  auto entry = events::dapr::make_bulk_entry(batch[0], "/svc");
  CHECK(entry.event_id == batch[0].event_id.to_string());
  CHECK(entry.partition_key == batch[0].payload.task_id.to_string());
  CHECK(entry.event_type == "task.created");
  REQUIRE(bulk.publish(std::span<const test::meta_event<events::TaskCreatedPayload>>(batch)).ok());
  REQUIRE(sidecar.wait_idle(5s));
  std::lock_guard lock(m);
  REQUIRE(got.size() == 3);
  CHECK(got[0].event_id == one.event_id);
  CHECK(got[0].metadata == one.metadata);
  CHECK(std::string(got[0].payload.title) == "one");
  CHECK(got[0].occurred_at == one.occurred_at);
}
