// The schema of one of the library's envelopes (what `events schema` writes for event<P> and
// flat_event<P>) back to its payload, so that `events schema T | events gen --from-schema -` gives
// T again: the metadata fields are recognized by their exact schemas and order, and the literal
// event_type / event_version / schema_version become the payload's static members.
#include "gen_model.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace events_tool::gen {
namespace {

using json = nlohmann::ordered_json;

// A property's schema without its annotation.
json bare(const json& p) {
  json out = p;
  if (out.is_object()) out.erase("description");
  return out;
}

bool is_uuid_schema(const json& p) {
  json want = {{"type", "string"}, {"format", "uuid"}};
  if (p == want) return true;
  want["pattern"] = uuid_pattern;
  return p == want;
}

bool is_optional_uuid(const json& p) {
  if (!p.is_object() || p.size() != 2 || !p.contains("anyOf") || p.value("default", json(0)) != nullptr) return false;
  const json& a = p["anyOf"];
  return a.is_array() && a.size() == 2 && is_uuid_schema(a[0]) && a[1] == json{{"type", "null"}};
}

// {"type": "string", "const": V, "default": V} (a literal the envelope writes, not required).
std::optional<std::string> defaulted_const(const json& p) {
  if (!p.is_object() || p.size() != 3 || p.value("type", json()) != "string" || !p.contains("const") ||
      !p["const"].is_string() || p.value("default", json()) != p["const"])
    return std::nullopt;
  return p["const"].get<std::string>();
}

// "N.0" -> N.
int version_of(const std::string& text) {
  if (text.size() < 3 || !text.ends_with(".0")) return 0;
  int n = 0;
  for (char c : text.substr(0, text.size() - 2)) {
    if (c < '0' || c > '9' || n > 999) return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

struct envelope_match {
  std::string shape;  // "flat" or "nested"; empty: no envelope
  std::string wire_type, schema_version, payload_key;
  int version = 1;
  bool suffixed = false;
};

envelope_match match_envelope(const json& doc) {
  envelope_match m;
  if (!doc.is_object() || !doc.contains("properties") || !doc["properties"].is_object()) return {};
  const json& props = doc["properties"];
  std::vector<std::string> keys;
  for (auto it = props.begin(); it != props.end(); ++it) keys.push_back(it.key());
  std::set<std::string> required;
  if (doc.contains("required") && doc["required"].is_array())
    for (const auto& r : doc["required"])
      if (r.is_string()) required.insert(r.get<std::string>());
  auto prop = [&](const char* k) { return bare(props[k]); };
  const bool nested = keys.size() >= 7 && keys.back() == "payload";
  const std::vector<std::string> head =
      nested ? (keys[2] == "schema_version"
                    ? std::vector<std::string>{"event_id", "event_type", "schema_version", "event_version", "timestamp",
                                               "correlation_id", "causation_id", "payload"}
                    : std::vector<std::string>{"event_id", "event_type", "event_version", "timestamp", "correlation_id",
                                               "causation_id", "payload"})
             : std::vector<std::string>{"event_id", "event_type", "event_version", "timestamp", "correlation_id"};
  if (keys.size() < head.size() || !std::equal(head.begin(), head.end(), keys.begin())) return {};
  if (nested && keys.size() != head.size()) return {};
  if (!is_uuid_schema(prop("event_id")) || prop("timestamp") != json{{"type", "string"}, {"format", "date-time"}} ||
      !is_optional_uuid(prop("correlation_id")) || (nested && !is_optional_uuid(prop("causation_id"))))
    return {};
  for (const char* r : {"event_id", "event_type", "timestamp"})
    if (!required.count(r)) return {};
  for (const char* r : {"event_version", "correlation_id", "causation_id", "schema_version"})
    if (required.count(r)) return {};
  auto ver = defaulted_const(prop("event_version"));
  if (!ver || !(m.version = version_of(*ver))) return {};
  if (nested && keys[2] == "schema_version") {
    auto sv = defaulted_const(prop("schema_version"));
    if (!sv) return {};
    m.schema_version = *sv;
  }
  const json type = prop("event_type");
  const std::string suffix = ".v" + std::to_string(m.version);
  if (type.size() == 2 && type.value("type", json()) == "string" && type.contains("const") && type["const"].is_string() &&
      m.version == 1) {
    m.wire_type = type["const"].get<std::string>();
  } else if (type.size() == 2 && type.value("type", json()) == "string" && type.contains("enum") &&
             type["enum"].is_array() && type["enum"].size() == 2 && type["enum"][0].is_string() &&
             type["enum"][1].is_string()) {
    // The written name first, the other accepted form second: version 1 also reads "<type>.v1"
    // (seed 002's versioned name); version >= 2 reads the suffixed and the catalog form.
    const std::string a = type["enum"][0].get<std::string>(), b = type["enum"][1].get<std::string>();
    if (b == a + suffix) {
      m.wire_type = a;
    } else if (a == b + suffix && m.version >= 2) {
      m.wire_type = b;
      m.suffixed = true;
    } else {
      return {};
    }
  } else {
    return {};
  }
  if (nested) {
    const json& p = props["payload"];
    if (!required.count("payload") || !p.is_object() || !p.contains("$ref") || !p["$ref"].is_string()) return {};
    const std::string ref = p["$ref"].get<std::string>();
    if (!ref.starts_with("#/$defs/")) return {};
    m.payload_key = ref.substr(8);
    if (!doc.contains("$defs") || !doc["$defs"].contains(m.payload_key)) return {};
  }
  m.shape = nested ? "nested" : "flat";
  return m;
}

}  // namespace

event_spec event_from_schema(const nlohmann::ordered_json& doc, const std::string& name) {
  event_spec s;
  const envelope_match m = match_envelope(doc);
  if (m.shape.empty()) {
    s.structs = from_schema(doc, name);
    s.envelope = "none";
    s.wire_type = s.payload().name;
    return s;
  }
  s.envelope = m.shape;
  s.wire_type = m.wire_type;
  s.version = m.version;
  s.schema_version = m.schema_version;
  s.suffixed = m.suffixed;
  // The payload as a schema of its own, with the document's $defs for its references.
  json payload;
  std::string payload_name = name;
  if (m.shape == "flat") {
    static const std::set<std::string> meta = {"event_id", "event_type", "event_version", "timestamp", "correlation_id"};
    const std::string title = doc.value("title", std::string());
    if (payload_name.empty() && title.starts_with("flat_event_")) payload_name = title.substr(11);
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      if (it.key() == "$schema" || it.key() == "title") continue;
      if (it.key() == "properties" || it.key() == "required" || it.key() == "examples") {
        json v = it.value();
        if (it.key() == "properties") {
          for (const auto& k : meta) v.erase(k);
        } else if (it.key() == "required" && v.is_array()) {
          json kept = json::array();
          for (const auto& r : v)
            if (!r.is_string() || !meta.count(r.get<std::string>())) kept.push_back(r);
          v = kept;
        } else if (v.is_array()) {
          for (auto& x : v)
            if (x.is_object())
              for (const auto& k : meta) x.erase(k);
        }
        payload[it.key()] = std::move(v);
      } else {
        payload[it.key()] = it.value();
      }
    }
  } else {
    payload = doc["$defs"][m.payload_key];
    if (payload_name.empty()) payload_name = m.payload_key;
    payload["$defs"] = doc["$defs"];
    if (doc.contains("examples") && doc["examples"].is_array()) {
      json ex = json::array();
      for (const auto& x : doc["examples"])
        if (x.is_object() && x.contains("payload")) ex.push_back(x["payload"]);
      payload["examples"] = std::move(ex);
    }
  }
  s.structs = from_schema(payload, payload_name);
  return s;
}

}  // namespace events_tool::gen
