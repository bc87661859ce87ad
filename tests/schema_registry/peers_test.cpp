// Our registry over HTTP, our client, and the two independent peers: confluent-kafka-python's
// SchemaRegistryClient/JSONSerializer/JSONDeserializer (Debian's python3-confluent-kafka) and npm's
// @kafkajs/confluent-schema-registry, each reading what we framed and framing what we read, for
// every catalog type.
#include <catalog/catalog_samples.hpp>

#include <events/catalog.hpp>
#include <events/schema_registry/client.hpp>
#include <events/schema_registry/server.hpp>

#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace sr = events::schema_registry;
namespace fs = std::filesystem;

namespace {

std::string hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}
std::string unhex(std::string_view h) {
  std::string out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2) out += static_cast<char>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16));
  return out;
}

fs::path scratch(const char* what) {
  static int n = 0;
  auto p = fs::temp_directory_path() / ("events_sr_" + std::to_string(::getpid()) + "_" + what + std::to_string(++n));
  fs::create_directories(p);
  return p;
}

// Every catalog type framed by our serializer over HTTP, and how to read a peer's bytes back.
struct exchange {
  nlohmann::json entries = nlohmann::json::array();
  nlohmann::json schemas = nlohmann::json::object();
  std::map<std::string, std::function<std::string(sr::client&, const std::string&)>> read_back;  // record -> JSON or error
  std::map<std::string, std::string> expected;  // record -> our JSON
  std::set<std::string> subjects;
};

template <class T>
void add(exchange& x, sr::client& c, sr::subject_strategy s, const char* strategy_name) {
  const T value = catalog_test::sample<T>();
  const std::string topic(events::event_traits<T>::topic.empty() ? "contract" : events::event_traits<T>::topic);
  sr::serializer<T> ser(c, {.strategy = s});
  auto bytes = ser.serialize(value, topic);
  REQUIRE_MESSAGE(bytes, events::to_string(bytes.error()));
  const auto id = sr::read_frame(*bytes)->id;
  const std::string record = sr::record_name<T>();
  x.entries.push_back({{"record", record}, {"topic", topic}, {"strategy", strategy_name}, {"subject", ser.subject(topic)},
                       {"id", id}, {"framed_hex", hex(*bytes)}, {"json", catalog_test::encode(value)}});
  x.schemas[std::to_string(id)] = sr::serializer<T>::schema_text();
  x.expected[record] = catalog_test::encode(value);
  x.subjects.insert(ser.subject(topic));
  x.read_back[record] = [](sr::client& cl, const std::string& framed) {
    sr::deserializer<T> de(cl);
    auto r = de.deserialize(framed);
    return r ? catalog_test::encode(*r) : "ERROR " + events::to_string(r.error());
  };
}

template <class... T>
void add_all(exchange& x, sr::client& c, sr::subject_strategy s, const char* name, std::tuple<T...>*) {
  (add<T>(x, c, s, name), ...);
}

exchange make_exchange(sr::client& c, sr::subject_strategy s, const char* name) {
  exchange x;
  add_all(x, c, s, name, static_cast<catalog_test::all_types*>(nullptr));
  return x;
}

nlohmann::json run_peer(const std::string& command_head, const nlohmann::json& input) {
  const auto dir = scratch("peer");
  { std::ofstream(dir / "in.json") << input.dump(); }
  const std::string cmd = command_head + " \"" + (dir / "in.json").string() + "\" \"" + (dir / "out.json").string() +
                          "\" > \"" + (dir / "log.txt").string() + "\" 2>&1";
  const int rc = std::system(cmd.c_str());
  std::stringstream log;
  log << std::ifstream(dir / "log.txt").rdbuf();
  REQUIRE_MESSAGE(rc == 0, cmd << "\n" << log.str());
  nlohmann::json out = nlohmann::json::parse(std::ifstream(dir / "out.json"));
  fs::remove_all(dir);
  return out;
}

void check_peer_bytes(const exchange& x, sr::client& c, const nlohmann::json& out) {
  CHECK_MESSAGE(out["problems"].empty(), out["problems"].dump(1));
  REQUIRE(out["framed"].size() == x.entries.size());
  for (const auto& f : out["framed"]) {
    const std::string record = f["record"];
    CAPTURE(record);
    const std::string bytes = unhex(f["hex"].get<std::string>());
    REQUIRE(sr::read_frame(bytes));
    CHECK(x.read_back.at(record)(c, bytes) == x.expected.at(record));
  }
}

}  // namespace

