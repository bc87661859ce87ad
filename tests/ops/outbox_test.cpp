// The transactional outbox and inbox on a real PostgreSQL 15 (started by the test, as nobody) and
// the embedded Kafka cluster: rows in Debezium's format written in the caller's transaction and
// routed as Debezium routes them; faults: the relay dying between publish and mark (the duplicate
// absorbed by the inbox, across a consumer restart), the database restarted under a running relay,
// two relays racing. Counts from the database and from the log.
#include "kafka_fixture.hpp"
#include "pg_server.hpp"

#include <events/outbox/inbox.hpp>
#include <events/outbox/outbox.hpp>
#include <events/outbox/relay.hpp>

#include <atomic>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

using task_created = events::event<events::TaskCreatedPayload>;
namespace k = events::kafka;
namespace ob = events::outbox;
using namespace std::chrono_literals;

struct outbox_fixture {
  kt::pg_server server;
  k::embedded_cluster cluster{k::embedded_options{.brokers = 1, .topics = {{"outbox.event.task", 2, 1}}}};
  k::config cfg = kt::client_config(cluster);
  events::pg::connection db{server.conninfo()};
  std::vector<std::string> ids;  // in insertion order
  std::map<std::string, std::string> aggregate_of;

  outbox_fixture() {
    db.exec(ob::schema_sql());
    db.exec(ob::inbox_schema_sql());
    db.exec("CREATE TABLE effects (event_id text NOT NULL)");  // one row per handler effect
  }

  // n events over `aggregates` aggregates, each written with a state change in one transaction.
  void write(int n, int aggregates = 4) {
    for (int i = 0; i < n; ++i) {
      auto ev = kt::task_created(static_cast<int>(ids.size()));
      std::string agg = "agg-" + std::to_string(ids.size() % static_cast<std::size_t>(aggregates));
      events::pg::in_transaction(db, [&] { ob::write(db, ob::row_of(ev, "task", agg)); });
      ids.push_back(ev.event_id.to_string());
      aggregate_of[ids.back()] = agg;
    }
  }

  long count(const std::string& sql) { return std::stol(db.exec(sql).text(0, 0)); }

  // The topic as a plain reader sees it: (key, id header) of every message, in log order per partition.
  std::vector<std::pair<std::string, std::string>> log() {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& l : kt::lines(kt::kcat(cluster, "-C -t outbox.event.task -e -q -f '%k %h\\n'"))) {
      auto sp = l.find(' ');
      auto id = l.find("id=", sp);
      out.emplace_back(l.substr(0, sp), id == std::string::npos ? "" : l.substr(id + 3, 36));
    }
    return out;
  }

  // A consumer whose handler's effect goes through the inbox; returns effects made and duplicates seen.
  std::pair<int, int> consume(const std::string& group, std::size_t messages) {
    events::pg::connection conn(server.conninfo());
    ob::inbox box(conn, "billing");
    int effects = 0, duplicates = 0;
    std::size_t seen = 0;
    auto o = kt::fast({"outbox.event.task"}, group);
    o.dedupe_window = 0;  // the inbox alone
    k::consumer in(cfg, o);
    in.on<task_created>([&](const task_created&, const k::message& m) {
      ++seen;
      auto id = std::string(m.header("id").value_or(""));
      auto r = box.handle(id, [&](events::pg::connection& tx) { tx.exec("INSERT INTO effects VALUES ($1)", {id}); });
      (r == ob::inbox_result::handled ? effects : duplicates)++;
    });
    kt::poll_until(in, [&] { return seen >= messages; });
    return {effects, duplicates};
  }
};

}  // namespace

