// events::uuid: the text forms Pydantic reads, the one form it writes, and generation of v4, v5
// and v7 against RFC 9562.
#include <events/json.hpp>
#include <events/uuid.hpp>

#include <doctest/doctest.h>

#include <array>
#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <random>
#include <vector>

namespace {

constexpr std::string_view canonical_text = "123e4567-e89b-12d3-a456-426614174000";

events::uuid must_parse(std::string_view s) {
  auto u = events::uuid::parse(s);
  REQUIRE_MESSAGE(u.has_value(), "did not parse: " << s);
  return *u;
}

// Variant bits 10xx in the top of byte 8 (RFC 9562 section 4.1).
bool rfc_variant(const events::uuid& u) { return (u.bytes[8] & 0xC0) == 0x80; }

std::uint64_t unix_ms_of(const events::uuid& u) {
  std::uint64_t ms = 0;
  for (std::size_t i = 0; i < 6; ++i) ms = ms << 8 | u.bytes[i];
  return ms;
}

// The reference parse for the differential test: one character at a time, every form spelled out.
std::optional<events::uuid> reference_parse(std::string_view s) {
  if (s.size() == 45 && s.substr(0, 9) == "urn:uuid:") s = s.substr(9);
  else if (s.size() == 38 && s.front() == '{' && s.back() == '}') s = s.substr(1, 36);
  std::string digits;
  if (s.size() == 36) {
    for (std::size_t i = 0; i < 36; ++i) {
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (s[i] != '-') return std::nullopt;
      } else {
        digits += s[i];
      }
    }
  } else if (s.size() == 32) {
    digits = s;
  } else {
    return std::nullopt;
  }
  auto value = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  events::uuid u;
  for (std::size_t i = 0; i < 16; ++i) {
    const int hi = value(digits[2 * i]), lo = value(digits[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    u.bytes[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return u;
}

struct Identified {
  events::uuid id;
};

}  // namespace

TEST_SUITE("uuid") {
  TEST_CASE("reads every form Pydantic accepts, all to the same value") {
    const auto want = must_parse(canonical_text);
    CHECK(want.bytes[0] == 0x12);
    CHECK(want.bytes[15] == 0x00);
    CHECK(want.bytes[6] == 0x12);
    CHECK(want.bytes[8] == 0xa4);
    for (std::string_view form : {"123E4567-E89B-12D3-A456-426614174000",    // uppercase
                                  "123e4567-E89B-12d3-A456-426614174000",    // mixed case
                                  "123e4567e89b12d3a456426614174000",        // 32 hex digits
                                  "123E4567E89B12D3A456426614174000",
                                  "{123e4567-e89b-12d3-a456-426614174000}",  // braced
                                  "urn:uuid:123e4567-e89b-12d3-a456-426614174000"}) {
      CAPTURE(form);
      auto u = events::uuid::parse(form);
      REQUIRE(u.has_value());
      CHECK(*u == want);
    }
  }

  TEST_CASE("rejects what Pydantic rejects") {
    for (std::string_view bad : {
             "",
             "123e4567-e89b-12d3-a456-42661417400",     // one digit short
             "123e4567-e89b-12d3-a456-4266141740000",   // one digit long
             "123e4567e89b12d3a45642661417400",         // 31 hex digits
             "123e4567e89b12d3a4564266141740000",       // 33 hex digits
             "123e4567-e89b-12d3-a456-42661417400g",    // not hex
             "123e4567-e89b-12d3-a456-42661417400 ",    // trailing space in place of a digit
             " 123e4567-e89b-12d3-a456-426614174000",   // leading space
             "123e4567e-89b-12d3-a456-426614174000",    // hyphen one place late
             "123e456-7e89b-12d3-a456-426614174000",    // hyphen one place early
             "123e4567-e89b-12d3-a456_426614174000",    // underscore for a hyphen
             "123e4567-e89b12d3-a456-426614174000-",    // hyphen moved to the end
             "123e4567-e89b-12d3-a456-4266-14174000",   // extra hyphen, right length
             "{123e4567e89b12d3a456426614174000}",      // braces need hyphens (as Pydantic)
             "{123e4567-e89b-12d3-a456-426614174000",   // unbalanced brace
             "(123e4567-e89b-12d3-a456-426614174000)",  // wrong brackets
             "URN:UUID:123e4567-e89b-12d3-a456-426614174000",
             "urn:uuid:123e4567e89b12d3a456426614174000",
             "123e4567-e89b-12d3-a456-42661417400\xc3\xa9",  // non-ASCII
             "+23e4567-e89b-12d3-a456-426614174000",
         }) {
      CAPTURE(bad);
      CHECK_FALSE(events::uuid::parse(bad).has_value());
    }
    // An embedded NUL is not a digit.
    std::string with_nul(canonical_text);
    with_nul[3] = '\0';
    CHECK_FALSE(events::uuid::parse(with_nul).has_value());
  }

  TEST_CASE("writes lowercase, hyphenated, 36 characters") {
    auto u = must_parse("123E4567E89B12D3A456426614174000");
    CHECK(u.to_string() == canonical_text);
    char buf[events::uuid::text_size + 1];
    buf[events::uuid::text_size] = '#';
    u.write(buf);
    CHECK(std::string_view(buf, events::uuid::text_size) == canonical_text);
    CHECK(buf[events::uuid::text_size] == '#');  // writes exactly 36 bytes
    CHECK(events::uuid::nil().to_string() == "00000000-0000-0000-0000-000000000000");
    CHECK(must_parse("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF").to_string() == "ffffffff-ffff-ffff-ffff-ffffffffffff");
  }

  TEST_CASE("round trip through text for random ids") {
    for (int i = 0; i < 200; ++i) {
      auto u = events::uuid::v4();
      auto text = u.to_string();
      REQUIRE(text.size() == 36);
      CHECK(text.find_first_not_of("0123456789abcdef-") == std::string::npos);
      CHECK(must_parse(text) == u);
    }
  }

  TEST_CASE("parse is usable at compile time") {
    constexpr auto u = events::uuid::parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    static_assert(u.has_value());
    static_assert(u->bytes[0] == 0x6b && u->bytes[15] == 0xc8);
    static_assert(*u == events::uuid::namespace_dns());
    static_assert(!events::uuid::parse("6ba7b810-9dad-11d1-80b4-00c04fd430cz").has_value());
    CHECK(*u == events::uuid::namespace_dns());  // also at run time: a test case asserts something
  }

  TEST_CASE("v4: version 4, RFC variant, distinct") {
    std::unordered_set<events::uuid> seen;
    for (int i = 0; i < 1000; ++i) {
      auto u = events::uuid::v4();
      CHECK(u.version() == 4);
      CHECK(rfc_variant(u));
      CHECK(u.to_string()[14] == '4');
      seen.insert(u);
    }
    CHECK(seen.size() == 1000);
  }

  TEST_CASE("v5: RFC 9562 test vector and Python's uuid.uuid5") {
    // RFC 9562 appendix A.4: DNS namespace, "www.example.com".
    auto u = events::uuid::v5(events::uuid::namespace_dns(), "www.example.com");
    CHECK(u.to_string() == "2ed6657d-e927-568b-95e1-2665a8aea6a2");
    CHECK(u.version() == 5);
    CHECK(rfc_variant(u));
    // Computed with Python's uuid.uuid5; the names cover empty input, the padding edge of a
    // SHA-1 block (16 + 55 bytes) and several blocks.
    CHECK(events::uuid::v5(events::uuid::namespace_url(), "https://example.com/orders/42").to_string() ==
          "e28af53e-3ca6-5bf0-9d0a-e41ae43f323a");
    CHECK(events::uuid::v5(events::uuid::namespace_oid(), "").to_string() == "0a68eb57-c88a-5f34-9e9d-27f85e68af4f");
    CHECK(events::uuid::v5(events::uuid::namespace_x500(), std::string(55, 'x')).to_string() ==
          "db619922-ab20-5af7-ad86-0fd2c825cf59");
    CHECK(events::uuid::v5(events::uuid::namespace_x500(), std::string(200, 'x')).to_string() ==
          "39811165-d164-5de5-8890-275135d783ef");
    // Deterministic, and sensitive to both namespace and name.
    CHECK(events::uuid::v5(events::uuid::namespace_dns(), "a") == events::uuid::v5(events::uuid::namespace_dns(), "a"));
    CHECK(events::uuid::v5(events::uuid::namespace_dns(), "a") != events::uuid::v5(events::uuid::namespace_url(), "a"));
    CHECK(events::uuid::v5(events::uuid::namespace_dns(), "a") != events::uuid::v5(events::uuid::namespace_dns(), "b"));
  }

  TEST_CASE("v7: RFC 9562 layout") {
    // RFC 9562 appendix A.6: unix ms 0x017F22E279B0, rand_a 0xCC3, rand_b 0x18C4DC0C0C07398F.
    using namespace std::chrono;
    system_clock::time_point t{milliseconds(0x017F22E279B0)};
    auto u = events::uuid::v7(t, 0xCC3, 0x18C4DC0C0C07398Full);
    CHECK(u.to_string() == "017f22e2-79b0-7cc3-98c4-dc0c0c07398f");
    CHECK(u.version() == 7);
    CHECK(rfc_variant(u));
    CHECK(unix_ms_of(u) == 0x017F22E279B0ull);
    // Bits beyond the fields' widths never leak into version or variant.
    auto v = events::uuid::v7(t, 0xFFFF, ~0ull);
    CHECK(v.version() == 7);
    CHECK(rfc_variant(v));
    CHECK(unix_ms_of(v) == 0x017F22E279B0ull);
  }

  TEST_CASE("v7: current time, version bits, strictly increasing") {
    using namespace std::chrono;
    auto before = static_cast<std::uint64_t>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
    std::vector<events::uuid> ids;
    for (int i = 0; i < 10000; ++i) ids.push_back(events::uuid::v7());
    auto after = static_cast<std::uint64_t>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
    for (std::size_t i = 0; i < ids.size(); ++i) {
      CHECK(ids[i].version() == 7);
      CHECK(rfc_variant(ids[i]));
      if (i > 0) CHECK(ids[i - 1] < ids[i]);  // byte order is time order, even within one ms
    }
    CHECK(unix_ms_of(ids.front()) >= before);
    // The counter may borrow a few milliseconds ahead when one millisecond holds many ids.
    CHECK(unix_ms_of(ids.back()) <= after + 10);
    // Text order agrees with byte order (lowercase hex sorts as the bytes do).
    CHECK(ids.front().to_string() < ids.back().to_string());
    std::set<events::uuid> distinct(ids.begin(), ids.end());
    CHECK(distinct.size() == ids.size());
  }

  TEST_CASE("ordering, equality and hashing") {
    auto a = must_parse("00000000-0000-0000-0000-000000000001");
    auto b = must_parse("00000000-0000-0000-0000-000000000002");
    auto c = must_parse("10000000-0000-0000-0000-000000000000");
    CHECK(a < b);
    CHECK(b < c);
    CHECK(a == must_parse("00000000000000000000000000000001"));
    CHECK(std::hash<events::uuid>{}(a) == std::hash<events::uuid>{}(must_parse("00000000000000000000000000000001")));
    CHECK(std::hash<events::uuid>{}(a) != std::hash<events::uuid>{}(b));
  }

  TEST_CASE("parse agrees with a character-at-a-time reference: every byte at every place, every length") {
    std::size_t differ = 0, valid = 0;
    auto compare = [&](const std::string& text) {
      const auto want = reference_parse(text), got = events::uuid::parse(text);
      events::uuid direct;
      const bool hyphenated = text.size() == 36 && events::uuid::parse_hyphenated(text.data(), direct);
      bool same = want.has_value() == got.has_value() && (!want || *want == *got);
      if (text.size() == 36) same = same && hyphenated == want.has_value() && (!want || direct == *want);
      valid += want.has_value();
      if (!same && ++differ <= 5) MESSAGE(text);
    };
    for (std::string base : {"123e4567-e89b-12d3-a456-426614174000", "FFFFFFFF-aAfF-0909-Ff00-abcdefABCDEF",
                             "0123456789abcdef0123456789ABCDEF", "{123e4567-e89b-12d3-a456-426614174000}",
                             "urn:uuid:123e4567-e89b-12d3-a456-426614174000"}) {
      for (std::size_t pos = 0; pos < base.size(); ++pos) {
        for (int byte = 0; byte < 256; ++byte) {
          std::string text = base;
          text[pos] = static_cast<char>(byte);
          compare(text);
        }
      }
      for (std::size_t n = 0; n <= base.size() + 2; ++n) compare((base + "00").substr(0, n));
    }
    // Random texts over the bytes that matter (hex digits of both cases, the ones next to them, '-').
    std::mt19937_64 rng(25);
    const std::string alphabet = "0123456789abcdefABCDEF-/:;@`gG{}\x80\xff";
    for (int round = 0; round < 200000; ++round) {
      std::string text(round % 2 ? 36 : 32, '0');
      for (char& c : text) c = alphabet[rng() % alphabet.size()];
      if (round % 3 == 0 && text.size() == 36) text[8] = text[13] = text[18] = text[23] = '-';
      compare(text);
    }
    CHECK(differ == 0);
    CHECK(valid > 1000);
  }

  TEST_CASE("in a message: the hyphenated form read from the text as any other string would be") {
    const auto want = must_parse(canonical_text);
    for (std::string_view text : {R"({"id":"123e4567-e89b-12d3-a456-426614174000"})",
                                  R"({"id":"123E4567-E89B-12D3-A456-426614174000"})",
                                  R"({"id":"123e4567e89b12d3a456426614174000"})",
                                  R"({"id":"{123e4567-e89b-12d3-a456-426614174000}"})",
                                  R"({"id":"\u0031\u0032\u0033e4567-e89b-12d3-a456-426614174000"})"}) {
      CAPTURE(text);
      auto got = events::from_json<Identified>(text);
      REQUIRE(got);
      CHECK(got->id == want);
    }
    for (std::string_view text : {R"({"id":"123e4567-e89b-12d3-a456-42661417400g"})",
                                  R"({"id":"123e4567-e89b-12d3-a456+426614174000"})",
                                  R"({"id":"123e4567-e89b-12d3-a456-42661417400"})"}) {
      CAPTURE(text);
      auto bad = events::from_json<Identified>(text);
      REQUIRE_FALSE(bad);
      REQUIRE(bad.error().size() == 1);
      CHECK(bad.error()[0].code == "uuid_parsing");
    }
  }
}
