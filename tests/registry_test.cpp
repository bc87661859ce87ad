// Registry: decode by event_type and version into a variant, dispatch, errors listing the known
// types; version chains and upcasting.
#include "test_types.hpp"

#include <events/catalog.hpp>
#include <events/registry.hpp>
#include <events/version.hpp>

#include <doctest/doctest.h>

#include <string>

namespace {

using test::id;

struct NoteV1 {
  static constexpr std::string_view type = "note.added";
  std::string text;
};
struct NoteV2 {
  static constexpr std::string_view type = "note.added";
  static constexpr int version = 2;
  using previous = NoteV1;
  std::string text;
  std::vector<std::string> labels;
  static NoteV2 upcast(NoteV1&& old) { return {.text = std::move(old.text), .labels = {"v1"}}; }
};
struct NoteV3 {
  static constexpr std::string_view type = "note.added";
  static constexpr int version = 3;
  using previous = NoteV2;
  std::string body;
  std::vector<std::string> labels;
  int words = 0;
  static NoteV3 upcast(NoteV2&& old) {
    int words = old.text.empty() ? 0 : 1;
    for (char c : old.text) words += c == ' ';
    return {.body = std::move(old.text), .labels = std::move(old.labels), .words = words};
  }
};
struct Other {
  static constexpr std::string_view type = "other";
  int n = 0;
};
struct Extra {
  static constexpr std::string_view type = "extra";
};

using reg = events::registry<events::event<NoteV1>, events::event<Other>, events::event<NoteV3>, events::event<NoteV2>,
                             events::flat_event<test::OrderPlaced>>;

template <class P>
std::string wire(P p) {
  events::event_options o{.event_id = id("00000000-0000-4000-8000-000000000003")};
  return events::make_event(std::move(p), o).to_json();
}

}  // namespace

