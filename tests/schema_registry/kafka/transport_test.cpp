// Our producer and consumer with Confluent's framing (events::kafka::registry_format) on the
// embedded cluster, against our registry over HTTP: framed round trips in both placements, plain
// and framed messages on one topic, and the faults of issue 23: the registry unreachable at
// publish (the publish fails, nothing is sent), a restarted registry keeping its ids (state
// file), an unknown id, a framed message whose JSON fails the handler's type, a writer schema the
// handler's type cannot read, and a registration the registry refuses.
#include "catalog/catalog_samples.hpp"
#include "kafka_fixture.hpp"

#include <events/kafka/schema_registry.hpp>
#include <events/schema_registry/client.hpp>
#include <events/schema_registry/server.hpp>

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace sr = events::schema_registry;
using todo_created = events::flat_event<events::TodoCreated>;
using namespace std::chrono_literals;

namespace {

// A consumer of todo_created on `topic` reading with `format`: what it handled and dead-lettered.
struct reader {
  events::kafka::consumer in;
  std::vector<std::string> handled;  // the raw values handled
  std::vector<std::string> id_headers;  // their __value_schema_id headers ("" when none)
  std::vector<events::kafka::dead_letter> dead;
  reader(const events::kafka::config& cfg, const std::string& topic, const std::string& group,
         std::shared_ptr<events::kafka::value_format> format)
      : in(cfg, [&] {
          auto o = kt::fast({topic}, group);
          o.dedupe_window = 0;
          o.values = std::move(format);
          return o;
        }()) {
    in.on<todo_created>([this](const todo_created&, const events::kafka::message& m) {
      handled.emplace_back(m.value());
      id_headers.emplace_back(m.header(sr::value_schema_id_header).value_or(""));
    });
    in.on_dead_letter([this](const events::kafka::dead_letter& d) { dead.push_back(d); });
  }
  void until(std::size_t settled) {
    kt::poll_until(in, [&] { return kt::settled(in.stats()) >= settled; }, 30s);
    in.close();
  }
};

std::string framed(std::uint32_t id, std::string_view json) {
  std::string out;
  sr::write_frame(out, id);
  out += json;
  return out;
}

todo_created fresh() {
  auto ev = catalog_test::sample<todo_created>();
  ev.event_id = events::uuid::v4();
  return ev;
}

// Sends bytes as a Python or Node service would: the value as given, the type in ce_type.
void send_raw(events::kafka::producer& out, const std::string& value) {
  events::kafka::record r{.topic = std::string(events::TodoCreated::topic), .key = "k", .value = value,
                          .headers = {{"ce_type", "TodoCreated"}}};
  auto d = out.send(r).get();
  REQUIRE_MESSAGE(d.ok(), d.error);
}

const std::string topic(events::TodoCreated::topic);

}  // namespace

