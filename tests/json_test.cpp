#include "test_types.hpp"

#include <doctest/doctest.h>

#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace {

using test::at;
using test::id;

test::OrderPlaced sample_order() {
  return {.order_id = id("123e4567-e89b-12d3-a456-426614174000"),
          .user_id = id("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
          .title = "Book",
          .note = std::nullopt,
          .quantity = 3,
          .level = test::priority::high,
          .tags = {"a", "b\"c"},
          .due = at("2026-01-15T10:30:00.123456Z")};
}

constexpr std::string_view sample_text =
    R"({"order_id":"123e4567-e89b-12d3-a456-426614174000","user_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8",)"
    R"("title":"Book","note":null,"quantity":3,"level":"high","tags":["a","b\"c"],)"
    R"("due":"2026-01-15T10:30:00.123456Z"})";

// The reader's fast paths: keys matched in place (13 bytes with the ':', 14 without, 15 by the
// general path), numbers decided by their scan, strings unescaped into the target.
struct fast_paths {
  static constexpr std::array<std::string_view, 7> defaulted = {
      "i", "d", "f", "s", "thirteen_byte", "fourteen_bytes", "fifteen_bytes_x"};
  int i = 0;
  double d = 0;
  float f = 0;
  std::string s;
  int thirteen_byte = 0;
  int fourteen_bytes = 0;
  int fifteen_bytes_x = 0;
};

// The one error of decoding `text` as T; fails the test when there is not exactly one.
template <class T>
events::error only_error(std::string_view text) {
  auto r = events::from_json<T>(text);
  REQUIRE_FALSE(r);
  INFO(events::to_string(r.error()));
  REQUIRE(r.error().size() == 1);
  return r.error().front();
}

}  // namespace

