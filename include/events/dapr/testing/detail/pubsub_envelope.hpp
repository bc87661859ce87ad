#pragma once
// What the sidecar double does to a message on its way through pub/sub, as Dapr does it: the
// app's subscriptions read from its `GET /dapr/subscribe`, bulk entries checked; a body
// that is not a CloudEvent is wrapped in one (type `com.dapr.event.sent`), a CloudEvent gets the
// `topic` and `pubsubname` attributes, a raw-payload subscription receives the data alone, and
// the app's reply is read as SUCCESS, RETRY or DROP.
#include <nlohmann/json.hpp>

#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace events::dapr::detail {

struct published {
  std::string body, content_type;
};

// The message as subscribers receive it; nothing when a body sent as a CloudEvent is not a JSON
// object. `id` and `source` are used only when a CloudEvent has to be made.
inline std::optional<published> envelope(const std::string& body, const std::string& content_type, bool raw,
                                         const std::string& pubsub, const std::string& topic, const std::string& source,
                                         const std::string& id) {
  if (raw) return published{body, content_type};
  if (content_type.find("application/cloudevents+json") == std::string::npos) {
    auto data = nlohmann::json::parse(body, nullptr, false);
    bool is_json = !data.is_discarded() && content_type.find("json") != std::string::npos;
    nlohmann::json ce{{"specversion", "1.0"},
                      {"id", id},
                      {"source", source},
                      {"type", "com.dapr.event.sent"},
                      {"datacontenttype", content_type.empty() ? "text/plain" : content_type},
                      {"data", is_json ? data : nlohmann::json(body)}};
    return published{ce.dump(), "application/cloudevents+json"};
  }
  auto ce = nlohmann::json::parse(body, nullptr, false);
  if (!ce.is_object()) return std::nullopt;
  ce["topic"] = topic;
  ce["pubsubname"] = pubsub;
  return published{ce.dump(), content_type};
}

// One entry of an app's `GET /dapr/subscribe` reply (route, else routes.default; rules are not read).
struct programmatic_subscription {
  std::string pubsubname, topic, route, dead_letter_topic;
  bool raw_payload = false;
};

inline std::vector<programmatic_subscription> subscriptions_from(const nlohmann::json& list) {
  std::vector<programmatic_subscription> out;
  for (const auto& s : list) {
    programmatic_subscription sub{s.value("pubsubname", ""), s.value("topic", ""), {}, s.value("deadLetterTopic", "")};
    if (s.contains("route") && s["route"].is_string()) sub.route = s["route"].get<std::string>();
    else if (s.contains("routes") && s["routes"].is_object()) sub.route = s["routes"].value("default", "");
    if (s.contains("metadata") && s["metadata"].is_object()) sub.raw_payload = s["metadata"].value("rawPayload", "") == "true";
    out.push_back(std::move(sub));
  }
  return out;
}

struct bulk_entry {
  std::string id, body, content_type;
  bool raw = false;
};

// The entries of a bulk publish (`entryId`, `event`, `contentType`, `metadata.rawPayload`);
// nothing when an entry has no entryId or repeats one.
inline std::optional<std::vector<bulk_entry>> bulk_entries(const nlohmann::json& entries, bool raw_all) {
  std::vector<bulk_entry> out;
  for (const auto& e : entries) {
    bulk_entry b{e.value("entryId", e.value("entryID", "")), {}, e.value("contentType", "application/json"), raw_all};
    for (const auto& seen : out)
      if (seen.id == b.id) return std::nullopt;
    if (b.id.empty()) return std::nullopt;
    const auto& ev = e.contains("event") ? e["event"] : nlohmann::json();
    b.body = ev.is_string() ? ev.get<std::string>() : ev.dump();
    if (e.contains("metadata") && e["metadata"].is_object()) b.raw = b.raw || e["metadata"].value("rawPayload", "") == "true";
    out.push_back(std::move(b));
  }
  return out;
}

// The body a rawPayload subscription receives: a CloudEvent's data alone.
inline std::string raw_body(const std::string& body) {
  auto ce = nlohmann::json::parse(body, nullptr, false);
  if (ce.is_object() && ce.contains("data") && ce.contains("specversion")) return ce["data"].dump();
  return body;
}

// The app's verdict on a delivery: its `status` upper-cased, SUCCESS for any other 2xx reply,
// RETRY when there was no 2xx reply (`status` 0: no reply at all).
inline std::string delivery_outcome(int status, const std::string& reply_body) {
  if (status < 200 || status >= 300) return "RETRY";
  auto reply = nlohmann::json::parse(reply_body, nullptr, false);
  std::string outcome =
      reply.is_object() && reply.contains("status") && reply["status"].is_string() ? reply["status"].get<std::string>() : "SUCCESS";
  for (char& ch : outcome) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return outcome;
}

}  // namespace events::dapr::detail
