// `events`: the catalog from the shell: list, schema, sample, validate, check-compat.
#include "sample.hpp"

#include <events/catalog.hpp>
#include <events/contract_schema.hpp>
#include <events/events.hpp>
#include <events/schema.hpp>
#include <events/schema_compat.hpp>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace {

using catalog = events::catalog_registry;

// ---- the catalog as rows -------------------------------------------------------------------

struct entry {
  std::string type;     // wire event_type, or the C++ name for contract messages
  int version = 1;
  std::string topic;
  std::string name;     // C++ type
  std::size_t index;    // in catalog (envelopes); npos for contract messages
  std::function<nlohmann::ordered_json(events::schema_dialect)> schema;
  std::function<std::string(events_tool::sampler&)> sample;
  std::function<events::error_list(std::string_view)> decode_direct;  // contract messages only
};

constexpr std::size_t npos = static_cast<std::size_t>(-1);

template <class T>
std::string sample_of(events_tool::sampler& s) {
  for (int attempt = 0;; ++attempt) {
    T v{};
    s.fill(v, "");
    if constexpr (requires { v.event_id; }) {
      v.event_id = s.fresh_id();
      v.timestamp = s.fresh_time();
    }
    std::string out;
    events::to_json(out, v);
    if (events::from_json<T>(out).has_value() || attempt == 20) return out;
  }
}

template <class T>
entry make_entry(std::size_t index) {
  entry e;
  if constexpr (requires { typename T::payload_type; }) {
    using P = typename T::payload_type;
    e.type = std::string(P::type);
    e.version = events::payload_version<P>;
    e.topic = std::string(events::topic_of<P>());
  } else {
    e.type = events::detail::short_type_name(events::detail::qualified_type_name<T>());
    e.topic = std::string(events::topic_of<T>());
    index = npos;
    e.decode_direct = [](std::string_view text) {
      static thread_local T value{};
      return events::from_json(text, value);
    };
  }
  e.name = std::string(events::detail::qualified_type_name<T>());
  e.index = index;
  e.schema = [](events::schema_dialect d) { return events::json_schema<T>(d); };
  e.sample = &sample_of<T>;
  return e;
}

const std::vector<entry>& entries() {
  static const std::vector<entry> all = [] {
    std::vector<entry> v;
    [&]<class... E>(std::tuple<E...>*) {
      std::size_t i = 0;
      (v.push_back(make_entry<E>(i++)), ...);
    }(static_cast<catalog::types*>(nullptr));
    [&]<class... M>(std::tuple<M...>*) {
      (v.push_back(make_entry<M>(npos)), ...);
    }(static_cast<events::contract_messages*>(nullptr));
    return v;
  }();
  return all;
}

// "task.created" names its newest version; "task.created.v1" (as the golden files) a given one.
const entry* find_entry(std::string_view name) {
  const entry* best = nullptr;
  for (const auto& e : entries()) {
    if (e.type == name && (!best || e.version > best->version)) best = &e;
    if (e.type + ".v" + std::to_string(e.version) == name) return &e;
  }
  return best;
}

// ---- output --------------------------------------------------------------------------------

// A JSON string; invalid UTF-8 becomes U+FFFD so every line stays valid JSON.
void put_string(std::string& out, std::string_view s) {
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    bool ok = n >= 2 && c <= 0xF4 && i + n <= s.size();
    for (std::size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && n == 2) ok = c >= 0xC2;
    if (ok && n == 3) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
    }
    if (ok && n == 4) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    if (ok) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\\ufffd";
      ++i;
    }
  }
  out += '"';
}

// ---- usage ---------------------------------------------------------------------------------

constexpr const char* main_help =
    "usage: events <command> [options]\n"
    "\n"
    "Commands:\n"
    "  list [--json]                                  the catalog: type, version, topic, C++ name\n"
    "  schema <type> [--draft 07|2020-12]             JSON Schema of an event type\n"
    "  sample <type> [--count N] [--seed S]           N valid events, one JSON per line\n"
    "  validate [<type>] [FILE...]                    check NDJSON from files or stdin\n"
    "  check-compat --mode MODE OLD.json NEW.json [...]  schema compatibility (Confluent modes)\n"
    "\n"
    "Run `events <command> --help` for details and examples.\n";

constexpr const char* list_help =
    "usage: events list [--json]\n"
    "\n"
    "One line per catalog event: wire type, version, topic and C++ name, tab-separated.\n"
    "With --json: an array of objects with keys type, version, topic, name.\n"
    "\n"
    "Examples:\n"
    "  events list\n"
    "  events list --json | jq -r '.[] | select(.topic == \"todos\") | .type'\n";

