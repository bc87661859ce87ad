#pragma once
/// \file CloudEvents structured mode (`application/cloudevents+json`, the JSON event format 1.0):
/// the attributes as members and the event as `data`. It is read by the library's codec, as an
/// event is: a syntax error has its line and column, a wrong member its path, and the codes are
/// those of error_codes.hpp.
#include <events/cloudevents/attributes.hpp>
#include <events/codec.hpp>
#include <events/detail/base64.hpp>
#include <events/detail/json_write.hpp>
#include <events/error.hpp>
#include <events/error_codes.hpp>
#include <events/json.hpp>
#include <events/timestamp.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace events::cloudevents {

/// The structured form: the attributes as members, `datacontenttype`, and the event's JSON as
/// `data`. `data_json` must be one JSON value (the event's to_json()), or empty for an event
/// without data (then neither `data` nor `datacontenttype` is written). The spec's own attributes
/// come first, then datacontenttype, then the extension attributes.
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
  for (const attribute_info& info : attribute_table)
    if (!info.extension) member(info.name, info.value(a));
  if (!data_json.empty()) member("datacontenttype", json_content_type);
  for (const attribute_info& info : attribute_table)
    if (info.extension) member(info.name, info.value(a));
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
/// A JSON value as it stands in the document (a view, no copy); `null` reads as none.
struct raw_value {
  std::string_view text;
};

/// What the codec reads of a structured document: every member is optional on the way in (null
/// counts as absent); what CloudEvents requires is checked after the read, once per attribute.
struct document {
  std::optional<std::string> specversion;
  std::array<std::optional<std::string>, attribute_count> attrs;  // attribute_table's order
  std::optional<std::string> datacontenttype;
  raw_value data;
  std::optional<std::string> data_base64;
  std::vector<std::pair<std::string, std::string>> extensions;
};

/// CloudEvents attribute names: lower-case ASCII letters and digits (the spec, "Attribute Naming
/// Convention"); `data_base64` is the only other member a structured document has.
constexpr bool attribute_name(std::string_view n) noexcept {
  if (n.empty()) return false;
  for (char c : n)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  return true;
}
}  // namespace detail
}  // namespace events::cloudevents

namespace events {

/// The raw text of a JSON value: read by skipping it, written as it is.
template <>
struct codec<cloudevents::detail::raw_value> {
  static void write(std::string& out, const cloudevents::detail::raw_value& v) { out += v.text; }
  static void read(decode_context& ctx, cloudevents::detail::raw_value& v) {
    auto& r = ctx.reader;
    if (r.peek() == detail::value_kind::null) {
      r.read_null();
      v.text = {};
      return;
    }
    const std::size_t begin = r.offset();  // peek skipped the whitespace
    if (r.skip_value()) v.text = r.text().substr(begin, r.offset() - begin);
  }
};

/// The members of a structured CloudEvent: specversion, the attribute table, datacontenttype,
/// data and data_base64; every other member is an extension attribute (read_extra).
template <>
struct field_table<cloudevents::detail::document> {
  using document = cloudevents::detail::document;
  static constexpr std::size_t attrs = cloudevents::attribute_count;
  static constexpr std::size_t size = attrs + 4;
  static constexpr std::array<std::string_view, size> names = [] {
    std::array<std::string_view, size> n{};
    n[0] = "specversion";
    for (std::size_t i = 0; i < attrs; ++i) n[1 + i] = cloudevents::attribute_table[i].name;
    n[attrs + 1] = "datacontenttype";
    n[attrs + 2] = "data";
    n[attrs + 3] = "data_base64";
    return n;
  }();
  static constexpr extra_fields extra = extra_fields::ignore;

  template <std::size_t I, class D>
  static constexpr auto& member(D& d) noexcept {
    if constexpr (I == 0) return d.specversion;
    else if constexpr (I <= attrs) return d.attrs[I - 1];
    else if constexpr (I == attrs + 1) return d.datacontenttype;
    else if constexpr (I == attrs + 2) return d.data;
    else return d.data_base64;
  }
  template <std::size_t I>
  static constexpr auto& get(document& d) noexcept { return member<I>(d); }
  template <std::size_t I>
  static constexpr auto& get(const document& d) noexcept { return member<I>(d); }
  static std::uint64_t required_mask() { return 0; }  // parse_structured checks them, once each

