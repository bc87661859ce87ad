#pragma once
/// \file Codec of nlohmann::json: any JSON value, kept as read (Pydantic's Any / JsonValue).
#include <events/codec/core.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace events {

/// Any JSON value.
template <>
struct codec<nlohmann::json> {
  static void write(std::string& out, const nlohmann::json& v) {
    out += v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  static void read(decode_context& ctx, nlohmann::json& out) {
    auto& r = ctx.reader;
    r.peek();
    std::size_t start = r.offset();
    if (!r.skip_value()) return;
    // Already validated (and depth-limited) by the reader; nlohmann only still refuses numbers
    // beyond double's range, and a discarded value would be written back as "<discarded>".
    std::string_view raw = r.text().substr(start, r.offset() - start);
    out = nlohmann::json::parse(raw, nullptr, false);
    if (out.is_discarded()) {
      out = nullptr;
      ctx.fail(error_codes::finite_number, "Input should contain only finite numbers", detail::shorten(raw));
    }
  }
  template <class B, class J>
  static void schema(B&, J& s) { s = J::object(); }  // any JSON value
  template <class S>
  static void sample(nlohmann::json& v, S& s, std::string_view) {
    switch (s.below(4)) {
      case 0: v = std::string(s.word()); break;
      case 1: v = static_cast<int>(s.below(100)); break;
      case 2: v = s.chance(50); break;
      default: v = nlohmann::json{{"value", std::string(s.word())}};
    }
  }
  static constexpr bool reads_wrapped = true;
  template <class W>
  static constexpr bool reads() { return true; }
};

}  // namespace events
