#pragma once
/// \file A schema registry's state and its REST API, without the network: Confluent Schema
/// Registry's paths, status codes, error codes and bodies for JSON schemas, answered from memory.
/// `events registry serve` puts it behind HTTP (events/schema_registry/server.hpp); tests and
/// in-process stacks call `handle` directly.
///
/// What it follows (Confluent's API reference and its Errors class): ids from 1, shared by every
/// subject that registers the same schema; versions from 1 per subject; registering a schema the
/// subject already holds returns its id again; a schema the subject's compatibility level refuses
/// (events::check_compatibility, Confluent's JSON Schema rules) is 409 with the changes named;
/// 40401 subject not found, 40402 version not found, 40403 schema not found, 40404 subject soft
/// deleted, 40405 not soft deleted before a permanent delete, 40408 no subject-level
/// compatibility, 42201 invalid schema, 42202 invalid version, 42203 invalid compatibility level.
///
/// \code
/// events::schema_registry::store reg;
/// auto r = reg.handle("POST", "/subjects/task-events-value/versions", {},
///                     R"({"schemaType":"JSON","schema":"{\"type\":\"object\"}"})");
/// // r.status == 200, r.body == {"id":1}
/// \endcode
#include <events/schema/schema_compat.hpp>
#include <events/schema_registry/protocol.hpp>
#include <events/uuid.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace events::schema_registry {

/// A registry's schemas, subjects and compatibility levels, and its REST API over them.
class store : private protocol {
 public:
  /// Called after every change with the whole state (persistence writes it to a file).
  std::function<void(const nlohmann::json&)> on_change;

  /// Answers one REST request. `path` without query; `query` its parameters.
  reply handle(std::string_view method, std::string_view path, const std::map<std::string, std::string>& query,
               std::string_view body) {
    std::lock_guard lock(mutex_);
    reply r = route(method, split(path), query, body);
    if (changed_) {
      changed_ = false;
      if (on_change) on_change(state());
    }
    return r;
  }

  /// The whole state as JSON (what a file keeps).
  nlohmann::json state() const {
    nlohmann::json s = {{"compatibility", global_level_}, {"schemas", nlohmann::json::array()},
                        {"subjects", nlohmann::json::object()}};
    for (const auto& sc : schemas_) s["schemas"].push_back({{"id", sc.id}, {"guid", sc.guid}, {"schema", sc.text}});
    for (const auto& [name, sub] : subjects_) {
      nlohmann::json v = nlohmann::json::array();
      for (const auto& e : sub.versions) v.push_back({{"version", e.version}, {"id", e.id}, {"deleted", e.deleted}});
      nlohmann::json j = {{"versions", v}, {"deleted", sub.deleted}};
      if (sub.level) j["compatibility"] = *sub.level;
      s["subjects"][name] = j;
    }
    return s;
  }

  /// Replaces the state with one `state()` wrote. Throws nlohmann::json::exception when malformed.
  void load(const nlohmann::json& s) {
    std::lock_guard lock(mutex_);
    schemas_.clear();
    subjects_.clear();
    global_level_ = s.at("compatibility").get<std::string>();
    for (const auto& sc : s.at("schemas"))
      schemas_.push_back({sc.at("id").get<std::uint32_t>(), sc.at("guid").get<std::string>(),
                          sc.at("schema").get<std::string>(), canonical(sc.at("schema").get<std::string>())});
    for (const auto& [name, j] : s.at("subjects").items()) {
      subject& sub = subjects_[name];
      sub.deleted = j.value("deleted", false);
      if (j.contains("compatibility")) sub.level = j.at("compatibility").get<std::string>();
      for (const auto& e : j.at("versions"))
        sub.versions.push_back({e.at("version").get<int>(), e.at("id").get<std::uint32_t>(), e.value("deleted", false)});
    }
  }