  /// An extension attribute: a string, an integer or a boolean under a lower-case alphanumeric
  /// name, kept as its canonical text; null counts as absent.
  static void read_extra(decode_context& ctx, std::string_view key, document& d) {
    namespace codes = error_codes;
    auto& r = ctx.reader;
    if (!cloudevents::detail::attribute_name(key)) {
      if (r.skip_value())
        ctx.fail(codes::cloudevents_attribute_name,
                 "A CloudEvents attribute name should be lower-case ASCII letters and digits", std::string(key));
      return;
    }
    const detail::value_kind k = r.peek();
    const std::size_t begin = r.offset();
    std::string_view v;
    bool b = false;
    if (k == detail::value_kind::string && r.read_string(v)) {
      d.extensions.emplace_back(key, v);
    } else if (k == detail::value_kind::boolean && r.read_bool(b)) {
      d.extensions.emplace_back(key, b ? "true" : "false");
    } else if (k == detail::value_kind::number && r.read_number(v) && v.find_first_of(".eE") == std::string_view::npos) {
      d.extensions.emplace_back(key, v);
    } else if (k == detail::value_kind::null) {
      r.read_null();
    } else if (!r.failed() && (k == detail::value_kind::number || r.skip_value())) {
      ctx.fail(codes::cloudevents_attribute_type, "A CloudEvents attribute should be a string, an integer or a boolean",
               detail::shorten(r.text().substr(begin, r.offset() - begin)));
    }
  }
};

namespace cloudevents {

/// Parses a structured CloudEvent (JSON event format 1.0); every problem as an error with its
/// path, each reported once. Required: `specversion` "1.0" and non-empty `id`, `source`, `type`;
/// `data` is optional, `data_base64` is decoded (the two are exclusive), a `null` member counts
/// as absent, `time` is RFC 3339, and every other member is an extension attribute: a string,
/// integer or boolean under a lower-case alphanumeric name. `data` stays a view into `text`, to
/// be decoded as the event type named by attrs.type.
inline result<structured> parse_structured(std::string_view text, const decode_options& options = {}) {
  namespace codes = events::error_codes;
  detail::document doc;
  error_list errors = events::detail::decode(text, doc, options);
  if (!errors.empty() && errors.front().path.empty()) return errors;  // not JSON, or not an object
  auto reported = [&](std::string_view path) {
    for (const auto& e : errors)
      if (e.path == path) return true;
    return false;
  };
  auto fail = [&](std::string path, std::string_view code, std::string message, std::string input = {}) {
    errors.push_back({std::move(path), std::string(code), std::move(message), std::move(input)});
  };
  if (const auto& time = doc.attrs[attribute_index("time")]; time && !reported("/time")) {
    timestamp t;
    if (auto e = parse_timestamp(*time, t); e != timestamp_errc::ok)
      fail("/time", e == timestamp_errc::naive ? codes::timezone_aware : codes::datetime_parsing,
           e == timestamp_errc::naive ? "Input should have timezone info" : "Input should be a valid RFC 3339 timestamp",
           *time);
  }
  if (doc.specversion && !reported("/specversion") && *doc.specversion != spec_version)
    fail("/specversion", codes::literal_error, "Input should be '1.0'", *doc.specversion);
  // A required attribute reported at most once: missing when absent (or null), too short when
  // empty; a wrong type was reported where it was read.
  auto required = [&](std::string_view name, const std::optional<std::string>& value) {
    const std::string path = "/" + std::string(name);
    if (reported(path)) return;
    if (!value)
      fail(path, codes::missing, "Field required");
    else if (value->empty())
      fail(path, codes::string_too_short, "String should have at least 1 character");
  };
  required("specversion", doc.specversion);
  for (std::size_t i = 0; i < attribute_count; ++i)
    if (attribute_table[i].required) required(attribute_table[i].name, doc.attrs[i]);
  structured s;
  if (!doc.data.text.empty()) {
    s.data = doc.data.text;
    s.form = data_member::json;
  }
  if (doc.data_base64 && !reported("/data_base64")) {
    if (s.form == data_member::json) {
      fail("/data_base64", codes::cloudevents_data_exclusive, "data and data_base64 should not both be present");
    } else {
      auto bytes = std::make_shared<std::string>();
      if (events::detail::decode_base64(*doc.data_base64, *bytes)) {
        s.decoded = bytes;
        s.data = *s.decoded;
        s.form = data_member::base64;
      } else {
        fail("/data_base64", codes::base64_decode, "Input should be valid Base64", doc.data_base64->substr(0, 64));
      }
    }
  }
  if (!errors.empty()) return errors;
  for (std::size_t i = 0; i < attribute_count; ++i)
    if (doc.attrs[i]) attribute_table[i].member(s.attrs) = std::move(*doc.attrs[i]);
  s.attrs.extensions = std::move(doc.extensions);
  if (doc.datacontenttype) s.datacontenttype = std::move(*doc.datacontenttype);
  return s;
}

}  // namespace cloudevents
}  // namespace events
