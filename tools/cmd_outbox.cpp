// `events outbox`: the outbox and inbox DDL, and the relay that publishes an outbox table
// (the engine is events/outbox/relay.hpp).
#include "cli.hpp"

#include <events/outbox/inbox.hpp>
#include <events/outbox/outbox.hpp>
#include <events/outbox/relay.hpp>

#include <atomic>
#include <csignal>
#include <iostream>

namespace events_tool {
namespace {

constexpr const char* outbox_help =
    "usage: events outbox ddl [--table T] [--inbox-table T]\n"
    "       events outbox relay --db CONNINFO [-b BOOTSTRAP] [-X name=value] [--table T] [--batch N] [--once]\n"
    "\n"
    "`ddl` prints the CREATE TABLE statements of the outbox (Debezium's columns id, aggregatetype,\n"
    "aggregateid, type, payload, tracingspancontext, plus seq and sent_at) and of the inbox.\n"
    "`relay` publishes pending outbox rows in order per aggregate to outbox.event.<aggregatetype>\n"
    "(key: aggregateid, header id), marks them sent, and goes on until SIGINT/SIGTERM (--once: one\n"
    "round). Several relays may run on one table. At least once: a relay stopped between Kafka's\n"
    "acknowledgement and the mark publishes those rows again; an inbox absorbs the copies.\n"
    "CONNINFO is libpq's (\"host=/run/postgresql dbname=app\" or postgresql://...); Kafka settings\n"
    "also come from EVENTS_KAFKA_* variables. Prints a JSON summary on exit.\n";

std::atomic<bool> stopping{false};
extern "C" void on_stop(int) { stopping = true; }

}  // namespace

int cmd_outbox(const arg_list& args) {
  if (args.empty() || wants_help(args)) return std::cout << outbox_help, args.empty() ? 2 : 0;
  std::string_view sub = args[0];
  std::string db, table = "events_outbox", inbox_table = "events_inbox";
  bool once = false;
  std::uint64_t batch = 100;
  auto cfg = events::kafka::config::from_env();
  for (std::size_t i = 1; i < args.size(); ++i) {
    std::string_view a = args[i];
    bool has_value = i + 1 < args.size();
    if (a == "--once") once = true;
    else if (!has_value && (a == "--db" || a == "--table" || a == "--inbox-table" || a == "--batch" || a == "-b" || a == "-X"))
      return usage(outbox_help, std::string(a) + " needs a value");
    else if (a == "--db") db = args[++i];
    else if (a == "--table") table = args[++i];
    else if (a == "--inbox-table") inbox_table = args[++i];
    else if (a == "--batch") {
      if (!parse_count(args[++i], batch) || batch == 0) return usage(outbox_help, "--batch takes a positive count");
    } else if (a == "-b") cfg.set("bootstrap.servers", std::string(args[++i]));
    else if (a == "-X") {
      std::string_view kv = args[++i];
      auto eq = kv.find('=');
      if (eq == std::string_view::npos || eq == 0) return usage(outbox_help, "-X takes name=value");
      cfg.set(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
    } else return usage(outbox_help, "unknown option '" + std::string(a) + "'");
  }
  if (sub == "ddl") {
    std::cout << events::outbox::schema_sql(table) << events::outbox::inbox_schema_sql(inbox_table);
    return 0;
  }
  if (sub != "relay") return usage(outbox_help, "unknown outbox command '" + std::string(sub) + "'");
  if (db.empty()) return usage(outbox_help, "relay needs --db");
  if (!cfg.contains("bootstrap.servers")) return usage(outbox_help, "no bootstrap servers (-b or EVENTS_KAFKA_BOOTSTRAP_SERVERS)");
  events::outbox::relay r(db, cfg, {.table = table, .batch = batch});
  std::signal(SIGINT, on_stop);
  std::signal(SIGTERM, on_stop);
  if (once) r.run_once();
  else r.run(stopping);
  r.close();
  const auto& s = r.stats();
  std::cout << "{\"published\":" << s.published << ",\"marked\":" << s.marked << ",\"failed\":" << s.failed
            << ",\"db_errors\":" << s.db_errors << ",\"rounds\":" << s.rounds << "}\n";
  return s.failed == 0 ? 0 : 1;
}

}  // namespace events_tool
