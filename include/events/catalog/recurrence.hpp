#pragma once
/// \file events::recurrence: when the next occurrence of a recurring task is due.
///
/// <!-- given: events::timestamp first_due; -->
/// \code
/// auto rule = events::recurrence::parse("FREQ=MONTHLY;COUNT=3");      // or "monthly", "every 2 weeks"
/// auto next = rule->next(first_due, 1);   // occurrence 2: Jan 31 -> Feb 28 (29 in leap years)
/// if (!next) { /* the series ended (COUNT or UNTIL) */ }
/// \endcode
///
/// Occurrence n is computed from the series' first due date (its anchor), never from occurrence
/// n-1, so month ends clamp without drifting: Jan 31, Feb 28, Mar 31, Apr 30. Feb 29 yearly gives
/// Feb 28 in common years. The time of day is kept. Accepted forms: the words daily, weekly,
/// monthly, yearly (also annually, biweekly); "every N days|weeks|months|years"; and the RFC 5545
/// RRULE subset FREQ, INTERVAL, COUNT, UNTIL (with or without the "RRULE:" prefix). Anything else
/// (BYDAY, BYMONTHDAY, ...) is refused with a clear error rather than approximated.
#include <events/error.hpp>
#include <events/timestamp.hpp>

#include <date/date.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace events {

/// The unit a rule steps by.
enum class frequency { daily, weekly, monthly, yearly };

/// One occurrence of a series: its due time and its 1-based number (the anchor is number 1).
struct occurrence {
  timestamp due;
  int number = 1;
  friend bool operator==(const occurrence&, const occurrence&) = default;
};

/// A recurrence rule: every `interval` units of `freq`, optionally ending by count or date.
struct recurrence {
  frequency freq = frequency::daily;
  int interval = 1;                ///< Every N units; at least 1.
  std::optional<int> count;        ///< Total occurrences, the first included.
  std::optional<timestamp> until;  ///< No occurrence after this instant (inclusive).
  friend bool operator==(const recurrence&, const recurrence&) = default;

  /// Reads a rule (see the file comment for the forms). Errors carry code "recurrence_parsing".
  static result<recurrence> parse(std::string_view text);

  /// The due time of occurrence `number` (1 = the anchor itself), ignoring the end.
  timestamp at(timestamp anchor, int number) const {
    using namespace std::chrono;
    const long long steps = static_cast<long long>(number - 1) * interval;
    auto day = floor<days>(anchor);
    auto time_of_day = anchor - day;
    switch (freq) {
      case frequency::daily: return anchor + days(steps);
      case frequency::weekly: return anchor + days(7 * steps);
      case frequency::monthly:
      case frequency::yearly: {
        date::year_month_day ymd{date::sys_days(day)};
        auto ym = date::year_month(ymd.year(), ymd.month()) +
                  date::months(freq == frequency::monthly ? steps : 12 * steps);
        auto last = date::year_month_day_last(ym.year(), date::month_day_last(ym.month())).day();
        date::year_month_day clamped{ym.year(), ym.month(), std::min(ymd.day(), last)};
        return timestamp(date::sys_days(clamped).time_since_epoch()) + time_of_day;
      }
    }
    return anchor;
  }

  /// The occurrence after occurrence `current` of the series anchored at `anchor`, or nothing
  /// when the series has ended (COUNT reached, or past UNTIL).
  std::optional<occurrence> next(timestamp anchor, int current = 1) const {
    const int n = current + 1;
    if (count && n > *count) return std::nullopt;
    timestamp due = at(anchor, n);
    if (until && due > *until) return std::nullopt;
    return occurrence{due, n};
  }

  /// The rule as an RRULE (FREQ=...;INTERVAL=...;COUNT=...;UNTIL=yyyymmddThhmmssZ).
  std::string to_string() const {
    static constexpr std::string_view names[] = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"};
    std::string out = "FREQ=" + std::string(names[static_cast<int>(freq)]);
    if (interval != 1) out += ";INTERVAL=" + std::to_string(interval);
    if (count) out += ";COUNT=" + std::to_string(*count);
    if (until) {
      std::string t = format_timestamp(std::chrono::floor<std::chrono::seconds>(*until));
      std::string basic;
      for (char c : t)
        if (c != '-' && c != ':') basic += c;
      out += ";UNTIL=" + basic;
    }
    return out;
  }
};

