// The generator's C++ side: the header (plain aggregates in the catalog's style) and its doctest
// file (a golden round trip and one failing case per constraint).
#include "gen_model.hpp"

#include <regex>
#include <set>
#include <sstream>

namespace events_tool::gen {
namespace {

std::string cpp_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + '"';
}

std::string cpp_type(const type_ref& t) {
  std::string base;
  std::vector<std::string> c;
  if (t.min_length && t.kind != type_ref::list) c.push_back("::events::min_length<" + std::to_string(*t.min_length) + ">");
  if (t.max_length && t.kind != type_ref::list) c.push_back("::events::max_length<" + std::to_string(*t.max_length) + ">");
  if (t.ge) c.push_back("::events::ge<" + t.ge->dump() + ">");
  if (t.gt) c.push_back("::events::gt<" + t.gt->dump() + ">");
  if (t.le) c.push_back("::events::le<" + t.le->dump() + ">");
  if (t.lt) c.push_back("::events::lt<" + t.lt->dump() + ">");
  if (t.pattern) c.push_back("::events::pattern<" + cpp_string(*t.pattern) + ">");
  if (!t.enum_name.empty()) return t.nullable ? "std::optional<" + t.enum_name + ">" : t.enum_name;
  if (!t.choices.empty() || t.kind == type_ref::literal) {
    std::string one = "::events::one_of<";
    const auto& values = t.kind == type_ref::literal ? std::vector<std::string>{t.literal_value} : t.choices;
    for (std::size_t i = 0; i < values.size(); ++i) one += (i ? ", " : "") + cpp_string(values[i]);
    c.push_back(one + ">");
  }
  auto join = [&](std::string head) {
    for (std::size_t i = 0; i < c.size(); ++i) head += (i ? ", " : "") + c[i];
    return head + ">";
  };
  switch (t.kind) {
    case type_ref::uuid: base = "::events::uuid"; break;
    case type_ref::str:
    case type_ref::literal: base = c.empty() ? "std::string" : join("::events::string<"); break;
    case type_ref::date: base = "::events::string<events::pattern<\"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\">>"; break;
    case type_ref::integer: base = c.empty() ? "std::int64_t" : join("::events::number<std::int64_t, "); break;
    case type_ref::number: base = c.empty() ? "double" : join("::events::number<double, "); break;
    case type_ref::boolean: base = "bool"; break;
    case type_ref::datetime: base = "::events::timestamp"; break;
    case type_ref::dict: base = "std::map<std::string, ::events::json_value>"; break;
    case type_ref::any: base = "::events::json_value"; break;
    case type_ref::list: base = "std::vector<" + cpp_type(*t.item) + ">"; break;
    case type_ref::object: base = t.object_name; break;
  }
  return t.nullable ? "std::optional<" + base + ">" : base;
}

std::string cpp_initializer(const field& f) {
  if (!f.default_value || f.default_value->is_null()) return "";
  const auto& d = *f.default_value;
  if (!f.type.enum_name.empty() && d.is_string()) return " = " + f.type.enum_name + "::" + d.get<std::string>();
  if (d.is_string()) return " = " + cpp_string(d.get<std::string>());
  if (d.is_boolean() || d.is_number()) {
    if (f.type.kind == type_ref::integer && (f.type.ge || f.type.gt || f.type.le || f.type.lt))
      return "{" + d.dump() + "}";
    if (f.type.kind == type_ref::number && (f.type.ge || f.type.gt || f.type.le || f.type.lt))
      return "{" + d.dump() + "}";
    return " = " + d.dump();
  }
  return "";  // [] and {}: empty containers
}

bool has_default(const field& f) { return f.default_value && !f.default_value->is_null(); }

std::string snake(std::string_view s) {
  std::string out;
  for (char c : s) out += (c == '.' || c == '-') ? '_' : c;
  return out;
}

std::string envelope_of(const event_spec& e) {
  return (e.envelope == "nested" ? "::events::event<" : "::events::flat_event<") + e.payload().name + ">";
}

void emit_struct(std::ostringstream& o, const struct_def& s, const event_spec* e, bool forbid) {
  auto has_field = [&](std::string_view n) {
    for (const auto& f : s.fields)
      if (f.name == n) return true;
    return false;
  };
  bool any_described = false, any_default = false;
  for (const auto& f : s.fields) {
    any_described = any_described || !f.description.empty();
    any_default = any_default || has_default(f);
  }
  if ((any_described && has_field("field_descriptions")) || (any_default && has_field("defaulted")) ||
      ((forbid || s.forbid_extra) && has_field("extra")) || (s.omit_unset && has_field("unset")))
    throw gen_error(s.name + ": a field's name collides with a static member the struct needs "
                             "(field_descriptions, defaulted, extra or unset)");
  if (e)
    for (std::string_view n : {"type", "version", "topic", "key", "schema_version", "shape", "wire_name"})
      if (has_field(n)) throw gen_error(s.name + ": an event payload's field cannot be named '" + std::string(n) + "'");
  o << "/// " << (s.description.empty() ? (e ? e->wire_type + " event." : s.name + ".") : s.description) << "\n";
  o << "struct " << s.name << " {\n";
  if (e) {
    o << "  static constexpr std::string_view type = " << cpp_string(e->wire_type) << ";\n";
    if (e->envelope == "flat") o << "  static constexpr ::events::envelope_shape shape = ::events::envelope_shape::flat;\n";
    if (e->envelope == "nested") o << "  static constexpr ::events::envelope_shape shape = ::events::envelope_shape::nested;\n";
    if (e->version != 1) o << "  static constexpr int version = " << e->version << ";\n";
    if (e->suffixed)
      o << "  static constexpr ::events::wire_name_form wire_name = ::events::wire_name_form::suffixed;\n";
    if (!e->schema_version.empty())
      o << "  static constexpr std::string_view schema_version = " << cpp_string(e->schema_version) << ";\n";
    if (!e->topic.empty()) o << "  static constexpr std::string_view topic = " << cpp_string(e->topic) << ";\n";
    if (!e->key.empty()) o << "  static constexpr std::string_view key = " << cpp_string(e->key) << ";\n";
  }
  if (!s.description.empty() && !has_field("description")) o << "  static constexpr std::string_view description = " << cpp_string(s.description) << ";\n";
  std::vector<const field*> described, defaulted;
  for (const auto& f : s.fields) {
    if (!f.description.empty()) described.push_back(&f);
    if (has_default(f)) defaulted.push_back(&f);
  }
  if (!described.empty()) {
    o << "  static constexpr std::array<std::pair<std::string_view, std::string_view>, " << described.size()
      << "> field_descriptions{{\n";
    for (auto* f : described) o << "      {" << cpp_string(f->name) << ", " << cpp_string(f->description) << "},\n";
    o << "  }};\n";
  }
  if (!defaulted.empty()) {
    o << "  static constexpr std::array<std::string_view, " << defaulted.size() << "> defaulted = {";
    for (std::size_t i = 0; i < defaulted.size(); ++i) o << (i ? ", " : "") << cpp_string(defaulted[i]->name);
    o << "};\n";
  }
  if (!s.example.empty()) {
    if (has_field("example")) throw gen_error(s.name + ": a field named 'example' collides with the schema's example");
    std::string delim = "json";
    while (s.example.find(")" + delim + "\"") != std::string::npos) delim += "_";
    o << "  static constexpr std::string_view example = R\"" << delim << "(" << s.example << ")" << delim << "\";\n";
  }
  if (s.omit_unset) o << "  static constexpr ::events::unset_optionals unset = ::events::unset_optionals::omit;\n";
  if (forbid || s.forbid_extra) o << "  static constexpr ::events::extra_fields extra = ::events::extra_fields::forbid;\n";
  for (const auto& f : s.fields) o << "  " << cpp_type(f.type) << " " << f.name << cpp_initializer(f) << ";\n";
  o << "  friend bool operator==(const " << s.name << "&, const " << s.name << "&) = default;\n};\n\n";
}

// A value that breaks one constraint, with the error code the decoder gives; empty when none.
struct breach {
  std::string what;
  nlohmann::ordered_json value;
};

std::vector<breach> breaches(const type_ref& t) {
  std::vector<breach> out;
  if (t.kind == type_ref::str && !t.choices.empty()) out.push_back({"not one of the choices", "not-a-choice"});
  if (t.kind == type_ref::literal) out.push_back({"not the constant", t.literal_value + "-other"});
  if (t.min_length && *t.min_length > 0 && t.kind == type_ref::str)
    out.push_back({"shorter than " + std::to_string(*t.min_length), std::string(*t.min_length - 1, 'a')});
  if (t.max_length && t.kind == type_ref::str && *t.max_length < 100000)
    out.push_back({"longer than " + std::to_string(*t.max_length), std::string(*t.max_length + 1, 'a')});
  auto num = [](const nlohmann::json& b, long long delta) { return nlohmann::ordered_json(b.get<long long>() + delta); };
  if (t.ge) out.push_back({"below " + t.ge->dump(), num(*t.ge, -1)});
  if (t.gt) out.push_back({"not above " + t.gt->dump(), num(*t.gt, 0)});
  if (t.le) out.push_back({"above " + t.le->dump(), num(*t.le, 1)});
  if (t.lt) out.push_back({"not below " + t.lt->dump(), num(*t.lt, 0)});
  if (t.pattern) {
    std::regex re(*t.pattern, std::regex::ECMAScript);
    for (const char* candidate : {"", "!", " ", "a", "0", "~~~"})
      if (!std::regex_search(candidate, re)) {
        out.push_back({"not matching /" + *t.pattern + "/", candidate});
        break;
      }
  }
  if (t.kind == type_ref::uuid) out.push_back({"not a UUID", "not-a-uuid"});
  if (t.kind == type_ref::datetime) out.push_back({"not a date-time", "yesterday"});
  return out;
}

}  // namespace

