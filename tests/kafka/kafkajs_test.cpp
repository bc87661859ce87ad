// npm's kafkajs, a second implementation of the Kafka protocol, against the embedded cluster,
// with the CloudEvents JS SDK reading and making the messages (tests/js/kafka_peer.mjs): every
// catalog event type from our producer to a kafkajs consumer, and from a kafkajs producer to our
// consumer, keys and headers intact. Each side checks what it received against what the other
// side says it sent.
#include "catalog/catalog_samples.hpp"
#include "kafka_fixture.hpp"
#include "node_peer.hpp"

#include <events/cloudevents.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace kafkajs_test {

using namespace node_peer;
namespace ce = events::cloudevents;

// A sample of catalog type T with an event id of its own, so each message in a test is told apart.
template <class T>
T fresh_sample() {
  T ev = catalog_test::sample<T>();
  if constexpr (requires { ev.event_id; }) ev.event_id = events::uuid::v4();
  return ev;
}

inline events::timestamp parse_time(const std::string& text) {
  events::timestamp t;
  REQUIRE_MESSAGE(events::parse_timestamp(text, t) == events::timestamp_errc::ok, text);
  return t;
}

inline json headers_json(const events::kafka::header_list& h) {
  json out = json::array();
  for (const auto& [n, v] : h) out.push_back({n, v});
  return out;
}

const events::trace_context trace{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "congo=t61rcWkgMzE"};

}  // namespace kafkajs_test

