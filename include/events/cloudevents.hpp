#pragma once
/// \file CloudEvents 1.0 for our envelopes: the Kafka binary-mode headers (`ce_*`) and the
/// structured JSON form (`application/cloudevents+json`), with the correlation extension
/// (`correlationid`, `causationid`). No Kafka needed: a header is a name and a text.
///
/// \code
/// auto ev = events::make_event(TaskCreated{...});
/// for (auto& [name, text] : events::cloudevents::binary_headers(ev, "/tasks")) ...  // ce_id, ce_type, ...
/// std::string doc = events::cloudevents::to_structured(ev, "/tasks");           // {"specversion":"1.0",...,"data":{...}}
/// auto back = events::cloudevents::parse_structured(doc);                       // attributes + raw data text
/// \endcode
#include <events/detail/json_write.hpp>
#include <events/detail/json_reader.hpp>
#include <events/json.hpp>
#include <events/payload.hpp>
#include <events/timestamp.hpp>
#include <events/uuid.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace events::cloudevents {

inline constexpr std::string_view spec_version = "1.0";
/// content-type of a binary-mode message (the value is the event's JSON).
inline constexpr std::string_view json_content_type = "application/json";
/// content-type of a structured-mode message (the value is the CloudEvent document).
inline constexpr std::string_view structured_content_type = "application/cloudevents+json; charset=UTF-8";

/// Kafka binary-mode header names (CloudEvents Kafka protocol binding: `ce_` + attribute).
namespace header {
inline constexpr std::string_view specversion = "ce_specversion";
inline constexpr std::string_view id = "ce_id";
inline constexpr std::string_view source = "ce_source";
inline constexpr std::string_view type = "ce_type";
inline constexpr std::string_view time = "ce_time";
inline constexpr std::string_view subject = "ce_subject";
inline constexpr std::string_view correlationid = "ce_correlationid";
inline constexpr std::string_view causationid = "ce_causationid";
inline constexpr std::string_view content_type = "content-type";
}  // namespace header

/// The wire type name of an event: E::payload_type::type for an envelope, else E::type.
template <class E>
constexpr std::string_view type_name() noexcept {
  if constexpr (requires { typename E::payload_type; })
    return std::string_view(E::payload_type::type);
  else
    return std::string_view(E::type);
}

/// True when E names its wire type (an envelope over a payload, or a type with a static `type`).
template <class E>
concept typed_event = requires { type_name<E>(); };

/// The CloudEvents attributes of one event (the ones we carry).
struct attributes {
  std::string id;
  std::string source;
  std::string type;
  std::string time;  ///< RFC 3339, as Pydantic writes it; empty when the event has no time.
  std::string subject;
  std::string correlationid;
  std::string causationid;
  friend bool operator==(const attributes&, const attributes&) = default;
};

namespace detail {
/// Calls fn(text) with the attribute text of v (uuid, timestamp, optional, number or string),
/// written into a stack buffer where it can be: no allocation for ids and times.
template <class V, class Fn>
void visit_text(const V& v, Fn&& fn) {
  if constexpr (std::is_same_v<V, uuid>) {
    char buf[uuid::text_size];
    v.write(buf);
    fn(std::string_view(buf, sizeof buf));
  } else if constexpr (std::is_same_v<V, timestamp>) {
    char buf[timestamp_max_text];
    fn(std::string_view(buf, format_timestamp(v, buf)));
  } else if constexpr (requires { v.has_value(); *v; }) {
    if (v.has_value())
      visit_text(*v, fn);
    else
      fn(std::string_view());
  } else if constexpr (std::is_arithmetic_v<V>) {
    std::string s = std::to_string(v);
    fn(std::string_view(s));
  } else {
    fn(std::string_view(v));
  }
}

template <class V>
std::string text_of(const V& v) {
  std::string out;
  visit_text(v, [&](std::string_view s) { out.assign(s); });
  return out;
}
}  // namespace detail

