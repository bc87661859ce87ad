// events::kafka::config: properties from the environment, a file and code, their precedence, the
// producer./consumer. prefixes, the SASL/SSL properties as librdkafka receives them, and secrets
// masked by describe() (judged against what librdkafka itself redacts). Last, SASL against the
// embedded cluster: librdkafka 2.0.2's mock has no SASL, and the test pins that fact.
#include <events/kafka/config.hpp>
#include <events/kafka/testing/embedded_cluster.hpp>
#include <events/kafka/producer.hpp>

#include <doctest/doctest.h>
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <unistd.h>

namespace {
using events::kafka::client_kind;
using events::kafka::config;

// Sets environment variables for one scope, restoring what was there before.
class scoped_env {
 public:
  scoped_env(std::initializer_list<std::pair<std::string, std::string>> vars) {
    for (const auto& [k, v] : vars) {
      const char* old = std::getenv(k.c_str());
      saved_.emplace_back(k, old ? std::optional<std::string>(old) : std::nullopt);
      ::setenv(k.c_str(), v.c_str(), 1);
    }
  }
  ~scoped_env() {
    for (const auto& [k, v] : saved_) v ? (void)::setenv(k.c_str(), v->c_str(), 1) : (void)::unsetenv(k.c_str());
  }
  scoped_env(const scoped_env&) = delete;
  scoped_env& operator=(const scoped_env&) = delete;

