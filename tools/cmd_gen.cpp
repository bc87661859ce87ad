// `events gen`: event types from a field list (seed 000), a domain (seed 002), a JSON Schema or a
// catalog type, as a C++ header with its doctest file, or as Pydantic v2 models.
#include "catalog_rows.hpp"
#include "cli.hpp"
#include "gen_model.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

namespace events_tool {
namespace {

constexpr const char* gen_help =
    "usage: events gen <Type> \"<fields>\" [options]\n"
    "       events gen --domain NAME --events a,b,c [options]\n"
    "       events gen --from-schema FILE.json|- [<Type>] [options]\n"
    "       events gen --lang python --from-type <type> | --all\n"
    "\n"
    "Writes event types: a C++ header of plain aggregates (the catalog's style) and a doctest file\n"
    "with a golden round trip and one failing case per constraint, or with --lang python Pydantic v2\n"
    "models whose model_dump_json() is byte for byte what the C++ types write.\n"
    "\n"
    "Field list (seed 000's syntax, extended): comma-separated `name (type[, constraint]...[ = default])`\n"
    "  types        UUID str int float bool datetime date dict list[T]  T? (optional, default null)\n"
    "               a|b|c (one of these strings)\n"
    "  constraints  N..M  N..  ..M   length of a str, or range of an int/float (inclusive)\n"
    "               >=N >N <=N <N     bounds of an int/float (integers)\n"
    "               /regex/           str pattern (ECMAScript, searched as Pydantic does)\n"
    "               \"text\"            the field's description\n"
    "  default      = value           a JSON value, or a bare word for str and a|b|c; lists only = []\n"
    "  date is a str of the form YYYY-MM-DD; int is 64-bit; dict is an object of any JSON values.\n"
    "\n"
    "Options:\n"
    "  --type-name T        wire event_type (default: <Type>)\n"
    "  --topic T            the default topic; --key F the partition-key field\n"
    "  --envelope flat|nested  flat: seed 000's BaseEvent (default); nested: seed 004's payload envelope\n"
    "  --version N          payload version (event_version \"N.0\")\n"
    "  --namespace NS       C++ namespace (default app::events)\n"
    "  --description TEXT   the type's description\n"
    "  --output DIR|FILE    write files there (default: the header or models on stdout)\n"
    "  --lang cpp|python    what to write (default cpp)\n"
    "Domain form (seed 002): one header with a payload per event (<entity>_id, user_id, <event>_at and\n"
    "  the --fields given), an enum of the wire types (<entity>.<event>) and a registry alias.\n"
    "  --metadata[=false]    nested envelope (event_id, timestamp, correlation_id, causation_id) and\n"
    "                        the registry; false: payloads only\n"
    "  --validation[=false]  unknown fields refused (extra = forbid) and ids checked; false: ignored\n"
    "  --versioning[=false]  version and schema_version (\"N.0.0\") on every payload\n"
    "From a schema: draft-07 or 2020-12; type, properties, required, enum, const, format uuid/date-time/\n"
    "  date, minLength, maxLength, minimum, maximum, exclusiveMinimum/Maximum (integers), pattern,\n"
    "  items, additionalProperties, $defs/definitions with $ref, nullable by type [T, \"null\"] or\n"
    "  anyOf [T, null], one `examples` entry. Anything else is an error naming its JSON Pointer.\n"
    "  The schema of an envelope (what `events schema` writes for a catalog event) gives its payload in\n"
    "  that envelope: event_type, event_version and schema_version become the payload's type, version\n"
    "  and schema_version, so `events schema T | events gen --from-schema -` gives T back.\n"
    "\n"
    "Examples:\n"
    "  events gen TodoCreated \"id (UUID), title (str, 1..200), description (str?), user_id (UUID), created_at (datetime)\" \\\n"
    "      --topic todos --key id --output gen/\n"
    "  events gen TaskCreated \"task_id (UUID), priority (low|medium|high = medium), tags (list[str] = [])\" \\\n"
    "      --type-name task.created --envelope nested --lang python\n"
    "  events gen --domain reminders --events scheduled,sent,failed --output include/app/reminder_events.hpp\n"
    "  events schema TaskEvent | events gen --from-schema - TaskEvent\n"
    "  events gen --lang python --all --output models.py\n";

std::string snake(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (std::isupper(static_cast<unsigned char>(c))) {
      if (i && s[i - 1] != '_' && !std::isupper(static_cast<unsigned char>(s[i - 1]))) out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    }
  }
  return out;
}

std::string camel(std::string_view s) {
  std::string out;
  bool up = true;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      up = true;
      continue;
    }
    out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    up = false;
  }
  return out;
}

