// The seeds' own model code (tests/catalog/seeds/: seed 000's BaseEvent and event families, seed
// 004's TaskEvent and ReminderEvent, copied from the seed documents) against ours, both ways: what
// their models write is read by our decoders, what we write is read by their models, and seed
// 004's error reports are compared with ours. Every decode states its decode_options.
#include "catalog_samples.hpp"

#include <events/json.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

namespace seed_models_test {

// Runs tests/catalog/seed_models.py in `mode`, one line of `input` per stdin line.
std::vector<std::string> python(const std::string& mode, const std::vector<std::string>& input = {}) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("events_seed_models_" + std::to_string(::getpid()) + "_" + mode);
  fs::create_directories(dir);
  {
    std::ofstream in(dir / "in.txt", std::ios::binary);
    for (const auto& l : input) in << l << '\n';
  }
  const std::string cmd = std::string("\"") + EVENTS_PYTHON + "\" \"" + EVENTS_SOURCE_DIR +
                          "/tests/catalog/seed_models.py\" " + mode + " < \"" + (dir / "in.txt").string() + "\" > \"" +
                          (dir / "out.txt").string() + "\"";
  REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, cmd);
  std::vector<std::string> out;
  std::ifstream in(dir / "out.txt", std::ios::binary);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  fs::remove_all(dir);
  return out;
}

// Our reading of a wire text as E, written back; the errors when it does not decode.
template <class E>
std::string reencode(std::string_view wire, const events::decode_options& options, events::error_list& errors) {
  auto r = events::from_json<E>(wire, options);
  if (!r) {
    errors = r.error();
    return {};
  }
  return events::to_json(r.value());
}
template <class E>
std::string ours() {
  return events::to_json(catalog_test::sample<E>());
}
template <class E>
std::set<std::pair<std::string, std::string>> our_errors(std::string_view wire) {
  events::decode_options o;
  o.allow_naive_timestamps = false;
  auto r = events::from_json<E>(wire, o);
  REQUIRE_FALSE(r);
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& e : r.error()) out.emplace(e.path, e.code);
  return out;
}

// One seed model and our type for it: the name seed_models.py prints (the seed-000 class, or the
// seed-004 payload class), the model that reads it, our type.
struct kind {
  std::string_view name;
  std::string_view model;
  bool naive;  // seed 000 writes datetime.utcnow(): no offset
  std::string (*reencode)(std::string_view, const events::decode_options&, events::error_list&);
  std::string (*ours)();
};
template <class E>
constexpr kind make(std::string_view name, std::string_view model, bool naive) {
  return {name, model, naive, &reencode<E>, &ours<E>};
}
const kind kinds[] = {
    make<events::flat_event<events::TodoCreated>>("TodoCreated", "TodoCreated", true),
    make<events::flat_event<events::TodoUpdated>>("TodoUpdated", "TodoUpdated", true),
    make<events::flat_event<events::TodoCompleted>>("TodoCompleted", "TodoCompleted", true),
    make<events::flat_event<events::TodoDeleted>>("TodoDeleted", "TodoDeleted", true),
    make<events::flat_event<events::ReminderTriggered>>("ReminderTriggered", "ReminderTriggered", true),
    make<events::flat_event<events::ReminderSnoozed>>("ReminderSnoozed", "ReminderSnoozed", true),
    make<events::event<events::TaskCreatedPayload>>("TaskCreatedPayload", "TaskEvent", false),
    make<events::event<events::TaskUpdatedPayload>>("TaskUpdatedPayload", "TaskEvent", false),
    make<events::event<events::TaskCompletedPayload>>("TaskCompletedPayload", "TaskEvent", false),
    make<events::event<events::TaskDeletedPayload>>("TaskDeletedPayload", "TaskEvent", false),
    make<events::event<events::ReminderScheduledPayload>>("ReminderScheduledPayload", "ReminderEvent", false),
    make<events::event<events::ReminderDuePayload>>("ReminderDuePayload", "ReminderEvent", false),
    make<events::event<events::ReminderSentPayload>>("ReminderSentPayload", "ReminderEvent", false),
    make<events::event<events::ReminderFailedPayload>>("ReminderFailedPayload", "ReminderEvent", false),
};
const kind& find(std::string_view name) {
  for (const auto& k : kinds)
    if (k.name == name) return k;
  FAIL("no kind " << name);
  return kinds[0];
}

