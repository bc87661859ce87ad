// The consumer dispatches through (type, version): v1 and v2 producers into a v2-only consumer,
// seed 004's "task.created.v2", a version newer than every handler, duplicate registration; the
// seed-003 contract messages (typed and as seed 003's Python publisher writes them, naive
// timestamps included); validation before send; trace context from producer to reply.
#include "kafka_fixture.hpp"

#include <events/catalog/contract.hpp>
#include <events/trace.hpp>

#include <algorithm>
#include <stdexcept>

namespace {

using v1_event = events::event<events::TaskCreatedPayload>;
using v2_event = events::event<events::TaskCreatedPayloadV2>;

// A version 3 nobody here handles yet: what a newer producer sends during a rolling deploy.
struct TaskCreatedV3 {
  static constexpr std::string_view type = "task.created";
  static constexpr int version = 3;
  static constexpr std::string_view topic = "task-events";
  static constexpr std::string_view key = "task_id";
  using previous = events::TaskCreatedPayloadV2;
  events::uuid task_id;
  events::uuid user_id;
  std::string title;
  static TaskCreatedV3 upcast(events::TaskCreatedPayloadV2&& old) {
    return {.task_id = old.task_id, .user_id = old.user_id, .title = std::string(old.title)};
  }
};

events::TaskCreatedPayloadV2 v2_payload(int i) {
  return {.task_id = events::uuid::v4(), .user_id = events::uuid::v4(), .title = "v2 task " + std::to_string(i),
          .description = std::nullopt, .priority = "high", .due_date = std::nullopt, .tags = {},
          .attachments = {"a.pdf"}, .subtasks = {}, .estimated_duration_minutes = 30};
}

// Seed 004's TaskEventV2 as its Pydantic model writes it: "task.created.v2", schema_version, no
// event_version (the text the interop test checks against Pydantic itself).
std::string seed004_v2_json(const events::uuid& id) {
  return R"({"event_id":")" + id.to_string() +
         R"(","event_type":"task.created.v2","schema_version":"2.0.0","timestamp":"2026-01-15T10:30:00Z",)"
         R"("payload":{"task_id":"123e4567-e89b-42d3-a456-426614174000","user_id":"6ba7b810-9dad-41d1-80b4-00c04fd430c8",)"
         R"("title":"From seed 004","description":null,"priority":"medium","due_date":null,"tags":[],)"
         R"("attachments":[],"subtasks":[],"estimated_duration_minutes":null}})";
}

}  // namespace

