#pragma once
/// \file CloudEvents 1.0 for our envelopes: the Kafka binary-mode headers (`ce_*`) and the
/// structured JSON form (`application/cloudevents+json`), with the correlation extension
/// (`correlationid`, `causationid`) and the distributed-tracing extension (`traceparent`,
/// `tracestate`). Every fact about the event comes from events::event_traits. No Kafka needed: a header is a name and a text.
///
/// <!-- given: #include <events/catalog/task_events.hpp>
/// events::uuid t, u; -->
/// \code
/// auto ev = events::make_event(events::TaskCreatedPayload{.task_id = t, .user_id = u, .title = "Buy milk"});
/// for (const auto& [name, text] : events::cloudevents::binary_headers(ev, "/tasks"))
///   std::cout << name << ": " << text << '\n';                                    // ce_id, ce_type, ...
/// std::string doc = events::cloudevents::to_structured(ev, "/tasks");           // {"specversion":"1.0",...,"data":{...}}
/// auto back = events::cloudevents::parse_structured(doc);  // attributes + the data's text (a view into doc)
/// \endcode
#include <events/detail/json_write.hpp>
#include <events/error_codes.hpp>
#include <events/event_traits.hpp>
#include <events/trace.hpp>
#include <events/detail/json_reader.hpp>
#include <events/json.hpp>
#include <events/payload.hpp>
#include <events/timestamp.hpp>
#include <events/uuid.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
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
inline constexpr std::string_view traceparent = "ce_traceparent";
inline constexpr std::string_view tracestate = "ce_tracestate";
inline constexpr std::string_view dataschema = "ce_dataschema";
/// The prefix of every attribute's header.
inline constexpr std::string_view prefix = "ce_";
inline constexpr std::string_view content_type = "content-type";
}  // namespace header

/// The wire type name of an event (event_traits<E>::type), its ce_type.
template <event_type E>
constexpr std::string_view type_name() noexcept {
  return event_traits<E>::type;
}

/// True when event_traits knows E (a payload, an envelope, or a contract message).
template <class E>
concept typed_event = event_type<E>;

