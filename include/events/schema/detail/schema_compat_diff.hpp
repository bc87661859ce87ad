#pragma once
// Compares an original JSON Schema (the writer's) with an update (the reader's) the way Confluent
// Schema Registry does: each difference gets Confluent's change-type name and a JSON Pointer, and
// the pair is compatible when every difference is one the rules in schema_compat_rules.hpp allow.

// The object and array rules (content models) are in schema_compat_content.hpp.
#include <events/schema/detail/schema_compat_content.hpp>
#include <events/schema/detail/schema_compat_keywords.hpp>
#include <events/schema/detail/schema_compat_rules.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <deque>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace events::detail {

class schema_differ : private schema_content_diff<schema_differ> {
  friend class schema_content_diff<schema_differ>;  // its object and array rules call back in here

 public:
  using json = nlohmann::json;

  schema_differ(const json& original_doc, const json& update_doc) : odoc_(original_doc), udoc_(update_doc) {}

  std::vector<schema_difference> differences;

  /// Compares the two documents. A pair too large or too deep to compare within the budget
  /// (hostile input: shared $refs make probing exponential, deep nesting the recursion) is
  /// reported as SCHEMA_TOO_COMPLEX, never judged compatible.
  void run() {
    // Deeper documents are refused before any recursive walk (nlohmann's own == included).
    if (nesting(odoc_) > max_depth || nesting(udoc_) > max_depth) return add("SCHEMA_TOO_COMPLEX", "");
    compare(&odoc_, &udoc_, "");
    if (*steps_ > max_steps) add("SCHEMA_TOO_COMPLEX", "");
  }

  /// How deep `doc` nests, counted without recursion (and no further than max_depth + 1).
  static std::size_t nesting(const json& doc) {
    std::vector<std::pair<const json*, std::size_t>> todo{{&doc, 1}};
    std::size_t deepest = 0;
    while (!todo.empty()) {
      auto [j, d] = todo.back();
      todo.pop_back();
      deepest = std::max(deepest, d);
      if (deepest > max_depth) return deepest;
      if (j->is_structured())
        for (const auto& child : *j) todo.emplace_back(&child, d + 1);
    }
    return deepest;
  }

  static constexpr std::size_t max_steps = 10000;  ///< compare() calls, probes included.
  static constexpr std::size_t max_depth = 256;    ///< Nested compare() calls.

  bool compatible() const {
    for (const auto& d : differences)
      if (!is_compatible_change(d.type)) return false;
    return true;
  }

 private:
  void add(const char* type, const std::string& path) { differences.push_back({type, path}); }

  // Splits a schema the way Everit (Confluent's parser) does: a list of types becomes anyOf of one
  // schema per type; combiners beside other keywords become allOf of the parts.
  const json* normalize(const json* s) {
    if (!s->is_object()) return s;
    if (auto t = s->find("type"); t != s->end() && t->is_array()) {
      if (t->size() == 1) {
        json one = *s;
        one["type"] = (*t)[0];
        return &keep(std::move(one));
      }
      json any = json::array();
      for (const auto& name : *t) {
        json part = *s;
        part["type"] = name;
        any.push_back(std::move(part));
      }
      return &keep(json{{"anyOf", std::move(any)}});
    }
    json rest = json::object();
    std::vector<json> parts;
    bool combined = false;
    for (const auto& [k, v] : s->items()) {
      if (combiner(k)) {
        combined = true;
        parts.push_back(json{{k, v}});
      } else if (!annotation(k) && k != "$ref") {
        rest[k] = v;
      }
    }
    if (!combined || (parts.size() == 1 && rest.empty())) return s;
    if (!rest.empty()) parts.insert(parts.begin(), std::move(rest));
    return &keep(json{{"allOf", std::move(parts)}});
  }

  const json& keep(json j) { return made_.emplace_back(std::move(j)); }

  bool probe(const json* o, const json* u) {
    schema_differ sub(odoc_, udoc_);
    sub.visiting_ = visiting_;
    sub.steps_ = steps_;  // one budget for the whole check
    sub.depth_ = depth_;
    sub.compare(o, u, "");
    return sub.compatible();
  }
  std::vector<schema_difference> probe_differences(const json* o, const json* u, const std::string& path) {
    schema_differ sub(odoc_, udoc_);
    sub.visiting_ = visiting_;
    sub.steps_ = steps_;
    sub.depth_ = depth_;
    sub.compare(o, u, path);
    return std::move(sub.differences);
  }
  void take(std::vector<schema_difference>&& d) {
    for (auto& x : d) differences.push_back(std::move(x));
  }

