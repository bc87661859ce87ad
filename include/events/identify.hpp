#pragma once
/// \file What a message says it is, read without decoding it: its `event_type` and version.
///
/// \code
/// auto id = events::identify(R"({"event_type":"task.created.v2","schema_version":"2.0.0",...})");
/// // id->type == "task.created", id->version == 2
/// \endcode
/// Only the top-level members up to `event_type` and its version are read (the rest is skipped,
/// syntax-checked). The version is the major of `event_version` ("2.0"), else of
/// `schema_version` ("2.0.0"); 0 when the message has neither. A type written in seed 004's
/// suffixed form, "<type>.v<N>", is read as version N of <type>.
#include <events/codec/context.hpp>
#include <events/detail/json_reader.hpp>
#include <events/detail/json_scan.hpp>
#include <events/error.hpp>
#include <events/error_codes.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string>
#include <string_view>

namespace events {

/// The identity of a message: its wire type and version (0: the message gives none; -1: unreadable).
struct identity {
  std::string type;
  int version = 0;
  bool suffixed = false;  ///< The type was written as "<type>.v<N>".
  friend bool operator==(const identity&, const identity&) = default;
};

/// What a message says it is, as read by peek_identity (views into the text).
struct message_identity {
  std::string_view type;  ///< Points into the text, or into `storage` when it had escapes.
  std::string storage;
  int version = 0;        ///< Major version from event_version ("2.0") or schema_version ("2.0.0"); 0 absent, -1 unreadable.
  bool version_from_event_version = false;
};

/// "2.0" / "2" / "2.0.0" -> 2; -1 when not of that form.
constexpr int major_version(std::string_view s) noexcept {
  if (s.empty()) return -1;
  int major = 0;
  std::size_t i = 0;
  for (; i < s.size() && s[i] != '.'; ++i) {
    if (s[i] < '0' || s[i] > '9' || major > 100000) return -1;
    major = major * 10 + (s[i] - '0');
  }
  if (i == 0) return -1;
  for (; i < s.size(); ++i)
    if (s[i] != '.' && (s[i] < '0' || s[i] > '9')) return -1;
  return major;
}

namespace detail {
/// key == name, lengths first: an inline test that rejects most keys without a call.
constexpr bool key_is(std::string_view key, std::string_view name) noexcept {
  return key.size() == name.size() && std::char_traits<char>::compare(key.data(), name.data(), name.size()) == 0;
}

/// peek_identity's walk over the compact form producers write, `{"key":"value",...` with every
/// member up to the identity a plain string (printable ASCII without escapes) and no whitespace,
/// without the reader: on such text the reader takes the same steps to the same result. True
/// when the identity was read; false, `id` untouched, as soon as the text leaves that form
/// (whitespace, another kind of value, an escape, the object's end): the reader then reads it.
/// Where a compact walk went (for identity_memo).
struct compact_walk {
  std::size_t first_value = 0, first_size = 0;  ///< The first member's value: offset and length.
  std::size_t end = 0;                          ///< Just past the identity's last value.
  std::size_t longest = 0;                      ///< The longest string read.
  bool first_names = false;                     ///< The first member is event_type or a version.
};

template <class Enough>
bool peek_identity_compact(std::string_view text, message_identity& id, const decode_options& options,
                           Enough& enough, compact_walk* walk = nullptr) {
  const char* p = text.data();
  const char* const end = p + text.size();
  if (options.max_depth < 1 || text.size() < 2 || *p++ != '{') return false;
  auto plain = [&](std::string_view& out) {  // a plain string from its opening quote
    if (p == end || *p != '"') return false;
    const char* start = ++p;
    const char* stop = plain_run(start, end);
    if (stop == end || *stop != '"' || static_cast<std::size_t>(stop - start) > options.max_string_bytes) return false;
    out = {start, static_cast<std::size_t>(stop - start)};
    p = stop + 1;
    return true;
  };
  message_identity read;  // into `id` only once it is complete
  bool have_type = false, need_version = true;
  compact_walk w;
  for (bool first = true;; first = false) {
    std::string_view key, value;
    if (!plain(key) || p == end || *p++ != ':' || !plain(value)) return false;
    w.longest = std::max({w.longest, key.size(), value.size()});
    if (first) {
      w.first_value = static_cast<std::size_t>(value.data() - text.data());
      w.first_size = value.size();
      w.first_names = key_is(key, "event_type") || key_is(key, "event_version") || key_is(key, "schema_version");
    }
    if (key_is(key, "event_type")) {
      read.type = value;
      have_type = true;
      need_version = !enough(read.type);
    } else if (key_is(key, "event_version")) {
      read.version = major_version(value);
      read.version_from_event_version = true;
    }  // a schema_version counts only at the object's end, which the reader reaches
    if (have_type && (!need_version || read.version_from_event_version)) break;
    if (end - p < 2 || p[0] != ',' || p[1] != '"') return false;
    ++p;
  }
  id.type = read.type;
  id.version = read.version;
  id.version_from_event_version = read.version_from_event_version;
  if (walk) {
    w.end = static_cast<std::size_t>(p - text.data());
    *walk = w;
  }
  return true;
}

/// The last compact identity identify_into read on this thread, as the bytes that led to it with
/// the first member's value (an event id: new in every message) left open. A text with the same
/// bytes around a plain string of the same length walks, step for step, to the same identity at
/// the same place: a producer's messages are read with two comparisons instead of a walk.
struct identity_memo {
  std::string head, tail;  // before the first value; from its closing quote to the identity's end
  std::size_t value_size = 0, longest = 0, type_at = 0, type_size = 0, base_size = 0;
  int version = 0, out_version = 0;
  bool from_event_version = false, suffixed = false;