/// The CloudEvents attributes of one event (the ones we carry).
struct attributes {
  std::string id;
  std::string source;
  std::string type;
  std::string time;  ///< RFC 3339, as Pydantic writes it; empty when the event has no time.
  std::string subject;
  std::string correlationid;
  std::string causationid;
  std::string traceparent;  ///< W3C trace context (distributed-tracing extension); empty when none.
  std::string tracestate;
  std::string dataschema;  ///< URI of the schema `data` adheres to; empty when none.
  /// Other extension attributes (name, canonical text), in the order read; written as strings.
  std::vector<std::pair<std::string, std::string>> extensions;
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

/// The attributes of `ev`: id from event_traits (a fresh one for a message without an id), time from timestamp, the correlation
/// extension from correlation_id/causation_id where the event has them.
/// The trace context is `trace` when given, else the one current on this thread (the handled
/// event's, inside a handler).
template <typed_event E>
attributes attributes_of(const E& ev, std::string_view source, std::string_view subject = {},
                         const trace_context* trace = nullptr) {
  attributes a;
  a.id = event_traits<E>::id(ev);
  if (a.id.empty()) a.id = uuid::v4().to_string();  // CloudEvents requires an id (ReminderEvent has none)
  a.source = std::string(source);
  a.type = std::string(type_name<E>());
  if constexpr (requires { ev.timestamp; }) a.time = detail::text_of(ev.timestamp);
  a.subject = std::string(subject);
  if constexpr (requires { ev.correlation_id; }) a.correlationid = detail::text_of(ev.correlation_id);
  if constexpr (requires { ev.causation_id; }) a.causationid = detail::text_of(ev.causation_id);
  const trace_context& t = trace ? *trace : current_trace();
  a.traceparent = t.traceparent;
  a.tracestate = t.tracestate;
  return a;
}

/// Binary-mode headers for the attributes, in a fixed order; empty attributes are left out;
/// each other extension as `ce_<name>`, after ours.
inline std::vector<std::pair<std::string, std::string>> binary_headers(const attributes& a) {
  std::vector<std::pair<std::string, std::string>> h;
  h.reserve(11 + a.extensions.size());
  h.emplace_back(header::specversion, std::string(spec_version));
  h.emplace_back(header::id, a.id);
  h.emplace_back(header::source, a.source);
  h.emplace_back(header::type, a.type);
  if (!a.time.empty()) h.emplace_back(header::time, a.time);
  if (!a.subject.empty()) h.emplace_back(header::subject, a.subject);
  if (!a.correlationid.empty()) h.emplace_back(header::correlationid, a.correlationid);
  if (!a.causationid.empty()) h.emplace_back(header::causationid, a.causationid);
  if (!a.traceparent.empty()) h.emplace_back(header::traceparent, a.traceparent);
  if (!a.tracestate.empty()) h.emplace_back(header::tracestate, a.tracestate);
  if (!a.dataschema.empty()) h.emplace_back(header::dataschema, a.dataschema);
  for (const auto& [name, text] : a.extensions) h.emplace_back(std::string(header::prefix) + name, text);
  h.emplace_back(header::content_type, std::string(json_content_type));
  return h;
}

/// Binary-mode headers of `ev`.
template <typed_event E>
std::vector<std::pair<std::string, std::string>> binary_headers(const E& ev, std::string_view source) {
  return binary_headers(attributes_of(ev, source));
}

/// Calls fn(name, text) for each binary-mode header of `ev`, the same headers in the same order
/// as binary_headers(attributes_of(ev, source, subject)), without building the attributes: the
/// texts are views valid during the call only (ids and times live in stack buffers).
template <typed_event E, class Fn>
void for_each_binary_header(const E& ev, std::string_view source, Fn&& fn, std::string_view subject = {},
                            const trace_context* trace = nullptr) {
  auto optional = [&](std::string_view name) {
    return [&fn, name](std::string_view text) {
      if (!text.empty()) fn(name, text);
    };
  };
  fn(header::specversion, spec_version);
  if constexpr (requires { ev.event_id; })
    detail::visit_text(ev.event_id, [&](std::string_view id) { fn(header::id, id); });
  else if (std::string id = event_traits<E>::id(ev); !id.empty())
    fn(header::id, std::string_view(id));
  else
    detail::visit_text(uuid::v4(), [&](std::string_view fresh) { fn(header::id, fresh); });
  fn(header::source, source);
  fn(header::type, type_name<E>());
  if constexpr (requires { ev.timestamp; }) detail::visit_text(ev.timestamp, optional(header::time));
  optional(header::subject)(subject);
  if constexpr (requires { ev.correlation_id; }) detail::visit_text(ev.correlation_id, optional(header::correlationid));
  if constexpr (requires { ev.causation_id; }) detail::visit_text(ev.causation_id, optional(header::causationid));
  const trace_context& t = trace ? *trace : current_trace();
  optional(header::traceparent)(t.traceparent);
  optional(header::tracestate)(t.tracestate);
  fn(header::content_type, json_content_type);
}

/// Reads the attributes back from binary-mode headers (name, text): every `ce_*` header is an
/// attribute, the ones we do not carry by name land in `extensions`; other headers are ignored.
/// Returns nullopt when ce_specversion is not "1.0" or ce_id, ce_source or ce_type is missing.
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
    else if (n == header::traceparent) a.traceparent = std::string(std::string_view(text));
    else if (n == header::tracestate) a.tracestate = std::string(std::string_view(text));
    else if (n == header::dataschema) a.dataschema = std::string(std::string_view(text));
    else if (n == "ce_datacontenttype") continue;  // content-type is datacontenttype (the Kafka binding,
                                                   // 3.2.1); the JS SDK writes both
    else if (n.size() > header::prefix.size() && n.starts_with(header::prefix))
      a.extensions.emplace_back(n.substr(header::prefix.size()), std::string_view(text));
  }
  if (!spec || a.id.empty() || a.source.empty() || a.type.empty()) return std::nullopt;
  return a;
}

/// The structured form: the attributes as members, `datacontenttype`, and the event's JSON as
/// `data`. `data_json` must be one JSON value (the event's to_json()), or empty for an event
/// without data (then neither `data` nor `datacontenttype` is written).
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
  if (!data_json.empty()) member("datacontenttype", json_content_type);
  member("dataschema", a.dataschema);
  member("correlationid", a.correlationid);
  member("causationid", a.causationid);
  member("traceparent", a.traceparent);
  member("tracestate", a.tracestate);
  for (const auto& [name, text] : a.extensions) member(name, text);
  if (!data_json.empty()) {
    out += ",\"data\":";
    out += data_json;
  }
  out += '}';
  return out;
}