bool identifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

std::optional<bool> flag(std::string_view a, std::string_view name) {
  if (a == name) return true;
  if (a.starts_with(name) && a.size() > name.size() && a[name.size()] == '=') {
    auto v = a.substr(name.size() + 1);
    if (v == "true" || v == "1" || v == "yes") return true;
    if (v == "false" || v == "0" || v == "no") return false;
  }
  if (a == "--no-" + std::string(name.substr(2))) return false;
  return std::nullopt;
}

bool write_file(const std::filesystem::path& p, const std::string& text) {
  std::error_code ec;
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  std::ofstream out(p, std::ios::binary);
  out << text;
  return static_cast<bool>(out.flush());
}

}  // namespace

int cmd_gen(const arg_list& args) {
  using namespace gen;
  if (wants_help(args)) return std::cout << gen_help, 0;
  std::vector<std::string> positional;
  std::string type_name, topic, key, envelope = "flat", ns = "app::events", output, lang = "cpp", description;
  std::string domain, events_list, schema_file, from_type, extra_fields;
  std::uint64_t version = 1;
  bool all = false, metadata = true, validation = true, versioning = true;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    auto value = [&](std::string& into) {
      if (auto eq = a.find('='); a.starts_with("--") && eq != std::string_view::npos) {
        into = std::string(a.substr(eq + 1));
        return true;
      }
      if (i + 1 == args.size()) return false;
      into = std::string(args[++i]);
      return true;
    };
    std::string_view opt = a.substr(0, a.find('='));
    std::string v;
    if (opt == "--type-name" || opt == "--topic" || opt == "--key" || opt == "--envelope" || opt == "--namespace" ||
        opt == "--output" || opt == "--lang" || opt == "--domain" || opt == "--events" || opt == "--from-schema" ||
        opt == "--from-type" || opt == "--version" || opt == "--description" || opt == "--fields") {
      if (!value(v)) return usage(gen_help, std::string(opt) + " needs a value");
      if (opt == "--type-name") type_name = v;
      else if (opt == "--topic") topic = v;
      else if (opt == "--key") key = v;
      else if (opt == "--envelope") envelope = v;
      else if (opt == "--namespace") ns = v;
      else if (opt == "--output") output = v;
      else if (opt == "--lang") lang = v;
      else if (opt == "--domain") domain = v;
      else if (opt == "--events") events_list = v;
      else if (opt == "--from-schema") schema_file = v;
      else if (opt == "--from-type") from_type = v;
      else if (opt == "--description") description = v;
      else if (opt == "--fields") extra_fields = v;
      else if (!parse_count(v, version) || version == 0 || version > 999)
        return usage(gen_help, "--version needs a number from 1 to 999");
    } else if (a == "--all") {
      all = true;
    } else if (auto m = flag(a, "--metadata")) {
      metadata = *m;
    } else if (auto m = flag(a, "--validation")) {
      validation = *m;
    } else if (auto m = flag(a, "--versioning")) {
      versioning = *m;
    } else if (a.starts_with("--")) {
      return usage(gen_help, "unknown option '" + std::string(a) + "'");
    } else {
      positional.emplace_back(a);
    }
  }
  if (lang != "cpp" && lang != "python") return usage(gen_help, "--lang is cpp or python");
  if (envelope != "flat" && envelope != "nested") return usage(gen_help, "--envelope is flat or nested");
  for (std::string_view part : {std::string_view(ns)}) {
    std::size_t start = 0;
    for (;;) {
      auto end = part.find("::", start);
      if (!identifier(part.substr(start, end - start))) return usage(gen_help, "--namespace '" + ns + "' is not a C++ namespace");
      if (end == std::string_view::npos) break;
      start = end + 2;
    }
  }
  const int forms = !domain.empty() + !schema_file.empty() + !from_type.empty() + all;
  if (forms > 1) return usage(gen_help, "give one of a field list, --domain, --from-schema, --from-type, --all");

  unit u;
  u.ns = ns;
  std::string base_name;
  try {
    if (!from_type.empty() || all) {
      if (lang != "python") return usage(gen_help, "--from-type and --all write Pydantic models: add --lang python");
      if (!positional.empty()) return usage(gen_help, "unexpected argument '" + positional[0] + "'");
      std::vector<const entry*> chosen;
      if (all) {
        for (const auto& e : entries()) chosen.push_back(&e);
      } else if (const entry* e = find_entry(from_type)) {
        chosen.push_back(e);
      } else {
        return usage(gen_help, "unknown type '" + from_type + "' (see `events list`)");
      }
      for (const entry* e : chosen) {
        event_spec s;
        s.envelope = "none";
        s.wire_type = e->type;
        std::string name = camel(e->type) + (e->envelope == "nested" ? "Event" : "") +
                           (e->version > 1 ? "V" + std::to_string(e->version) : "");
        s.structs = from_schema(e->schema(events::schema_dialect::draft2020_12), name);
        if (e->omit_unset) s.structs.back().omit_unset = true;  // the schema cannot say "left out when unset"
        u.events.push_back(std::move(s));
      }
      base_name = all ? "catalog_events" : snake(camel(from_type));
    } else if (!schema_file.empty()) {
      if (positional.size() > 1) return usage(gen_help, "unexpected argument '" + positional[1] + "'");
      std::string text;
      if (!read_text(schema_file, text)) return usage(gen_help, "cannot read '" + schema_file + "'");
      auto doc = nlohmann::ordered_json::parse(text, nullptr, false);
      if (doc.is_discarded()) return usage(gen_help, "'" + schema_file + "' is not JSON");
      std::string name = positional.empty() ? std::string() : positional[0];
      event_spec s = event_from_schema(doc, name);
      if (s.envelope == "none") {
        s.wire_type = type_name.empty() ? s.payload().name : type_name;
        s.envelope = type_name.empty() && topic.empty() ? "none" : envelope;
        s.version = static_cast<int>(version);
      } else if ((!type_name.empty() && type_name != s.wire_type) || (version != 1 && version != static_cast<std::uint64_t>(s.version))) {
        return usage(gen_help, "the schema is a " + s.envelope + " event of " + s.wire_type + " version " +
                                   std::to_string(s.version) + ": --type-name and --version cannot change that");
      }
      s.topic = topic;
      s.key = key;
      if (!description.empty()) s.structs.back().description = description;
      base_name = snake(s.payload().name);
      u.events.push_back(std::move(s));
    } else if (!domain.empty()) {
      if (!positional.empty()) return usage(gen_help, "unexpected argument '" + positional[0] + "'");
      if (events_list.empty()) return usage(gen_help, "--domain needs --events a,b,c");
      if (!identifier(domain)) return usage(gen_help, "--domain '" + domain + "' is not a name");
      std::string entity = domain.size() > 1 && domain.back() == 's' ? domain.substr(0, domain.size() - 1) : domain;
      u.domain = domain;
      u.metadata = metadata;
      u.validation = validation;
      u.versioning = versioning;
      std::vector<field> extra = extra_fields.empty() ? std::vector<field>{} : parse_fields(extra_fields);
      std::size_t start = 0;
      while (start <= events_list.size()) {
        auto comma = events_list.find(',', start);
        std::string ev = events_list.substr(start, comma - start);
        start = comma == std::string::npos ? events_list.size() + 1 : comma + 1;
        if (!identifier(ev)) return usage(gen_help, "event '" + ev + "' is not a name");
        for (const auto& other : u.events)
          if (other.wire_type == entity + "." + ev) return usage(gen_help, "event '" + ev + "' appears twice");
        std::string fields = entity + "_id (UUID), user_id (UUID), " + ev + "_at (datetime)";
        event_spec s;
        struct_def p;
        p.name = camel(entity) + camel(ev) + "Payload";
        p.description = entity + "." + ev + " (domain " + domain + ").";
        p.fields = parse_fields(fields);
        p.fields.insert(p.fields.end(), extra.begin(), extra.end());
        p.forbid_extra = validation;
        s.structs.push_back(std::move(p));
        s.wire_type = entity + "." + ev;
        s.topic = topic.empty() ? domain : topic;
        s.key = entity + "_id";
        s.envelope = metadata ? "nested" : "none";
        s.version = static_cast<int>(version);
        if (versioning) s.schema_version = std::to_string(version) + ".0.0";
        u.events.push_back(std::move(s));
      }
      base_name = snake(domain) + "_events";
    } else {
      if (positional.size() != 2) return usage(gen_help, "give <Type> and \"<fields>\" (or --domain, --from-schema, --from-type)");
      if (!identifier(positional[0])) return usage(gen_help, "'" + positional[0] + "' is not a type name");
      event_spec s;
      struct_def p;
      p.name = positional[0];
      p.description = description;
      p.fields = parse_fields(positional[1]);
      s.structs.push_back(std::move(p));
      s.wire_type = type_name.empty() ? positional[0] : type_name;
      s.topic = topic;
      s.key = key;
      s.envelope = envelope;
      s.version = static_cast<int>(version);
      base_name = snake(positional[0]);
      u.events.push_back(std::move(s));
    }
    for (const auto& e : u.events) {
      if (e.key.empty()) continue;
      bool found = false;
      for (const auto& f : e.payload().fields) found = found || (f.name == e.key && !f.type.nullable);
      if (!found) return usage(gen_help, "--key '" + e.key + "' is not a required field of " + e.payload().name);
    }

    std::filesystem::path out_dir, main_file;
    const std::string ext = lang == "python" ? ".py" : ".hpp";
    if (!output.empty()) {
      std::filesystem::path p(output);
      if (p.extension() == ".py" || p.extension() == ".hpp" || p.extension() == ".h") main_file = p;
      else main_file = p / (base_name + ext);
    }
    const std::string header_name = main_file.empty() ? base_name + ext : main_file.filename().string();
    std::string text = lang == "python" ? emit_python(u) : emit_header(u, header_name);
    if (main_file.empty()) {
      std::cout << text;
      return std::cout.flush() ? 0 : 1;
    }
    if (!write_file(main_file, text)) return std::cerr << "events: cannot write " << main_file << '\n', 1;
    std::cerr << "wrote " << main_file.string() << '\n';
    if (lang == "cpp") {
      auto test_file = main_file.parent_path() / (main_file.stem().string() + "_test.cpp");
      if (!write_file(test_file, emit_tests(u, header_name))) return std::cerr << "events: cannot write " << test_file << '\n', 1;
      std::cerr << "wrote " << test_file.string() << '\n';
    }
    return 0;
  } catch (const gen_error& e) {
    std::cerr << "events: " << e.what() << '\n';
    return 2;
  } catch (const nlohmann::json::exception& e) {
    std::cerr << "events: bad schema value: " << e.what() << '\n';
    return 2;
  }
}

}  // namespace events_tool
