// The seeds' own examples decode and re-encode: seed 003's JSON events as written, and the example
// values of seeds 000 and 004.
#include "catalog_samples.hpp"

#include <events/identify.hpp>
#include <events/schema/json_schema.hpp>
#include <events/version.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>

#include <unistd.h>

using namespace catalog_test;

namespace {
// Runs tests/catalog/seed004_v2.py (seed 004's Pydantic TaskEventV2) in `mode`, `input` on stdin.
std::vector<std::string> seed004(const std::string& mode, const std::vector<std::string>& input = {}) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("events_seed004_" + std::to_string(::getpid()) + "_" + mode);
  fs::create_directories(dir);
  {
    std::ofstream in(dir / "in.txt", std::ios::binary);
    for (const auto& l : input) in << l << '\n';
  }
  const std::string cmd = std::string("\"") + EVENTS_PYTHON + "\" \"" + EVENTS_SOURCE_DIR +
                          "/tests/catalog/seed004_v2.py\" " + mode + " < \"" + (dir / "in.txt").string() + "\" > \"" +
                          (dir / "out.txt").string() + "\"";
  REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, cmd);
  std::vector<std::string> out;
  std::ifstream in(dir / "out.txt", std::ios::binary);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  fs::remove_all(dir);
  return out;
}

// Version 2 of task.created declaring seed 004's wire name: it writes "task.created.v2".
struct TaskCreatedSuffixed {
  static constexpr std::string_view type = "task.created";
  static constexpr int version = 2;
  static constexpr std::string_view schema_version = "2.0.0";
  static constexpr events::wire_name_form wire_name = events::wire_name_form::suffixed;
  static constexpr std::array<std::string_view, 3> defaulted = {"tags", "attachments", "subtasks"};
  events::uuid task_id;
  events::uuid user_id;
  events::string<events::min_length<1>, events::max_length<200>> title;
  std::optional<std::string> description;
  std::string priority = "medium";
  std::optional<events::timestamp> due_date;
  std::vector<std::string> tags;
  std::vector<std::string> attachments;
  std::vector<events::uuid> subtasks;
  std::optional<int> estimated_duration_minutes;
};

std::string compact(std::string_view pretty) { return nlohmann::ordered_json::parse(pretty).dump(); }

std::vector<std::pair<std::string, std::string>> paths_and_codes(const events::error_list& errors) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& e : errors) out.emplace_back(e.path, e.code);
  return out;
}

// Seed 003, "Task Created", verbatim.
constexpr std::string_view seed003_task_created = R"({
  "id": "550e8400-e29b-41d4-a716-446655440000",
  "event_type": "created",
  "task_id": 1,
  "task_data": {
    "id": 1,
    "title": "Buy groceries",
    "description": null,
    "completed": false,
    "priority": "medium",
    "tags": [],
    "due_date": "2025-01-02T10:00:00Z",
    "recurrence_rule": null,
    "user_id": "user-uuid",
    "created_at": "2025-01-01T00:00:00Z",
    "updated_at": "2025-01-01T00:00:00Z"
  },
  "user_id": "user-uuid",
  "timestamp": "2025-01-01T00:00:00Z"
})";

// Seed 003, "Task Completed": the seed elides task_data with "..."; filled in from the created task.
constexpr std::string_view seed003_task_completed = R"({
  "id": "550e8400-e29b-41d4-a716-446655440001",
  "event_type": "completed",
  "task_id": 1,
  "task_data": {
    "id": 1,
    "title": "Buy groceries",
    "completed": true,
    "description": null, "priority": "medium", "tags": [], "due_date": "2025-01-02T10:00:00Z",
    "recurrence_rule": null, "user_id": "user-uuid",
    "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T12:00:00Z"
  },
  "user_id": "user-uuid",
  "timestamp": "2025-01-01T12:00:00Z"
})";

// Seed 003, ReminderEvent example, verbatim.
constexpr std::string_view seed003_reminder = R"({
  "task_id": 1,
  "title": "Buy groceries",
  "due_date": "2025-01-02T10:00:00Z",
  "remind_at": "2025-01-02T09:00:00Z",
  "user_id": "user-uuid"
})";
}  // namespace

