#pragma once
// Decoding straight from the text into the struct, driven by the field table. Syntax errors
// stop the read; every other error is recorded with its path and the read goes on, so one pass
// reports all of them.
#include <events/constraints.hpp>
#include <events/detail/field_table.hpp>
#include <events/detail/json_encode.hpp>
#include <events/detail/json_reader.hpp>
#include <events/enum.hpp>
#include <events/error.hpp>
#include <events/timestamp.hpp>
#include <events/uuid.hpp>

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

namespace events {

/// Limits and switches of decoding. The defaults suit messages of a broker.
struct decode_options {
  std::size_t max_input_bytes = 16u << 20;   ///< Larger input: one error, "json_too_large".
  std::size_t max_depth = 64;                ///< Deeper nesting: "json_too_deep".
  std::size_t max_string_bytes = 1u << 20;   ///< Longer string: "string_too_large".
  std::size_t max_errors = 100;              ///< Errors recorded beyond this are dropped (one "too_many_errors" says so).
  bool allow_naive_timestamps = false;       ///< Take timestamps without offset as UTC instead of "timezone_aware".
};

namespace detail {

/// The input shortened for an error report, never cut inside a UTF-8 sequence.
inline std::string shorten(std::string_view s, std::size_t limit = 64) {
  if (s.size() <= limit) return std::string(s);
  std::size_t n = limit;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n)) + "...";
}

// One step of the path to the value being read. The steps live on the C++ stack of the
// read_* calls and are only turned into a JSON Pointer when an error is recorded, so a valid
// message never pays for building paths.
struct path_step {
  const path_step* parent;
  std::string_view key;    // the member name, or empty for an array element
  std::size_t index;       // the element index, when key is empty
};

/// Appends "/key" to a JSON Pointer, escaping '~' and '/'.
inline void push_key(std::string& path, std::string_view key) {
  path += '/';
  for (char c : key) {
    if (c == '~') path += "~0";
    else if (c == '/') path += "~1";
    else path += c;
  }
}

inline void append_pointer(std::string& out, const path_step* step) {
  if (!step) return;
  append_pointer(out, step->parent);
  if (step->key.data() == nullptr)
    out += '/' + std::to_string(step->index);
  else
    push_key(out, step->key);
}

struct decode_context {
  json_reader reader;
  const decode_options& options;
  error_list errors;
  const path_step* top = nullptr;

  /// The JSON Pointer of the value being read.
  std::string path() const {
    std::string out;
    append_pointer(out, top);
    return out;
  }

  decode_context(std::string_view text, const decode_options& opts)
      : reader(text, reader_limits{opts.max_depth, opts.max_string_bytes}), options(opts) {}

  void fail(std::string_view code, std::string message, std::string input = {}) {
    if (errors.size() > options.max_errors) return;
    if (errors.size() == options.max_errors) {
      errors.push_back({path(), "too_many_errors", "More errors than max_errors; the rest are not reported", {}});
      return;
    }
    errors.push_back({path(), std::string(code), std::move(message), std::move(input)});
  }

  /// Records a type error for the value at the cursor and skips it.
  void wrong_type(std::string_view code, std::string message) {
    reader.peek();
    std::size_t start = reader.offset();
    if (!reader.skip_value()) return;
    fail(code, std::move(message), shorten(reader.text().substr(start, reader.offset() - start)));
  }

  template <class C>
  void check_constraints(const auto& value, std::string_view input) {
    constraint_info<C>::check_all(value, [&](const violation& v) { fail(v.code, v.message, shorten(input)); });
  }
};

template <class T>
void read_value(decode_context& ctx, T& out);

// True when the JSON number `raw` is below 1 in magnitude, so that from_chars's
// result_out_of_range means underflow (Python reads 1e-400 as 0.0), not overflow.
inline bool below_one(std::string_view raw) noexcept {
  std::size_t e = raw.find_first_of("eE");
  std::string_view mantissa = raw.substr(0, e);
  long long exp = 0;
  if (e != std::string_view::npos) {
    std::size_t i = e + 1;
    bool negative = i < raw.size() && raw[i] == '-';
    if (i < raw.size() && (raw[i] == '-' || raw[i] == '+')) ++i;
    for (; i < raw.size(); ++i)
      if (exp < 1'000'000'000'000) exp = exp * 10 + (raw[i] - '0');
    if (negative) exp = -exp;
  }
  std::size_t dot = mantissa.find('.');
  auto int_end = static_cast<long long>(dot == std::string_view::npos ? mantissa.size() : dot);
  for (std::size_t k = 0; k < mantissa.size(); ++k) {
    if (mantissa[k] < '1' || mantissa[k] > '9') continue;
    auto at = static_cast<long long>(k);
    long long magnitude = at < int_end ? int_end - 1 - at : int_end - at;  // power of ten of that digit
    return magnitude + exp < 0;
  }
  return true;  // all zeros
}