/// The structured form of `ev`.
template <typed_event E>
std::string to_structured(const E& ev, std::string_view source, const trace_context* trace = nullptr) {
  return to_structured(attributes_of(ev, source, {}, trace), events::to_json(ev));
}

/// Which member carried a structured event's data.
enum class data_member : std::uint8_t {
  none,    ///< Neither (or `null`): the event has no data, which CloudEvents allows.
  json,    ///< `data`: any JSON value.
  base64,  ///< `data_base64`: Base64 of binary data.
};

/// A structured CloudEvent read back: its attributes, content type and data.
struct structured {
  attributes attrs;
  std::string datacontenttype;  ///< Empty when absent.
  data_member form = data_member::none;
  /// `data`: the raw JSON text of the value, a view into the parsed text; `data_base64`: the
  /// decoded bytes (held by `decoded`, so the view survives moves and copies of this object);
  /// empty without data.
  std::string_view data;
  std::shared_ptr<const std::string> decoded;  ///< Owns the bytes of `data_base64`; null otherwise.
  bool has_data() const noexcept { return form != data_member::none; }
};

namespace detail {
/// RFC 4648 section 4 Base64 (padding optional, no whitespace); false on any other byte or on a
/// length no encoding has.
inline bool decode_base64(std::string_view in, std::string& out) {
  if (in.size() % 4 == 0 && in.ends_with('=')) in.remove_suffix(in.ends_with("==") ? 2 : 1);
  if (in.size() % 4 == 1) return false;  // a '=' left inside is refused below
  out.clear();
  out.reserve(in.size() / 4 * 3 + 2);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v = c >= 'A' && c <= 'Z'   ? c - 'A'
            : c >= 'a' && c <= 'z' ? c - 'a' + 26
            : c >= '0' && c <= '9' ? c - '0' + 52
            : c == '+'             ? 62
            : c == '/'             ? 63
                                   : -1;
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return (acc & ((1u << bits) - 1)) == 0;  // the unused low bits of the last symbol are zero
}

/// CloudEvents attribute names: lower-case ASCII letters and digits (the spec, "Attribute Naming
/// Convention"); `data_base64` is the only other member a structured document has.
constexpr bool attribute_name(std::string_view n) noexcept {
  if (n.empty()) return false;
  for (char c : n)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  return true;
}
}  // namespace detail