 public:
  /// Compares original `o0` with update `u0`; either may be null (absent).
  void compare(const json* o0, const json* u0, const std::string& path) {
    if (!o0 && !u0) return;
    if (++*steps_ > max_steps || depth_ >= max_depth) {
      *steps_ = max_steps + 1;
      return;
    }
    struct nesting {
      std::size_t& d;
      ~nesting() { --d; }
    } nested{++depth_};
    if (!o0) return add("SCHEMA_ADDED", path);
    if (!u0) return add("SCHEMA_REMOVED", path);
    const json* o = resolve(odoc_, o0);
    const json* u = resolve(udoc_, u0);
    if (*o == *u) return;
    if (!visiting_.insert({o, u}).second) return;  // a recursive type: assume the cycle holds
    struct leave {
      std::set<std::pair<const json*, const json*>>& v;
      std::pair<const json*, const json*> p;
      ~leave() { v.erase(p); }
    } guard{visiting_, {o, u}};
    annotations(*o, *u, path);
    o = normalize(o);
    u = normalize(u);
    const kind ko = kind_of(*o), ku = kind_of(*u);
    if (ku == kind::empty || ko == kind::nothing) return;  // reads anything / nothing was written
    if (ku == kind::combined || ko == kind::combined) return combined(*o, *u, ko, ku, path);
    if (ko != ku) return add("TYPE_CHANGED", path);
    values(*o, *u, path);
    negation(*o, *u, path);
    switch (ko) {
      case kind::string: return string(*o, *u, path);
      case kind::number: return number(*o, *u, path);
      case kind::object: return object(*o, *u, path);
      case kind::array: return array(*o, *u, path);
      default: return;
    }
  }

 private:
  void annotations(const json& o, const json& u, const std::string& path) {
    if (!o.is_object() || !u.is_object()) return;
    auto changed = [&](const char* k) { return o.value(k, json()) != u.value(k, json()); };
    if (changed("$id") || changed("id")) add("ID_CHANGED", path);
    if (changed("title")) add("TITLE_CHANGED", path);
    if (changed("description")) add("DESCRIPTION_CHANGED", path);
    if (changed("default")) add("DEFAULT_CHANGED", path);
  }

  // ---- combined schemas ------------------------------------------------------------------------

  void combined(const json& o, const json& u, kind ko, kind ku, const std::string& path) {
    if (ko != kind::combined) {  // one schema became a choice: fine when a branch reads it
      const std::string c = criterion(u);
      const auto single = subschemas(u, c);
      if (single.size() == 1) {
        auto d = probe_differences(&o, single[0], path);
        if (all_compatible(d)) return take(std::move(d));
      } else if (c != "allOf") {
        const auto subs = subschemas(u, c);
        for (std::size_t i = 0; i < subs.size(); ++i) {
          auto d = probe_differences(&o, subs[i], path + "/" + c + "/" + std::to_string(i));
          if (all_compatible(d)) {
            take(std::move(d));
            return add("SUM_TYPE_EXTENDED", path);
          }
        }
      }
      return add("TYPE_CHANGED", path);
    }
    if (ku != kind::combined) {  // allOf became one of its parts
      const std::string c = criterion(o);
      if (const auto single = subschemas(o, c); single.size() == 1) {
        auto d = probe_differences(single[0], &u, path);
        if (all_compatible(d)) return take(std::move(d));
      }
      if (c == "allOf")
        for (const json* sub : subschemas(o, c)) {
          auto d = probe_differences(sub, &u, path);
          if (all_compatible(d)) {
            take(std::move(d));
            return add("PRODUCT_TYPE_NARROWED", path);
          }
        }
      return add("TYPE_CHANGED", path);
    }
    const std::string oc = criterion(o), uc = criterion(u);
    const auto os = subschemas(o, oc), us = subschemas(u, uc);
    if (oc != uc) {
      const bool os1 = os.size() == 1, us1 = us.size() == 1;
      if (!(uc == "anyOf" || (os1 && us1) || (os1 && uc == "oneOf") || (us1 && oc == "allOf")))
        return add("COMBINED_TYPE_CHANGED", path);
      add("COMBINED_TYPE_EXTENDED", path);
    }
    const bool product = uc == "allOf";
    if (os.size() < us.size()) add(product ? "PRODUCT_TYPE_EXTENDED" : "SUM_TYPE_EXTENDED", path);
    if (os.size() > us.size()) add(product ? "PRODUCT_TYPE_NARROWED" : "SUM_TYPE_NARROWED", path);
    // pair every original branch with a distinct update branch that reads it (maximum matching)
    std::vector<std::vector<bool>> ok(os.size(), std::vector<bool>(us.size()));
    for (std::size_t i = 0; i < os.size(); ++i)
      for (std::size_t j = 0; j < us.size(); ++j) ok[i][j] = probe(os[i], us[j]);
    std::vector<int> match_u(us.size(), -1);
    std::size_t matched = 0;
    for (std::size_t i = 0; i < os.size(); ++i) {
      std::vector<bool> seen(us.size());
      if (augment(static_cast<int>(i), ok, match_u, seen)) ++matched;
    }
    // the matched pairs' differences, at the original branch's index
    for (std::size_t j = 0; j < us.size(); ++j)
      if (match_u[j] >= 0) compare(os[static_cast<std::size_t>(match_u[j])], us[j], path + "/" + oc + "/" + std::to_string(match_u[j]));
    if (matched < std::min(os.size(), us.size())) add("COMBINED_TYPE_SUBSCHEMAS_CHANGED", path);
  }