// The JSON number `raw` as a double; false when it overflows. Underflow gives (signed) zero.
inline bool to_double(std::string_view raw, double& d) noexcept {
  auto res = std::from_chars(raw.data(), raw.data() + raw.size(), d);
  if (res.ec == std::errc{}) return std::isfinite(d);
  if (res.ec != std::errc::result_out_of_range || !below_one(raw)) return false;
  d = raw.front() == '-' ? -0.0 : 0.0;
  return true;
}

template <class I>
void read_integer(decode_context& ctx, I& out) {
  auto& r = ctx.reader;
  if (r.peek() != value_kind::number) return ctx.wrong_type("int_type", "Input should be a valid integer");
  std::string_view raw;
  if (!r.read_number(raw)) return;
  const char* end = raw.data() + raw.size();
  if (raw.find_first_of(".eE") != std::string_view::npos) {  // Pydantic takes 2.0 for an int, not 2.5
    double d = 0;
    if (!to_double(raw, d)) return ctx.fail("finite_number", "Input should be a finite number", shorten(raw));
    if (d != std::trunc(d))
      return ctx.fail("int_from_float", "Input should be a valid integer, got a number with a fractional part",
                      shorten(raw));
    if (!(d >= static_cast<double>(std::numeric_limits<I>::min()) &&
          d < 2.0 * static_cast<double>(std::numeric_limits<I>::max() / 2 + 1)))
      return ctx.fail("int_parsing_size", "Integer out of range", shorten(raw));
    out = static_cast<I>(d);
    return;
  }
  auto res = std::from_chars(raw.data(), end, out);
  if (res.ec != std::errc{} || res.ptr != end)
    ctx.fail("int_parsing_size", "Integer out of range", shorten(raw));
}

template <class F>
void read_floating(decode_context& ctx, F& out) {
  auto& r = ctx.reader;
  if (r.peek() != value_kind::number) return ctx.wrong_type("float_type", "Input should be a valid number");
  std::string_view raw;
  if (!r.read_number(raw)) return;
  double d = 0;
  if (!to_double(raw, d) || !std::isfinite(static_cast<F>(d)))
    return ctx.fail("finite_number", "Input should be a finite number", shorten(raw));
  out = static_cast<F>(d);
}

/// Reads a string value; false (with the error recorded) when the input is not one.
inline bool read_text(decode_context& ctx, std::string_view& s, std::string_view code, const char* message) {
  auto& r = ctx.reader;
  if (r.peek() != value_kind::string) {
    ctx.wrong_type(code, message);
    return false;
  }
  return r.read_string(s);
}

template <class E>
std::string enum_expected() {
  std::string s;
  constexpr auto& entries = enum_entries<E>;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i) s += i + 1 == entries.size() ? " or " : ", ";
    s += '\'';
    s += entries[i].second;
    s += '\'';
  }
  return s;
}

// Makes `step` the current path step for its lifetime.
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
  path_step step_;
};

template <class T>
void read_object(decode_context& ctx, T& obj) {
  using table = field_table<T>;
  auto& r = ctx.reader;
  if (r.peek() != value_kind::object) return ctx.wrong_type("model_type", "Input should be an object");
  if (!r.enter_object()) return;
  static constexpr auto readers = []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<void (*)(decode_context&, T&), table::size>{+[](decode_context& c, T& o) {
      decltype(auto) field = table::template get<I>(o);
      read_value(c, field);
    }...};
  }(std::make_index_sequence<table::size>{});
  std::uint64_t seen = 0;
  std::size_t next = 0;
  std::string_view key;
  while (r.next_member(key)) {
    std::size_t i = find_field<table>(key, next);
    if (i == table::size) {
      if constexpr (table::extra == extra_fields::forbid) {
        std::string name(key);  // the reader's scratch may hold the key; the value read reuses it
        path_scope step(ctx, name);
        ctx.wrong_type("extra_forbidden", "Extra inputs are not permitted");
      } else {
        r.skip_value();
      }
      continue;
    }
    seen |= std::uint64_t{1} << i;
    next = i + 1;
    path_scope step(ctx, table::names[i]);
    readers[i](ctx, obj);
  }
  if (r.failed()) return;
  if (std::uint64_t missing = table::required_mask() & ~seen) {
    for (std::size_t i = 0; i < table::size; ++i) {
      if (!(missing >> i & 1)) continue;
      path_scope step(ctx, table::names[i]);
      ctx.fail("missing", "Field required");
    }
  }
}

