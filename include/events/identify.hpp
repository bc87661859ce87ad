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
#include <events/error.hpp>
#include <events/error_codes.hpp>

#include <charconv>
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
    if (key == "event_type") {
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
    } else if (key == "event_version" || key == "schema_version") {
      const bool primary = key == "event_version";
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
    } else if (!r.skip_value()) {
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

/// Reads the identity of `text`: its type and version, or the errors that keep it unknown (bad
/// JSON, not an object, no `event_type`: code "missing" at "/event_type").
inline result<identity> identify(std::string_view text, const decode_options& options = {}) {
  message_identity id;
  error_list errors = peek_identity(text, id, options, [](std::string_view) { return false; });
  if (!errors.empty()) return errors;
  identity out;
  std::string_view base;
  int suffix = detail::split_version_suffix(id.type, base);
  out.type.assign(base);
  out.version = id.version;
  if (suffix > 0) {
    out.suffixed = true;
    if (out.version == 0) out.version = suffix;
  }
  return out;
}

}  // namespace events
