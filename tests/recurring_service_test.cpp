// The recurring service (events/catalog/services/recurring.hpp): recurring.triggered emitted as seed 004
// describes it (read back by seed 004's own Pydantic model), and the series store shared by
// replicas (events/catalog/services/series_store.hpp).
#include <events/catalog.hpp>
#include <events/catalog/contract.hpp>
#include <events/catalog/services/recurring.hpp>
#include <events/catalog/services/series_store.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace services = events::services;

namespace recurring_test {
events::timestamp when(const char* text) {
  events::timestamp t;
  REQUIRE(events::parse_timestamp(text, t) == events::timestamp_errc{});
  return t;
}

events::event<events::TaskCreatedPayload> new_task(events::uuid user, const char* due) {
  return events::make_event(events::TaskCreatedPayload{.task_id = events::uuid::v4(), .user_id = user, .title = "Pay rent",
                                                       .description = "Flat 3", .priority = "high",
                                                       .due_date = when(due), .tags = {"home", "money"}},
                            {.correlation_id = events::uuid::v4()});
}

events::event<events::TaskCompletedPayload> completion(events::uuid task, events::uuid user, const char* at_time,
                                                       std::optional<std::string> pattern) {
  return events::make_event(events::TaskCompletedPayload{.task_id = task, .user_id = user, .completed_at = when(at_time),
                                                         .has_recurrence = pattern.has_value(),
                                                         .recurrence_pattern = pattern},
                            {.correlation_id = events::uuid::v4()});
}

// Seed 004's RecurringEvent (Example 7) as the seed writes it, plus the imports its snippet leaves
// out (uuid4, timezone). Each input line is validated; out: the payload's class and its fields.
constexpr std::string_view seed004_recurring = R"(import sys
from enum import Enum
from pydantic import BaseModel, Field
from uuid import UUID, uuid4
from datetime import datetime, timezone

class RecurringEventType(str, Enum):
    TRIGGERED = "recurring.triggered"
    SPAWNED = "recurring.spawned"

class RecurringTriggeredPayload(BaseModel):
    """Event when recurring task pattern is matched"""
    task_id: UUID  # The completed task
    user_id: UUID
    recurrence_pattern: str  # e.g., "daily", "weekly", "monthly"
    next_due_date: datetime
    original_task_data: dict  # Original task fields to copy

class RecurringSpawnedPayload(BaseModel):
    """Event when new occurrence is created"""
    new_task_id: UUID  # The newly created task
    original_task_id: UUID  # The completed task that triggered this
    user_id: UUID
    recurrence_pattern: str
    due_date: datetime
    occurrence_number: int  # 1st, 2nd, 3rd occurrence

class RecurringEvent(BaseModel):
    event_id: UUID = Field(default_factory=uuid4)
    event_type: RecurringEventType
    timestamp: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    payload: RecurringTriggeredPayload | RecurringSpawnedPayload

for line in sys.stdin:
    e = RecurringEvent.model_validate_json(line)
    print(e.event_type.value, type(e.payload).__name__, e.payload.model_dump_json())
)";

std::vector<std::string> ask_seed004(const std::vector<std::string>& lines) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("events_recurring_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  { std::ofstream(dir / "model.py") << seed004_recurring; }
  {
    std::ofstream in(dir / "in.txt", std::ios::binary);
    for (const auto& l : lines) in << l << '\n';
  }
  const std::string cmd = std::string("\"") + EVENTS_PYTHON + "\" \"" + (dir / "model.py").string() + "\" < \"" +
                          (dir / "in.txt").string() + "\" > \"" + (dir / "out.txt").string() + "\"";
  REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, cmd);
  std::vector<std::string> out;
  std::ifstream in(dir / "out.txt", std::ios::binary);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  fs::remove_all(dir);
  return out;
}

// A store that counts its writes and can hand back a broken value.
class counting_store final : public services::series_store {
 public:
  std::optional<std::string> get(std::string_view key) const override {
    if (corrupt && key.starts_with("position:")) return std::string("{\"series\":");
    return inner.get(key);
  }
  void put(std::string_view key, std::string value) override {
    ++puts;
    inner.put(key, std::move(value));
  }
  services::in_memory_series_store inner;
  int puts = 0;
  bool corrupt = false;
};
}  // namespace recurring_test

using namespace recurring_test;

