// JSON Schema (draft-07, 2020-12) to the generator's model. Every keyword is either understood or
// refused with its JSON Pointer: nothing is dropped silently.
#include "gen_model.hpp"

#include <events/detail/json_pointer.hpp>

#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <set>

namespace events_tool::gen {
namespace {

using json = nlohmann::ordered_json;

nlohmann::json plain(const json& v) { return nlohmann::json::parse(v.dump()); }


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
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "T" + out;
  return out;
}

bool is_usable_name(std::string_view s) {
  static const std::set<std::string_view> reserved = {
      "and", "auto", "bool", "break", "case", "catch", "char", "class", "const", "continue", "default", "delete",
      "do", "double", "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto",
      "if", "inline", "int", "long", "namespace", "new", "not", "operator", "or", "private", "protected", "public",
      "register", "return", "short", "signed", "sizeof", "static", "struct", "switch", "template", "this", "throw",
      "true", "try", "typedef", "union", "unsigned", "using", "virtual", "void", "volatile", "while", "xor",
      "from", "import", "class", "def", "None", "True", "False", "lambda", "global", "pass", "yield"};
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])) || reserved.count(s)) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

class converter {
 public:
  explicit converter(const json& root) : root_(root) {}

  std::vector<struct_def> run(const std::string& name) {
    if (!root_.is_object()) throw gen_error("(root): a schema document must be an object");
    std::string top = name;
    if (top.empty() && root_.contains("title") && root_["title"].is_string()) top = camel(root_["title"].get<std::string>());
    if (top.empty()) top = "Generated";
    make_struct(root_, "", top);
    return std::move(structs_);
  }

 private:
  [[noreturn]] static void fail(const std::string& ptr, const std::string& what) {
    throw gen_error((ptr.empty() ? std::string("(root)") : ptr) + ": " + what);
  }

  static void only(const json& s, const std::string& ptr, std::initializer_list<const char*> allowed) {
    for (auto it = s.begin(); it != s.end(); ++it) {
      bool ok = false;
      for (const char* a : allowed) ok = ok || it.key() == a;
      if (!ok) fail(ptr + "/" + events::detail::pointer_token(it.key()), "unsupported keyword '" + it.key() + "'");
    }
  }

  const json& resolve(const std::string& ref, const std::string& ptr) {
    std::string_view r = ref;
    for (std::string_view prefix : {"#/$defs/", "#/definitions/"}) {
      if (r.starts_with(prefix)) {
        std::string key(r.substr(prefix.size()));
        const char* where = prefix == "#/$defs/" ? "$defs" : "definitions";
        if (key.find('/') == std::string::npos && root_.contains(where) && root_[where].contains(key))
          return root_[where][key];
      }
    }
    fail(ptr + "/$ref", "cannot resolve '" + ref + "' (only #/$defs/NAME and #/definitions/NAME)");
  }

  void make_struct(const json& s, const std::string& ptr, const std::string& name) {
    only(s, ptr, {"$schema", "$id", "$comment", "title", "description", "type", "properties", "required",
                  "additionalProperties", "$defs", "definitions", "examples", "default"});
    if (s.value("type", json("object")) != "object") fail(ptr + "/type", "the top level must be an object");
    for (const auto& d : structs_)
      if (d.name == name) return;
    if (in_progress_.count(name)) fail(ptr, "recursive object '" + name + "' is not supported");
    in_progress_.insert(name);
    struct_def def;
    def.name = name;
    if (s.contains("description")) def.description = s["description"].get<std::string>();
    if (ptr.empty() && s.contains("examples")) {
      const json& ex = s["examples"];
      if (!ex.is_array()) fail("/examples", "must be an array");
      if (ex.size() > 1) fail("/examples/1", "only one example is kept (a type declares one `example`)");
      if (ex.size() == 1) {
        if (!ex[0].is_object()) fail("/examples/0", "the example of an object must be an object");
        def.example = ex[0].dump();
      }
    }
    std::set<std::string> required;
    if (s.contains("required")) {
      if (!s["required"].is_array()) fail(ptr + "/required", "must be an array");
      for (const auto& r : s["required"]) required.insert(r.get<std::string>());
    }
    if (s.contains("additionalProperties")) {
      const json& a = s["additionalProperties"];
      if (a == false) def.forbid_extra = true;
      else if (!(a == true || a == json::object())) fail(ptr + "/additionalProperties", "only true or false beside properties");
    }
    if (s.contains("properties")) {
      const json& props = s["properties"];
      if (!props.is_object()) fail(ptr + "/properties", "must be an object");
      for (auto it = props.begin(); it != props.end(); ++it) {
        const std::string p = ptr + "/properties/" + events::detail::pointer_token(it.key());
        if (!is_usable_name(it.key())) fail(p, "'" + it.key() + "' cannot be a C++ and Python field name");
        field f;
        f.name = it.key();
        const json& ps = it.value();
        if (ps.is_object() && ps.contains("description")) f.description = ps["description"].get<std::string>();
        f.type = type_of(ps, p, camel(it.key()));
        if (ps.is_object() && ps.contains("default")) f.default_value = plain(ps["default"]);
        bool req = required.count(f.name) > 0;
        if (req) {
          f.default_value.reset();
        } else if (!f.default_value) {
          // may be absent, and no default is declared: an unset value is left out, not written as null
          f.type.nullable = true;
          def.omit_unset = true;
        }
        if (f.default_value && f.default_value->is_null() && !f.type.nullable) fail(p + "/default", "null default of a non-null field");
        def.fields.push_back(std::move(f));
      }
    }
    for (const auto& r : required) {
      bool found = false;
      for (const auto& f : def.fields) found = found || f.name == r;
      if (!found) fail(ptr + "/required", "'" + r + "' is required but not a property");
    }
    if (def.fields.empty()) fail(ptr, "an object without properties cannot be a struct");
    in_progress_.erase(name);
    structs_.push_back(std::move(def));
  }

