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
#include <events/detail/peek.hpp>
#include <events/error.hpp>

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
  detail::message_identity id;
  error_list errors = detail::peek_identity(text, id, options, [](std::string_view) { return false; });
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
