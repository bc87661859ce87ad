// Traces that join: the plain W3C traceparent/tracestate headers written beside the ce_ ones and
// read before them, and the tracing hook's send and process spans (names, kinds, parents,
// attributes as OpenTelemetry's messaging conventions say). The first cases need no broker.
#include "kafka_fixture.hpp"
#include "span_recorder.hpp"

#include <events/kafka/spans.hpp>
#include <events/kafka/tracing.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace tracing_test {

namespace k = events::kafka;
using kt::span_recorder;

const events::trace_context parent{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "congo=t61rcWkgMzE"};
const events::trace_context other{"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "rojo=00f067aa0ba902b7"};

// A producer with no broker behind it: records are built, publishes time out.
inline k::config nowhere() {
  return {{"bootstrap.servers", "127.0.0.1:9"}, {"message.timeout.ms", "300"}, {"log_level", "0"}};
}

inline std::vector<std::string> names(const k::header_list& h) {
  std::vector<std::string> out;
  for (const auto& entry : h) out.push_back(entry.first);
  return out;
}

inline std::string header(const k::header_list& h, std::string_view name) {
  auto it = std::find_if(h.begin(), h.end(), [&](const auto& entry) { return entry.first == name; });
  return it == h.end() ? std::string("<none>") : it->second;
}

inline std::string text(const k::span& s, std::string_view key) {
  auto* v = s.attribute(key);
  return v && std::holds_alternative<std::string>(*v) ? std::get<std::string>(*v) : std::string("<none>");
}

inline std::int64_t number(const k::span& s, std::string_view key) {
  auto* v = s.attribute(key);
  return v && std::holds_alternative<std::int64_t>(*v) ? std::get<std::int64_t>(*v) : -1;
}

inline bool lower_hex(const std::string& s, std::size_t n) {
  return s.size() == n && s.find_first_not_of("0123456789abcdef") == std::string::npos && s != std::string(n, '0');
}

}  // namespace tracing_test

