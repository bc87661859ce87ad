// Exactly-once consume-transform-produce (events::kafka::exactly_once_consumer) on the embedded
// cluster, under faults: handler failures and a poison message (abort and rewind), the transaction
// coordinator moved, its broker down mid-transaction, abortable produce and AddPartitionsToTxn
// errors, a commit timing out (retriable), a fenced producer (fatal: stopped cleanly, a new instance resumes), and the process
// killed with SIGKILL between a publish and its commit, then restarted.
//
// What each test checks:
// - the ledger, from librdkafka's own outcome of every transaction (an output's delivery result
//   is ok only when its transaction committed): each expected output committed exactly once,
//   nothing else committed;
// - every reader of the output topic (kcat with isolation.level=read_committed and with
//   read_uncommitted, and our kafka::consumer, read_committed) sees every expected output, and any
//   copy beyond the committed one is an output of an aborted transaction, or of the transaction
//   the kill left open.
// librdkafka 2.0.2's mock cluster writes no commit or abort markers and reports no aborted
// transactions in its fetch responses, so on it a read_committed reader sees what a
// read_uncommitted one sees: the copies of aborted transactions a Kafka broker hides from it.
// The test reports both readers' figures. (The mock also keeps no TxnOffsetCommit, which
// eos_service.hpp makes up for, and does not fence an older producer of the same transactional.id,
// so fencing is injected as the broker's error.)
#include "eos_service.hpp"
#include "kafka_fixture.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace k = events::kafka;
using namespace std::chrono_literals;

k::embedded_options cluster_options() {
  return {.brokers = 3, .topics = {{eos::input_topic, 3, 3}, {eos::output_topic, 3, 3}}};
}

// Outputs by event id and outcome, from their delivery results.
struct ledger {
  std::map<std::string, int> committed, aborted, open;
  void note(const std::string& id, const k::delivery& d) { ++(d.ok() ? committed : aborted)[id]; }
  bool covers(const std::set<std::string>& expected) const {
    for (const auto& id : expected)
      if (!committed.count(id)) return false;
    return true;
  }
};

// The outputs the service should make: one task.created per completion (but the poison one).
std::set<std::string> expected_outputs(const std::vector<eos::completed>& inputs, const std::set<std::string>& poison = {}) {
  events::services::recurring_service svc;
  std::set<std::string> out;
  for (const auto& ev : inputs)
    if (!poison.count(ev.payload.task_id.to_string())) out.insert(svc.on_completed(ev)->created.event_id.to_string());
  return out;
}

void publish_inputs(const k::config& cfg, const std::vector<eos::completed>& inputs) {
  k::producer p(cfg);
  for (const auto& d : p.publish_batch(inputs, {.topic = eos::input_topic})) REQUIRE(d.ok());
}

// The event ids (ce_id) of the records on the output topic, as kcat reads them.
std::vector<std::string> kcat_ids(const k::embedded_cluster& cluster, const std::string& isolation) {
  std::vector<std::string> ids;
  for (const auto& line : kt::lines(kt::kcat(cluster, "-C -t " + eos::output_topic + " -o beginning -e -q -X isolation.level=" +
                                                          isolation + " -f '%h\\n'"))) {
    auto at = line.find("ce_id=");
    if (at != std::string::npos) ids.push_back(line.substr(at + 6, line.find(',', at) - at - 6));
  }
  return ids;
}

// ... as our consumer reads them (read_committed), up to `records`.
std::vector<std::string> consumer_ids(const k::embedded_cluster& cluster, std::size_t records) {
  auto cfg = eos::client_config(cluster.bootstrap());
  cfg.set("isolation.level", "read_committed");
  std::vector<std::string> ids;
  auto o = kt::fast({eos::output_topic}, "reader");
  o.dedupe_window = 0;  // every record, as it comes
  k::consumer in(cfg, o);
  in.on<eos::created>([&](const eos::created& ev) { ids.push_back(ev.event_id.to_string()); });
  kt::poll_until(in, [&] { return ids.size() >= records; }, 30s);
  return ids;
}

