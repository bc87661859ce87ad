// events::recurrence: the rule forms, month-end clamping from the anchor, leap days, and ends.
#include <events/catalog/recurrence.hpp>

#include <doctest/doctest.h>

namespace {
events::timestamp at(const char* text) {
  events::timestamp t;
  REQUIRE(events::parse_timestamp(text, t) == events::timestamp_errc{});
  return t;
}
std::string text(events::timestamp t) { return events::format_timestamp(t); }
}  // namespace

TEST_SUITE("recurrence") {

TEST_CASE("the word forms, 'every N <unit>' and RRULE parse to the same rules") {
  using events::frequency;
  using events::recurrence;
  CHECK(*recurrence::parse("daily") == recurrence{frequency::daily, 1, {}, {}});
  CHECK(*recurrence::parse(" Weekly ") == recurrence{frequency::weekly, 1, {}, {}});
  CHECK(*recurrence::parse("monthly") == recurrence{frequency::monthly, 1, {}, {}});
  CHECK(*recurrence::parse("yearly") == recurrence{frequency::yearly, 1, {}, {}});
  CHECK(*recurrence::parse("biweekly") == recurrence{frequency::weekly, 2, {}, {}});
  CHECK(*recurrence::parse("every 3 days") == recurrence{frequency::daily, 3, {}, {}});
  CHECK(*recurrence::parse("every day") == recurrence{frequency::daily, 1, {}, {}});
  CHECK(*recurrence::parse("RRULE:FREQ=MONTHLY;INTERVAL=2;COUNT=4") == recurrence{frequency::monthly, 2, 4, {}});
  auto until = recurrence::parse("FREQ=WEEKLY;UNTIL=20260131");
  REQUIRE(until);
  CHECK(text(*until->until) == "2026-01-31T23:59:59Z");
  CHECK(text(*recurrence::parse("FREQ=DAILY;UNTIL=20260131T100000Z")->until) == "2026-01-31T10:00:00Z");
  CHECK(recurrence::parse(recurrence{frequency::monthly, 2, 4, {}}.to_string()).value() == recurrence{frequency::monthly, 2, 4, {}});
}

TEST_CASE("what is not understood is refused with a reason, never approximated") {
  for (const char* bad : {"", "sometimes", "every 0 days", "every -1 weeks", "FREQ=HOURLY", "FREQ=WEEKLY;BYDAY=MO",
                          "FREQ=DAILY;COUNT=0", "FREQ=DAILY;COUNT=2;UNTIL=20260101", "INTERVAL=2", "FREQ=DAILY;UNTIL=tomorrow"}) {
    CAPTURE(bad);
    auto r = events::recurrence::parse(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().front().code == "recurrence_parsing");
    CHECK_FALSE(r.error().front().message.empty());
  }
}

TEST_CASE("month ends clamp, and occurrence n is computed from the anchor so the day comes back") {
  auto monthly = *events::recurrence::parse("monthly");
  auto jan31 = at("2026-01-31T09:30:00Z");
  CHECK(text(monthly.at(jan31, 2)) == "2026-02-28T09:30:00Z");
  CHECK(text(monthly.at(jan31, 3)) == "2026-03-31T09:30:00Z");
  CHECK(text(monthly.at(jan31, 4)) == "2026-04-30T09:30:00Z");
  CHECK(text(monthly.at(at("2028-01-31T00:00:00Z"), 2)) == "2028-02-29T00:00:00Z");  // leap year
  CHECK(text(monthly.at(at("2026-12-15T12:00:00Z"), 2)) == "2027-01-15T12:00:00Z");  // year boundary
  auto next = monthly.next(jan31, 2);
  REQUIRE(next);
  CHECK(next->number == 3);
  CHECK(text(next->due) == "2026-03-31T09:30:00Z");
}

TEST_CASE("Feb 29 yearly falls on Feb 28 in common years and Feb 29 again in leap years") {
  auto yearly = *events::recurrence::parse("yearly");
  auto leap = at("2024-02-29T08:00:00Z");
  CHECK(text(yearly.at(leap, 2)) == "2025-02-28T08:00:00Z");
  CHECK(text(yearly.at(leap, 5)) == "2028-02-29T08:00:00Z");
}

TEST_CASE("daily and weekly keep the time of day across month and year ends") {
  CHECK(text(events::recurrence::parse("daily")->at(at("2026-12-31T23:59:59.5Z"), 2)) == "2027-01-01T23:59:59.500000Z");
  CHECK(text(events::recurrence::parse("weekly")->at(at("2026-02-26T10:00:00Z"), 2)) == "2026-03-05T10:00:00Z");
  CHECK(text(events::recurrence::parse("every 2 weeks")->at(at("2026-02-26T10:00:00Z"), 3)) == "2026-03-26T10:00:00Z");
}

TEST_CASE("COUNT and UNTIL end the series") {
  auto three = *events::recurrence::parse("FREQ=DAILY;COUNT=3");
  auto start = at("2026-01-01T10:00:00Z");
  CHECK(three.next(start, 1)->number == 2);
  CHECK(three.next(start, 2)->number == 3);
  CHECK_FALSE(three.next(start, 3));
  auto until = *events::recurrence::parse("FREQ=WEEKLY;UNTIL=20260115T100000Z");
  CHECK(text(until.next(start, 1)->due) == "2026-01-08T10:00:00Z");
  CHECK(text(until.next(start, 2)->due) == "2026-01-15T10:00:00Z");  // inclusive
  CHECK_FALSE(until.next(start, 3));
}

}  // TEST_SUITE
