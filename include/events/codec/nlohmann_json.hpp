#pragma once
/// \file Codec of nlohmann::json, for a field of yours that holds one: any JSON value, as a tree
/// (events::json_value keeps it as text). Read by the library's own reader and written by its own
/// writer, so a value inside an event follows the same rules (limits, errors, Pydantic's number
/// text) as the event around it, and nlohmann's parser and serializer are not compiled in.
/// Needs only nlohmann's forward declarations: the members are templates on the JSON type, compiled
/// where a field of that type is read or written (and so where <nlohmann/json.hpp> is included).
#include <events/codec/core.hpp>
#include <events/codec/number.hpp>
#include <events/detail/json_write.hpp>

#include <nlohmann/json_fwd.hpp>

#include <charconv>
#include <limits>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace events {

namespace detail {

/// A JSON number as nlohmann's parser types it: unsigned or signed 64-bit integers when they fit,
/// a double otherwise; beyond double's range, an infinity, as Pydantic's Any reads it (and, as
/// Pydantic, the writer writes it as null).
template <class J>
void json_number(std::string_view raw, J& out) {
  const char* end = raw.data() + raw.size();
  if (raw.find_first_of(".eE") == std::string_view::npos) {
    if (raw.front() == '-') {
      std::int64_t v = 0;
      if (auto r = std::from_chars(raw.data(), end, v); r.ec == std::errc{} && r.ptr == end) return void(out = v);
    } else {
      std::uint64_t v = 0;
      if (auto r = std::from_chars(raw.data(), end, v); r.ec == std::errc{} && r.ptr == end) return void(out = v);
    }
  }
  double d = 0;
  if (!to_double(raw, d)) d = raw.front() == '-' ? -std::numeric_limits<double>::infinity()
                                                  : std::numeric_limits<double>::infinity();
  out = d;
}

}  // namespace detail

/// Any JSON value.
template <>
struct codec<nlohmann::json> {
  static constexpr bool free_form = true;

  template <class json>
  static void write(std::string& out, const json& v) {
    switch (v.type()) {
      case json::value_t::object: {
        out += '{';
        bool first = true;
        for (const auto& [key, value] : v.template get_ref<const typename json::object_t&>()) {
          if (!first) out += ',';
          first = false;
          detail::write_escaped_repaired(out, key);
          out += ':';
          write(out, value);
        }
        out += '}';
        return;
      }
      case json::value_t::array: {
        out += '[';
        bool first = true;
        for (const json& e : v.template get_ref<const typename json::array_t&>()) {
          if (!first) out += ',';
          first = false;
          write(out, e);
        }
        out += ']';
        return;
      }
      case json::value_t::string: return detail::write_escaped_repaired(out, v.template get_ref<const std::string&>());
      case json::value_t::boolean: out += v.template get<bool>() ? "true" : "false"; return;
      case json::value_t::number_integer: out += std::to_string(v.template get<std::int64_t>()); return;
      case json::value_t::number_unsigned: out += std::to_string(v.template get<std::uint64_t>()); return;
      case json::value_t::number_float: return detail::write_double(out, v.template get<double>());
      case json::value_t::binary: {  // no JSON form of its own: its bytes, as an array of numbers
        out += '[';
        const auto& bytes = v.get_binary();
        for (std::size_t i = 0; i < bytes.size(); ++i) {
          if (i) out += ',';
          out += std::to_string(bytes[i]);
        }
        out += ']';
        return;
      }
      default: out += "null"; return;  // null, discarded
    }
  }

  /// Builds the value from the reader's tokens, without recursion: nesting is bounded by the
  /// reader's depth limit, not by the stack. A syntax error is the reader's.
  template <class json>
  static void read(decode_context& ctx, json& out) {
    auto& r = ctx.reader;
    std::vector<json*> open;  // containers being filled, innermost last
    json* slot = &out;
    std::string_view text;
    for (;;) {
      if (!open.empty()) {
        json& top = *open.back();
        bool more = top.is_object() ? r.next_member(text) : r.next_element();
        if (r.failed()) return;
        if (!more) {
          open.pop_back();
          if (open.empty()) return;
          continue;
        }
        if (top.is_object()) {
          slot = &top[std::string(text)];  // a repeated key: the last value wins, as in Python
        } else {
          top.push_back(nullptr);
          slot = &top.back();
        }
      }
      switch (r.peek()) {
        case detail::value_kind::object:
          if (!r.enter_object()) return;
          *slot = json::object();
          open.push_back(slot);
          continue;
        case detail::value_kind::array:
          if (!r.enter_array()) return;
          *slot = json::array();
          open.push_back(slot);
          continue;
        case detail::value_kind::string:
          if (!r.read_string(text)) return;
          *slot = std::string(text);
          break;
        case detail::value_kind::number:
          if (!r.read_number(text)) return;
          detail::json_number(text, *slot);
          break;
        case detail::value_kind::boolean: {
          bool b = false;
          if (!r.read_bool(b)) return;
          *slot = b;
          break;
        }
        case detail::value_kind::null:
          if (!r.read_null()) return;
          *slot = nullptr;
          break;
        default:  // not a value: the reader says why
          r.skip_value();
          return;
      }
      if (open.empty()) return;
    }
  }

  template <class B, class J>
  static void schema(B&, J& s) { s = J::object(); }  // any JSON value
  template <class json, class S>
  static void sample(json& v, S& s, std::string_view) {
    switch (s.below(4)) {
      case 0: v = std::string(s.word()); break;
      case 1: v = static_cast<int>(s.below(100)); break;
      case 2: v = s.chance(50); break;
      default: v = json{{"value", std::string(s.word())}};
    }
  }
  static constexpr bool reads_wrapped = true;
  template <class W>
  static constexpr bool reads() { return true; }
};

}  // namespace events