TEST_SUITE("kafka.tracing") {
  TEST_CASE("W3C headers: traceparent and tracestate beside ce_traceparent and ce_tracestate, binary and structured") {
    using namespace tracing_test;
    k::producer out(nowhere(), {.source = "/tracing"});
    auto ev = kt::task_created(1);
    k::record binary = out.to_record(ev, {.topic = {}, .key = std::nullopt, .mode = std::nullopt, .trace = parent});
    CHECK(names(binary.headers) ==
          std::vector<std::string>{"ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "ce_correlationid",
                                   "ce_traceparent", "ce_tracestate", "content-type", "traceparent", "tracestate"});
    CHECK(header(binary.headers, "traceparent") == parent.traceparent);
    CHECK(header(binary.headers, "tracestate") == parent.tracestate);
    CHECK(header(binary.headers, "ce_traceparent") == parent.traceparent);

    k::record structured =
        out.to_record(ev, {.topic = {}, .key = std::nullopt, .mode = k::content_mode::structured, .trace = parent});
    CHECK(names(structured.headers) == std::vector<std::string>{"content-type", "traceparent", "tracestate"});
    CHECK(header(structured.headers, "traceparent") == parent.traceparent);
    auto doc = events::cloudevents::parse_structured(structured.value);
    REQUIRE(doc);
    CHECK(doc->attrs.traceparent == parent.traceparent);

    // The current trace when none is given; a traceparent without tracestate; none: no header.
    {
      events::trace_scope current(events::trace_context{other.traceparent, {}});
      k::record r = out.to_record(ev);
      CHECK(header(r.headers, "traceparent") == other.traceparent);
      CHECK(header(r.headers, "tracestate") == "<none>");
    }
    k::record none = out.to_record(ev);
    CHECK(header(none.headers, "traceparent") == "<none>");
    CHECK(header(none.headers, "ce_traceparent") == "<none>");
  }

  TEST_CASE("tracing hook: none set - no span, no copy of the options, the current trace untouched") {
    using namespace tracing_test;
    const k::tracer none{};
    CHECK_FALSE(static_cast<bool>(none));
    k::detail::promise_pending p;
    std::optional<k::publish_options> traced;
    const k::publish_options o{.topic = {}, .key = std::nullopt, .mode = std::nullopt, .trace = parent};
    CHECK(&k::detail::start_send(none, kt::task_created(1), o, p, traced) == &o);
    CHECK_FALSE(traced.has_value());
    CHECK(p.observer == nullptr);
    events::trace_scope current(parent);
    {
      k::detail::process_span span(none, "task-events", 0, 1, "k", "g", "id");
      CHECK(span.get() == nullptr);
      CHECK(events::current_trace() == parent);
      CHECK(span.fail("handler_failed") == "handler_failed");
    }
    CHECK(events::current_trace() == parent);
  }

  TEST_CASE("tracing hook: the send span - child of the publish's trace, its own context is what the headers carry") {
    using namespace tracing_test;
    span_recorder rec;
    const k::tracer t = rec.tracer();
    auto ev = kt::task_created(2);
    k::detail::promise_pending p;
    std::optional<k::publish_options> traced;
    const k::publish_options o{.topic = {}, .key = std::nullopt, .mode = std::nullopt, .trace = parent};
    const k::publish_options& to = k::detail::start_send(t, ev, o, p, traced);
    REQUIRE(traced.has_value());
    CHECK(&to == &*traced);
    REQUIRE(to.trace.has_value());
    CHECK(rec.spans().empty());  // ends with the delivery result
    p.finish(k::delivery{ev.event_id.to_string(), "task-events", 2, 41, RdKafka::ERR_NO_ERROR, {}, {}});
    auto spans = rec.spans();
    REQUIRE(spans.size() == 1);
    const k::span& s = spans[0];
    CHECK(s.name == "send task-events");
    CHECK(s.kind == k::span_kind::producer);
    CHECK(s.trace_id == "4bf92f3577b34da6a3ce929d0e0e4736");
    CHECK(s.parent_span_id == "00f067aa0ba902b7");
    CHECK(lower_hex(s.span_id, 16));
    CHECK(s.span_id != s.parent_span_id);
    CHECK(s.tracestate == parent.tracestate);
    CHECK(*to.trace == s.context());  // what the traceparent and ce_traceparent headers carry
    CHECK(to.trace->traceparent == "00-" + s.trace_id + "-" + s.span_id + "-01");
    CHECK(s.ok());
    CHECK(s.start <= s.end);
    CHECK(s.attributes == std::vector<k::span_attribute>{
                              {"messaging.system", std::string("kafka")},
                              {"messaging.operation.type", std::string("send")},
                              {"messaging.operation.name", std::string("send")},
                              {"messaging.destination.name", std::string("task-events")},
                              {"messaging.kafka.message.key", events::event_traits<decltype(ev)>::key(ev)},
                              {"messaging.message.id", ev.event_id.to_string()},
                              {"messaging.destination.partition.id", std::string("2")},
                              {"messaging.kafka.offset", std::int64_t{41}}});
    // What publish would send with these options: both traceparent headers hold the span's context.
    k::producer out(nowhere(), {.source = "/tracing"});
    k::record r = out.to_record(ev, to);
    CHECK(header(r.headers, "traceparent") == s.context().traceparent);
    CHECK(header(r.headers, "ce_traceparent") == s.context().traceparent);
  }

  TEST_CASE("tracing hook: a publish that fails has error.type - librdkafka's error name - and no span for an invalid event") {
    using namespace tracing_test;
    span_recorder rec;
    {
      k::producer out(nowhere(), {.source = "/tracing", .tracing = rec.tracer()});
      auto ev = kt::task_created(3);
      k::delivery d = out.publish(ev).get();  // no broker: times out
      CHECK_FALSE(d.ok());
      auto bad = kt::task_created(4);
      bad.payload.title = std::string();  // min_length 1: refused before it is sent
      CHECK_FALSE(out.publish(bad).get().ok());
    }
    auto spans = rec.spans();
    REQUIRE(spans.size() == 1);
    const k::span& s = spans[0];
    CHECK(s.name == "send task-events");
    CHECK(s.parent_span_id.empty());  // no trace current: the root of a new one
    CHECK(lower_hex(s.trace_id, 32));
    CHECK(s.error_type == "_MSG_TIMED_OUT");
    CHECK(text(s, "error.type") == "_MSG_TIMED_OUT");
    CHECK_FALSE(s.error.empty());
    CHECK(s.attribute("messaging.kafka.offset") == nullptr);
  }

  TEST_CASE("tracing hook: the process span - child of the message's trace, current while it lasts, error.type on failure") {
    using namespace tracing_test;
    span_recorder rec;
    const k::tracer t = rec.tracer();
    events::trace_scope incoming(parent);
    {
      k::detail::process_span span(t, "task-events", 1, 7, "user-7", "recurring", "ev-7");
      REQUIRE(span.get() != nullptr);
      CHECK(events::current_trace() == span.get()->context());  // what the handler publishes is its child
      CHECK(span.fail("handler_failed", "boom") == "handler_failed");
    }
    CHECK(events::current_trace() == parent);
    {
      events::trace_scope no_trace(events::trace_context{});
      k::detail::process_span root(t, "todos", 0, 0, "", "g", "");
    }
    auto spans = rec.spans();
    REQUIRE(spans.size() == 2);
    const k::span& s = spans[0];
    CHECK(s.name == "process task-events");
    CHECK(s.kind == k::span_kind::consumer);
    CHECK(s.trace_id == "4bf92f3577b34da6a3ce929d0e0e4736");
    CHECK(s.parent_span_id == "00f067aa0ba902b7");
    CHECK(s.error_type == "handler_failed");
    CHECK(s.error == "boom");
    CHECK(s.attributes == std::vector<k::span_attribute>{
                              {"messaging.system", std::string("kafka")},
                              {"messaging.operation.type", std::string("process")},
                              {"messaging.operation.name", std::string("process")},
                              {"messaging.destination.name", std::string("task-events")},
                              {"messaging.destination.partition.id", std::string("1")},
                              {"messaging.kafka.offset", std::int64_t{7}},
                              {"messaging.kafka.message.key", std::string("user-7")},
                              {"messaging.consumer.group.name", std::string("recurring")},
                              {"messaging.message.id", std::string("ev-7")},
                              {"error.type", std::string("handler_failed")}});
    const k::span& root = spans[1];
    CHECK(root.parent_span_id.empty());
    CHECK(lower_hex(root.trace_id, 32));
    CHECK(root.trace_id != s.trace_id);
    CHECK(root.ok());
    CHECK(root.attribute("messaging.kafka.message.key") == nullptr);  // no key: no attribute
    CHECK(number(root, "messaging.kafka.offset") == 0);
  }

  TEST_CASE("tracing hook: a tracer that throws fails neither the publish nor the handler") {
    using namespace tracing_test;
    const k::tracer t{.on_end = [](const k::span&) { throw std::runtime_error("tracer down"); }};
    k::detail::promise_pending p;
    std::optional<k::publish_options> traced;
    auto f = p.promise.get_future();
    k::detail::start_send(t, kt::task_created(5), {}, p, traced);
    p.finish(k::delivery{"id", "task-events", 0, 1, RdKafka::ERR_NO_ERROR, {}, {}});
    CHECK(f.get().ok());
    CHECK_NOTHROW(k::detail::process_span(t, "task-events", 0, 1, "k", "g", "id"));
  }
}