TEST_SUITE("kafka.js") {
  TEST_CASE("kafkajs consumes every catalog type from our producer - the CloudEvents SDK reads binary and structured") {
    using namespace kafkajs_test;
    events::kafka::embedded_cluster cluster;
    events::kafka::producer out(kt::client_config(cluster), {.source = "/events-cpp"});
    std::vector<events::kafka::record> sent;  // what each message is, as our producer builds it
    std::vector<std::pair<std::string, json>> data_of;  // its event's JSON, by value text
    std::size_t types = 0;
    catalog_test::for_each_type([&]<class T>() {
      ++types;
      T ev = fresh_sample<T>();
      for (auto mode : {events::kafka::content_mode::binary, events::kafka::content_mode::structured}) {
        // Every other message carries a W3C trace context (the distributed-tracing extension).
        events::kafka::publish_options o{.topic = {}, .key = std::nullopt, .mode = mode,
                                         .trace = sent.size() % 2 ? trace : events::trace_context{}};
        events::kafka::record r = out.to_record(ev, o);
        if (events::event_traits<T>::id(ev).empty()) {
          // Without an id of its own the event gets a fresh CloudEvents id at each publish (see
          // attributes_of): send the record whose id we know.
          REQUIRE(out.send(r).get().ok());
        } else {
          auto d = out.publish(ev, o).get();
          REQUIRE_MESSAGE(d.ok(), d.error);
        }
        data_of.emplace_back(r.value, json::parse(catalog_test::encode(ev)));
        sent.push_back(std::move(r));
      }
    });
    // A structured event without data and with extensions of its own (CloudEvents allows both).
    ce::attributes bare{.id = events::uuid::v4().to_string(), .source = "/events-cpp", .type = "task.heartbeat",
                        .subject = "no-data", .extensions = {{"shard", "7"}, {"region", "eu"}}};
    events::kafka::record no_data{.topic = "task-events", .key = "k-no-data", .value = ce::to_structured(bare, {}),
                                  .headers = {{std::string(ce::header::content_type), std::string(ce::structured_content_type)}},
                                  .event_id = bare.id};
    REQUIRE(out.send(no_data).get().ok());
    sent.push_back(no_data);
    REQUIRE(types >= 20);

    json expect{{"group", "kafkajs-reads"}, {"records", json::array()}};
    for (const auto& r : sent)
      expect["records"].push_back({{"topic", r.topic}, {"key", r.key}, {"headers", headers_json(r.headers)}, {"value", r.value}});
    const temp_file file("expect.json", expect.dump());
    auto js = run_node("kafka_peer.mjs consume " + cluster.bootstrap() + " " + file.path());
    // kafkajs's side: every record arrived once, key, headers and value as sent (its problems, if any).
    for (const auto& l : js.lines)
      if (l != "\"done\"" && l.find("\"problems\":[]") == std::string::npos) MESSAGE(l.substr(0, 4000));
    CHECK(js.status == 0);  // kafkajs's side: every record arrived once, key, headers and value as sent

    // Our side: what the SDK read from each message is what we sent.
    std::map<std::string, int> seen;
    for (const json& got : objects(js)) {
      REQUIRE(got.contains("ce"));  // no {"missing": ...}
      const std::string value = got["value"];
      auto it = std::find_if(sent.begin(), sent.end(), [&](const auto& r) { return r.value == value; });
      REQUIRE(it != sent.end());
      ++seen[value];
      CAPTURE(value);
      CHECK(got["problems"].empty());
      CHECK(got["key"] == it->key);
      CHECK(got["headers"] == headers_json(it->headers));
      const json& e = got["ce"];
      REQUIRE(e.is_object());
      // The attributes as we wrote them: from our headers (binary) or our document (structured).
      ce::attributes a;
      if (auto from_headers = ce::from_binary_headers(it->headers)) {
        a = *from_headers;
      } else {
        auto doc = ce::parse_structured(it->value);
        REQUIRE(doc);
        a = doc->attrs;
      }
      CHECK(e["specversion"] == "1.0");
      CHECK(e["id"] == a.id);
      CHECK(e["source"] == a.source);
      CHECK(e["type"] == a.type);
      if (!a.time.empty())  // the SDK keeps milliseconds
        CHECK(std::chrono::floor<std::chrono::milliseconds>(parse_time(e["time"])) ==
              std::chrono::floor<std::chrono::milliseconds>(parse_time(a.time)));
      // (no structured binding inside CHECK_MESSAGE: clang 14 refuses to capture one)
      for (const auto& attribute : {std::pair<std::string, std::string>{"subject", a.subject},
                                    {"correlationid", a.correlationid}, {"causationid", a.causationid},
                                    {"traceparent", a.traceparent}, {"tracestate", a.tracestate}})
        CHECK_MESSAGE(e.value(attribute.first, std::string()) == attribute.second, attribute.first);
      for (const auto& [name, text] : a.extensions) CHECK(e.value(name, std::string()) == text);
      if (&*it == &sent.back()) {
        CHECK_FALSE(e.contains("data"));
      } else {
        CHECK(e["datacontenttype"] == "application/json");
        auto d = std::find_if(data_of.begin(), data_of.end(), [&](const auto& p) { return p.first == value; });
        REQUIRE(d != data_of.end());
        CHECK(e["data"] == d->second);  // the SDK's reading of the data is our event's JSON
      }
    }
    CHECK(seen.size() == sent.size());
    for (const auto& entry : seen) CHECK_MESSAGE(entry.second == 1, entry.first);
  }

  TEST_CASE("our consumer reads every catalog type kafkajs produced - SDK binary and structured, keys and headers intact") {
    using namespace kafkajs_test;
    events::kafka::embedded_cluster cluster;
    const std::string run_id = events::uuid::v4().to_string();
    json samples = json::array();
    std::set<std::string> topics;
    catalog_test::for_each_type([&]<class T>() {
      using traits = events::event_traits<T>;
      T ev = fresh_sample<T>();
      json s{{"topic", traits::topic}, {"key", traits::key(ev)}, {"type", traits::type},
             {"data", catalog_test::encode(ev)}, {"extensions", {{"kafkajsrun", run_id}}}};
      if (auto id = traits::id(ev); !id.empty()) s["id"] = id;
      if constexpr (requires { ev.timestamp; }) s["time"] = events::format_timestamp(ev.timestamp);
      if constexpr (requires { ev.correlation_id; }) {
        if (auto c = events::detail::text_of(ev.correlation_id); !c.empty()) s["extensions"]["correlationid"] = c;
      }
      samples.push_back(s);
      topics.insert(std::string(traits::topic));
    });
    const temp_file file("samples.json", samples.dump());
    auto js = run_node("kafka_peer.mjs produce " + cluster.bootstrap() + " " + file.path());
    REQUIRE_MESSAGE(js.status == 0, js.output);
    auto node_sent = objects(js);
    REQUIRE(node_sent.size() == 2 * samples.size());

    // What node says it sent, by topic and value.
    auto find_sent = [&](std::string_view topic, std::string_view value) -> const json* {
      for (const auto& s : node_sent)
        if (s["topic"] == std::string(topic) && s["value"] == std::string(value)) return &s;
      return nullptr;
    };
    std::map<std::string, int> handled;  // by value text
    events::kafka::consumer_options o = kt::fast({topics.begin(), topics.end()}, "kafkajs-writes");
    o.dedupe_window = 0;  // each event arrives twice (binary and structured), by design
    o.unknown_types = events::kafka::unknown_type_policy::dead_letter;
    events::kafka::consumer in(kt::client_config(cluster), o);
    std::vector<std::string> dead;
    in.on_dead_letter([&](const events::kafka::dead_letter& d) { dead.push_back(d.code + ": " + d.message); });
    catalog_test::for_each_type([&]<class T>() {
      in.on<T>([&](const T& ev, const events::kafka::message& m) {
        const json* s = find_sent(m.topic(), m.value());
        REQUIRE(s != nullptr);
        ++handled[std::string(m.value())];
        CAPTURE(m.value());
        // Keys and headers as kafkajs sent them.
        CHECK(m.key() == (*s)["key"].get<std::string>());
        CHECK(m.key() == events::event_traits<T>::key(ev));
        CHECK(headers_json(m.headers()) == (*s)["headers"]);
        CHECK(m.header("x-peer") == "kafkajs");
        // The event itself: the sample, whatever the SDK and JSON.stringify did to the text.
        T want = catalog_test::sample<T>();
        if constexpr (requires { want.event_id; }) want.event_id = ev.event_id;
        CHECK(ev == want);
        // The SDK's CloudEvent, read by cloudevents.hpp.
        ce::attributes a;
        if ((*s)["mode"] == "binary") {
          auto h = ce::from_binary_headers(m.headers());
          REQUIRE(h);
          a = *h;
        } else {
          // The SDK writes "application/cloudevents+json; charset=utf-8" (parameters are case-insensitive).
          REQUIRE(m.header("content-type").value_or("").starts_with("application/cloudevents+json"));
          auto doc = ce::parse_structured(m.value());
          REQUIRE(doc);
          CHECK(doc->datacontenttype == "application/json");
          CHECK(doc->form == ce::data_member::json);
          a = doc->attrs;
        }
        CHECK(a.source == "/kafkajs");
        CHECK(a.type == events::event_traits<T>::type);
        if (auto id = events::event_traits<T>::id(ev); !id.empty()) CHECK(a.id == id);
        if constexpr (requires { ev.correlation_id; }) CHECK(a.correlationid == events::detail::text_of(ev.correlation_id));
        CHECK(std::count(a.extensions.begin(), a.extensions.end(), std::pair<std::string, std::string>{"kafkajsrun", run_id}) == 1);
      });
    });
    kt::poll_until(in, [&] { return kt::settled(in.stats()) >= node_sent.size(); });
    in.close();
    INFO((dead.empty() ? std::string() : dead.front()));
    CHECK(in.stats().handled == node_sent.size());
    CHECK(in.stats().dead_lettered == 0);
    CHECK(handled.size() == node_sent.size());
    for (const auto& entry : handled) CHECK_MESSAGE(entry.second == 1, entry.first);
  }
}

