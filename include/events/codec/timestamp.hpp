#pragma once
/// \file Codec of events::timestamp: RFC 3339 in UTC with 'Z', as Pydantic writes a datetime.
#include <events/codec/core.hpp>
#include <events/codec/number.hpp>
#include <events/timestamp.hpp>

#include <charconv>
#include <cmath>

#include <string>
#include <string_view>

namespace events {

/// A point in time as a JSON string.
template <>
struct codec<timestamp> {
  static void write(detail::json_out& out, const timestamp& v) {
    char* d = out.room(timestamp_max_text + 2);
    d[0] = '"';
    std::size_t n = format_timestamp(v, d + 1);
    d[n + 1] = '"';
    out.commit(d + n + 2);
  }
  static void write(std::string& out, const timestamp& v) { detail::write_through(out, v); }
  static void read(decode_context& ctx, timestamp& out) {
    // Pydantic's two forms straight from the text, 2026-01-15T10:30:00.123456Z and
    // 2026-01-20T17:00:00Z, with no scan for the closing quote: a text usual_timestamp takes has
    // no quote, backslash or control character, so the quote after it closes the string.
    // The shorter first: after a 20-character string a 4-letter key puts a quote where the longer
    // one's would be; inside the longer one, where the shorter one's is, a quote is escaped.
    // Everything else in read_other, so that this path saves no registers; whitespace before the
    // string too (compact JSON has none: peek() would only look for it and the string again).
    if (!ctx.reader.failed()) [[likely]] {
      std::string_view ahead = ctx.reader.string_ahead(20);
      std::int64_t us;
      if (!ahead.empty() ? detail::usual_timestamp<20>(ahead.data(), us)
                         : !(ahead = ctx.reader.string_ahead(27)).empty() && detail::usual_timestamp<27>(ahead.data(), us))
          [[likely]] {
        out = timestamp(std::chrono::microseconds(us));
        ctx.reader.take_string(ahead.size());
        return;
      }
    }
    read_other(ctx, out);
  }

  /// What read's shortcut refuses: a date and time in another form (still without a scan for the
  /// quote when 20 or 27 characters long), another string, or another value.
  [[gnu::noinline]] static void read_other(decode_context& ctx, timestamp& out) {
    if (ctx.reader.peek() != detail::value_kind::string) return read_general(ctx, out);
    std::string_view ahead = ctx.reader.string_ahead(20);
    if (ahead.empty()) ahead = ctx.reader.string_ahead(27);
    if (!ahead.empty() && ahead[4] == '-' &&
        parse_timestamp(ahead, out, ctx.options.allow_naive_timestamps) == timestamp_errc::ok) [[likely]] {
      ctx.reader.take_string(ahead.size());
      return;
    }
    std::string_view s;
    if (!ctx.reader.read_string_at_quote(s)) return;
    if (s.size() > 4 && s[4] == '-' &&  // a date: no Unix time in a string (numeric)
        parse_timestamp(s, out, ctx.options.allow_naive_timestamps) == timestamp_errc::ok) [[likely]]
      return;
    return from_text(ctx, s, out);
  }

  /// Any value but a string.
  [[gnu::noinline]] static void read_general(decode_context& ctx, timestamp& out) {
    auto& r = ctx.reader;
    const bool lax = !ctx.options.strict;
    std::string_view s;
    if (r.peek() == detail::value_kind::number && lax) {
      std::size_t start = r.offset();
      if (!r.read_number(s)) return;
      if (detail::beyond_int64(s)) {
        ctx.fail(error_codes::datetime_type, "Input should be a valid datetime", detail::shorten(r.text().substr(start, r.offset() - start)));
        return;
      }
      double v = 0;
      if (!detail::to_double(s, v) || !unix_time(v, out))
        ctx.fail(error_codes::datetime_parsing, "Input should be a valid datetime, dates after 9999 are not supported",
                 detail::shorten(s));
      return;
    }
    if (!ctx.read_text(s, error_codes::datetime_type, "Input should be a valid datetime")) return;
    from_text(ctx, s, out);
  }

  /// The string `s` just read, as a Unix time or a date and time.
  [[gnu::noinline]] static void from_text(decode_context& ctx, std::string_view s, timestamp& out) {
    const bool lax = !ctx.options.strict;
    if (numeric(s)) {  // strict mode too takes a Unix time in a string
      double v = 0;
      std::from_chars(s.data() + (s[0] == '+'), s.data() + s.size(), v);
      if (!unix_time(v, out)) {
        if (lax)
          ctx.fail(error_codes::datetime_from_date_parsing, "Input should be a valid datetime or date", detail::shorten(s));
        else
          ctx.fail(error_codes::datetime_parsing, "Input should be a valid datetime", detail::shorten(s));
      }
      return;
    }
    auto ec = parse_timestamp(s, out, ctx.options.allow_naive_timestamps);
    if (ec == timestamp_errc::invalid && lax && s.size() == 10) {  // a date alone: its midnight, naive
      std::string midnight(s);
      midnight += "T00:00:00";
      ec = parse_timestamp(midnight, out, ctx.options.allow_naive_timestamps);
    }
    switch (ec) {
      case timestamp_errc::ok: break;
      case timestamp_errc::naive:
        ctx.fail(error_codes::timezone_aware, "Input should have timezone info", detail::shorten(s));
        break;
      default:
        if (lax)
          ctx.fail(error_codes::datetime_from_date_parsing, "Input should be a valid datetime or date",
                   detail::shorten(s));
        else
          ctx.fail(error_codes::datetime_parsing, "Input should be a valid datetime", detail::shorten(s));
    }
  }

  /// Seconds since the Unix epoch (milliseconds above 2e10, as Pydantic reads them).
  static bool unix_time(double v, timestamp& out) {
    if (std::fabs(v) > 2e10) v /= 1000;
    if (!(v >= -62135596800.0 && v < 253402300800.0)) return false;
    // As Pydantic: whole seconds rounded down, then the fraction of |v| added (-0.25 is -1 + 0.25).
    double whole = std::floor(v), magnitude = std::fabs(v);
    auto us = static_cast<std::int64_t>(whole) * 1'000'000 +
              static_cast<std::int64_t>(std::llround((magnitude - std::floor(magnitude)) * 1e6));
    out = timestamp(std::chrono::microseconds(us));
    return true;
  }

  /// "5", "-5", "+5.25": what lax mode reads as a Unix time.
  static bool numeric(std::string_view s) {
    if (s.size() > 4 && s[4] == '-') return false;  // a date: the common case, decided at once
    std::size_t i = s.size() > 1 && (s[0] == '-' || s[0] == '+') ? 1 : 0, digits = 0, dots = 0;
    for (; i < s.size(); ++i) {
      if (s[i] >= '0' && s[i] <= '9') ++digits;
      else if (s[i] == '.' && dots++ == 0) continue;
      else return false;
    }
    return digits > 0;
  }

  template <class B, class J>
  static void schema(B&, J& s) { s = {{"type", "string"}, {"format", "date-time"}}; }
  template <class S>
  static void sample(timestamp& v, S& s, std::string_view) { v = s.fresh_time(); }
};

}  // namespace events
