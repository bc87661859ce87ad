// Errors: every code the decoder emits, each with its path and input; the throwing layer; and
// hostile input that must yield errors, never an exception or a crash.
#include "test_types.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <vector>

namespace {

struct odd {
  bool operator()(int v) const { return v % 2 != 0; }  // no code or message: the defaults apply
};

struct Inner {
  static constexpr auto extra = events::extra_fields::forbid;
  int n = 0;
};

// One field per error code; id, at and inner are required, the rest have defaults.
struct Coverage {
  events::string<events::min_length<2>, events::max_length<4>> name = "ab";
  events::number<int, events::ge<0>, events::le<10>> closed = 5;  // (= 0 would make it required)
  events::number<double, events::gt<0>, events::lt<1>> open = 0.5;
  events::string<events::pattern<"^[a-z]+$">> slug = "a";
  events::string<events::one_of<"a", "b">> pick = "a";
  events::number<int, events::predicate<odd>> rule = 1;
  events::uuid id;
  events::timestamp at;
  test::priority level = test::priority::medium;
  int count = 1;
  std::uint8_t byte = 1;
  double ratio = 1;
  bool flag = true;
  std::string text = "t";
  std::vector<int> list = {1};
  std::map<std::string, int> dict;  // (a braced initializer here makes g++ 12 crash inside PFR)
  Inner inner;
  std::optional<Inner> maybe;
  nlohmann::json any;
  static constexpr std::array<std::string_view, 2> defaulted = {"dict", "any"};
};

const std::string base =
    R"("id":"123e4567-e89b-12d3-a456-426614174000","at":"2026-01-15T10:30:00Z","inner":{"n":1})";

// `fields` (an object's members, without braces) merged after the valid base: the later key wins.
std::string with(std::string_view fields) { return "{" + base + "," + std::string(fields) + "}"; }

std::vector<std::pair<std::string, std::string>> paths_and_codes(const events::error_list& errors) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& e : errors) out.emplace_back(e.path, e.code);
  return out;
}

const std::string valid_event =
    R"({"event_id":"00000000-0000-4000-8000-000000000003","event_type":"order.placed","event_version":"2.0",)"
    R"("timestamp":"2026-01-15T10:30:00.123456Z","correlation_id":"00000000-0000-4000-8000-000000000001",)"
    R"("causation_id":null,"payload":{"order_id":"123e4567-e89b-12d3-a456-426614174000",)"
    R"("user_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","title":"B\u00f6\u00f6k \"x\"","note":"n\n",)"
    R"("quantity":3,"level":"high","tags":["a","b"],"due":"2026-02-01T00:00:00Z"}})";

using order_event = events::event<test::OrderPlaced>;

// Decodes as T and checks the outcome is coherent: a value, or at least one error, no throw.
template <class T>
bool decode_survives(std::string_view text, const events::decode_options& options = {}) {
  try {
    auto r = events::from_json<T>(text, options);
    if (r) return r.error().empty();
    return !r.error().empty();
  } catch (...) {
    return false;
  }
}

}  // namespace

