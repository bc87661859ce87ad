// The writer: the raw buffer behind codec<T>::write (sized once, cut once), the open extension
// point for codecs that append to a std::string, and numbers, floats in their shortest form.
#include <events/events.hpp>

#include <doctest/doctest.h>

#include <array>
#include <bit>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <random>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

namespace writer_test {

// A user's codec as the README shows it: it appends to a std::string, and calls a built-in
// codec through its std::string form.
struct version_tag {
  int major = 0, minor = 0;
  std::string label;
};

struct labelled {
  std::string name;
  version_tag version;
  std::optional<version_tag> previous;
  std::vector<version_tag> history;
  std::array<double, 3> position{};
  float ratio = 0;
};

struct big {
  std::vector<std::string> lines;
  std::vector<std::int64_t> numbers;
};

template <class F>
struct holder {
  F v;
};

}  // namespace writer_test

template <>
struct events::codec<writer_test::version_tag> {
  static void write(std::string& out, const writer_test::version_tag& v) {
    out += "{\"v\":\"" + std::to_string(v.major) + '.' + std::to_string(v.minor) + "\",\"label\":";
    events::codec<std::string>::write(out, v.label);  // a built-in codec, handed a string
    out += '}';
  }
  static void read(events::decode_context& ctx, writer_test::version_tag& v) { ctx.reader.skip_value(); (void)v; }
  template <class B, class J>
  static void schema(B&, J& s) { s = {{"type", "object"}}; }
};

namespace {

using namespace writer_test;

// The shortest digit count that reads back as f, found by trying every precision with printf.
int shortest_digits(float f) {
  for (int p = 1; p <= 9; ++p) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*e", p - 1, static_cast<double>(f));
    if (std::strtof(buf, nullptr) == f) return p;
  }
  return 9;
}

// The significant digits of a number's text (no sign, point, exponent or leading zeros).
int digits_of(const std::string& text) {
  int n = 0, trailing = 0;
  bool leading = true;
  for (char c : text) {
    if (c == 'e') break;
    if (c < '0' || c > '9') continue;
    if (leading && c == '0') continue;
    leading = false;
    ++n;
    trailing = c == '0' ? trailing + 1 : 0;
  }
  return n == 0 ? 1 : n - trailing;
}

std::string float_text(float f) { return events::to_json(holder<float>{f}); }

// The digits and exponent of v's shortest form from std::to_chars alone.
template <class F>
std::pair<std::string, int> reference_digits(F v) {
  char buf[64];
  char* end = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific).ptr;
  const std::string s(buf, end);
  const auto e = s.find('e');
  std::string digits = s.substr(0, 1) + (e > 1 ? s.substr(2, e - 2) : "");
  return {digits, std::stoi(s.substr(e + 1))};
}

// Numbers of few digits at every magnitude the short path covers and beyond, and random bits.
template <class F, class Bits>
std::vector<F> short_path_samples(std::mt19937_64& rng, int digits, int low_exp, int high_exp) {
  std::vector<F> out;
  for (int i = 0; i < 30000; ++i) {
    const int d = 1 + static_cast<int>(rng() % static_cast<unsigned>(digits));
    std::string text = std::to_string(rng() % static_cast<std::uint64_t>(std::pow(10.0, d))) + "e" +
                       std::to_string(low_exp + static_cast<int>(rng() % static_cast<unsigned>(high_exp - low_exp)));
    F v{};
    std::from_chars(text.data(), text.data() + text.size(), v);
    if (std::isfinite(v) && v > 0) out.push_back(v);
    const auto bits = std::bit_cast<F>(static_cast<Bits>(rng()));
    if (std::isfinite(bits) && bits > 0) out.push_back(bits);
  }
  return out;
}

