#pragma once
// Reads only as much of a message as names it: the top-level event_type and, when needed, its
// version. Members before them are skipped (syntax-checked, not decoded); the read stops as soon
// as the type is known, so the full decode that follows is the only real pass.
#include <events/codec/context.hpp>
#include <events/detail/json_reader.hpp>
#include <events/error_codes.hpp>
#include <events/error.hpp>

#include <charconv>
#include <string>
#include <string_view>

namespace events::detail {

/// What a message says it is.
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
/// errors that make the message unidentifiable (empty on success).
template <class Enough>
error_list peek_identity(std::string_view text, message_identity& id, const decode_options& options, Enough&& enough) {
  if (text.size() > options.max_input_bytes)
    return {{"", std::string(error_codes::json_too_large),
             "Input of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                 std::to_string(options.max_input_bytes),
             {}}};
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

}  // namespace events::detail
