#pragma once
// Job schedules as Dapr's scheduler reads them: six cron fields with seconds first (dapr/kit's
// cron, a fork of robfig/cron v3, as go-etcd-cron configures it), the @ descriptors and
// `@every <Go duration>`; and the next trigger after a point in time. Errors are worded as the
// scheduler words them, so the sidecar double's refusals read like a real sidecar's.
#include <events/dapr/detail/duration.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace events::dapr::detail {

// One field as a bit set of the values it matches; `any` records a '*' or '?' (with no step
// above 1), which changes how day of month and day of week combine.
struct cron_field {
  std::uint64_t bits = 0;
  bool any = false;
  bool has(unsigned v) const noexcept { return v < 64 && ((bits >> v) & 1u); }
};

// A schedule the double can run: a fixed period (@every) or cron fields.
struct job_schedule {
  std::optional<std::chrono::nanoseconds> every;
  cron_field second, minute, hour, dom, month, dow;
};

namespace cron_detail {

struct bounds {
  unsigned min, max;
  std::array<std::string_view, 12> names;  // names[i] is value min + i; empty: no names
};

inline constexpr bounds second_bounds{0, 59, {}}, minute_bounds{0, 59, {}}, hour_bounds{0, 23, {}},
    dom_bounds{1, 31, {}},
    month_bounds{1, 12, {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}},
    dow_bounds{0, 6, {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}};

inline std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (std::size_t at = 0;;) {
    std::size_t next = s.find(sep, at);
    out.push_back(s.substr(at, next == std::string_view::npos ? std::string_view::npos : next - at));
    if (next == std::string_view::npos) return out;
    at = next + 1;
  }
}

// Go's strconv.Atoi as the parser uses it: an optional sign, then decimal digits.
inline bool parse_int(std::string_view s, long long& out) {
  std::string_view digits = s;
  bool negative = false;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  if (digits.empty() || digits.size() > 18) return false;
  out = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  if (negative) out = -out;
  return true;
}

inline bool parse_value(std::string_view s, const bounds& b, std::uint64_t& out, std::string& error) {
  std::string lower(s);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  for (unsigned i = 0; i < b.names.size(); ++i)
    if (!b.names[i].empty() && b.names[i] == lower) {
      out = b.min + i;
      return true;
    }
  long long v = 0;
  if (!parse_int(s, v)) {
    error = "failed to parse int from " + std::string(s) + ": strconv.Atoi: parsing \"" + std::string(s) + "\": invalid syntax";
    return false;
  }
  if (v < 0) {
    error = "negative number (" + std::to_string(v) + ") not allowed: " + std::string(s);
    return false;
  }
  out = static_cast<std::uint64_t>(v);
  return true;
}

// One comma-separated part: `*`, `?`, `n`, `a-b`, each optionally `/step` (`n/step` runs to the max).
inline bool parse_range(std::string_view expr, const bounds& b, cron_field& f, std::string& error) {
  auto by_slash = split(expr, '/');
  auto by_hyphen = split(by_slash[0], '-');
  std::uint64_t start = 0, end = 0, step = 1;
  bool star = false;
  if (by_hyphen[0] == "*" || by_hyphen[0] == "?") {
    start = b.min;
    end = b.max;
    star = true;
  } else {
    if (!parse_value(by_hyphen[0], b, start, error)) return false;
    end = start;
    if (by_hyphen.size() == 2 && !parse_value(by_hyphen[1], b, end, error)) return false;
    if (by_hyphen.size() > 2) {
      error = "too many hyphens: " + std::string(expr);
      return false;
    }
  }
  if (by_slash.size() > 2) {
    error = "too many slashes: " + std::string(expr);
    return false;
  }
  if (by_slash.size() == 2) {
    if (!parse_value(by_slash[1], {}, step, error)) return false;
    if (by_hyphen.size() == 1) end = b.max;
    if (step > 1) star = false;
  }
  auto range_error = [&](std::string what) {
    error = std::move(what) + ": " + std::string(expr);
    return false;
  };
  if (start < b.min)
    return range_error("beginning of range (" + std::to_string(start) + ") below minimum (" + std::to_string(b.min) + ")");
  if (end > b.max)
    return range_error("end of range (" + std::to_string(end) + ") above maximum (" + std::to_string(b.max) + ")");
  if (start > end)
    return range_error("beginning of range (" + std::to_string(start) + ") beyond end of range (" + std::to_string(end) + ")");
  if (step == 0) return range_error("step of range should be a positive number");
  for (std::uint64_t v = start; v <= end; v += step) f.bits |= std::uint64_t{1} << v;
  f.any = f.any || star;
  return true;
}

inline bool parse_field(std::string_view text, const bounds& b, cron_field& f, std::string& error) {
  for (std::string_view part : split(text, ','))
    if (!part.empty() && !parse_range(part, b, f, error)) return false;
  return true;
}

}  // namespace cron_detail