TEST_SUITE("registry") {
  TEST_CASE("find by type and version, and version 0 is the lowest") {
    static_assert(reg::find("note.added", 1) == 0);
    static_assert(reg::find("note.added", 2) == 3);
    static_assert(reg::find("note.added", 3) == 2);
    static_assert(reg::find("note.added") == 0);
    static_assert(reg::find("note.added", 4) == reg::size);
    static_assert(reg::find("other") == 1);
    static_assert(reg::find("order.placed", 2) == 4);
    static_assert(reg::find("nope") == reg::size);
    static_assert(reg::find("") == reg::size);
    static_assert(reg::index_of<events::event<Other>> == 1);
    CHECK(reg::known_types() == "note.added (v1, v2, v3), other, order.placed");
  }

  TEST_CASE("decode picks the alternative by event_type and event_version") {
    auto v1 = reg::decode(wire(NoteV1{.text = "a b"}));
    REQUIRE(v1);
    CHECK(v1->index() == 0);
    CHECK(std::get<0>(*v1).payload.text == "a b");
    auto v2 = reg::decode(wire(NoteV2{.text = "x", .labels = {"l"}}));
    REQUIRE(v2);
    CHECK(v2->index() == 3);
    auto o = reg::decode(wire(Other{.n = 7}));
    REQUIRE(o);
    CHECK(std::get<1>(*o).payload.n == 7);
    // event_type after the payload, escaped: still found
    auto late = reg::decode(R"({"event_id":"00000000-0000-4000-8000-000000000003","timestamp":"2026-01-01T00:00:00Z",)"
                            R"("payload":{"body":"b","labels":[],"words":1},"event_version":"3.0","event_type":"note.added"})");
    REQUIRE_MESSAGE(late, events::to_string(late.error()));
    CHECK(late->index() == 2);
    auto escaped = reg::decode(R"({"event_type":"oth\u0065r","event_id":"00000000-0000-4000-8000-000000000003",)"
                               R"("timestamp":"2026-01-01T00:00:00Z","payload":{"n":1}})");
    REQUIRE_MESSAGE(escaped, events::to_string(escaped.error()));
    CHECK(escaped->index() == 1);
    // no version: the lowest
    auto bare = reg::decode(R"({"event_type":"note.added","event_id":"00000000-0000-4000-8000-000000000003",)"
                            R"("timestamp":"2026-01-01T00:00:00Z","payload":{"text":"t"}})");
    REQUIRE(bare);
    CHECK(bare->index() == 0);
  }

  TEST_CASE("errors: unknown type lists the known ones, unknown version, not JSON, not an object") {
    auto u = reg::decode(R"({"event_id":"x","event_type":"note.deleted"})");
    REQUIRE_FALSE(u);
    REQUIRE(u.error().size() == 1);
    CHECK(u.error()[0].code == "unknown_event_type");
    CHECK(u.error()[0].path == "/event_type");
    CHECK(u.error()[0].input == "note.deleted");
    CHECK(u.error()[0].message.find("note.added (v1, v2, v3), other, order.placed") != std::string::npos);

    auto v = reg::decode(R"({"event_type":"note.added","event_version":"9.0"})");
    REQUIRE_FALSE(v);
    CHECK(v.error()[0].code == "unknown_event_version");
    CHECK(v.error()[0].path == "/event_version");
    CHECK(v.error()[0].message.find("1, 2, 3") != std::string::npos);

    auto bad = reg::decode(R"({"event_id": tru})");
    REQUIRE_FALSE(bad);
    CHECK(bad.error()[0].code == "json_invalid");
    auto unterminated = reg::decode(R"("abc)");
    REQUIRE_FALSE(unterminated);
    CHECK(unterminated.error()[0].code == "json_invalid");
    auto trailing = reg::decode("[1,2] x");
    REQUIRE_FALSE(trailing);
    CHECK(trailing.error()[0].code == "json_invalid");
    auto arr = reg::decode("[1,2]");
    REQUIRE_FALSE(arr);
    CHECK(arr.error()[0].code == "model_type");
    auto none = reg::decode(R"({"a":1})");
    REQUIRE_FALSE(none);
    CHECK(none.error()[0].code == "missing");
    CHECK(none.error()[0].path == "/event_type");
    auto num = reg::decode(R"({"event_type":5})");
    REQUIRE_FALSE(num);
    CHECK(num.error()[0].code == "string_type");
    for (std::string_view junk : {"", " ", "\xff\xfe", "{", "{\"event_type\":\"other\"", "nul", "{\"event_type\":\"\xc3\"}"}) {
      auto r = reg::decode(junk);
      CHECK_FALSE(r);
      CHECK_FALSE(r.error().empty());
    }
  }

  TEST_CASE("the payload's own errors come through with their paths") {
    auto r = reg::decode(R"({"event_type":"other","event_id":"00000000-0000-4000-8000-000000000003",)"
                         R"("timestamp":"2026-01-01T00:00:00Z","payload":{"n":"seven"}})");
    REQUIRE_FALSE(r);
    CHECK(r.error()[0].path == "/payload/n");
    CHECK(r.error()[0].code == "int_parsing");  // Pydantic's code for a string that is no integer
  }

  TEST_CASE("dispatch to overloaded handlers") {
    int notes = 0, others = 0, rest = 0;
    auto handlers = events::overloaded{[&](const events::event<NoteV2>&) { ++notes; },
                                       [&](const events::event<Other>& e) { others += e.payload.n; },
                                       [&](const auto&) { ++rest; }};
    CHECK(reg::dispatch(wire(NoteV2{.text = "x"}), handlers).empty());
    CHECK(reg::dispatch(wire(Other{.n = 5}), handlers).empty());
    CHECK(reg::dispatch(wire(NoteV1{.text = "x"}), handlers).empty());
    CHECK_FALSE(reg::dispatch("{}", handlers).empty());
    CHECK(notes == 1);
    CHECK(others == 5);
    CHECK(rest == 1);
  }

  TEST_CASE("a producer's messages: the remembered identity serves only text that walks to it") {
    // The same entries and one more: its own thread cache, reset before each line (a message whose
    // first member is event_type is never remembered), so it identifies every line afresh.
    using fresh = events::registry<events::event<NoteV1>, events::event<Other>, events::event<NoteV3>,
                                   events::event<NoteV2>, events::flat_event<test::OrderPlaced>, events::event<Extra>>;
    const std::string lines[] = {
        R"({"event_id":"aaaa","event_type":"note.added","event_version":"2.0","payload":{}})",
        R"({"event_id":"bbbb","event_type":"note.added","event_version":"2.0"})",
        R"({"event_id":"bbbb","event_type":"note.added","event_version":"3.0"})",
        R"({"event_id":"ccccc","event_type":"note.added","event_version":"3.0"})",
        R"({"event_id":"dddd","event_type":"other","event_version":"3.0"})",
        R"({"event_id":"eeee","event_type":"other","event_version":"3.0"})",
        R"({"event_id":"ab\"c","event_type":"other","event_version":"3.0"})",
        R"({"event_id":"ffff","event_type":"note.addex","event_version":"3.0"})",
        R"({"event_id":"gggg","event_type":"note.added","event_version":"9.0"})",
        R"({"event_id":"hhhh","event_type":"note.added","event_version":"9.0"})",
        R"({"event_id":"iiii","event_type":"note.added","event_version":"2.0"})",
        R"({"event_id":"jjjj","event_type":"note.added","event_version":"2.0")",
        R"({"event_id":"kkkk","event_type":"note.added","event_version":"2.0"} x)",
        R"({"event_id":"k\u00e9k","event_type":"note.added","event_version":"2.0"})",
        R"({"event_id":"llll","event_type":"note.added","event_version":"2.0"})",
        R"({"event_type":"other","event_id":"mmmm"})",
        R"({"event_type":"other","event_id":"nnnn"})",
        R"({"event_id":"oooo","event_type":"order.placed"})",
        R"({"event_id":"pppp","event_type":"order.placed"})",
        R"({"event_id":"qqqq","event_type":"order.placed.v2"})",
        R"({"event_id":"rrrr","event_type":"order.placed.v2"})",
        R"({"event_id":"ssss","event_type":"order.placed.v3"})",
    };
    const std::size_t expected[] = {3, 3, 2, 2, 1, 1, 1, reg::size, reg::size, reg::size, 3, 3, 3, 3, 3, 1, 1, 4, 4, 4, 4, reg::size};
    for (std::size_t i = 0; i < std::size(lines); ++i) {
      CAPTURE(lines[i]);
      CHECK(fresh::identify(R"({"event_type":"other"})"));
      auto want = fresh::identify(lines[i]);
      auto got = reg::identify(lines[i]);
      REQUIRE(bool(got) == bool(want));
      if (got) {
        CHECK(*got == *want);
        CHECK(*got == expected[i]);
      } else {
        CHECK_MESSAGE(expected[i] == reg::size, events::to_string(got.error()));
        REQUIRE(got.error().size() == want.error().size());
        CHECK(got.error()[0].code == want.error()[0].code);
        CHECK(got.error()[0].path == want.error()[0].path);
      }
    }
    // A limit the remembered walk would break is honoured.
    CHECK(reg::identify(lines[14]));
    auto tight = reg::identify(lines[14], events::decode_options{.max_string_bytes = 4});
    REQUIRE_FALSE(tight);
    auto too_big = reg::identify(lines[14], events::decode_options{.max_input_bytes = 10});
    REQUIRE_FALSE(too_big);
    CHECK(too_big.error()[0].code == "json_too_large");
  }

  TEST_CASE("decoding into a variant reuses it") {
    reg::variant v;
    CHECK(reg::decode(wire(Other{.n = 1}), v).empty());
    CHECK(std::get<1>(v).payload.n == 1);
    CHECK(reg::decode(wire(Other{.n = 2}), v).empty());
    CHECK(std::get<1>(v).payload.n == 2);
    CHECK(reg::decode(wire(NoteV1{.text = "z"}), v).empty());
    CHECK(std::get<0>(v).payload.text == "z");
  }

  TEST_CASE("the catalog registry: every golden message identified as its own entry") {
    using cat = events::catalog_registry;
    static_assert([] {
      for (std::size_t i = 0; i < cat::size; ++i)
        if (cat::find(cat::type_names[i], cat::versions[i]) != i) return false;
      return true;
    }());
    // near misses: one character changed, cut, or added never find an entry
    for (std::size_t i = 0; i < cat::size; ++i) {
      std::string name(cat::type_names[i]);
      for (std::size_t k = 0; k < name.size(); ++k) {
        std::string m = name;
        m[k] = static_cast<char>(m[k] ^ 0x20);
        CHECK(cat::find(m) == cat::size);
      }
      CHECK(cat::find(name.substr(0, name.size() - 1)) == cat::size);
      CHECK(cat::find(name + "s") == cat::size);
    }
    CHECK(cat::known_types().find("task.created (v1, v2)") != std::string::npos);
    auto v2 = cat::identify(R"({"event_type":"task.created","schema_version":"2.0.0","event_version":"2.0"})");
    REQUIRE(v2);
    CHECK(*v2 == cat::index_of<events::event<events::TaskCreatedPayloadV2>>);
    auto v2s = cat::identify(R"({"event_type":"task.created","schema_version":"2.0.0"})");
    REQUIRE(v2s);
    CHECK(*v2s == cat::index_of<events::event<events::TaskCreatedPayloadV2>>);
    auto v1 = cat::identify(R"({"event_type":"task.created","event_version":"1.0"})");
    REQUIRE(v1);
    CHECK(*v1 == cat::index_of<events::event<events::TaskCreatedPayload>>);
    auto t = cat::identify(R"({"event_type":"TodoCreated"})");
    REQUIRE(t);
    CHECK(*t == cat::index_of<events::flat_event<events::TodoCreated>>);
  }
}

