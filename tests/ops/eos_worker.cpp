// The exactly-once recurring service as a process of its own, for the test that kills it with
// SIGKILL between a publish and its commit (exactly_once_test.cpp). It turns task.completed on
// eos-in into task.created on eos-out through events::kafka::exactly_once_consumer, and prints
// one line per fact, flushed at once (the parent reads them up to the kill):
//   ok <event id>        an output whose transaction committed
//   aborted <event id>   an output whose transaction aborted
//   open <event id>      an output published into the transaction the kill will leave open
//   ready                that transaction's outputs are in the log, uncommitted: kill now
// Usage: eos_worker <bootstrap> <transactional.id> <group> <transactions to commit before the kill point>
#include "eos_service.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: eos_worker <bootstrap> <transactional.id> <group> <commits>\n");
    return 2;
  }
  const std::uint64_t commits = std::strtoull(argv[4], nullptr, 10);
  events::kafka::config cfg = eos::client_config(argv[1]);
  std::uint64_t committed = 0;
  bool hold = false;
  events::services::recurring_service svc;
  events::kafka::exactly_once_consumer in(cfg, eos::options(argv[2], argv[3]));
  eos::on_commit(in, [&](const events::kafka::committed_transaction&) {  // with the mock's gap filled
    if (++committed >= commits) hold = true;
  });
  in.on<eos::completed>([&](const eos::completed& ev, events::kafka::transaction& tx) {
    auto next = svc.on_completed(ev);
    if (!next) return;
    const std::string id = next->created.event_id.to_string();
    tx.publish(
        next->created,
        [id](const events::kafka::delivery& d) {
          std::printf("%s %s\n", d.ok() ? "ok" : "aborted", id.c_str());
          std::fflush(stdout);
        },
        {.topic = eos::output_topic});
    if (!hold) return;
    // The kill point: this output is written to the log inside the open transaction, which
    // never commits.
    std::printf("open %s\n", id.c_str());
    std::fflush(stdout);
    in.output().native().flush(10000);
    std::printf("ready\n");
    std::fflush(stdout);
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
  });
  in.run();
  return 0;
}
