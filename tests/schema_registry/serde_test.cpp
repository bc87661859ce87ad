// Confluent's wire format, subject names, and the serde over an in-process registry.
#include <catalog/catalog_samples.hpp>

#include <events/catalog.hpp>
#include <events/schema_registry/serde.hpp>

#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace sr = events::schema_registry;
using namespace std::string_literals;

TEST_SUITE("schema_registry.wire") {
  TEST_CASE("frame: magic byte 0, id big-endian, then the JSON") {
    std::string out;
    sr::write_frame(out, 0x01020304);
    out += "{}";
    CHECK(out == "\x00\x01\x02\x03\x04{}"s);
    auto f = sr::read_frame(out);
    REQUIRE(f);
    CHECK(f->id == 0x01020304u);
    CHECK(f->payload == "{}");
    CHECK_FALSE(sr::read_frame("{\"a\":1}"));
    CHECK_FALSE(sr::read_frame("\x00\x01\x02"s));  // too short
  }
  TEST_CASE("header form: 0x01 + GUID, or 0x00 + id") {
    auto g = sr::schema_guid::parse("123E4567-e89b-12d3-a456-426614174000");
    REQUIRE(g);
    CHECK(g->to_string() == "123e4567-e89b-12d3-a456-426614174000");
    const std::string v = sr::guid_header_value(*g);
    CHECK(v.size() == 17);
    CHECK(v[0] == '\x01');
    CHECK(v[1] == '\x12');
    auto h = sr::read_schema_id_header(v);
    REQUIRE(h);
    CHECK(h->guid == g);
    auto n = sr::read_schema_id_header(sr::id_header_value(258));
    REQUIRE(n);
    CHECK(n->id == 258u);
    CHECK_FALSE(sr::read_schema_id_header("\x02xx"));
    CHECK_FALSE(sr::schema_guid::parse("123e4567e89b12d3a456426614174000"));
  }
  TEST_CASE("same_text (the serializer's topic compare): every length, a difference at every place") {
    for (std::size_t n = 0; n <= 40; ++n) {
      std::string a(n, 'x');
      for (std::size_t i = 0; i < n; ++i) a[i] = static_cast<char>('a' + i % 26);
      const std::string same = a;
      CHECK(events::detail::same_text(a, same));
      CHECK_FALSE(events::detail::same_text(a, a + "y"));
      for (std::size_t i = 0; i < n; ++i) {
        std::string b = a;
        b[i] = '#';
        CHECK_FALSE(events::detail::same_text(a, b));
      }
    }
  }
}

namespace {

// The class names the seeds' Python modules define (read from the seed files, not from us).
std::set<std::string> seed_classes(const char* file) {
  std::ifstream in(std::string(EVENTS_SOURCE_DIR) + "/tests/catalog/seeds/" + file);
  REQUIRE(in);
  std::set<std::string> out;
  std::regex cls(R"(^class (\w+)\((\w+))");
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, cls) && m[2] != "str") out.insert(m[1]);
  }
  return out;
}

template <class Tuple>
struct record_names;
template <class... T>
struct record_names<std::tuple<T...>> {
  static std::multiset<std::string> get() { return {sr::record_name<T>()...}; }
};

}  // namespace