TEST_SUITE("catalog seeds") {
  TEST_CASE("seed 003: the Task Created event decodes and re-encodes unchanged") {
    auto r = events::from_json<events::TaskEvent>(seed003_task_created);
    REQUIRE_MESSAGE(r, events::to_string(r.error()));
    CHECK(r->event_type == events::TaskOperation::created);
    CHECK(r->task_id == 1);
    REQUIRE(r->task_data);
    CHECK(r->task_data->title == "Buy groceries");
    CHECK_FALSE(r->task_data->description);
    CHECK(*r == sample<events::TaskEvent>());
    CHECK(events::to_json(*r) == compact(seed003_task_created));
  }

  TEST_CASE("seed 003: the Task Completed event decodes, and key order follows our struct") {
    auto r = events::from_json<events::TaskEvent>(seed003_task_completed);
    REQUIRE_MESSAGE(r, events::to_string(r.error()));
    CHECK(r->event_type == events::TaskOperation::completed);
    CHECK(r->task_data->completed);
    auto ours = nlohmann::json::parse(events::to_json(*r));  // unordered: compares as objects
    CHECK(ours == nlohmann::json::parse(seed003_task_completed));
  }

  TEST_CASE("seed 003: the ReminderEvent decodes and re-encodes unchanged") {
    auto r = events::from_json<events::ReminderEvent>(seed003_reminder);
    REQUIRE_MESSAGE(r, events::to_string(r.error()));
    CHECK(*r == sample<events::ReminderEvent>());
    CHECK(events::to_json(*r) == compact(seed003_reminder));
  }

  TEST_CASE("seed 003: the JSON Schemas' required lists") {
    // TaskEvent requires id, event_type, task_id, user_id, timestamp; task_data may be absent.
    auto t = events::from_json<events::TaskEvent>(R"({"event_type":"deleted","task_data":{}})");
    REQUIRE_FALSE(t);
    CHECK(paths_and_codes(t.error()) ==
          std::vector<std::pair<std::string, std::string>>{{"/task_data/id", "missing"},
                                                           {"/task_data/title", "missing"},
                                                           {"/task_data/user_id", "missing"},
                                                           {"/task_data/created_at", "missing"},
                                                           {"/task_data/updated_at", "missing"},
                                                           {"/id", "missing"},
                                                           {"/task_id", "missing"},
                                                           {"/user_id", "missing"},
                                                           {"/timestamp", "missing"}});
    auto no_data = events::from_json<events::TaskEvent>(
        R"({"id":"550e8400-e29b-41d4-a716-446655440000","event_type":"deleted","task_id":1,"user_id":"u","timestamp":"2025-01-01T00:00:00Z"})");
    REQUIRE(no_data);
    CHECK_FALSE(no_data->task_data);
    // ReminderEvent requires task_id, title, remind_at, user_id; due_date may be absent.
    auto rem = events::from_json<events::ReminderEvent>(R"({"due_date":"2025-01-02T10:00:00Z"})");
    REQUIRE_FALSE(rem);
    CHECK(paths_and_codes(rem.error()) ==
          std::vector<std::pair<std::string, std::string>>{
              {"/task_id", "missing"}, {"/title", "missing"}, {"/remind_at", "missing"}, {"/user_id", "missing"}});
  }

  TEST_CASE("seed 000: test_todo_created_event, in C++") {
    auto ev = events::make_flat_event(events::TodoCreated{.todo_id = events::uuid::v4(), .user_id = events::uuid::v4(),
                                                          .title = "Test todo", .description = "Test description"});
    auto wire = nlohmann::json::parse(ev.to_json());
    CHECK(wire.contains("event_id"));
    CHECK(wire["event_type"] == "TodoCreated");
    CHECK(wire["event_version"] == "1.0");
    CHECK(wire["priority"] == "medium");  // the seed's default
    auto back = events::flat_event<events::TodoCreated>::from_json(ev.to_json());
    REQUIRE(back);
    CHECK(back->payload.todo_id == ev.payload.todo_id);
    CHECK(back->payload.title == ev.payload.title);
    CHECK(*back == ev);
  }

  TEST_CASE("seed 000: defaults and optionals may be left out of a message") {
    auto r = events::flat_event<events::TodoCreated>::from_json(
        R"({"event_id":"19d3e937-222f-4b40-895f-d2bf677a784b","event_type":"TodoCreated","timestamp":"2026-01-15T10:30:00Z",)"
        R"("todo_id":"3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b","user_id":"6ba7b810-9dad-41d1-80b4-00c04fd430c8","title":"Milk"})");
    REQUIRE_MESSAGE(r, events::to_string(r.error()));
    CHECK(r->payload.priority == "medium");
    CHECK_FALSE(r->payload.description);
    CHECK_FALSE(r->correlation_id);
  }

  TEST_CASE("seed 004: test_task_created_event_valid and test_task_event_serialization") {
    auto ev = events::make_event(events::TaskCreatedPayload{.task_id = events::uuid::v4(), .user_id = events::uuid::v4(),
                                                            .title = "Test task", .priority = "high",
                                                            .tags = {"urgent", "important"}});
    CHECK(ev.payload.title == "Test task");
    CHECK(ev.payload.tags.size() == 2);
    CHECK(ev.validate().empty());
    auto back = events::event<events::TaskCreatedPayload>::from_json(ev.to_json());
    REQUIRE(back);
    CHECK(back->payload.task_id == ev.payload.task_id);
    CHECK(back->to_json() == ev.to_json());
    CHECK(nlohmann::json::parse(ev.to_json())["event_type"] == "task.created");
  }

  TEST_CASE("seed 004: the json_schema_extra example has placeholder ids, refused as Pydantic would") {
    auto r = events::event<events::TaskCreatedPayload>::from_json(R"({
      "event_id": "123e4567-e89b-12d3-a456-426614174000", "event_type": "task.created",
      "timestamp": "2026-01-15T10:30:00Z", "correlation_id": "abc-def-ghi", "causation_id": "xyz-123-456",
      "payload": {"task_id": "task-uuid", "user_id": "user-uuid", "title": "Buy groceries", "priority": "high"}})");
    REQUIRE_FALSE(r);
    CHECK(paths_and_codes(r.error()) == std::vector<std::pair<std::string, std::string>>{
                                            {"/correlation_id", "uuid_parsing"},
                                            {"/causation_id", "uuid_parsing"},
                                            {"/payload/task_id", "uuid_parsing"},
                                            {"/payload/user_id", "uuid_parsing"}});
  }

  TEST_CASE("seed 004: test_invalid_event_raises_validation_error") {
    auto r = events::event<events::TaskCreatedPayload>::from_json(
        R"({"event_id":"123e4567-e89b-12d3-a456-426614174000","event_type":"task.created","timestamp":"2026-01-15T10:30:00Z",)"
        R"("payload":{"task_id":"not-a-uuid","user_id":"6ba7b810-9dad-41d1-80b4-00c04fd430c8","title":""}})");
    REQUIRE_FALSE(r);
    CHECK(paths_and_codes(r.error()) == std::vector<std::pair<std::string, std::string>>{
                                            {"/payload/task_id", "uuid_parsing"}, {"/payload/title", "string_too_short"}});
  }

  TEST_CASE("seed 004: the recurring flow, completed -> triggered -> spawned, causally linked") {
    auto done = sample<events::event<events::TaskCompletedPayload>>();
    REQUIRE(done.payload.has_recurrence);
    auto triggered = events::make_event(
        events::RecurringTriggeredPayload{.task_id = done.payload.task_id, .user_id = done.payload.user_id,
                                          .recurrence_pattern = *done.payload.recurrence_pattern,
                                          .next_due_date = done.payload.completed_at + std::chrono::hours(24 * 7),
                                          .original_task_data = {{"title", "Buy groceries"}}},
        {.correlation_id = done.correlation_id, .causation_id = done.event_id});
    auto wire = nlohmann::json::parse(triggered.to_json());
    CHECK(wire["causation_id"] == done.event_id.to_string());
    CHECK(wire["payload"]["next_due_date"] == "2026-01-23T09:42:00Z");
    CHECK(wire["payload"]["original_task_data"] == nlohmann::json{{"title", "Buy groceries"}});
  }

  TEST_CASE("seed 004's \"task.created.v2\" from its Pydantic model: identify, registry, decode_latest and schema agree") {
    auto lines = seed004("write");
    REQUIRE(lines.size() == 3);
    auto schema = events::json_schema<events::event<events::TaskCreatedPayloadV2>>();
    CHECK(schema["properties"]["event_type"]["enum"] == nlohmann::ordered_json::array({"task.created", "task.created.v2"}));
    for (const auto& text : lines) {
      CAPTURE(text);
      auto id = events::identify(text);
      REQUIRE(id);
      CHECK(id->type == "task.created");
      CHECK(id->version == 2);
      CHECK(id->suffixed);
      auto which = events::task_registry::identify(text);
      REQUIRE(which);
      CHECK(*which == events::task_registry::index_of<events::event<events::TaskCreatedPayloadV2>>);
      auto ev = events::event<events::TaskCreatedPayloadV2>::from_json(text);
      REQUIRE(ev);
      CHECK(ev->payload.attachments.size() == 1);
      auto latest = events::decode_latest<events::event<events::TaskCreatedPayloadV2>>(text);
      REQUIRE(latest);
      CHECK(*latest == *ev);
      // The catalog form is what the catalog payload writes; the version 1 type refuses v2.
      CHECK(ev->to_json().find("\"event_type\":\"task.created\"") != std::string::npos);
      CHECK_FALSE(events::event<events::TaskCreatedPayload>::from_json(text));
    }
    // A payload declaring the suffixed form writes what seed 004's model reads; the catalog form
    // it refuses (its enum has only "task.created.v2").
    auto suffixed = events::make_event(TaskCreatedSuffixed{.task_id = events::uuid::v4(), .user_id = events::uuid::v4(),
                                                           .title = "Suffixed", .description = std::nullopt,
                                                           .priority = "high", .due_date = std::nullopt, .tags = {},
                                                           .attachments = {}, .subtasks = {},
                                                           .estimated_duration_minutes = std::nullopt});
    CHECK(suffixed.to_json().find("\"event_type\":\"task.created.v2\"") != std::string::npos);
    auto catalog = events::make_event(events::TaskCreatedPayloadV2::upcast(
        {.task_id = events::uuid::v4(), .user_id = events::uuid::v4(), .title = "Catalog", .description = std::nullopt,
         .priority = "low", .due_date = std::nullopt, .tags = {}}));
    auto verdicts = seed004("read", {suffixed.to_json(), catalog.to_json()});
    REQUIRE(verdicts.size() == 2);
    CHECK(verdicts[0] == "ok");
    CHECK(verdicts[1].find("task.created.v2") != std::string::npos);
    CHECK(events::event<events::TaskCreatedPayloadV2>::from_json(suffixed.to_json()));
  }

  TEST_CASE("seed 002's \"task.created.v1\": read as version 1 of task.created, as \".v2\" is read as version 2") {
    auto v1 = events::make_event(events::TaskCreatedPayload{.task_id = events::uuid::v4(), .user_id = events::uuid::v4(),
                                                            .title = "Versioned name", .description = std::nullopt,
                                                            .priority = "high", .due_date = std::nullopt, .tags = {"a"}});
    std::string text = v1.to_json();
    const std::size_t at = text.find("\"task.created\"");
    REQUIRE(at != std::string::npos);
    text.replace(at, 14, "\"task.created.v1\"");
    auto id = events::identify(text);
    REQUIRE(id);
    CHECK(id->type == "task.created");
    CHECK(id->version == 1);
    CHECK(id->suffixed);
    auto which = events::task_registry::identify(text);
    REQUIRE_MESSAGE(which, events::to_string(which.error()));
    CHECK(*which == events::task_registry::index_of<events::event<events::TaskCreatedPayload>>);
    auto back = events::event<events::TaskCreatedPayload>::from_json(text);
    REQUIRE_MESSAGE(back, events::to_string(back.error()));
    CHECK(*back == v1);
    CHECK(back->to_json() == v1.to_json());  // written in the catalog form, as before
    auto any = events::task_registry::decode(text);
    REQUIRE(any);
    CHECK(std::get<events::event<events::TaskCreatedPayload>>(*any) == v1);
    auto latest = events::decode_latest<events::event<events::TaskCreatedPayloadV2>>(text);
    REQUIRE_MESSAGE(latest, events::to_string(latest.error()));
    CHECK(latest->payload.title == std::string_view("Versioned name"));
    // The version 2 type refuses ".v1", the version 1 type ".v2"; an unknown version is named.
    CHECK_FALSE(events::event<events::TaskCreatedPayloadV2>::from_json(text));
    std::string v2_text = text;
    v2_text.replace(at, 17, "\"task.created.v2\"");
    CHECK_FALSE(events::event<events::TaskCreatedPayload>::from_json(v2_text));
    std::string v3_text = text;
    v3_text.replace(at, 17, "\"task.created.v3\"");
    auto v3 = events::task_registry::identify(v3_text);
    REQUIRE_FALSE(v3);
    CHECK(v3.error().front().code == "unknown_event_version");
    // The schema says what the decoder reads.
    auto schema = events::json_schema<events::event<events::TaskCreatedPayload>>();
    CHECK(schema["properties"]["event_type"]["enum"] == nlohmann::ordered_json::array({"task.created", "task.created.v1"}));
  }

  TEST_CASE("seed 003: TaskEvent.task_data null refused as the seed's JSON Schema refuses it (tests/data/seed003)") {
    // The seed's schema, as copied into tests/data: task_data is {"type": "object"}, not required.
    const std::string schema_path = std::string(EVENTS_SOURCE_DIR) + "/tests/data/seed003/task_event.schema.json";
    nlohmann::json seed_schema = nlohmann::json::parse(std::ifstream(schema_path));
    REQUIRE(seed_schema["properties"]["task_data"] ==
            nlohmann::json{{"type", "object"}, {"description", "Full task state after operation"}});
    auto with = nlohmann::ordered_json::parse(seed003_task_created);
    auto null_data = with;
    null_data["task_data"] = nullptr;
    auto without = with;
    without.erase("task_data");
    // jsonschema is the oracle: it refuses null and accepts the member left out.
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("events_seed003_null_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::vector<std::string> docs{with.dump(), null_data.dump(), without.dump()};
    {
      std::ofstream in(dir / "in.txt", std::ios::binary);
      for (const auto& d : docs) in << d << '\n';
    }
    const std::string script =
        "import json, sys, jsonschema\n"
        "s = json.load(open(sys.argv[1]))\n"
        "v = jsonschema.Draft7Validator(s, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)\n"
        "for line in sys.stdin:\n"
        "    errs = sorted(v.iter_errors(json.loads(line)), key=lambda e: list(e.path))\n"
        "    print(';'.join('/' + '/'.join(map(str, e.path)) + ' ' + e.validator for e in errs) or 'ok')\n";
    { std::ofstream(dir / "check.py") << script; }
    const std::string cmd = std::string("\"") + EVENTS_PYTHON + "\" \"" + (dir / "check.py").string() + "\" \"" +
                            schema_path + "\" < \"" + (dir / "in.txt").string() + "\" > \"" + (dir / "out.txt").string() + "\"";
    REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, cmd);
    std::vector<std::string> verdicts;
    {
      std::ifstream out(dir / "out.txt");
      for (std::string line; std::getline(out, line);) verdicts.push_back(line);
    }
    fs::remove_all(dir);
    REQUIRE(verdicts == std::vector<std::string>{"ok", "/task_data type", "ok"});
    // Ours agrees, with every error and its path.
    CHECK(events::from_json<events::TaskEvent>(docs[0]));
    auto refused = events::from_json<events::TaskEvent>(docs[1]);
    REQUIRE_FALSE(refused);
    CHECK(paths_and_codes(refused.error()) ==
          std::vector<std::pair<std::string, std::string>>{{"/task_data", "model_type"}});
    auto absent = events::from_json<events::TaskEvent>(docs[2]);
    REQUIRE_MESSAGE(absent, events::to_string(absent.error()));
    CHECK_FALSE(absent->task_data);
    CHECK(events::to_json(*absent) == without.dump());  // left out again, never written as null
    // Our schema of TaskEvent types task_data without null, as the seed's does; ReminderEvent's
    // due_date likewise. Inside task_data, the seed's example writes nulls: they stay accepted.
    auto ours = events::json_schema<events::TaskEvent>();
    CHECK(ours["properties"]["task_data"].dump().find("null") == std::string::npos);
    auto reminder = events::from_json<events::ReminderEvent>(
        R"({"task_id":1,"title":"t","due_date":null,"remind_at":"2025-01-02T09:00:00Z","user_id":"u"})");
    REQUIRE_FALSE(reminder);
    CHECK(paths_and_codes(reminder.error()) ==
          std::vector<std::pair<std::string, std::string>>{{"/due_date", "datetime_type"}});
  }
}