TEST_SUITE("schema_registry.http") {
  TEST_CASE("our client against our server: register, fetch, errors with status and Confluent code") {
    sr::server srv({.port = 0});
    srv.start();
    sr::client c({.url = srv.url()});
    const std::string schema = sr::registered_schema_text<events::TaskEvent>();
    CHECK(c.register_schema("task-events-value", schema, false) == 1);
    const auto sent = c.requests();
    CHECK(c.register_schema("task-events-value", schema, false) == 1);
    CHECK(c.schema_by_id(1) == nlohmann::ordered_json::parse(schema).dump());
    CHECK(c.requests() == sent);  // the registration and its schema were kept: no request
    sr::client fresh({.url = srv.url()});
    CHECK(fresh.schema_by_id(1) == c.schema_by_id(1));
    CHECK(fresh.schema_by_id(1).size() > 0);
    CHECK(fresh.requests() == 1);  // fetched once
    CHECK(c.latest_version("task-events-value").version == 1);
    CHECK(c.subjects() == std::vector<std::string>{"task-events-value"});
    try {
      c.schema_by_id(5);
      FAIL("no error");
    } catch (const sr::registry_error& e) {
      CHECK(e.status() == 404);
      CHECK(e.code() == 40403);
    }
    auto changed = nlohmann::json::parse(schema);
    changed["properties"]["task_id"] = {{"type", "string"}};
    auto verdict = c.test_compatibility("task-events-value", changed.dump());
    CHECK_FALSE(verdict.compatible);
    REQUIRE_FALSE(verdict.messages.empty());
    CHECK(verdict.messages[0].find("TYPE_CHANGED") != std::string::npos);
    try {
      c.register_schema("task-events-value", changed.dump(), false);
      FAIL("no error");
    } catch (const sr::registry_error& e) {
      CHECK(e.status() == 409);
      CHECK(e.code() == 409);
      CHECK(std::string(e.what()).find("/properties/task_id") != std::string::npos);
    }
    CHECK(c.set_compatibility("NONE", "task-events-value") == "NONE");
    CHECK(c.compatibility("task-events-value") == "NONE");
    CHECK(c.compatibility() == "BACKWARD");
    CHECK(c.register_schema("task-events-value", changed.dump(), false) == 2);
  }

  TEST_CASE("basic auth: 401 without the credentials, served with them, the secret never logged") {
    std::vector<std::string> log;
    std::mutex m;
    sr::server srv({.port = 0, .username = "ci", .password = "s3cret-value", .log = [&](const std::string& l) {
                      std::lock_guard lock(m);
                      log.push_back(l);
                    }});
    srv.start();
    sr::client anonymous({.url = srv.url(), .retries = 0});
    try {
      anonymous.subjects();
      FAIL("no error");
    } catch (const sr::registry_error& e) {
      CHECK(e.status() == 401);
      CHECK(e.code() == 401);
    }
    sr::client wrong({.url = srv.url(), .username = "ci", .password = "guess", .retries = 0});
    CHECK_THROWS_AS(wrong.subjects(), sr::registry_error);
    sr::client right({.url = srv.url(), .username = "ci", .password = "s3cret-value"});
    CHECK(right.subjects().empty());
    srv.stop();
    std::lock_guard lock(m);
    REQUIRE(log.size() == 3);
    for (const auto& l : log) CHECK(l.find("s3cret") == std::string::npos);
    CHECK(log[0] == "GET /subjects 401");
  }

  TEST_CASE("an unreachable registry: bounded retries, then an error naming it, and no unframed message") {
    int port = 0;
    {
      sr::server probe({.port = 0});
      probe.start();
      port = probe.port();
    }  // closed: nothing listens there now
    sr::client c({.url = "http://127.0.0.1:" + std::to_string(port), .timeout = std::chrono::milliseconds(500),
                  .retries = 2, .backoff = std::chrono::milliseconds(1)});
    sr::serializer<events::TaskEvent> ser(c);
    auto r = ser.serialize(catalog_test::sample<events::TaskEvent>(), "task-events");
    REQUIRE_FALSE(r);
    CHECK(r.error()[0].code == sr::error_codes::unavailable);
    CHECK(r.error()[0].message.find("unreachable") != std::string::npos);
    CHECK(r.error()[0].message.find("after 3 attempts") != std::string::npos);
    CHECK(c.requests() == 3);
  }

  TEST_CASE("a restarted registry with a state file keeps its ids") {
    const auto dir = scratch("state");
    const std::string file = (dir / "registry.json").string();
    std::uint32_t id = 0;
    {
      sr::server srv({.port = 0, .file = file});
      srv.start();
      sr::client c({.url = srv.url()});
      c.register_schema("a", R"({"type":"object","title":"A"})", false);
      id = c.register_schema("b", sr::registered_schema_text<events::ReminderEvent>(), false);
      CHECK(id == 2);
    }
    sr::server again({.port = 0, .file = file});
    again.start();
    sr::client c({.url = again.url()});
    CHECK(c.latest_version("b").id == id);
    CHECK(c.register_schema("c", R"({"type":"object","title":"C"})", false) == 3);  // ids go on from there
    fs::remove_all(dir);
  }
}

