// Schemas of every catalog event and of the seed-003 contract, judged by Python's jsonschema.
#include "mutate.hpp"
#include "oracle.hpp"

#include <events/catalog.hpp>
#include <events/catalog/contract_schema.hpp>
#include <events/schema/json_schema.hpp>

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace {

using json = nlohmann::ordered_json;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in, "cannot open " << path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// tests/golden/<stem>.json, named as the catalog engineer names them: the wire type, ".vN" past
// version 1, the contract messages by their C++ names.
template <class T>
std::string golden_stem() {
  if constexpr (std::is_same_v<T, events::TaskEvent>) {
    return "TaskEvent";
  } else if constexpr (std::is_same_v<T, events::ReminderEvent>) {
    return "ReminderEvent";
  } else {
    using P = typename T::payload_type;
    std::string s(P::type);
    if (events::payload_version<P> > 1) s += ".v" + std::to_string(events::payload_version<P>);
    return s;
  }
}

// One type in one dialect: its schema, the golden and its mutations, and what our strict decoder
// says of each (accepted, and the errors when not).
struct type_case {
  std::string name;
  schema_test::judge_request request;
  std::vector<std::pair<bool, std::string>> ours;
};

template <class T>
void add_cases(std::vector<type_case>& out) {
  const std::string golden = json::parse(slurp(std::string(EVENTS_SOURCE_DIR) + "/tests/golden/" + golden_stem<T>() +
                                                ".json"))
                                 .dump();
  for (auto d : {events::schema_dialect::draft07, events::schema_dialect::draft2020_12}) {
    type_case c{golden_stem<T>(), {events::json_schema<T>(d), schema_test::mutations(golden)}, {}};
    c.request.instances.insert(c.request.instances.begin(), golden);
    for (const std::string& text : c.request.instances) {
      auto decoded = events::from_json<T>(text, schema_test::strict());
      c.ours.emplace_back(decoded.has_value(), events::to_string(decoded.error()));
    }
    out.push_back(std::move(c));
  }
}

// Seed 003's schemas, verbatim.
const char* const seed_task_schema = R"({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "required": ["id", "event_type", "task_id", "user_id", "timestamp"],
  "properties": {
    "id": {"type": "string", "format": "uuid", "description": "Unique event ID"},
    "event_type": {"type": "string", "enum": ["created", "updated", "completed", "deleted", "uncompleted"],
                   "description": "Type of task operation"},
    "task_id": {"type": "integer", "description": "Task ID affected"},
    "task_data": {"type": "object", "description": "Full task state after operation"},
    "user_id": {"type": "string", "description": "User who performed the action"},
    "timestamp": {"type": "string", "format": "date-time", "description": "When the event occurred"}
  }
})";

const char* const seed_reminder_schema = R"({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "required": ["task_id", "title", "remind_at", "user_id"],
  "properties": {
    "task_id": {"type": "integer"},
    "title": {"type": "string"},
    "due_date": {"type": "string", "format": "date-time"},
    "remind_at": {"type": "string", "format": "date-time"},
    "user_id": {"type": "string"}
  }
})";

const char* const seed_task_example = R"({
  "id": "550e8400-e29b-41d4-a716-446655440000",
  "event_type": "created",
  "task_id": 1,
  "task_data": {
    "id": 1, "title": "Buy groceries", "description": null, "completed": false, "priority": "medium",
    "tags": [], "due_date": "2025-01-02T10:00:00Z", "recurrence_rule": null, "user_id": "user-uuid",
    "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z"
  },
  "user_id": "user-uuid",
  "timestamp": "2025-01-01T00:00:00Z"
})";

const char* const seed_reminder_example = R"({
  "task_id": 1, "title": "Buy groceries", "due_date": "2025-01-02T10:00:00Z",
  "remind_at": "2025-01-02T09:00:00Z", "user_id": "user-uuid"
})";

// True when `mutated` differs from `original` only by a top-level optional field set to null.
bool null_for_optional(const std::string& original, const std::string& mutated, const json& required) {
  // nlohmann::json (not ordered_json) compares objects regardless of key order
  nlohmann::json a = nlohmann::json::parse(original), b = nlohmann::json::parse(mutated);
  for (auto& [k, v] : b.items()) {
    if (v.is_null() && a.contains(k) && !a[k].is_null() &&
        std::find(required.begin(), required.end(), k) == required.end()) {
      nlohmann::json c = b;
      c[k] = a[k];
      if (c == a) return true;
    }
  }
  return false;
}