 private:
  struct schema_entry {
    std::uint32_t id = 0;
    std::string guid;
    std::string text;       // compact, key order kept: what GET returns
    std::string canonical;  // keys sorted: what identity is decided on
  };
  struct version_entry {
    int version = 0;
    std::uint32_t id = 0;
    bool deleted = false;
  };
  struct subject {
    std::vector<version_entry> versions;
    std::optional<std::string> level;
    bool deleted = false;  // soft-deleted as a whole
    const version_entry* latest() const {
      for (auto it = versions.rbegin(); it != versions.rend(); ++it)
        if (!it->deleted) return &*it;
      return nullptr;
    }
    bool live() const { return !deleted && latest() != nullptr; }
  };

  static std::string canonical(const std::string& text) { return nlohmann::json::parse(text).dump(); }
  const schema_entry* schema_by_id(std::uint32_t id) const {
    return id >= 1 && id <= schemas_.size() ? &schemas_[id - 1] : nullptr;
  }
  subject* live_subject(const std::string& name, bool include_deleted = false) {
    auto it = subjects_.find(name);
    if (it == subjects_.end()) return nullptr;
    if (!include_deleted && !it->second.live()) return nullptr;
    return &it->second;
  }
  std::string level_of(const std::string& name) const {
    auto it = subjects_.find(name);
    return it != subjects_.end() && it->second.level ? *it->second.level : global_level_;
  }

  // Checks `candidate` against the subject's versions (latest, or all when transitive or `all`).
  std::vector<std::string> incompatibilities(const subject& sub, const std::string& level, const nlohmann::json& candidate,
                                             const version_entry* only = nullptr) const {
    if (level == "NONE") return {};
    auto mode = parse_compat_mode(level);
    if (!mode) return {};
    const bool transitive = level.find("TRANSITIVE") != std::string::npos && only == nullptr;
    std::vector<const version_entry*> against;
    if (only)
      against.push_back(only);
    else if (transitive) {
      for (const auto& v : sub.versions)
        if (!v.deleted) against.push_back(&v);
    } else if (auto* l = sub.latest())
      against.push_back(l);
    // Non-transitive pairs, one at a time, so every message names its version.
    compat_mode pair_mode = *mode == compat_mode::backward_transitive  ? compat_mode::backward
                            : *mode == compat_mode::forward_transitive ? compat_mode::forward
                            : *mode == compat_mode::full_transitive    ? compat_mode::full
                                                                       : *mode;
    std::vector<std::string> out;
    for (const auto* v : against) {
      auto old_doc = nlohmann::json::parse(schema_by_id(v->id)->text);
      auto problems = check_compatibility(pair_mode, {old_doc, candidate});
      for (auto& m : describe(problems, v->version, level)) out.push_back(std::move(m));
    }
    return out;
  }

  nlohmann::json version_body(const std::string& name, const version_entry& v) const {
    const auto* sc = schema_by_id(v.id);
    return {{"subject", name}, {"version", v.version}, {"id", v.id}, {"guid", sc->guid}, {"schemaType", "JSON"},
            {"schema", sc->text}};
  }

  static const version_entry* find_version(const subject& sub, int v, bool include_deleted = false) {
    if (v == 0) return sub.latest();
    for (const auto& e : sub.versions)
      if (e.version == v && (include_deleted || !e.deleted)) return &e;
    return nullptr;
  }

  reply register_schema(const std::string& name, std::string_view body) {
    auto parsed = read_schema(body);
    if (auto* r = std::get_if<reply>(&parsed)) return *r;
    auto& req = std::get<request_schema>(parsed);
    subject& sub = subjects_[name];
    if (sub.deleted) {  // registering into a soft-deleted subject brings it back, without its old versions
      sub.deleted = false;
      for (auto& v : sub.versions) v.deleted = true;
    }
    for (const auto& v : sub.versions)
      if (!v.deleted && schema_by_id(v.id)->canonical == req.canonical) return {200, {{"id", v.id}}};
    if (auto problems = incompatibilities(sub, level_of(name), req.doc); !problems.empty()) {
      if (sub.versions.empty() && !sub.level) subjects_.erase(name);
      std::string details;
      for (const auto& m : problems) details += (details.empty() ? "" : ", ") + m;
      return error(409, 409, "Schema being registered is incompatible with an earlier schema for subject \"" + name +
                                 "\", details: [" + details + "]");
    }
    std::uint32_t id = 0;
    for (const auto& sc : schemas_)
      if (sc.canonical == req.canonical) id = sc.id;
    if (id == 0) {
      id = static_cast<std::uint32_t>(schemas_.size() + 1);
      schemas_.push_back({id, uuid::v4().to_string(), req.text, req.canonical});
    }
    const int version = sub.versions.empty() ? 1 : sub.versions.back().version + 1;
    sub.versions.push_back({version, id, false});
    changed_ = true;
    return {200, {{"id", id}}};
  }

