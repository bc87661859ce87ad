// Every constrained field of the catalog refuses a bad value with the right path and code, and
// Pydantic (tests/interop/catalog_models.py) refuses it with the same path and type.
#include "python.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace catalog_test;

namespace {

struct bad_case {
  std::string type;     // catalog name, as name<T>()
  std::string pointer;  // JSON Pointer of the field to spoil
  nlohmann::ordered_json value;
  std::string code;     // expected error code (Pydantic's type)
};

std::string text(std::size_t n, const char* unit = "a") {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += unit;
  return s;
}

const std::vector<bad_case>& cases() {
  static const std::vector<bad_case> all{
      // todo_events
      {"TodoCreated", "/title", text(501), "string_too_long"},
      {"TodoCreated", "/description", text(2001), "string_too_long"},
      {"TodoCompleted", "/time_to_complete", -1, "greater_than_equal"},
      // task_events: 1..200 characters (characters, not bytes: 200 two-byte ones pass, see below)
      {"task.created", "/payload/title", "", "string_too_short"},
      {"task.created", "/payload/title", text(201), "string_too_long"},
      {"task.created", "/payload/title", text(201, "\u00e9"), "string_too_long"},
      {"task.created.v2", "/payload/title", "", "string_too_short"},
      {"task.created.v2", "/payload/title", text(201), "string_too_long"},
      // analytics_events
      {"UserLogout", "/session_seconds", -5, "greater_than_equal"},
      {"TaskCompleted", "/time_to_complete", -1, "greater_than_equal"},
      {"TaskOverdue", "/overdue_seconds", -300, "greater_than_equal"},
      {"ProductivityMetric", "/tasks_created", -1, "greater_than_equal"},
      {"ProductivityMetric", "/tasks_completed", -1, "greater_than_equal"},
      {"ProductivityMetric", "/completion_rate", -0.25, "greater_than_equal"},
      {"ProductivityMetric", "/completion_rate", 1.5, "less_than_equal"},
      {"ProductivityMetric", "/active_minutes", -1, "greater_than_equal"},
      // notification_events
      {"EmailNotificationSent", "/recipient", "not-an-address", "string_pattern_mismatch"},
      {"EmailNotificationSent", "/recipient", "a b@example.com", "string_pattern_mismatch"},
      // Unicode white space (no-break, ideographic, line separator) is \s to Pydantic too
      {"EmailNotificationSent", "/recipient", "ada\u00a0l@example.com", "string_pattern_mismatch"},
      {"EmailNotificationSent", "/recipient", "ada@example\u3000.com", "string_pattern_mismatch"},
      {"EmailNotificationSent", "/recipient", "ada@example.com\u2028", "string_pattern_mismatch"},
      {"EmailNotificationSent", "/recipient", "ada@@example.com", "string_pattern_mismatch"},
      {"EmailNotificationSent", "/subject", text(999), "string_too_long"},
      {"PushNotificationSent", "/title", "", "string_too_short"},
      {"PushNotificationSent", "/title", text(201), "string_too_long"},
      {"PushNotificationSent", "/body", text(2001), "string_too_long"},
      {"InAppNotificationCreated", "/title", "", "string_too_short"},
      {"InAppNotificationCreated", "/title", text(201), "string_too_long"},
      {"InAppNotificationCreated", "/message", text(2001), "string_too_long"},
      {"notification.failed", "/payload/retry_count", -1, "greater_than_equal"},
      {"notification.bounced", "/payload/bounce_type", "permanent", "literal_error"},
      // audit_events
      {"UserLoggedOut", "/reason", "timeout", "literal_error"},
      {"LoginFailed", "/username", "", "string_too_short"},
      {"LoginFailed", "/username", text(321), "string_too_long"},
      // contract (seed 003): event_type is one of five operations
      {"TaskEvent", "/event_type", "archived", "enum"},
  };
  return all;
}

std::string sample_text(const std::string& type_name) {
  std::string out;
  for_each_type([&]<class T>() {
    if (name<T>() == type_name) out = encode(sample<T>());
  });
  REQUIRE_MESSAGE(!out.empty(), "no catalog type " << type_name);
  return out;
}

std::string spoil(const bad_case& c) {
  auto j = nlohmann::ordered_json::parse(sample_text(c.type));
  j[nlohmann::ordered_json::json_pointer(c.pointer)] = c.value;
  return j.dump();
}

}  // namespace

TEST_SUITE("catalog constraints") {
  TEST_CASE("every constrained field: one error, at its path, with its code") {
    for (const auto& c : cases()) {
      INFO(c.type << " " << c.pointer << " = " << c.value.dump().substr(0, 40));
      auto r = decode_by_name(c.type, spoil(c));
      REQUIRE_FALSE(r);
      REQUIRE(r.error().size() == 1);
      CHECK(r.error()[0].path == c.pointer);
      CHECK(r.error()[0].code == c.code);
    }
  }

  TEST_CASE("the boundaries themselves are accepted") {
    const std::vector<bad_case> edges{
        {"TodoCreated", "/title", text(500), ""},
        {"TodoCreated", "/description", text(2000, "\u00e9"), ""},
        {"TodoCompleted", "/time_to_complete", 0, ""},
        {"task.created", "/payload/title", "a", ""},
        {"task.created", "/payload/title", text(200, "\u00e9"), ""},
        {"ProductivityMetric", "/completion_rate", 1.0, ""},
        {"ProductivityMetric", "/completion_rate", 0, ""},
        {"notification.bounced", "/payload/bounce_type", "soft", ""},
        {"UserLoggedOut", "/reason", "revoked", ""},
        {"TaskEvent", "/event_type", "uncompleted", ""},
    };
    for (const auto& c : edges) {
      INFO(c.type << " " << c.pointer);
      auto r = decode_by_name(c.type, spoil(c));
      CHECK_MESSAGE(r, events::to_string(r.error()));
    }
  }

  TEST_CASE("several bad fields: all reported at once, in document order") {
    auto j = nlohmann::ordered_json::parse(sample_text("ProductivityMetric"));
    j["tasks_created"] = -1;
    j["completion_rate"] = 2;
    j.erase("period_end");
    auto r = decode_by_name("ProductivityMetric", j.dump());
    REQUIRE_FALSE(r);
    std::vector<std::pair<std::string, std::string>> got;
    for (const auto& e : r.error()) got.emplace_back(e.path, e.code);
    CHECK(got == std::vector<std::pair<std::string, std::string>>{{"/tasks_created", "greater_than_equal"},
                                                                    {"/completion_rate", "less_than_equal"},
                                                                    {"/period_end", "missing"}});
  }

  TEST_CASE("validate() reports the same for values built in C++") {
    auto ev = sample<events::event<events::TaskCreatedPayload>>();
    ev.payload.title = "";
    auto errors = ev.validate();
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].path == "/payload/title");
    CHECK(errors[0].code == "string_too_short");
  }

  TEST_CASE("Pydantic refuses each bad value with the same path and type") {
    std::vector<python_line> input;
    for (const auto& c : cases()) input.push_back({c.type, spoil(c)});
    const auto output = run_python("check", input);
    REQUIRE(output.size() == cases().size());
    for (std::size_t i = 0; i < output.size(); ++i) {
      const auto& c = cases()[i];
      INFO(c.type << " " << c.pointer << ": " << output[i].text);
      REQUIRE(output[i].text.rfind("ERROR\t", 0) == 0);
      auto errors = nlohmann::json::parse(output[i].text.substr(6));
      CHECK(errors == nlohmann::json::array({nlohmann::json::array({c.pointer, c.code})}));
    }
  }
}
