#pragma once
// The keyword-level helpers of the schema comparison in schema_compat_diff.hpp: $ref resolution,
// the kind of a schema, content models (open, closed, partially open) of objects and tuples.
#include <events/detail/json_pointer.hpp>
#include <events/schema/detail/schema_compat_rules.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <exception>
#include <regex>
#include <string>
#include <vector>

namespace events::detail {

/// One difference: Confluent's change-type name and where it is.
struct schema_difference {
  std::string type;
  std::string path;
};

struct schema_keywords {
  using json = nlohmann::json;

  enum class kind { empty, nothing, combined, object, array, string, number, boolean, null, values, negation };

  static const json* resolve(const json& doc, const json* s) {
    for (int depth = 0; s && s->is_object() && depth < 32; ++depth) {
      auto it = s->find("$ref");
      if (it == s->end() || !it->is_string()) break;
      const std::string r = it->get<std::string>();
      if (r.rfind('#', 0) != 0) break;
      try {
        s = r == "#" ? &doc : &doc.at(json::json_pointer(r.substr(1)));
      } catch (const std::exception&) {
        break;
      }
    }
    return s;
  }

  static bool annotation(const std::string& k) {
    return k == "title" || k == "description" || k == "default" || k == "examples" || k == "$schema" || k == "$id" ||
           k == "id" || k == "$comment" || k == "$defs" || k == "definitions" || k == "format" || k == "readOnly" ||
           k == "writeOnly" || k == "deprecated";
  }

  static bool combiner(const std::string& k) { return k == "anyOf" || k == "oneOf" || k == "allOf"; }

  static bool has(const json& s, const char* k) { return s.is_object() && s.contains(k); }

