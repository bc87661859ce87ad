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
#include <vector>

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

  TEST_CASE("identify: the compact walk and its memo read what the reader reads") {
    // Each text, and the same after a leading space (which only the reader takes), in an order
    // where one layout follows another: the memo of the last layout must not answer for the next.
    const std::string id1 = "3fa85f64-5717-4562-b3fc-2c963f66afa6", id2 = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    const std::vector<std::string> texts = {
        R"({"event_id":")" + id1 + R"(","event_type":"task.created","event_version":"1.0","payload":{}})",
        R"({"event_id":")" + id2 + R"(","event_type":"task.created","event_version":"1.0","payload":{}})",
        R"({"event_id":")" + id2 + R"(","event_type":"task.created","event_version":"2.0","payload":{}})",
        R"({"event_id":")" + id2 + R"(","event_type":"task.updated","event_version":"1.0"})",
        R"({"event_id":")" + id2 + R"(x","event_type":"task.created","event_version":"1.0"})",
        R"({"event_id":"short","event_type":"task.created","event_version":"1.0"})",
        R"({"event_id":"a"b","event_type":"task.created","event_version":"1.0"})",
        R"({"event_id":"é","event_type":"task.created","event_version":"1.0"})",
        R"({"event_id":7,"event_type":"task.created","event_version":"1.0"})",
        R"({"event_id":")" + id1 + R"(", "event_type":"task.created","event_version":"1.0"})",
        R"({"event_id":")" + id1 + R"(","event_type":"task.created.v3","schema_version":"3.0.0"})",
        R"({"event_id":")" + id1 + R"(","event_type":"task.created.v3"})",
        R"({"event_id":")" + id1 + R"(","event_type":"task.created","schema_version":"2.0.0","event_version":"4.0"})",
        R"({"event_type":"task.created","event_id":")" + id1 + R"(","event_version":"1.0"})",
        R"({"event_type":"task.deleted","event_id":")" + id1 + R"(","event_version":"1.0"})",
        R"({"event_version":"x","event_type":"task.created"})",
        R"({"event_id":")" + id1 + R"(","event_type":"task.created","event_version":"1.0")",
        R"({"event_id":")" + id1 + R"(","event_type":12})",
        R"({"event_id":")" + id1 + R"(","event_type":)",
        R"({"event_id":")" + id1 + R"("})",
        R"([1,2])",
        R"({})",
    };
    for (int round = 0; round < 2; ++round) {
      for (const auto& text : texts) {
        CAPTURE(text);
        auto got = events::identify(text);
        auto again = events::identify(text);  // now from the memo, when the text is compact
        auto reader = events::identify(" " + text);
        REQUIRE(got.has_value() == reader.has_value());
        CHECK(again.has_value() == reader.has_value());
        if (reader) {
          CHECK(*got == *reader);
          CHECK(*again == *reader);
        } else {
          CHECK(to_string(got.error()) == to_string(reader.error()));
        }
      }
    }
    // A limit the memo's text would break is still enforced.
    auto tight = events::identify(texts[0], {.max_string_bytes = 20});
    REQUIRE_FALSE(tight);
    CHECK(tight.error().front().code == "string_too_large");
    auto deep = events::identify(texts[0], {.max_depth = 0});
    REQUIRE_FALSE(deep);
    CHECK(deep.error().front().code == "json_too_deep");
  }

  TEST_CASE("id_key: one key per id text, a UUID's without formatting it") {
    std::string a, b;
    const auto u = *events::uuid::parse("3fa85f64-5717-4562-b3fc-2c963f66afa6");
    const std::string_view k = events::detail::id_key(u, a);
    CHECK(k.size() == 17);
    CHECK(static_cast<unsigned char>(k[16]) == 0xff);
    CHECK(events::detail::id_key(std::string("3fa85f64-5717-4562-b3fc-2c963f66afa6"), b) == k);  // its text: the same key
    CHECK(events::detail::id_key(std::string("3FA85F64-5717-4562-B3FC-2C963F66AFA6"), b) ==
          "3FA85F64-5717-4562-B3FC-2C963F66AFA6");  // another text: itself, as its text differs
    CHECK(events::detail::id_key(std::optional<events::uuid>(), b).empty());
    CHECK(events::detail::id_key(42, b) == "42");
    const auto other = *events::uuid::parse("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    std::string c;
    CHECK(events::detail::id_key(other, c) != events::detail::id_key(u, a));
    // What the consumer dedupes by: the handler entry's key of its held event.
    table t;
    t.add<v1_event>([](const v1_event&, seen&) {}, "", [](auto& f, const v1_event& ev, seen& s) { f(ev, s); });
    v1_event ev = a_v1();
    auto r = events::route(t, ev.to_json(), headers{}, "task-events");
    REQUIRE(r);
    std::string scratch, text;
    CHECK(r.handler->id_key(scratch) == events::detail::id_key(ev.event_id.to_string(), text));
    CHECK(r.handler->id() == ev.event_id.to_string());
  }
}