TEST_SUITE("schema_registry.subject") {
  TEST_CASE("Confluent's three strategies") {
    CHECK(sr::subject_name(sr::subject_strategy::topic, "todo-events", "TodoCreated") == "todo-events-value");
    CHECK(sr::subject_name(sr::subject_strategy::topic, "todo-events", "TodoCreated", true) == "todo-events-key");
    CHECK(sr::subject_name(sr::subject_strategy::record, "todo-events", "TodoCreated") == "TodoCreated");
    CHECK(sr::subject_name(sr::subject_strategy::topic_record, "todo-events", "TodoCreated") == "todo-events-TodoCreated");
    CHECK(sr::parse_subject_strategy("TopicRecordNameStrategy") == sr::subject_strategy::topic_record);
    CHECK_FALSE(sr::parse_subject_strategy("bogus"));
  }
  TEST_CASE("every seed event class is the record name of one catalog type") {
    const auto names = record_names<catalog_test::all_types>::get();
    std::set<std::string> seeds = seed_classes("seed000_events.py");
    seeds.erase("BaseEvent");  // the base of seed 000's events, never sent alone
    for (auto c : seed_classes("seed004_events.py"))
      if (c.ends_with("Payload")) seeds.insert(c);  // seed 004's TaskEvent/ReminderEvent wrap every payload
    REQUIRE(seeds.size() >= 14);
    for (const auto& c : seeds) {
      CAPTURE(c);
      CHECK(names.count(c) == 1);
    }
    CHECK(sr::record_name<events::TaskEvent>() == "TaskEvent");  // seed 003's contract message
    CHECK(sr::registered_schema<events::flat_event<events::TodoCreated>>()["title"] == "TodoCreated");
  }
  TEST_CASE("record names are unique across the catalog, so record subjects never collide") {
    const auto names = record_names<catalog_test::all_types>::get();
    for (const auto& n : names) {
      CAPTURE(n);
      CHECK(names.count(n) == 1);
    }
  }
}

