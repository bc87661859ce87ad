#pragma once
/// \file CloudEvents binary mode (the Kafka protocol binding): the attributes as `ce_*` headers
/// beside the event's JSON. No Kafka needed: a header is a name and a text.
#include <events/cloudevents/attributes.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace events::cloudevents {

/// Binary-mode headers for the attributes, in the table's order; empty optional attributes are
/// left out; each other extension as `ce_<name>`, after ours.
inline std::vector<std::pair<std::string, std::string>> binary_headers(const attributes& a) {
  std::vector<std::pair<std::string, std::string>> h;
  h.reserve(attribute_count + 2 + a.extensions.size());
  h.emplace_back(header::specversion, std::string(spec_version));
  for (const attribute_info& info : attribute_table) {
    const std::string& text = info.value(a);
    if (info.required || !text.empty()) h.emplace_back(info.header, text);
  }
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
  using events::detail::visit_text;
  auto optional = [&](std::string_view name) {
    return [&fn, name](std::string_view text) {
      if (!text.empty()) fn(name, text);
    };
  };
  fn(header::specversion, spec_version);
  if constexpr (requires { ev.event_id; })
    visit_text(ev.event_id, [&](std::string_view id) { fn(header::id, id); });
  else if (std::string id = event_traits<E>::id(ev); !id.empty())
    fn(header::id, std::string_view(id));
  else
    visit_text(uuid::v4(), [&](std::string_view fresh) { fn(header::id, fresh); });
  fn(header::source, source);
  fn(header::type, type_name<E>());
  if constexpr (requires { ev.timestamp; }) visit_text(ev.timestamp, optional(header::time));
  optional(header::subject)(subject);
  if constexpr (requires { ev.correlation_id; }) visit_text(ev.correlation_id, optional(header::correlationid));
  if constexpr (requires { ev.causation_id; }) visit_text(ev.causation_id, optional(header::causationid));
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
    const std::string_view n(name);
    if (n.size() <= header::prefix.size() || !n.starts_with(header::prefix)) continue;
    if (n == header::specversion) {
      spec = std::string_view(text) == spec_version;
      continue;
    }
    if (n == "ce_datacontenttype") continue;  // content-type is datacontenttype (the Kafka binding,
                                              // 3.2.1); the JS SDK writes both
    bool known = false;
    for (const attribute_info& info : attribute_table)
      if (n == info.header) {
        info.member(a) = std::string(std::string_view(text));
        known = true;
        break;
      }
    if (!known) a.extensions.emplace_back(n.substr(header::prefix.size()), std::string_view(text));
  }
  if (!spec) return std::nullopt;
  for (const attribute_info& info : attribute_table)
    if (info.required && info.member(a).empty()) return std::nullopt;
  return a;
}

}  // namespace events::cloudevents
