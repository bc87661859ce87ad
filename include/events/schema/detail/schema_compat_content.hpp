#pragma once
// The content models of the schema comparison in schema_compat_diff.hpp: objects (properties,
// required, additionalProperties, patternProperties, dependencies) and arrays (items, tuples,
// additional items), each open, closed or partially open; and the bounds (minLength, maximum,
// maxItems ...) that every kind compares the same way.
//
// Content models of an object schema: open (no patternProperties, additionalProperties absent or
// true), closed (additionalProperties false, no patternProperties) and partially open (an
// additionalProperties schema or patternProperties, which cover the names they match).
#include <events/detail/json_pointer.hpp>
#include <events/schema/detail/schema_compat_keywords.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace events::detail {

/// The object and array rules of a schema differ (CRTP: Differ is schema_differ). They recurse
/// through the differ's compare and probes and record into its differences.
template <class Differ>
class schema_content_diff : protected schema_keywords {
 protected:
  // NAME_ADDED / NAME_REMOVED / NAME_INCREASED / NAME_DECREASED
  // NAME_ADDED / NAME_REMOVED / NAME_INCREASED / NAME_DECREASED
  void bound(const json& o, const json& u, const char* key, const std::string& name, const std::string& path) {
    const json* a = number_at(o, key);
    const json* b = number_at(u, key);
    std::string change;
    if (!a && b) change = "_ADDED";
    else if (a && !b) change = "_REMOVED";
    else if (a && b && a->get<double>() < b->get<double>()) change = "_INCREASED";
    else if (a && b && a->get<double>() > b->get<double>()) change = "_DECREASED";
    if (!change.empty()) self().differences.push_back({name + change, path + "/" + key});
  }


  // ---- objects -----------------------------------------------------------------------------------

  void object(const json& o, const json& u, const std::string& path) {
    bound(o, u, "maxProperties", "MAX_PROPERTIES", path);
    bound(o, u, "minProperties", "MIN_PROPERTIES", path);
    additional(o, u, path);
    dependencies(o, u, path);
    const json& op = member(o, "properties");
    const json& up = member(u, "properties");
    const auto oreq = names(o, "required"), ureq = names(u, "required");
    for (const auto& [name, os] : op.items()) {
      const std::string at = path + "/properties/" + pointer_token(name);
      if (up.contains(name)) {
        compare(&os, &up[name], at);
      } else if (open_model(u)) {
        add("PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL", at);
      } else if (const json* cover = covering(u, name)) {
        auto d = probe_differences(&os, cover, at);
        const bool fine = all_compatible(d);
        take(std::move(d));
        add(fine ? "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
                 : "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
            at);
      } else {
        add(os == json(false) ? "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"
                              : "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
            at);
      }
    }
    for (const auto& [name, us] : up.items()) {
      if (op.contains(name)) continue;
      const std::string at = path + "/properties/" + pointer_token(name);
      if (open_model(o)) {
        const json* r = resolve(self().udoc_, &us);
        add(kind_of(*normalize(r)) == kind::empty ? "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"
                                                  : "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
            at);
        continue;
      }
      if (const json* cover = covering(o, name)) {
        auto d = probe_differences(cover, &us, at);
        const bool fine = all_compatible(d);
        take(std::move(d));
        add(fine ? "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
                 : "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
            at);
      }
      if (!listed(ureq, name)) add("OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", at);
      else if (has_default(&us)) add("REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL", at);
      else add("REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", at);
    }
    // required changes of the properties both versions declare (a new or removed one is judged above)
    for (const auto& [name, os] : op.items()) {
      if (!up.contains(name)) continue;
      const bool was = listed(oreq, name), is = listed(ureq, name);
      const std::string at = path + "/required/" + pointer_token(name);
      if (was && !is) add("REQUIRED_ATTRIBUTE_REMOVED", at);
      if (!was && is) add(has_default(&up[name]) ? "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED" : "REQUIRED_ATTRIBUTE_ADDED", at);
    }
    // patternProperties present in both versions are compared as schemas
    const json& opp = member(o, "patternProperties");
    for (const auto& [pattern, us] : member(u, "patternProperties").items())
      if (opp.contains(pattern)) compare(&opp[pattern], &us, path + "/patternProperties/" + pointer_token(pattern));
  }

  void additional(const json& o, const json& u, const std::string& path) {
    const std::string at = path + "/additionalProperties";
    if (permits_additional(o) != permits_additional(u))
      return add(permits_additional(o) ? "ADDITIONAL_PROPERTIES_REMOVED" : "ADDITIONAL_PROPERTIES_ADDED", at);
    const json* a = additional_schema(o);
    const json* b = additional_schema(u);
    if (!a && b) return add("ADDITIONAL_PROPERTIES_NARROWED", at);
    if (a && !b) return add("ADDITIONAL_PROPERTIES_EXTENDED", at);
    if (a && b) compare(a, b, at);
  }

