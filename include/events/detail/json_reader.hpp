#pragma once
// A pull reader over JSON text (RFC 8259, strict): the codec asks for the next value of the kind
// it expects and reads it straight into the struct. No DOM, no recursion, no exceptions; after
// the first syntax error every call fails and the error (with line and column) is kept.
#include <events/detail/json_number.hpp>
#include <events/detail/json_scan.hpp>
#include <events/detail/json_unescape.hpp>
#include <events/detail/utf8.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
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

class json_reader {
 public:
  static constexpr std::size_t depth_cap = 4096;

  explicit json_reader(std::string_view text, reader_limits limits = {}) noexcept
      : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()), limits_(limits) {
    if (limits_.max_depth > depth_cap) limits_.max_depth = depth_cap;
  }

  /// Kind of the next value, by its first byte; consumes nothing but whitespace.
  value_kind peek() noexcept {
    if (failed_) return value_kind::invalid;
    skip_ws();
    if (p_ == end_) return value_kind::end;
    return kind_of[static_cast<unsigned char>(*p_)];
  }

  bool enter_object() noexcept { return enter('{'); }
  bool enter_array() noexcept { return enter('['); }

  /// Next member of the current object: true with the key read and ':' consumed; false when '}'
  /// was consumed or on error. With a `guess` (printable ASCII without '"' or '\\'), a key of
  /// exactly those bytes is matched in place, without a scan (`guessed` says so).
  [[gnu::always_inline]] bool next_member(std::string_view& key, std::string_view guess, bool& guessed) noexcept {
    if (!before_item('}')) return false;
    if (p_ == end_ || *p_ != '"') return fail(p_ == end_ ? "unexpected end of input" : "expected a string key");
    const std::string_view ahead = guess.empty() ? std::string_view{} : string_ahead(guess.size());
    guessed = !ahead.empty() && same_bytes(ahead.data(), guess.data(), guess.size());
    if (guessed) {
      key = ahead;
      take_string(guess.size());
    } else if (!read_string_at_quote(key)) {
      return false;
    }
    skip_ws();
    if (p_ == end_ || *p_ != ':') return fail("expected ':' after object key");
    ++p_;
    return true;
  }

  bool next_member(std::string_view& key) noexcept {
    bool guessed = false;
    return next_member(key, {}, guessed);
  }

  /// Next element of the current array: true when one follows; false when ']' was consumed or on error.
  bool next_element() noexcept { return before_item(']'); }

  /// The string's content, unescaped; the view lasts until the next call.
  bool read_string(std::string_view& out) noexcept {
    after_open_ = false;
    skip_ws();
    if (p_ == end_ || *p_ != '"') [[unlikely]]
      return fail(p_ == end_ ? "unexpected end of input" : "expected a string");  // also after an error: p_ is end_
    return read_string_at_quote(out);
  }

  /// read_string when peek() has just said value_kind::string (the cursor is on the '"').
  bool read_string_at_quote(std::string_view& out) noexcept {
    after_open_ = false;
    const char* start = ++p_;
    // Fast path: printable ASCII without escapes, the view straight into the text.
    const char* stop = plain_run(start, end_);
    p_ = stop;
    if (stop != end_ && *stop == '"') [[likely]] {
      out = {start, static_cast<std::size_t>(stop - start)};
      p_ = stop + 1;
      return check_size(out.size());
    }
    return read_string_rest(start, out);
  }

  /// The n bytes after the '"' at the cursor when a '"' follows them (and n is within the string
  /// limit); empty otherwise. A caller that finds them plain text (printable ASCII without '"' or
  /// '\\') takes the string with take_string(n): a fixed-size value read without a scan.
  std::string_view string_ahead(std::size_t n) const noexcept {
    if (static_cast<std::size_t>(end_ - p_) < n + 2 || *p_ != '"' || p_[n + 1] != '"' || n > limits_.max_string_bytes)
      return {};
    return {p_ + 1, n};
  }
  void take_string(std::size_t n) noexcept {
    p_ += n + 2;
    after_open_ = false;
  }

  bool read_bool(bool& out) noexcept {
    after_open_ = false;
    if (peek() == value_kind::boolean) {
      if (literal("true")) return out = true, true;
      if (literal("false")) return out = false, true;
    }
    return fail("expected true or false");
  }

  bool read_null() noexcept {
    after_open_ = false;
    if (peek() == value_kind::null && literal("null")) return true;
    return fail("expected null");
  }

  /// The number's text, checked against the JSON grammar, and its digits gathered on the way.
  bool read_number(std::string_view& raw, number_parts& parts) noexcept {
    after_open_ = false;
    if (peek() != value_kind::number) return fail("expected a number");
    return read_number_here(raw, parts);
  }

  /// read_number when peek() has just said value_kind::number: inline, with no second look at
  /// the first byte and no call (the numbers of an array of them each pay no frame).
  [[gnu::always_inline]] bool read_number_here(std::string_view& raw, number_parts& parts) noexcept {
    after_open_ = false;
    const char* s = p_;
    const scanned_number r = scan_number(p_, end_, parts);
    p_ = r.at;
    if (r.error) [[unlikely]]
      return fail(r.error);
    raw = {s, static_cast<std::size_t>(p_ - s)};
    return true;
  }

  /// The number's text, checked against the JSON grammar.
  bool read_number(std::string_view& raw) noexcept {
    number_parts parts;
    return read_number(raw, parts);
  }

  /// Skips one whole value, checking its syntax; iterative, bounded by max_depth.
  bool skip_value() noexcept {
    std::uint64_t is_object[depth_cap / 64];  // bit per open container: 1 object, 0 array
    std::size_t open = 0;
    std::string_view sv;
    for (;;) {
      bool more = true;
      if (open > 0) {
        bool obj = is_object[(open - 1) / 64] >> ((open - 1) % 64) & 1;
        more = obj ? next_member(sv) : next_element();
        if (failed_) return false;
        if (!more) {
          if (--open == 0) return true;
          continue;
        }
      }
      switch (peek()) {
        case value_kind::object:
        case value_kind::array: {
          bool obj = *p_ == '{';
          if (!enter(*p_)) return false;
          std::uint64_t bit = std::uint64_t{1} << (open % 64);
          if (obj) is_object[open / 64] |= bit;
          else is_object[open / 64] &= ~bit;
          ++open;
          continue;
        }
        case value_kind::string: if (!read_string(sv)) return false; break;
        case value_kind::number: if (!read_number(sv)) return false; break;
        case value_kind::boolean: { bool b; if (!read_bool(b)) return false; break; }
        case value_kind::null: if (!read_null()) return false; break;
        case value_kind::end: return fail("unexpected end of input");
        default: return fail("expected a value");
      }
      if (open == 0) return true;
    }
  }

  /// True iff only whitespace remains.
  bool finish() noexcept {
    if (failed_) return false;
    skip_ws();
    return p_ == end_ || fail("unexpected data after the value");
  }

  bool failed() const noexcept { return failed_; }
  const syntax_error& error() const noexcept { return error_; }
  std::size_t offset() const noexcept { return static_cast<std::size_t>(p_ - begin_); }
  std::string_view text() const noexcept { return {begin_, static_cast<std::size_t>(end_ - begin_)}; }

 private:
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

  // read_string past the first byte that is not plain ASCII: UTF-8 checked, escapes resolved.
  [[gnu::noinline]] bool read_string_rest(const char* start, std::string_view& out_view) noexcept {
    for (;;) {
      if (p_ == end_) return fail("unterminated string");
      auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out_view = {start, static_cast<std::size_t>(p_ - start)};
        ++p_;
        return check_size(out_view.size());
      }
      if (c == '\\') break;
      if (!plain_byte(c)) return false;
      p_ = plain_run(p_, end_);  // to the next byte that is not plain ASCII
    }
    const unescaped r = unescape_string(start, p_, end_, scratch_);
    p_ = r.at;
    if (r.error) return fail(r.error);
    out_view = scratch_;
    return check_size(scratch_.size());
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

  bool check_size(std::size_t n) noexcept {
    if (n <= limits_.max_string_bytes) [[likely]] return true;
    return too_large();
  }

  [[gnu::noinline, gnu::cold]] bool too_deep() noexcept {
    return fail("nesting deeper than " + std::to_string(limits_.max_depth), "json_too_deep");
  }

  [[gnu::noinline, gnu::cold]] bool too_large() noexcept {
    return fail("string longer than " + std::to_string(limits_.max_string_bytes) + " bytes", "string_too_large");
  }

  bool literal(std::string_view word) noexcept {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::memcmp(p_, word.data(), word.size()) != 0)
      return false;
    p_ += word.size();
    return true;
  }

  bool enter(char open) noexcept {
    after_open_ = false;
    if (peek() == value_kind::invalid || p_ == end_ || *p_ != open)
      return fail(open == '{' ? "expected '{'" : "expected '['");
    if (depth_ >= limits_.max_depth) [[unlikely]]
      return too_deep();
    ++p_;
    ++depth_;
    after_open_ = true;
    return true;
  }

  // Before a member or element: consumes the closing bracket (false) or the separating comma.
  // Inline, the common compact cases (",x", ", x" or the first item right after the bracket); the rest,
  // whitespace, closing and errors included, out of line.
  [[gnu::always_inline]] bool before_item(char close) noexcept {
    if (end_ - p_ >= 3) [[likely]] {
      const char c = *p_;
      if (!after_open_) {
        if (c == ',') {
          // ",x", or ", x" (a list written with a space after each comma).
          const char* q = p_ + 1;
          if (*q == ' ') [[unlikely]]
            ++q;
          if (static_cast<unsigned char>(*q) > ' ' && *q != close) {
            p_ = q;
            return true;
          }
        } else if (c == close) {  // the last item's end
          ++p_;
          --depth_;
          return false;
        }
      } else if (c > ' ' && c != close) {
        after_open_ = false;
        return true;
      }
    }
    return before_item_rest(close);
  }

  [[gnu::noinline]] bool before_item_rest(char close) noexcept {
    // First an item after whitespace (an indented document's), then closing and errors. (After an
    // error p_ is end_.)
    if (const char* p = p_; end_ - p >= 2 && (after_open_ || *p++ == ',')) {
      if (*p == ' ' && end_ - p >= 2 && static_cast<unsigned char>(p[1]) > ' ') ++p;
      else p = indent_run(p, end_);
      if (p != end_ && static_cast<unsigned char>(*p) > ' ' && *p != close) {
        p_ = p;
        after_open_ = false;
        return true;
      }
    }
    if (failed_) return false;
    if (p_ == end_ || static_cast<unsigned char>(*p_) <= ' ') p_ = indent_run(p_, end_);
    if (p_ == end_) return fail("unexpected end of input");
    if (*p_ == close) {
      ++p_;
      --depth_;
      after_open_ = false;
      return false;
    }
    if (!after_open_) {
      if (*p_ != ',') return fail(close == '}' ? "expected ',' or '}' after object member"
                                               : "expected ',' or ']' after array element");
      ++p_;
      skip_ws();
      if (p_ != end_ && *p_ == close) return fail("trailing comma");
    }
    after_open_ = false;
    return true;
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
};

}  // namespace events::detail