TEST_SUITE("version") {
  TEST_CASE("the chain, oldest first") {
    static_assert(std::is_same_v<events::version_chain<NoteV3>, std::tuple<NoteV1, NoteV2, NoteV3>>);
    static_assert(std::is_same_v<events::version_chain<NoteV1>, std::tuple<NoteV1>>);
    static_assert(std::is_same_v<events::version_chain<events::TaskCreatedPayloadV2>,
                                 std::tuple<events::TaskCreatedPayload, events::TaskCreatedPayloadV2>>);
    CHECK(std::tuple_size_v<events::version_chain<NoteV3>> == 3);  // also at run time: a test case asserts something
  }

  TEST_CASE("upcast v1 -> v3 through v2") {
    NoteV3 n = events::upcast<NoteV3>(NoteV1{.text = "three little words"});
    CHECK(n.body == "three little words");
    CHECK(n.labels == std::vector<std::string>{"v1"});
    CHECK(n.words == 3);
  }

  TEST_CASE("an old message decodes into the newest type, metadata kept") {
    auto from_v1 = events::decode_latest<events::event<NoteV3>>(wire(NoteV1{.text = "a b"}));
    REQUIRE_MESSAGE(from_v1, events::to_string(from_v1.error()));
    CHECK(from_v1->payload.body == "a b");
    CHECK(from_v1->payload.words == 2);
    CHECK(from_v1->event_id == id("00000000-0000-4000-8000-000000000003"));
    auto from_v2 = events::decode_latest<events::event<NoteV3>>(wire(NoteV2{.text = "x", .labels = {"k"}}));
    REQUIRE(from_v2);
    CHECK(from_v2->payload.labels == std::vector<std::string>{"k"});
    auto from_v3 = events::decode_latest<events::event<NoteV3>>(wire(NoteV3{.body = "b", .labels = {}, .words = 9}));
    REQUIRE(from_v3);
    CHECK(from_v3->payload.words == 9);
    auto other = events::decode_latest<events::event<NoteV3>>(wire(Other{}));
    REQUIRE_FALSE(other);
    CHECK(other.error()[0].code == "unknown_event_type");
  }

  TEST_CASE("catalog task.created v1 on the wire -> TaskCreatedPayloadV2") {
    events::TaskCreatedPayload v1{.task_id = id("123e4567-e89b-42d3-a456-426614174000"),
                                  .user_id = id("6ba7b810-9dad-41d1-80b4-00c04fd430c8"),
                                  .title = "Plan", .tags = {"t"}};
    auto ev = events::decode_latest<events::event<events::TaskCreatedPayloadV2>>(wire(v1));
    REQUIRE_MESSAGE(ev, events::to_string(ev.error()));
    CHECK(ev->payload.title == "Plan");
    CHECK(ev->payload.tags == std::vector<std::string>{"t"});
    CHECK(ev->payload.attachments.empty());
  }
}
