#pragma once
/// \file One inbound path for every transport: bytes, a header lookup and a topic in; the handler
/// entry holding the decoded (or upcast) event, or an outcome with a stable code, out.
///
/// <!-- given: #include <events/catalog/task_events.hpp>
/// std::string bytes; -->
/// \code
/// events::handler_table<void, const int> handlers;
/// handlers.add<events::event<events::TaskCompletedPayload>>(
///     [](const auto&) {}, "", [](auto& f, const auto& ev, const int&) { f(ev); });
/// auto no_headers = [](std::string_view) { return std::optional<std::string_view>(); };
/// auto r = events::route(handlers, bytes, no_headers, "task-events");
/// int ctx = 0;
/// if (r) r.handler->call(ctx);          // else r.code: no_handler, version_unsupported, a decode code
/// \endcode
///
/// The steps, the same for Kafka and Dapr: the bytes name their type and version
/// (events::identify: `event_type`, `event_version` or `schema_version`, seed 004's ".v2"). Only
/// when they do not are the headers asked: a structured CloudEvent (content-type
/// `application/cloudevents+json`, or any body when inbound_options::sniff_structured) is read and
/// its `data` identified, its `type` naming an event without `event_type`; else the `ce_type`
/// header names it; else the topic's untyped handler takes it. Then the handler of that version
/// (or the oldest newer one whose chain upcasts it) decodes the event. Transports keep only their
/// I/O and policy: calling the handler, retries, replies, dead letters, offsets.
#include <events/cloudevents.hpp>
#include <events/error_codes.hpp>
#include <events/handlers.hpp>
#include <events/identify.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace events {

/// How events::route reads a message.
struct inbound_options {
  decode_options decode{};  ///< Limits and leniency of identify and decode.
  /// Read a body that does not name itself as a structured CloudEvent even without a content-type
  /// header saying so (Dapr delivers CloudEvents over HTTP; a raw-payload subscription does not).
  bool sniff_structured = false;
  /// A CloudEvent type that names no event (Dapr's wrapping of plain JSON: "com.dapr.event.sent").
  std::string_view anonymous_type{};
};

/// What events::route decided for one message.
template <class Entry>
struct routed {
  Entry* handler = nullptr;  ///< Holds the decoded event; null when `code` says why not.
  std::string code;          ///< Empty when handled; else a code of error_codes.hpp.
  std::string reason;        ///< Why not, for a dead letter or a reply.
  bool identified = false;   ///< The message's type was read (false: unreadable, or no CloudEvent).
  std::string type;          ///< The wire type read; empty when the topic named it.
  int version = 0;           ///< The version read (0: none).
  int newest = 0;            ///< version_unsupported: the newest handled version of the type.
  std::optional<cloudevents::structured> document;  ///< Set when the bytes were a structured CloudEvent.

  explicit operator bool() const noexcept { return handler != nullptr; }
};

/// True when a content-type names a structured CloudEvent.
constexpr bool is_structured_content_type(std::string_view content_type) noexcept {
  return content_type.substr(0, 28) == "application/cloudevents+json";
}

/// Admits every message to decoding (events::route's default `admit`).
struct admit_all {
  template <class Entry>
  error_list operator()(const Entry&) const noexcept {
    return {};
  }
};

namespace detail {
// route's steps, filling `out` (route returns it by name: no copy or move of its strings).
template <class R, class Ctx, class Header, class Admit>
void route_into(routed<typename handler_table<R, Ctx>::entry>& out, handler_table<R, Ctx>& table,
                std::string_view bytes, Header& header, std::string_view topic, const inbound_options& options,
                Admit& admit) {
  auto fail = [&](std::string_view code, std::string reason) {
    out.code = code;
    out.reason = std::move(reason);
  };
  auto only_missing = [](const error_list& e) { return e.size() == 1 && e.front().code == error_codes::missing; };
  std::string_view data = bytes;
  message_identity seen;  // the identity read, as views (no copy until out.type)
  identity_view ident;
  error_list unknown = events::identify_into(data, seen, ident, options.decode);
  if (!unknown.empty()) {
    std::optional<std::string_view> content_type = header(cloudevents::header::content_type);
    const bool said = content_type && is_structured_content_type(*content_type);
    if (said || (options.sniff_structured && only_missing(unknown))) {
      auto parsed = cloudevents::parse_structured(bytes);
      if (parsed) {
        out.document = std::move(*parsed);
        data = out.document->data;
        seen = {};
        unknown = events::identify_into(data, seen, ident, options.decode);
        if (!unknown.empty() && only_missing(unknown) && out.document->attrs.type != options.anonymous_type)
          out.type = out.document->attrs.type;
      } else if (said) {
        return fail(parsed.error().front().code, to_string(parsed.error()));
      }
    } else if (only_missing(unknown)) {
      if (auto t = header(cloudevents::header::type)) out.type.assign(*t);
    }
  }
  if (unknown.empty()) {
    out.type.assign(ident.type);
    out.version = ident.version;
  } else if (!only_missing(unknown)) {
    return fail(unknown.front().code, to_string(unknown));
  }
  out.identified = true;
  auto found = table.find(out.type, out.version, topic);
  out.newest = found.newest;
  if (found.status == lookup::unknown_type)
    return fail(error_codes::no_handler, "no handler for event type " + out.type);
  if (found.status == lookup::version_unsupported)
    return fail(error_codes::version_unsupported, "version " + std::to_string(out.version) + " of " + out.type +
                                                      " is not handled here (newest handled: " +
                                                      std::to_string(found.newest) + ")");
  if (error_list refused = admit(std::as_const(*found.handler)); !refused.empty())
    return fail(refused.front().code, to_string(refused));
  if (error_list errors = found.handler->decode(data, out.version, options.decode); !errors.empty())
    return fail(errors.front().code, to_string(errors));
  out.handler = found.handler;
}
}  // namespace detail

/// Routes one message to its handler in `table` and decodes it there. `header(name)` returns the
/// message's header of that name (std::optional<std::string_view>); it is asked only when the
/// bytes do not identify themselves. `admit(entry)`, asked with the handler found before it
/// decodes, may refuse the message: its first error's code is the outcome (a Kafka consumer reading
/// Confluent's framing refuses a writer's schema the handler's type cannot read). Never throws but
/// for allocation.
template <class R, class Ctx, class Header, class Admit = admit_all>
routed<typename handler_table<R, Ctx>::entry> route(handler_table<R, Ctx>& table, std::string_view bytes,
                                                    Header&& header, std::string_view topic,
                                                    const inbound_options& options = {}, Admit&& admit = {}) {
  routed<typename handler_table<R, Ctx>::entry> out;
  detail::route_into<R, Ctx>(out, table, bytes, header, topic, options, admit);
  return out;
}

}  // namespace events