std::string emit_header(const unit& u, const std::string& header_name) {
  std::ostringstream o;
  o << "#pragma once\n/// \\file " << header_name << ": generated by `events gen`";
  if (!u.domain.empty()) o << " (domain " << u.domain << ")";
  o << ". Edit the field list and regenerate\n/// rather than editing by hand.\n";
  o << "#include <events/constraints.hpp>\n#include <events/event.hpp>\n#include <events/registry.hpp>\n"
       "#include <events/enum.hpp>\n#include <events/json_value.hpp>\n#include <events/schema/json_schema.hpp>\n#include <events/timestamp.hpp>\n#include <events/uuid.hpp>\n\n"
       "#include <array>\n#include <cstdint>\n#include <map>\n#include <optional>\n#include <string>\n"
       "#include <string_view>\n#include <utility>\n#include <vector>\n\n";
  o << "namespace " << u.ns << " {\n\n";
  // Enums named by the schema ($defs entries with a title): an enum class each, with its wire names.
  std::vector<const type_ref*> enums;
  std::set<std::string> enum_done;
  for (const auto& e : u.events)
    for (const auto& s : e.structs)
      for (const auto& f : s.fields)
        for (const type_ref* t = &f.type; t; t = t->item.get())
          if (!t->enum_name.empty() && enum_done.insert(t->enum_name).second) enums.push_back(t);
  for (const type_ref* t : enums) {
    o << "/// " << t->enum_name << ".\nenum class " << t->enum_name << " {";
    for (std::size_t i = 0; i < t->choices.size(); ++i) o << (i ? ", " : " ") << t->choices[i];
    o << " };\n\n";
  }
  std::set<std::string> done;
  for (const auto& e : u.events) {
    for (std::size_t i = 0; i < e.structs.size(); ++i) {
      const auto& s = e.structs[i];
      if (!done.insert(s.name).second) continue;
      bool is_payload = i + 1 == e.structs.size() && e.envelope != "none";
      emit_struct(o, s, is_payload ? &e : nullptr, false);
    }
  }
  if (!u.domain.empty()) {
    const std::string d = snake(u.domain);
    o << "/// The wire types of the " << u.domain << " domain.\nenum class " << d << "_event_type {";
    for (std::size_t i = 0; i < u.events.size(); ++i)
      o << (i ? ", " : " ") << snake(u.events[i].wire_type.substr(u.events[i].wire_type.rfind('.') + 1));
    o << " };\n\n";
    if (u.metadata) {
      o << "/// Every " << u.domain << " event, for decoding by event_type.\nusing " << d << "_registry = ::events::registry<";
      for (std::size_t i = 0; i < u.events.size(); ++i) o << (i ? ", " : "") << envelope_of(u.events[i]);
      o << ">;\n\n";
    }
  }
  o << "}  // namespace " << u.ns << "\n";
  // A struct with a field named `description` declares its own through events::schema_description.
  std::set<std::string> described;
  for (const auto& e : u.events)
    for (const auto& s : e.structs) {
      bool field_named = false;
      for (const auto& f : s.fields) field_named = field_named || f.name == "description";
      if (field_named && !s.description.empty() && described.insert(s.name).second)
        o << "\n/// The description of " << u.ns << "::" << s.name << " (it has a field of that name).\ntemplate <>\n"
          << "struct events::schema_description<" << u.ns << "::" << s.name << "> {\n"
          << "  static constexpr std::string_view description = " << cpp_string(s.description) << ";\n};\n";
    }
  for (const type_ref* t : enums) {
    o << "\n/// Wire names of " << u.ns << "::" << t->enum_name << ".\ntemplate <>\nstruct events::enum_names<" << u.ns
      << "::" << t->enum_name << "> {\n  using E = " << u.ns << "::" << t->enum_name << ";\n"
      << "  static constexpr std::array<std::pair<E, std::string_view>, " << t->choices.size() << "> values{{\n";
    for (const auto& c : t->choices) o << "      {E::" << c << ", " << cpp_string(c) << "},\n";
    o << "  }};\n};\n";
  }
  if (!u.domain.empty()) {
    const std::string d = snake(u.domain);
    o << "\n/// Wire names of " << u.ns << "::" << d << "_event_type.\ntemplate <>\nstruct events::enum_names<" << u.ns
      << "::" << d << "_event_type> {\n  using E = " << u.ns << "::" << d << "_event_type;\n"
      << "  static constexpr std::array<std::pair<E, std::string_view>, " << u.events.size() << "> values{{\n";
    for (const auto& e : u.events)
      o << "      {E::" << snake(e.wire_type.substr(e.wire_type.rfind('.') + 1)) << ", " << cpp_string(e.wire_type) << "},\n";
    o << "  }};\n};\n";
  }
  return o.str();
}

