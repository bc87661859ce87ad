#pragma once
/// \file What a codec reads from and reports to: decode_options, decode_context (the reader, the
/// path, the errors) and validate_context.
#include <events/detail/json_pointer.hpp>
#include <events/detail/json_reader.hpp>
#include <events/error.hpp>
#include <events/error_codes.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace events {

/// Limits and switches of decoding. The defaults suit messages of a broker.
struct decode_options {
  std::size_t max_input_bytes = 16u << 20;   ///< Larger input: one error, "json_too_large".
  std::size_t max_depth = 64;                ///< Deeper nesting: "json_too_deep".
  std::size_t max_string_bytes = 1u << 20;   ///< Longer string: "string_too_large".
  std::size_t max_errors = 100;              ///< Errors recorded beyond this are dropped (one "too_many_errors" says so).
  /// A timestamp without offset (Python's `datetime.utcnow()`, as the seeds' producers write) is
  /// read as UTC. `false` refuses it with "timezone_aware", as Pydantic's `AwareDatetime` does.
  bool allow_naive_timestamps = true;
  bool strict = false;                       ///< Pydantic's strict mode: no "5" for an int, no 1 for a bool, no number for a time.
};

namespace detail {

/// The input shortened for an error report, never cut inside a UTF-8 sequence.
inline std::string shorten(std::string_view s, std::size_t limit = 64) {
  if (s.size() <= limit) return std::string(s);
  std::size_t n = limit;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n)) + "...";
}

// One step of the path to the value being read. The steps live on the C++ stack of the read
// calls and are only turned into a JSON Pointer when an error is recorded, so a valid message
// never pays for building paths.
struct path_step {
  const path_step* parent;
  std::string_view key;  // the member name, or a null view for an array element
  std::size_t index;     // the element index, when key is null
};

/// Appends "/key" to a JSON Pointer, escaping '~' and '/'.
inline void push_key(std::string& path, std::string_view key) {
  path += '/';
  append_pointer_token(path, key);
}

inline void append_pointer(std::string& out, const path_step* step) {
  if (!step) return;
  append_pointer(out, step->parent);
  if (step->key.data() == nullptr)
    out += '/' + std::to_string(step->index);
  else
    push_key(out, step->key);
}

}  // namespace detail

/// The state of one decode, handed to every codec's `read`: the pull reader over the text, the
/// options, the path of the value being read and the errors so far.
struct decode_context {
  detail::json_reader reader;     ///< Ask it for the next value of the kind you expect.
  const decode_options& options;  ///< The caller's limits and switches.
  error_list errors;              ///< Every error so far, in document order.
  const detail::path_step* top = nullptr;

  decode_context(std::string_view text, const decode_options& opts)
      : reader(text, detail::reader_limits{opts.max_depth, opts.max_string_bytes}), options(opts) {}

  /// The JSON Pointer of the value being read.
  std::string path() const {
    std::string out;
    detail::append_pointer(out, top);
    return out;
  }

  /// Records an error at the current path.
  void fail(std::string_view code, std::string message, std::string input = {}) {
    if (errors.size() > options.max_errors) return;
    if (errors.size() == options.max_errors) {
      errors.push_back({path(), std::string(error_codes::too_many_errors),
                        "More errors than max_errors; the rest are not reported", {}});
      return;
    }
    errors.push_back({path(), std::string(code), std::move(message), std::move(input)});
  }

  /// Records a type error for the value at the cursor and skips it.
  void wrong_type(std::string_view code, std::string message) {
    reader.peek();
    std::size_t start = reader.offset();
    if (!reader.skip_value()) return;
    fail(code, std::move(message), detail::shorten(reader.text().substr(start, reader.offset() - start)));
  }

  /// Reads a string value into `s`; false (with a type error recorded) when the input is not one.
  bool read_text(std::string_view& s, std::string_view code, const char* message) {
    if (reader.peek() != detail::value_kind::string) {
      wrong_type(code, message);
      return false;
    }
    return reader.read_string_at_quote(s);
  }
};

/// Makes a member name or an element index the current path step for its lifetime.
class path_scope {
 public:
  path_scope(decode_context& ctx, std::string_view key, std::size_t index = 0) noexcept
      : ctx_(ctx), step_{ctx.top, key, index} {
    ctx.top = &step_;
  }
  path_scope(const path_scope&) = delete;
  path_scope& operator=(const path_scope&) = delete;
  ~path_scope() { ctx_.top = step_.parent; }

 private:
  decode_context& ctx_;
  detail::path_step step_;
};

/// The state of validate(): the path of the value being checked (a JSON Pointer) and the errors.
struct validate_context {
  std::string path;   ///< Append a step, check, then resize back.
  error_list errors;  ///< Every violation so far.

  /// Records an error at the current path.
  void fail(std::string_view code, std::string message, std::string input = {}) {
    errors.push_back({path, std::string(code), std::move(message), std::move(input)});
  }
};

namespace detail {
using events::decode_context;  // the names the decoder had while it lived in detail/
using events::path_scope;
}  // namespace detail

}  // namespace events