TEST_SUITE("schema_registry.peers") {
  TEST_CASE("confluent-kafka-python reads what we framed and frames what we read, every catalog type") {
    // No structured binding: clang 14 refuses one captured by CAPTURE's lambda.
    for (const auto& run : {std::pair{sr::subject_strategy::topic_record, "topic_record"},
                            std::pair{sr::subject_strategy::record, "record"}}) {
      const auto strategy = run.first;
      const char* name = run.second;
      CAPTURE(name);
      sr::server srv({.port = 0, .username = "py", .password = "pw"});
      srv.start();
      sr::client c({.url = srv.url(), .username = "py", .password = "pw"});
      exchange x = make_exchange(c, strategy, name);
      nlohmann::json in = {{"url", srv.url()}, {"user", "py"}, {"password", "pw"}, {"entries", x.entries}};
      auto out = run_peer(std::string(EVENTS_SYSTEM_PYTHON) + " \"" + EVENTS_SOURCE_DIR +
                              "/tests/schema_registry/confluent_peer.py\"",
                          in);
      check_peer_bytes(x, c, out);
      // The subjects Python's strategies named are ours: nothing new was registered.
      CHECK(out["subjects"] == nlohmann::json(std::vector<std::string>(x.subjects.begin(), x.subjects.end())));
      const auto& e = out["errors"];
      CHECK(e["unknown_id"]["status"] == 404);
      CHECK(e["unknown_id"]["code"] == 40403);
      CHECK(e["unknown_subject"]["code"] == 40401);
      CHECK(e["unknown_version"]["code"] == 40402);
      CHECK(e["lookup_missing"]["code"] == 40403);
      CHECK(e["incompatible"]["status"] == 409);
      CHECK(e["incompatible"]["code"] == 409);
      CHECK(e["invalid_schema"]["code"] == 42201);
      CHECK(e["bad_level"]["code"] == 42203);
      CHECK(out["compatible_self"] == true);
      CHECK(out["compatible_changed"] == false);
      CHECK(out["level_set"] == nlohmann::json{{"compatibility", "FULL"}});
      CHECK(out["level_get"] == "FULL");
      CHECK(out["lookup"] == x.entries[0]["id"]);
    }
  }

  TEST_CASE("@kafkajs/confluent-schema-registry reads what we framed and frames what we read, every catalog type") {
    sr::server srv({.port = 0, .username = "js", .password = "pw"});
    srv.start();
    sr::client c({.url = srv.url(), .username = "js", .password = "pw"});
    exchange x = make_exchange(c, sr::subject_strategy::topic_record, "topic_record");
    nlohmann::json in = {{"url", srv.url()}, {"user", "js"}, {"password", "pw"}, {"entries", x.entries}, {"schemas", x.schemas}};
    auto out = run_peer("cd \"" + std::string(EVENTS_SOURCE_DIR) + "/tests/js\" && " EVENTS_NODE " schema_registry_peer.mjs",
                        in);
    check_peer_bytes(x, c, out);
    CHECK(c.subjects().size() == x.subjects.size());
    const auto& e = out["errors"];
    CHECK(e["unknown_id"]["status"] == 404);
    CHECK(e["unknown_subject"]["status"] == 404);
    CHECK(e["incompatible"]["status"] == 409);
    CHECK_FALSE(e["invalid_value"].is_null());
    // kafkajs set BACKWARD on the subjects it registered first: our registry kept it.
    CHECK(c.compatibility(x.entries[0]["subject"].get<std::string>()) == "BACKWARD");
  }
}
