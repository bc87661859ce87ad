// `events registry serve|check|register`: a Confluent-compatible schema registry for local stacks
// and tests, and the catalog checked against (or registered in) any registry, for CI pipelines.
#include "cli.hpp"

#include <events/catalog.hpp>
#include <events/schema_registry/client.hpp>
#include <events/schema_registry/server.hpp>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>
#include <tuple>
#include <vector>

namespace events_tool {

namespace {

constexpr const char* registry_help =
    "usage: events registry serve [--host H] [--port N] [--file STATE.json]\n"
    "       events registry check|register --url URL [--subject-strategy topic|record|topic-record] [TYPE...]\n"
    "\n"
    "serve      a Confluent-compatible schema registry (JSON schemas): prints its URL, serves until\n"
    "           SIGINT/SIGTERM. 127.0.0.1:8081 by default; --port 0 picks a free port. --file keeps the\n"
    "           state there (ids survive a restart). Basic auth when EVENTS_REGISTRY_USER and\n"
    "           EVENTS_REGISTRY_PASSWORD are set (never on the command line: it shows in ps).\n"
    "check      each catalog type (or the TYPEs named: record names such as TodoCreated) against what\n"
    "           the registry holds under its subject: exit 1 naming every incompatible change\n"
    "register   registers each type's schema under its subject: exit 1 when the registry refuses one\n"
    "\n"
    "--url takes http:// or https://; credentials from EVENTS_REGISTRY_USER / EVENTS_REGISTRY_PASSWORD.\n"
    "--subject-strategy: topic (<topic>-value, Confluent's default), record (the schema's title, the\n"
    "Pydantic class name), topic-record (<topic>-<record>). With topic, several types of one topic\n"
    "share a subject, which Confluent's compatibility levels refuse: use record or topic-record.\n"
    "\n"
    "Examples:\n"
    "  events registry serve --port 8081 --file build/registry.json\n"
    "  events registry check --url http://127.0.0.1:8081 --subject-strategy record\n"
    "  events registry register --url http://127.0.0.1:8081 --subject-strategy topic-record TodoCreated\n";

struct row {
  std::string record;
  std::string topic;
  std::string schema;
};

template <class... T>
std::vector<row> rows_of(std::tuple<T...>*) {
  auto topic_of = [](std::string_view t) { return t.empty() ? std::string("contract") : std::string(t); };
  return {row{events::schema_registry::record_name<T>(), topic_of(events::event_traits<T>::topic),
              events::schema_registry::registered_schema_text<T>()}...};
}

std::vector<row> catalog_rows() {
  using all = decltype(std::tuple_cat(std::declval<events::catalog_registry::types>(),
                                      std::declval<events::contract_messages>()));
  return rows_of(static_cast<all*>(nullptr));
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

events::schema_registry::server* running_registry = nullptr;
extern "C" void stop_on_signal(int) {
  if (running_registry) running_registry->stop_from_signal();
}

int serve_registry(const arg_list& args) {
  events::schema_registry::server_options o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto next = [&]() -> std::string {
      if (i + 1 >= args.size()) throw std::invalid_argument(std::string(args[i]) + " needs a value");
      return std::string(args[++i]);
    };
    if (args[i] == "--host") o.host = next();
    else if (args[i] == "--port") o.port = std::stoi(next());
    else if (args[i] == "--file") o.file = next();
    else return usage(registry_help, "unknown option '" + std::string(args[i]) + "'");
  }
  o.username = env("EVENTS_REGISTRY_USER");
  o.password = env("EVENTS_REGISTRY_PASSWORD");
  o.log = [](const std::string& line) { std::cerr << "events registry: " << line << '\n'; };
  events::schema_registry::server srv(o);
  running_registry = &srv;
  std::signal(SIGINT, stop_on_signal);
  std::signal(SIGTERM, stop_on_signal);
  srv.on_ready = [&](const std::string& url) {
    std::cout << url << std::endl;  // the first line: scripts read the URL from it
    std::cerr << "events registry: serving JSON schemas at " << url
              << (o.username.empty() ? "" : " (basic auth)") << (o.file.empty() ? "" : ", state in " + o.file) << '\n';
  };
  srv.run();
  running_registry = nullptr;
  return 0;
}

int check_or_register(bool do_register, const arg_list& args) {
  events::schema_registry::client_options o;
  auto strategy = events::schema_registry::subject_strategy::topic;
  std::vector<std::string> only;
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto next = [&]() -> std::string {
      if (i + 1 >= args.size()) throw std::invalid_argument(std::string(args[i]) + " needs a value");
      return std::string(args[++i]);
    };
    if (args[i] == "--url") {
      o.url = next();
    } else if (args[i] == "--subject-strategy") {
      auto s = events::schema_registry::parse_subject_strategy(next());
      if (!s) return usage(registry_help, "unknown subject strategy '" + std::string(args[i]) + "'");
      strategy = *s;
    } else if (args[i].starts_with("-")) {
      return usage(registry_help, "unknown option '" + std::string(args[i]) + "'");
    } else {
      only.emplace_back(args[i]);
    }
  }
  o.username = env("EVENTS_REGISTRY_USER");
  o.password = env("EVENTS_REGISTRY_PASSWORD");
  events::schema_registry::client reg(o);
  int failed = 0;
  std::size_t matched = 0;
  for (const auto& r : catalog_rows()) {
    if (!only.empty() && std::find(only.begin(), only.end(), r.record) == only.end()) continue;
    ++matched;
    const std::string subject = events::schema_registry::subject_name(strategy, r.topic, r.record);
    try {
      if (do_register) {
        auto id = reg.register_schema(subject, r.schema, false);
        std::cout << subject << ": id " << id << '\n';
      } else {
        auto res = reg.test_compatibility(subject, r.schema, "latest");
        if (res.compatible) {
          std::cout << subject << ": compatible\n";
        } else {
          ++failed;
          std::cout << subject << ": INCOMPATIBLE\n";
          for (const auto& m : res.messages) std::cout << "  " << m << '\n';
        }
      }
    } catch (const events::schema_registry::registry_error& e) {
      if (!do_register && (e.code() == 40401 || e.code() == 40402)) {
        std::cout << subject << ": new subject (nothing registered yet)\n";
        continue;
      }
      ++failed;
      std::cout << subject << ": " << (do_register && e.code() == 409 ? "REFUSED" : "ERROR") << "\n  " << e.what() << '\n';
    }
  }
  if (matched == 0) return usage(registry_help, "no catalog type has the record name given");
  return failed ? 1 : 0;
}

}  // namespace

int cmd_registry(const arg_list& args) {
  if (args.empty() || wants_help(args)) return args.empty() ? usage(registry_help, "no subcommand given") : (std::cout << registry_help, 0);
  arg_list rest(args.begin() + 1, args.end());
  if (args[0] == "serve") return serve_registry(rest);
  if (args[0] == "check") return check_or_register(false, rest);
  if (args[0] == "register") return check_or_register(true, rest);
  return usage(registry_help, "unknown subcommand '" + std::string(args[0]) + "'");
}

}  // namespace events_tool
