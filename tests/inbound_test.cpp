// events::route, the one inbound path of the Kafka consumer and the Dapr subscriber, without a
// broker or a sidecar: identify, the CloudEvents fallbacks, the handler lookup, decode and upcast,
// and each outcome's code.
#include <events/catalog/contract.hpp>
#include <events/inbound.hpp>
#include <events/catalog/task_events.hpp>

#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace {

using v1_event = events::event<events::TaskCreatedPayload>;
using v2_event = events::event<events::TaskCreatedPayloadV2>;

// Headers of a test message; each handler call records what it saw.
struct headers {
  std::map<std::string, std::string, std::less<>> values;
  std::optional<std::string_view> operator()(std::string_view name) const {
    if (auto it = values.find(name); it != values.end()) return std::string_view(it->second);
    return std::nullopt;
  }
};

struct seen {
  std::string what;
};

using table = events::handler_table<void, seen>;

table v2_and_reminders() {
  table t;
  t.add<v2_event>([](const v2_event& ev, seen& s) { s.what = "v2:" + std::string(ev.payload.title); }, "",
                  [](auto& f, const v2_event& ev, seen& s) { f(ev, s); });
  t.add<events::ReminderEvent>([](const events::ReminderEvent& ev, seen& s) { s.what = "reminder:" + ev.title; }, "",
                               [](auto& f, const events::ReminderEvent& ev, seen& s) { f(ev, s); });
  return t;
}

v1_event a_v1() {
  return events::make_event(events::TaskCreatedPayload{.task_id = events::uuid::v4(), .user_id = events::uuid::v4(),
                                                       .title = "old", .description = std::nullopt,
                                                       .priority = "high", .due_date = std::nullopt, .tags = {}});
}

}  // namespace

TEST_SUITE("inbound") {
  TEST_CASE("route: the handler of the message's version decodes it, and an older version is upcast") {
    table t = v2_and_reminders();
    std::string wire = a_v1().to_json();
    auto r = events::route(t, wire, headers{}, "task-events");
    REQUIRE(r);
    CHECK(r.code.empty());
    CHECK(r.type == "task.created");
    CHECK(r.version == 1);
    seen s;
    r.handler->call(s);
    CHECK(s.what == "v2:old");
  }

  TEST_CASE("route: outcomes carry a code of error_codes.hpp") {
    table t = v2_and_reminders();
    SUBCASE("no handler") {
      auto r = events::route(t, R"({"event_type":"task.deleted"})", headers{}, "task-events");
      CHECK_FALSE(r);
      CHECK(r.identified);
      CHECK(r.code == events::error_codes::no_handler);
      CHECK(r.type == "task.deleted");
    }
    SUBCASE("a version newer than every handler") {
      auto r = events::route(t, R"({"event_type":"task.created","event_version":"7.0"})", headers{}, "task-events");
      CHECK(r.code == events::error_codes::version_unsupported);
      CHECK(r.newest == 2);
      CHECK(r.reason == "version 7 of task.created is not handled here (newest handled: 2)");
    }
    SUBCASE("not JSON: unidentified") {
      auto r = events::route(t, "{oops", headers{}, "task-events");
      CHECK_FALSE(r.identified);
      CHECK(r.code == events::error_codes::json_invalid);
    }
    SUBCASE("a decode error: its code, every error in the reason") {
      auto r = events::route(t, R"({"event_type":"task.created","event_version":"2.0"})", headers{}, "task-events");
      CHECK(r.identified);
      CHECK(r.code == events::error_codes::missing);
      CHECK(r.reason.find("/event_id") != std::string::npos);
    }
  }

  TEST_CASE("route: a structured CloudEvent, by content-type or sniffed") {
    table t = v2_and_reminders();
    v1_event ev = a_v1();
    events::trace_context trace{"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", ""};
    std::string doc = events::cloudevents::to_structured(ev, "/test", &trace);
    SUBCASE("content-type says so") {
      headers h{{{"content-type", "application/cloudevents+json; charset=UTF-8"}}};
      auto r = events::route(t, doc, h, "task-events");
      REQUIRE(r);
      REQUIRE(r.document);
      CHECK(r.document->attrs.traceparent == trace.traceparent);
    }
    SUBCASE("sniffed (Dapr)") {
      auto r = events::route(t, doc, headers{}, "task-events", {.sniff_structured = true});
      REQUIRE(r);
      CHECK(r.document);
    }
    SUBCASE("neither: the document names no event_type, so the topic's untyped handler is asked") {
      auto r = events::route(t, doc, headers{}, "task-events");
      CHECK(r.code == events::error_codes::no_handler);
      CHECK(r.type.empty());
    }
    SUBCASE("content-type says so, the body is no CloudEvent: the parser's code") {
      headers h{{{"content-type", "application/cloudevents+json"}}};
      auto r = events::route(t, R"({"id":7})", h, "task-events");
      CHECK_FALSE(r.identified);
      CHECK_FALSE(r.code.empty());
    }
  }

  TEST_CASE("route: a message without event_type is named by ce_type, else by its topic") {
    table t = v2_and_reminders();
    std::string reminder =
        R"({"task_id":7,"title":"call","remind_at":"2026-01-15T10:30:00Z","user_id":"u1"})";
    SUBCASE("ce_type") {
      headers h{{{"ce_type", "ReminderEvent"}}};
      auto r = events::route(t, reminder, h, "elsewhere");
      REQUIRE(r);
      seen s;
      r.handler->call(s);
      CHECK(s.what == "reminder:call");
    }
    SUBCASE("topic") {
      auto r = events::route(t, reminder, headers{}, "reminders");
      REQUIRE(r);
      CHECK(r.type.empty());
    }
    SUBCASE("a CloudEvent type that names nothing is passed over") {
      std::string doc = R"({"specversion":"1.0","id":"1","source":"/d","type":"com.dapr.event.sent","data":)" +
                        reminder + "}";
      auto r = events::route(t, doc, headers{}, "reminders", {.sniff_structured = true, .anonymous_type = "com.dapr.event.sent"});
      REQUIRE(r);
      CHECK(r.type.empty());
    }
  }
}