  bool matches(std::string_view text, const decode_options& o) const noexcept {
    if (head.empty() || text.size() < head.size() + value_size + tail.size() || o.max_depth < 1 ||
        o.max_string_bytes < longest)
      return false;
    const char* value = text.data() + head.size();
    return std::memcmp(text.data(), head.data(), head.size()) == 0 &&
           plain_run(value, text.data() + text.size()) == value + value_size &&
           std::memcmp(value + value_size, tail.data(), tail.size()) == 0;
  }
  // The walk `w` over `text` read `id`, which identify_into made (base_size, out_version, suffixed).
  void remember(std::string_view text, const message_identity& id, const compact_walk& w, std::size_t base,
                int out, bool with_suffix) {
    head.clear();
    if (w.first_names) return;  // the open value would be part of the identity
    head.assign(text.substr(0, w.first_value));
    tail.assign(text.substr(w.first_value + w.first_size, w.end - w.first_value - w.first_size));
    value_size = w.first_size;
    longest = w.longest;
    type_at = static_cast<std::size_t>(id.type.data() - text.data());
    type_size = id.type.size();
    version = id.version;
    from_event_version = id.version_from_event_version;
    base_size = base;
    out_version = out;
    suffixed = with_suffix;
  }
};

inline identity_memo& thread_identity_memo() noexcept {
  thread_local identity_memo memo;
  return memo;
}
}  // namespace detail

/// Fills `id` from `text`; `enough(type)` says whether the version is needed too. Returns the
/// errors that make the message unidentifiable (empty on success). Reads only as much of a message
/// as names it: members before `event_type` are skipped (syntax-checked, not decoded) and the read
/// stops as soon as the type is known, so the full decode that follows is the only real pass.
template <class Enough>
error_list peek_identity(std::string_view text, message_identity& id, const decode_options& options, Enough&& enough) {
  if (text.size() > options.max_input_bytes)
    return {{"", std::string(error_codes::json_too_large),
             "Input of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                 std::to_string(options.max_input_bytes),
             {}}};
  if (detail::peek_identity_compact(text, id, options, enough)) return {};
  using detail::json_reader, detail::reader_limits, detail::value_kind, detail::shorten;
  json_reader r(text, reader_limits{options.max_depth, options.max_string_bytes});
  auto syntax = [&]() -> error_list {
    const auto& e = r.error();
    return {{"", std::string(e.code), e.message, shorten(text.substr(std::min(e.offset, text.size())), 32), e.line,
             e.column}};
  };
  value_kind k = r.peek();
  if (k != value_kind::object) {  // a syntax error is reported before the wrong kind, as decode does
    if (!r.skip_value() || !r.finish()) return syntax();
    return {{"", std::string(error_codes::model_type), "Input should be an object", shorten(text, 32)}};
  }
  r.enter_object();
  bool have_type = false, need_version = true;
  int schema_major = 0;
  std::string_view key;
  while (r.next_member(key)) {
    if (detail::key_is(key, "event_type")) {
      if (r.peek() != value_kind::string) {
        std::size_t start = r.offset();
        if (!r.skip_value()) return syntax();
        return {{"/event_type", std::string(error_codes::string_type), "Input should be a valid string",
                 shorten(text.substr(start, r.offset() - start))}};
      }
      std::string_view s;
      if (!r.read_string(s)) return syntax();
      if (s.data() >= text.data() && s.data() < text.data() + text.size()) {
        id.type = s;
      } else {  // unescaped into the reader's scratch, which the next read reuses
        id.storage.assign(s);
        id.type = id.storage;
      }
      have_type = true;
      need_version = !enough(id.type);
    } else if (detail::key_is(key, "event_version") || detail::key_is(key, "schema_version")) {
      const bool primary = key.size() == 13;  // "event_version"
      std::string_view s;
      if (r.peek() == value_kind::string) {
        if (!r.read_string(s)) return syntax();
        int v = major_version(s);
        if (primary) {
          id.version = v;
          id.version_from_event_version = true;
        } else {
          schema_major = v;
        }
      } else if (!r.skip_value()) {
        return syntax();
      }
    } else if (r.peek() == value_kind::string ? !r.read_string(key) : !r.skip_value()) {  // ids come first: strings
      return syntax();
    }
    if (have_type && (!need_version || id.version_from_event_version)) return {};
  }
  if (r.failed()) return syntax();
  if (!id.version_from_event_version) id.version = schema_major;
  if (!have_type) return {{"/event_type", std::string(error_codes::missing), "Field required", {}}};
  return {};
}


namespace detail {
/// Splits "<base>.v<N>" into base and N; N is 0 when `type` has no such suffix.
constexpr int split_version_suffix(std::string_view type, std::string_view& base) noexcept {
  base = type;
  std::size_t dot = type.rfind(".v");
  if (dot == std::string_view::npos || dot == 0 || dot + 2 >= type.size() || type.size() - dot > 8) return 0;
  int n = 0;
  for (std::size_t i = dot + 2; i < type.size(); ++i) {
    if (type[i] < '0' || type[i] > '9') return 0;
    n = n * 10 + (type[i] - '0');
  }
  if (n == 0) return 0;
  base = type.substr(0, dot);
  return n;
}
}  // namespace detail

/// An identity as views: `type` points into the text read or into the message_identity it was
/// read into.
struct identity_view {
  std::string_view type;
  int version = 0;
  bool suffixed = false;
};

/// identify() without copying the type: fills `out` (viewing `text` or `id`) and returns the
/// errors that keep the message unknown (empty on success). For a router that reads many.
inline error_list identify_into(std::string_view text, message_identity& id, identity_view& out,
                                const decode_options& options = {}) {
  auto never = [](std::string_view) { return false; };  // the version is always read
  detail::identity_memo& memo = detail::thread_identity_memo();
  if (text.size() <= options.max_input_bytes && memo.matches(text, options)) {
    id.type = std::string_view(text.data() + memo.type_at, memo.type_size);
    id.version = memo.version;
    id.version_from_event_version = memo.from_event_version;
    out = {std::string_view(id.type.data(), memo.base_size), memo.out_version, memo.suffixed};
    return {};
  }
  detail::compact_walk walk;
  const bool compact =
      text.size() <= options.max_input_bytes && detail::peek_identity_compact(text, id, options, never, &walk);
  if (!compact) {
    if (error_list errors = peek_identity(text, id, options, never); !errors.empty()) return errors;
  }
  int suffix = detail::split_version_suffix(id.type, out.type);
  out.version = id.version;
  out.suffixed = suffix > 0;
  if (suffix > 0 && out.version == 0) out.version = suffix;
  if (compact) memo.remember(text, id, walk, out.type.size(), out.version, out.suffixed);
  return {};
}

/// Reads the identity of `text`: its type and version, or the errors that keep it unknown (bad
/// JSON, not an object, no `event_type`: code "missing" at "/event_type").
inline result<identity> identify(std::string_view text, const decode_options& options = {}) {
  message_identity id;
  identity_view v;
  if (error_list errors = identify_into(text, id, v, options); !errors.empty()) return errors;
  return identity{std::string(v.type), v.version, v.suffixed};
}

}  // namespace events
