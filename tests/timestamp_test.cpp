// events::timestamp: written exactly as Pydantic v2 writes UTC datetimes, read as RFC 3339 with
// offsets converted to UTC. Expected texts below are what Pydantic 2.13 produced for the same input.
#include "test_types.hpp"

#include <doctest/doctest.h>

#include <date/date.h>

#include <cstdio>
#include <random>
#include <sstream>
#include <string>

namespace {

using namespace std::chrono;

events::timestamp utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0, long us = 0) {
  return events::timestamp(date::sys_days(date::year{y} / date::month{mo} / date::day{d})) + hours(h) + minutes(mi) +
         seconds(s) + microseconds(us);
}

events::timestamp_errc parse(std::string_view s, events::timestamp& t, bool allow_naive = false) {
  return events::parse_timestamp(s, t, allow_naive);
}

// The UTC text a valid RFC 3339 input ends up as (parse, then format).
std::string as_utc(std::string_view s) {
  events::timestamp t{};
  auto ec = events::parse_timestamp(s, t);
  REQUIRE_MESSAGE(ec == events::timestamp_errc::ok, "did not parse: " << s);
  return events::format_timestamp(t);
}

struct Stamped {
  events::timestamp at;
};

}  // namespace

TEST_SUITE("timestamp") {
  TEST_CASE("written as Pydantic v2 writes UTC") {
    CHECK(events::format_timestamp(utc(2026, 1, 15, 10, 30, 0, 123456)) == "2026-01-15T10:30:00.123456Z");
    CHECK(events::format_timestamp(utc(2026, 1, 15, 10, 30, 0)) == "2026-01-15T10:30:00Z");
    CHECK(events::format_timestamp(utc(2026, 1, 15, 10, 30, 0, 500000)) == "2026-01-15T10:30:00.500000Z");
    CHECK(events::format_timestamp(utc(2026, 1, 15, 10, 30, 0, 1)) == "2026-01-15T10:30:00.000001Z");
    CHECK(events::format_timestamp(utc(2026, 1, 15, 10, 30, 0, 120)) == "2026-01-15T10:30:00.000120Z");
    CHECK(events::format_timestamp(events::timestamp{}) == "1970-01-01T00:00:00Z");
    CHECK(events::format_timestamp(utc(1969, 12, 31, 23, 59, 59, 999999)) == "1969-12-31T23:59:59.999999Z");
    CHECK(events::format_timestamp(utc(2024, 2, 29, 23, 59, 59)) == "2024-02-29T23:59:59Z");
    CHECK(events::format_timestamp(utc(1, 1, 1)) == "0001-01-01T00:00:00Z");
    CHECK(events::format_timestamp(utc(9999, 12, 31, 23, 59, 59, 999999)) == "9999-12-31T23:59:59.999999Z");
    CHECK(events::format_timestamp(utc(999, 3, 4, 5, 6, 7)) == "0999-03-04T05:06:07Z");
  }

  TEST_CASE("writing agrees with date::format and reads back, over random times") {
    std::mt19937_64 rng(2026);
    const auto lo = utc(1, 1, 1).time_since_epoch().count();
    const auto hi = utc(9999, 12, 31, 23, 59, 59, 999999).time_since_epoch().count();
    std::uniform_int_distribution<std::int64_t> pick(lo, hi);
    for (int i = 0; i < 2000; ++i) {
      events::timestamp t{microseconds(pick(rng))};
      if (i % 3 == 0) t = floor<seconds>(t);  // whole seconds: no fraction written
      std::string want = date::format("%Y-%m-%dT%H:%M:%S", floor<seconds>(t));
      if (auto us = (t - floor<seconds>(t)).count(); us != 0) {
        std::string frac = std::to_string(us);
        want += '.';  // appended piece by piece: g++ 12 -O3 sees a false -Wrestrict in "." + s + t
        want.append(6 - frac.size(), '0');
        want += frac;
      }
      want += 'Z';
      std::string got = events::format_timestamp(t);
      REQUIRE(got == want);
      events::timestamp back{};
      REQUIRE(parse(got, back) == events::timestamp_errc::ok);
      CHECK(back == t);
    }
  }

  TEST_CASE("reads Z in any case and the separators Pydantic takes") {
    const auto want = utc(2026, 1, 15, 10, 30);
    for (std::string_view s : {"2026-01-15T10:30:00Z", "2026-01-15T10:30:00z", "2026-01-15t10:30:00Z",
                               "2026-01-15 10:30:00Z", "2026-01-15T10:30:00+00:00", "2026-01-15T10:30:00-00:00"}) {
      CAPTURE(s);
      events::timestamp t{};
      REQUIRE(parse(s, t) == events::timestamp_errc::ok);
      CHECK(t == want);
    }
  }

  TEST_CASE("offsets are converted to UTC, across midnight, month, leap day and year end") {
    CHECK(as_utc("2026-01-15T10:30:00+05:30") == "2026-01-15T05:00:00Z");
    CHECK(as_utc("2026-01-15T10:30:00-08:00") == "2026-01-15T18:30:00Z");
    CHECK(as_utc("2026-01-15T23:30:00-01:00") == "2026-01-16T00:30:00Z");
    CHECK(as_utc("2026-01-16T00:15:00+00:45") == "2026-01-15T23:30:00Z");
    CHECK(as_utc("2026-01-01T00:30:00+01:00") == "2025-12-31T23:30:00Z");
    CHECK(as_utc("2025-12-31T23:00:00-02:00") == "2026-01-01T01:00:00Z");
    CHECK(as_utc("2024-02-28T23:30:00-01:00") == "2024-02-29T00:30:00Z");
    CHECK(as_utc("2024-03-01T00:30:00+01:00") == "2024-02-29T23:30:00Z");
    CHECK(as_utc("2023-03-01T00:30:00+01:00") == "2023-02-28T23:30:00Z");
    CHECK(as_utc("2026-03-31T23:59:59.5-23:59") == "2026-04-01T23:58:59.500000Z");
    CHECK(as_utc("2026-06-15T12:00:00+23:59") == "2026-06-14T12:01:00Z");
  }

  TEST_CASE("fractions of 0 to 9 digits, truncated (not rounded) to microseconds") {
    CHECK(as_utc("2026-01-15T10:30:00.5Z") == "2026-01-15T10:30:00.500000Z");
    CHECK(as_utc("2026-01-15T10:30:00.12Z") == "2026-01-15T10:30:00.120000Z");
    CHECK(as_utc("2026-01-15T10:30:00.123Z") == "2026-01-15T10:30:00.123000Z");
    CHECK(as_utc("2026-01-15T10:30:00.123456Z") == "2026-01-15T10:30:00.123456Z");
    CHECK(as_utc("2026-01-15T10:30:00.1234567Z") == "2026-01-15T10:30:00.123456Z");
    CHECK(as_utc("2026-01-15T10:30:00.123456789Z") == "2026-01-15T10:30:00.123456Z");
    CHECK(as_utc("2026-01-15T10:30:00.999999999Z") == "2026-01-15T10:30:00.999999Z");
    CHECK(as_utc("2026-01-15T10:30:00.000000Z") == "2026-01-15T10:30:00Z");
    CHECK(as_utc("2026-01-15T10:30:00.000000999Z") == "2026-01-15T10:30:00Z");
    CHECK(as_utc("2026-01-15T23:59:59.999999999-01:00") == "2026-01-16T00:59:59.999999Z");
    events::timestamp t{};
    CHECK(parse("2026-01-15T10:30:00.Z", t) == events::timestamp_errc::invalid);
    CHECK(parse("2026-01-15T10:30:00.", t) == events::timestamp_errc::invalid);
    CHECK(parse("2026-01-15T10:30:00,5Z", t) == events::timestamp_errc::invalid);
    CHECK(parse("2026-01-15T10:30:00.5aZ", t) == events::timestamp_errc::invalid);
  }

  TEST_CASE("calendar: leap days and month lengths") {
    events::timestamp t{};
    CHECK(parse("2024-02-29T00:00:00Z", t) == events::timestamp_errc::ok);
    CHECK(t == utc(2024, 2, 29));
    CHECK(parse("2000-02-29T12:00:00Z", t) == events::timestamp_errc::ok);
    CHECK(parse("2023-02-29T00:00:00Z", t) == events::timestamp_errc::invalid);
    CHECK(parse("1900-02-29T00:00:00Z", t) == events::timestamp_errc::invalid);
    CHECK(parse("2024-02-30T00:00:00Z", t) == events::timestamp_errc::invalid);
    CHECK(parse("2026-04-31T00:00:00Z", t) == events::timestamp_errc::invalid);
    CHECK(parse("2026-12-31T00:00:00Z", t) == events::timestamp_errc::ok);
    CHECK(parse("2026-13-01T00:00:00Z", t) == events::timestamp_errc::invalid);
    CHECK(parse("2026-00-10T00:00:00Z", t) == events::timestamp_errc::invalid);
    CHECK(parse("2026-01-00T00:00:00Z", t) == events::timestamp_errc::invalid);
    CHECK(parse("2026-01-32T00:00:00Z", t) == events::timestamp_errc::invalid);
  }

  TEST_CASE("time of day and offset ranges") {
    events::timestamp t{};
    CHECK(parse("2026-01-15T23:59:59Z", t) == events::timestamp_errc::ok);
    CHECK(parse("2026-01-15T24:00:00Z", t) == events::timestamp_errc::invalid);
    CHECK(parse("2026-01-15T23:59:60Z", t) == events::timestamp_errc::invalid);  // Pydantic refuses leap seconds too
    CHECK(parse("2026-01-15T10:60:00Z", t) == events::timestamp_errc::invalid);
    CHECK(parse("2026-01-15T10:30:00+24:00", t) == events::timestamp_errc::invalid);
    CHECK(parse("2026-01-15T10:30:00+05:60", t) == events::timestamp_errc::invalid);
    CHECK(parse("2026-01-15T10:30:00+05", t) == events::timestamp_errc::invalid);
    CHECK(parse("2026-01-15T10:30:00+05:3", t) == events::timestamp_errc::invalid);
    CHECK(parse("2026-01-15T10:30:00+05:300", t) == events::timestamp_errc::invalid);
    CHECK(parse("2026-01-15T10:30:00Z ", t) == events::timestamp_errc::invalid);
    CHECK(parse("2026-01-15T10:30:00ZZ", t) == events::timestamp_errc::invalid);
  }

  TEST_CASE("years outside 0001-9999, before or after conversion, are refused") {
    events::timestamp t{};
    CHECK(parse("0000-01-01T00:00:00Z", t) == events::timestamp_errc::invalid);
    CHECK(parse("0001-01-01T00:00:00Z", t) == events::timestamp_errc::ok);
    CHECK(parse("9999-12-31T23:59:59.999999Z", t) == events::timestamp_errc::ok);
    CHECK(parse("0001-01-01T00:30:00+01:00", t) == events::timestamp_errc::out_of_range);
    CHECK(parse("9999-12-31T23:59:59-01:00", t) == events::timestamp_errc::out_of_range);
  }

  TEST_CASE("naive times: refused by default, taken as UTC on request") {
    events::timestamp t{};
    CHECK(parse("2026-01-15T10:30:00", t) == events::timestamp_errc::naive);
    CHECK(parse("2026-01-15T10:30:00.123", t) == events::timestamp_errc::naive);
    REQUIRE(parse("2026-01-15T10:30:00.123", t, true) == events::timestamp_errc::ok);
    CHECK(t == utc(2026, 1, 15, 10, 30, 0, 123000));
    // Seconds may be left out, as Pydantic reads them; allow_naive does not make broken text acceptable.
    REQUIRE(parse("2026-01-15T10:30", t, true) == events::timestamp_errc::ok);
    CHECK(t == utc(2026, 1, 15, 10, 30));
    CHECK(parse("2026-01-15T10:3", t, true) == events::timestamp_errc::invalid);
  }

  TEST_CASE("garbage is invalid, never a crash") {
    events::timestamp t{};
    for (std::string_view s : {"", "garbage", "2026", "2026-01-15", "2026-01-15T", "2026-01-15T10:3", "2026-01-15T10:30:0Z",
                               "2026-1-15T10:30:00Z", "2026-01-15T1:30:00Z", "20260115T103000Z", "2026/01/15T10:30:00Z",
                               "2026-01-15X10:30:00Z", "+2026-01-15T10:30:00Z", "-026-01-15T10:30:00Z",
                               "2026-01-15T10:30:0aZ", "2026-01-15T10-30-00Z", "\xef\xbc\x92" "026-01-15T10:30:00Z",
                               "1700000000", "2026-01-15T10:30:00+05:30:00"}) {
      CAPTURE(s);
      CHECK(parse(s, t) == events::timestamp_errc::invalid);
    }
    // Every prefix of a valid timestamp: invalid or naive, never ok with a missing zone.
    const std::string full = "2026-01-15T10:30:00.123456+05:30";
    for (std::size_t n = 0; n < full.size(); ++n) {
      auto ec = parse(std::string_view(full).substr(0, n), t);
      CAPTURE(n);
      CHECK((ec == events::timestamp_errc::invalid || ec == events::timestamp_errc::naive));
    }
  }

  TEST_CASE("in a message: naive times are UTC by default (written with Z), timezone_aware with allow_naive_timestamps = false") {
    auto ok = events::from_json<Stamped>(R"({"at":"2026-01-15T23:30:00.1234567-01:00"})");
    REQUIRE(ok);
    CHECK(events::to_json(*ok) == R"({"at":"2026-01-16T00:30:00.123456Z"})");

    // What datetime.utcnow() gives Pydantic to write: no offset. Read as UTC, written with Z.
    auto taken = events::from_json<Stamped>(R"({"at":"2026-01-15T10:30:00.5"})");
    REQUIRE(taken);
    CHECK(taken->at == utc(2026, 1, 15, 10, 30, 0, 500000));
    CHECK(events::to_json(*taken) == R"({"at":"2026-01-15T10:30:00.500000Z"})");

    // Pydantic's AwareDatetime: refused.
    events::decode_options aware{.allow_naive_timestamps = false};
    auto naive = events::from_json<Stamped>(R"({"at":"2026-01-15T10:30:00"})", aware);
    REQUIRE_FALSE(naive);
    REQUIRE(naive.error().size() == 1);
    CHECK(naive.error()[0].code == "timezone_aware");
    CHECK(naive.error()[0].path == "/at");
    CHECK(naive.error()[0].input == "2026-01-15T10:30:00");

    events::decode_options lenient{};

    // Lax (the default) names the failure after Pydantic's retry as a date; strict does not retry.
    events::decode_options strict{.allow_naive_timestamps = true, .strict = true};
    for (std::string_view text : {R"({"at":"2023-02-29T00:00:00Z"})", R"({"at":"soon"})",
                                  R"({"at":"9999-12-31T23:59:59-01:00"})"}) {
      CAPTURE(text);
      auto bad = events::from_json<Stamped>(text, lenient);
      REQUIRE_FALSE(bad);
      REQUIRE(bad.error().size() == 1);
      CHECK(bad.error()[0].code == "datetime_from_date_parsing");
      CHECK(bad.error()[0].path == "/at");
      auto bad_strict = events::from_json<Stamped>(text, strict);
      REQUIRE_FALSE(bad_strict);
      CHECK(bad_strict.error()[0].code == "datetime_parsing");
    }
    auto unix_time = events::from_json<Stamped>(R"({"at":1700000000})");
    REQUIRE(unix_time);
    CHECK(events::to_json(*unix_time) == R"({"at":"2023-11-14T22:13:20Z"})");
    auto number = events::from_json<Stamped>(R"({"at":1700000000})", strict);
    REQUIRE_FALSE(number);
    CHECK(number.error()[0].code == "datetime_type");
  }

  TEST_CASE("the date and minute read a word at a time agree with a byte at a time, every byte at every place") {
    // The reference: each field from its two digits, each separator compared.
    auto bytewise = [](const char* c, unsigned (&f)[6]) {
      const std::size_t at[6] = {0, 2, 5, 8, 11, 14};
      bool ok = c[4] == '-' && c[7] == '-' && (c[10] == 'T' || c[10] == 't' || c[10] == ' ') && c[13] == ':';
      for (int i = 0; i < 6; ++i) {
        const char a = c[at[i]], b = c[at[i] + 1];
        ok = ok && a >= '0' && a <= '9' && b >= '0' && b <= '9';
        f[i] = static_cast<unsigned>(a - '0') * 10 + static_cast<unsigned>(b - '0');
      }
      return ok;
    };
    std::size_t differ = 0, valid = 0;
    for (std::string base : {"2026-01-15T10:30", "1999-12-31t23:59", "0001-09-09 00:00", "9999-00-99T99:99"}) {
      for (std::size_t pos = 0; pos < base.size(); ++pos) {
        for (int byte = 0; byte < 256; ++byte) {
          std::string text = base;
          text[pos] = static_cast<char>(byte);
          unsigned want[6] = {}, got[6] = {};
          const bool expected = bytewise(text.data(), want);
          const bool read = events::detail::date_and_minute(text.data(), got[0], got[1], got[2], got[3], got[4], got[5]);
          bool same = expected == read;
          for (int i = 0; same && expected && i < 6; ++i) same = want[i] == got[i];
          valid += expected;
          if (!same && ++differ <= 5) MESSAGE(text);
        }
      }
    }
    CHECK(differ == 0);
    CHECK(valid > 100);
  }

  TEST_CASE("Pydantic's two forms read in one piece agree with the general reading") {
    // usual_timestamp (SSE2 and portable) against parse_any_timestamp, the reading without the
    // shortcut: the shortcut must take exactly the texts in the form's layout (uppercase T and Z),
    // with the general reading's value, for years 1970-2100, and refuse every other text; and
    // parse_timestamp, which tries the shortcut first, must answer as the general reading does.
    std::size_t differ = 0, taken = 0, checked = 0;
    auto in_layout = [](std::string_view s) {
      const std::string_view layout = s.size() == 20 ? "0000-00-00T00:00:00Z" : "0000-00-00T00:00:00.000000Z";
      if (s.size() != layout.size()) return false;
      for (std::size_t i = 0; i < s.size(); ++i)
        if (layout[i] == '0' ? s[i] < '0' || s[i] > '9' : s[i] != layout[i]) return false;
      const int y = std::stoi(std::string(s.substr(0, 4)));
      return y >= 1970 && y <= 2100;
    };
    auto check = [&](std::string_view s) {
      ++checked;
      events::timestamp general{}, public_api{};
      const auto general_ec = events::detail::parse_any_timestamp(s, general, false);
      const auto public_ec = parse(s, public_api);
      const bool expected = general_ec == events::timestamp_errc::ok && in_layout(s);
      bool same = public_ec == general_ec && (public_ec != events::timestamp_errc::ok || public_api == general);
      std::int64_t us = -1;
      auto agree = [&](bool read) {  // us as the call left it
        same = same && read == expected && (!read || us == general.time_since_epoch().count());
      };
      if (s.size() == 20) {
        agree(events::detail::usual_timestamp_portable<20>(s.data(), us));
#if defined(__SSE2__)
        agree(events::detail::usual_timestamp_sse2<20>(s.data(), us));
#endif
      } else if (s.size() == 27) {
        agree(events::detail::usual_timestamp_portable<27>(s.data(), us));
#if defined(__SSE2__)
        agree(events::detail::usual_timestamp_sse2<27>(s.data(), us));
#endif
      }
      taken += expected;
      if (!same && ++differ <= 5) MESSAGE(s);
    };
    SUBCASE("every byte at every place") {
      for (std::string base : {"2026-01-15T10:30:00.123456Z", "2026-01-20T17:00:00Z", "2024-02-29T23:59:59.999999Z",
                               "1970-01-01T00:00:00Z", "2100-12-31T23:59:59.000000Z", "2000-02-29T00:00:00Z",
                               "2023-02-28T19:09:09.090909Z", "2100-02-28T09:59:00Z"}) {
        for (std::size_t pos = 0; pos < base.size(); ++pos) {
          for (int byte = 0; byte < 256; ++byte) {
            std::string text = base;
            text[pos] = static_cast<char>(byte);
            check(text);
          }
        }
      }
      CHECK(taken > 800);
    }
    SUBCASE("every day 1970-2100, the years around them and the first and last") {
      char text[32];
      for (int y : {1, 4, 100, 400, 1600, 1899, 1900, 1968, 1969, 2101, 2104, 2400, 9999}) {
        for (unsigned m = 1; m <= 12; ++m) {
          for (unsigned d = 27; d <= 32; ++d) {
            std::snprintf(text, sizeof text, "%04d-%02u-%02uT23:59:59Z", y, m, d);
            check(text);
          }
        }
      }
      for (date::sys_days day = date::year{1969} / 12 / 31; day <= date::sys_days(date::year{2101} / 1 / 1); day += date::days{1}) {
        const date::year_month_day ymd{day};
        const int y = static_cast<int>(ymd.year());
        const unsigned m = static_cast<unsigned>(ymd.month()), d = static_cast<unsigned>(ymd.day());
        const unsigned k = static_cast<unsigned>(day.time_since_epoch().count()) % 86400;  // a time of day
        std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02u:%02u:%02uZ", y, m, d, k / 3600, k / 60 % 60, k % 60);
        check(text);
        std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02u:%02u:%02u.%06uZ", y, m, d, 23 - k / 3600 % 24, 59 - k / 60 % 60,
                      k % 60, k * 7919 % 1000000);
        check(text);
        if (d >= 28) {  // one day past the end of the month, and the 30th and 31st of each
          for (unsigned past = d + 1; past <= 32; ++past) {
            std::snprintf(text, sizeof text, "%04d-%02u-%02uT00:00:00Z", y, m, past);
            check(text);
          }
        }
      }
      CHECK(taken >= 2 * 47846);
    }
    SUBCASE("random texts in the layout and random bytes") {
      std::mt19937_64 rng(25);
      const std::string_view layouts[] = {"0000-00-00T00:00:00Z", "0000-00-00T00:00:00.000000Z"};
      const char pool[] = "0123456789-T:.Zzt +";
      for (int i = 0; i < 300000; ++i) {
        std::string text(layouts[i % 2]);
        for (char& c : text) {
          if (c == '0') c = static_cast<char>('0' + rng() % 10);
        }
        // Years mostly near the range, digits of the fields spread over 0-9 (months 13-99 and so on).
        if (rng() % 2) {
          const unsigned y = 1960 + static_cast<unsigned>(rng() % 150);
          text[0] = static_cast<char>('0' + y / 1000), text[1] = static_cast<char>('0' + y / 100 % 10);
          text[2] = static_cast<char>('0' + y / 10 % 10), text[3] = static_cast<char>('0' + y % 10);
        }
        if (rng() % 2) text[5] = static_cast<char>('0' + rng() % 2), text[8] = static_cast<char>('0' + rng() % 4);
        if (rng() % 2) text[11] = static_cast<char>('0' + rng() % 3);
        for (int changes = static_cast<int>(rng() % 4); changes-- > 0;) {
          const std::size_t pos = rng() % text.size();
          text[pos] = rng() % 2 ? pool[rng() % (sizeof pool - 1)] : static_cast<char>(rng() % 256);
        }
        check(text);
      }
      CHECK(taken > 1500);
    }
    CHECK(differ == 0);
    CHECK(checked > 0);
  }

  TEST_CASE("now() is UTC system time in whole microseconds") {
    auto before = floor<microseconds>(system_clock::now());
    auto t = events::now();
    auto after = system_clock::now();
    CHECK(t >= before);
    CHECK(t <= after);
  }

  TEST_CASE("in a message: Pydantic's two forms read from the text decode as the same string escaped does") {
    // The codec reads 20 and 27 characters ahead of the quote without scanning the string; the same
    // text with one character escaped (\u00XX) takes the scanning path. Every byte at every place
    // of both forms, and every length: the outcomes (value or errors) must be the same.
    auto outcome = [](const std::string& json, const events::decode_options& options) {
      auto got = events::from_json<Stamped>(json, options);
      if (got) return "ok " + events::format_timestamp(got->at) + " " + std::to_string(got->at.time_since_epoch().count());
      std::string errors;
      for (const auto& e : got.error()) errors += e.path + "|" + e.code + "|" + e.message + "|" + e.input + ";";
      return errors;
    };
    const events::decode_options options[] = {{}, {.allow_naive_timestamps = false}, {.allow_naive_timestamps = true, .strict = true}};
    std::size_t differ = 0, accepted = 0;
    auto compare = [&](const std::string& text, std::size_t escape_at) {
      char escaped[7];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(text[escape_at])));
      const std::string plain = R"({"at":")" + text + R"("})";
      const std::string slow = R"({"at":")" + text.substr(0, escape_at) + escaped + text.substr(escape_at + 1) + R"("})";
      const std::string spaced = "{ \"at\" :\n \"" + text + "\" }";  // whitespace before the string: not the shortcut
      for (const auto& o : options) {
        const std::string a = outcome(plain, o), b = outcome(slow, o), c = outcome(spaced, o);
        accepted += a.rfind("ok ", 0) == 0;
        if ((a != b || a != c) && ++differ <= 5) MESSAGE(plain << " -> " << a << " vs " << b << " vs " << c);
      }
    };
    for (std::string base : {"2026-01-15T10:30:00.123456Z", "2026-01-20T17:00:00Z", "2024-02-29t23:59:59.999999z",
                             "0001-01-01T00:00:00-01:00", "9999-12-31 23:59:59.1+01:00"}) {
      for (std::size_t pos = 0; pos < base.size(); ++pos) {
        for (int byte = 1; byte < 128; ++byte) {
          if (byte == '"' || byte == '\\' || byte < 0x20) continue;  // not plain text in a JSON string
          std::string text = base;
          text[pos] = static_cast<char>(byte);
          compare(text, pos == 0 ? 1 : 0);
        }
      }
      for (std::size_t n = 2; n <= base.size(); ++n) compare(base.substr(0, n), 1);
    }
    CHECK(differ == 0);
    CHECK(accepted > 1000);
  }
}
