#pragma once
// The nlohmann_json path: every reflected type converts to and from nlohmann::json, so events
// embed in nlohmann documents. It walks the same field table but is otherwise independent of the
// text codec, which lets a differential test hold one against the other.
#include <events/constraints.hpp>
#include <events/detail/field_table.hpp>
#include <events/detail/json_decode.hpp>
#include <events/enum.hpp>
#include <events/error.hpp>
#include <events/timestamp.hpp>
#include <events/uuid.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <type_traits>

namespace events::detail {

template <class T>
nlohmann::json to_dom(const T& v) {
  using json = nlohmann::json;
  if constexpr (std::is_same_v<T, literal_field>) {
    return std::string(v.value);
  } else if constexpr (constrained<T>) {
    return to_dom(static_cast<const typename constraint_info<T>::underlying&>(v));
  } else if constexpr (std::is_arithmetic_v<T>) {
    if constexpr (std::is_floating_point_v<T>)
      if (!std::isfinite(v)) return nullptr;
    return v;
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    return std::string(std::string_view(v));
  } else if constexpr (std::is_same_v<T, uuid>) {
    return v.to_string();
  } else if constexpr (std::is_same_v<T, timestamp>) {
    return format_timestamp(v);
  } else if constexpr (std::is_enum_v<T>) {
    return std::string(enum_to_string(v));
  } else if constexpr (is_optional<T>::value) {
    return v ? to_dom(*v) : json(nullptr);
  } else if constexpr (is_vector<T>::value) {
    json a = json::array();
    for (const auto& e : v) a.push_back(to_dom(e));
    return a;
  } else if constexpr (is_string_map<T>::value) {
    json o = json::object();
    for (const auto& [k, e] : v) o[k] = to_dom(e);
    return o;
  } else if constexpr (std::is_same_v<T, json>) {
    return v;
  } else {
    json o = json::object();
    for_each_entry(v, [&](std::string_view name, const auto& f) { o[std::string(name)] = to_dom(f); });
    return o;
  }
}

struct dom_context {
  const decode_options& options;
  error_list errors;
  std::string path;
  void fail(std::string_view code, std::string message, const nlohmann::json* input) {
    errors.push_back({path, std::string(code), std::move(message),
                      input ? shorten(input->is_string() ? input->get_ref<const std::string&>() : input->dump()) : ""});
  }
};

template <class T>
void from_dom(dom_context& ctx, const nlohmann::json& j, T& out) {
  using json = nlohmann::json;
  auto text = [&](std::string_view code, const char* message) -> const std::string* {
    if (j.is_string()) return &j.get_ref<const std::string&>();
    ctx.fail(code, message, &j);
    return nullptr;
  };
  if constexpr (std::is_same_v<T, literal_field>) {
    if (auto s = text("literal_error", "Input should be a string"); s && !out.accepts(*s))
      ctx.fail("literal_error", "Input should be '" + std::string(out.value) + "'", &j);
  } else if constexpr (constrained<T>) {
    using U = typename constraint_info<T>::underlying;
    U u{};
    std::size_t before = ctx.errors.size();
    from_dom(ctx, j, u);
    if (ctx.errors.size() != before) return;
    constraint_info<T>::check_all(u, [&](const violation& v) { ctx.fail(v.code, v.message, &j); });
    out = std::move(u);
  } else if constexpr (std::is_same_v<T, bool>) {
    if (j.is_boolean()) out = j.get<bool>();
    else ctx.fail("bool_type", "Input should be a valid boolean", &j);
  } else if constexpr (std::is_integral_v<T>) {
    if (j.is_number_integer()) {
      bool fits = j.is_number_unsigned() ? std::in_range<T>(j.get<std::uint64_t>()) : std::in_range<T>(j.get<std::int64_t>());
      if (fits) out = j.is_number_unsigned() ? static_cast<T>(j.get<std::uint64_t>()) : static_cast<T>(j.get<std::int64_t>());
      else ctx.fail("int_parsing_size", "Integer out of range", &j);
    } else if (j.is_number_float()) {
      double d = j.get<double>();
      if (d != std::trunc(d))
        ctx.fail("int_from_float", "Input should be a valid integer, got a number with a fractional part", &j);
      else if (!(d >= static_cast<double>(std::numeric_limits<T>::min()) &&
                 d < 2.0 * static_cast<double>(std::numeric_limits<T>::max() / 2 + 1)))
        ctx.fail("int_parsing_size", "Integer out of range", &j);
      else out = static_cast<T>(d);
    } else {
      ctx.fail("int_type", "Input should be a valid integer", &j);
    }
  } else if constexpr (std::is_floating_point_v<T>) {
    if (j.is_number()) out = j.get<T>();
    else ctx.fail("float_type", "Input should be a valid number", &j);
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (auto s = text("string_type", "Input should be a valid string")) out = *s;
  } else if constexpr (std::is_same_v<T, uuid>) {
    if (auto s = text("uuid_type", "UUID input should be a string")) {
      if (auto u = uuid::parse(*s)) out = *u;
      else ctx.fail("uuid_parsing", "Input should be a valid UUID", &j);
    }
  } else if constexpr (std::is_same_v<T, timestamp>) {
    if (auto s = text("datetime_type", "Input should be a valid datetime")) {
      auto ec = parse_timestamp(*s, out, ctx.options.allow_naive_timestamps);
      if (ec == timestamp_errc::naive) ctx.fail("timezone_aware", "Input should have timezone info", &j);
      else if (ec != timestamp_errc::ok) ctx.fail("datetime_parsing", "Input should be a valid datetime", &j);
    }
  } else if constexpr (std::is_enum_v<T>) {
    const std::string* s = j.is_string() ? &j.get_ref<const std::string&>() : nullptr;
    auto e = s ? enum_from_string<T>(*s) : std::nullopt;
    if (e) out = *e;
    else ctx.fail("enum", "Input should be " + enum_expected<T>(), &j);
  } else if constexpr (is_optional<T>::value) {
    if (j.is_null()) {
      out.reset();
    } else {
      if (!out) out.emplace();
      from_dom(ctx, j, *out);
    }
  } else if constexpr (is_vector<T>::value) {
    if (!j.is_array()) return ctx.fail("list_type", "Input should be a valid list", &j);
    out.clear();
    const std::size_t mark = ctx.path.size();
    for (const auto& e : j) {
      ctx.path += '/' + std::to_string(out.size());
      from_dom(ctx, e, out.emplace_back());
      ctx.path.resize(mark);
    }
  } else if constexpr (is_string_map<T>::value) {
    if (!j.is_object()) return ctx.fail("dict_type", "Input should be a valid dictionary", &j);
    out.clear();
    const std::size_t mark = ctx.path.size();
    for (const auto& [k, e] : j.items()) {
      push_key(ctx.path, k);
      from_dom(ctx, e, out[k]);
      ctx.path.resize(mark);
    }
  } else if constexpr (std::is_same_v<T, json>) {
    out = j;
  } else {
    using table = field_table<T>;
    if (!j.is_object()) return ctx.fail("model_type", "Input should be an object", &j);
    const std::size_t mark = ctx.path.size();
    const std::uint64_t required = table::required_mask();
    std::size_t index = 0;
    for_each_entry(out, [&](std::string_view name, auto&& field) {
      ctx.path += '/';
      ctx.path += name;
      auto it = j.find(name);
      if (it != j.end()) from_dom(ctx, *it, field);
      else if (required >> index & 1) ctx.fail("missing", "Field required", nullptr);
      ctx.path.resize(mark);
      ++index;
    });
    if constexpr (table::extra == extra_fields::forbid) {
      for (const auto& [k, e] : j.items()) {
        if (find_field<table>(k, 0) != table::size) continue;
        push_key(ctx.path, k);
        ctx.fail("extra_forbidden", "Extra inputs are not permitted", &e);
        ctx.path.resize(mark);
      }
    }
  }
}

/// A user's own to_json(json&, const T&) found by ADL: we then leave T to it.
namespace adl_probe {
void to_json();
template <class T>
concept has_own = requires(nlohmann::json& j, const T& v) { to_json(j, v); };
}  // namespace adl_probe

}  // namespace events::detail

/// Every reflected aggregate converts to and from nlohmann::json (unless it brings its own
/// to_json). from_json throws events::decode_error holding every error.
template <class T>
  requires events::reflectable<T> && (!events::detail::adl_probe::has_own<T>)
struct nlohmann::adl_serializer<T, void> {
  static void to_json(nlohmann::json& j, const T& v) { j = events::detail::to_dom(v); }
  static void from_json(const nlohmann::json& j, T& v) {
    events::decode_options options;
    events::detail::dom_context ctx{options, {}, {}};
    T value{};
    events::detail::from_dom(ctx, j, value);
    if (!ctx.errors.empty()) throw events::decode_error(std::move(ctx.errors));
    v = std::move(value);
  }
};