TEST_SUITE("kafka") {
  TEST_CASE("versions: v1 and v2 producers into a v2-only consumer / a newer version dead-lettered / duplicates refused") {
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    events::kafka::producer old_service(cfg, {.source = "/v1"});
    events::kafka::producer new_service(cfg, {.source = "/v2"});
    std::set<std::string> v1_ids, v2_ids;
    for (int i = 0; i < 6; ++i) {
      auto a = kt::task_created(i);
      v1_ids.insert(a.event_id.to_string());
      REQUIRE(old_service.publish(a).get().ok());
      auto b = events::make_event(v2_payload(i));
      v2_ids.insert(b.event_id.to_string());
      REQUIRE(new_service.publish(b).get().ok());
    }
    auto seed = events::uuid::v4();  // seed 004's wire name, as plain JSON without headers
    REQUIRE(new_service.send({.topic = "task-events", .key = "k", .value = seed004_v2_json(seed), .headers = {}, .event_id = {}})
                .get()
                .ok());
    auto v3 = events::make_event(TaskCreatedV3{.task_id = events::uuid::v4(), .user_id = events::uuid::v4(), .title = "v3"});
    REQUIRE(new_service.publish(v3).get().ok());

    events::kafka::consumer in(cfg, kt::fast({"task-events"}, "v2-only"));
    std::map<std::string, v2_event> handled;
    in.on<v2_event>([&](const v2_event& ev) { handled.emplace(ev.event_id.to_string(), ev); });
    try {  // a second handler for (task.created, v2) is refused, naming both
      in.on<v2_event>([](const v2_event&) {});
      FAIL("registered twice");
    } catch (const std::invalid_argument& e) {
      std::string what = e.what();
      CHECK(what.find("task.created, v2") != std::string::npos);
      CHECK(what.find("TaskCreatedPayloadV2") != std::string::npos);
      CHECK(what.rfind("events:", 0) == 0);
    }
    std::vector<events::kafka::dead_letter> dead;
    in.on_dead_letter([&](const events::kafka::dead_letter& d) { dead.push_back(d); });
    const std::size_t total = 14;
    kt::poll_until(in, [&] { return kt::settled(in.stats()) >= total; });
    in.close();
    auto s = in.stats();
    CHECK(s.consumed == total);
    CHECK(s.handled == 13);
    CHECK(s.dead_lettered == 1);
    REQUIRE(dead.size() == 1);
    CHECK(dead[0].code == "version_unsupported");
    CHECK(dead[0].message.find("version 3 of task.created") != std::string::npos);
    for (const auto& id : v1_ids) {  // the v1 messages arrive as v2, upcast: empty new fields
      REQUIRE(handled.count(id) == 1);
      CHECK(handled.at(id).payload.attachments.empty());
      CHECK(handled.at(id).payload.title.size() > 0);
    }
    for (const auto& id : v2_ids) {
      REQUIRE(handled.count(id) == 1);
      CHECK(handled.at(id).payload.attachments == std::vector<std::string>{"a.pdf"});
    }
    REQUIRE(handled.count(seed.to_string()) == 1);
    CHECK(std::string(handled.at(seed.to_string()).payload.title) == "From seed 004");
  }

  TEST_CASE("contract messages: TaskEvent and ReminderEvent over Kafka, typed and as seed 003's publisher writes them") {
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    events::kafka::producer out(cfg, {.source = "/contract"});
    events::TaskEvent task{.id = events::uuid::v4(), .event_type = events::TaskOperation::completed, .task_id = 7,
                           .task_data = std::nullopt, .user_id = "user-1", .timestamp = events::now()};
    events::ReminderEvent reminder{.task_id = 7, .title = "Buy groceries", .due_date = std::nullopt,
                                   .remind_at = events::now(), .user_id = "user-1"};
    auto d = out.publish(task).get();
    REQUIRE(d.ok());
    CHECK(d.topic == "task-events");
    CHECK(d.event_id == task.id.to_string());
    auto r = out.publish(reminder).get();
    REQUIRE(r.ok());
    CHECK(r.topic == "reminders");
    // Seed 003's Python publisher: plain JSON, no headers, naive utcnow().isoformat() times (its
    // task_data is a dict, never null, which the seed's schema refuses: left out here).
    const std::string py_task = R"({"id":"550e8400-e29b-41d4-a716-446655440000","event_type":"created","task_id":1,)"
                                R"("user_id":"user-uuid","timestamp":"2025-01-01T00:00:00.123456"})";
    const std::string py_reminder = R"({"task_id":1,"title":"Buy groceries","due_date":"2025-01-02T10:00:00Z",)"
                                    R"("remind_at":"2025-01-02T09:00:00","user_id":"user-uuid"})";
    REQUIRE(out.send({.topic = "task-events", .key = "1", .value = py_task, .headers = {}, .event_id = {}}).get().ok());
    REQUIRE(out.send({.topic = "reminders", .key = "1", .value = py_reminder, .headers = {}, .event_id = {}}).get().ok());

    for (bool naive : {false, true}) {
      CAPTURE(naive);
      auto o = kt::fast({"task-events", "reminders"}, naive ? "naive-ok" : "strict");
      if (!naive) o.decode.allow_naive_timestamps = false;  // the AwareDatetime option; the default reads them as UTC
      events::kafka::consumer in(cfg, o);
      std::vector<events::TaskEvent> tasks;
      std::vector<events::ReminderEvent> reminders;
      std::vector<events::kafka::dead_letter> dead;
      in.on<events::TaskEvent>([&](const events::TaskEvent& e) { tasks.push_back(e); });
      in.on<events::ReminderEvent>([&](const events::ReminderEvent& e) { reminders.push_back(e); });
      in.on_dead_letter([&](const events::kafka::dead_letter& x) { dead.push_back(x); });
      kt::poll_until(in, [&] { return kt::settled(in.stats()) >= 4; });
      in.close();
      CHECK(in.stats().consumed == 4);
      if (naive) {
        REQUIRE(tasks.size() == 2);
        REQUIRE(reminders.size() == 2);
        CHECK(dead.empty());
        auto& py = tasks[0] == task ? tasks[1] : tasks[0];
        CHECK(py.event_type == events::TaskOperation::created);
        CHECK(events::format_timestamp(py.timestamp) == "2025-01-01T00:00:00.123456Z");
        CHECK(events::format_timestamp(reminders[1].remind_at) == "2025-01-02T09:00:00Z");
      } else {
        REQUIRE(tasks.size() == 1);
        REQUIRE(reminders.size() == 1);
        REQUIRE(dead.size() == 2);
        for (const auto& x : dead) CHECK(x.code == "timezone_aware");
      }
      CHECK(std::count(tasks.begin(), tasks.end(), task) == 1);  // two partitions: any order
      CHECK(reminders.at(0) == reminder);                         // one partition: in order
    }
  }

  TEST_CASE("producer: an invalid event is not sent - its delivery result carries validate()'s errors") {
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    auto bad = kt::task_created(1);
    bad.payload.title = std::string(600, 'x');
    const events::error_list want = bad.validate();
    REQUIRE(!want.empty());
    {
      events::kafka::producer out(cfg);
      auto d = out.publish(bad).get();
      CHECK_FALSE(d.ok());
      CHECK(d.errors == want);
      CHECK(d.error.find("/payload/title") != std::string::npos);
      CHECK(d.event_id == bad.event_id.to_string());
      bool called = false;
      out.publish(bad, [&](const events::kafka::delivery& x) { called = !x.ok() && x.errors == want; });
      CHECK(called);
      out.flush();
      CHECK(out.delivered() == 0);
      CHECK(out.failed() == 2);
    }
    events::kafka::producer_options off;
    off.validate = false;
    events::kafka::producer unchecked(cfg, off);
    CHECK(unchecked.publish(bad).get().ok());  // the option turns the check off: sent as is
    // Only the unchecked one reached the topic.
    CHECK(kt::lines(kt::kcat(cluster, "-C -t task-events -o beginning -e -q -f '%k\\n'")).size() == 1);
  }

  TEST_CASE("trace context: a deferred trace is read once, on first use, and restored after its scope") {
    struct source {
      events::trace_context t;
      int reads = 0;
    };
    auto read = [](const void* p, events::trace_context& out) {
      auto& s = *static_cast<source*>(const_cast<void*>(p));
      ++s.reads;
      out = s.t;
    };
    const events::trace_context outer{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "a=1"};
    source good{{"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "b=2"}};
    source bad{{"not a traceparent", "c=3"}};
    events::trace_scope base(outer);
    {
      events::trace_scope never(events::deferred_trace{&good, read});
    }
    CHECK(good.reads == 0);  // nobody asked: never read
    CHECK(events::current_trace() == outer);
    {
      events::trace_scope lazy(events::deferred_trace{&good, read});
      {
        events::trace_scope inner(events::trace_context{});  // an explicit scope inside hides it
        CHECK(events::current_trace().empty());
      }
      CHECK(good.reads == 0);
      CHECK(events::current_trace() == good.t);
      CHECK(events::current_trace() == good.t);
      CHECK(good.reads == 1);
    }
    CHECK(events::current_trace() == outer);
    {
      events::trace_scope lazy(events::deferred_trace{&bad, read});
      CHECK(events::current_trace().empty());  // not of the W3C form: not current, nor its tracestate
      CHECK(bad.reads == 1);
    }
    CHECK(events::current_trace() == outer);
  }

  TEST_CASE("trace context: traceparent from the producer reaches the handler and its reply") {
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    const events::trace_context trace{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "congo=t61rcWkgMzE"};
    events::kafka::producer out(cfg, {.source = "/tasks"});
    auto created = kt::task_created(1);
    events::kafka::publish_options with_trace;
    with_trace.trace = trace;
    REQUIRE(out.publish(created, with_trace).get().ok());
    auto structured = kt::task_created(2);
    with_trace.mode = events::kafka::content_mode::structured;
    REQUIRE(out.publish(structured, with_trace).get().ok());

    // The handler replies with task.completed; the reply continues the trace, caused by the event.
    events::kafka::consumer in(cfg, kt::fast({"task-events"}, "tracer"));
    std::vector<events::trace_context> seen;
    in.on<v1_event>([&](const v1_event& ev) {
      seen.push_back(events::current_trace());
      auto reply = events::reply(ev, events::TaskCompletedPayload{.task_id = ev.payload.task_id, .user_id = ev.payload.user_id,
                                                                  .completed_at = events::now(), .has_recurrence = false,
                                                                  .recurrence_pattern = std::nullopt});
      CHECK(reply.causation_id == ev.event_id);
      CHECK(reply.correlation_id == ev.correlation_id);
      REQUIRE(out.publish(reply, {.topic = "task-updates", .key = std::nullopt, .mode = std::nullopt, .trace = std::nullopt})
                  .get()
                  .ok());
    });
    // Two more, named structured mode by their content-type but not CloudEvents documents: the
    // consumer looks at the headers only when the payload does not identify itself, and then
    // dead-letters them with what the structured-mode parser says, as before.
    const std::vector<std::string> not_documents{R"({"specversion":"1.0","id":"x"})", "{not json"};
    for (const auto& v : not_documents)
      REQUIRE(out.send({.topic = "task-events", .key = "k", .value = v,
                        .headers = {{std::string(events::cloudevents::header::content_type),
                                     std::string(events::cloudevents::structured_content_type)}},
                        .event_id = {}})
                  .get()
                  .ok());
    std::vector<std::string> dead_codes;
    in.on_dead_letter([&](const events::kafka::dead_letter& d) { dead_codes.push_back(d.code); });
    kt::poll_until(in, [&] { return kt::settled(in.stats()) >= 4; });
    in.close();
    std::vector<std::string> want_codes;
    for (const auto& v : not_documents) {
      auto parsed = events::cloudevents::parse_structured(v);
      REQUIRE(!parsed);
      want_codes.push_back(parsed.error().front().code);
    }
    CHECK(dead_codes == want_codes);
    REQUIRE(seen.size() == 2);
    CHECK(seen[0] == trace);
    CHECK(seen[1] == trace);
    CHECK(events::current_trace().empty());  // restored after the handler

    // kcat reads the replies' headers: the same trace, and causation = the handled event.
    auto lines = kt::lines(kt::kcat(cluster, "-C -t task-updates -o beginning -e -q -f '%h\\n'"));
    REQUIRE(lines.size() == 2);
    for (const auto& h : lines) {
      CHECK(h.find("ce_traceparent=" + trace.traceparent) != std::string::npos);
      CHECK(h.find("ce_tracestate=" + trace.tracestate) != std::string::npos);
    }
    CHECK((lines[0].find("ce_causationid=" + created.event_id.to_string()) != std::string::npos ||
           lines[1].find("ce_causationid=" + created.event_id.to_string()) != std::string::npos));
    // Without a trace nothing is invented.
    CHECK(out.to_record(created).headers.size() == 7);
  }
}