namespace detail {
inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
inline std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}
inline bool positive_int(std::string_view s, int& out) {
  if (s.empty() || s.size() > 6) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return out >= 1;
}
inline std::optional<frequency> frequency_word(std::string_view w) {
  if (w == "daily" || w == "day" || w == "days") return frequency::daily;
  if (w == "weekly" || w == "week" || w == "weeks") return frequency::weekly;
  if (w == "monthly" || w == "month" || w == "months") return frequency::monthly;
  if (w == "yearly" || w == "annually" || w == "year" || w == "years") return frequency::yearly;
  return std::nullopt;
}
// RFC 5545 UNTIL: yyyymmdd (end of that day, UTC) or yyyymmddThhmmss[Z]; RFC 3339 also accepted.
inline bool parse_until(std::string_view v, timestamp& out) {
  if (parse_timestamp(v, out, true) == timestamp_errc{}) return true;
  auto digits_only = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (v.size() >= 8 && digits_only(v.substr(0, 8))) {
    std::string text = std::string(v.substr(0, 4)) + '-' + std::string(v.substr(4, 2)) + '-' + std::string(v.substr(6, 2));
    if (v.size() == 8) text += "T23:59:59Z";
    else if ((v.size() == 15 || (v.size() == 16 && (v[15] == 'Z' || v[15] == 'z'))) && (v[8] == 'T' || v[8] == 't') &&
             digits_only(v.substr(9, 6)))
      text += "T" + std::string(v.substr(9, 2)) + ':' + std::string(v.substr(11, 2)) + ':' + std::string(v.substr(13, 2)) + 'Z';
    else
      return false;
    return parse_timestamp(text, out) == timestamp_errc{};
  }
  return false;
}
}  // namespace detail

inline result<recurrence> recurrence::parse(std::string_view text) {
  auto fail = [&](std::string why) -> result<recurrence> {
    return error_list{{"", "recurrence_parsing", std::move(why), std::string(text.substr(0, 120)), 0, 0}};
  };
  std::string s = detail::lower(detail::trim(text));
  recurrence r;
  if (s.empty()) return fail("empty recurrence rule");
  if (auto f = detail::frequency_word(s); f && s.ends_with("ly")) {  // daily, weekly, monthly, yearly
    r.freq = *f;
    return r;
  }
  if (s == "biweekly" || s == "fortnightly") return recurrence{frequency::weekly, 2, {}, {}};
  if (s.rfind("every ", 0) == 0) {  // every [N] unit(s)
    std::string_view rest = detail::trim(std::string_view(s).substr(6));
    auto space = rest.find(' ');
    std::string_view unit = rest;
    if (space != std::string_view::npos) {
      if (!detail::positive_int(rest.substr(0, space), r.interval)) return fail("expected a positive count after 'every'");
      unit = detail::trim(rest.substr(space + 1));
    }
    auto f = detail::frequency_word(unit);
    if (!f || unit.ends_with("ly")) return fail("unknown unit '" + std::string(unit) + "' (days, weeks, months, years)");
    r.freq = *f;
    return r;
  }
  std::string_view rule = s;
  if (rule.rfind("rrule:", 0) == 0) rule.remove_prefix(6);
  if (rule.find("freq=") == std::string_view::npos)
    return fail("not a recurrence rule: expected daily/weekly/monthly/yearly, 'every N <unit>', or FREQ=...");
  bool have_freq = false;
  while (!rule.empty()) {
    auto semi = rule.find(';');
    std::string_view part = rule.substr(0, semi);
    rule = semi == std::string_view::npos ? std::string_view() : rule.substr(semi + 1);
    if (part.empty()) continue;
    auto eq = part.find('=');
    if (eq == std::string_view::npos) return fail("RRULE part without '=': " + std::string(part));
    std::string_view key = part.substr(0, eq), value = part.substr(eq + 1);
    if (key == "freq") {
      auto f = detail::frequency_word(value);
      if (!f || !value.ends_with("ly")) return fail("unsupported FREQ '" + std::string(value) + "'");
      r.freq = *f;
      have_freq = true;
    } else if (key == "interval") {
      if (!detail::positive_int(value, r.interval)) return fail("INTERVAL must be a positive integer");
    } else if (key == "count") {
      int c = 0;
      if (!detail::positive_int(value, c)) return fail("COUNT must be a positive integer");
      r.count = c;
    } else if (key == "until") {
      timestamp u;
      std::string upper(value);
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (!detail::parse_until(upper, u)) return fail("UNTIL is not a date: " + std::string(value));
      r.until = u;
    } else {
      return fail("unsupported RRULE part '" + std::string(key) + "' (FREQ, INTERVAL, COUNT, UNTIL are)");
    }
  }
  if (!have_freq) return fail("FREQ is missing");
  if (r.count && r.until) return fail("COUNT and UNTIL must not both be given (RFC 5545)");
  return r;
}

}  // namespace events
