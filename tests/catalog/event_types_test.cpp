// Seed 004's event type enums (TaskEventType, ReminderEventType, RecurringEventType): JSON as the
// wire names, both ways, with seed 004's own Pydantic enums as the oracle.
#include "catalog_samples.hpp"

#include <events/json.hpp>
#include <events/schema/json_schema.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

struct EventTypes {
  events::TaskEventType task = events::TaskEventType::created;
  events::ReminderEventType reminder = events::ReminderEventType::scheduled;
  events::RecurringEventType recurring = events::RecurringEventType::triggered;
  friend bool operator==(const EventTypes&, const EventTypes&) = default;
};

// Seed 004's enums as the seed writes them, in a model with one field of each. Each input line is
// validated: the model's JSON, or its errors as [[loc, type, msg], ...].
constexpr std::string_view seed004_enums = R"(import json, sys
from enum import Enum
from pydantic import BaseModel, ValidationError

class TaskEventType(str, Enum):
    CREATED = "task.created"
    UPDATED = "task.updated"
    COMPLETED = "task.completed"
    DELETED = "task.deleted"

class ReminderEventType(str, Enum):
    SCHEDULED = "reminder.scheduled"
    DUE = "reminder.due"
    SENT = "reminder.sent"
    FAILED = "reminder.failed"

class RecurringEventType(str, Enum):
    TRIGGERED = "recurring.triggered"
    SPAWNED = "recurring.spawned"

class EventTypes(BaseModel):
    task: TaskEventType
    reminder: ReminderEventType
    recurring: RecurringEventType

for line in sys.stdin:
    try:
        print(EventTypes.model_validate_json(line).model_dump_json())
    except ValidationError as e:
        print(json.dumps([["/" + "/".join(map(str, x["loc"])), x["type"], x["msg"]] for x in e.errors()]))
)";

std::vector<std::string> ask_pydantic(const std::vector<std::string>& lines) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("events_event_types_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  { std::ofstream(dir / "enums.py") << seed004_enums; }
  {
    std::ofstream in(dir / "in.txt", std::ios::binary);
    for (const auto& l : lines) in << l << '\n';
  }
  const std::string cmd = std::string("\"") + EVENTS_PYTHON + "\" \"" + (dir / "enums.py").string() + "\" < \"" +
                          (dir / "in.txt").string() + "\" > \"" + (dir / "out.txt").string() + "\"";
  REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, cmd);
  std::vector<std::string> out;
  std::ifstream in(dir / "out.txt", std::ios::binary);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  fs::remove_all(dir);
  return out;
}

}  // namespace

TEST_SUITE("catalog event types") {
  TEST_CASE("TaskEventType, ReminderEventType, RecurringEventType: the payloads' wire names, in seed order") {
    CHECK(events::enum_to_string(events::TaskEventType::created) == events::TaskCreatedPayload::type);
    CHECK(events::enum_to_string(events::TaskEventType::deleted) == "task.deleted");
    CHECK(events::enum_to_string(events::ReminderEventType::due) == events::ReminderDuePayload::type);
    CHECK(events::enum_to_string(events::RecurringEventType::triggered) == "recurring.triggered");
    CHECK(events::enum_from_string<events::TaskEventType>("task.updated") == events::TaskEventType::updated);
    CHECK_FALSE(events::enum_from_string<events::TaskEventType>("updated"));  // the enumerator name is not the wire name
    // The schema lists the values in the seed's order.
    auto schema = events::json_schema<EventTypes>();
    CHECK(schema["$defs"]["TaskEventType"]["enum"] ==
          nlohmann::ordered_json::array({"task.created", "task.updated", "task.completed", "task.deleted"}));
  }

  TEST_CASE("every value round-trips through the expected text, and seed 004's Pydantic enums write the same text") {
    using T = events::TaskEventType;
    using R = events::ReminderEventType;
    using C = events::RecurringEventType;
    const std::vector<std::pair<EventTypes, std::string>> cases{
        {{T::created, R::scheduled, C::triggered},
         R"({"task":"task.created","reminder":"reminder.scheduled","recurring":"recurring.triggered"})"},
        {{T::updated, R::due, C::spawned}, R"({"task":"task.updated","reminder":"reminder.due","recurring":"recurring.spawned"})"},
        {{T::completed, R::sent, C::triggered},
         R"({"task":"task.completed","reminder":"reminder.sent","recurring":"recurring.triggered"})"},
        {{T::deleted, R::failed, C::spawned},
         R"({"task":"task.deleted","reminder":"reminder.failed","recurring":"recurring.spawned"})"},
    };
    std::vector<std::string> texts;
    for (const auto& entry : cases) {
      const auto& [value, expected] = entry;
      CAPTURE(entry.second);  // clang 14 cannot capture a structured binding in a lambda
      CHECK(events::to_json(value) == expected);
      auto back = events::from_json<EventTypes>(expected);
      REQUIRE_MESSAGE(back, events::to_string(back.error()));
      CHECK(*back == value);
      texts.push_back(expected);
    }
    CHECK(ask_pydantic(texts) == texts);
  }

  TEST_CASE("names that are not wire names: the same errors, paths and messages as seed 004's Pydantic enums") {
    const std::vector<std::string> bad{
        R"({"task":"created","reminder":"reminder.due","recurring":"recurring.spawned"})",
        R"({"task":"task.created.v2","reminder":"reminder.triggered","recurring":"RECURRING.TRIGGERED"})",
        R"({"task":"task.created","reminder":"reminder.due","recurring":"recurring.spawned.v1"})",
    };
    auto verdicts = ask_pydantic(bad);
    REQUIRE(verdicts.size() == bad.size());
    for (std::size_t i = 0; i < bad.size(); ++i) {
      CAPTURE(bad[i]);
      auto ours = events::from_json<EventTypes>(bad[i]);
      REQUIRE_FALSE(ours);
      nlohmann::json mine = nlohmann::json::array();
      for (const auto& e : ours.error()) mine.push_back({e.path, e.code, e.message});
      CHECK(mine == nlohmann::json::parse(verdicts[i]));
    }
  }
}
