// `events asyncapi`: an AsyncAPI 3.0 document of the catalog: servers, one channel per topic with
// its Kafka binding, one message per event (payload schema, CloudEvents binary headers, key),
// the dead-letter channel, and the operations of seed 003's services.
#include "catalog_rows.hpp"
#include "cli.hpp"
#include "yaml.hpp"

#include <events/catalog/topics.hpp>

#include <cstdlib>
#include <iostream>
#include <map>

namespace events_tool {
namespace {

using json = nlohmann::ordered_json;

constexpr const char* asyncapi_help =
    "usage: events asyncapi [--format json|yaml] [--server HOST:PORT] [--title TEXT]\n"
    "\n"
    "Prints an AsyncAPI 3.0.0 document of the catalog: a Kafka server (--server, else\n"
    "$KAFKA_BOOTSTRAP_SERVERS, else localhost:9092), one channel per topic with its Kafka binding\n"
    "(partitions, replicas, retention.ms, segment.ms, cleanup.policy), one message per event with\n"
    "its JSON Schema payload, the CloudEvents binary-mode headers (ce_id, ce_type, ...) and its\n"
    "partition key, the dead-letter channel, and the operations of seed 003's services.\n"
    "\n"
    "Examples:\n"
    "  events asyncapi --format yaml > asyncapi.yaml\n"
    "  events asyncapi --server kafka.internal:9092 | npx @asyncapi/cli validate -\n";

// A key usable in components (^[a-zA-Z0-9.\-_]+$).
std::string component_key(std::string s) {
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') c = '_';
  return s;
}

// Moves a schema's $defs into components/schemas under `prefix`, rewriting its $refs.
void hoist(json& schema, const std::string& prefix, json& components) {
  std::map<std::string, std::string> renamed;
  if (schema.contains("$defs")) {
    for (auto& [k, v] : schema["$defs"].items()) renamed["#/$defs/" + k] = component_key(prefix + "." + k);
  }
  auto rewrite = [&](auto& self, json& node) -> void {
    if (node.is_object()) {
      if (node.contains("$ref") && node["$ref"].is_string()) {
        auto it = renamed.find(node["$ref"].get<std::string>());
        if (it != renamed.end()) node["$ref"] = "#/components/schemas/" + it->second;
      }
      for (auto& [k, v] : node.items()) self(self, v);
    } else if (node.is_array()) {
      for (auto& v : node) self(self, v);
    }
  };
  if (schema.contains("$defs")) {
    json defs = std::move(schema["$defs"]);
    schema.erase("$defs");
    for (auto& [k, v] : defs.items()) {
      rewrite(rewrite, v);
      components["schemas"][renamed["#/$defs/" + k]] = std::move(v);
    }
  }
  schema.erase("$schema");
  rewrite(rewrite, schema);
}

json cloudevents_headers() {
  auto str = [](const char* d) { return json{{"type", "string"}, {"description", d}}; };
  return {{"type", "object"},
          {"description", "CloudEvents 1.0 binary content mode (Kafka protocol binding): attributes as headers"},
          {"properties",
           {{"ce_specversion", {{"type", "string"}, {"const", "1.0"}}},
            {"ce_id", str("The event_id")},
            {"ce_source", str("The producing service, a URI reference")},
            {"ce_type", str("The event_type")},
            {"ce_time", {{"type", "string"}, {"format", "date-time"}, {"description", "The event's timestamp"}}},
            {"ce_subject", str("The partition key's value, when there is one")},
            {"ce_correlationid", str("correlation_id, when set")},
            {"ce_causationid", str("causation_id, when set")},
            {"content-type", {{"type", "string"}, {"const", "application/json"}}}}},
          {"required", json::array({"ce_specversion", "ce_id", "ce_source", "ce_type"})}};
}

struct service_op {
  const char* service;
  const char* action;  // send | receive
  const char* topic;
  const char* summary;
};

// Seed 003's services (its "Event Consumers" table and flows) and seed 000's producers.
constexpr service_op demo_operations[] = {
    {"chat-api", "send", "task-events", "The chat API publishes every task CRUD operation"},
    {"chat-api", "send", "reminders", "The jobs callback publishes reminder.due"},
    {"chat-api", "send", "task-updates", "Task changes for real-time UI sync"},
    {"recurring-task-service", "receive", "task-events", "Creates the next occurrence on task.completed"},
    {"recurring-task-service", "send", "task-events", "Publishes task.created for the next occurrence"},
    {"notification-service", "receive", "reminders", "Sends the user notification"},
    {"notification-service", "send", "notifications", "Reports deliveries and failures"},
    {"analytics-service", "receive", "task-events", "Tracks usage metrics"},
    {"websocket-bridge", "receive", "task-updates", "Pushes to connected clients"},
    {"todo-service", "send", "todos", "Todo domain events (seed 000)"},
    {"todo-service", "send", "analytics", "Analytics events (seed 000)"},
    {"todo-service", "send", "audit", "Audit events (seed 000)"},
    {"dead-letter-handler", "send", "task-events-dlq", "Messages a consumer could not process"},
    {"dead-letter-handler", "receive", "task-events-dlq", "Inspection and replay of dead letters"},
};

}  // namespace

int cmd_asyncapi(const arg_list& args) {
  if (wants_help(args)) return std::cout << asyncapi_help, 0;
  std::string format = "json", title = "events catalog";
  const char* env = std::getenv("KAFKA_BOOTSTRAP_SERVERS");
  std::string server = env && *env ? env : "localhost:9092";
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--format" || args[i] == "--server" || args[i] == "--title") {
      if (i + 1 == args.size() || args[i + 1].empty()) return usage(asyncapi_help, std::string(args[i]) + " needs a value");
      (args[i] == "--format" ? format : args[i] == "--server" ? server : title) = std::string(args[i + 1]);
      ++i;
    } else {
      return usage(asyncapi_help, "unexpected argument '" + std::string(args[i]) + "'");
    }
  }
  if (format != "json" && format != "yaml") return usage(asyncapi_help, "--format is json or yaml");
  if (server.find(',') != std::string::npos) server = server.substr(0, server.find(','));

  json doc = {{"asyncapi", "3.0.0"}};
  doc["info"] = {{"title", title},
                 {"version", EVENTS_TOOL_VERSION},
                 {"description", "Every event of the catalog, its topic and the services that produce and consume it. "
                                 "Generated by `events asyncapi`."}};
  doc["defaultContentType"] = "application/json";
  doc["servers"] = {{"kafka", {{"host", server}, {"protocol", "kafka"}, {"description", "Kafka bootstrap server"}}}};
  json channels = json::object(), components = {{"schemas", json::object()}, {"messages", json::object()}};
  components["schemas"]["CloudEventsHeaders"] = cloudevents_headers();
  std::map<std::string, json> channel_messages;  // topic -> {key: {$ref}}
  for (const auto& e : entries()) {
    const std::string key = component_key(e.type + ".v" + std::to_string(e.version));
    json payload = e.schema(events::schema_dialect::draft07);
    hoist(payload, key, components);
    json m = {{"name", e.type},
              {"title", e.type + " v" + std::to_string(e.version)},
              {"summary", e.envelope == "contract" ? "Seed 003 contract message " + e.name
                                                   : std::string(e.envelope) + " envelope of " + e.name},
              {"contentType", "application/json"},
              {"payload", std::move(payload)}};
    if (e.envelope != "contract") m["headers"] = {{"$ref", "#/components/schemas/CloudEventsHeaders"}};
    if (!e.key.empty())
      m["bindings"] = {{"kafka", {{"key", {{"type", "string"}, {"description", "The " + e.key + " of the event"}}},
                                  {"bindingVersion", "0.5.0"}}}};
    components["messages"][key] = std::move(m);
    channel_messages[e.topic][key] = {{"$ref", "#/components/messages/" + key}};
  }
  for (const events::topic_info& t : events::topics::all) {
    const std::string name(t.name);
    json ch = {{"address", name}};
    const bool dlq = name.ends_with("-dlq");
    const std::string source = dlq ? name.substr(0, name.size() - 4) : name;
    ch["description"] = dlq ? "Dead letters of " + source + ": its messages that a consumer could not process"
                            : "Kafka topic " + name;
    if (channel_messages.count(source)) ch["messages"] = channel_messages[source];
    ch["bindings"] = {{"kafka",
                       {{"topic", name},
                        {"partitions", t.partitions},
                        {"replicas", t.replicas},
                        {"topicConfiguration",
                         {{"cleanup.policy", json::array({std::string(t.cleanup_policy)})},
                          {"retention.ms", t.retention.count()},
                          {"segment.ms", events::segment_of(t).count()}}},
                        {"bindingVersion", "0.5.0"}}}};
    channels[name] = std::move(ch);
  }
  json operations = json::object();
  for (const auto& op : demo_operations) {
    if (!channels.contains(op.topic)) continue;
    std::string id = component_key(std::string(op.service) + "." + op.action + "." + op.topic);
    json o = {{"action", op.action}, {"channel", {{"$ref", "#/channels/" + std::string(op.topic)}}}, {"summary", op.summary}};
    o["tags"] = json::array({{{"name", op.service}}});
    if (channels[op.topic].contains("messages")) {
      json refs = json::array();
      for (auto& [k, v] : channels[op.topic]["messages"].items())
        refs.push_back({{"$ref", "#/channels/" + std::string(op.topic) + "/messages/" + k}});
      o["messages"] = std::move(refs);
    }
    operations[id] = std::move(o);
  }
  doc["channels"] = std::move(channels);
  doc["operations"] = std::move(operations);
  doc["components"] = std::move(components);
  std::cout << (format == "yaml" ? to_yaml(doc) : doc.dump(2) + "\n");
  return std::cout.flush() ? 0 : 1;
}

}  // namespace events_tool
