#include "test_types.hpp"

#include <doctest/doctest.h>

namespace {
template <class C, class V>
std::optional<events::detail::violation> fails(const V& v) {
  events::detail::violation out;
  if (C::check(v, out)) return std::nullopt;
  return out;
}
}  // namespace

TEST_SUITE("constraints") {
  TEST_CASE("lengths count code points, as Python does") {
    CHECK_FALSE(fails<events::max_length<3>>(std::string("\xc3\xa9\xc3\xa9\xc3\xa9")));  // 3 chars, 6 bytes
    CHECK(fails<events::max_length<3>>(std::string("abcd"))->code == "string_too_long");
    CHECK(fails<events::max_length<3>>(std::string("abcd"))->message == "String should have at most 3 characters");
    CHECK(fails<events::min_length<1>>(std::string())->message == "String should have at least 1 character");
    CHECK(fails<events::min_length<2>>(std::vector<int>{1})->code == "too_short");
  }

  TEST_CASE("bounds compare signed and unsigned values correctly") {
    CHECK(fails<events::ge<0>>(std::uint64_t{18446744073709551615u}) == std::nullopt);
    CHECK(fails<events::ge<0>>(-1)->code == "greater_than_equal");
    CHECK(fails<events::gt<0>>(0)->message == "Input should be greater than 0");
    CHECK(fails<events::le<10>>(10) == std::nullopt);
    CHECK(fails<events::lt<10>>(10.5)->code == "less_than");
  }

  TEST_CASE("pattern: searched like Pydantic's, long input refused without matching") {
    using digits = events::pattern<"^[0-9]+$", 64>;
    CHECK_FALSE(fails<digits>(std::string("12345")));
    CHECK(fails<digits>(std::string("12a45"))->code == "string_pattern_mismatch");
    CHECK(fails<digits>(std::string(65, '1'))->message.find("longer than 64") != std::string::npos);
    CHECK_FALSE(fails<events::pattern<"b+">>(std::string("abbbc")));
  }

  TEST_CASE("one_of and predicate") {
    using channel = events::one_of<"email", "push", "sms">;
    CHECK_FALSE(fails<channel>(std::string("push")));
    CHECK(fails<channel>(std::string("fax"))->message == "Input should be 'email', 'push' or 'sms'");
    CHECK(fails<events::predicate<test::is_even>>(3L)->code == "not_even");
  }

  TEST_CASE("wrapped fields behave like the plain type") {
    events::string<events::max_length<5>> s = "abc";
    s += "d";
    CHECK(s.size() == 4);
    CHECK(s == "abcd");
    std::string plain = s;
    CHECK(plain == "abcd");
    events::number<int, events::ge<1>> n = 4;
    int doubled = n * 2;
    CHECK(doubled == 8);
    n = 7;
    CHECK(n > 6);
    test::OrderPlaced o{.title = "designated"};
    CHECK(o.title.starts_with("design"));
  }
}