constexpr const char* schema_help =
    "usage: events schema <type> [--draft 07|2020-12]\n"
    "\n"
    "Prints the JSON Schema of an event type (draft-07 unless --draft 2020-12). Types are named\n"
    "by their wire event_type (TodoCreated, task.created, ...); a type with several versions is\n"
    "its newest unless suffixed .vN (task.created.v1). The seed-003 contract messages are\n"
    "TaskEvent and ReminderEvent.\n"
    "\n"
    "Examples:\n"
    "  events schema TodoCreated\n"
    "  events schema task.created --draft 2020-12 > task.created.schema.json\n";

constexpr const char* sample_help =
    "usage: events sample <type> [--count N] [--seed S]\n"
    "\n"
    "Prints N (default 1) valid events of the type, one JSON per line, with varied realistic\n"
    "values: fresh ids and times, optionals sometimes null. The same --seed gives the same ids\n"
    "and values (times follow the clock).\n"
    "\n"
    "Examples:\n"
    "  events sample TodoCreated --count 3\n"
    "  events sample TaskEvent --count 1000 --seed 42 | events validate TaskEvent\n";

constexpr const char* validate_help =
    "usage: events validate [<type>] [FILE...]\n"
    "\n"
    "Reads NDJSON from the files (or stdin, or `-`) and checks every line. Without <type> each\n"
    "line is decoded as the catalog type its event_type (and version) names; with <type> every\n"
    "line must be that type (any version of it; one version with .vN). For each invalid\n"
    "line prints one JSON line on stdout:\n"
    "  {\"line\": N, \"errors\": [{\"path\": ..., \"code\": ..., \"message\": ...}]}\n"
    "Lines are numbered from 1 across all inputs, as if concatenated; empty lines are skipped.\n"
    "Prints `N valid, M invalid` on stderr. Exit status: 0 all valid, 1 some invalid, 2 usage.\n"
    "\n"
    "Examples:\n"
    "  events validate events.ndjson\n"
    "  kafkacat -C -t todos -e | events validate TodoCreated\n";

constexpr const char* compat_help =
    "usage: events check-compat --mode MODE OLD.json NEW.json [MORE.json...]\n"
    "\n"
    "Checks JSON Schema documents, oldest first, in Confluent Schema Registry's modes:\n"
    "  backward   the newest schema reads data written with the one before it\n"
    "  forward    the one before it reads data written with the newest\n"
    "  full       both\n"
    "  backward-transitive, forward-transitive, full-transitive: against every earlier one\n"
    "Prints one line per problem on stdout (`OLD -> NEW [direction] path: message`) and\n"
    "`compatible` or `N problems` on stderr. Exit status: 0 compatible, 1 not, 2 usage.\n"
    "\n"
    "Examples:\n"
    "  events schema task.created.v1 > v1.json; events schema task.created > v2.json\n"
    "  events check-compat --mode full v1.json v2.json\n"
    "  events check-compat --mode backward-transitive v1.json v2.json v3.json\n";

int usage(const char* help, const std::string& problem) {
  std::cerr << "events: " << problem << "\n\n" << help;
  return 2;
}

bool wants_help(const std::vector<std::string_view>& args) {
  for (auto a : args)
    if (a == "--help" || a == "-h") return true;
  return false;
}

// ---- list ----------------------------------------------------------------------------------

int cmd_list(const std::vector<std::string_view>& args) {
  if (wants_help(args)) return std::cout << list_help, 0;
  bool as_json = false;
  for (auto a : args) {
    if (a == "--json") as_json = true;
    else return usage(list_help, "unexpected argument '" + std::string(a) + "'");
  }
  if (as_json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& e : entries())
      out.push_back({{"type", e.type}, {"version", e.version}, {"topic", e.topic}, {"name", e.name}});
    std::cout << out.dump(2) << '\n';
  } else {
    for (const auto& e : entries()) std::cout << e.type << '\t' << e.version << '\t' << e.topic << '\t' << e.name << '\n';
  }
  return 0;
}

// ---- schema --------------------------------------------------------------------------------

int cmd_schema(const std::vector<std::string_view>& args) {
  if (wants_help(args)) return std::cout << schema_help, 0;
  std::optional<std::string_view> type;
  events::schema_dialect dialect = events::schema_dialect::draft07;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--draft") {
      if (i + 1 == args.size()) return usage(schema_help, "--draft needs 07 or 2020-12");
      auto d = events::parse_schema_dialect(args[++i]);
      if (!d) return usage(schema_help, "unknown draft '" + std::string(args[i]) + "' (07 or 2020-12)");
      dialect = *d;
    } else if (!type && !args[i].starts_with("--")) {
      type = args[i];
    } else {
      return usage(schema_help, "unexpected argument '" + std::string(args[i]) + "'");
    }
  }
  if (!type) return usage(schema_help, "which type? (see `events list`)");
  const entry* e = find_entry(*type);
  if (!e) return usage(schema_help, "unknown type '" + std::string(*type) + "' (see `events list`)");
  std::cout << e->schema(dialect).dump(2) << '\n';
  return 0;
}