struct reader_figures {
  std::size_t records = 0;
  int duplicates = 0;    // copies beyond the first
  int lost = 0;          // expected outputs not seen
  int unexplained = 0;   // copies beyond the committed one that no aborted or open transaction made
};

reader_figures check_reader(const std::string& name, const std::vector<std::string>& ids, const std::set<std::string>& expected,
                            const ledger& l) {
  std::map<std::string, int> seen;
  for (const auto& id : ids) ++seen[id];
  reader_figures f;
  f.records = ids.size();
  for (const auto& entry : seen) {
    const std::string& id = entry.first;
    const int n = entry.second;
    f.duplicates += n - 1;
    auto count = [&id](const std::map<std::string, int>& m) { return m.count(id) ? m.at(id) : 0; };
    const int made = count(l.committed) + count(l.aborted) + count(l.open);
    if (n > made) f.unexplained += n - made;
  }
  for (const auto& id : expected) f.lost += seen.count(id) ? 0 : 1;
  MESSAGE(name << ": " << f.records << " records, " << f.duplicates << " duplicates, " << f.lost << " lost, "
               << f.unexplained << " copies not from an aborted or open transaction");
  CHECK(f.lost == 0);
  CHECK(f.unexplained == 0);
  return f;
}

// The ledger's own verdict: each expected output committed once, nothing else committed.
void check_ledger(const ledger& l, const std::set<std::string>& expected) {
  int twice = 0, missing = 0, stray = 0;
  for (const auto& id : expected) {
    auto it = l.committed.find(id);
    if (it == l.committed.end()) ++missing;
    else twice += it->second - 1;
  }
  for (const auto& [id, n] : l.committed) stray += expected.count(id) ? 0 : n;
  int aborted = 0;
  for (const auto& [id, n] : l.aborted) aborted += n;
  MESSAGE("ledger: " << expected.size() << " outputs expected, committed twice " << twice << ", missing " << missing
                     << ", stray " << stray << "; outputs of aborted transactions " << aborted << ", left open "
                     << l.open.size());
  CHECK(twice == 0);
  CHECK(missing == 0);
  CHECK(stray == 0);
}

void check_readers(const k::embedded_cluster& cluster, const std::set<std::string>& expected, const ledger& l) {
  auto uncommitted = kcat_ids(cluster, "read_uncommitted");
  check_reader("kcat read_uncommitted", uncommitted, expected, l);
  check_reader("kcat read_committed", kcat_ids(cluster, "read_committed"), expected, l);
  check_reader("kafka::consumer read_committed", consumer_ids(cluster, uncommitted.size()), expected, l);
}

}  // namespace

