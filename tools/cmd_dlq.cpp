// `events dlq`: dead letters listed, shown and replayed (the engine is events/kafka/redrive.hpp).
// Output is JSON on stdout; bad options are a JSON list of errors on stderr, exit status 2.
#include "cli.hpp"

#include <events/kafka/redrive.hpp>

#include <nlohmann/json.hpp>

#include <csignal>
#include <iostream>
#include <optional>

namespace events_tool {
namespace {

constexpr const char* dlq_help =
    "usage: events dlq list   --topic DLQ [connection] [filters]\n"
    "       events dlq show   --topic DLQ --offset N [--partition P] [connection]\n"
    "       events dlq replay --topic DLQ [--to TOPIC] [--dry-run] [--group G] [--max-replays N]\n"
    "                         [--quarantine-topic Q] [--limit N] [--batch N] [connection] [filters]\n"
    "\n"
    "Reads a dead-letter topic written by events (dlq_* headers), Spring Kafka (kafka_dlt-*)\n"
    "or Kafka Connect (__connect.errors.*). `list` counts everything by reason code, event type,\n"
    "original topic, hour and convention; `show` prints one dead letter with its headers;\n"
    "`replay` sends what the filters take back to its original topic and partition (or --to),\n"
    "key and headers kept, from the group's position (default events-dlq-redrive.<DLQ>), which\n"
    "it commits as it goes: run it again to resume. A message replayed --max-replays times\n"
    "(default 3) goes to the quarantine topic (default <DLQ>-quarantine) instead. --dry-run\n"
    "prints what would go and moves nothing. SIGINT/SIGTERM stop after the message in hand.\n"
    "\n"
    "Connection: -b BOOTSTRAP, -X name=value (librdkafka properties), EVENTS_KAFKA_* variables.\n"
    "Filters: --type T, --code C (each repeatable), --since TIME, --until TIME (RFC 3339, on the\n"
    "failure time), --partition P, --offsets A-B (the original partition and offsets).\n"
    "\n"
    "Examples:\n"
    "  events dlq list --topic task-events-dlq -b localhost:9092\n"
    "  events dlq replay --topic task-events-dlq --code handler_failed --dry-run\n"
    "  events dlq replay --topic task-events-dlq --code handler_failed\n";

events::kafka::redrive* running_redrive = nullptr;
extern "C" void on_signal(int) {
  if (running_redrive) running_redrive->stop();
}

nlohmann::json to_json(const events::kafka::dead_letter_histogram& h) {
  return {{"total", h.total},     {"by_code", h.by_code}, {"by_type", h.by_type},
          {"by_topic", h.by_topic}, {"by_hour", h.by_hour}, {"by_convention", h.by_convention}};
}

// Bytes as JSON text: UTF-8 kept, anything else as U+FFFD (put_string's repair).
nlohmann::json text(std::string_view s) {
  std::string out;
  put_string(out, s);
  return nlohmann::json::parse(out);
}

nlohmann::json to_json(const events::kafka::dead_letter_entry& e) {
  nlohmann::json headers = nlohmann::json::array();
  for (const auto& [n, v] : e.headers) {
    nlohmann::json h = {{"name", text(n)}, {"value", text(v)}};
    bool printable = true;
    for (unsigned char c : v) printable = printable && c >= 0x20 && c < 0x7f;
    if (!printable) {
      std::string hex;
      for (unsigned char c : v) hex += "0123456789abcdef"[c >> 4], hex += "0123456789abcdef"[c & 15];
      h["hex"] = hex;
    }
    headers.push_back(std::move(h));
  }
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : e.problems) problems.push_back({{"path", p.path}, {"code", p.code}, {"message", p.message}});
  return {{"dlq_topic", e.dlq_topic},
          {"dlq_partition", e.dlq_partition},
          {"dlq_offset", e.dlq_offset},
          {"convention", std::string(to_string(e.convention))},
          {"original_topic", e.original_topic},
          {"original_partition", e.original_partition},
          {"original_offset", e.original_offset},
          {"code", e.code},
          {"reason", text(e.reason)},
          {"event_type", e.event_type},
          {"failed_at", e.failed_at ? nlohmann::json(events::format_timestamp(*e.failed_at)) : nlohmann::json()},
          {"replay_count", e.replay_count},
          {"key", text(e.key)},
          {"value", text(e.value)},
          {"headers", headers},
          {"problems", problems}};
}

int bad_options(const events::error_list& errors) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : errors) out.push_back({{"path", e.path}, {"code", e.code}, {"message", e.message}, {"input", e.input}});
  std::cerr << nlohmann::json{{"errors", out}}.dump() << '\n';
  return 2;
}

}  // namespace