// ---- sample --------------------------------------------------------------------------------

bool parse_count(std::string_view s, std::uint64_t& out) {
  if (s.empty() || s.size() > 19) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return true;
}

int cmd_sample(const std::vector<std::string_view>& args) {
  if (wants_help(args)) return std::cout << sample_help, 0;
  std::optional<std::string_view> type;
  std::uint64_t count = 1, seed = std::random_device{}();
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--count" || args[i] == "--seed") {
      if (i + 1 == args.size() || !parse_count(args[i + 1], args[i] == "--count" ? count : seed))
        return usage(sample_help, std::string(args[i]) + " needs a non-negative integer");
      ++i;
    } else if (!type && !args[i].starts_with("--")) {
      type = args[i];
    } else {
      return usage(sample_help, "unexpected argument '" + std::string(args[i]) + "'");
    }
  }
  if (!type) return usage(sample_help, "which type? (see `events list`)");
  const entry* e = find_entry(*type);
  if (!e) return usage(sample_help, "unknown type '" + std::string(*type) + "' (see `events list`)");
  events_tool::sampler s(seed);
  std::string out;
  for (std::uint64_t n = 0; n < count; ++n) {
    out += e->sample(s);
    out += '\n';
    if (out.size() > (1u << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}

// ---- validate ------------------------------------------------------------------------------

// Lines of a stream, read in large blocks; a line longer than `limit` is reported, not kept.
class line_reader {
 public:
  line_reader(std::FILE* f, std::size_t limit) : f_(f), limit_(limit), buf_(1u << 20) {}

  /// The next line (without '\n' or "\r\n"); `too_long` when it was cut. False at the end.
  bool next(std::string_view& line, bool& too_long) {
    too_long = false;
    for (;;) {
      if (const void* nl = pos_ < end_ ? std::memchr(buf_.data() + pos_, '\n', end_ - pos_) : nullptr) {
        std::size_t at = static_cast<const char*>(nl) - buf_.data();
        line = {buf_.data() + pos_, at - pos_};
        pos_ = at + 1;
        if (skipping_) {
          skipping_ = false;
          too_long = true;
          line = {};
        }
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        return true;
      }
      if (eof_) {
        if (pos_ == end_ && !skipping_) return false;
        line = {buf_.data() + pos_, end_ - pos_};
        pos_ = end_;
        too_long = skipping_;
        if (skipping_) line = {};
        skipping_ = false;
        return true;
      }
      // keep the partial line, read more
      if (skipping_) {
        pos_ = end_ = 0;
      } else if (end_ - pos_ > limit_) {
        skipping_ = true;
        pos_ = end_ = 0;
      } else {
        std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
        end_ -= pos_;
        pos_ = 0;
        if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);
      }
      std::size_t n = std::fread(buf_.data() + end_, 1, buf_.size() - end_, f_);
      end_ += n;
      if (n == 0) eof_ = true;
    }
  }

 private:
  std::FILE* f_;
  std::size_t limit_;
  std::vector<char> buf_;
  std::size_t pos_ = 0, end_ = 0;
  bool eof_ = false, skipping_ = false;
};

struct validator {
  const entry* typed = nullptr;  // null: dispatch on event_type
  bool exact_version = false;    // named with .vN: only that version
  catalog::variant any;
  events::decode_options options;

  events::error_list check(std::string_view line) {
    if (!typed) return catalog::decode(line, any, options);
    if (typed->index == npos) return typed->decode_direct(line);
    auto which = catalog::identify(line, options);
    if (which && (exact_version ? *which == typed->index : catalog::type_names[*which] == typed->type))
      return catalog::decode_as(*which, line, any, options);
    return catalog::decode_as(typed->index, line, any, options);  // reports why it is not this type
  }
};

void report(std::string& out, std::uint64_t line, const events::error_list& errors) {
  out += "{\"line\": ";
  out += std::to_string(line);
  out += ", \"errors\": [";
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (i) out += ", ";
    out += "{\"path\": ";
    put_string(out, errors[i].path);
    out += ", \"code\": ";
    put_string(out, errors[i].code);
    out += ", \"message\": ";
    put_string(out, errors[i].message);
    out += '}';
  }
  out += "]}\n";
}

