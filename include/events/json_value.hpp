#pragma once
/// \file events::json_value: any JSON value, kept as the text Pydantic writes for it (a field
/// typed `Any`, or the values of a `dict[str, Any]`, on the Python side).
///
/// \code
/// events::TodoUpdated ev{.changes = {{"title", "Buy oat milk"}, {"tags", events::json_value::array({"home"})}}};
/// ev.changes["title"].text();                    // "\"Buy oat milk\""
/// ev.changes["title"].as<std::string>();         // result<std::string>: "Buy oat milk"
/// auto v = events::json_value::parse(R"({"b": 1.0e0, "a": [1, 2]})");  // {"b":1.0,"a":[1,2]}
/// nlohmann::json j = *v;                         // with <nlohmann/json.hpp>: to_json/from_json by ADL
/// \endcode
///
/// The text is canonical, so two values are equal when their texts are: numbers as Python writes
/// them (`1.0e0` is `1.0`, `-0` is `0`, integers of any length kept digit for digit, a float beyond
/// double's range `null`), strings re-escaped, object members in input order with a repeated key's
/// last value at its first place (a Python dict). Keeping text rather than a tree keeps a value
/// byte for byte what Pydantic writes, and costs a TU no JSON DOM.
#include <events/codec/number.hpp>
#include <events/detail/json_write.hpp>

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace events {

/// The type of a JSON value.
enum class json_kind { null, boolean, number, string, array, object };

namespace detail {

/// Reads the value at the cursor and appends its canonical text (see json_value). Iterative:
/// nesting is bounded by the reader's depth limit, not by the stack. A syntax error is the reader's.
void read_json_text(decode_context& ctx, std::string& out);

}  // namespace detail

/// Any JSON value, as canonical JSON text. Default: null.
class json_value {
 public:
  json_value() noexcept = default;
  json_value(std::nullptr_t) noexcept {}
  template <std::same_as<bool> B>
  json_value(B b) : text_(b ? "true" : "false") {}
  template <detail::integer I>
    requires(!std::same_as<I, char>)
  json_value(I i) : text_(std::to_string(i)) {}
  template <std::floating_point F>
  json_value(F f) {
    detail::write_double(text_, static_cast<double>(f));
    if (text_ == "null") text_.clear();
  }
  /// A JSON string holding s (bytes that are not UTF-8 become U+FFFD).
  json_value(std::string_view s) { detail::write_escaped_repaired(text_, s); }
  json_value(const char* s) : json_value(std::string_view(s)) {}
  json_value(const std::string& s) : json_value(std::string_view(s)) {}

  /// A JSON array of the elements, in order.
  static json_value array(std::initializer_list<json_value> elements) {
    json_value v;
    v.text_ = '[';
    for (const json_value& e : elements) {
      if (v.text_.size() > 1) v.text_ += ',';
      v.text_ += e.text();
    }
    v.text_ += ']';
    return v;
  }

  /// A JSON object of the members, in order; a repeated key keeps its last value at its first place.
  static json_value object(std::initializer_list<std::pair<std::string_view, json_value>> members) {
    std::vector<std::pair<std::string_view, const json_value*>> kept;
    for (const auto& member : members) {
      auto same = std::find_if(kept.begin(), kept.end(), [&](const auto& k) { return k.first == member.first; });
      if (same != kept.end())
        same->second = &member.second;
      else
        kept.emplace_back(member.first, &member.second);
    }
    json_value v;
    v.text_ = '{';
    for (const auto& [key, value] : kept) {
      if (v.text_.size() > 1) v.text_ += ',';
      detail::write_escaped_repaired(v.text_, key);
      v.text_ += ':';
      v.text_ += value->text();
    }
    v.text_ += '}';
    return v;
  }

  /// Reads any JSON document (one value, nothing after it): the value or every error. Never throws
  /// for bad input.
  static result<json_value> parse(std::string_view text, const decode_options& options = {}) {
    return result<json_value>(std::in_place, [&](json_value& v) {
      return detail::decode_erased(text, &v, &read_into, options);
    });
  }

  /// The canonical JSON text.
  std::string_view text() const noexcept { return text_.empty() ? std::string_view("null") : text_; }

  json_kind kind() const noexcept {
    switch (text_.empty() ? 'n' : text_.front()) {
      case 'n': return json_kind::null;
      case 't':
      case 'f': return json_kind::boolean;
      case '"': return json_kind::string;
      case '[': return json_kind::array;
      case '{': return json_kind::object;
      default: return json_kind::number;
    }
  }
  bool is_null() const noexcept { return text_.empty(); }

  /// The value read as a T (any type with an events::codec), with T's rules and errors:
  /// `as<std::string>()`, `as<std::int64_t>()`, `as<std::vector<std::string>>()`, `as<MyStruct>()`
  /// (T's codec must be visible here: <events/codec.hpp> brings every kind).
  template <class T>
  result<T> as(const decode_options& options = {}) const {
    return result<T>(std::in_place, [&](T& out) { return detail::decode(text(), out, options); });
  }

  friend bool operator==(const json_value& a, const json_value& b) noexcept { return a.text() == b.text(); }

 private:
  friend struct codec<json_value>;

  /// Reads the value at the cursor (codec<json_value>::read and parse); unchanged on error.
  static void read_into(decode_context& ctx, void* out) {
    std::string text;
    detail::read_json_text(ctx, text);
    if (ctx.reader.failed()) return;
    if (text == "null") text.clear();
    static_cast<json_value*>(out)->text_ = std::move(text);
  }

  std::string text_;  // empty for null: a default value allocates nothing
};

/// nlohmann_json's ADL conversions (found when <nlohmann/json.hpp> is included; this header does
/// not need it): `nlohmann::json j = value;` and `j.get<events::json_value>()`.
template <class BasicJson>
  requires requires(std::string_view s) { BasicJson::parse(s); typename BasicJson::error_handler_t; }
void to_json(BasicJson& j, const json_value& v) {
  j = BasicJson::parse(v.text());
}
template <class BasicJson>
  requires requires(std::string_view s) { BasicJson::parse(s); typename BasicJson::error_handler_t; }
void from_json(const BasicJson& j, json_value& v) {
  v = json_value::parse(j.dump(-1, ' ', false, BasicJson::error_handler_t::replace)).value();
}

namespace detail {

inline void read_json_text(decode_context& ctx, std::string& out) {
  auto& r = ctx.reader;
  struct member {
    std::size_t begin, value, end;  // offsets in out: the key's quote, the value, its end
  };
  struct level {
    bool object;
    std::size_t start;  // of the '{' or '['
    std::size_t count = 0;
    std::vector<member> members = {};
  };
  // A repeated key: each key once, at its first place, with its last value (a Python dict).
  auto dedupe = [&out](level& o) {
    const std::size_t n = o.members.size();
    auto key = [&](std::size_t i) {
      const member& m = o.members[i];
      return std::string_view(out).substr(m.begin, m.value - m.begin);
    };
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
    std::vector<std::size_t> last(n, n);  // for a key's first member: the member whose value it keeps
    bool repeated = false;
    for (std::size_t g = 0; g < n;) {
      std::size_t e = g + 1;
      while (e < n && key(order[e]) == key(order[g])) ++e;
      last[order[g]] = order[e - 1];
      repeated |= e - g > 1;
      g = e;
    }
    if (!repeated) return;
    std::string body;
    for (std::size_t i = 0; i < n; ++i) {
      if (last[i] == n) continue;
      if (!body.empty()) body += ',';
      const member& k = o.members[i];
      const member& v = o.members[last[i]];
      body.append(out, k.begin, k.value - k.begin);
      body.append(out, v.value, v.end - v.value);
    }
    out.resize(o.start + 1);
    out += body;
  };
  std::vector<level> open;
  std::string_view text;
  for (;;) {
    if (!open.empty()) {
      level& top = open.back();
      const bool more = top.object ? r.next_member(text) : r.next_element();
      if (r.failed()) return;
      if (!more) {
        if (top.object && top.members.size() > 1) dedupe(top);
        out += top.object ? '}' : ']';
        open.pop_back();
        if (open.empty()) return;
        if (open.back().object) open.back().members.back().end = out.size();
        continue;
      }
      if (top.count++) out += ',';
      if (top.object) {
        const std::size_t begin = out.size();
        write_escaped_repaired(out, text);
        out += ':';
        top.members.push_back({begin, out.size(), out.size()});
      }
    }
    switch (r.peek()) {
      case value_kind::object:
      case value_kind::array: {
        const bool object = r.peek() == value_kind::object;
        if (!(object ? r.enter_object() : r.enter_array())) return;
        open.push_back({object, out.size()});
        out += object ? '{' : '[';
        continue;
      }
      case value_kind::string:
        if (!r.read_string(text)) return;
        write_escaped_repaired(out, text);
        break;
      case value_kind::number: {
        if (!r.read_number(text)) return;
        double d = 0;
        if (text.find_first_of(".eE") == std::string_view::npos)
          out += text == "-0" ? std::string_view("0") : text;  // a Python int: every digit kept
        else if (to_double(text, d))
          write_double(out, d);
        else
          out += "null";  // beyond double's range: an infinity, which Pydantic writes as null
        break;
      }
      case value_kind::boolean: {
        bool b = false;
        if (!r.read_bool(b)) return;
        out += b ? "true" : "false";
        break;
      }
      case value_kind::null:
        if (!r.read_null()) return;
        out += "null";
        break;
      default:  // not a value: the reader says why
        r.skip_value();
        return;
    }
    if (open.empty()) return;
    if (open.back().object) open.back().members.back().end = out.size();
  }
}

}  // namespace detail
}  // namespace events