/// Parses a structured CloudEvent (JSON event format 1.0); every problem as an error with its
/// path, each reported once. Required: `specversion` "1.0" and non-empty `id`, `source`, `type`;
/// `data` is optional, `data_base64` is decoded (the two are exclusive), a `null` member counts
/// as absent, `time` is RFC 3339, and every other member is an extension attribute: a string,
/// integer or boolean under a lower-case alphanumeric name. `data` stays a view into `text`, to
/// be decoded as the event type named by attrs.type.
inline result<structured> parse_structured(std::string_view text) {
  namespace codes = events::error_codes;
  using events::detail::value_kind;
  events::detail::json_reader r(text);
  structured s;
  bool has_spec = false, has_id = false, has_source = false, has_type = false;
  std::string spec_text, base64_text;
  bool has_base64 = false;
  error_list errors;
  auto path = [](std::string_view name) { return "/" + std::string(name); };
  // A string attribute; null leaves it unset. Returns true when a string was read.
  auto text_member = [&](std::string_view name, std::string& out) {
    value_kind k = r.peek();
    std::string_view v;
    if (k == value_kind::string && r.read_string(v)) {
      out.assign(v);
      return true;
    }
    if (k == value_kind::null) {
      r.read_null();
      return false;
    }
    std::size_t begin = r.offset();
    if (r.skip_value())
      errors.push_back({path(name), std::string(codes::string_type), "Input should be a valid string",
                        std::string(text.substr(begin, r.offset() - begin))});
    return false;
  };
  if (r.peek() != value_kind::object || !r.enter_object()) {
    errors.push_back({"", std::string(codes::model_type), "Input should be a CloudEvent object", {}});
    return errors;
  }
  std::string_view key;
  while (r.next_member(key)) {
    if (key == "specversion") has_spec = text_member(key, spec_text);
    else if (key == "id") has_id = text_member(key, s.attrs.id);
    else if (key == "source") has_source = text_member(key, s.attrs.source);
    else if (key == "type") has_type = text_member(key, s.attrs.type);
    else if (key == "time") {
      if (text_member(key, s.attrs.time)) {
        timestamp t;
        if (auto e = parse_timestamp(s.attrs.time, t); e != timestamp_errc::ok)
          errors.push_back({path(key), std::string(e == timestamp_errc::naive ? codes::timezone_aware : codes::datetime_parsing),
                            e == timestamp_errc::naive ? "Input should have timezone info"
                                                       : "Input should be a valid RFC 3339 timestamp",
                            s.attrs.time});
      }
    } else if (key == "subject") text_member(key, s.attrs.subject);
    else if (key == "datacontenttype") text_member(key, s.datacontenttype);
    else if (key == "dataschema") text_member(key, s.attrs.dataschema);
    else if (key == "correlationid") text_member(key, s.attrs.correlationid);
    else if (key == "causationid") text_member(key, s.attrs.causationid);
    else if (key == "traceparent") text_member(key, s.attrs.traceparent);
    else if (key == "tracestate") text_member(key, s.attrs.tracestate);
    else if (key == "data") {
      if (r.peek() == value_kind::null) {
        r.read_null();
      } else if (std::size_t begin = r.offset(); r.skip_value()) {  // peek skipped whitespace
        s.data = text.substr(begin, r.offset() - begin);
        s.form = data_member::json;
      }
    } else if (key == "data_base64") {
      has_base64 = text_member(key, base64_text);
    } else if (!detail::attribute_name(key)) {
      std::string name(key);
      if (r.skip_value())
        errors.push_back({path(name), std::string(codes::cloudevents_attribute_name),
                          "A CloudEvents attribute name should be lower-case ASCII letters and digits", name});
    } else {
      std::string name(key);
      value_kind k = r.peek();
      std::size_t begin = r.offset();
      std::string_view v;
      bool b = false;
      if (k == value_kind::string && r.read_string(v)) {
        s.attrs.extensions.emplace_back(std::move(name), std::string(v));
      } else if (k == value_kind::boolean && r.read_bool(b)) {
        s.attrs.extensions.emplace_back(std::move(name), b ? "true" : "false");
      } else if (k == value_kind::number && r.read_number(v) && v.find_first_of(".eE") == std::string_view::npos) {
        s.attrs.extensions.emplace_back(std::move(name), std::string(v));
      } else if (k == value_kind::null) {
        r.read_null();
      } else if (!r.failed() && (k == value_kind::number || r.skip_value())) {
        errors.push_back({path(name), std::string(codes::cloudevents_attribute_type),
                          "A CloudEvents attribute should be a string, an integer or a boolean",
                          std::string(text.substr(begin, r.offset() - begin))});
      }
    }
  }
  if (r.failed() || !r.finish()) {
    errors.clear();
    errors.push_back({"", std::string(codes::json_invalid), "Invalid JSON in the CloudEvent", {}});
    return errors;
  }
  if (has_spec && spec_text != spec_version)
    errors.push_back({"/specversion", std::string(codes::literal_error), "Input should be '1.0'", spec_text});
  // A required attribute reported at most once: missing when absent (or null), too short when
  // empty; a wrong type was reported where it was read.
  for (auto [name, present, value] :
       {std::tuple<std::string_view, bool, const std::string*>{"specversion", has_spec, &spec_text},
        {"id", has_id, &s.attrs.id}, {"source", has_source, &s.attrs.source}, {"type", has_type, &s.attrs.type}}) {
    bool reported = false;
    for (const auto& e : errors) reported = reported || e.path == path(name);
    if (reported) continue;
    if (!present)
      errors.push_back({path(name), std::string(codes::missing), "Field required", {}});
    else if (value->empty())
      errors.push_back({path(name), std::string(codes::string_too_short), "String should have at least 1 character", {}});
  }
  if (has_base64) {
    if (s.form == data_member::json) {
      errors.push_back({"/data_base64", std::string(codes::cloudevents_data_exclusive),
                        "data and data_base64 should not both be present", {}});
    } else {
      auto bytes = std::make_shared<std::string>();
      if (detail::decode_base64(base64_text, *bytes)) {
        s.decoded = bytes;
        s.data = *s.decoded;
        s.form = data_member::base64;
      } else {
        errors.push_back({"/data_base64", std::string(codes::base64_decode), "Input should be valid Base64",
                          base64_text.substr(0, 64)});
      }
    }
  }
  if (!errors.empty()) return errors;
  return s;
}

}  // namespace events::cloudevents