/// The attributes of `ev`: id from event_id (or id), time from timestamp, the correlation
/// extension from correlation_id/causation_id where the event has them.
template <typed_event E>
attributes attributes_of(const E& ev, std::string_view source, std::string_view subject = {}) {
  attributes a;
  if constexpr (requires { ev.event_id; })
    a.id = detail::text_of(ev.event_id);
  else if constexpr (requires { ev.id; })
    a.id = detail::text_of(ev.id);
  a.source = std::string(source);
  a.type = std::string(type_name<E>());
  if constexpr (requires { ev.timestamp; }) a.time = detail::text_of(ev.timestamp);
  a.subject = std::string(subject);
  if constexpr (requires { ev.correlation_id; }) a.correlationid = detail::text_of(ev.correlation_id);
  if constexpr (requires { ev.causation_id; }) a.causationid = detail::text_of(ev.causation_id);
  return a;
}

/// Binary-mode headers for the attributes, in a fixed order; empty attributes are left out.
inline std::vector<std::pair<std::string_view, std::string>> binary_headers(const attributes& a) {
  std::vector<std::pair<std::string_view, std::string>> h;
  h.reserve(9);
  h.emplace_back(header::specversion, std::string(spec_version));
  h.emplace_back(header::id, a.id);
  h.emplace_back(header::source, a.source);
  h.emplace_back(header::type, a.type);
  if (!a.time.empty()) h.emplace_back(header::time, a.time);
  if (!a.subject.empty()) h.emplace_back(header::subject, a.subject);
  if (!a.correlationid.empty()) h.emplace_back(header::correlationid, a.correlationid);
  if (!a.causationid.empty()) h.emplace_back(header::causationid, a.causationid);
  h.emplace_back(header::content_type, std::string(json_content_type));
  return h;
}

/// Binary-mode headers of `ev`.
template <typed_event E>
std::vector<std::pair<std::string_view, std::string>> binary_headers(const E& ev, std::string_view source) {
  return binary_headers(attributes_of(ev, source));
}

/// Calls fn(name, text) for each binary-mode header of `ev`, the same headers in the same order
/// as binary_headers(attributes_of(ev, source, subject)), without building the attributes: the
/// texts are views valid during the call only (ids and times live in stack buffers).
template <typed_event E, class Fn>
void for_each_binary_header(const E& ev, std::string_view source, Fn&& fn, std::string_view subject = {}) {
  auto optional = [&](std::string_view name) {
    return [&fn, name](std::string_view text) {
      if (!text.empty()) fn(name, text);
    };
  };
  fn(header::specversion, spec_version);
  if constexpr (requires { ev.event_id; })
    detail::visit_text(ev.event_id, [&](std::string_view id) { fn(header::id, id); });
  else if constexpr (requires { ev.id; })
    detail::visit_text(ev.id, [&](std::string_view id) { fn(header::id, id); });
  else
    fn(header::id, std::string_view());
  fn(header::source, source);
  fn(header::type, type_name<E>());
  if constexpr (requires { ev.timestamp; }) detail::visit_text(ev.timestamp, optional(header::time));
  optional(header::subject)(subject);
  if constexpr (requires { ev.correlation_id; }) detail::visit_text(ev.correlation_id, optional(header::correlationid));
  if constexpr (requires { ev.causation_id; }) detail::visit_text(ev.causation_id, optional(header::causationid));
  fn(header::content_type, json_content_type);
}

/// Reads the attributes back from binary-mode headers (name, text); unknown headers are ignored.
/// Returns nullopt when ce_specversion, ce_id, ce_source or ce_type is missing.
template <class Range>
std::optional<attributes> from_binary_headers(const Range& headers) {
  attributes a;
  bool spec = false;
  for (const auto& [name, text] : headers) {
    std::string_view n(name);
    if (n == header::specversion) spec = std::string_view(text) == spec_version;
    else if (n == header::id) a.id = std::string(std::string_view(text));
    else if (n == header::source) a.source = std::string(std::string_view(text));
    else if (n == header::type) a.type = std::string(std::string_view(text));
    else if (n == header::time) a.time = std::string(std::string_view(text));
    else if (n == header::subject) a.subject = std::string(std::string_view(text));
    else if (n == header::correlationid) a.correlationid = std::string(std::string_view(text));
    else if (n == header::causationid) a.causationid = std::string(std::string_view(text));
  }
  if (!spec || a.id.empty() || a.source.empty() || a.type.empty()) return std::nullopt;
  return a;
}

