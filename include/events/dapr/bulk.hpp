#pragma once
/// \file Bulk publish through a Dapr sidecar (`POST /v1.0-alpha1/publish/bulk/<pubsub>/<topic>`),
/// with a result per entry.
///
/// <!-- given: #include <events/catalog/task_events.hpp>
/// int sidecar_port = 3500; std::vector<events::event<events::TaskCreatedPayload>> batch; -->
/// \code
/// events::dapr::bulk_publisher bulk({.port = sidecar_port});
/// auto r = bulk.publish(std::span(std::as_const(batch)));  // one request, one entry per event
/// for (const auto& e : r.entries) if (!e.ok) std::cerr << e.event_id << ": " << e.error << '\n';
/// \endcode
///
/// Each entry is `{entryId, event, contentType, metadata}`: the event as a structured CloudEvent
/// (`application/cloudevents+json`, so the sidecar keeps our id, type and time), its event id as
/// the entryId, its partition key as `metadata.partitionKey`. Dapr answers 204 when every entry
/// was published, and otherwise a list of failed entries (`failedEntries: [{entryId, error}]`);
/// the bulk API is not transactional and does not keep order.
#include <events/cloudevents.hpp>
#include <events/dapr/publisher.hpp>
#include <events/routing.hpp>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace events::dapr {

/// One prepared entry of a bulk request: what would go on the wire.
struct bulk_entry {
  std::string entry_id;
  std::string event_id;
  std::string event_type;
  std::string body;          ///< The structured CloudEvent (JSON text).
  std::string partition_key;
};

/// The outcome of one entry.
struct bulk_entry_result {
  std::string entry_id;
  std::string event_id;
  bool ok = false;
  std::string error;  ///< Empty when ok.
};

/// The outcome of one bulk request: the HTTP status (0 when none) and every entry's result.
struct bulk_result {
  int status = 0;
  std::string message;  ///< Why the request as a whole failed, when it did.
  std::vector<bulk_entry_result> entries;
  /// True when every entry was published.
  bool ok() const noexcept {
    for (const auto& e : entries)
      if (!e.ok) return false;
    return status != 0;
  }
  std::size_t failed() const noexcept {
    std::size_t n = 0;
    for (const auto& e : entries) n += !e.ok;
    return n;
  }
};

/// Builds the bulk entry of one event (a reflected envelope or payload).
template <class E>
bulk_entry make_bulk_entry(const E& ev, std::string_view source) {
  bulk_entry e;
  e.body = cloudevents::to_structured(ev, source);
  e.event_id = event_traits<E>::id(ev);
  e.event_type = std::string(event_traits<E>::type);
  e.partition_key = event_traits<E>::key(ev);
  e.entry_id = e.event_id.empty() ? events::uuid::v4().to_string() : e.event_id;
  return e;
}

/// Publishes many events to one topic in one request.
class bulk_publisher {
 public:
  explicit bulk_publisher(options o = {}) : options_(detail::resolved(std::move(o))), client_(options_.host, options_.port) {
    client_.set_connection_timeout(options_.timeout);
    client_.set_read_timeout(options_.timeout);
    client_.set_write_timeout(options_.timeout);
  }

  const options& config() const noexcept { return options_; }

  /// Publishes `events` to `topic` (default: the payload's catalog topic). Never throws.
  template <class E>
  bulk_result publish(std::span<const E> events, std::string_view topic = {}) noexcept {
    std::vector<bulk_entry> entries;
    try {
      entries.reserve(events.size());
      for (const auto& ev : events) entries.push_back(make_bulk_entry(ev, options_.source));
    } catch (const std::exception& e) {
      bulk_result r;
      r.message = e.what();
      return r;
    }
    std::string t(topic);
    if (t.empty()) {
      t = event_traits<E>::topic;
    }
    return publish_entries(t, entries);
  }

  /// Publishes prepared entries to `topic`. Never throws.
  bulk_result publish_entries(const std::string& topic, const std::vector<bulk_entry>& entries) noexcept {
    bulk_result r;
    try {
      for (const auto& e : entries) r.entries.push_back({e.entry_id, e.event_id, false, {}});
      if (topic.empty()) return fail_all(r, "no topic: the payload declares none and none was given");
      if (entries.empty()) {
        r.status = 204;
        return r;
      }
      std::string body = "[";
      for (const auto& e : entries) {
        if (body.size() > 1) body += ',';
        body += "{\"entryId\":";
        events::detail::write_escaped(body, e.entry_id);
        body += ",\"event\":" + e.body + ",\"contentType\":\"application/cloudevents+json\"";
        if (!e.partition_key.empty()) {
          body += ",\"metadata\":{\"partitionKey\":";
          events::detail::write_escaped(body, e.partition_key);
          body += '}';
        }
        body += '}';
      }
      body += ']';
      httplib::Headers headers;
      if (!options_.api_token.empty()) headers.emplace("dapr-api-token", options_.api_token);
      std::string path = "/v1.0-alpha1/publish/bulk/" + detail::url_encode(options_.pubsub) + "/" + detail::url_encode(topic);
      auto res = client_.Post(path, headers, body, "application/json");
      if (!res) return fail_all(r, "no reply from the Dapr sidecar: " + httplib::to_string(res.error()));
      r.status = res->status;
      if (res->status >= 200 && res->status < 300) {
        for (auto& e : r.entries) e.ok = true;
        return r;
      }
      auto doc = nlohmann::json::parse(res->body, nullptr, false);
      if (!doc.is_object() || !doc.contains("failedEntries") || !doc["failedEntries"].is_array())
        return fail_all(r, res->body.empty() ? "HTTP " + std::to_string(res->status) : res->body);
      for (auto& e : r.entries) e.ok = true;  // entries not listed as failed were published
      for (const auto& f : doc["failedEntries"]) {
        std::string id = f.value("entryId", f.value("entryID", ""));
        for (auto& e : r.entries)
          if (e.entry_id == id) {
            e.ok = false;
            e.error = f.value("error", "failed");
          }
      }
      r.message = doc.value("message", doc.value("errorCode", ""));
    } catch (const std::exception& e) {
      return fail_all(r, e.what());
    }
    return r;
  }

 private:
  static bulk_result& fail_all(bulk_result& r, const std::string& why) {
    r.message = why;
    for (auto& e : r.entries) {
      e.ok = false;
      e.error = why;
    }
    return r;
  }

  options options_;
  httplib::Client client_;
};

}  // namespace events::dapr