template <class T>
void read_value(decode_context& ctx, T& out) {
  auto& r = ctx.reader;
  if constexpr (std::is_same_v<T, literal_field>) {
    std::string_view s;
    if (read_text(ctx, s, "literal_error", "Input should be a string") && !out.accepts(s))
      ctx.fail("literal_error", "Input should be '" + std::string(out.value) + "'", shorten(s));
  } else if constexpr (constrained<T>) {
    using U = typename constraint_info<T>::underlying;
    std::size_t before = ctx.errors.size();
    if constexpr (std::is_same_v<U, std::string>) {
      std::string_view s;
      if (!read_text(ctx, s, "string_type", "Input should be a valid string")) return;
      static_cast<std::string&>(out).assign(s);
      ctx.template check_constraints<T>(static_cast<const std::string&>(out), s);
    } else {
      U v{};
      read_value(ctx, v);
      if (ctx.errors.size() != before || r.failed()) return;
      out = v;
      ctx.template check_constraints<T>(v, std::to_string(v));
    }
  } else if constexpr (std::is_same_v<T, bool>) {
    if (r.peek() != value_kind::boolean) return ctx.wrong_type("bool_type", "Input should be a valid boolean");
    r.read_bool(out);
  } else if constexpr (std::is_integral_v<T>) {
    read_integer(ctx, out);
  } else if constexpr (std::is_floating_point_v<T>) {
    read_floating(ctx, out);
  } else if constexpr (std::is_same_v<T, std::string>) {
    std::string_view s;
    if (read_text(ctx, s, "string_type", "Input should be a valid string")) out.assign(s);
  } else if constexpr (std::is_same_v<T, uuid>) {
    std::string_view s;
    if (!read_text(ctx, s, "uuid_type", "UUID input should be a string")) return;
    if (auto u = uuid::parse(s))
      out = *u;
    else
      ctx.fail("uuid_parsing", "Input should be a valid UUID", shorten(s));
  } else if constexpr (std::is_same_v<T, timestamp>) {
    std::string_view s;
    if (!read_text(ctx, s, "datetime_type", "Input should be a valid datetime")) return;
    switch (parse_timestamp(s, out, ctx.options.allow_naive_timestamps)) {
      case timestamp_errc::ok: break;
      case timestamp_errc::naive:
        ctx.fail("timezone_aware", "Input should have timezone info", shorten(s));
        break;
      case timestamp_errc::out_of_range:
        ctx.fail("datetime_parsing", "Input should be a valid datetime, value out of range", shorten(s));
        break;
      default:
        ctx.fail("datetime_parsing", "Input should be a valid datetime in RFC 3339 format", shorten(s));
    }
  } else if constexpr (std::is_enum_v<T>) {
    std::string_view s;
    if (r.peek() != value_kind::string) return ctx.wrong_type("enum", "Input should be " + enum_expected<T>());
    if (!r.read_string(s)) return;
    if (auto e = enum_from_string<T>(s))
      out = *e;
    else
      ctx.fail("enum", "Input should be " + enum_expected<T>(), shorten(s));
  } else if constexpr (is_optional<T>::value) {
    if (r.peek() == value_kind::null) {
      r.read_null();
      out.reset();
    } else {
      if (!out) out.emplace();
      read_value(ctx, *out);
    }
  } else if constexpr (is_vector<T>::value) {
    if (r.peek() != value_kind::array) return ctx.wrong_type("list_type", "Input should be a valid list");
    if (!r.enter_array()) return;
    out.clear();
    while (r.next_element()) {
      path_scope step(ctx, {}, out.size());
      read_value(ctx, out.emplace_back());
    }
  } else if constexpr (is_string_map<T>::value) {
    if (r.peek() != value_kind::object) return ctx.wrong_type("dict_type", "Input should be a valid dictionary");
    if (!r.enter_object()) return;
    out.clear();
    std::string_view k;
    while (r.next_member(k)) {
      auto& [key, value] = *out.try_emplace(std::string(k)).first;
      path_scope step(ctx, key);
      read_value(ctx, value);
    }
  } else if constexpr (std::is_same_v<T, nlohmann::json>) {
    r.peek();
    std::size_t start = r.offset();
    if (!r.skip_value()) return;
    // Already validated (and depth-limited) by the reader; nlohmann only still refuses numbers
    // beyond double's range, and a discarded value would be written back as "<discarded>".
    std::string_view raw = r.text().substr(start, r.offset() - start);
    out = nlohmann::json::parse(raw, nullptr, false);
    if (out.is_discarded()) {
      out = nullptr;
      ctx.fail("finite_number", "Input should contain only finite numbers", shorten(raw));
    }
  } else if constexpr (object_type<T>) {
    read_object(ctx, out);
  } else {
    static_assert(sizeof(T) == 0, "events: this field type has no JSON decoding");
  }
}

/// Decodes one complete document into `out`; returns every error (empty on success).
template <class T>
error_list decode(std::string_view text, T& out, const decode_options& options) {
  if (text.size() > options.max_input_bytes)
    return {{"", "json_too_large",
             "Input of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                 std::to_string(options.max_input_bytes),
             {}}};
  decode_context ctx(text, options);
  read_value(ctx, out);
  if (!ctx.reader.failed()) ctx.reader.finish();
  if (ctx.reader.failed()) {
    const auto& e = ctx.reader.error();
    return {{"", std::string(e.code), e.message, shorten(text.substr(std::min(e.offset, text.size())), 32),
             e.line, e.column}};
  }
  return std::move(ctx.errors);
}

}  // namespace detail
}  // namespace events
