// The registry's REST API answered in memory: status codes, Confluent error codes and bodies.
#include <events/schema_registry/store.hpp>

#include <doctest/doctest.h>

#include <string>

namespace sr = events::schema_registry;

namespace {

std::string body(const nlohmann::json& schema) {
  return nlohmann::json{{"schemaType", "JSON"}, {"schema", schema.dump()}}.dump();
}
const nlohmann::json v1 = {{"type", "object"},
                           {"title", "Order"},
                           {"properties", {{"id", {{"type", "string"}}}}},
                           {"additionalProperties", false}};

}  // namespace

TEST_SUITE("schema_registry.store") {
  TEST_CASE("ids from 1, versions per subject, idempotent re-register, one id per schema") {
    sr::store reg;
    auto r = reg.handle("POST", "/subjects/orders-value/versions", {}, body(v1));
    CHECK(r.status == 200);
    CHECK(r.body == nlohmann::json{{"id", 1}});
    // The same schema again, with other whitespace: the same id, no new version.
    auto again = reg.handle("POST", "/subjects/orders-value/versions", {},
                            nlohmann::json{{"schemaType", "JSON"}, {"schema", v1.dump(2)}}.dump());
    CHECK(again.body == nlohmann::json{{"id", 1}});
    CHECK(reg.handle("GET", "/subjects/orders-value/versions", {}, "").body == nlohmann::json::array({1}));
    // Under another subject: the same id, version 1 there.
    CHECK(reg.handle("POST", "/subjects/Order/versions", {}, body(v1)).body["id"] == 1);
    auto latest = reg.handle("GET", "/subjects/Order/versions/latest", {}, "");
    CHECK(latest.body["version"] == 1);
    CHECK(latest.body["id"] == 1);
    CHECK(latest.body["subject"] == "Order");
    CHECK(latest.body["schemaType"] == "JSON");
    CHECK(nlohmann::json::parse(latest.body["schema"].get<std::string>()) == v1);
    CHECK(reg.handle("GET", "/schemas/ids/1", {}, "").body["schema"] == latest.body["schema"]);
    CHECK(reg.handle("GET", "/subjects", {}, "").body == nlohmann::json::array({"Order", "orders-value"}));
    CHECK(reg.handle("GET", "/schemas/ids/1/versions", {}, "").body.size() == 2);
  }

  TEST_CASE("not found: 40401 subject, 40402 version, 40403 schema, 42202 bad version") {
    sr::store reg;
    auto s = reg.handle("GET", "/subjects/nope/versions/latest", {}, "");
    CHECK(s.status == 404);
    CHECK(s.body["error_code"] == 40401);
    CHECK(s.body["message"] == "Subject 'nope' not found.");
    reg.handle("POST", "/subjects/a/versions", {}, body(v1));
    auto v = reg.handle("GET", "/subjects/a/versions/7", {}, "");
    CHECK(v.status == 404);
    CHECK(v.body["error_code"] == 40402);
    auto id = reg.handle("GET", "/schemas/ids/9", {}, "");
    CHECK(id.status == 404);
    CHECK(id.body["error_code"] == 40403);
    auto lookup = reg.handle("POST", "/subjects/a", {}, body({{"type", "string"}}));
    CHECK(lookup.status == 404);
    CHECK(lookup.body["error_code"] == 40403);
    auto bad = reg.handle("GET", "/subjects/a/versions/zero", {}, "");
    CHECK(bad.status == 422);
    CHECK(bad.body["error_code"] == 42202);
  }

  TEST_CASE("42201 for what is not a JSON schema") {
    sr::store reg;
    auto r = reg.handle("POST", "/subjects/a/versions", {}, R"({"schemaType":"JSON","schema":"{not json"})");
    CHECK(r.status == 422);
    CHECK(r.body["error_code"] == 42201);
    auto avro = reg.handle("POST", "/subjects/a/versions", {}, R"({"schema":"{\"type\":\"record\"}"})");
    CHECK(avro.status == 422);
    CHECK(avro.body["error_code"] == 42201);
  }

  TEST_CASE("409 when the level refuses, with Confluent's change names, NONE lets it through") {
    sr::store reg;
    reg.handle("POST", "/subjects/a/versions", {}, body(v1));
    auto v2 = v1;
    v2["properties"]["id"] = {{"type", "integer"}};
    auto r = reg.handle("POST", "/subjects/a/versions", {}, body(v2));
    CHECK(r.status == 409);
    CHECK(r.body["error_code"] == 409);
    const std::string msg = r.body["message"];
    CHECK(msg.find("Schema being registered is incompatible with an earlier schema for subject \"a\"") == 0);
    CHECK(msg.find("TYPE_CHANGED") != std::string::npos);
    CHECK(msg.find("#/properties/id") != std::string::npos);
    auto test = reg.handle("POST", "/compatibility/subjects/a/versions/latest", {{"verbose", "true"}}, body(v2));
    CHECK(test.status == 200);
    CHECK(test.body["is_compatible"] == false);
    CHECK_FALSE(test.body["messages"].empty());
    CHECK(reg.handle("PUT", "/config/a", {}, R"({"compatibility":"none"})").body ==
          nlohmann::json{{"compatibility", "NONE"}});
    CHECK(reg.handle("GET", "/config/a", {}, "").body == nlohmann::json{{"compatibilityLevel", "NONE"}});
    CHECK(reg.handle("GET", "/config", {}, "").body == nlohmann::json{{"compatibilityLevel", "BACKWARD"}});
    auto ok = reg.handle("POST", "/subjects/a/versions", {}, body(v2));
    CHECK(ok.status == 200);
    CHECK(ok.body["id"] == 2);
    auto bad_level = reg.handle("PUT", "/config/a", {}, R"({"compatibility":"SIDEWAYS"})");
    CHECK(bad_level.status == 422);
    CHECK(bad_level.body["error_code"] == 42203);
  }

  TEST_CASE("a compatible change under BACKWARD: adding an optional property to a closed model") {
    sr::store reg;
    reg.handle("POST", "/subjects/a/versions", {}, body(v1));
    auto v2 = v1;
    v2["properties"]["note"] = {{"type", "string"}};
    auto r = reg.handle("POST", "/subjects/a/versions", {}, body(v2));
    CHECK(r.status == 200);
    CHECK(reg.handle("GET", "/subjects/a/versions", {}, "").body == nlohmann::json::array({1, 2}));
  }

  TEST_CASE("subject-level config absent is 40408 unless defaultToGlobal") {
    sr::store reg;
    auto r = reg.handle("GET", "/config/a", {}, "");
    CHECK(r.status == 404);
    CHECK(r.body["error_code"] == 40408);
    CHECK(reg.handle("GET", "/config/a", {{"defaultToGlobal", "true"}}, "").body["compatibilityLevel"] == "BACKWARD");
  }

  TEST_CASE("soft delete, then permanent, deleted subjects are gone from lookups") {
    sr::store reg;
    reg.handle("POST", "/subjects/a/versions", {}, body(v1));
    CHECK(reg.handle("DELETE", "/subjects/a", {{"permanent", "true"}}, "").body["error_code"] == 40405);
    CHECK(reg.handle("DELETE", "/subjects/a", {}, "").body == nlohmann::json::array({1}));
    CHECK(reg.handle("GET", "/subjects/a/versions", {}, "").body["error_code"] == 40401);
    CHECK(reg.handle("DELETE", "/subjects/a", {}, "").body["error_code"] == 40404);
    CHECK(reg.handle("DELETE", "/subjects/a", {{"permanent", "true"}}, "").body == nlohmann::json::array({1}));
    CHECK(reg.handle("GET", "/schemas/ids/1", {}, "").status == 200);  // ids stay
  }

  TEST_CASE("state survives a save and load: ids, versions, levels") {
    sr::store a;
    a.handle("POST", "/subjects/a/versions", {}, body(v1));
    a.handle("PUT", "/config/a", {}, R"({"compatibility":"FULL"})");
    sr::store b;
    b.load(a.state());
    CHECK(b.handle("GET", "/subjects/a/versions/1", {}, "").body["id"] == 1);
    CHECK(b.handle("GET", "/config/a", {}, "").body["compatibilityLevel"] == "FULL");
    auto other = nlohmann::json{{"type", "string"}};
    b.handle("PUT", "/config/b", {}, R"({"compatibility":"NONE"})");
    CHECK(b.handle("POST", "/subjects/b/versions", {}, body(other)).body["id"] == 2);
  }
}