TEST_SUITE("kafka.tracing") {
  TEST_CASE("consumer: the plain traceparent before ce_traceparent, the ce_ one when the plain one is missing or malformed") {
    using namespace tracing_test;
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    k::producer out(cfg, {.source = "/tracing"});
    using h = k::header_list;
    const std::string tp(k::w3c_header::traceparent), ts(k::w3c_header::tracestate);
    const std::string ce_tp(events::cloudevents::header::traceparent), ce_ts(events::cloudevents::header::tracestate);
    // (extra headers, the trace the handler must see), one message each, in order on one key.
    const std::vector<std::pair<h, events::trace_context>> cases{
        {{{tp, parent.traceparent}, {ts, parent.tracestate}, {ce_tp, other.traceparent}, {ce_ts, other.tracestate}}, parent},
        {{{ce_tp, other.traceparent}, {ce_ts, other.tracestate}}, other},
        {{{tp, "00-not-a-trace"}, {ts, parent.tracestate}, {ce_tp, other.traceparent}, {ce_ts, other.tracestate}}, other},
        {{{tp, parent.traceparent}}, {parent.traceparent, {}}},
        {{}, {}}};
    for (const auto& c : cases) {
      k::record r = out.to_record(kt::task_created(1));
      r.key = "one-key";
      r.headers.insert(r.headers.end(), c.first.begin(), c.first.end());
      REQUIRE(out.send(r).get().ok());
    }
    // Structured: the plain header before the document's attribute.
    k::publish_options structured{.topic = {}, .key = "one-key", .mode = k::content_mode::structured, .trace = other};
    k::record doc = out.to_record(kt::task_created(2), structured);
    for (auto& entry : doc.headers)
      if (entry.first == tp) entry.second = parent.traceparent;
      else if (entry.first == ts) entry.second = parent.tracestate;
    REQUIRE(out.send(doc).get().ok());

    k::consumer in(cfg, kt::fast({"task-events"}, "reads-traces"));
    std::vector<events::trace_context> seen;
    in.on<events::event<events::TaskCreatedPayload>>([&](const auto&) { seen.push_back(events::current_trace()); });
    kt::poll_until(in, [&] { return seen.size() >= cases.size() + 1; });
    REQUIRE(seen.size() == cases.size() + 1);
    for (std::size_t i = 0; i < cases.size(); ++i) {
      CAPTURE(i);
      CHECK(seen[i] == cases[i].second);
    }
    CHECK(seen.back() == parent);
  }

  TEST_CASE("tracing hook: our send span is the parent of our process span, whose context the handler's publish continues") {
    using namespace tracing_test;
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    span_recorder sends, processes;
    k::producer out(cfg, {.source = "/tracing", .tracing = sends.tracer()});
    auto ok = kt::task_created(1), refused = kt::task_created(2);
    {
      events::trace_scope request(parent);
      REQUIRE(out.publish(ok).get().ok());
      REQUIRE(out.publish(refused).get().ok());
    }
    k::consumer_options o = kt::fast({"task-events"}, "traced");
    o.tracing = processes.tracer();
    k::consumer in(cfg, o);
    in.on<events::event<events::TaskCreatedPayload>>([&](const auto& ev) {
      if (ev.event_id == refused.event_id) throw k::permanent_error("no", "refused_here");
      REQUIRE(out.publish(ev, {.topic = "task-replies", .key = std::nullopt, .mode = std::nullopt, .trace = std::nullopt})
                  .get()
                  .ok());
    });
    kt::poll_until(in, [&] { return kt::settled(in.stats()) >= 2; });
    in.close();
    auto sent = sends.spans();
    auto processed = processes.spans();
    REQUIRE(sent.size() == 3);  // two, then the reply from the handler
    REQUIRE(processed.size() == 2);
    // Each message's process span, by its event id (the two keys may sit on different partitions).
    auto process_of = [&](const k::span& send) {
      auto it = std::find_if(processed.begin(), processed.end(), [&](const k::span& s) {
        return text(s, "messaging.message.id") == text(send, "messaging.message.id");
      });
      REQUIRE(it != processed.end());
      return *it;
    };
    for (std::size_t i = 0; i < 2; ++i) {
      CAPTURE(i);
      const k::span p = process_of(sent[i]);
      CHECK(sent[i].trace_id == "4bf92f3577b34da6a3ce929d0e0e4736");
      CHECK(sent[i].parent_span_id == "00f067aa0ba902b7");
      CHECK(p.trace_id == sent[i].trace_id);
      CHECK(p.parent_span_id == sent[i].span_id);
      CHECK(text(p, "messaging.destination.partition.id") == text(sent[i], "messaging.destination.partition.id"));
      CHECK(number(p, "messaging.kafka.offset") == number(sent[i], "messaging.kafka.offset"));
      CHECK(text(p, "messaging.kafka.message.key") == text(sent[i], "messaging.kafka.message.key"));
      CHECK(text(p, "messaging.consumer.group.name") == "traced");
    }
    CHECK(text(sent[0], "messaging.message.id") == ok.event_id.to_string());
    CHECK(process_of(sent[0]).ok());
    CHECK(process_of(sent[1]).error_type == "refused_here");
    CHECK(sent[2].name == "send task-replies");
    CHECK(sent[2].parent_span_id == process_of(sent[0]).span_id);  // published inside the process span
    CHECK(sent[2].trace_id == sent[0].trace_id);
  }
}