/// The structured form: the attributes as members, `datacontenttype`, and the event's JSON as
/// `data`. `data_json` must be one JSON value (the event's to_json()).
inline std::string to_structured(const attributes& a, std::string_view data_json) {
  std::string out;
  out.reserve(data_json.size() + 256);
  auto member = [&](std::string_view name, std::string_view value) {
    if (value.empty()) return;
    out += out.size() == 1 ? "\"" : ",\"";
    out += name;
    out += "\":";
    events::detail::write_escaped(out, value);
  };
  out += '{';
  member("specversion", spec_version);
  member("id", a.id);
  member("source", a.source);
  member("type", a.type);
  member("time", a.time);
  member("subject", a.subject);
  member("datacontenttype", json_content_type);
  member("correlationid", a.correlationid);
  member("causationid", a.causationid);
  out += ",\"data\":";
  out += data_json;
  out += '}';
  return out;
}

/// The structured form of `ev`.
template <typed_event E>
std::string to_structured(const E& ev, std::string_view source) {
  return to_structured(attributes_of(ev, source), events::to_json(ev));
}

/// A structured CloudEvent read back: its attributes and the raw text of `data`.
struct structured {
  attributes attrs;
  std::string_view data;  ///< A view into the parsed text.
};

/// Parses a structured CloudEvent; every problem as an error with its path. `data` stays a view
/// into `text`, to be decoded as the event type named by attrs.type.
inline result<structured> parse_structured(std::string_view text) {
  events::detail::json_reader r(text);
  structured s;
  bool spec = false, has_data = false;
  error_list errors;
  auto text_member = [&](std::string_view name, std::string& out) {
    std::string_view v;
    if (r.peek() == events::detail::value_kind::string && r.read_string(v)) {
      out.assign(v);
      return;
    }
    if (!r.failed()) {
      r.skip_value();
      errors.push_back({"/" + std::string(name), "string_type", "Input should be a valid string", {}});
    }
  };
  if (r.peek() != events::detail::value_kind::object || !r.enter_object()) {
    errors.push_back({"", "model_type", "Input should be a CloudEvent object", {}});
    return errors;
  }
  std::string_view key;
  std::string spec_text;
  while (r.next_member(key)) {
    if (key == "specversion") text_member("specversion", spec_text), spec = true;
    else if (key == "id") text_member("id", s.attrs.id);
    else if (key == "source") text_member("source", s.attrs.source);
    else if (key == "type") text_member("type", s.attrs.type);
    else if (key == "time") text_member("time", s.attrs.time);
    else if (key == "subject") text_member("subject", s.attrs.subject);
    else if (key == "correlationid") text_member("correlationid", s.attrs.correlationid);
    else if (key == "causationid") text_member("causationid", s.attrs.causationid);
    else if (key == "data") {
      r.peek();  // skips whitespace, so data starts at the value
      std::size_t begin = r.offset();
      if (r.skip_value()) {
        s.data = text.substr(begin, r.offset() - begin);
        has_data = true;
      }
    } else {
      r.skip_value();
    }
  }
  if (r.failed() || !r.finish()) {
    errors.push_back({"", "json_invalid", "Invalid JSON in the CloudEvent", {}});
    return errors;
  }
  if (spec && spec_text != spec_version)
    errors.push_back({"/specversion", "literal_error", "Input should be '1.0'", spec_text});
  for (auto [name, value] : {std::pair<std::string_view, const std::string*>{"specversion", spec ? &spec_text : nullptr},
                             {"id", &s.attrs.id}, {"source", &s.attrs.source}, {"type", &s.attrs.type}})
    if (value == nullptr || value->empty())
      errors.push_back({"/" + std::string(name), "missing", "Field required", {}});
  if (!has_data) errors.push_back({"/data", "missing", "Field required", {}});
  if (!errors.empty()) return errors;
  return s;
}

}  // namespace events::cloudevents