// Parses a job's `schedule`. On failure returns nothing and says why in `error`.
inline std::optional<job_schedule> parse_schedule(std::string_view spec, std::string& error) {
  using namespace cron_detail;
  if (spec.empty()) {
    error = "empty spec string";
    return std::nullopt;
  }
  if (spec.substr(0, 3) == "TZ=" || spec.substr(0, 8) == "CRON_TZ=") {
    std::size_t space = spec.find(' '), eq = spec.find('=');
    std::string_view zone = spec.substr(eq + 1, space == std::string_view::npos ? space : space - eq - 1);
    if (space == std::string_view::npos || (zone != "UTC" && zone != "Etc/UTC")) {
      error = "the sidecar double runs cron schedules in UTC only, not " + std::string(zone);
      return std::nullopt;
    }
    spec.remove_prefix(space + 1);
    while (!spec.empty() && spec.front() == ' ') spec.remove_prefix(1);
  }
  if (!spec.empty() && spec.front() == '@') {
    static constexpr std::pair<std::string_view, std::string_view> descriptors[] = {
        {"@yearly", "0 0 0 1 1 *"}, {"@annually", "0 0 0 1 1 *"}, {"@monthly", "0 0 0 1 * *"},
        {"@weekly", "0 0 0 * * 0"}, {"@daily", "0 0 0 * * *"},    {"@midnight", "0 0 0 * * *"},
        {"@hourly", "0 0 * * * *"}};
    for (const auto& [name, cron] : descriptors)
      if (spec == name) return parse_schedule(cron, error);
    if (spec.substr(0, 7) == "@every ") {
      auto period = parse_go_duration(spec.substr(7));
      if (!period) {
        error = "failed to parse duration " + std::string(spec) + ": time: invalid duration \"" + std::string(spec.substr(7)) + "\"";
        return std::nullopt;
      }
      if (period->count() == 0) {  // Dapr would trigger without pause; the double refuses
        error = "the sidecar double refuses a zero period: " + std::string(spec);
        return std::nullopt;
      }
      return job_schedule{period, {}, {}, {}, {}, {}, {}};
    }
    error = "unrecognized descriptor: " + std::string(spec);
    return std::nullopt;
  }
  std::vector<std::string_view> fields;
  for (std::size_t at = 0; at < spec.size();) {
    std::size_t start = spec.find_first_not_of(" \t\n\r\v\f", at);
    if (start == std::string_view::npos) break;
    std::size_t stop = spec.find_first_of(" \t\n\r\v\f", start);
    fields.push_back(spec.substr(start, stop == std::string_view::npos ? std::string_view::npos : stop - start));
    at = stop == std::string_view::npos ? spec.size() : stop;
  }
  if (fields.size() != 6) {
    error = "expected exactly 6 fields, found " + std::to_string(fields.size()) + ": [";
    for (std::size_t i = 0; i < fields.size(); ++i) (error += i ? " " : "") += fields[i];
    error += "]";
    return std::nullopt;
  }
  job_schedule s;
  if (!parse_field(fields[0], second_bounds, s.second, error) || !parse_field(fields[1], minute_bounds, s.minute, error) ||
      !parse_field(fields[2], hour_bounds, s.hour, error) || !parse_field(fields[3], dom_bounds, s.dom, error) ||
      !parse_field(fields[4], month_bounds, s.month, error) || !parse_field(fields[5], dow_bounds, s.dow, error))
    return std::nullopt;
  return s;
}

// The first trigger strictly after `after`, cron fields read in UTC (as a scheduler running with
// TZ=UTC). Day of month and day of week must both match when either is `*`, else either may
// (robfig/cron's rule). Nothing when no time matches within five years.
inline std::optional<std::chrono::system_clock::time_point> next_trigger(const job_schedule& s,
                                                                         std::chrono::system_clock::time_point after) {
  using namespace std::chrono;
  if (s.every) return after + duration_cast<system_clock::duration>(*s.every);
  auto t = floor<seconds>(after) + seconds(1);
  const auto limit = t + hours(24 * 366 * 5);
  while (t < limit) {
    const sys_days day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss<seconds> hms{t - day};
    if (!s.month.has(static_cast<unsigned>(ymd.month()))) {
      t = sys_days{year_month_day{ymd.year() / ymd.month() / 1} + months{1}};
      continue;
    }
    const bool dom_ok = s.dom.has(static_cast<unsigned>(ymd.day()));
    const bool dow_ok = s.dow.has(weekday{day}.c_encoding());
    if (!((s.dom.any || s.dow.any) ? dom_ok && dow_ok : dom_ok || dow_ok)) {
      t = day + days(1);
      continue;
    }
    if (!s.hour.has(static_cast<unsigned>(hms.hours().count()))) {
      t = day + hms.hours() + hours(1);
      continue;
    }
    if (!s.minute.has(static_cast<unsigned>(hms.minutes().count()))) {
      t = day + hms.hours() + hms.minutes() + minutes(1);
      continue;
    }
    if (!s.second.has(static_cast<unsigned>(hms.seconds().count()))) {
      t += seconds(1);
      continue;
    }
    return time_point_cast<system_clock::duration>(t);
  }
  return std::nullopt;
}

}  // namespace events::dapr::detail