// JSON string escaping written out the plain way, byte by byte: the reference for the writer's.
std::string escaped_reference(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') out += '\\', out += ch;
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c == '\b') out += "\\b";
    else if (c == '\f') out += "\\f";
    else if (c < 0x20) {
      char u[8];
      std::snprintf(u, sizeof u, "\\u%04x", c);
      out += u;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

// One value's text as the writer writes it alone: the reference for the same value in an array.
template <class T>
std::string alone(const T& v) {
  const std::string s = events::to_json(holder<T>{v});
  return s.substr(5, s.size() - 6);  // inside {"v":...}
}

template <class T>
std::string joined(const std::vector<T>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + alone<T>(v[i]);
  return out + "]";
}

template <class T>
struct list_of {
  std::vector<T> v;
};

}  // namespace

TEST_SUITE("writer") {
  TEST_CASE("the short path finds the digits to_chars finds, or leaves the number to it") {
    std::mt19937_64 rng(7);
    std::size_t taken = 0, differ = 0;
    auto check = [&](auto v) {
      char digits[32];
      std::size_t n = 0;
      int exp = 0;
      if (!events::detail::few_digits(v, digits, n, exp)) return;
      ++taken;
      const auto [ref, ref_exp] = reference_digits(v);
      if ((std::string(digits, n) != ref || exp != ref_exp) && ++differ <= 10)
        MESSAGE(std::string(digits, n) << "e" << exp << " where to_chars has " << ref << "e" << ref_exp);
    };
    for (double v : short_path_samples<double, std::uint64_t>(rng, 17, -30, 40)) check(v);
    for (float v : short_path_samples<float, std::uint32_t>(rng, 9, -15, 25)) check(v);
    for (double v : {0.1, 0.3, 3.14, 1e22, 1e23, 9007199254740993.0, 123456789012345.0, 1e-8, 2.5e-9, 5e-324}) check(v);
    for (float v : {0.1f, 0.3f, 1e10f, 1e11f, 16777217.0f, 1e-5f, 1.17549435e-38f}) check(v);
    CHECK(differ == 0);
    CHECK(taken > 20000);  // the short path is taken for most of the few-digit numbers
  }

  TEST_CASE("numbers read by the exact short path are the doubles from_chars reads") {
    std::mt19937_64 rng(11);
    std::size_t taken = 0, differ = 0;
    std::vector<std::string> texts = {"0", "-0", "-0.0", "0.1", "3.14", "9007199254740992", "9007199254740993",
                                      "1e22", "1e23", "817e21", "381e-1", "1E+2", "123456789012345678", "0.000001"};
    for (int i = 0; i < 50000; ++i) {
      std::string t = (rng() % 4 == 0 ? "-" : "") + std::to_string(rng() >> (rng() % 64));
      if (rng() % 2) t.insert(t.size() - static_cast<std::size_t>(rng() % t.size() == 0 ? 0 : 1), ".5");
      if (rng() % 3 == 0) t += "e" + std::to_string(static_cast<int>(rng() % 60) - 30);
      texts.push_back(t);
    }
    for (const auto& t : texts) {
      double fast = 0, ref = 0;
      if (!events::detail::small_double(t, fast)) continue;
      ++taken;
      std::from_chars(t.data(), t.data() + t.size(), ref);
      if (std::bit_cast<std::uint64_t>(fast) != std::bit_cast<std::uint64_t>(ref) && ++differ <= 10) MESSAGE(t);
    }
    CHECK(differ == 0);
    CHECK(taken > 10000);
  }

  TEST_CASE("a codec that appends to a std::string is handed everything written before it") {
    labelled v{"svc \"a\"", {1, 4, "stable"}, version_tag{1, 3, "old\n"}, {{0, 1, "x"}, {0, 2, ""}}, {0.5, -1.25, 3}, 0.1f};
    const std::string expected =
        R"({"name":"svc \"a\"","version":{"v":"1.4","label":"stable"},"previous":{"v":"1.3","label":"old\n"},)"
        R"("history":[{"v":"0.1","label":"x"},{"v":"0.2","label":""}],"position":[0.5,-1.25,3.0],"ratio":0.1})";
    CHECK(events::to_json(v) == expected);
    std::string out = "prefix:";  // to_json(out, v) appends
    events::to_json(out, v);
    CHECK(out == "prefix:" + expected);
    out.reserve(10000);  // spare room that the writer must not leave in the string
    events::to_json(out, v);
    CHECK(out == "prefix:" + expected + expected);
  }

  TEST_CASE("the writer grows past its first room and keeps every byte") {
    big b;
    std::string expected = R"({"lines":[)";
    for (int i = 0; i < 300; ++i) {
      b.lines.push_back(std::string(static_cast<std::size_t>(i * 7 % 300), static_cast<char>('a' + i % 26)) + "\t");
      expected += (i ? ",\"" : "\"") + b.lines.back().substr(0, b.lines.back().size() - 1) + "\\t\"";
    }
    expected += R"(],"numbers":[)";
    for (std::int64_t i = 0; i < 2000; ++i) {
      b.numbers.push_back(i * 1000003 - (std::int64_t{1} << 62));
      expected += (i ? "," : "") + std::to_string(b.numbers.back());
    }
    expected += "]}";
    CHECK(events::to_json(b) == expected);
    auto back = events::from_json<big>(expected);
    REQUIRE(back);
    CHECK(back->lines == b.lines);
    CHECK(back->numbers == b.numbers);
  }

  TEST_CASE("floats are written in the fewest digits that read back as the same float") {
    CHECK(float_text(0.1f) == R"({"v":0.1})");
    CHECK(float_text(-2.5f) == R"({"v":-2.5})");
    CHECK(float_text(1.0f) == R"({"v":1.0})");
    CHECK(float_text(-0.0f) == R"({"v":-0.0})");
    CHECK(float_text(1e16f) == R"({"v":1e+16})");
    CHECK(float_text(1e-6f) == R"({"v":1e-6})");
    CHECK(float_text(1.5e-5f) == R"({"v":0.000015})");
    CHECK(float_text(16777216.0f) == R"({"v":16777216.0})");
    CHECK(float_text(123456789.0f) == R"({"v":123456790.0})");  // the float nearest is 123456792
    CHECK(float_text(FLT_MAX) == R"({"v":3.4028235e+38})");
    CHECK(float_text(FLT_MIN) == R"({"v":1.1754944e-38})");
    CHECK(float_text(std::numeric_limits<float>::denorm_min()) == R"({"v":1e-45})");
    CHECK(float_text(std::numeric_limits<float>::infinity()) == R"({"v":null})");
    CHECK(float_text(std::nanf("")) == R"({"v":null})");
    // A double keeps every digit it needs: the same 0.1f widened. A long double is written as
    // the double nearest it.
    CHECK(events::to_json(holder<double>{static_cast<double>(0.1f)}) == R"({"v":0.10000000149011612})");
    CHECK(events::to_json(holder<long double>{0.1L}) == R"({"v":0.1})");
  }

  TEST_CASE("every sampled float reads back as itself from the shortest text") {
    std::mt19937 rng(20261207);
    std::vector<float> samples = {0.0f, FLT_MAX, FLT_MIN, FLT_EPSILON, 1e-45f, 3.0e-45f, 0.3f, 2.0f / 3.0f};
    for (int e = -149; e <= 127; ++e) samples.push_back(std::ldexp(1.0f, e));  // every power of two
    for (int i = 0; i < 40000; ++i) {
      const auto f = std::bit_cast<float>(static_cast<std::uint32_t>(rng()));
      if (std::isfinite(f)) samples.push_back(f);
    }
    std::size_t wrong = 0, longer = 0;
    for (float f : samples) {
      for (float x : {f, -f}) {
        const std::string text = float_text(x);
        auto back = events::from_json<holder<float>>(text);
        if (!back || std::bit_cast<std::uint32_t>(back->v) != std::bit_cast<std::uint32_t>(x)) {
          if (++wrong <= 10) MESSAGE(text);
        }
        if (digits_of(text.substr(5)) > shortest_digits(x) && ++longer <= 10) MESSAGE("not shortest: " << text);
      }
    }
    CHECK(wrong == 0);
    CHECK(longer == 0);
  }
  TEST_CASE("digit groups hold the eight digits of every number sampled below 10^8") {
    std::size_t wrong = 0;
    auto check = [&](std::uint32_t x) {
      const std::uint64_t g = events::detail::digit_bytes(x) + events::detail::ascii_zeros;
      char text[8], ref[9];
      events::detail::store_low_first(text, g);
      std::snprintf(ref, sizeof ref, "%08u", static_cast<unsigned>(x));
      if (std::string(text, 8) != std::string(ref, 8) && ++wrong <= 10) MESSAGE(x);
    };
    for (std::uint32_t x = 0; x < 200000; ++x) check(x);
    for (std::uint32_t x = 99999999; x > 200000; x -= 997) check(x);
    CHECK(wrong == 0);
  }

  TEST_CASE("text of every length up to 70 is escaped where a byte needs it and only there") {
    // Each byte that needs an escape, and bytes beside them that do not (0x20, 0x7F, UTF-8).
    const std::string specials = std::string("\"\\\n\r\t\b\f\x01\x1f", 9) + std::string(1, '\0');
    std::size_t wrong = 0;
    auto check = [&](const std::string& s) {
      if (events::to_json(holder<std::string>{s}) != "{\"v\":" + escaped_reference(s) + "}" && ++wrong <= 10)
        MESSAGE(escaped_reference(s));
      std::string appended;  // the std::string form, as a user's codec calls it
      events::codec<std::string>::write(appended, s);
      if (appended != escaped_reference(s) && ++wrong <= 10) MESSAGE("appended: " << escaped_reference(s));
    };
    for (std::size_t n = 0; n <= 70; ++n) {
      std::string plain(n, 'a');
      for (std::size_t i = 0; i < n; ++i) plain[i] = "ab \x7f\xc3\xa9~z"[i % 7];
      if (n >= 2 && plain[n - 1] == '\xc3') plain[n - 1] = 'x';
      check(plain);
      for (std::size_t at = 0; at < n; ++at)
        for (char c : specials) {
          std::string s = plain;
          s[at] = c;
          check(s);
        }
    }
    check(std::string(3000, '"'));  // every byte escaped: more than one chunk of room
    check(std::string(2500, '\x01') + std::string(700, 'q'));
    CHECK(wrong == 0);
  }

  TEST_CASE("arrays of numbers and booleans of every length up to 40 are their values joined") {
    std::mt19937_64 rng(25);
    std::size_t wrong = 0;
    auto check = [&](const auto& list, const std::string& expected) {
      if (events::to_json(list) != "{\"v\":" + expected + "}" && ++wrong <= 10) MESSAGE(expected);
    };
    for (std::size_t n = 0; n <= 40; ++n) {
      list_of<double> d;
      list_of<float> f;
      list_of<std::int64_t> i;
      list_of<std::uint8_t> u;
      for (std::size_t k = 0; k < n; ++k) {
        d.v.push_back(k % 3 == 0 ? -std::bit_cast<double>(rng() >> 2) : static_cast<double>(rng() % 100000) / 1000);
        f.v.push_back(static_cast<float>(rng() % 100000) / 7);
        i.v.push_back(static_cast<std::int64_t>(rng()) >> (rng() % 64));
        u.v.push_back(static_cast<std::uint8_t>(rng()));
      }
      check(d, joined(d.v));
      check(f, joined(f.v));
      check(i, joined(i.v));
      check(u, joined(u.v));
    }
    CHECK(wrong == 0);
    CHECK(events::to_json(holder<std::array<double, 3>>{{0.1, -1e300, 5e-324}}) == R"({"v":[0.1,-1e+300,5e-324]})");
    holder<std::array<bool, 20>> flags{};  // booleans: more than a run of 16
    std::string expected = R"({"v":[)";
    for (std::size_t k = 0; k < flags.v.size(); ++k) {
      flags.v[k] = k % 3 == 1;
      expected += std::string(k ? "," : "") + (flags.v[k] ? "true" : "false");
    }
    CHECK(events::to_json(flags) == expected + "]}");
  }

  TEST_CASE("an array lays out each number as it is written alone, at every layout and length") {
    // The batch path (format_numbers) lays out digits from memory, the single path in registers:
    // every decimal exponent from -30 to 30, 1 to 17 digits, both signs, in runs up to 16 and past.
    std::mt19937_64 rng(2025);
    list_of<double> d;
    list_of<float> f;
    for (int e = -30; e <= 30; ++e) {
      for (int digits = 1; digits <= 17; ++digits) {
        const std::string text = std::to_string(rng() % static_cast<std::uint64_t>(std::pow(10.0, digits)) + 1) +
                                 "e" + std::to_string(e - digits + 1);
        double x = 0;
        std::from_chars(text.data(), text.data() + text.size(), x);
        d.v.push_back(rng() % 2 ? -x : x);
        f.v.push_back(static_cast<float>(rng() % 2 ? -x : x));
      }
    }
    d.v.insert(d.v.end(), {0.0, -0.0, 1e15, 123456789012345.0, 0.00001, 1e16, 5e-324});
    f.v.insert(f.v.end(), {0.0f, 1e15f, 0.00001f, 1e16f, std::numeric_limits<float>::infinity()});
    std::size_t wrong = 0;
    for (std::size_t n : {std::size_t{1}, std::size_t{3}, std::size_t{16}, std::size_t{17}, d.v.size()}) {
      for (std::size_t at = 0; at + n <= d.v.size(); at += n) {
        list_of<double> part{std::vector<double>(d.v.begin() + static_cast<std::ptrdiff_t>(at), d.v.begin() + static_cast<std::ptrdiff_t>(at + n))};
        if (events::to_json(part) != "{\"v\":" + joined(part.v) + "}" && ++wrong <= 10) MESSAGE(joined(part.v));
      }
      for (std::size_t at = 0; at + n <= f.v.size(); at += n) {
        list_of<float> part{std::vector<float>(f.v.begin() + static_cast<std::ptrdiff_t>(at), f.v.begin() + static_cast<std::ptrdiff_t>(at + n))};
        if (events::to_json(part) != "{\"v\":" + joined(part.v) + "}" && ++wrong <= 10) MESSAGE(joined(part.v));
      }
    }
    CHECK(wrong == 0);
    CHECK(events::to_json(list_of<double>{{1e15, -0.00001, 8.17e23, 38.1, 4107523.517, 1e16, 120.0}}) ==
          R"({"v":[1000000000000000.0,-0.00001,8.17e+23,38.1,4107523.517,1e+16,120.0]})");
    CHECK(events::to_json(list_of<float>{{0.1f, -2.5e-5f, 2.5e-6f, 3e10f, 1e-45f, 16777216.0f}}) ==
          R"({"v":[0.1,-0.000025,2.5e-6,30000000000.0,1e-45,16777216.0]})");
  }

  TEST_CASE("doubles at every layout are written as Pydantic writes them") {
    // Pydantic 2.13's model_dump_json of each double (its digits are Python's repr's).
    const std::pair<double, std::string_view> cases[] = {
        {1234567890123456.7, "1234567890123456.8"}, {123456789012345.67, "123456789012345.67"},
        {0.000012345678901234567, "0.000012345678901234568"}, {0.00012345678901234567, "0.00012345678901234567"},
        {0.00001, "0.00001"}, {1e15, "1000000000000000.0"}, {9999999999999998.0, "9999999999999998.0"},
        {1.7976931348623157e308, "1.7976931348623157e+308"}, {-4.9e-324, "-5e-324"}, {1e100, "1e+100"},
        {0.30000000000000004, "0.30000000000000004"}, {-123.456, "-123.456"}, {1e-7, "1e-7"}, {1e16, "1e+16"}};
    for (const auto& c : cases) {
      std::string written;
      events::detail::write_double(written, c.first);
      CHECK(written == c.second);
      CHECK(alone(c.first) == c.second);
    }
  }
}