  static nlohmann::json bound(const json& v, const std::string& p, bool integral_type) {
    if (!v.is_number()) fail(p, "must be a number");
    if (!v.is_number_integer() && !v.is_number_unsigned()) {
      double d = v.get<double>();
      if (std::floor(d) != d || !integral_type) fail(p, "only integer bounds are supported");
      return static_cast<long long>(d);
    }
    return plain(v);
  }

  type_ref type_of(const json& s, const std::string& ptr, const std::string& name_hint) {
    type_ref t;
    if (s == true || s == json::object()) {
      t.kind = type_ref::any;
      return t;
    }
    if (!s.is_object()) fail(ptr, "must be a schema object");
    only(s, ptr, {"$ref", "anyOf", "type", "format", "minLength", "maxLength", "pattern", "enum", "const", "minimum",
                  "maximum", "exclusiveMinimum", "exclusiveMaximum", "items", "properties", "required",
                  "additionalProperties", "description", "default", "title", "examples", "$comment"});
    if (s.contains("$ref")) {
      only(s, ptr, {"$ref", "description", "default", "title", "examples"});
      const std::string ref = s["$ref"].get<std::string>();
      const json& target = resolve(ref, ptr);
      std::string key = ref.substr(ref.rfind('/') + 1);
      std::string target_ptr = ref.substr(1);
      if (target.is_object() && target.value("type", json("object")) == "object" && target.contains("properties")) {
        make_struct(target, target_ptr, camel(key));
        t.kind = type_ref::object;
        t.object_name = camel(key);
        return t;
      }
      type_ref named = type_of(target, target_ptr, name_hint);
      // A titled string enum in $defs (what the library writes for a C++ enum): an enum class of that name.
      bool identifiers = !named.choices.empty() && is_usable_name(key);
      for (const auto& c : named.choices) identifiers = identifiers && is_usable_name(c);
      if (named.kind == type_ref::str && identifiers && !named.nullable && !named.pattern && !named.min_length &&
          !named.max_length && target.value("title", json()) == key)
        named.enum_name = key;
      return named;
    }
    if (s.contains("anyOf")) {
      const json& a = s["anyOf"];
      only(s, ptr, {"anyOf", "description", "default", "title", "examples"});
      if (!a.is_array() || a.size() != 2) fail(ptr + "/anyOf", "only anyOf [T, {\"type\": \"null\"}] is supported");
      int null_at = a[0] == json{{"type", "null"}} ? 0 : a[1] == json{{"type", "null"}} ? 1 : -1;
      if (null_at < 0) fail(ptr + "/anyOf", "only anyOf [T, {\"type\": \"null\"}] is supported");
      int other = 1 - null_at;
      t = type_of(a[other], ptr + "/anyOf/" + std::to_string(other), name_hint);
      if (t.nullable) fail(ptr + "/anyOf", "nested optionals are not supported");
      t.nullable = true;
      return t;
    }
    json type = s.contains("type") ? s["type"] : json();
    bool nullable = false;
    if (type.is_array()) {
      json rest = json::array();
      for (const auto& x : type) {
        if (x == "null") nullable = true;
        else rest.push_back(x);
      }
      if (rest.size() != 1) fail(ptr + "/type", "only one type, or one type and \"null\"");
      type = rest[0];
    }
    if (type.is_null()) {
      if (s.contains("const") && s["const"].is_string()) type = "string";
      else if (s.contains("enum")) type = "string";
      else fail(ptr, "a schema without `type` is not supported");
    }
    const std::string k = type.get<std::string>();
    const bool integral = k == "integer";
    if (k == "string") {
      only(s, ptr, {"type", "format", "minLength", "maxLength", "pattern", "enum", "const", "description", "default",
                    "title", "examples", "$comment"});
      std::string format = s.value("format", "");
      if (format == "uuid") {
        t.kind = type_ref::uuid;
        if (s.contains("pattern") && s["pattern"] != uuid_pattern) fail(ptr + "/pattern", "a pattern beside format uuid");
      } else if (format == "date-time") {
        t.kind = type_ref::datetime;
      } else if (format == "date") {
        t.kind = type_ref::date;
      } else if (!format.empty()) {
        fail(ptr + "/format", "unsupported format '" + format + "' (uuid, date-time, date)");
      } else if (s.contains("const")) {
        if (!s["const"].is_string()) fail(ptr + "/const", "only string constants");
        t.kind = type_ref::literal;
        t.literal_value = s["const"].get<std::string>();
      } else {
        t.kind = type_ref::str;
        if (s.contains("enum")) {
          for (const auto& v : s["enum"]) {
            if (!v.is_string()) fail(ptr + "/enum", "only string enums");
            t.choices.push_back(v.get<std::string>());
          }
          if (t.choices.empty()) fail(ptr + "/enum", "an empty enum");
        }
        if (s.contains("minLength")) t.min_length = s["minLength"].get<std::uint64_t>();
        if (s.contains("maxLength")) t.max_length = s["maxLength"].get<std::uint64_t>();
        if (s.contains("pattern")) t.pattern = s["pattern"].get<std::string>();
      }
      if (t.kind != type_ref::str)
        for (const char* kw : {"minLength", "maxLength", "enum"})
          if (s.contains(kw)) fail(ptr + "/" + kw, std::string("'") + kw + "' beside a format or const");
      if (t.kind != type_ref::str && t.kind != type_ref::uuid && s.contains("pattern"))
        fail(ptr + "/pattern", "'pattern' beside a format or const");
    } else if (k == "integer" || k == "number") {
      only(s, ptr, {"type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "description", "default",
                    "title", "examples", "$comment"});
      t.kind = integral ? type_ref::integer : type_ref::number;
      if (s.contains("minimum")) t.ge = bound(s["minimum"], ptr + "/minimum", true);
      if (s.contains("maximum")) t.le = bound(s["maximum"], ptr + "/maximum", true);
      if (s.contains("exclusiveMinimum")) t.gt = bound(s["exclusiveMinimum"], ptr + "/exclusiveMinimum", true);
      if (s.contains("exclusiveMaximum")) t.lt = bound(s["exclusiveMaximum"], ptr + "/exclusiveMaximum", true);
    } else if (k == "boolean") {
      only(s, ptr, {"type", "description", "default", "title", "examples", "$comment"});
      t.kind = type_ref::boolean;
    } else if (k == "array") {
      only(s, ptr, {"type", "items", "description", "default", "title", "examples", "$comment"});
      t.kind = type_ref::list;
      if (!s.contains("items")) fail(ptr, "an array needs `items`");
      t.item = std::make_shared<type_ref>(type_of(s["items"], ptr + "/items", name_hint + "Item"));
      if (t.item->nullable) fail(ptr + "/items", "nullable items are not supported");
    } else if (k == "object") {
      if (s.contains("properties")) {
        make_struct(s, ptr, s.contains("title") ? camel(s["title"].get<std::string>()) : name_hint);
        t.kind = type_ref::object;
        t.object_name = s.contains("title") ? camel(s["title"].get<std::string>()) : name_hint;
      } else {
        only(s, ptr, {"type", "additionalProperties", "description", "default", "title", "examples", "$comment"});
        if (s.contains("additionalProperties") && !(s["additionalProperties"] == true || s["additionalProperties"] == json::object()))
          fail(ptr + "/additionalProperties", "only maps of any JSON value (additionalProperties true or {})");
        t.kind = type_ref::dict;
      }
    } else {
      fail(ptr + "/type", "unsupported type '" + k + "'");
    }
    t.nullable = nullable;
    return t;
  }

  const json& root_;
  std::vector<struct_def> structs_;
  std::set<std::string> in_progress_;
};

}  // namespace

std::vector<struct_def> from_schema(const nlohmann::ordered_json& schema, const std::string& name) {
  return converter(schema).run(name);
}

}  // namespace events_tool::gen