TEST_SUITE("services.recurring") {
  TEST_CASE("seed 004: a matched completion emits recurring.triggered, then task.created and recurring.spawned") {
    services::recurring_service svc;
    const auto user = events::uuid::v4();
    auto first = new_task(user, "2026-01-31T09:00:00Z");
    svc.remember(first);
    auto done = completion(first.payload.task_id, user, "2026-01-31T08:00:00Z", "monthly");
    auto next = svc.on_completed(done);
    REQUIRE(next);
    const auto& trig = next->triggered;
    CHECK(trig.payload.task_id == first.payload.task_id);  // the completed task
    CHECK(trig.payload.user_id == user);
    CHECK(trig.payload.recurrence_pattern == "monthly");
    CHECK(events::format_timestamp(trig.payload.next_due_date) == "2026-02-28T09:00:00Z");
    CHECK(next->created.payload.due_date == trig.payload.next_due_date);
    CHECK(next->spawned.payload.due_date == trig.payload.next_due_date);
    // Causally linked to the completion, in its correlation; its own id, stable for the occurrence.
    CHECK(trig.causation_id == done.event_id);
    CHECK(trig.correlation_id == done.correlation_id);
    CHECK(trig.event_id != next->created.event_id);
    CHECK(trig.event_id != next->spawned.event_id);
    CHECK(events::event_traits<events::event<events::RecurringTriggeredPayload>>::key(trig) ==
          first.payload.task_id.to_string());
    // The fields to copy are the created task's, as JSON.
    auto wire = nlohmann::json::parse(trig.to_json());
    CHECK(wire["event_type"] == "recurring.triggered");
    CHECK(wire["payload"]["original_task_data"] == nlohmann::json{{"title", "Pay rent"},
                                                                  {"priority", "high"},
                                                                  {"description", "Flat 3"},
                                                                  {"tags", {"home", "money"}},
                                                                  {"due_date", "2026-01-31T09:00:00Z"}});
    // Re-delivery: the same three events.
    auto again = svc.on_completed(done);
    REQUIRE(again);
    CHECK(again->duplicate);
    CHECK(again->triggered == trig);
    CHECK(again->created == next->created);
    // Not recurring: nothing triggers.
    CHECK_FALSE(svc.on_completed(completion(events::uuid::v4(), user, "2026-01-31T08:00:00Z", std::nullopt)));
    CHECK(svc.last_reason() == services::no_next::not_recurring);
    // A pattern the rules do not know: nothing triggers either.
    CHECK_FALSE(svc.on_completed(completion(events::uuid::v4(), user, "2026-01-31T08:00:00Z", "fortnightly-ish")));
    CHECK(svc.last_reason() == services::no_next::bad_rule);
  }

  TEST_CASE("seed 004's Pydantic RecurringEvent reads the triggered and spawned events the service emits") {
    services::recurring_service svc;
    const auto user = events::uuid::v4();
    auto first = new_task(user, "2026-03-02T07:30:00Z");
    svc.remember(first);
    auto next = svc.on_completed(completion(first.payload.task_id, user, "2026-03-02T07:00:00Z", "weekly"));
    REQUIRE(next);
    auto verdicts = ask_seed004({next->triggered.to_json(), next->spawned.to_json()});
    REQUIRE(verdicts.size() == 2);
    CHECK(verdicts[0].starts_with("recurring.triggered RecurringTriggeredPayload "));
    CHECK(verdicts[1].starts_with("recurring.spawned RecurringSpawnedPayload "));
    auto trig = nlohmann::json::parse(verdicts[0].substr(verdicts[0].find('{')));
    CHECK(trig["task_id"] == first.payload.task_id.to_string());
    CHECK(trig["next_due_date"] == "2026-03-09T07:30:00Z");
    CHECK(trig["original_task_data"]["title"] == "Pay rent");
    auto spawned = nlohmann::json::parse(verdicts[1].substr(verdicts[1].find('{')));
    CHECK(spawned["occurrence_number"] == 2);
    CHECK(spawned["original_task_id"] == first.payload.task_id.to_string());
  }

  TEST_CASE("seed 003: a completed TaskEvent with a recurrence_rule triggers with its task_data to copy") {
    services::recurring_service svc;
    events::TaskData data{.id = 1, .title = "Buy groceries", .description = std::nullopt, .completed = true,
                          .priority = "medium", .tags = {}, .due_date = when("2025-01-31T10:00:00Z"),
                          .recurrence_rule = "monthly", .user_id = "user-uuid", .created_at = when("2025-01-01T00:00:00Z"),
                          .updated_at = when("2025-01-31T12:00:00Z")};
    events::TaskEvent done{.id = events::uuid::v4(), .event_type = events::TaskOperation::completed, .task_id = 1,
                           .task_data = data, .user_id = "user-uuid", .timestamp = when("2025-01-31T12:00:00Z")};
    std::int64_t ids = 100;
    auto next = svc.on_task_event(done, [&] { return ++ids; });
    REQUIRE(next);
    CHECK(next->triggered.payload.task_id == next->spawned.payload.original_task_id);
    CHECK(events::format_timestamp(next->triggered.payload.next_due_date) == "2025-02-28T10:00:00Z");
    CHECK(next->triggered.payload.recurrence_pattern == "monthly");
    CHECK(next->triggered.causation_id == done.id);
    auto copied = nlohmann::json::parse(next->triggered.to_json())["payload"]["original_task_data"];
    CHECK(copied == nlohmann::json::parse(events::to_json(data)));
    auto again = svc.on_task_event(done, [&] { return ++ids; });
    REQUIRE(again);
    CHECK(again->duplicate);
    CHECK(again->triggered == next->triggered);
    CHECK(ids == 101);  // no second id taken
  }

  TEST_CASE("replicas sharing a series store continue each other's series, apart they cannot") {
    services::in_memory_series_store shared;
    services::recurring_service a(shared), b(shared);
    const auto user = events::uuid::v4();
    auto first = new_task(user, "2026-01-31T09:00:00Z");
    a.remember(first);
    auto n2 = a.on_completed(completion(first.payload.task_id, user, "2026-01-31T08:00:00Z", "monthly"));
    REQUIRE(n2);
    CHECK(n2->spawned.payload.occurrence_number == 2);
    // Replica b handles the next completion: it knows the series (anchor Jan 31, occurrence 2)
    // and the task's title, from the store.
    auto done2 = completion(n2->created.payload.task_id, user, "2026-02-28T10:00:00Z", "monthly");
    auto n3 = b.on_completed(done2);
    REQUIRE(n3);
    CHECK(n3->spawned.payload.occurrence_number == 3);
    CHECK(events::format_timestamp(*n3->created.payload.due_date) == "2026-03-31T09:00:00Z");
    CHECK(n3->created.payload.title == "Pay rent");
    CHECK(n3->triggered.payload.original_task_data.at("due_date").text() == "\"2026-02-28T09:00:00Z\"");
    auto where = a.position(n3->created.payload.task_id.to_string());
    REQUIRE(where);
    CHECK(where->number == 3);
    CHECK(where->series == first.payload.task_id.to_string());
    // Re-delivery of the first completion to b: the same events a emitted, marked duplicate.
    auto redelivered = b.on_completed(completion(first.payload.task_id, user, "2026-01-31T08:00:00Z", "monthly"));
    REQUIRE(redelivered);
    CHECK(redelivered->duplicate);
    CHECK(redelivered->triggered.event_id == n2->triggered.event_id);
    CHECK(redelivered->spawned.event_id == n2->spawned.event_id);
    // A replica with a store of its own starts a new series at the task it never saw.
    services::recurring_service alone;
    auto lost = alone.on_completed(done2);
    REQUIRE(lost);
    CHECK(lost->spawned.payload.occurrence_number == 2);
    CHECK(lost->created.payload.title == "Recurring task");
    CHECK(events::format_timestamp(*lost->created.payload.due_date) == "2026-03-28T10:00:00Z");
  }

  TEST_CASE("a store of one's own: every fact goes through put as JSON, a broken value is an error, not a new series") {
    counting_store store;
    services::recurring_service svc(store);
    const auto user = events::uuid::v4();
    auto first = new_task(user, "2026-01-05T09:00:00Z");
    svc.remember(first);
    CHECK(store.puts == 1);
    auto next = svc.on_completed(completion(first.payload.task_id, user, "2026-01-05T08:00:00Z", "daily"));
    REQUIRE(next);
    CHECK(store.puts == 4);  // position, task, answer
    auto answer = store.inner.get("done004:" + first.payload.task_id.to_string());
    REQUIRE(answer);
    CHECK(nlohmann::json::parse(*answer)["triggered"]["event_type"] == "recurring.triggered");
    store.corrupt = true;
    CHECK_THROWS_AS(svc.on_completed(completion(next->created.payload.task_id, user, "2026-01-06T08:00:00Z", "daily")),
                    events::decode_error);
  }
}