TEST_SUITE("error") {
  TEST_CASE("the base message is valid") {
    auto r = events::from_json<Coverage>(with(R"("text":"t")"));
    INFO(events::to_string(r.error()));
    CHECK(r);
  }

  TEST_CASE("every value error code, with its path and input") {
    struct expect {
      std::string_view fields, path, code, input;
    };
    const expect cases[] = {
        {R"("name":"a")", "/name", "string_too_short", "a"},
        {R"("name":"\u00e9\u00e9\u00e9\u00e9\u00e9")", "/name", "string_too_long", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"},
        {R"("closed":-1)", "/closed", "greater_than_equal", "-1"},
        {R"("closed":11)", "/closed", "less_than_equal", "11"},
        {R"("open":0)", "/open", "greater_than", ""},
        {R"("open":1.0)", "/open", "less_than", ""},
        {R"("slug":"A1")", "/slug", "string_pattern_mismatch", "A1"},
        {R"("pick":"c")", "/pick", "literal_error", "c"},
        {R"("rule":2)", "/rule", "value_error", "2"},
        {R"("id":"nope")", "/id", "uuid_parsing", "nope"},
        {R"("id":"{123e4567e89b12d3a456426614174000}")", "/id", "uuid_parsing", "{123e4567e89b12d3a456426614174000}"},
        {R"("id":42)", "/id", "uuid_type", "42"},
        {R"("at":"yesterday")", "/at", "datetime_from_date_parsing", "yesterday"},
        {R"("at":"2023-02-29T00:00:00Z")", "/at", "datetime_from_date_parsing", "2023-02-29T00:00:00Z"},
        {R"("at":"2026-01-15T10:30:00")", "/at", "timezone_aware", "2026-01-15T10:30:00"},
        {R"("at":false)", "/at", "datetime_type", "false"},
        {R"("level":"highest")", "/level", "enum", "highest"},
        {R"("level":2)", "/level", "enum", "2"},
        {R"("inner":{"n":1,"x":[1, 2]})", "/inner/x", "extra_forbidden", "[1, 2]"},
        {R"("count":"x")", "/count", "int_parsing", "x"},
        {R"("count":null)", "/count", "int_type", "null"},
        {R"("count":[])", "/count", "int_type", "[]"},
        {R"("count":1.5)", "/count", "int_from_float", "1.5"},
        {R"("count":1e400)", "/count", "finite_number", "1e400"},
        {R"("count":99999999999)", "/count", "int_parsing_size", "99999999999"},
        {R"("count":-1e30)", "/count", "int_parsing_size", "-1e30"},
        {R"("byte":256)", "/byte", "int_parsing_size", "256"},
        {R"("byte":-1)", "/byte", "int_parsing_size", "-1"},
        {R"("ratio":"x")", "/ratio", "float_parsing", "x"},
        {R"("ratio":-1e400)", "/ratio", "finite_number", "-1e400"},
        {R"("flag":2)", "/flag", "bool_parsing", "2"},
        {R"("flag":"maybe")", "/flag", "bool_parsing", "maybe"},
        {R"("text":1)", "/text", "string_type", "1"},
        {R"("text":{"a":[]})", "/text", "string_type", R"({"a":[]})"},
        {R"("list":{})", "/list", "list_type", "{}"},
        {R"("list":[1,"x"])", "/list/1", "int_parsing", "x"},
        {R"("dict":[])", "/dict", "dict_type", "[]"},
        {R"("dict":{"a~b/c":"x"})", "/dict/a~0b~1c", "int_parsing", "x"},
        {R"("inner":7)", "/inner", "model_type", "7"},
        {R"("inner":null)", "/inner", "model_type", "null"},
        {R"("maybe":[])", "/maybe", "model_type", "[]"},
        {R"("maybe":{"n":"x"})", "/maybe/n", "int_parsing", "x"},
    };
    for (const auto& c : cases) {
      std::string text = with(c.fields);
      CAPTURE(text);
      // timezone_aware is the AwareDatetime option's code (naive times are UTC by default).
      const events::decode_options aware{.allow_naive_timestamps = c.code != "timezone_aware"};
      auto r = events::from_json<Coverage>(text, aware);
      REQUIRE_FALSE(r);
      INFO(events::to_string(r.error()));
      REQUIRE(r.error().size() == 1);
      const auto& e = r.error().front();
      CHECK(e.path == c.path);
      CHECK(e.code == c.code);
      if (!c.input.empty()) CHECK(e.input == c.input);
      CHECK_FALSE(e.message.empty());
      CHECK(e.line == 0);
      CHECK(e.column == 0);
    }
  }

  TEST_CASE("messages name the rule broken") {
    auto r = events::from_json<Coverage>(with(R"("name":"a","closed":11,"pick":"c","rule":2)"));
    REQUIRE(r.error().size() == 4);
    CHECK(r.error()[0].message == "String should have at least 2 characters");
    CHECK(r.error()[1].message == "Input should be less than or equal to 10");
    CHECK(r.error()[2].message == "Input should be 'a' or 'b'");
    CHECK(r.error()[3].message == "Value error, predicate failed");
  }

  TEST_CASE("missing: every required field, nothing else, with its path") {
    auto r = events::from_json<Coverage>("{}");
    REQUIRE_FALSE(r);
    using pairs = std::vector<std::pair<std::string, std::string>>;
    CHECK(paths_and_codes(r.error()) == pairs{{"/id", "missing"}, {"/at", "missing"}, {"/inner", "missing"}});
    CHECK(r.error()[0].input.empty());
    CHECK(r.error()[0].message == "Field required");
    auto nested = events::from_json<Coverage>(with(R"("inner":{},"maybe":{})"));
    CHECK(paths_and_codes(nested.error()) == pairs{{"/inner/n", "missing"}, {"/maybe/n", "missing"}});
  }

  TEST_CASE("a pattern is not matched on input longer than its limit") {
    auto r = events::from_json<Coverage>(with(R"("slug":")" + std::string(5000, 'a') + "\""));
    REQUIRE(r.error().size() == 1);
    CHECK(r.error()[0].code == "string_pattern_mismatch");
    CHECK(r.error()[0].input.size() < 100);  // shortened
  }

  TEST_CASE("all errors of one message at once, in document order, across envelope and payload") {
    auto r = order_event::from_json(
        R"({"event_id":"x","event_type":"order.cancelled","event_version":"1.0","timestamp":"2026-01-15T10:30:00",)"
        R"("correlation_id":7,"payload":{"order_id":"123e4567-e89b-12d3-a456-426614174000","title":")" +
        std::string(21, 't') + R"(","quantity":1001,"tags":"a"}})",
        events::decode_options{.allow_naive_timestamps = false});  // the AwareDatetime option
    REQUIRE_FALSE(r);
    using pairs = std::vector<std::pair<std::string, std::string>>;
    CHECK(paths_and_codes(r.error()) == pairs{{"/event_id", "uuid_parsing"},
                                              {"/event_type", "literal_error"},
                                              {"/event_version", "literal_error"},
                                              {"/timestamp", "timezone_aware"},
                                              {"/correlation_id", "uuid_type"},
                                              {"/payload/title", "string_too_long"},
                                              {"/payload/quantity", "less_than_equal"},
                                              {"/payload/tags", "list_type"},
                                              {"/payload/user_id", "missing"}});
    auto not_object = order_event::from_json(
        R"({"event_id":"00000000-0000-4000-8000-000000000003","event_type":"order.placed","timestamp":"2026-01-15T10:30:00Z","payload":[]})");
    REQUIRE(not_object.error().size() == 1);
    CHECK(not_object.error()[0].path == "/payload");
    CHECK(not_object.error()[0].code == "model_type");
  }

  TEST_CASE("json_invalid: one error at the root with line and column") {
    struct expect {
      std::string_view text;
      std::size_t line, column;
    };
    const expect cases[] = {
        {"", 1, 1},
        {"   ", 1, 4},
        {"{", 1, 2},
        {"{\"id\" 1}", 1, 7},
        {"{\"text\":\"t\",}", 1, 13},
        {"{\n  \"text\": \"x\",\n  \"list\": [1,,]\n}", 3, 14},
        {"{\"text\":\"t\"}\n\n  x", 3, 3},
        {"{\"text\":'t'}", 1, 9},
        {"{\"count\":01}", 1, 11},
        {"{\"count\":1.}", 1, 12},
        {"{\"flag\":tru}", 1, 9},
        {"{\"text\":\"a\tb\"}", 1, 11},
        {"{\"text\":\"\\x\"}", 1, 12},
        {"{\"text\":\"\\ud800\"}", 1, 16},
        {"{\"text\":\"\\udc00\"}", 1, 16},
        {"{\"text\":\"\xc3\"}", 1, 10},
        {"{\"text\":\"\xed\xa0\x80\"}", 1, 10},  // UTF-8 encoded surrogate
        {"{\"text\":\"\xc0\xaf\"}", 1, 10},      // overlong
        {"{\"text\":\"\xf4\x90\x80\x80\"}", 1, 10},  // above U+10FFFF
        {"{\"\xff\":1}", 1, 3},                     // invalid UTF-8 in a key
        {"\xef\xbb\xbf{}", 1, 1},                   // a BOM is not JSON
        {"{}{}", 1, 3},
    };
    for (const auto& c : cases) {
      CAPTURE(c.text);
      auto r = events::from_json<Coverage>(c.text);
      REQUIRE_FALSE(r);
      REQUIRE(r.error().size() == 1);
      const auto& e = r.error().front();
      CHECK(e.code == "json_invalid");
      CHECK(e.path == "");
      CHECK(e.line == c.line);
      CHECK(e.column == c.column);
    }
    // A syntax error hides the value errors before it: the message as a whole is not JSON.
    auto r = events::from_json<Coverage>(R"({"name":"a","count":"x",)");
    REQUIRE(r.error().size() == 1);
    CHECK(r.error()[0].code == "json_invalid");
  }

  TEST_CASE("limits: json_too_large, json_too_deep, string_too_large, too_many_errors") {
    std::string ok = with(R"("text":"t")");
    events::decode_options tight{.max_input_bytes = ok.size() - 1};
    auto large = events::from_json<Coverage>(ok, tight);
    REQUIRE(large.error().size() == 1);
    CHECK(large.error()[0].code == "json_too_large");
    tight.max_input_bytes = ok.size();
    CHECK(events::from_json<Coverage>(ok, tight));

    // Depth counts the document's own nesting: the root object is level 1.
    events::decode_options shallow{.max_depth = 3};
    CHECK(events::from_json<Coverage>(with(R"("any":[[1]])"), shallow));
    auto deep = events::from_json<Coverage>(with(R"("any":[[[1]]])"), shallow);
    REQUIRE(deep.error().size() == 1);
    CHECK(deep.error()[0].code == "json_too_deep");
    CHECK(deep.error()[0].path == "");
    CHECK(deep.error()[0].message.find("nesting deeper than 3") != std::string::npos);
    CHECK(events::from_json<Coverage>(with(R"("unknown":{"a":{"b":[]}})"), shallow).error().at(0).code ==
          "json_too_deep");

    events::decode_options short_strings{.max_string_bytes = 4};
    CHECK(events::from_json<Coverage>(R"({"text":"abcd"})", short_strings).error().at(0).code == "missing");
    auto long_text = events::from_json<Coverage>(R"({"text":"abcde"})", short_strings);
    REQUIRE_FALSE(long_text);
    CHECK(long_text.error().at(0).code == "string_too_large");
    CHECK(long_text.error().at(0).message.find("string longer than 4 bytes") != std::string::npos);
    CHECK(events::from_json<Coverage>(R"({"text":"\u00e9\u00e9\u00e9"})", short_strings).error().at(0).code ==
          "string_too_large");  // 6 bytes once unescaped
    CHECK(events::from_json<Coverage>(R"({"abcde":1})", short_strings).error().at(0).code == "string_too_large");

    events::decode_options few{.max_errors = 3};
    auto many = events::from_json<Coverage>(with(R"("list":["a","b","c","d","e"])"), few);
    REQUIRE(many.error().size() == 4);
    CHECK(many.error()[2].path == "/list/2");
    CHECK(many.error()[3].code == "too_many_errors");
  }

  TEST_CASE("throwing layer: parse and value() throw decode_error holding the same list") {
    std::string bad = with(R"("name":"a","count":"x")");
    auto r = events::from_json<Coverage>(bad);
    REQUIRE_FALSE(r);
    try {
      (void)events::parse<Coverage>(bad);
      FAIL("parse did not throw");
    } catch (const events::decode_error& e) {
      CHECK(e.errors() == r.error());
      CHECK(std::string(e.what()) == events::to_string(r.error()));
      CHECK(std::string(e.what()) == "/name: String should have at least 2 characters [string_too_short]\n"
                                     "/count: Input should be a valid integer, unable to parse string as an integer [int_parsing]");
    }
    CHECK_THROWS_AS((void)r.value(), events::decode_error);
    CHECK_THROWS_AS((void)events::parse<Coverage>("{"), events::decode_error);
    try {
      (void)events::parse<Coverage>("");
    } catch (const events::decode_error& e) {
      REQUIRE(e.errors().size() == 1);
      CHECK(e.errors()[0].code == "json_invalid");
      CHECK(std::string(e.what()) == "(root): " + e.errors()[0].message + " [json_invalid]");
    }
    auto good = events::parse<Coverage>(with(R"("count":7)"));
    CHECK(good.count == 7);
    CHECK(events::from_json<Coverage>(with(R"("count":7)")).error().empty());
  }

  TEST_CASE("hostile: every truncation of a valid message is json_invalid, never a throw") {
    REQUIRE(order_event::from_json(valid_event));
    for (std::size_t n = 0; n < valid_event.size(); ++n) {
      std::string_view cut = std::string_view(valid_event).substr(0, n);
      CAPTURE(n);
      events::result<order_event> r = events::error_list{};
      REQUIRE_NOTHROW(r = order_event::from_json(cut));
      REQUIRE_FALSE(r);
      REQUIRE(r.error().size() == 1);
      CHECK(r.error()[0].code == "json_invalid");
      CHECK(r.error()[0].line == 1);
      CHECK(r.error()[0].column <= n + 1);
    }
  }

  TEST_CASE("hostile: huge strings") {
    std::string big(2u << 20, 'x');
    auto r = events::from_json<Coverage>(with(R"("text":")" + big + "\""));
    REQUIRE(r.error().size() == 1);
    CHECK(r.error()[0].code == "string_too_large");
    CHECK(r.error()[0].input.size() < 100);
    events::decode_options roomy{.max_string_bytes = 4u << 20};
    auto taken = events::from_json<Coverage>(with(R"("text":")" + big + "\""), roomy);
    REQUIRE(taken);
    CHECK(taken->text.size() == big.size());
    // An escaped string grows only as it is unescaped.
    std::string escaped;
    for (int i = 0; i < 300000; ++i) escaped += "\\u00e9";
    CHECK(events::from_json<Coverage>(with(R"("text":")" + escaped + "\""))->text.size() == 600000);
    std::string over(17u << 20, ' ');
    CHECK(events::from_json<Coverage>(over).error().at(0).code == "json_too_large");
  }

  TEST_CASE("hostile: 100k-deep nesting anywhere is json_too_deep") {
    const std::size_t n = 100000;
    const std::string arrays = std::string(n, '[') + std::string(n, ']');
    const std::string objects = [&] {
      std::string s;
      for (std::size_t i = 0; i < n; ++i) s += R"({"a":)";
      return s + "1" + std::string(n, '}');
    }();
    const std::string unclosed(n, '[');
    for (const std::string* value : {&arrays, &objects, &unclosed}) {
      for (std::string_view field : {"any", "unknown", "list", "maybe", "text"}) {
        std::string text = "{\"" + std::string(field) + "\":" + *value + "}";
        CAPTURE(field);
        auto r = events::from_json<Coverage>(text);
        REQUIRE(r.error().size() == 1);
        CHECK(r.error()[0].code == "json_too_deep");
      }
      CHECK(events::from_json<Coverage>(*value).error().at(0).code == "json_too_deep");
      // A limit asked for beyond the reader's cap is clamped, so the stack stays bounded.
      events::decode_options huge{.max_depth = 1u << 30};
      CHECK(events::from_json<Coverage>(with("\"any\":" + *value), huge).error().at(0).code == "json_too_deep");
    }
    // Deep but within a raised limit: taken, for the free-form field too.
    events::decode_options deep{.max_depth = 2000};
    std::string nested = std::string(1500, '[') + std::string(1500, ']');
    auto r = events::from_json<Coverage>(with("\"any\":" + nested), deep);
    REQUIRE(r);
    CHECK(r->any.is_array());
  }

  TEST_CASE("hostile: random bytes and mutations of a valid message (deterministic fuzz)") {
    std::mt19937_64 rng(20260115);
    auto below = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
    const std::string alphabet = "{}[]\":,.-+eE0123456789tfnrul\\ \n\xc3\xa9\xff\x00";
    const auto start = std::chrono::steady_clock::now();
    int accepted = 0;
    for (int round = 0; round < 3000; ++round) {
      std::string text;
      if (round % 4 == 0) {  // random bytes, some biased towards JSON punctuation
        std::size_t len = below(64);
        for (std::size_t i = 0; i < len; ++i)
          text += round % 8 == 0 ? static_cast<char>(rng()) : alphabet[below(alphabet.size())];
      } else {  // a few mutations of a valid message
        text = valid_event;
        for (std::size_t k = 1 + below(3); k > 0; --k) {
          std::size_t at = below(text.size());
          switch (below(4)) {
            case 0: text[at] = static_cast<char>(rng()); break;
            case 1: text[at] = alphabet[below(alphabet.size())]; break;
            case 2: text.erase(at, 1 + below(8)); break;
            default: text.insert(at, text.substr(below(text.size()), below(16))); break;
          }
        }
      }
      CAPTURE(text);
      REQUIRE(decode_survives<order_event>(text));
      REQUIRE(decode_survives<Coverage>(text));
      REQUIRE(decode_survives<test::Everything>(text));
      // Whatever is accepted encodes to a message that decodes to the same value.
      auto r = order_event::from_json(text);
      if (r) {
        ++accepted;
        auto again = order_event::from_json(r->to_json());
        REQUIRE(again);
        CHECK(*again == *r);
      }
    }
    CHECK(accepted > 0);  // some mutations (inside strings, say) keep the message valid
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));  // generous for sanitizers
  }
}