struct float_holder {  // Pydantic's `value: float`
  double value;
};

}  // namespace seed_models_test

TEST_SUITE("catalog seed models") {
  using namespace seed_models_test;

  TEST_CASE("events the seeds' models write are read by our decoders, and mean the same to the seeds' models") {
    const auto produced = python("produce");
    REQUIRE(produced.size() == 15);
    std::set<std::string_view> seen;
    std::vector<std::string> pairs;
    for (const auto& line : produced) {
      const auto tab = line.find('\t');
      REQUIRE(tab != std::string::npos);
      const kind& k = find(line.substr(0, tab));
      const std::string wire = line.substr(tab + 1);
      seen.insert(k.name);
      CAPTURE(wire);
      events::error_list errors;
      if (k.naive) {
        // Seed 000 writes json.dumps(model_dump(mode='json')): ", " and ": " between tokens,
        // non-ASCII as \u escapes (whitespace and escapes are JSON; no option needed), and naive
        // datetime.utcnow() times, read as UTC by default; the AwareDatetime option refuses them.
        CHECK(wire.find("\", \"") != std::string::npos);
        CHECK(nlohmann::json::parse(wire)["timestamp"].get<std::string>().find_first_of("Z+") == std::string::npos);
        events::decode_options strict_times;
        strict_times.allow_naive_timestamps = false;
        CHECK(k.reencode(wire, strict_times, errors).empty());
        bool timestamp_refused = false;
        for (const auto& e : errors) timestamp_refused |= e.path == "/timestamp" && e.code == "timezone_aware";
        CHECK_MESSAGE(timestamp_refused, events::to_string(errors));
      }
      const events::decode_options o;  // the defaults: seed 000's naive times are UTC
      errors.clear();
      const std::string back = k.reencode(wire, o, errors);
      REQUIRE_MESSAGE(errors.empty(), events::to_string(errors));
      // The registry, as a consumer dispatches on event_type, with its default options too.
      auto any = events::catalog_registry::decode(wire);
      CHECK_MESSAGE(any.has_value(), (any ? std::string() : events::to_string(any.error())));
      pairs.push_back(std::string(k.model) + '\t' + wire + '\t' + back);
    }
    CHECK(seen.size() == std::size(kinds));
    CHECK(produced[0].find("\\u00e9") != std::string::npos);  // the first TodoCreated's "Café ✓ 🛒"
    // The seed's model reads our text and finds every value it wrote (a naive time as UTC).
    const auto verdicts = python("compare", pairs);
    REQUIRE(verdicts.size() == pairs.size());
    for (std::size_t i = 0; i < pairs.size(); ++i) CHECK_MESSAGE(verdicts[i] == "same", pairs[i] << "\n" << verdicts[i]);
  }

  TEST_CASE("what we write is read by the seeds' models, each seed-004 payload as its own union member") {
    std::vector<std::string> lines;
    for (const auto& k : kinds) lines.push_back(std::string(k.model) + '\t' + k.ours());
    const auto verdicts = python("check", lines);
    REQUIRE(verdicts.size() == lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const auto& k = kinds[i];
      // TaskEvent.payload is a plain union: Pydantic picks the member; it must be the one we meant.
      const std::string expected = k.naive ? "ok\t-" : "ok\t" + std::string(k.name);
      CHECK_MESSAGE(verdicts[i] == expected, lines[i]);
    }
  }

  TEST_CASE("seed 004's error paths: its models report per union member, ours the member the event_type names") {
    // Seed 004's own invalid example (test_invalid_event_raises_validation_error): a task_id that
    // is no UUID and an empty title; and a reminder with no message and a bad reminder_id.
    const std::string task = R"({"event_id":"123e4567-e89b-42d3-a456-426614174000","event_type":"task.created",)"
                             R"("timestamp":"2026-01-15T10:30:00Z","payload":{"task_id":"not-a-uuid",)"
                             R"("user_id":"6ba7b810-9dad-41d1-80b4-00c04fd430c8","title":""}})";
    const std::string reminder = R"({"event_id":"123e4567-e89b-42d3-a456-426614174000","event_type":"reminder.scheduled",)"
                                 R"("timestamp":"2026-01-15T10:30:00Z","payload":{"reminder_id":"x",)"
                                 R"("task_id":"123e4567-e89b-42d3-a456-426614174000",)"
                                 R"("user_id":"6ba7b810-9dad-41d1-80b4-00c04fd430c8",)"
                                 R"("scheduled_for":"2026-01-16T09:00:00Z"}})";
    const auto verdicts = python("check", {"TaskEvent\t" + task, "ReminderEvent\t" + reminder});
    REQUIRE(verdicts.size() == 2);
    auto member_errors = [](const std::string& verdict, const std::string& member) {
      REQUIRE(verdict.rfind("error\t", 0) == 0);
      std::set<std::pair<std::string, std::string>> out;
      const std::string prefix = "/payload/" + member;
      for (const auto& e : nlohmann::json::parse(verdict.substr(6))) {
        const auto path = e[0].get<std::string>();
        if (path.rfind(prefix + "/", 0) == 0) out.emplace("/payload" + path.substr(prefix.size()), e[1].get<std::string>());
      }
      return out;
    };
    // Pydantic tries every member; under the member the event_type names, its errors are ours.
    const auto seed_task = member_errors(verdicts[0], "TaskCreatedPayload");
    CHECK(seed_task == std::set<std::pair<std::string, std::string>>{{"/payload/task_id", "uuid_parsing"},
                                                                     {"/payload/title", "string_too_short"}});
    CHECK(our_errors<events::event<events::TaskCreatedPayload>>(task) == seed_task);
    CHECK(verdicts[0].find("/payload/TaskUpdatedPayload/") != std::string::npos);  // and reports the others too
    const auto seed_reminder = member_errors(verdicts[1], "ReminderScheduledPayload");
    CHECK(seed_reminder == std::set<std::pair<std::string, std::string>>{{"/payload/reminder_id", "uuid_parsing"},
                                                                         {"/payload/message", "missing"}});
    CHECK(our_errors<events::event<events::ReminderScheduledPayload>>(reminder) == seed_reminder);
  }

  TEST_CASE("a plain float: Pydantic takes 1e400, inf and NaN, we refuse them") {
    const std::vector<std::string> texts = {R"({"value": 1e400})", R"({"value": "inf"})", R"({"value": "-Infinity"})",
                                            R"({"value": NaN})", R"({"value": 1.5})"};
    const auto theirs = python("floats", texts);
    REQUIRE(theirs.size() == texts.size());
    CHECK(theirs[0] == "ok\tinf");
    CHECK(theirs[1] == "ok\tinf");
    CHECK(theirs[2] == "ok\t-inf");
    CHECK(theirs[3] == "ok\tnan");
    CHECK(theirs[4] == "ok\t1.5");
    events::decode_options o;  // the defaults: strict = false (lax, as Pydantic)
    // Beyond double's range or not finite: finite_number at the field; NaN is no JSON at all.
    const std::vector<std::pair<std::string, std::string>> refused = {
        {"/value", "finite_number"}, {"/value", "finite_number"}, {"/value", "finite_number"}, {"", "json_invalid"}};
    for (std::size_t i = 0; i < refused.size(); ++i) {
      auto r = events::from_json<float_holder>(texts[i], o);
      REQUIRE_MESSAGE(!r, texts[i]);
      CHECK_MESSAGE(std::pair(r.error().front().path, std::string(r.error().front().code)) == refused[i], texts[i]);
    }
    auto fine = events::from_json<float_holder>(texts[4], o);
    REQUIRE(fine);
    CHECK(fine->value == 1.5);
  }
}