TEST_SUITE("outbox") {
  TEST_CASE("outbox rows: Debezium's columns, the caller's transaction, Debezium's routing") {
    outbox_fixture f;
    auto ev = kt::task_created(1);
    auto row = ob::row_of(ev, "task");
    CHECK(row.id == ev.event_id.to_string());
    CHECK(row.aggregateid == ev.payload.task_id.to_string());  // the event's partition key
    CHECK(row.type == "task.created");
    // Rolled back with the caller's transaction: no row.
    CHECK_THROWS_AS(events::pg::in_transaction(f.db, [&] {
                      ob::write(f.db, row);
                      throw std::runtime_error("the state change failed");
                    }),
                    std::runtime_error);
    CHECK(f.count("SELECT count(*) FROM events_outbox") == 0);
    events::pg::in_transaction(f.db, [&] { ob::write(f.db, row); });
    auto r = f.db.exec("SELECT id::text, aggregatetype, aggregateid, type, payload->>'event_id', payload->'payload'->>'title' FROM events_outbox");
    REQUIRE(r.rows() == 1);
    CHECK(r.text(0, 0) == row.id);
    CHECK(r.text(0, 1) == "task");
    CHECK(r.text(0, 2) == row.aggregateid);
    CHECK(r.text(0, 3) == "task.created");
    CHECK(r.text(0, 4) == row.id);
    CHECK(r.text(0, 5) == "task 1");
    try {
      ob::write(f.db, row);
      FAIL("a repeated id was written");
    } catch (const events::pg::error& e) {
      CHECK(e.sqlstate() == "23505");
      CHECK_FALSE(e.broken());
    }
    ob::relay relay(f.server.conninfo(), f.cfg);
    CHECK(relay.run_once() == 1);
    relay.close();
    CHECK(ob::pending(f.db) == 0);
    auto msg = kt::lines(kt::kcat(f.cluster, "-C -t outbox.event.task -e -q -f '%k|%h|%s\\n'"));
    REQUIRE(msg.size() == 1);
    CHECK(msg[0].starts_with(row.aggregateid + "|id=" + row.id + "|"));
    CHECK(msg[0].find("\"title\":\"task 1\"") != std::string::npos);
  }

  TEST_CASE("relay dies between publish and mark: published twice, one effect, also after a consumer restart") {
    outbox_fixture f;
    f.write(20);
    {
      ob::relay_options o;
      ob::relay* self = nullptr;
      o.after_publish = [&](std::size_t) {  // Kafka acknowledged; the rows are not marked yet
        self->drop_connection();            // the server sees the session vanish: rolled back
        throw std::runtime_error("relay killed");
      };
      ob::relay dying(f.server.conninfo(), f.cfg, o);
      self = &dying;
      CHECK_THROWS_WITH(dying.run_once(), "relay killed");
      CHECK(dying.stats().published == 20);
      dying.close();
    }
    CHECK(ob::pending(f.db) == 20);  // nothing marked
    ob::relay next(f.server.conninfo(), f.cfg);
    while (ob::pending(f.db) > 0) next.run_once();
    next.close();
    CHECK(f.count("SELECT count(*) FROM events_outbox WHERE sent_at IS NOT NULL") == 20);
    auto log = f.log();
    std::map<std::string, int> copies;
    for (const auto& [key, id] : log) ++copies[id];
    CHECK(log.size() == 40);  // a plain reader sees every event twice
    CHECK(copies.size() == 20);
    for (const auto& id : f.ids) CHECK(copies[id] == 2);
    auto [effects, duplicates] = f.consume("billing", 40);
    CHECK(effects == 20);
    CHECK(duplicates == 20);
    // The consumer restarted with its offsets lost (a new group reads from the start): no new effect.
    auto [again, dup_again] = f.consume("billing-restarted", 40);
    CHECK(again == 0);
    CHECK(dup_again == 40);
    CHECK(f.count("SELECT count(*) FROM effects") == 20);
    CHECK(f.count("SELECT count(DISTINCT event_id) FROM effects") == 20);
  }

  TEST_CASE("database restarted under a running relay: every row published and marked, one effect each") {
    outbox_fixture f;
    std::atomic<bool> stop{false};
    ob::relay relay(f.server.conninfo(), f.cfg, {.idle_wait = 20ms, .reconnect_wait = 100ms});
    std::thread t([&] { relay.run(stop); });
    struct joiner {
      std::atomic<bool>& stop;
      std::thread& t;
      ~joiner() {
        stop = true;
        if (t.joinable()) t.join();
      }
    } join_at_exit{stop, t};
    f.write(10);
    auto deadline = std::chrono::steady_clock::now() + 30s;
    while (ob::pending(f.db) > 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
    REQUIRE(ob::pending(f.db) == 0);
    f.server.restart();
    // The test's own session ended with the server: libpq learns it at the next statement.
    CHECK_THROWS_AS(f.db.exec("SELECT 1"), events::pg::error);
    REQUIRE(f.db.ensure());
    f.write(10);
    deadline = std::chrono::steady_clock::now() + 30s;
    while (ob::pending(f.db) > 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
    stop = true;
    t.join();
    relay.close();
    CHECK(relay.stats().db_errors >= 1);  // the restart reached the relay
    CHECK(ob::pending(f.db) == 0);
    CHECK(f.count("SELECT count(*) FROM events_outbox WHERE sent_at IS NOT NULL") == 20);
    std::set<std::string> in_log;
    auto log = f.log();
    for (const auto& [key, id] : log) in_log.insert(id);
    CHECK(in_log.size() == 20);
    CHECK(log.size() >= 20);
    auto [effects, duplicates] = f.consume("billing", log.size());
    CHECK(effects == 20);
    CHECK(effects + duplicates == static_cast<int>(log.size()));
    CHECK(f.count("SELECT count(DISTINCT event_id) FROM effects") == 20);
  }

  TEST_CASE("two relays racing: each row once, in order per aggregate") {
    outbox_fixture f;
    f.write(200, 10);
    std::atomic<bool> stop{false};
    ob::relay a(f.server.conninfo(), f.cfg, {.batch = 3, .idle_wait = 10ms});
    ob::relay b(f.server.conninfo(), f.cfg, {.batch = 3, .idle_wait = 10ms});
    std::thread ta([&] { a.run(stop); });
    std::thread tb([&] { b.run(stop); });
    struct joiner {
      std::atomic<bool>& stop;
      std::thread &a, &b;
      ~joiner() {
        stop = true;
        if (a.joinable()) a.join();
        if (b.joinable()) b.join();
      }
    } join_at_exit{stop, ta, tb};
    auto deadline = std::chrono::steady_clock::now() + 60s;
    while (ob::pending(f.db) > 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
    stop = true;
    ta.join();
    tb.join();
    a.close();
    b.close();
    MESSAGE("relay a marked " << a.stats().marked << ", relay b " << b.stats().marked);
    CHECK(a.stats().marked + b.stats().marked == 200);
    CHECK(ob::pending(f.db) == 0);
    auto log = f.log();
    CHECK(log.size() == 200);
    std::map<std::string, std::vector<std::string>> by_key;
    std::set<std::string> distinct;
    for (const auto& [key, id] : log) {
      by_key[key].push_back(id);
      distinct.insert(id);
    }
    CHECK(distinct.size() == 200);
    // Each aggregate's events in the log (one partition per key) in the order they were written.
    for (const auto& entry : by_key) {  // no structured binding: clang 14 cannot capture one
      const std::string& key = entry.first;
      const std::vector<std::string>& got = entry.second;
      std::vector<std::string> want;
      for (const auto& id : f.ids)
        if (f.aggregate_of[id] == key) want.push_back(id);
      CHECK_MESSAGE(got == want, key);
    }
  }
}