  // ---- enum / const / not ------------------------------------------------------------------------

  // const is its own kind of schema: another value is ENUM_ARRAY_CHANGED, an enum a TYPE_CHANGED
  void values(const json& o, const json& u, const std::string& path) {
    if (o.contains("const") || u.contains("const")) {
      if (!o.contains("const") || !u.contains("const")) return add("TYPE_CHANGED", path);
      if (o["const"] != u["const"]) add("ENUM_ARRAY_CHANGED", path + "/const");
      return;
    }
    const json ov = value_set(o), uv = value_set(u);
    if (ov.is_null() && uv.is_null()) return;
    if (uv.is_null()) return add("ENUM_ARRAY_EXTENDED", path + "/enum");
    if (ov.is_null()) return add("ENUM_ARRAY_NARROWED", path + "/enum");
    const bool grows = contains_all(uv, ov), shrinks = contains_all(ov, uv);
    if (grows && shrinks) return;
    add(grows ? "ENUM_ARRAY_EXTENDED" : shrinks ? "ENUM_ARRAY_NARROWED" : "ENUM_ARRAY_CHANGED", path + "/enum");
  }

  void negation(const json& o, const json& u, const std::string& path) {
    const json* on = o.contains("not") ? &o["not"] : nullptr;
    const json* un = u.contains("not") ? &u["not"] : nullptr;
    if (!on && !un) return;
    if (!on) return add("NOT_TYPE_EXTENDED", path + "/not");
    if (!un) return add("NOT_TYPE_NARROWED", path + "/not");
    if (*resolve(odoc_, on) == *resolve(udoc_, un)) return;
    // the reader forbids less when what it forbids is a part of what the writer forbade
    schema_differ sub(udoc_, odoc_);
    sub.compare(un, on, "");
    add(sub.compatible() ? "NOT_TYPE_NARROWED" : "NOT_TYPE_EXTENDED", path + "/not");
  }

  // ---- strings and numbers ---------------------------------------------------------------------

  void string(const json& o, const json& u, const std::string& path) {
    bound(o, u, "maxLength", "MAX_LENGTH", path);
    bound(o, u, "minLength", "MIN_LENGTH", path);
    const json* a = o.contains("pattern") ? &o["pattern"] : nullptr;
    const json* b = u.contains("pattern") ? &u["pattern"] : nullptr;
    if (!a && b) add("PATTERN_ADDED", path + "/pattern");
    else if (a && !b) add("PATTERN_REMOVED", path + "/pattern");
    else if (a && b && *a != *b) add("PATTERN_CHANGED", path + "/pattern");
  }

  void number(const json& o, const json& u, const std::string& path) {
    if (is_integer(o) != is_integer(u)) add(is_integer(o) ? "TYPE_EXTENDED" : "TYPE_NARROWED", path);
    bound(o, u, "maximum", "MAXIMUM", path);
    bound(o, u, "minimum", "MINIMUM", path);
    bound(o, u, "exclusiveMaximum", "EXCLUSIVE_MAXIMUM", path);
    bound(o, u, "exclusiveMinimum", "EXCLUSIVE_MINIMUM", path);
    const json* a = number_at(o, "multipleOf");
    const json* b = number_at(u, "multipleOf");
    if (!a && b) return add("MULTIPLE_OF_ADDED", path + "/multipleOf");
    if (a && !b) return add("MULTIPLE_OF_REMOVED", path + "/multipleOf");
    if (!a || *a == *b) return;
    const double x = a->get<double>(), y = b->get<double>();
    auto divides = [](double d, double n) {  // n is a whole multiple of d
      if (d == 0) return false;
      const double q = n / d;
      return std::fabs(q - std::round(q)) < 1e-9;
    };
    add(divides(x, y) ? "MULTIPLE_OF_EXPANDED" : divides(y, x) ? "MULTIPLE_OF_REDUCED" : "MULTIPLE_OF_CHANGED",
        path + "/multipleOf");
  }

  const json& odoc_;
  const json& udoc_;
  std::set<std::pair<const json*, const json*>> visiting_;
  std::size_t own_steps_ = 0, depth_ = 0;
  std::size_t* steps_ = &own_steps_;  // shared with probes
  std::deque<json> made_;  // schemas built by normalize (stable addresses)
};

}  // namespace events::detail