// Our schema accepts the seed's example and rejects every variant the seed's schema rejects,
// but for one documented difference: like Pydantic (and our own encoder), an optional field may
// be null.
template <class T>
void against_seed(const char* seed_schema_text, const char* example) {
  const json seed_schema = json::parse(seed_schema_text);
  const json ours = events::json_schema<T>();
  const std::string valid = json::parse(example).dump();
  std::vector<std::string> cases = schema_test::mutations(valid);
  cases.insert(cases.begin(), valid);
  auto seed_says = schema_test::judge(seed_schema, cases);
  auto we_say = schema_test::judge(ours, cases);
  REQUIRE(seed_says[0]);
  CHECK(we_say[0]);
  CHECK(events::from_json<T>(valid, schema_test::strict()).has_value());
  std::size_t nulls = 0;
  for (std::size_t i = 1; i < cases.size(); ++i) {
    INFO("case: " << cases[i]);
    if (!seed_says[i] && we_say[i]) {
      CHECK(null_for_optional(valid, cases[i], seed_schema["required"]));
      ++nulls;
    }
    // and our schema says what our decoder does
    CHECK(events::from_json<T>(cases[i], schema_test::strict()).has_value() == we_say[i]);
  }
  CHECK(nulls <= 2);
  // The seed's required fields are ours.
  CHECK(ours["required"] == seed_schema["required"]);
  // Encoding what we decoded is accepted by our schema (nulls included).
  auto value = events::from_json<T>(valid, schema_test::strict());
  REQUIRE(value);
  CHECK(schema_test::judge(ours, {events::to_json(*value)})[0]);
}

}  // namespace

TEST_SUITE("schema.catalog") {
  TEST_CASE("every catalog event: valid schema, golden accepted, agrees with the decoder") {
    std::vector<type_case> cases;
    [&]<class... T>(std::tuple<T...>*) {
      (add_cases<T>(cases), ...);
    }(static_cast<decltype(std::tuple_cat(std::declval<events::catalog_registry::types>(),
                                          std::declval<events::contract_messages>()))*>(nullptr));
    std::vector<schema_test::judge_request> requests;
    for (const auto& c : cases) requests.push_back(c.request);
    const auto verdicts = schema_test::judge_all(requests);
    for (std::size_t k = 0; k < cases.size(); ++k) {
      const type_case& c = cases[k];
      INFO("type: " << c.name << (k % 2 ? " (2020-12)" : " (draft-07)"));
      CHECK(verdicts[k][0]);
      std::size_t rejected = 0;
      for (std::size_t i = 0; i < c.request.instances.size(); ++i) {
        INFO("case: " << c.request.instances[i]);
        INFO("our errors: " << c.ours[i].second);
        CHECK(c.ours[i].first == verdicts[k][i]);
        rejected += !verdicts[k][i];
      }
      CHECK(rejected > 10);
    }
  }

  TEST_CASE("seed 003 TaskEvent: accepts the seed's example, rejects what the seed rejects") {
    against_seed<events::TaskEvent>(seed_task_schema, seed_task_example);
    auto s = events::json_schema<events::TaskEvent>();
    CHECK(s["$schema"] == "http://json-schema.org/draft-07/schema#");
    CHECK(s["properties"]["id"]["format"] == "uuid");
    CHECK(s["properties"]["timestamp"]["format"] == "date-time");
    CHECK(s["properties"]["task_id"]["type"] == "integer");
    // the seed's descriptions, through events::schema_description<TaskEvent>
    const json seed = json::parse(seed_task_schema);
    for (auto& item : seed["properties"].items()) {
      const std::string name = item.key();
      INFO(name);
      CHECK(s["properties"][name]["description"] == item.value()["description"]);
    }
    CHECK(s["$defs"]["TaskOperation"]["enum"] ==
          json::array({"created", "updated", "completed", "deleted", "uncompleted"}));
  }

  TEST_CASE("seed 003 ReminderEvent: accepts the seed's example, rejects what the seed rejects") {
    against_seed<events::ReminderEvent>(seed_reminder_schema, seed_reminder_example);
  }
}