nlohmann::ordered_json example_value(const type_ref& t, const std::string& name) {
  using json = nlohmann::ordered_json;
  switch (t.kind) {
    case type_ref::uuid: {
      // a fixed v4 id per field name, so goldens are stable
      std::uint32_t h = 2166136261u;
      for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
      char buf[40];
      std::snprintf(buf, sizeof buf, "%08x-1111-4222-8333-%012x", h, h & 0xffffffu);
      return buf;
    }
    case type_ref::literal: return t.literal_value;
    case type_ref::str: {
      if (!t.choices.empty()) return t.choices.back();
      std::string v = "example " + name;
      if (t.pattern) {
        std::regex re(*t.pattern, std::regex::ECMAScript);
        v.clear();
        bool found = false;
        for (const char* candidate : {"example", "a", "A", "abc", "ABC", "x1", "0", "123", "2026-01-15", "10:30",
                                      "user@example.com", "ABC-123", "abc-123", "a_b", "https://example.com", ""})
          if (std::regex_search(candidate, re)) {
            v = candidate;
            found = true;
            break;
          }
        if (!found) throw gen_error("field '" + name + "': no example value matches /" + *t.pattern + "/");
      }
      if (t.max_length && v.size() > *t.max_length) v.resize(*t.max_length);
      if (t.min_length && v.size() < *t.min_length) v.append(*t.min_length - v.size(), 'x');
      return v;
    }
    case type_ref::date: return "2026-01-15";
    case type_ref::integer: {
      long long v = 42;
      if (t.ge && v < t.ge->get<long long>()) v = t.ge->get<long long>();
      if (t.gt && v <= t.gt->get<long long>()) v = t.gt->get<long long>() + 1;
      if (t.le && v > t.le->get<long long>()) v = t.le->get<long long>();
      if (t.lt && v >= t.lt->get<long long>()) v = t.lt->get<long long>() - 1;
      return v;
    }
    case type_ref::number: {
      double v = 2.5;
      if (t.ge && v < t.ge->get<double>()) v = t.ge->get<double>() + 0.5;
      if (t.gt && v <= t.gt->get<double>()) v = t.gt->get<double>() + 0.5;
      if (t.le && v > t.le->get<double>()) v = t.le->get<double>() - 0.5;
      if (t.lt && v >= t.lt->get<double>()) v = t.lt->get<double>() - 0.5;
      return v;
    }
    case type_ref::boolean: return true;
    case type_ref::datetime: return "2026-01-15T10:30:00.123456Z";
    case type_ref::dict: return json{{"note", "example"}};
    case type_ref::any: return json{{"note", "example"}};
    case type_ref::list: return json::array({example_value(*t.item, name)});
    case type_ref::object: return json::object();  // filled by the caller
  }
  return nullptr;
}

