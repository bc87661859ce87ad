// Traces that join across the language border, proven with OpenTelemetry's own instrumentation
// of kafkajs (npm @opentelemetry/instrumentation-kafkajs, its spans read from the SDK's in-memory
// exporter; tests/js/otel_kafka_peer.mjs) against the embedded cluster: a Node producer's send
// span is the parent of our consumer's process span, and our producer's send span is the parent
// of the Node consumer's process span. Same trace id, parent span id checked, both ways.
#include "kafka_fixture.hpp"
#include "node_peer.hpp"
#include "span_recorder.hpp"

#include <events/kafka/tracing.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace otel_test {

namespace k = events::kafka;
using node_peer::json;

// The spans node printed ({"span": {...}}), and the messages ({"message": {...}}).
inline std::vector<json> printed(const node_peer::node_run& r, const char* what) {
  std::vector<json> out;
  for (const json& o : node_peer::objects(r))
    if (o.contains(what)) out.push_back(o[what]);
  return out;
}

inline std::string text(const k::span& s, std::string_view key) {
  auto* v = s.attribute(key);
  return v && std::holds_alternative<std::string>(*v) ? std::get<std::string>(*v) : std::string("<none>");
}

inline std::string header(const json& headers, const std::string& name) {
  for (const json& h : headers)
    if (h[0] == name) return h[1].get<std::string>();
  return "<none>";
}

}  // namespace otel_test

TEST_SUITE("kafka.js") {
  TEST_CASE("OpenTelemetry: a kafkajs producer's send span (instrumentation-kafkajs) is the parent of our process span") {
    using namespace otel_test;
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    // The record a Node service sends: one of our events, its ce_ headers carrying an older trace
    // (a relayed event's); the instrumentation adds `traceparent`, which must win.
    const events::trace_context older{"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "rojo=1"};
    auto ev = kt::task_created(1);
    k::record r;
    {
      k::producer builder(cfg, {.source = "/node-service"});
      r = builder.to_record(ev, {.topic = {}, .key = std::nullopt, .mode = std::nullopt, .trace = older});
    }
    std::erase_if(r.headers, [](const auto& h) { return h.first == k::w3c_header::traceparent || h.first == k::w3c_header::tracestate; });
    json record{{"topic", r.topic}, {"key", r.key}, {"value", r.value}, {"headers", json::array()}};
    for (const auto& [name, value] : r.headers) record["headers"].push_back({name, value});
    const node_peer::temp_file file("otel-record.json", record.dump());
    auto js = node_peer::run_node("otel_kafka_peer.mjs produce " + cluster.bootstrap() + " " + file.path());
    INFO(js.output.substr(0, 4000));
    REQUIRE(js.status == 0);
    auto node_spans = printed(js, "span");
    REQUIRE(node_spans.size() == 1);
    const json& send = node_spans[0];
    CHECK(send["name"] == "send task-events");
    CHECK(send["kind"] == "PRODUCER");
    CHECK(send["attributes"]["messaging.system"] == "kafka");
    CHECK(send["attributes"]["messaging.operation.type"] == "send");
    CHECK(send["attributes"]["messaging.kafka.message.key"] == r.key);

    kt::span_recorder rec;
    k::consumer_options o = kt::fast({"task-events"}, "cpp-traced");
    o.tracing = rec.tracer();
    k::consumer in(cfg, o);
    events::trace_context in_handler;
    in.on<events::event<events::TaskCreatedPayload>>([&](const auto&) { in_handler = events::current_trace(); });
    kt::poll_until(in, [&] { return kt::settled(in.stats()) >= 1; });
    in.close();
    CHECK(in.stats().handled == 1);
    auto ours = rec.spans();
    REQUIRE(ours.size() == 1);
    const k::span& process = ours[0];
    CHECK(process.name == "process task-events");
    CHECK(process.kind == k::span_kind::consumer);
    CHECK(process.trace_id == send["traceId"]);         // the same trace
    CHECK(process.parent_span_id == send["spanId"]);    // the Node send span is the parent
    CHECK(process.trace_id != "0af7651916cd43dd8448eb211c80319c");  // not the older ce_ one
    CHECK(in_handler == process.context());
    CHECK(text(process, "messaging.kafka.message.key") == r.key);
    CHECK(text(process, "messaging.consumer.group.name") == "cpp-traced");
    CHECK(text(process, "messaging.message.id") == ev.event_id.to_string());
  }

  TEST_CASE("OpenTelemetry: our send span is the parent of a kafkajs consumer's process span (instrumentation-kafkajs)") {
    using namespace otel_test;
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    kt::span_recorder rec;
    auto ev = kt::task_created(2);
    const events::trace_context request{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "congo=t61rcWkgMzE"};
    {
      k::producer out(cfg, {.source = "/cpp-service", .tracing = rec.tracer()});
      events::trace_scope in_request(request);  // the send span is the child of the current trace
      auto d = out.publish(ev).get();
      REQUIRE_MESSAGE(d.ok(), d.error);
    }
    auto ours = rec.spans();
    REQUIRE(ours.size() == 1);
    const k::span& send = ours[0];
    CHECK(send.parent_span_id == "00f067aa0ba902b7");

    auto js = node_peer::run_node("otel_kafka_peer.mjs consume " + cluster.bootstrap() + " node-traced task-events 1");
    INFO(js.output.substr(0, 4000));
    REQUIRE(js.status == 0);
    auto messages = printed(js, "message");
    REQUIRE(messages.size() == 1);
    CHECK(header(messages[0]["headers"], "traceparent") == send.context().traceparent);
    CHECK(header(messages[0]["headers"], "ce_traceparent") == send.context().traceparent);
    CHECK(header(messages[0]["headers"], "tracestate") == request.tracestate);
    auto node_spans = printed(js, "span");
    auto process = std::find_if(node_spans.begin(), node_spans.end(), [](const json& s) { return s["name"] == "process task-events"; });
    REQUIRE(process != node_spans.end());
    CHECK((*process)["kind"] == "CONSUMER");
    CHECK((*process)["traceId"] == send.trace_id);      // the same trace
    CHECK((*process)["parentSpanId"] == send.span_id);  // our send span is the parent
    // The instrumentation's reading of the record is what our send span said of it.
    const json& a = (*process)["attributes"];
    CHECK(a["messaging.destination.name"] == text(send, "messaging.destination.name"));
    CHECK(a["messaging.destination.partition.id"] == text(send, "messaging.destination.partition.id"));
    CHECK(a["messaging.kafka.message.key"] == text(send, "messaging.kafka.message.key"));
    auto* offset = send.attribute("messaging.kafka.offset");
    REQUIRE(offset != nullptr);
    CHECK(a["messaging.kafka.offset"] == std::to_string(std::get<std::int64_t>(*offset)));
  }
}