TEST_SUITE("schema_registry.serde") {
  TEST_CASE_TEMPLATE_DEFINE("framed round trip over the registry", T, framed_round_trip) {
    sr::store reg;
    sr::store_source src(reg);
    sr::serializer<T> ser(src, {.strategy = sr::subject_strategy::topic_record});
    sr::deserializer<T> de(src);
    const T value = catalog_test::sample<T>();
    const std::string topic(events::event_traits<T>::topic.empty() ? "contract" : events::event_traits<T>::topic);
    auto bytes = ser.serialize(value, topic);
    REQUIRE_MESSAGE(bytes, events::to_string(bytes.error()));
    std::string expected;
    sr::write_frame(expected, 1);
    expected += catalog_test::encode(value);
    CHECK(*bytes == expected);
    // The registry holds the schema under the subject, titled with the record name.
    auto latest = src.latest_version(topic + "-" + sr::record_name<T>());
    CHECK(latest.id == 1);
    CHECK(nlohmann::json::parse(latest.schema)["title"] == sr::record_name<T>());
    auto back = de.deserialize(*bytes);
    REQUIRE_MESSAGE(back, events::to_string(back.error()));
    CHECK(catalog_test::encode(*back) == catalog_test::encode(value));
    // A second message asks nothing more: same id, verdict kept.
    CHECK(ser.serialize(value, topic).value() == expected);
    CHECK(de.deserialize(*bytes));
    CHECK(de.checked_ids() == 1);
  }
  TEST_CASE_TEMPLATE_APPLY(framed_round_trip, catalog_test::all_types);

  using todo = events::flat_event<events::TodoCreated>;

  TEST_CASE("plain and framed messages on one topic are both read, and plain refused on request") {
    sr::store reg;
    sr::store_source src(reg);
    sr::serializer<todo> ser(src);
    const auto value = catalog_test::sample<todo>();
    const std::string plain = value.to_json();
    const std::string framed = ser.serialize(value, "todo-events").value();
    sr::deserializer<todo> de(src);
    CHECK(de.deserialize(plain));
    CHECK(de.deserialize(framed));
    sr::deserializer<todo> strict(src, {.accept_plain = false});
    auto r = strict.deserialize(plain);
    REQUIRE_FALSE(r);
    CHECK(r.error()[0].code == sr::error_codes::unframed);
  }
  TEST_CASE("header form: plain payload, id in the header") {
    sr::store reg;
    sr::store_source src(reg);
    sr::serializer<todo> ser(src, {.placement = sr::id_placement::header});
    std::string out, header;
    REQUIRE(ser.serialize_to(catalog_test::sample<todo>(), "todo-events", out, &header).empty());
    CHECK(out.front() == '{');
    CHECK(header == sr::id_header_value(1));
    sr::deserializer<todo> de(src);
    CHECK(de.deserialize(out, header));
    // The GUID form: the registry's GUID of schema 1.
    auto guid = sr::schema_guid::parse(src.latest_version("todo-events-value").guid);
    REQUIRE(guid);
    sr::deserializer<todo> by_guid(src);
    auto back = by_guid.deserialize(out, sr::guid_header_value(*guid));
    CHECK_MESSAGE(back, events::to_string(back.error()));
    CHECK(by_guid.checked_ids() == 1);
  }
  TEST_CASE("an unknown id, a bad magic byte, a JSON that fails the type") {
    sr::store reg;
    sr::store_source src(reg);
    sr::deserializer<todo> de(src);
    std::string unknown;
    sr::write_frame(unknown, 99);
    unknown += catalog_test::sample<todo>().to_json();
    auto r = de.deserialize(unknown);
    REQUIRE_FALSE(r);
    CHECK(r.error()[0].code == sr::error_codes::unknown_schema);
    CHECK(r.error()[0].message.find("99") != std::string::npos);
    auto m = de.deserialize("\x01\x00\x00\x00\x01{}"s);
    REQUIRE_FALSE(m);
    CHECK(m.error()[0].code == sr::error_codes::unknown_magic);
    sr::serializer<todo> ser(src);
    std::string bad;
    sr::write_frame(bad, ser.schema_id("todo-events"));
    bad += R"({"event_id":"x"})";
    auto b = de.deserialize(bad);
    REQUIRE_FALSE(b);
    CHECK(b.error()[0].code == "uuid_parsing");
  }
  TEST_CASE("a writer schema the type cannot read is refused once, with the change named") {
    sr::store reg;
    sr::store_source src(reg);
    // A writer whose model is open and declares an extra property of another type: reading it
    // with TodoCreated's closed-or-open model is checked by Confluent's rules.
    auto writer = sr::registered_schema<todo>();
    writer["properties"]["title"] = {{"type", "integer"}};
    reg.handle("PUT", "/config/w", {}, R"({"compatibility":"NONE"})");
    const auto id = src.register_schema("w", writer.dump(), false);
    std::string msg;
    sr::write_frame(msg, id);
    msg += catalog_test::sample<todo>().to_json();
    sr::deserializer<todo> de(src);
    auto r = de.deserialize(msg);
    REQUIRE_FALSE(r);
    CHECK(r.error()[0].code == sr::error_codes::incompatible);
    CHECK(r.error()[0].input == "TYPE_CHANGED");
    CHECK(r.error()[0].path.find("/properties/title") != std::string::npos);
    CHECK_FALSE(de.deserialize(msg));
    CHECK(de.checked_ids() == 1);
    sr::deserializer<todo> lenient(src, {.check_writer_schema = false});
    CHECK(lenient.deserialize(msg));
  }
  TEST_CASE("serializer options: validate, use_schema_id, auto_register off, use_latest") {
    sr::store reg;
    sr::store_source src(reg);
    auto value = catalog_test::sample<todo>();
    value.payload.title = std::string(600, 'x');
    sr::serializer<todo> ser(src);
    auto bad = ser.serialize(value, "todo-events");
    REQUIRE_FALSE(bad);
    CHECK(bad.error()[0].code == "string_too_long");
    CHECK(reg.handle("GET", "/subjects", {}, "").body.empty());  // nothing registered for a refused event

    sr::serializer<todo> fixed(src, {.use_schema_id = 42u});
    CHECK(fixed.serialize(catalog_test::sample<todo>(), "t").value().substr(0, 5) == "\x00\x00\x00\x00\x2a"s);

    sr::serializer<todo> lookup_only(src, {.auto_register = false});
    auto missing = lookup_only.serialize(catalog_test::sample<todo>(), "todo-events");
    REQUIRE_FALSE(missing);
    CHECK(missing.error()[0].code == sr::error_codes::refused);
    CHECK(missing.error()[0].message.find("40401") != std::string::npos);

    sr::serializer<todo>(src).schema_id("todo-events");
    sr::serializer<todo> latest(src, {.use_latest = true});
    CHECK(latest.schema_id("todo-events") == 1);
  }
}
