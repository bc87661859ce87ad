// CloudEvents 1.0: binary-mode headers, the structured form read by the codec, and the JS SDK's
// events (npm cloudevents, tests/js) read back.
#include "node_peer.hpp"
#include "test_types.hpp"

#include <events/cloudevents.hpp>
#include <events/task_events.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace {
using test::id;
events::event<events::TaskDeletedPayload> fixed_event() {
  events::timestamp t;
  REQUIRE(events::parse_timestamp("2026-01-15T10:30:00.5Z", t) == events::timestamp_errc::ok);
  return events::make_event(events::TaskDeletedPayload{.task_id = id("00000000-0000-4000-8000-00000000000a"),
                                                       .user_id = id("00000000-0000-4000-8000-00000000000b"),
                                                       .deleted_at = t,
                                                       .reason = std::nullopt},
                            {.correlation_id = id("00000000-0000-4000-8000-000000000001"),
                             .causation_id = id("00000000-0000-4000-8000-000000000002"),
                             .event_id = id("00000000-0000-4000-8000-000000000003"),
                             .time = t});
}
}  // namespace

TEST_SUITE("cloudevents") {
  TEST_CASE("binary mode: ce_ headers in a fixed order / correlation extension included") {
    auto h = events::cloudevents::binary_headers(fixed_event(), "/tasks");
    std::vector<std::pair<std::string, std::string>> got(h.begin(), h.end());
    std::vector<std::pair<std::string, std::string>> want{
        {"ce_specversion", "1.0"},
        {"ce_id", "00000000-0000-4000-8000-000000000003"},
        {"ce_source", "/tasks"},
        {"ce_type", "task.deleted"},
        {"ce_time", "2026-01-15T10:30:00.500000Z"},
        {"ce_correlationid", "00000000-0000-4000-8000-000000000001"},
        {"ce_causationid", "00000000-0000-4000-8000-000000000002"},
        {"content-type", "application/json"}};
    CHECK(got == want);
    auto back = events::cloudevents::from_binary_headers(got);
    REQUIRE(back);
    CHECK(back->type == "task.deleted");
    CHECK(back->causationid == "00000000-0000-4000-8000-000000000002");
    got.erase(got.begin());  // no ce_specversion: not a CloudEvent
    CHECK_FALSE(events::cloudevents::from_binary_headers(got));
  }

  TEST_CASE("structured mode: attributes as members / the event as data / read back") {
    auto ev = fixed_event();
    std::string doc = events::cloudevents::to_structured(ev, "/tasks");
    CHECK(doc ==
          R"({"specversion":"1.0","id":"00000000-0000-4000-8000-000000000003","source":"/tasks","type":"task.deleted",)"
          R"("time":"2026-01-15T10:30:00.500000Z","datacontenttype":"application/json",)"
          R"("correlationid":"00000000-0000-4000-8000-000000000001","causationid":"00000000-0000-4000-8000-000000000002",)"
          R"("data":)" + ev.to_json() + "}");
    auto back = events::cloudevents::parse_structured(doc);
    REQUIRE(back);
    CHECK(back->attrs == events::cloudevents::attributes_of(ev, "/tasks"));
    auto data = events::event<events::TaskDeletedPayload>::from_json(back->data);
    REQUIRE(data);
    CHECK(*data == ev);
  }

  TEST_CASE("structured mode: every problem reported once, with its path") {
    auto r = events::cloudevents::parse_structured(R"({"specversion":"0.3","id":7,"type":"x"})");
    REQUIRE_FALSE(r);
    std::vector<std::pair<std::string, std::string>> got;
    for (const auto& e : r.error()) got.emplace_back(e.path, e.code);
    // Until now `"id": 7` also gave {"/id", "missing"} (it is there, of the wrong type: one error),
    // and a document without `data` gave {"/data", "missing"}: CloudEvents 1.0 makes data optional.
    std::vector<std::pair<std::string, std::string>> want{{"/id", "string_type"},
                                                          {"/specversion", "literal_error"},
                                                          {"/source", "missing"}};
    CHECK(got == want);
    auto bad = events::cloudevents::parse_structured("{\"data\": [1,");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().front().code == "json_invalid");
  }

  TEST_CASE("structured mode: the JSON event format's rules - optional data, data_base64, null, extensions") {
    namespace ce = events::cloudevents;
    auto codes = [](std::string_view doc) {
      std::vector<std::pair<std::string, std::string>> out;
      auto r = ce::parse_structured(doc);
      if (!r)
        for (const auto& e : r.error()) out.emplace_back(e.path, e.code);
      return out;
    };
    using list = std::vector<std::pair<std::string, std::string>>;
    const std::string head = R"({"specversion":"1.0","id":"1","source":"/s","type":"t")";
    // Without data: valid, and it has none. null is the same as absent (JSON format 2.2).
    for (std::string doc : {head + "}", head + R"(,"data":null,"subject":null})"}) {
      auto r = ce::parse_structured(doc);
      REQUIRE(r);
      CHECK_FALSE(r->has_data());
      CHECK(r->data.empty());
      CHECK(r->attrs.subject.empty());
    }
    // data_base64: decoded; the view outlives a move and a copy of the result.
    std::optional<ce::structured> kept;
    {
      std::string doc = head + R"(,"datacontenttype":"application/octet-stream","data_base64":"AP9oaQ=="})";
      auto r = ce::parse_structured(doc);
      REQUIRE(r);
      ce::structured copy = *r;
      kept = std::move(*r);
      CHECK(copy.data == std::string("\0\xffhi", 4));
    }
    CHECK(kept->form == ce::data_member::base64);
    CHECK(kept->datacontenttype == "application/octet-stream");
    CHECK(kept->data == std::string("\0\xffhi", 4));
    // Extensions: strings, integers and booleans, kept as their canonical text.
    // (the result views the document it read: the document outlives it)
    const std::string with_extensions = head + R"(,"myext":"v","count":-42,"flag":false,"data":{"a":1}})";
    auto ext = ce::parse_structured(with_extensions);
    REQUIRE(ext);
    CHECK(ext->form == ce::data_member::json);
    CHECK(ext->data == R"({"a":1})");
    CHECK(ext->attrs.extensions == std::vector<std::pair<std::string, std::string>>{{"myext", "v"}, {"count", "-42"}, {"flag", "false"}});
    // What the spec refuses, each once.
    CHECK(codes(head + R"(,"data":{},"data_base64":"AA=="})") == list{{"/data_base64", "cloudevents_data_exclusive"}});
    CHECK(codes(head + R"(,"data_base64":"A*=="})") == list{{"/data_base64", "base64_decode"}});
    CHECK(codes(head + R"(,"data_base64":"A"})") == list{{"/data_base64", "base64_decode"}});
    CHECK(codes(head + R"(,"time":"yesterday"})") == list{{"/time", "datetime_parsing"}});
    CHECK(codes(head + R"(,"time":"2026-01-15T10:30:00"})") == list{{"/time", "timezone_aware"}});
    CHECK(codes(head + R"(,"Bad_Name":"x","nested":{"a":1},"ratio":0.5})") ==
          list{{"/Bad_Name", "cloudevents_attribute_name"}, {"/nested", "cloudevents_attribute_type"},
               {"/ratio", "cloudevents_attribute_type"}});
    CHECK(codes(R"({"specversion":"1.0","id":"","source":"/s","type":null})") ==
          list{{"/id", "string_too_short"}, {"/type", "missing"}});
    // Our own writer: no data means no data member and no datacontenttype.
    ce::attributes a{.id = "1", .source = "/s", .type = "t", .extensions = {{"myext", "v"}}};
    CHECK(ce::to_structured(a, {}) == R"({"specversion":"1.0","id":"1","source":"/s","type":"t","myext":"v"})");
  }

  TEST_CASE("the CloudEvents JS SDK's events - with and without data, data_base64, extensions - read by cloudevents.hpp") {
    namespace ce = events::cloudevents;
    using node_peer::json;
    // One of our events as the SDK's binary data: decoded, it is the event again.
    auto ours = fixed_event();
    const node_peer::temp_file file("cloudevents-data.json", ours.to_json());
    auto js = node_peer::run_node("cloudevents_make.mjs " + file.path());
    REQUIRE_MESSAGE(js.status == 0, js.output);
    std::set<std::string> names;
    for (const json& made : node_peer::objects(js)) {
      const std::string name = made["name"];
      names.insert(name);
      CAPTURE(name);
      const json& e = made["event"];  // the SDK's own view of its event
      // Structured: the document the SDK's Kafka binding writes.
      const std::string structured = made["structured"].get<std::string>();  // outlives doc, which views it
      auto doc = ce::parse_structured(structured);
      REQUIRE_MESSAGE(doc, (doc ? std::string() : events::to_string(doc.error())));
      // Binary: its headers.
      std::vector<std::pair<std::string, std::string>> headers = made["binary"]["headers"];
      auto bin = ce::from_binary_headers(headers);
      REQUIRE(bin);
      for (const ce::attributes* a : {&doc->attrs, &*bin}) {
        CHECK(a->id == e["id"]);
        CHECK(a->source == e["source"]);
        CHECK(a->type == e["type"]);
        CHECK(a->time == e["time"]);
        CHECK(a->subject == e.value("subject", ""));
        CHECK(a->dataschema == e.value("dataschema", ""));
        CHECK(a->traceparent == e.value("traceparent", ""));
        CHECK(a->correlationid == e.value("correlationid", ""));
        // Every other member of the SDK's event is an extension, with its canonical text.
        std::vector<std::pair<std::string, std::string>> want;
        for (const auto& [k, v] : e.items())
          if (!std::set<std::string>{"id", "source", "type", "time", "specversion", "subject", "dataschema",
                                     "datacontenttype", "data", "data_base64", "data_bytes", "traceparent",
                                     "correlationid"}.count(k))
            want.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
        auto got = a->extensions;
        std::sort(got.begin(), got.end());  // nlohmann::json orders members by name
        CHECK(got == want);
      }
      CHECK(doc->datacontenttype == e.value("datacontenttype", ""));
      if (e.contains("data_base64")) {
        REQUIRE(doc->form == ce::data_member::base64);
        std::vector<std::uint8_t> bytes = e["data_bytes"];
        CHECK(doc->data == std::string(bytes.begin(), bytes.end()));
        if (name == "our_event_base64") {
          auto back = events::event<events::TaskDeletedPayload>::from_json(doc->data);
          REQUIRE(back);
          CHECK(*back == ours);
        }
      } else if (e.contains("data")) {
        REQUIRE(doc->form == ce::data_member::json);
        CHECK(json::parse(doc->data) == e["data"]);
      } else {
        CHECK_FALSE(doc->has_data());
      }
    }
    CHECK(names == std::set<std::string>{"with_data", "without_data", "data_base64", "extensions", "our_event_base64"});
  }
}