TEST_SUITE("ops") {
  TEST_CASE("exactly-once - a consumer without a transactional.id is refused, saying what to set") {
    k::config cfg{{"bootstrap.servers", "127.0.0.1:1"}};
    try {
      k::exactly_once_consumer in(cfg, {.topics = {eos::input_topic}, .group_id = "g"});
      FAIL("constructed without a transactional.id");
    } catch (const k::error& e) {
      CHECK(e.code() == RdKafka::ERR__INVALID_ARG);
      CHECK(std::string(e.what()).find("transactional.id") != std::string::npos);
    }
    CHECK(k::transactional_config(cfg, "svc-1").for_client(k::client_kind::producer).at("transactional.id") == "svc-1");
    CHECK(k::transactional_config(cfg, "svc-1").for_client(k::client_kind::consumer).count("transactional.id") == 0);
  }

  TEST_CASE("exactly-once under faults - handler failures, a poison message, coordinator moved, broker down, abortable errors") {
    k::embedded_cluster cluster(cluster_options());
    auto cfg = eos::client_config(cluster.bootstrap());
    auto inputs = eos::completions(240);
    const std::string flaky = inputs[30].payload.task_id.to_string(), poison = inputs[150].payload.task_id.to_string();
    const auto expected = expected_outputs(inputs, {poison});
    publish_inputs(cfg, inputs);
    cluster.set_coordinator("transaction", "eos-a", 1);
    cluster.set_coordinator("group", "recurring", 2);

    ledger l;
    events::services::recurring_service svc;
    k::exactly_once_consumer in(cfg, eos::options("eos-a", "recurring"));
    std::vector<std::string> faults, timeline;  // timeline: faults and what the consumer told, in order
    auto fault = [&](const std::string& f) {
      faults.push_back(f);
      timeline.push_back("fault: " + f);
    };
    bool flaky_failed = false, take_down = false;
    std::thread revive;
    in.on_commit([&](const k::committed_transaction&) {
      switch (in.stats().committed) {
        case 3: cluster.set_coordinator("transaction", "eos-a", 3);
          fault("coordinator moved");
          break;
        case 6: take_down = true; break;  // in the next transaction, after a publish
        case 9:
          cluster.push_request_errors(k::api::add_partitions_to_txn, {RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED});
          fault("AddPartitionsToTxn refused");
          break;
        case 12:
          cluster.push_request_errors(k::api::produce, {RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE});
          fault("produce refused");
          break;
        default: break;
      }
    });
    in.on<eos::completed>([&](const eos::completed& ev, k::transaction& tx) {
      const std::string task = ev.payload.task_id.to_string();
      auto next = svc.on_completed(ev);
      REQUIRE(next);
      const std::string id = next->created.event_id.to_string();
      tx.publish(next->created, [&l, id](const k::delivery& d) { l.note(id, d); }, {.topic = eos::output_topic});
      if (task == poison) throw std::runtime_error("poison: this completion always fails");
      if (task == flaky && !flaky_failed) {
        flaky_failed = true;
        fault("handler failed once");
        throw std::runtime_error("flaky: fails the first time");
      }
      if (take_down) {
        take_down = false;
        cluster.broker_down(3);  // the transaction coordinator, and the leader of some partitions
        fault("broker down mid-transaction");
        revive = std::thread([&cluster] {
          std::this_thread::sleep_for(1500ms);
          cluster.broker_up(3);
        });
      }
    });
    in.on_error([&](const std::string& e) { timeline.push_back("told: " + e); });
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    in.run_until([&] { return (l.covers(expected) && in.stats().dead_lettered >= 1) || std::chrono::steady_clock::now() > deadline; });
    in.close();
    if (revive.joinable()) revive.join();
    const auto s = in.stats();
    MESSAGE(inputs.size() << " inputs; " << faults.size() << " faults; transactions committed " << s.committed << ", aborted "
                          << s.aborted << "; messages rewound " << s.rewound << "; handler failures " << s.handler_failures
                          << "; transactional calls retried " << s.retried_calls);
    for (const auto& e : timeline) MESSAGE(e);
    CHECK_FALSE(in.fatal_error());
    CHECK(faults.size() == 5);
    CHECK(s.dead_lettered >= 1);
    CHECK(s.handler_failures >= 4);  // the flaky one once, the poison one 3 times (max_retries 2)
    CHECK(s.aborted >= 6);           // each handler failure, the two refused requests
    check_ledger(l, expected);
    check_readers(cluster, expected, l);
    auto dead = kt::lines(kt::kcat(cluster, "-C -t " + eos::input_topic + "-dlq -o beginning -e -q -f '%k\\n'"));
    CHECK(dead.size() >= 1);
    for (const auto& key : dead) CHECK(key == poison);
  }

  TEST_CASE("exactly-once - a commit that times out is retriable - called again, it completes, nothing twice") {
    k::embedded_cluster cluster(cluster_options());
    auto cfg = eos::client_config(cluster.bootstrap());
    auto inputs = eos::completions(40);
    const auto expected = expected_outputs(inputs);
    publish_inputs(cfg, inputs);
    cluster.set_coordinator("transaction", "eos-r", 1);
    auto o = eos::options("eos-r", "recurring");
    o.transaction_timeout = 1000ms;  // each call waits 1 s; the coordinator answers one EndTxn after 2.5 s
    ledger l;
    events::services::recurring_service svc;
    k::exactly_once_consumer in(cfg, o);
    std::vector<std::string> told;
    in.on_error([&](const std::string& e) { told.push_back(e); });
    in.on_commit([&](const k::committed_transaction&) {
      if (in.stats().committed == 2) cluster.push_broker_errors(1, k::api::end_txn, {{RD_KAFKA_RESP_ERR_NO_ERROR, 2500}});
    });
    in.on<eos::completed>([&](const eos::completed& ev, k::transaction& tx) {
      auto next = svc.on_completed(ev);
      const std::string id = next->created.event_id.to_string();
      tx.publish(next->created, [&l, id](const k::delivery& d) { l.note(id, d); }, {.topic = eos::output_topic});
    });
    const auto deadline = std::chrono::steady_clock::now() + 40s;
    in.run_until([&] { return l.covers(expected) || std::chrono::steady_clock::now() > deadline; });
    in.close();
    const auto s = in.stats();
    for (const auto& e : told) MESSAGE("told: " << e);
    MESSAGE("transactions committed " << s.committed << ", aborted " << s.aborted << "; calls retried " << s.retried_calls);
    CHECK_FALSE(in.fatal_error());
    CHECK(s.retried_calls >= 1);
    CHECK(s.aborted == 0);  // the timed-out commit completed when called again
    check_ledger(l, expected);
    check_readers(cluster, expected, l);
  }

  TEST_CASE("exactly-once - a fenced producer is fatal, the consumer stops cleanly, a new instance resumes") {
    k::embedded_cluster cluster(cluster_options());
    auto cfg = eos::client_config(cluster.bootstrap());
    auto inputs = eos::completions(80);
    const auto expected = expected_outputs(inputs);
    publish_inputs(cfg, inputs);
    ledger l;
    auto service = [&l](k::exactly_once_consumer& in, events::services::recurring_service& svc) {
      in.on<eos::completed>([&l, &svc](const eos::completed& ev, k::transaction& tx) {
        auto next = svc.on_completed(ev);
        const std::string id = next->created.event_id.to_string();
        tx.publish(next->created, [&l, id](const k::delivery& d) { l.note(id, d); }, {.topic = eos::output_topic});
      });
    };
    {
      events::services::recurring_service svc;
      k::exactly_once_consumer zombie(cfg, eos::options("eos-b", "recurring"));
      service(zombie, svc);
      eos::on_commit(zombie, [&](const k::committed_transaction&) {
        // The broker's answer to a producer whose epoch a newer instance has bumped.
        if (zombie.stats().committed == 2) cluster.push_request_errors(k::api::end_txn, {RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH});
      });
      zombie.run_until([&] { return l.covers(expected); });  // returns at the fatal error
      REQUIRE(zombie.fatal_error());
      MESSAGE("zombie: " << *zombie.fatal_error());
      CHECK(zombie.fatal_error()->find("fenced") != std::string::npos);
      CHECK(zombie.stats().committed == 2);
      CHECK_FALSE(zombie.poll(10ms));  // stopped: takes nothing more
      zombie.close();
    }
    int aborted = 0;
    for (const auto& [id, n] : l.aborted) aborted += n;
    CHECK(aborted >= 1);  // the fenced transaction's outputs, failed
    events::services::recurring_service svc;
    k::exactly_once_consumer next(cfg, eos::options("eos-b", "recurring"));
    service(next, svc);
    eos::on_commit(next);
    const auto deadline = std::chrono::steady_clock::now() + 40s;
    next.run_until([&] { return l.covers(expected) || std::chrono::steady_clock::now() > deadline; });
    next.close();
    MESSAGE("new instance: transactions committed " << next.stats().committed << ", aborted " << next.stats().aborted
                                                   << ", inputs taken " << next.stats().consumed);
    CHECK_FALSE(next.fatal_error());
    check_ledger(l, expected);
    check_readers(cluster, expected, l);
  }

  TEST_CASE("exactly-once - the process killed between publish and commit, restarted with the same transactional.id") {
    k::embedded_cluster cluster(cluster_options());
    auto cfg = eos::client_config(cluster.bootstrap());
    auto inputs = eos::completions(80);
    const auto expected = expected_outputs(inputs);
    publish_inputs(cfg, inputs);

    ledger l;
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    std::string worker = EVENTS_EOS_WORKER, bootstrap = cluster.bootstrap();
    std::vector<char*> argv{worker.data(), bootstrap.data(), const_cast<char*>("eos-c"), const_cast<char*>("recurring"),
                            const_cast<char*>("3"), nullptr};
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {  // only exec-safe calls in the child of a threaded process
      ::dup2(fds[1], 1);
      ::close(fds[0]);
      ::close(fds[1]);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    // Read its lines up to "ready" (the open transaction's outputs are in the log), then kill it.
    std::string buffer;
    bool ready = false;
    const auto deadline = std::chrono::steady_clock::now() + 40s;
    while (!ready && std::chrono::steady_clock::now() < deadline) {
      pollfd p{fds[0], POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      char chunk[4096];
      ssize_t n = ::read(fds[0], chunk, sizeof chunk);
      if (n <= 0) break;
      buffer.append(chunk, static_cast<std::size_t>(n));
      for (auto nl = buffer.find('\n'); nl != std::string::npos; nl = buffer.find('\n')) {
        std::string line = buffer.substr(0, nl);
        buffer.erase(0, nl + 1);
        auto space = line.find(' ');
        std::string what = line.substr(0, space), id = space == std::string::npos ? "" : line.substr(space + 1);
        if (what == "ready") ready = true;
        else if (what == "ok") ++l.committed[id];
        else if (what == "aborted") ++l.aborted[id];
        else if (what == "open") ++l.open[id];
      }
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ::close(fds[0]);
    REQUIRE(ready);
    CHECK(WIFSIGNALED(status));
    std::size_t before = 0;
    for (const auto& [id, n] : l.committed) before += static_cast<std::size_t>(n);
    MESSAGE("killed with " << before << " outputs committed and " << l.open.size() << " published in the open transaction");
    CHECK(before >= 3);
    CHECK(l.open.size() == 1);

    // Restarted: the same transactional.id and group; it resumes from the committed offsets.
    events::services::recurring_service svc;
    k::exactly_once_consumer again(cfg, eos::options("eos-c", "recurring"));
    eos::on_commit(again);
    again.on<eos::completed>([&](const eos::completed& ev, k::transaction& tx) {
      auto next = svc.on_completed(ev);
      const std::string id = next->created.event_id.to_string();
      tx.publish(next->created, [&l, id](const k::delivery& d) { l.note(id, d); }, {.topic = eos::output_topic});
    });
    const auto until = std::chrono::steady_clock::now() + 40s;
    again.run_until([&] { return l.covers(expected) || std::chrono::steady_clock::now() > until; });
    again.close();
    CHECK_FALSE(again.fatal_error());
    MESSAGE("restarted instance: transactions committed " << again.stats().committed << ", aborted "
                                                         << again.stats().aborted << ", inputs taken " << again.stats().consumed);
    CHECK(again.stats().consumed == inputs.size() - before);  // resumed where the committed ones ended
    check_ledger(l, expected);
    check_readers(cluster, expected, l);
  }
}