  static kind kind_of(const json& s) {
    if (s.is_boolean()) return s.get<bool>() ? kind::empty : kind::nothing;
    if (!s.is_object()) return kind::empty;
    for (const char* c : {"anyOf", "oneOf", "allOf"})
      if (s.contains(c)) return kind::combined;
    if (auto t = s.find("type"); t != s.end() && t->is_string()) {
      const std::string n = t->get<std::string>();
      if (n == "object") return kind::object;
      if (n == "array") return kind::array;
      if (n == "string") return kind::string;
      if (n == "number" || n == "integer") return kind::number;
      if (n == "boolean") return kind::boolean;
      if (n == "null") return kind::null;
    }
    for (const char* k : {"properties", "required", "additionalProperties", "patternProperties", "dependencies",
                          "dependentRequired", "dependentSchemas", "minProperties", "maxProperties"})
      if (s.contains(k)) return kind::object;
    for (const char* k : {"items", "prefixItems", "additionalItems", "minItems", "maxItems", "uniqueItems"})
      if (s.contains(k)) return kind::array;
    for (const char* k : {"minLength", "maxLength", "pattern"})
      if (s.contains(k)) return kind::string;
    for (const char* k : {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"})
      if (s.contains(k)) return kind::number;
    if (s.contains("enum") || s.contains("const")) return kind::values;
    if (s.contains("not")) return kind::negation;
    return kind::empty;
  }

  static std::string criterion(const json& s) {
    for (const char* c : {"anyOf", "oneOf", "allOf"})
      if (s.contains(c)) return c;
    return {};
  }

  static std::vector<const json*> subschemas(const json& s, const std::string& c) {
    std::vector<const json*> out;
    if (!s.contains(c) || !s[c].is_array()) return out;
    for (const auto& x : s[c]) {  // duplicates collapse, as in a set
      bool seen = false;
      for (const json* y : out) seen = seen || *y == x;
      if (!seen) out.push_back(&x);
    }
    return out;
  }

  static bool augment(int i, const std::vector<std::vector<bool>>& ok, std::vector<int>& match_u, std::vector<bool>& seen) {
    for (std::size_t j = 0; j < match_u.size(); ++j) {
      if (!ok[static_cast<std::size_t>(i)][j] || seen[j]) continue;
      seen[j] = true;
      if (match_u[j] < 0 || augment(match_u[j], ok, match_u, seen)) {
        match_u[j] = i;
        return true;
      }
    }
    return false;
  }

  static bool all_compatible(const std::vector<schema_difference>& d) {
    for (const auto& x : d)
      if (!is_compatible_change(x.type)) return false;
    return true;
  }

  static bool contains_all(const json& big, const json& small) {
    for (const auto& v : small)
      if (std::find(big.begin(), big.end(), v) == big.end()) return false;
    return true;
  }

  static json value_set(const json& s) {
    if (s.contains("enum") && s["enum"].is_array()) return s["enum"];
    return nullptr;
  }

  static const json* number_at(const json& s, const char* k) {
    auto it = s.find(k);
    return it != s.end() && it->is_number() ? &*it : nullptr;
  }

  static bool is_integer(const json& s) { return s.value("type", json()) == "integer"; }

  static const json& member(const json& s, const char* k) {
    static const json none = json::object();
    auto it = s.find(k);
    return it != s.end() && it->is_object() ? *it : none;
  }

  static bool permits_additional(const json& s) { return s.value("additionalProperties", json(true)) != json(false); }

  static const json* additional_schema(const json& s) {
    auto it = s.find("additionalProperties");
    return it != s.end() && it->is_object() ? &*it : nullptr;
  }

  static bool open_model(const json& s) {
    return member(s, "patternProperties").empty() && !additional_schema(s) && permits_additional(s);
  }

  // The schema a partially open model gives an undeclared name (patternProperties first).
  static const json* covering(const json& s, const std::string& name) {
    for (const auto& [pattern, schema] : member(s, "patternProperties").items()) {
      try {
        if (std::regex_search(name, std::regex(pattern, std::regex::ECMAScript))) return &schema;
      } catch (const std::regex_error&) {
      }
    }
    return additional_schema(s);
  }

  static std::vector<std::string> names(const json& s, const char* k) {
    std::vector<std::string> out;
    if (auto it = s.find(k); it != s.end() && it->is_array())
      for (const auto& x : *it)
        if (x.is_string()) out.push_back(x.get<std::string>());
    return out;
  }

  static bool listed(const std::vector<std::string>& v, const std::string& n) {
    return std::find(v.begin(), v.end(), n) != v.end();
  }

  static bool has_default(const json* s) { return s && s->is_object() && s->contains("default"); }

  // `dependencies` (draft-07) and its 2019-09 halves, dependentRequired and dependentSchemas; each
  // entry is {"at": the keyword holding it, "v": the list or schema}
  static json dependency_entries(const json& s, bool arrays) {
    json out = json::object();
    for (const char* k : {"dependencies", arrays ? "dependentRequired" : "dependentSchemas"})
      for (const auto& [name, v] : member(s, k).items())
        if (v.is_array() == arrays) out[name] = json{{"at", k}, {"v", v}};
    return out;
  }

  static std::string entry_path(const std::string& path, const json& e, const std::string& name) {
    return path + "/" + e["at"].get<std::string>() + "/" + pointer_token(name);
  }

  static const json* tuple(const json& s) {
    if (auto it = s.find("prefixItems"); it != s.end() && it->is_array()) return &*it;
    if (auto it = s.find("items"); it != s.end() && it->is_array()) return &*it;
    return nullptr;
  }

  static const json* all_items(const json& s) {
    if (auto it = s.find("items"); it != s.end() && !it->is_array()) return &*it;
    return nullptr;
  }

  // what a tuple allows past its listed items: additionalItems (draft-07) or items (2020-12)
  static const json* rest_items(const json& s) {
    if (s.contains("prefixItems")) return all_items(s);
    auto it = s.find("additionalItems");
    return it != s.end() ? &*it : nullptr;
  }

  static bool permits_rest(const json& s) {
    const json* r = rest_items(s);
    return !r || *r != json(false);
  }

  static const json* rest_schema(const json& s) {
    const json* r = rest_items(s);
    return r && r->is_object() ? r : nullptr;
  }
};

}  // namespace events::detail
