#pragma once
// The state of a pull reader over JSON text and the reading of strings, the bulk of its bytes:
// json_reader (json_reader.hpp) builds the values and containers on it. After the first error
// every read fails and the error (with line and column) is kept.
#include <events/detail/json_scan.hpp>
#include <events/detail/json_unescape.hpp>
#include <events/detail/utf8.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace events::detail {

enum class value_kind : std::uint8_t { object, array, string, number, boolean, null, end, invalid };

struct reader_limits {
  std::size_t max_depth = 64;           ///< At most 4096.
  std::size_t max_string_bytes = 1u << 20;
};

struct syntax_error {
  std::string_view code;  // "json_invalid", "json_too_deep", "string_too_large"
  std::string message;
  std::size_t offset = 0, line = 1, column = 1;
};

class json_cursor {
 public:
  static constexpr std::size_t depth_cap = 4096;

  explicit json_cursor(std::string_view text, reader_limits limits = {}) noexcept
      : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()), limits_(limits) {
    if (limits_.max_depth > depth_cap) limits_.max_depth = depth_cap;
  }

  /// read_string when peek() has just said value_kind::string (the cursor is on the '"').
  bool read_string_at_quote(std::string_view& out) noexcept {
    after_open_ = false;
    const char* start = ++p_;
    // Fast path: printable ASCII without escapes, the view straight into the text.
    const char* stop = plain_run(start, end_, begin_);
    p_ = stop;
    if (stop != end_ && *stop == '"') [[likely]] {
      out = {start, static_cast<std::size_t>(stop - start)};
      p_ = stop + 1;
      return check_size(out.size());
    }
    return read_string_rest(start, out);
  }

  /// read_string_at_quote into `out`: the content assigned, or unescaped straight into it (a
  /// reused string's room, no scratch copy). On error `out` may hold part of the content.
  [[gnu::always_inline]] bool read_string_into(std::string& out) {
    after_open_ = false;
    const char* start = ++p_;
    const char* stop = plain_run(start, end_, begin_);
    p_ = stop;
    if (stop != end_ && *stop == '"') [[likely]] {
      p_ = stop + 1;
      const auto n = static_cast<std::size_t>(stop - start);
      if (!check_size(n)) return false;
      assign(out, start, n);
      return true;
    }
    return read_string_into_rest(start, out);
  }

  /// The n bytes after the '"' at the cursor when a '"' follows them (and n is within the string
  /// limit); a null view otherwise. A caller that finds them plain text (printable ASCII without '"' or
  /// '\\') takes the string with take_string(n): a fixed-size value read without a scan.
  std::string_view string_ahead(std::size_t n) const noexcept {
    if (static_cast<std::size_t>(end_ - p_) < n + 2 || *p_ != '"' || p_[n + 1] != '"' || n > limits_.max_string_bytes)
      return {};
    return {p_ + 1, n};
  }
  /// The string right at the cursor is exactly `plain` (text with no byte JSON escapes: then its
  /// bytes are the string's): consumed (true); otherwise nothing is (false).
  bool take_string_equal(std::string_view plain) noexcept {
    const std::string_view a = string_ahead(plain.size());
    if (a.data() == nullptr || !same_bytes(a.data(), plain.data(), plain.size())) return false;
    take_string(plain.size());
    return true;
  }
  void take_string(std::size_t n) noexcept {
    p_ += n + 2;
    after_open_ = false;
  }

  bool failed() const noexcept { return failed_; }
  const syntax_error& error() const noexcept { return error_; }
  std::size_t offset() const noexcept { return static_cast<std::size_t>(p_ - begin_); }
  std::string_view text() const noexcept { return {begin_, static_cast<std::size_t>(end_ - begin_)}; }

 protected:
  // The kind of value a first byte starts (a table, so peek() is a load rather than a switch).
  static constexpr auto kind_of = [] {
    std::array<value_kind, 256> k{};
    for (auto& v : k) v = value_kind::invalid;
    k['{'] = value_kind::object;
    k['['] = value_kind::array;
    k['"'] = value_kind::string;
    k['t'] = k['f'] = value_kind::boolean;
    k['n'] = value_kind::null;
    k['-'] = value_kind::number;
    for (int c = '0'; c <= '9'; ++c) k[static_cast<std::size_t>(c)] = value_kind::number;
    return k;
  }();

  bool check_size(std::size_t n) noexcept {
    if (n <= limits_.max_string_bytes) [[likely]] return true;
    return too_large();
  }

  // The messages are put together on the stack: an allocation here could throw out of noexcept.
  [[gnu::noinline, gnu::cold]] bool too_deep() noexcept {
    return fail_with_number("nesting deeper than ", limits_.max_depth, "", "json_too_deep");
  }

  [[gnu::noinline, gnu::cold]] bool too_large() noexcept {
    return fail_with_number("string longer than ", limits_.max_string_bytes, " bytes", "string_too_large");
  }
  bool fail_with_number(std::string_view before, std::size_t n, std::string_view after, std::string_view code) noexcept {
    char text[64];  // the longest: 19 + 20 digits + 6
    char* p = std::copy(before.begin(), before.end(), text);
    p = std::to_chars(p, text + sizeof text, n).ptr;
    p = std::copy(after.begin(), after.end(), p);
    return fail(std::string_view(text, static_cast<std::size_t>(p - text)), code);
  }

  void skip_ws() noexcept {
    if (p_ != end_ && static_cast<unsigned char>(*p_) > ' ') [[likely]] return;
    skip_ws_rest();
  }

  // Out of line (inline, the vector scan costs every compact document's hot paths): one space
  // before a value (the common layouts' '"key": value'), else a run.
  [[gnu::noinline]] void skip_ws_rest() noexcept {
    if (end_ - p_ >= 2 && *p_ == ' ' && static_cast<unsigned char>(p_[1]) > ' ') ++p_;
    else p_ = space_run(p_, end_);
  }

  // Out of line: the paths that report an error stay off the hot code. The first error is kept.
  [[gnu::noinline, gnu::cold]] bool fail(std::string_view message, std::string_view code = "json_invalid") noexcept {
    if (failed_) return false;
    failed_ = true;
    error_.code = code;
    error_.offset = offset();
    for (const char* q = begin_; q < p_; ++q) {
      error_.column = *q == '\n' ? 1 : error_.column + 1;
      error_.line += *q == '\n';
    }
    try {
      error_.message = message;
    } catch (...) {
    }
    p_ = end_;
    return false;
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  reader_limits limits_;
  std::size_t depth_ = 0;
  bool after_open_ = false;
  bool failed_ = false;
  syntax_error error_;
  std::string scratch_;

 private:
  // read_string past the first byte that is not plain ASCII: UTF-8 checked, escapes resolved.
  [[gnu::noinline]] bool read_string_rest(const char* start, std::string_view& out_view) noexcept {
    if (!plain_until_escape(start, out_view)) return false;
    if (out_view.data() != nullptr) return true;
    const unescaped r = unescape_string(start, p_, end_, scratch_);
    p_ = r.at;
    if (r.error) return fail(r.error);
    out_view = scratch_;
    return check_size(scratch_.size());
  }

  // read_string_into past the first byte that is not plain ASCII.
  [[gnu::noinline]] bool read_string_into_rest(const char* start, std::string& out) {
    std::string_view plain;
    if (!plain_until_escape(start, plain)) return false;
    if (plain.data() != nullptr) {  // no escape: the text itself
      assign(out, plain.data(), plain.size());
      return true;
    }
    const unescaped r = unescape_string(start, p_, end_, out);
    p_ = r.at;
    if (r.error) return fail(r.error);
    return check_size(out.size());
  }

  // clear and append take libstdc++'s short path for a string with room, where assign takes its
  // general replace.
  static void assign(std::string& out, const char* s, std::size_t n) {
    out.clear();
    out.append(s, n);
  }

  // The string from `start` up to its closing '"' (consumed; `out` views it) or its first
  // backslash (the cursor on it; `out` null), UTF-8 checked. False on error.
  [[gnu::noinline]] bool plain_until_escape(const char* start, std::string_view& out) noexcept {
    for (;;) {
      if (p_ == end_) return fail("unterminated string");
      auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out = {start, static_cast<std::size_t>(p_ - start)};
        ++p_;
        return check_size(out.size());
      }
      if (c == '\\') {
        out = {};
        return true;
      }
      if (!plain_byte(c)) return false;
      p_ = plain_run(p_, end_);  // to the next byte that is not plain ASCII
    }
  }

  // Consumes one character of string content that is not '"' or '\\'.
  bool plain_byte(unsigned char c) noexcept {
    if (c < 0x20) return fail("control character in string");
    if (c < 0x80) {
      ++p_;
      return true;
    }
    std::size_t n = utf8_sequence(reinterpret_cast<const unsigned char*>(p_),
                                  reinterpret_cast<const unsigned char*>(end_));
    if (n == 0) return fail("invalid UTF-8 in string");
    p_ += n;
    return true;
  }
};

}  // namespace events::detail