  void dependencies(const json& o, const json& u, const std::string& path) {
    const json oa = dependency_entries(o, true), ua = dependency_entries(u, true);
    for (const auto& [name, e] : oa.items()) {
      if (!ua.contains(name)) {
        add("DEPENDENCY_ARRAY_REMOVED", entry_path(path, e, name));
        continue;
      }
      const json& a = e["v"];
      const json& b = ua[name]["v"];
      const bool grows = contains_all(b, a), shrinks = contains_all(a, b);
      if (!(grows && shrinks))
        add(grows ? "DEPENDENCY_ARRAY_EXTENDED" : shrinks ? "DEPENDENCY_ARRAY_NARROWED" : "DEPENDENCY_ARRAY_CHANGED",
            entry_path(path, ua[name], name));
    }
    for (const auto& [name, e] : ua.items())
      if (!oa.contains(name)) add("DEPENDENCY_ARRAY_ADDED", entry_path(path, e, name));
    const json os = dependency_entries(o, false), us = dependency_entries(u, false);
    for (const auto& [name, e] : os.items()) {
      if (!us.contains(name)) add("DEPENDENCY_SCHEMA_REMOVED", entry_path(path, e, name));
      else compare(&e["v"], &us[name]["v"], entry_path(path, us[name], name));
    }
    for (const auto& [name, e] : us.items())
      if (!os.contains(name)) add("DEPENDENCY_SCHEMA_ADDED", entry_path(path, e, name));
  }

  // ---- arrays ------------------------------------------------------------------------------------

  void array(const json& o, const json& u, const std::string& path) {
    bound(o, u, "maxItems", "MAX_ITEMS", path);
    bound(o, u, "minItems", "MIN_ITEMS", path);
    const bool ou = o.value("uniqueItems", false), uu = u.value("uniqueItems", false);
    if (!ou && uu) add("UNIQUE_ITEMS_ADDED", path + "/uniqueItems");
    if (ou && !uu) add("UNIQUE_ITEMS_REMOVED", path + "/uniqueItems");
    const json* ot = tuple(o);
    const json* ut = tuple(u);
    if (!ot && !ut) return compare(all_items(o), all_items(u), path + "/items");
    const char* rest_key = u.contains("prefixItems") ? "/items" : "/additionalItems";
    if (permits_rest(o) != permits_rest(u)) {
      add(permits_rest(o) ? "ADDITIONAL_ITEMS_REMOVED" : "ADDITIONAL_ITEMS_ADDED", path + rest_key);
    } else if (!rest_schema(o) && rest_schema(u)) {
      add("ADDITIONAL_ITEMS_NARROWED", path + rest_key);
    } else if (rest_schema(o) && !rest_schema(u)) {
      add("ADDITIONAL_ITEMS_EXTENDED", path + rest_key);
    } else if (rest_schema(o) && rest_schema(u)) {
      compare(rest_schema(o), rest_schema(u), path + rest_key);
    }
    static const json none = json::array();
    const json& oi = ot ? *ot : none;
    const json& ui = ut ? *ut : none;
    const char* key = u.contains("prefixItems") || o.contains("prefixItems") ? "/prefixItems/" : "/items/";
    for (std::size_t i = 0; i < std::max(oi.size(), ui.size()); ++i) {
      const std::string at = path + key + std::to_string(i);
      if (i < oi.size() && i < ui.size()) {
        compare(&oi[i], &ui[i], at);
      } else if (i < oi.size()) {  // the reader no longer lists item i
        if (permits_rest(u) && !rest_schema(u)) add("ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL", at);
        else if (const json* cover = rest_schema(u)) {
          auto d = probe_differences(&oi[i], cover, at);
          const bool fine = all_compatible(d);
          take(std::move(d));
          add(fine ? "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
                   : "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
              at);
        } else {
          add(oi[i] == json(false) ? "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"
                                   : "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL",
              at);
        }
      } else {  // the reader lists a new item i
        if (permits_rest(o) && !rest_schema(o)) {
          add(kind_of(*normalize(resolve(self().udoc_, &ui[i]))) == kind::empty ? "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"
                                                                        : "ITEM_ADDED_TO_OPEN_CONTENT_MODEL",
              at);
        } else if (const json* cover = rest_schema(o)) {
          auto d = probe_differences(cover, &ui[i], at);
          const bool fine = all_compatible(d);
          take(std::move(d));
          add(fine ? "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
                   : "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
              at);
        } else {
          add("ITEM_ADDED_TO_CLOSED_CONTENT_MODEL", at);
        }
      }
    }
  }

 private:
  Differ& self() { return static_cast<Differ&>(*this); }
  void add(const char* type, const std::string& path) { self().add(type, path); }
  void compare(const json* o, const json* u, const std::string& path) { self().compare(o, u, path); }
  std::vector<schema_difference> probe_differences(const json* o, const json* u, const std::string& path) {
    return self().probe_differences(o, u, path);
  }
  void take(std::vector<schema_difference>&& d) { self().take(std::move(d)); }
  const json* normalize(const json* s) { return self().normalize(s); }
};

}  // namespace events::detail