namespace {

nlohmann::ordered_json example_object(const event_spec& e, const struct_def& s) {
  nlohmann::ordered_json o = nlohmann::ordered_json::object();
  for (const auto& f : s.fields) {
    if (f.type.kind == type_ref::object || (f.type.kind == type_ref::list && f.type.item->kind == type_ref::object)) {
      const std::string& name = f.type.kind == type_ref::object ? f.type.object_name : f.type.item->object_name;
      const struct_def* inner = nullptr;
      for (const auto& x : e.structs)
        if (x.name == name) inner = &x;
      auto v = inner ? example_object(e, *inner) : nlohmann::ordered_json::object();
      o[f.name] = f.type.kind == type_ref::object ? v : nlohmann::ordered_json::array({v});
    } else {
      o[f.name] = example_value(f.type, f.name);
    }
  }
  return o;
}

}  // namespace

std::string golden_json(const unit&, const event_spec& e) {
  using json = nlohmann::ordered_json;
  json payload = example_object(e, e.payload());
  if (e.envelope == "none") return payload.dump();
  json env = {{"event_id", "e0e0e0e0-0000-4000-8000-000000000003"}, {"event_type", e.wire_type}};
  if (e.envelope == "nested" && !e.schema_version.empty()) env["schema_version"] = e.schema_version;
  env["event_version"] = std::to_string(e.version) + ".0";
  env["timestamp"] = "2026-01-15T10:30:00.123456Z";
  env["correlation_id"] = "c0ffee00-0000-4000-8000-000000000001";
  if (e.envelope == "nested") {
    env["causation_id"] = nullptr;
    env["payload"] = std::move(payload);
  } else {
    for (auto& [k, v] : payload.items()) env[k] = v;
  }
  return env.dump();
}