TEST_SUITE("schema_registry.kafka") {
  TEST_CASE("framed in the value and in the header, and plain: one topic, one consumer reads all three") {
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    sr::server srv({.port = 0});
    srv.start();
    sr::client registry({.url = srv.url()});
    auto framing = std::make_shared<events::kafka::registry_format>(registry);
    framing->add<todo_created>();
    auto in_header = std::make_shared<events::kafka::registry_format>(
        registry, events::kafka::registry_format_options{.write = {.placement = sr::id_placement::header}});
    in_header->add<todo_created>();
    {
      events::kafka::producer plain(cfg), in_frame(cfg, {.values = framing}), header(cfg, {.values = in_header});
      for (auto* p : {&plain, &in_frame, &header}) {
        auto d = p->publish(fresh()).get();
        REQUIRE_MESSAGE(d.ok(), d.error);
      }
    }
    CHECK(registry.subjects() == std::vector<std::string>{topic + "-value"});
    const auto id = registry.latest_version(topic + "-value").id;
    CHECK(registry.schema_by_id(id) == sr::registered_schema_text<todo_created>());

    reader r(cfg, topic, "migration", framing);
    r.until(3);
    REQUIRE(r.handled.size() == 3);
    CHECK(r.dead.empty());
    CHECK(r.handled[0].front() == '{');                  // plain, as before the migration
    CHECK(sr::read_frame(r.handled[1])->id == id);       // 0x00 + id + JSON
    CHECK(r.handled[2].front() == '{');                  // the id in __value_schema_id
    CHECK(r.id_headers == std::vector<std::string>{"", "", sr::id_header_value(id)});

    // A consumer that takes framed messages only dead-letters the plain one, saying why.
    auto strict = std::make_shared<events::kafka::registry_format>(
        registry, events::kafka::registry_format_options{.read = {.accept_plain = false}});
    strict->add<todo_created>();
    reader s(cfg, topic, "framed-only", strict);
    s.until(3);
    CHECK(s.handled.size() == 2);
    REQUIRE(s.dead.size() == 1);
    CHECK(s.dead[0].code == events::error_codes::schema_registry_unframed);
    CHECK(s.dead[0].offset == 0);
  }

  TEST_CASE("registry unreachable at publish: the publish fails with that reason and nothing is sent") {
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    int port = 0;
    {
      sr::server probe({.port = 0});
      probe.start();
      port = probe.port();
    }  // closed: nothing listens there now
    sr::client down({.url = "http://127.0.0.1:" + std::to_string(port), .timeout = 500ms, .retries = 1, .backoff = 1ms});
    auto framing = std::make_shared<events::kafka::registry_format>(down);
    framing->add<todo_created>();
    events::kafka::producer out(cfg, {.values = framing});
    auto d = out.publish(fresh()).get();
    CHECK_FALSE(d.ok());
    REQUIRE(d.errors.size() == 1);
    CHECK(d.errors[0].code == events::error_codes::schema_registry_unavailable);
    CHECK(d.error.find("unreachable") != std::string::npos);
    CHECK(d.offset == -1);
    // Structured mode cannot carry the frame: refused too, never sent unframed.
    auto s = out.publish(fresh(), {.mode = events::kafka::content_mode::structured}).get();
    CHECK_FALSE(s.ok());
    // A type the format was not given: refused, not sent plain.
    auto other = out.publish(catalog_test::sample<events::flat_event<events::TodoDeleted>>()).get();
    CHECK_FALSE(other.ok());
    REQUIRE(other.errors.size() == 1);
    CHECK(other.errors[0].code == events::error_codes::schema_registry_unknown_type);
    CHECK(out.delivered() == 0);
    CHECK(out.failed() == 3);
    // What reaches the topic next is the first message on it: nothing was sent before.
    events::kafka::producer plain(cfg);
    auto marker = plain.publish(fresh()).get();
    REQUIRE(marker.ok());
    CHECK(marker.offset == 0);
  }

  TEST_CASE("a producer keeps each format's frame per topic, and asks again after a refusal") {
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    const std::string other = "todo-other";
    // The registry is down for the first registration under the other topic's subject only.
    struct flaky : sr::store_source {
      using sr::store_source::store_source;
      std::string down_for;
      std::uint32_t register_schema(const std::string& subject, const std::string& schema, bool normalize) override {
        if (subject == down_for) {
          down_for.clear();
          throw sr::registry_error(0, 0, "unreachable (down for a moment)");
        }
        return sr::store_source::register_schema(subject, schema, normalize);
      }
    };
    sr::store st;
    flaky source(st);
    source.down_for = other + "-value";
    auto framing = std::make_shared<events::kafka::registry_format>(source);
    framing->add<todo_created>();
    auto in_header = std::make_shared<events::kafka::registry_format>(
        source, events::kafka::registry_format_options{.write = {.placement = sr::id_placement::header}});
    in_header->add<todo_created>();
    {
      events::kafka::producer in_frame(cfg, {.values = framing}), header(cfg, {.values = in_header});
      auto first = in_frame.publish(fresh()).get();
      REQUIRE_MESSAGE(first.ok(), first.error);
      // Another topic is not the kept one: the format is asked, and the registry is down.
      auto refused = in_frame.publish(fresh(), {.topic = other}).get();
      CHECK_FALSE(refused.ok());
      REQUIRE(refused.errors.size() == 1);
      CHECK(refused.errors[0].code == events::error_codes::schema_registry_unavailable);
      // On this one thread, in turn: two formats on the same type and topic, and the other topic
      // (asked again after the refusal: now it answers).
      for (auto* d : {&in_frame, &header, &in_frame, &header}) {
        auto r = d->publish(fresh()).get();
        REQUIRE_MESSAGE(r.ok(), r.error);
        auto o = in_frame.publish(fresh(), {.topic = other}).get();
        REQUIRE_MESSAGE(o.ok(), o.error);
      }
    }
    const auto id = source.latest_version(topic + "-value").id;
    reader r(cfg, topic, "kept", framing);
    r.until(5);
    REQUIRE(r.handled.size() == 5);
    CHECK(r.dead.empty());
    for (std::size_t i : {std::size_t{0}, std::size_t{1}, std::size_t{3}}) {
      REQUIRE(sr::read_frame(r.handled[i]));
      CHECK(sr::read_frame(r.handled[i])->id == id);  // the frame, no header
      CHECK(r.id_headers[i].empty());
    }
    for (std::size_t i : {std::size_t{2}, std::size_t{4}}) {
      CHECK(r.handled[i].front() == '{');  // plain, the id in the header
      CHECK(r.id_headers[i] == sr::id_header_value(id));
    }
    reader o(cfg, other, "kept-other", framing);
    o.until(4);
    REQUIRE(o.handled.size() == 4);
    for (const auto& v : o.handled) CHECK(sr::read_frame(v)->id == source.latest_version(other + "-value").id);
  }

  TEST_CASE("a restarted registry with its state file: the same ids, old messages still read") {
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    const auto dir = std::filesystem::temp_directory_path() / ("events_sr_kafka_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string file = (dir / "registry.json").string();
    std::uint32_t first_id = 0;
    {
      sr::server srv({.port = 0, .file = file});
      srv.start();
      sr::client registry({.url = srv.url()});
      registry.register_schema("unrelated", R"({"type":"object","title":"Unrelated"})", false);  // id 1
      auto framing = std::make_shared<events::kafka::registry_format>(registry);
      framing->add<todo_created>();
      events::kafka::producer out(cfg, {.values = framing});
      auto d = out.publish(fresh()).get();
      REQUIRE_MESSAGE(d.ok(), d.error);
      first_id = registry.latest_version(topic + "-value").id;
      CHECK(first_id == 2);
    }  // the registry stops
    sr::server again({.port = 0, .file = file});
    again.start();
    sr::client registry({.url = again.url()});
    auto framing = std::make_shared<events::kafka::registry_format>(registry);
    framing->add<todo_created>();
    {
      events::kafka::producer out(cfg, {.values = framing});
      auto d = out.publish(fresh()).get();
      REQUIRE_MESSAGE(d.ok(), d.error);
    }
    reader r(cfg, topic, "after-restart", framing);
    r.until(2);
    REQUIRE(r.handled.size() == 2);
    CHECK(r.dead.empty());
    CHECK(sr::read_frame(r.handled[0])->id == first_id);
    CHECK(sr::read_frame(r.handled[1])->id == first_id);  // re-registered: the id it had
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("dead letters: an unknown id, JSON that fails the type, a writer schema the type cannot read") {
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    sr::server srv({.port = 0});
    srv.start();
    sr::client registry({.url = srv.url()});
    const auto good = registry.register_schema(topic + "-value", sr::registered_schema_text<todo_created>(), false);
    // A writer that may send `title` as a number: our TodoCreated cannot read that.
    auto loose = nlohmann::json::parse(sr::registered_schema_text<todo_created>());
    loose["properties"]["title"] = {{"type", "integer"}};
    const auto bad = registry.register_schema("python-todo-value", loose.dump(), false);
    const std::string json = catalog_test::encode(fresh());
    auto broken = nlohmann::json::parse(json);
    broken["title"] = 5;
    {
      events::kafka::producer out(cfg);
      send_raw(out, framed(9999, json));          // no schema has this id
      send_raw(out, framed(good, broken.dump()));  // the id is fine, the JSON is not a TodoCreated
      send_raw(out, framed(bad, json));            // this message would decode; its schema allows what we cannot read
      send_raw(out, framed(bad, catalog_test::encode(fresh())));  // the verdict is kept: asked once
      send_raw(out, std::string("\x07{}", 3));    // not a magic byte of any serializer
      send_raw(out, std::string("\0\0\0", 3));    // a cut frame
      send_raw(out, framed(good, json));          // and a good one
    }
    auto framing = std::make_shared<events::kafka::registry_format>(registry);
    framing->add<todo_created>();
    reader r(cfg, topic, "dead-letters", framing);
    r.until(7);
    CHECK(r.handled.size() == 1);
    REQUIRE(r.dead.size() == 6);
    CHECK(r.dead[0].code == events::error_codes::schema_registry_unknown_id);
    CHECK(r.dead[0].message.find("9999") != std::string::npos);
    CHECK(r.dead[0].topic == topic + "-dlq");
    CHECK(r.dead[1].code == events::error_codes::string_type);
    CHECK(r.dead[1].message.find("/title") != std::string::npos);
    CHECK(r.dead[2].code == events::error_codes::schema_incompatible);
    CHECK(r.dead[2].message.find("/properties/title") != std::string::npos);
    CHECK(r.dead[3].code == events::error_codes::schema_incompatible);
    CHECK(r.dead[4].code == events::error_codes::schema_registry_magic);
    CHECK(r.dead[5].code == events::error_codes::schema_registry_magic);
    // The dead-letter topic holds the original bytes, frame included.
    CHECK(r.in.stats().dead_lettered == 6);
  }

  TEST_CASE("an incompatible registration: the publish fails naming the change, nothing is sent") {
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    sr::server srv({.port = 0});
    srv.start();
    sr::client registry({.url = srv.url()});
    // What the subject held before: a title that is a number.
    auto older = nlohmann::json::parse(sr::registered_schema_text<todo_created>());
    older["properties"]["title"] = {{"type", "integer"}};
    registry.register_schema(topic + "-value", older.dump(), false);
    auto framing = std::make_shared<events::kafka::registry_format>(registry);
    framing->add<todo_created>();
    events::kafka::producer out(cfg, {.values = framing});
    auto d = out.publish(fresh()).get();
    CHECK_FALSE(d.ok());
    REQUIRE(d.errors.size() == 1);
    CHECK(d.errors[0].code == events::error_codes::schema_registry_refused);
    CHECK(d.error.find("409") != std::string::npos);
    CHECK(d.error.find("/properties/title") != std::string::npos);
    CHECK(registry.latest_version(topic + "-value").version == 1);
    CHECK(out.delivered() == 0);
  }
}