int cmd_validate(const std::vector<std::string_view>& args) {
  if (wants_help(args)) return std::cout << validate_help, 0;
  validator v;
  std::vector<std::string> files;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a.starts_with("--")) return usage(validate_help, "unknown option '" + std::string(a) + "'");
    if (i == 0) {
      if (const entry* e = find_entry(a)) {
        v.typed = e;
        v.exact_version = a != e->type;
        continue;
      }
    }
    files.emplace_back(a);
  }
  std::vector<std::FILE*> inputs;
  if (files.empty()) files.push_back("-");
  for (const auto& f : files) {
    std::FILE* in = f == "-" ? stdin : std::fopen(f.c_str(), "rb");
    if (!in) {
      for (auto* x : inputs)
        if (x != stdin) std::fclose(x);
      bool first_unknown = !v.typed && f == files.front() && args.size() > 1;
      return usage(validate_help, "cannot open '" + f + "': " + std::strerror(errno) +
                                      (first_unknown ? " (and it is no known type; see `events list`)" : ""));
    }
    inputs.push_back(in);
  }
  std::uint64_t line_no = 0, valid = 0, invalid = 0;
  std::string out;
  for (std::FILE* in : inputs) {
    line_reader lines(in, v.options.max_input_bytes);
    std::string_view line;
    bool too_long;
    while (lines.next(line, too_long)) {
      ++line_no;
      if (too_long) {
        ++invalid;
        report(out, line_no, {{"", "json_too_large",
                               "Line exceeds the limit of " + std::to_string(v.options.max_input_bytes) + " bytes", {}}});
        continue;
      }
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
      events::error_list errors = v.check(line);
      if (errors.empty()) {
        ++valid;
      } else {
        ++invalid;
        report(out, line_no, errors);
        if (out.size() > (1u << 16)) {
          std::fwrite(out.data(), 1, out.size(), stdout);
          out.clear();
        }
      }
    }
    if (in != stdin) std::fclose(in);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  std::cerr << valid << " valid, " << invalid << " invalid\n";
  return invalid ? 1 : 0;
}

// ---- check-compat --------------------------------------------------------------------------

int cmd_check_compat(const std::vector<std::string_view>& args) {
  if (wants_help(args)) return std::cout << compat_help, 0;
  std::optional<events::compat_mode> mode;
  std::vector<std::string> files;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--mode" || args[i].starts_with("--mode=")) {
      std::string_view m;
      if (args[i] == "--mode") {
        if (i + 1 == args.size()) return usage(compat_help, "--mode needs a mode");
        m = args[++i];
      } else {
        m = args[i].substr(7);
      }
      mode = events::parse_compat_mode(m);
      if (!mode) return usage(compat_help, "unknown mode '" + std::string(m) + "'");
    } else if (args[i].starts_with("--")) {
      return usage(compat_help, "unknown option '" + std::string(args[i]) + "'");
    } else {
      files.emplace_back(args[i]);
    }
  }
  if (!mode) return usage(compat_help, "--mode is required");
  if (files.size() < 2) return usage(compat_help, "give at least two schema files, oldest first");
  std::vector<nlohmann::json> schemas;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) return usage(compat_help, "cannot open '" + f + "'");
    std::stringstream text;
    text << in.rdbuf();
    auto j = nlohmann::json::parse(text.str(), nullptr, false);
    if (j.is_discarded() || !(j.is_object() || j.is_boolean()))
      return usage(compat_help, "'" + f + "' is not a JSON Schema document");
    schemas.push_back(std::move(j));
  }
  auto problems = events::check_compatibility(*mode, schemas);
  for (const auto& p : problems)
    std::cout << files[p.old_index] << " -> " << files[p.new_index] << " [" << p.direction << "] "
              << (p.path.empty() ? "(root)" : p.path) << ": " << p.message << '\n';
  if (problems.empty()) std::cerr << "compatible\n";
  else std::cerr << problems.size() << (problems.size() == 1 ? " problem\n" : " problems\n");
  return problems.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  if (argc < 2) return usage(main_help, "no command given");
  std::string_view cmd = argv[1];
  std::vector<std::string_view> args(argv + 2, argv + argc);
  try {
    if (cmd == "--help" || cmd == "-h" || cmd == "help") return std::cout << main_help, 0;
    if (cmd == "list") return cmd_list(args);
    if (cmd == "schema") return cmd_schema(args);
    if (cmd == "sample") return cmd_sample(args);
    if (cmd == "validate") return cmd_validate(args);
    if (cmd == "check-compat") return cmd_check_compat(args);
  } catch (const std::exception& e) {
    std::cerr << "events: " << e.what() << '\n';
    return 2;
  }
  return usage(main_help, "unknown command '" + std::string(cmd) + "'");
}