std::string emit_tests(const unit& u, const std::string& header_name) {
  std::ostringstream o;
  o << "// Tests of " << header_name << ", generated by `events gen`: a golden round trip and one\n"
       "// failing case per constraint of each event.\n";
  o << "#include \"" << header_name << "\"\n\n#include <events/events.hpp>\n\n#include <doctest/doctest.h>\n\n"
       "#include <string>\n\n";
  for (const auto& e : u.events) {
    const std::string type = e.envelope == "none" ? u.ns + "::" + e.payload().name
                             : e.envelope == "nested" ? "events::event<" + u.ns + "::" + e.payload().name + ">"
                                                      : "events::flat_event<" + u.ns + "::" + e.payload().name + ">";
    const std::string golden = golden_json(u, e);
    o << "TEST_CASE(\"" << e.payload().name << ": the golden event round-trips byte for byte\") {\n"
      << "  const std::string golden = R\"golden(" << golden << ")golden\";\n"
      << "  auto decoded = events::from_json<" << type << ">(golden);\n"
      << "  REQUIRE(decoded.has_value());\n"
      << "  CHECK(events::to_json(*decoded) == golden);\n}\n\n";
    if (!e.payload().example.empty())
      o << "TEST_CASE(\"" << e.payload().name << ": its example decodes, and the schema carries it\") {\n"
        << "  REQUIRE(events::from_json<" << u.ns << "::" << e.payload().name << ">(" << u.ns << "::" << e.payload().name
        << "::example).has_value());\n"
        << "  CHECK(events::json_schema<" << type << ">().contains(\"examples\"));\n}\n\n";
    const auto& fields = e.payload().fields;
    for (const auto& f : fields) {
      for (const auto& b : breaches(f.type)) {
        auto doc = nlohmann::ordered_json::parse(golden);
        auto& target = e.envelope == "nested" ? doc["payload"] : doc;
        target[f.name] = b.value;
        std::string path = (e.envelope == "nested" ? "/payload/" : "/") + f.name;
        o << "TEST_CASE(\"" << e.payload().name << "." << f.name << ": refused when " << b.what << "\") {\n"
          << "  auto decoded = events::from_json<" << type << ">(R\"bad(" << doc.dump() << ")bad\");\n"
          << "  REQUIRE_FALSE(decoded.has_value());\n"
          << "  CHECK(decoded.error().front().path == " << cpp_string(path) << ");\n}\n\n";
      }
      if (!f.type.nullable && !has_default(f)) {
        auto doc = nlohmann::ordered_json::parse(golden);
        auto& target = e.envelope == "nested" ? doc["payload"] : doc;
        target.erase(f.name);
        std::string path = (e.envelope == "nested" ? "/payload/" : "/") + f.name;
        o << "TEST_CASE(\"" << e.payload().name << "." << f.name << ": refused when missing\") {\n"
          << "  auto decoded = events::from_json<" << type << ">(R\"bad(" << doc.dump() << ")bad\");\n"
          << "  REQUIRE_FALSE(decoded.has_value());\n"
          << "  CHECK(decoded.error().front().path == " << cpp_string(path) << ");\n}\n\n";
      }
    }
  }
  return o.str();
}

}  // namespace events_tool::gen