TEST_SUITE("kafka.js") {
  TEST_CASE("tests/js/package.json: every package a test imports is declared and locked, every declared one imported") {
    namespace fs = std::filesystem;
    using node_peer::json;
    const fs::path root = fs::path(EVENTS_SOURCE_DIR) / "tests";
    auto read = [](const fs::path& p) {
      std::ifstream in(p);
      return std::string(std::istreambuf_iterator<char>(in), {});
    };
    const json package = json::parse(read(root / "js" / "package.json"));
    const json lock = json::parse(read(root / "js" / "package-lock.json"));
    // Bare specifiers of `import ... from "x"` and `import "x"` in every script under tests/.
    const std::regex import_re(R"re(\bimport\s+(?:[^"';]*?\sfrom\s+)?["']([^"']+)["'])re");
    // Node's own modules, which scripts may import without the node: prefix ("fs").
    auto builtins_run = node_peer::run_node("--print \"require('module').builtinModules.join(' ')\"");
    REQUIRE(builtins_run.status == 0);
    std::set<std::string> builtins;
    std::istringstream words(builtins_run.output);
    for (std::string w; words >> w;) builtins.insert(w);
    REQUIRE(builtins.count("fs") == 1);
    std::set<std::string> imported;
    std::size_t scripts = 0;
    for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
      if (it->path().filename() == "node_modules") {
        it.disable_recursion_pending();
        continue;
      }
      if (it->path().extension() != ".mjs") continue;
      ++scripts;
      std::string text = read(it->path());
      for (std::sregex_iterator m(text.begin(), text.end(), import_re), end; m != end; ++m) {
        std::string spec = (*m)[1];
        if (spec.starts_with("node:") || spec.starts_with(".") || spec.starts_with("/") || builtins.count(spec)) continue;
        auto slash = spec.find('/', spec.starts_with("@") ? spec.find('/') + 1 : 0);
        imported.insert(spec.substr(0, slash));
      }
    }
    CHECK(scripts >= 7);
    std::set<std::string> declared;
    for (const auto& [name, range] : package["dependencies"].items()) declared.insert(name);
    CHECK(imported == declared);
    for (const auto& name : imported) {
      CAPTURE(name);
      CHECK(lock["packages"][""]["dependencies"].contains(name));
      CHECK(lock["packages"].contains("node_modules/" + name));
      CHECK(fs::exists(root / "js" / "node_modules" / name / "package.json"));
    }
  }
}