TEST_SUITE("json") {
  TEST_CASE("encodes to the exact expected text and decodes back") {
    auto order = sample_order();
    CHECK(events::to_json(order) == sample_text);
    auto back = events::from_json<test::OrderPlaced>(sample_text);
    REQUIRE(back);
    CHECK(*back == order);
    CHECK(events::to_json(*back) == sample_text);
  }

  TEST_CASE("reads what Pydantic accepts: reordered keys, unknown keys, omitted defaults") {
    auto r = events::from_json<test::OrderPlaced>(
        R"( { "tags": [], "title": "x", "extra": {"deep": [1, 2, {"a": null}]},
              "user_id": "6BA7B810-9DAD-11D1-80B4-00C04FD430C8", "order_id": "{123e4567-e89b-12d3-a456-426614174000}" } )");
    REQUIRE(r);
    CHECK(r->quantity == 1);
    CHECK(r->level == test::priority::medium);
    CHECK(r->user_id == id("6ba7b810-9dad-11d1-80b4-00c04fd430c8"));
    CHECK_FALSE(r->note);
  }

  TEST_CASE("every error of a message, each with its path and code") {
    auto r = events::from_json<test::OrderPlaced>(
        R"({"order_id":"nope","title":"","quantity":0,"level":"highest","tags":[1,"ok",null],"due":"2026-01-15T10:30:00"})",
        events::decode_options{.allow_naive_timestamps = false});  // the AwareDatetime option
    REQUIRE_FALSE(r);
    std::vector<std::pair<std::string, std::string>> got;
    for (const auto& e : r.error()) got.emplace_back(e.path, e.code);
    std::vector<std::pair<std::string, std::string>> want{
        {"/order_id", "uuid_parsing"},      {"/title", "string_too_short"}, {"/quantity", "greater_than_equal"},
        {"/level", "enum"},                 {"/tags/0", "string_type"},     {"/tags/2", "string_type"},
        {"/due", "timezone_aware"},         {"/user_id", "missing"}};
    CHECK(got == want);
    CHECK(r.error()[0].input == "nope");
    CHECK(r.error()[3].message == "Input should be 'low', 'medium', 'high' or 'urgent'");
    CHECK_THROWS_AS(events::parse<test::OrderPlaced>("{}"), events::decode_error);
  }

  TEST_CASE("each code on its own") {
    using test::Everything;
    struct expect { std::string_view text, path, code; };
    const expect cases[] = {
        {R"({"flag":2})", "/flag", "bool_parsing"},
        {R"({"small":"x"})", "/small", "int_parsing"},
        {R"({"small":1.5})", "/small", "int_from_float"},
        {R"({"small":300})", "/small", "int_parsing_size"},
        {R"({"big":-1})", "/big", "int_parsing_size"},
        {R"({"big":184467440737095516160})", "/big", "int_parsing_size"},
        {R"({"ratio":"x"})", "/ratio", "float_parsing"},
        {R"({"ratio":1e400})", "/ratio", "finite_number"},
        {R"({"text":[]})", "/text", "string_type"},
        {R"({"counts":[]})", "/counts", "dict_type"},
        {R"({"counts":{"a/b":"x"}})", "/counts/a~1b", "int_parsing"},
        {R"({"addresses":{}})", "/addresses", "list_type"},
        {R"({"addresses":[{"city":"x","zip":"123"}]})", "/addresses/0/zip", "string_pattern_mismatch"},
        {R"({"home":{"city":"x"}})", "/home/zip", "missing"},
        {R"({"home":7})", "/home", "model_type"},
        {R"({"channel":"sms"})", "/channel", "literal_error"},
        {R"({"even":3})", "/even", "not_even"},
        {R"({"even":0})", "/even", "greater_than"},
        {R"({"even":100})", "/even", "less_than"},
    };
    const std::string base = R"("flag":true,"small":1,"big":1,"ratio":0.5,"text":"t","addresses":[],"home":null)";
    for (const auto& c : cases) {
      CAPTURE(c.text);
      // Merge the case into an otherwise valid object; the case's key comes last and wins.
      std::string text = "{" + base + "," + std::string(c.text.substr(1));
      auto e = only_error<Everything>(text);
      CHECK(e.path == c.path);
      CHECK(e.code == c.code);
    }
  }

  TEST_CASE("syntax errors carry line and column, and nothing else is reported") {
    auto e = only_error<test::OrderPlaced>("{\n  \"title\": \"x\",\n  \"tags\": [1,,]\n}");
    CHECK(e.code == "json_invalid");
    CHECK(e.line == 3);
    CHECK(e.column > 1);
    CHECK(only_error<test::OrderPlaced>(R"({"title": "x")").code == "json_invalid");
    CHECK(only_error<test::OrderPlaced>("").code == "json_invalid");
    CHECK(only_error<test::OrderPlaced>(std::string_view(sample_text) .substr(0, 40)).code == "json_invalid");
    CHECK(only_error<test::OrderPlaced>(std::string(sample_text) + " x").code == "json_invalid");
  }

  TEST_CASE("limits: size, depth, string length, error count") {
    events::decode_options small{.max_input_bytes = 10};
    auto r = events::from_json<test::OrderPlaced>(sample_text, small);
    REQUIRE_FALSE(r);
    CHECK(r.error().front().code == "json_too_large");

    std::string deep = R"({"extra":)" + std::string(100, '[') + std::string(100, ']') + "}";
    CHECK(only_error<test::Everything>(deep).code == "json_too_deep");

    events::decode_options short_strings{.max_string_bytes = 8};
    auto s = events::from_json<test::Everything>(R"({"text":"0123456789"})", short_strings);
    REQUIRE_FALSE(s);
    CHECK(s.error().front().code == "string_too_large");

    std::string many = R"({"tags":[)";
    for (int i = 0; i < 1000; ++i) many += i ? ",1" : "1";
    many += "]}";
    auto m = events::from_json<test::OrderPlaced>(many);
    REQUIRE_FALSE(m);
    CHECK(m.error().size() == 101);
    CHECK(m.error().back().code == "too_many_errors");
  }

  TEST_CASE("invalid UTF-8 and lone surrogates are rejected, valid UTF-8 counts as characters") {
    CHECK(only_error<test::Everything>("{\"text\":\"\xff\"}").code == "json_invalid");
    auto ok = events::from_json<test::OrderPlaced>(
        R"({"order_id":"123e4567-e89b-12d3-a456-426614174000","user_id":"123e4567-e89b-12d3-a456-426614174000",)"
        R"("tags":[],"title":"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"})");
    CHECK(ok);  // 20 characters, 40 bytes: within max_length<20>
  }

  TEST_CASE("extra fields are ignored by default and forbidden on request") {
    CHECK(events::from_json<test::Strict>(R"({"id":1})"));
    auto e = only_error<test::Strict>(R"({"id":1,"nope":[1,2]})");
    CHECK(e.path == "/nope");
    CHECK(e.code == "extra_forbidden");
    CHECK(e.input == "[1,2]");
  }

  TEST_CASE("lax by default as Pydantic's JSON mode, and decode_options::strict refuses coercion") {
    struct Everything {
      std::optional<bool> flag;
      std::optional<std::int8_t> small;
      std::optional<double> ratio;
    };
    events::decode_options strict;
    strict.strict = true;
    struct expect { std::string_view text, path, strict_code; };
    const expect cases[] = {
        {R"({"flag":1})", "/flag", "bool_type"},      {R"({"flag":"yes"})", "/flag", "bool_type"},
        {R"({"small":"1"})", "/small", "int_type"},   {R"({"small":true})", "/small", "int_type"},
        {R"({"small":2.0})", "/small", "int_type"},   {R"({"ratio":"1.5"})", "/ratio", "float_type"},
    };
    for (const auto& c : cases) {
      CAPTURE(c.text);
      CHECK(events::from_json<Everything>(c.text));
      auto r = events::from_json<Everything>(c.text, strict);
      REQUIRE_FALSE(r);
      REQUIRE(r.error().size() == 1);
      CHECK(r.error()[0].path == c.path);
      CHECK(r.error()[0].code == c.strict_code);
    }
  }

  TEST_CASE("numbers scanned in one pass read as from_chars reads their text") {
    std::mt19937_64 rng(25);
    std::vector<std::string> texts = {"0", "-0", "-0.0", "0.1", "3.14", "9007199254740992", "9007199254740993",
                                      "1e22", "1e23", "817e21", "381e-1", "1E+2", "-1e-400", "1e400", "123456789012345678",
                                      "18446744073709551615", "18446744073709551616", "-9223372036854775808",
                                      "-9223372036854775809", "2147483648", "-2147483648", "4294967295", "0.000001",
                                      "12345678901234567890.5", "1" + std::string(30, '0'), "0." + std::string(30, '3')};
    for (int i = 0; i < 50000; ++i) {
      std::string t = std::to_string(rng() >> (rng() % 64));
      if (rng() % 2) t.insert(1 + rng() % t.size(), ".5");  // after the first digit at least
      if (rng() % 3 == 0) t += (rng() % 2 ? "e" : "E-") + std::to_string(rng() % 60);
      texts.push_back((rng() % 4 == 0 ? "-" : "") + t);
    }
    std::size_t differ = 0;
    auto same_integer = [&differ](const std::string& t, const events::detail::number_parts& n, auto zero) {
      using I = decltype(zero);
      I fast{}, ref{};
      const auto fit = events::detail::small_integer(n, fast);
      const auto res = std::from_chars(t.data(), t.data() + t.size(), ref);
      const bool ref_ok = res.ec == std::errc{} && res.ptr == t.data() + t.size();
      if (fit == events::detail::integer_fit::unknown) return;
      if ((fit == events::detail::integer_fit::stored) != ref_ok || (ref_ok && fast != ref))
        if (++differ <= 10) MESSAGE(t);
    };
    for (const auto& t : texts) {
      events::detail::number_parts n;
      const auto scanned = events::detail::scan_number(t.data(), t.data() + t.size(), n);
      REQUIRE(scanned.error == nullptr);
      REQUIRE(scanned.at == t.data() + t.size());
      CHECK(n.integral == (t.find_first_of(".eE") == std::string::npos));
      double fast = 0, ref = 0;
      const bool fast_ok = events::detail::to_double(n, t, fast), ref_ok = events::detail::to_double(t, ref);
      if (fast_ok != ref_ok || std::bit_cast<std::uint64_t>(fast) != std::bit_cast<std::uint64_t>(ref))
        if (++differ <= 10) MESSAGE(t);
      if (n.integral) {
        same_integer(t, n, int{});
        same_integer(t, n, std::int64_t{});
        same_integer(t, n, std::uint64_t{});
        same_integer(t, n, std::uint16_t{});
        same_integer(t, n, std::int8_t{});
      }
    }
    CHECK(differ == 0);
    // The grammar's errors, where the old scanner stopped.
    for (std::string_view bad : {"-", "-a", "1.", "1.e5", "1e", "1e+", "1E-x"}) {
      events::detail::number_parts n;
      const auto scanned = events::detail::scan_number(bad.data(), bad.data() + bad.size(), n);
      CAPTURE(bad);
      CHECK(scanned.error != nullptr);
    }
    auto e = only_error<test::OrderPlaced>(R"({"quantity": 1.})");
    CHECK(e.code == "json_invalid");
    CHECK(e.column == 16);
  }

  TEST_CASE("the reader's fast paths read as its general paths") {
    fast_paths v;
    v.s = "a string long enough to live on the heap";
    // Escapes unescaped into a string that already holds a value, then plain text into it.
    REQUIRE(events::from_json(R"({"s":"a\"b\\c\u00e9"})", v).empty());
    CHECK(v.s == "a\"b\\c\xc3\xa9");
    REQUIRE(events::from_json(R"({"s":"plain"})", v).empty());
    CHECK(v.s == "plain");
    // Strings in the last 16 bytes of a longer text: their end found in one vector ending there.
    REQUIRE(events::from_json(R"({"i":12345678,"s":"a\"b"})", v).empty());
    CHECK(v.s == "a\"b");
    REQUIRE(events::from_json(R"({"i":12345678,"s":""})", v).empty());
    CHECK(v.s.empty());
    CHECK(only_error<fast_paths>("{\"i\":12345678,\"s\":\"a\x01\"}").code == "json_invalid");
    CHECK(only_error<fast_paths>("{\"i\":12345678,\"s\":\"abc").code == "json_invalid");
    // Keys: in order, out of order, with spaces around ':', at the very end of the text.
    for (std::string_view text :
         {R"({"thirteen_byte":1,"fourteen_bytes":2,"fifteen_bytes_x":3})",
          R"({"fifteen_bytes_x":3,"fourteen_bytes":2,"thirteen_byte":1})",
          R"({"thirteen_byte" :1,"fourteen_bytes" : 2,"fifteen_bytes_x":  3})",
          "{\"thirteen_byte\"\n:\n1,\n\"fourteen_bytes\":2,\"fifteen_bytes_x\":3}"}) {
      CAPTURE(text);
      fast_paths w;
      REQUIRE(events::from_json(text, w).empty());
      CHECK(w.thirteen_byte == 1);
      CHECK(w.fourteen_bytes == 2);
      CHECK(w.fifteen_bytes_x == 3);
    }
    REQUIRE(events::from_json(R"({"i":7})", v).empty());  // shorter than one 16-byte compare
    CHECK(v.i == 7);
    CHECK(only_error<fast_paths>(R"({"i")").code == "json_invalid");
    CHECK(only_error<fast_paths>(R"({"thirteen_byte")").code == "json_invalid");
    // Numbers: the integer -0 is 0, the float -0.0 keeps its sign, floats from their double.
    REQUIRE(events::from_json(R"({"d":-0,"f":0.1})", v).empty());
    CHECK(!std::signbit(v.d));
    CHECK(v.f == 0.1f);
    REQUIRE(events::from_json(R"({"d":-0.0,"f":-3.5e2})", v).empty());
    CHECK(std::signbit(v.d));
    CHECK(v.f == -350.0f);
    REQUIRE(events::from_json(R"({"d":1e23,"i":-2147483648})", v).empty());
    CHECK(v.d == 1e23);
    CHECK(v.i == -2147483648);
    // Values the fast paths leave to the general ones keep their errors, path and input.
    auto e = only_error<fast_paths>(R"({"i":2147483648})");
    CHECK(e.code == "int_parsing_size");
    CHECK(e.path == "/i");
    CHECK(e.input == "2147483648");
    e = only_error<fast_paths>(R"({"f":1e39})");
    CHECK(e.code == "finite_number");
    CHECK(e.path == "/f");
    e = only_error<fast_paths>(R"({"i":1.5})");
    CHECK(e.code == "int_from_float");
    CHECK(only_error<fast_paths>(R"({"d":1.})").code == "json_invalid");
    // A literal field: its value read in place, or escaped, or another value.
    const std::string wire = events::to_json(events::make_event(sample_order()));
    const std::size_t at = wire.find("order.placed");
    REQUIRE(at != std::string::npos);
    CHECK(events::event<test::OrderPlaced>::from_json(wire));
    std::string escaped = wire;
    escaped.replace(at, 12, "order\\u002eplaced");
    CHECK(events::event<test::OrderPlaced>::from_json(escaped));
    std::string other = wire;
    other.replace(at, 12, "order.placeX");
    auto r = events::event<test::OrderPlaced>::from_json(other);
    REQUIRE_FALSE(r);
    CHECK(r.error().front().code == "literal_error");
    CHECK(r.error().front().input == "order.placeX");
  }

  TEST_CASE("indented and spaced documents read as their compact text, and their errors keep line and column") {
    const std::string compact(sample_text);
    // Whitespace after every comma, colon and opening bracket outside the strings.
    std::string doc;
    bool in_string = false;
    for (std::size_t i = 0; i < compact.size(); ++i) {
      const char c = compact[i];
      doc += c;
      if (c == '"' && (i == 0 || compact[i - 1] != '\\')) in_string = !in_string;
      if (!in_string && (c == ',' || c == ':' || c == '[' || c == '{')) doc += c == ',' ? "\n\t  " : (c == ':' ? " " : "  ");
    }
    auto a = events::from_json<test::OrderPlaced>(compact);
    auto b = events::from_json<test::OrderPlaced>(doc);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(events::to_json(*a) == events::to_json(*b));
    auto trailing = only_error<test::OrderPlaced>("{\"tags\": [\"a\",\n   ]}");
    CHECK(trailing.code == "json_invalid");
    CHECK(trailing.line == 2);
    CHECK(trailing.column == 4);
    auto missing = only_error<test::OrderPlaced>("{\"tags\": [\"a\"\n   \"b\"]}");
    CHECK(missing.line == 2);
  }

  TEST_CASE("doubles are written as Pydantic writes them") {
    auto text = [](double d) { std::string s; events::detail::write_double(s, d); return s; };
    CHECK(text(1.0) == "1.0");
    CHECK(text(0.1) == "0.1");
    CHECK(text(-2.5) == "-2.5");
    CHECK(text(100000.0) == "100000.0");
    CHECK(text(1e16) == "1e+16");
    CHECK(text(1.5e-5) == "0.000015");
    CHECK(text(1e-6) == "1e-6");
    CHECK(text(2.5e-8) == "2.5e-8");
    CHECK(text(0.0001) == "0.0001");
    CHECK(text(123456789.125) == "123456789.125");
    CHECK(text(std::numeric_limits<double>::infinity()) == "null");
  }

  TEST_CASE("validate() reports constraint violations of values built in code") {
    auto order = sample_order();
    CHECK(events::validate(order).empty());
    order.title = "";
    order.quantity = 0;
    order.level = static_cast<test::priority>(9);
    auto errors = events::validate(order);
    REQUIRE(errors.size() == 3);
    CHECK(errors[0].path == "/title");
    CHECK(errors[0].code == "string_too_short");
    CHECK(errors[1].path == "/quantity");
    CHECK(errors[2].code == "enum");
    test::Everything e;
    e.text = "\xc3";
    CHECK(events::validate(e).front().code == "string_unicode");
  }
}