  reply route(std::string_view method, const std::vector<std::string>& p,
              const std::map<std::string, std::string>& q, std::string_view body) {
    const std::size_t n = p.size();
    const bool get = method == "GET", post = method == "POST", put = method == "PUT", del = method == "DELETE";
    if (n == 0 && get) return {200, nlohmann::json::object()};
    if (n == 2 && get && p[0] == "schemas" && p[1] == "types") return {200, nlohmann::json::array({"JSON"})};
    if (n == 1 && get && p[0] == "mode") return {200, {{"mode", "READWRITE"}}};
    // /schemas/ids/{id}[/schema|/subjects|/versions], /schemas/guids/{guid}
    if (n >= 3 && get && p[0] == "schemas" && (p[1] == "ids" || p[1] == "guids")) {
      const schema_entry* sc = nullptr;
      if (p[1] == "ids") {
        auto v = parse_version(p[2]);
        if (v && *v > 0) sc = schema_by_id(static_cast<std::uint32_t>(*v));
      } else {
        for (const auto& s : schemas_)
          if (s.guid == p[2]) sc = &s;
      }
      if (!sc) return error(404, 40403, "Schema " + p[2] + " not found");
      if (n == 3) return {200, {{"schemaType", "JSON"}, {"schema", sc->text}}};
      if (n == 4 && p[3] == "schema") return {200, nlohmann::json::parse(sc->text)};
      if (n == 4 && (p[3] == "subjects" || p[3] == "versions")) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& [name, sub] : subjects_) {
          if (sub.deleted) continue;
          for (const auto& v : sub.versions)
            if (!v.deleted && v.id == sc->id) {
              if (p[3] == "subjects") {
                out.push_back(name);
                break;
              }
              out.push_back({{"subject", name}, {"version", v.version}});
            }
        }
        return {200, out};
      }
    }
    if (n == 1 && get && p[0] == "subjects") {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& [name, sub] : subjects_)
        if (sub.live() || (flag(q, "deleted") && !sub.versions.empty())) out.push_back(name);
      return {200, out};
    }
    if (n >= 2 && p[0] == "subjects") {
      const std::string& name = p[1];
      if (n == 3 && post && p[2] == "versions") return register_schema(name, body);
      if (n == 2 && post) {  // lookup
        subject* sub = live_subject(name);
        if (!sub) return subject_not_found(name);
        auto parsed = read_schema(body);
        if (auto* r = std::get_if<reply>(&parsed)) return *r;
        const auto& req = std::get<request_schema>(parsed);
        for (const auto& v : sub->versions)
          if (!v.deleted && schema_by_id(v.id)->canonical == req.canonical) return {200, version_body(name, v)};
        return error(404, 40403, "Schema not found");
      }
      if (n == 2 && del) {
        subject* sub = live_subject(name, true);
        if (!sub || sub->versions.empty()) return subject_not_found(name);
        const bool permanent = flag(q, "permanent");
        nlohmann::json versions = nlohmann::json::array();
        if (permanent) {
          if (!sub->deleted) return error(404, 40405, "Subject '" + name + "' was not deleted first before being permanently deleted");
          for (const auto& v : sub->versions) versions.push_back(v.version);
          subjects_.erase(name);
        } else {
          if (sub->deleted) return error(404, 40404, "Subject '" + name + "' was soft deleted.Set permanent=true to delete permanently");
          for (const auto& v : sub->versions)
            if (!v.deleted) versions.push_back(v.version);
          sub->deleted = true;
        }
        changed_ = true;
        return {200, versions};
      }
      subject* sub = live_subject(name);
      if (n == 3 && get && p[2] == "versions") {
        if (!sub) return subject_not_found(name);
        nlohmann::json out = nlohmann::json::array();
        for (const auto& v : sub->versions)
          if (!v.deleted) out.push_back(v.version);
        return {200, out};
      }
      if (n >= 4 && p[2] == "versions") {
        auto v = parse_version(p[3]);
        if (!sub) return subject_not_found(name);
        if (!v) return invalid_version(p[3]);
        const version_entry* e = find_version(*sub, *v);
        if (!e) return version_not_found(p[3]);
        if (n == 4 && get) return {200, version_body(name, *e)};
        if (n == 5 && get && p[4] == "schema") return {200, nlohmann::json::parse(schema_by_id(e->id)->text)};
        if (n == 4 && del) {
          const int deleted = e->version;
          const_cast<version_entry*>(e)->deleted = true;
          changed_ = true;
          return {200, deleted};
        }
      }
    }
    // /compatibility/subjects/{s}/versions[/{v}]
    if (n >= 4 && post && p[0] == "compatibility" && p[1] == "subjects" && p[3] == "versions") {
      const std::string& name = p[2];
      auto parsed = read_schema(body);
      if (auto* r = std::get_if<reply>(&parsed)) return *r;
      const auto& req = std::get<request_schema>(parsed);
      subject* sub = live_subject(name);
      std::vector<std::string> messages;
      if (n == 5) {
        auto v = parse_version(p[4]);
        if (!sub) return subject_not_found(name);
        if (!v) return invalid_version(p[4]);
        const version_entry* e = find_version(*sub, *v);
        if (!e) return version_not_found(p[4]);
        messages = incompatibilities(*sub, level_of(name), req.doc, e);
      } else if (sub) {
        subject all = *sub;  // every version, whatever the level says
        std::string level = level_of(name);
        if (level != "NONE" && level.find("TRANSITIVE") == std::string::npos) level += "_TRANSITIVE";
        messages = incompatibilities(all, level, req.doc);
      }
      nlohmann::json out = {{"is_compatible", messages.empty()}};
      if (flag(q, "verbose")) out["messages"] = messages;
      return {200, out};
    }
    // /config, /config/{s}
    if (!p.empty() && p[0] == "config" && n <= 2) {
      if (get) {
        if (n == 1) return {200, {{"compatibilityLevel", global_level_}}};
        auto it = subjects_.find(p[1]);
        if (it != subjects_.end() && it->second.level) return {200, {{"compatibilityLevel", *it->second.level}}};
        if (flag(q, "defaultToGlobal")) return {200, {{"compatibilityLevel", global_level_}}};
        return error(404, 40408, "Subject '" + p[1] + "' does not have subject-level compatibility configured");
      }
      if (put) {
        nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
        std::string level = j.is_object() && j.contains("compatibility") && j["compatibility"].is_string()
                                ? j["compatibility"].get<std::string>()
                                : std::string();
        for (auto& c : level) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
        bool known = false;
        for (auto l : compatibility_levels) known = known || l == level;
        if (!known)
          return error(422, 42203,
                       "Invalid compatibility level. Valid values are none, backward, forward, full, "
                       "backward_transitive, forward_transitive, and full_transitive");
        if (n == 1)
          global_level_ = level;
        else
          subjects_[p[1]].level = level;
        changed_ = true;
        return {200, {{"compatibility", level}}};
      }
      if (del && n == 2) {
        auto it = subjects_.find(p[1]);
        if (it == subjects_.end()) return subject_not_found(p[1]);
        std::string old = it->second.level.value_or(global_level_);
        it->second.level.reset();
        if (it->second.versions.empty()) subjects_.erase(it);
        changed_ = true;
        return {200, {{"compatibilityLevel", old}}};
      }
    }
    return error(404, 404, "HTTP 404 Not Found");
  }

  mutable std::mutex mutex_;
  std::vector<schema_entry> schemas_;  // index = id - 1
  std::map<std::string, subject> subjects_;
  std::string global_level_ = "BACKWARD";
  bool changed_ = false;
};

}  // namespace events::schema_registry