 private:
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

// A properties file removed at scope exit.
struct properties_file {
  std::filesystem::path path;
  explicit properties_file(const std::string& text)
      : path(std::filesystem::temp_directory_path() /
             ("events_kafka_config_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++) + ".properties")) {
    std::ofstream(path, std::ios::binary) << text;
  }
  ~properties_file() { std::filesystem::remove(path); }
  static int& counter() {
    static int n = 0;
    return n;
  }
};

// The value librdkafka holds for a property after our configuration was applied to it.
std::string librdkafka_value(const std::map<std::string, std::string>& props, const std::string& name) {
  auto conf = events::kafka::detail::make_conf(props);
  std::string value;
  REQUIRE_MESSAGE(conf->get(name, value) == RdKafka::Conf::CONF_OK, name);
  return value;
}

// Every global property name librdkafka lists (rd_kafka_conf_properties_show).
std::vector<std::string> librdkafka_property_names() {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::tmpfile(), &std::fclose);
  REQUIRE(f);
  rd_kafka_conf_properties_show(f.get());
  std::rewind(f.get());
  std::vector<std::string> names;
  char line[8192];
  while (std::fgets(line, sizeof line, f.get())) {
    std::string l(line);
    if (l.find("Topic configuration") != std::string::npos) break;
    auto bar = l.find(" |");
    if (bar == std::string::npos) continue;
    std::string name = l.substr(0, bar);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (!name.empty() && name != "Property" && name[0] != '-') names.push_back(name);
  }
  return names;
}

std::vector<std::string>* log_sink = nullptr;
void capture_log(const rd_kafka_t*, int, const char*, const char* line) {
  if (log_sink) log_sink->push_back(line);
}
}  // namespace

TEST_SUITE("kafka config") {
  TEST_CASE("from_env: prefix removed, lowercased, '_' as '.', other variables ignored") {
    scoped_env env{{"EVENTS_KAFKA_BOOTSTRAP_SERVERS", "broker-1:9092,broker-2:9092"},
                   {"EVENTS_KAFKA_CONSUMER_GROUP_ID", "recurring-service"},
                   {"EVENTS_KAFKA_PRODUCER_LINGER_MS", "20"},
                   {"EVENTS_KAFKA_SASL_OAUTHBEARER_CONFIG", "principal=svc scope=a=b"},
                   {"EVENTS_KAFKA_LOG_LEVEL", "3"},
                   {"EVENTS_KAFKA_CONSUMER_LOG_LEVEL", "6"},
                   {"EVENTS_KAFKA_", "no name"},
                   {"EVENTS_KAFKAX_CLIENT_ID", "other prefix"},
                   {"XEVENTS_KAFKA_CLIENT_ID", "prefix not at the start"}};
    config c = config::from_env();
    CHECK(c.get("bootstrap.servers") == "broker-1:9092,broker-2:9092");
    CHECK(c.get("consumer.group.id") == "recurring-service");
    CHECK(c.get("producer.linger.ms") == "20");
    CHECK(c.get("sasl.oauthbearer.config") == "principal=svc scope=a=b");  // '=' in a value kept
    CHECK(c.get("log_level") == "3");  // librdkafka spells this one with '_'
    CHECK(c.get("consumer.log_level") == "6");
    CHECK(librdkafka_value(c.for_client(client_kind::consumer), "log_level") == "6");
    CHECK_FALSE(c.contains("client.id"));
    CHECK_FALSE(c.contains(""));

    SUBCASE("another prefix reads only its own variables") {
      scoped_env mine{{"TASKSVC_KAFKA_CLIENT_ID", "task-service"}};
      config t = config::from_env("TASKSVC_KAFKA_");
      CHECK(t.properties() == std::map<std::string, std::string>{{"client.id", "task-service"}});
    }
  }

  TEST_CASE("from_file: name=value lines, comments, blanks, spaces and CRLF trimmed, '=' in values kept") {
    properties_file f("# Kafka for the task service\n"
                "\n"
                "bootstrap.servers = kafka-0:9092 \r\n"
                "   # an indented comment\n"
                "security.protocol=SASL_SSL\r\n"
                "sasl.oauthbearer.config=principal=svc extension_x=1\n"
                "not a property line\n"
                "consumer.auto.offset.reset=earliest\n");
    config c = config::from_file(f.path.string());
    CHECK(c.properties() == std::map<std::string, std::string>{
                                {"bootstrap.servers", "kafka-0:9092"},
                                {"security.protocol", "SASL_SSL"},
                                {"sasl.oauthbearer.config", "principal=svc extension_x=1"},
                                {"consumer.auto.offset.reset", "earliest"}});
    SUBCASE("a missing file is an error naming it") {
      try {
        (void)config::from_file("/nonexistent/kafka.properties");
        FAIL("no exception");
      } catch (const events::kafka::error& e) {
        CHECK(std::string(e.what()).find("/nonexistent/kafka.properties") != std::string::npos);
        CHECK(e.code() == RdKafka::ERR__INVALID_ARG);
      }
    }
  }

  TEST_CASE("precedence: file, then environment, then code, and set_default never overrides") {
    properties_file f("bootstrap.servers=from-file:9092\nclient.id=file-client\nlinger.ms=100\nacks=1\n");
    scoped_env env{{"EVENTS_KAFKA_CLIENT_ID", "env-client"}, {"EVENTS_KAFKA_LINGER_MS", "50"}};
    config c = config::from_file(f.path.string()).merged(config::from_env());
    c.set("linger.ms", "5");
    c.set_default("acks", "all").set_default("compression.type", "lz4");
    CHECK(c.get("bootstrap.servers") == "from-file:9092");  // only in the file
    CHECK(c.get("client.id") == "env-client");              // environment over file
    CHECK(c.get("linger.ms") == "5");                       // code over both
    CHECK(c.get("acks") == "1");                            // a default yields to what is set
    CHECK(c.get("compression.type") == "lz4");              // and fills what is not
    // What librdkafka receives is the winner.
    auto props = c.for_client(client_kind::producer);
    CHECK(librdkafka_value(props, "client.id") == "env-client");
    CHECK(librdkafka_value(props, "linger.ms") == "5");
  }

  TEST_CASE("the producer's own defaults yield to the configuration") {
    // The producer defaults to enable.idempotence=true, which librdkafka allows only with acks=all:
    // acks=1 alone is refused at creation; with idempotence turned off in the configuration it runs.
    config base{{"bootstrap.servers", "127.0.0.1:1"}, {"acks", "1"}, {"log_level", "0"}};
    CHECK_THROWS_AS(events::kafka::producer{base}, events::kafka::error);
    config off = base;
    off.set("enable.idempotence", "false");
    CHECK_NOTHROW(events::kafka::producer{off});
  }

  TEST_CASE("producer. and consumer. prefixes: one configuration for every client of a service") {
    config c{{"bootstrap.servers", "b:9092"},
             {"client.id", "shared"},
             {"consumer.client.id", "svc-consumer"},
             {"producer.linger.ms", "25"},
             {"group.id", "g-shared"},
             {"consumer.session.timeout.ms", "6000"},
             {"compression.type", "zstd"},
             {"events.dead_letter", "ours, not librdkafka's"}};
    auto p = c.for_client(client_kind::producer);
    auto k = c.for_client(client_kind::consumer);
    CHECK(p == std::map<std::string, std::string>{
                   {"bootstrap.servers", "b:9092"}, {"client.id", "shared"}, {"compression.type", "zstd"},
                   {"linger.ms", "25"}});
    CHECK(k == std::map<std::string, std::string>{{"bootstrap.servers", "b:9092"},
                                                  {"client.id", "svc-consumer"},
                                                  {"group.id", "g-shared"},
                                                  {"session.timeout.ms", "6000"}});
    // librdkafka takes both as they are.
    CHECK(librdkafka_value(p, "linger.ms") == "25");
    CHECK(librdkafka_value(k, "client.id") == "svc-consumer");
    CHECK(librdkafka_value(k, "session.timeout.ms") == "6000");
  }

  TEST_CASE("SASL/SSL from the environment reach librdkafka as its properties (seed 003's Redpanda Cloud)") {
    scoped_env env{{"EVENTS_KAFKA_BOOTSTRAP_SERVERS", "xyz.cloud.redpanda.com:9092"},
                   {"EVENTS_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"},
                   {"EVENTS_KAFKA_SASL_MECHANISM", "SCRAM-SHA-256"},
                   {"EVENTS_KAFKA_SASL_USERNAME", "svc-user"},
                   {"EVENTS_KAFKA_SASL_PASSWORD", "s3cr3t-pw"},
                   {"EVENTS_KAFKA_SSL_CA_LOCATION", "/etc/ssl/certs/ca-certificates.crt"},
                   {"EVENTS_KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", "https"}};
    for (auto kind : {client_kind::producer, client_kind::consumer}) {
      auto props = config::from_env().for_client(kind);
      CHECK(librdkafka_value(props, "security.protocol") == "sasl_ssl");
      CHECK(librdkafka_value(props, "sasl.mechanisms") == "SCRAM-SHA-256");  // librdkafka's name for it
      CHECK(librdkafka_value(props, "sasl.username") == "svc-user");
      CHECK(librdkafka_value(props, "sasl.password") == "s3cr3t-pw");
      CHECK(librdkafka_value(props, "ssl.ca.location") == "/etc/ssl/certs/ca-certificates.crt");
      CHECK(librdkafka_value(props, "ssl.endpoint.identification.algorithm") == "https");
    }
    SUBCASE("a protocol librdkafka does not know is refused, naming the property and not the password") {
      scoped_env bad{{"EVENTS_KAFKA_SECURITY_PROTOCOL", "SASL_TLS"}};
      try {
        (void)events::kafka::detail::make_conf(config::from_env().for_client(client_kind::producer));
        FAIL("no exception");
      } catch (const events::kafka::error& e) {
        const std::string what = e.what();
        INFO(what);
        CHECK(what.find("security.protocol") != std::string::npos);
        CHECK(what.find("s3cr3t-pw") == std::string::npos);
      }
    }
  }

  TEST_CASE("describe() masks every property librdkafka redacts, prefixed or not, and shows the rest") {
    // The oracle is librdkafka: every sasl./ssl. property it accepts gets a marker value, a client
    // is created with debug=conf, and its configuration dump names the ones it redacts.
    std::map<std::string, std::string> markers;
    {
      std::unique_ptr<RdKafka::Conf> probe(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
      std::string err;
      for (const auto& name : librdkafka_property_names())
        if ((name.rfind("sasl.", 0) == 0 || name.rfind("ssl.", 0) == 0) &&
            probe->set(name, "m4rk3r-" + name, err) == RdKafka::Conf::CONF_OK)
          markers[name] = "m4rk3r-" + name;
    }
    REQUIRE(markers.size() >= 10);
    std::vector<std::string> log;
    {
      rd_kafka_conf_t* conf = rd_kafka_conf_new();
      char err[512];
      for (const auto& [k, v] : markers) REQUIRE(rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) == RD_KAFKA_CONF_OK);
      REQUIRE(rd_kafka_conf_set(conf, "debug", "conf", err, sizeof err) == RD_KAFKA_CONF_OK);
      rd_kafka_conf_set_log_cb(conf, &capture_log);
      log_sink = &log;
      rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
      REQUIRE_MESSAGE(rk != nullptr, err);
      rd_kafka_destroy(rk);
      log_sink = nullptr;
    }
    std::set<std::string> redacted, shown;
    for (const auto& line : log)
      for (const auto& [k, v] : markers) {
        if (line.find("  " + k + " = [redacted]") != std::string::npos) redacted.insert(k);
        if (line.find("  " + k + " = " + v) != std::string::npos) shown.insert(k);
      }
    // librdkafka 2.0.2 redacts nine properties; eight are settable by name (ssl_key is internal).
    CHECK(redacted.size() >= 8);
    CHECK(redacted.count("sasl.password") == 1);
    CHECK(redacted.count("ssl.key.pem") == 1);
    CHECK(shown.count("ssl.ca.location") == 1);

    config c;
    for (const auto& [k, v] : markers) c.set(k, v).set("producer." + k, v).set("consumer." + k, v);
    c.set("bootstrap.servers", "b:9092");
    c.set("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                              "username=\"u\" password=\"m4rk3r-jaas\";");  // from a Java properties file
    c.set("sasl.oauthbearer.client.secret", "m4rk3r-client-secret");
    const std::string text = c.describe();
    for (const auto& k : redacted)
      for (const std::string& key : {k, "producer." + k, "consumer." + k}) {
        CHECK_MESSAGE(text.find(key + "=***") != std::string::npos, key);
        CHECK_MESSAGE(text.find(key + "=m4rk3r") == std::string::npos, key);
      }
    CHECK(text.find("m4rk3r-jaas") == std::string::npos);
    CHECK(text.find("m4rk3r-client-secret") == std::string::npos);
    // What librdkafka shows stays readable: a log that masks everything helps nobody.
    CHECK(text.find("bootstrap.servers=b:9092") != std::string::npos);
    CHECK(text.find("ssl.ca.location=m4rk3r-ssl.ca.location") != std::string::npos);
    CHECK(text.find("sasl.mechanisms=m4rk3r-sasl.mechanisms") != std::string::npos);
  }

  TEST_CASE("secrets are not in the errors of a client that cannot start") {
    // A broken private key: librdkafka refuses the client; the exception names the property, not its value.
    config c{{"bootstrap.servers", "127.0.0.1:1"},
             {"security.protocol", "SSL"},
             {"ssl.key.pem", "-----BEGIN PRIVATE KEY-----\nm4rk3rKEYMATERIAL\n-----END PRIVATE KEY-----\n"},
             {"ssl.key.password", "m4rk3r-key-password"},
             {"log_level", "0"}};
    try {
      events::kafka::producer p{c};
      FAIL("the producer started with a broken key");
    } catch (const events::kafka::error& e) {
      const std::string what = e.what();
      INFO(what);
      CHECK(what.find("ssl.key") != std::string::npos);
      CHECK(what.find("m4rk3r") == std::string::npos);
    }
  }

  TEST_CASE("SASL against the embedded cluster: librdkafka 2.0.2's mock has no SASL, so a SASL client is refused") {
    // The mock's request table (src/rdkafka_mock_handlers.c, v2.0.2) has no SaslHandshake or
    // SaslAuthenticate handler, and an unsupported request closes the connection. So SASL/PLAIN
    // cannot be tested against it; what can be shown is that the SASL settings reach the wire:
    // the same client without them delivers, with them it never gets through. When a librdkafka
    // whose mock speaks SASL is used, this test fails: replace it with a real SASL exchange.
    events::kafka::embedded_options o;
    o.brokers = 1;
    o.topics = {{"config-sasl", 1, 1}};
    o.dead_letter_topics = false;
    events::kafka::embedded_cluster cluster(o);
    auto deliver = [&](const config& cfg) {
      auto conf = events::kafka::detail::make_conf(cfg.for_client(client_kind::producer));
      struct report : RdKafka::DeliveryReportCb {
        RdKafka::ErrorCode err = RdKafka::ERR__IN_PROGRESS;
        void dr_cb(RdKafka::Message& m) override { err = m.err(); }
      } r;
      std::string err;
      REQUIRE(conf->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(&r), err) == RdKafka::Conf::CONF_OK);
      std::unique_ptr<RdKafka::Producer> p(RdKafka::Producer::create(conf.get(), err));
      REQUIRE_MESSAGE(p, err);
      std::string value = "hello";
      REQUIRE(p->produce("config-sasl", 0, RdKafka::Producer::RK_MSG_COPY, value.data(), value.size(), nullptr, 0, 0,
                         nullptr) == RdKafka::ERR_NO_ERROR);
      p->flush(10000);
      return r.err;
    };
    config plain{{"bootstrap.servers", cluster.bootstrap()}, {"message.timeout.ms", "3000"}, {"log_level", "0"}};
    CHECK(deliver(plain) == RdKafka::ERR_NO_ERROR);
    config sasl = plain;
    sasl.set("security.protocol", "SASL_PLAINTEXT")
        .set("sasl.mechanism", "PLAIN")
        .set("sasl.username", "svc")
        .set("sasl.password", "pw");
    CHECK(deliver(sasl) == RdKafka::ERR__MSG_TIMED_OUT);
  }
}
