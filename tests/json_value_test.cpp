// events::json_value: any JSON value as canonical text. Pydantic's verdicts and bytes for every
// input of the differential pool are checked in interop_test.cpp ("any_text"); these are the C++
// side: building values, reading them back as C++ types, errors, limits, nlohmann_json.
#include <doctest/doctest.h>
#include <events/json.hpp>
#include <events/json_value.hpp>
#include <events/catalog/todo_events.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace {

struct with_any {
  std::string name;
  events::json_value data;
  std::map<std::string, events::json_value> extra;
};

}  // namespace

TEST_SUITE("json_value") {
  TEST_CASE("values built in code have the text Pydantic writes for them") {
    CHECK(events::json_value().text() == "null");
    CHECK(events::json_value(nullptr).is_null());
    CHECK(events::json_value(true).text() == "true");
    CHECK(events::json_value(-42).text() == "-42");
    CHECK(events::json_value(std::uint64_t{18446744073709551615u}).text() == "18446744073709551615");
    CHECK(events::json_value(1.0).text() == "1.0");
    CHECK(events::json_value(1e-6).text() == "1e-6");
    CHECK(events::json_value(1.0 / 0.0).is_null());  // Pydantic writes an infinity as null
    CHECK(events::json_value("say \"hi\"\n").text() == R"("say \"hi\"\n")");
    CHECK(events::json_value(std::string("caf\xC3\xA9")).text() == "\"caf\xC3\xA9\"");
    CHECK(events::json_value(std::string_view("\xFF")).text() == "\"\xEF\xBF\xBD\"");  // not UTF-8: U+FFFD
    CHECK(events::json_value::array({1, "two", nullptr, events::json_value::array({})}).text() ==
          R"([1,"two",null,[]])");
    // A repeated key keeps its last value at its first place, as a Python dict does.
    CHECK(events::json_value::object({{"b", 1}, {"a", 2}, {"b", 3}}).text() == R"({"b":3,"a":2})");
  }

  TEST_CASE("kind() follows the text") {
    CHECK(events::json_value().kind() == events::json_kind::null);
    CHECK(events::json_value(false).kind() == events::json_kind::boolean);
    CHECK(events::json_value(0).kind() == events::json_kind::number);
    CHECK(events::json_value(-1.5).kind() == events::json_kind::number);
    CHECK(events::json_value("").kind() == events::json_kind::string);
    CHECK(events::json_value::array({}).kind() == events::json_kind::array);
    CHECK(events::json_value::object({}).kind() == events::json_kind::object);
  }

  TEST_CASE("parse keeps key order and every integer digit, and canonicalizes the rest") {
    auto v = events::json_value::parse(R"( {"z": [1.0e0, -0, 12345678901234567890123, "\u00e9"], "a": {"k": 1, "k": 2}} )");
    REQUIRE(v);
    CHECK(v->text() == "{\"z\":[1.0,0,12345678901234567890123,\"\xC3\xA9\"],\"a\":{\"k\":2}}");
    CHECK(v->kind() == events::json_kind::object);
    CHECK(*v == *events::json_value::parse(v->text()));  // canonical text is a fixed point
    CHECK(*events::json_value::parse("null") == events::json_value());
  }

  TEST_CASE("parse refuses bad input with the reader's error, and nothing else") {
    for (const char* bad : {"", "{", "[1,]", "{\"a\" 1}", "tru", "1 2", "\"\\ud800\"", "\"\xFF\"", "01"}) {
      CAPTURE(bad);
      auto v = events::json_value::parse(bad);
      REQUIRE_FALSE(v);
      REQUIRE(v.error().size() == 1);
      CHECK(v.error()[0].code == "json_invalid");
    }
    events::decode_options shallow;
    shallow.max_depth = 3;
    CHECK(events::json_value::parse("[[[1]]]", shallow));
    auto deep = events::json_value::parse("[[[[1]]]]", shallow);
    REQUIRE_FALSE(deep);
    CHECK(deep.error()[0].code == "json_too_deep");
    shallow.max_input_bytes = 4;
    CHECK(events::json_value::parse("[1,2]", shallow).error()[0].code == "json_too_large");
  }

  TEST_CASE("as<T>() reads the value with T's rules and errors") {
    auto v = *events::json_value::parse(R"({"n": 5, "s": "x", "list": ["a", "b"], "when": "2026-01-15T10:30:00Z"})");
    auto fields = v.as<std::map<std::string, events::json_value>>();
    REQUIRE(fields);
    CHECK(fields->at("n").as<std::int64_t>().value() == 5);
    CHECK(fields->at("n").as<std::string>().error()[0].code == "string_type");
    CHECK(fields->at("s").as<std::string>().value() == "x");
    CHECK(fields->at("list").as<std::vector<std::string>>().value() == std::vector<std::string>{"a", "b"});
    CHECK(fields->at("when").as<events::timestamp>());
    auto wrong = fields->at("list").as<std::vector<std::int64_t>>();
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().size() == 2);
    CHECK(wrong.error()[0].path == "/0");
    CHECK(wrong.error()[0].code == "int_parsing");
    events::decode_options strict;
    strict.strict = true;
    CHECK(events::json_value("5").as<std::int64_t>());  // lax by default, as Pydantic
    CHECK_FALSE(events::json_value("5").as<std::int64_t>(strict));
  }

  TEST_CASE("a field of any JSON: read, written and compared as text") {
    auto got = events::from_json<with_any>(R"({"name":"n","data":{"b":[1,2.50],"a":null},"extra":{"y":true,"x":"s"}})");
    REQUIRE(got);
    CHECK(got->data.text() == R"({"b":[1,2.5],"a":null})");
    CHECK(got->extra.at("y") == events::json_value(true));
    CHECK(events::to_json(*got) == R"({"name":"n","data":{"b":[1,2.5],"a":null},"extra":{"x":"s","y":true}})");
    auto missing = events::from_json<with_any>(R"({"name":"n","extra":{}})");
    REQUIRE_FALSE(missing);
    CHECK(missing.error()[0].path == "/data");
    CHECK(missing.error()[0].code == "missing");
    auto truncated = events::from_json<with_any>(R"({"name":"n","data":{"b":[1,)");
    REQUIRE_FALSE(truncated);
    CHECK(truncated.error()[0].code == "json_invalid");
  }

  TEST_CASE("converts to and from nlohmann::json by ADL") {
    const auto v = events::json_value::object({{"b", 1}, {"a", events::json_value::array({true, "x"})}});
    nlohmann::json j = v;
    CHECK(j == nlohmann::json{{"a", {true, "x"}}, {"b", 1}});
    auto back = j.get<events::json_value>();
    CHECK(back.text() == R"({"a":[true,"x"],"b":1})");  // nlohmann's object is sorted by key
    nlohmann::json with_double = 0.1;
    CHECK(with_double.get<events::json_value>().text() == "0.1");
  }

  TEST_CASE("a catalog event's free-form map round-trips and builds from C++ values") {
    events::TodoUpdated payload{.changes = {{"priority", "urgent"}, {"due", nullptr}, {"count", 3},
                                            {"tags", events::json_value::array({"home", "errand"})}}};
    const std::string wire = events::to_json(payload);
    CHECK(wire.find(R"("changes":{"count":3,"due":null,"priority":"urgent","tags":["home","errand"]})") !=
          std::string::npos);
    auto back = events::from_json<events::TodoUpdated>(wire);
    REQUIRE(back);
    CHECK(back->changes == payload.changes);
    CHECK(back->changes.at("priority").as<std::string>().value() == "urgent");
  }
}