int cmd_dlq(const arg_list& args) {
  if (args.empty() || wants_help(args)) return std::cout << dlq_help, args.empty() ? 2 : 0;
  std::string_view sub = args[0];
  if (sub != "list" && sub != "show" && sub != "replay") return usage(dlq_help, "unknown dlq command '" + std::string(sub) + "'");
  auto cfg = events::kafka::config::from_env();
  events::kafka::redrive_options o;
  bool dry_run = false;
  std::optional<std::int64_t> offset;
  std::int32_t partition = 0;
  events::error_list errors;
  auto problem = [&](std::string path, std::string code, std::string message, std::string_view input) {
    errors.push_back({std::move(path), std::move(code), std::move(message), std::string(input), 0, 0});
  };
  for (std::size_t i = 1; i < args.size(); ++i) {
    std::string_view a = args[i];
    auto value = [&]() -> std::optional<std::string_view> {
      if (i + 1 < args.size()) return args[++i];
      problem("/" + std::string(a), "missing", std::string(a) + " needs a value", {});
      return std::nullopt;
    };
    auto number = [&](std::string_view opt, auto& out) {
      auto v = value();
      if (!v) return;
      using number_type = std::remove_reference_t<decltype(out)>;
      number_type n{};
      bool ok = events::kafka::detail::parse_decimal(*v, n);  // "-1" fails for unsigned types
      if constexpr (std::is_signed_v<number_type>) ok = ok && n >= 0;
      if (!ok)
        return problem("/" + std::string(opt), "int_parsing", "a non-negative integer", *v);
      out = n;
    };
    auto time = [&](std::string_view opt, std::optional<events::timestamp>& out) {
      auto v = value();
      if (!v) return;
      events::timestamp t;
      if (events::parse_timestamp(*v, t) != events::timestamp_errc::ok)
        return problem("/" + std::string(opt), "datetime_parsing", "an RFC 3339 time with an offset", *v);
      out = t;
    };
    if (a == "--topic") { if (auto v = value()) o.dlq_topic = *v; }
    else if (a == "--to") { if (auto v = value()) o.target_topic = *v; }
    else if (a == "--group") { if (auto v = value()) o.group_id = *v; }
    else if (a == "--quarantine-topic") { if (auto v = value()) o.quarantine_topic = *v; }
    else if (a == "--type") { if (auto v = value()) o.filter.types.emplace_back(*v); }
    else if (a == "--code") { if (auto v = value()) o.filter.codes.emplace_back(*v); }
    else if (a == "--since") time(a, o.filter.since);
    else if (a == "--until") time(a, o.filter.until);
    else if (a == "--max-replays") number(a, o.max_replays);
    else if (a == "--limit") number(a, o.limit);
    else if (a == "--batch") number(a, o.batch);
    else if (a == "--dry-run") dry_run = true;
    else if (a == "--partition") {
      std::int32_t p = 0;
      number(a, p);
      if (sub == "show") partition = p;
      else o.filter.partition = p;
    } else if (a == "--offset") {
      std::int64_t n = 0;
      number(a, n);
      offset = n;
    } else if (a == "--offsets") {
      auto v = value();
      if (!v) continue;
      auto dash = v->find('-');
      std::int64_t lo = 0, hi = 0;
      if (dash == std::string_view::npos || !events::kafka::detail::parse_decimal(v->substr(0, dash), lo) ||
          !events::kafka::detail::parse_decimal(v->substr(dash + 1), hi))
        problem("/--offsets", "dlq_offset_range", "a range FIRST-LAST of original offsets", *v);
      else o.filter.from_offset = lo, o.filter.to_offset = hi;
    } else if (a == "-b" || a == "--bootstrap") { if (auto v = value()) cfg.set("bootstrap.servers", std::string(*v)); }
    else if (a == "-X") {
      auto v = value();
      if (!v) continue;
      auto eq = v->find('=');
      if (eq == std::string_view::npos || eq == 0) problem("/-X", "dlq_property", "name=value", *v);
      else cfg.set(std::string(v->substr(0, eq)), std::string(v->substr(eq + 1)));
    } else {
      problem("/" + std::string(a), "unknown_option", "unknown option", a);
    }
  }
  if (o.dlq_topic.empty()) problem("/--topic", "missing", "--topic names the dead-letter topic", {});
  if (sub == "show" && !offset) problem("/--offset", "missing", "show needs --offset", {});
  if (!cfg.contains("bootstrap.servers")) problem("/-b", "missing", "no bootstrap servers (-b or EVENTS_KAFKA_BOOTSTRAP_SERVERS)", {});
  if (!errors.empty()) return bad_options(errors);
  events::kafka::redrive r(cfg, o);
  if (auto invalid = r.validate(); !invalid.empty()) return bad_options(invalid);

  if (sub == "show") {
    auto e = r.at(partition, *offset);
    if (!e) {
      std::cerr << nlohmann::json{{"errors", {{{"path", "/--offset"}, {"code", "dlq_not_found"},
                                              {"message", "no dead letter at that offset"}, {"input", std::to_string(*offset)}}}}}.dump()
                << '\n';
      return 1;
    }
    std::cout << to_json(*e).dump(2) << '\n';
    return 0;
  }
  if (sub == "list") {
    std::uint64_t taken = 0;
    auto rep = r.scan([&](const events::kafka::dead_letter_entry& e) { taken += o.filter.matches(e) ? 1 : 0; });
    std::cout << nlohmann::json{{"topic", o.dlq_topic}, {"dead_letters", to_json(rep.histogram)}, {"matching_filters", taken}}.dump(2)
              << '\n';
    return 0;
  }
  running_redrive = &r;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  auto rep = r.replay(dry_run);
  running_redrive = nullptr;
  std::cout << nlohmann::json{{"topic", o.dlq_topic},
                              {"group", r.options().group_id},
                              {"dry_run", rep.dry_run},
                              {"scanned", rep.scanned},
                              {"matched", rep.matched},
                              {"replayed", rep.replayed},
                              {"quarantined", rep.quarantined},
                              {"unroutable", rep.unroutable},
                              {"complete", rep.complete},
                              {"replay", to_json(rep.histogram)},
                              {"quarantine", to_json(rep.quarantine)},
                              {"errors", rep.errors}}
                   .dump(2)
            << '\n';
  return rep.errors.empty() ? 0 : 1;
}

}  // namespace events_tool
