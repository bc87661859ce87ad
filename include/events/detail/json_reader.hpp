#pragma once
// A pull reader over JSON text (RFC 8259, strict): the codec asks for the next value of the kind
// it expects and reads it straight into the struct. No DOM, no recursion, no exceptions; after
// the first syntax error every call fails and the error (with line and column) is kept.
#include <events/detail/json_cursor.hpp>
#include <events/detail/json_number.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace events::detail {

class json_reader : public json_cursor {
 public:
  using json_cursor::json_cursor;

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

  /// next_member with the likely key spelled as a quoted_key (size 0: no guess): matched in place
  /// with one compare when 16 bytes remain, the key then views the text.
  [[gnu::always_inline]] bool next_member(std::string_view& key, const quoted_key& guess, bool& guessed) noexcept {
    if (!before_item('}')) return false;
    if (p_ == end_ || *p_ != '"') return fail(p_ == end_ ? "unexpected end of input" : "expected a string key");
    const std::size_t n = guess.size - 2 - guess.colon;
    if (guess.size != 0 && end_ - p_ >= 16) [[likely]]
      guessed = quoted_key_at(p_, guess) && n <= limits_.max_string_bytes;
    else
      guessed = guess.size != 0 && !string_ahead(n).empty() && same_bytes(p_ + 1, guess.bytes + 1, n) &&
                (!guess.colon || (static_cast<std::size_t>(end_ - p_) > n + 2 && p_[n + 2] == ':'));
    if (guessed) {
      key = {p_ + 1, n};
      take_string(n);
      if (guess.colon) {  // the ':' matched too
        ++p_;
        return true;
      }
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
    return next_member(key, std::string_view{}, guessed);
  }

  /// The member `key` (member_keys) right at the cursor: consumed with its ':' (true); otherwise
  /// nothing is consumed (false) and next_member reads on. Inline, the key's bytes constants of
  /// the caller (a few word compares); spaced keys out of line.
  [[gnu::always_inline]] bool take_key(const member_key& key) noexcept {
    if (key.size == 0 || after_open_ != key.first || static_cast<std::size_t>(end_ - p_) < key.size ||
        !same_bytes(p_, key.bytes, key.size) || key.name_size > limits_.max_string_bytes)
      return take_spaced_key(key);
    p_ += key.size;
    after_open_ = false;
    return true;
  }

  /// The '{' of an object right at the cursor (compact text), within the depth limit: entered
  /// (true); otherwise nothing is consumed (false) and enter_object says what is there.
  [[gnu::always_inline]] bool open_object_here() noexcept {
    if (p_ == end_ || *p_ != '{' || depth_ >= limits_.max_depth) return false;  // after an error p_ is end_
    ++p_;
    ++depth_;
    after_open_ = true;
    return true;
  }

  /// The '}' of the current object right after its last member (compact text): consumed (true).
  [[gnu::always_inline]] bool close_object() noexcept {
    if (p_ == end_ || *p_ != '}' || after_open_) return false;
    ++p_;
    --depth_;
    return true;
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

  /// A number at the cursor (after at most one space), scanned into `n`: where it ends, or null
  /// for anything else (not a number, a syntax error), with nothing consumed. The caller takes
  /// the number with take_number(end) or reads the value again by its general path. Makes no
  /// call, so the caller's fast path keeps no frame.
  [[gnu::always_inline]] const char* number_ahead(number_parts& n) const noexcept {
    const char* p = p_;
    if (p != end_ && *p == ' ') ++p;
    if (p == end_ || kind_of[static_cast<unsigned char>(*p)] != value_kind::number) return nullptr;
    const scanned_number r = scan_number(p, end_, n);
    return r.error ? nullptr : r.at;
  }
  void take_number(const char* end) noexcept {
    p_ = end;
    after_open_ = false;
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

 private:
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

  // take_key with whitespace around the comma, the name and the ':' (an indented document's,
  // Python's json.dumps'): out of line, one function for every key.
  [[gnu::noinline]] bool take_spaced_key(const member_key& key) noexcept {
    if (key.size == 0 || after_open_ != key.first || failed_ || key.name_size > limits_.max_string_bytes) return false;
    const char* p = p_;
    if (!key.first) {
      if (p == end_ || *p != ',') return false;
      ++p;
    }
    if (p != end_ && *p == ' ') ++p;  // ", " (json.dumps), else a line and its indentation
    else p = indent_run(p, end_);
    const std::size_t quoted = key.name_size + 2;
    if (end_ - p >= 32 ? !same_prefix(p, key.quoted, quoted)
                       : static_cast<std::size_t>(end_ - p) < quoted || !same_bytes(p, key.quoted, quoted))
      return false;
    p += quoted;
    if (p != end_ && *p != ':') p = space_run(p, end_);
    if (p == end_ || *p != ':') return false;
    p_ = p + 1;
    after_open_ = false;
    return true;
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
};

}  // namespace events::detail
