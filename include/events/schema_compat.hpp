#pragma once
/// \file Compatibility between JSON Schema documents (from any language), in Confluent Schema
/// Registry's modes: BACKWARD (the new schema reads data written with the old), FORWARD (the old
/// reads the new's data), FULL (both), and their transitive forms over a list of versions.
///
/// The check is structural and conservative: "reader accepts everything writer accepts" is proven
/// keyword by keyword (type, enum/const, required, properties, additionalProperties, items,
/// length and range bounds, pattern, format, anyOf/oneOf/allOf, $ref into $defs/definitions);
/// what it cannot prove is reported. Adding an optional property is compatible (readers ignore
/// unknown keys, as Pydantic does); adding a required one is not.
///
/// \code
/// auto problems = events::check_compatibility(events::compat_mode::backward, {v1_schema, v2_schema});
/// for (const auto& p : problems) std::cerr << p.path << ": " << p.message << '\n';
/// \endcode
#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace events {

/// Confluent Schema Registry's compatibility modes.
enum class compat_mode { backward, forward, full, backward_transitive, forward_transitive, full_transitive };

/// "backward", "forward-transitive", "FULL_TRANSITIVE" ...; nullopt otherwise.
inline std::optional<compat_mode> parse_compat_mode(std::string_view s) {
  std::string m;
  for (char c : s) m += c == '_' ? '-' : static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (m == "backward") return compat_mode::backward;
  if (m == "forward") return compat_mode::forward;
  if (m == "full") return compat_mode::full;
  if (m == "backward-transitive") return compat_mode::backward_transitive;
  if (m == "forward-transitive") return compat_mode::forward_transitive;
  if (m == "full-transitive") return compat_mode::full_transitive;
  return std::nullopt;
}

/// One reason two schemas are not compatible.
struct compat_problem {
  std::size_t old_index = 0;  ///< Which earlier version (index in the list given).
  std::size_t new_index = 0;  ///< The version checked against it (the last one).
  std::string direction;      ///< "backward" (new reads old data) or "forward" (old reads new data).
  std::string path;           ///< JSON Pointer into the reader's schema.
  std::string message;
};

namespace detail {

class schema_reader_check {
 public:
  schema_reader_check(const nlohmann::json& reader_doc, const nlohmann::json& writer_doc)
      : rdoc_(reader_doc), wdoc_(writer_doc) {}

  std::vector<std::pair<std::string, std::string>> problems;

  void run() {
    reads(rdoc_, wdoc_, "");
    if (*steps_ > max_steps) fail("", "the schemas are too complex to compare (over 10000 steps or 256 levels deep)");
  }

 private:
  using json = nlohmann::json;

  static const json* resolve(const json& doc, const json& s, int depth = 0) {
    if (!s.is_object() || !s.contains("$ref") || depth > 32) return &s;
    const auto& ref = s["$ref"];
    if (!ref.is_string()) return &s;
    std::string r = ref.get<std::string>();
    if (r.rfind("#", 0) != 0) return &s;
    try {
      const json& target = r == "#" ? doc : doc.at(json::json_pointer(r.substr(1)));
      return resolve(doc, target, depth + 1);
    } catch (const std::exception&) {
      return &s;
    }
  }

  void fail(const std::string& path, std::string message) { problems.emplace_back(path, std::move(message)); }

  static std::set<std::string> types_of(const json& s) {
    std::set<std::string> t;
    if (!s.is_object() || !s.contains("type")) return t;
    if (s["type"].is_string()) t.insert(s["type"].get<std::string>());
    else if (s["type"].is_array())
      for (const auto& x : s["type"])
        if (x.is_string()) t.insert(x.get<std::string>());
    return t;
  }

  static bool unconstrained(const json& s) { return s.is_boolean() ? s.get<bool>() : s.is_object() && s.empty(); }

  static const json* branches(const json& s) {
    if (!s.is_object()) return nullptr;
    if (s.contains("anyOf") && s["anyOf"].is_array()) return &s["anyOf"];
    if (s.contains("oneOf") && s["oneOf"].is_array()) return &s["oneOf"];
    return nullptr;
  }

  // Does a reader branch accept the whole writer schema? (Probe without reporting.)
  bool probe(const json& r, const json& w) {
    schema_reader_check sub(rdoc_, wdoc_);
    sub.visiting_ = visiting_;
    sub.steps_ = steps_;  // one budget for the whole check: probes over shared $refs are exponential
    sub.depth_ = depth_;
    sub.reads(r, w, "");
    return sub.problems.empty();
  }

  void reads(const json& r0, const json& w0, const std::string& path) {
    if (++*steps_ > max_steps || depth_ >= max_depth) return void(*steps_ = max_steps + 1);  // run() reports it
    struct nesting { std::size_t& d; ~nesting() { --d; } } nested{++depth_};  // deep schemas overflowed the stack
    const json& r = *resolve(rdoc_, r0);
    const json& w = *resolve(wdoc_, w0);
    if (!visiting_.insert({&r, &w}).second) return;  // recursive types: assume the cycle holds
    if (unconstrained(r)) return;
    if (r.is_boolean()) {  // false
      if (!(w.is_boolean() && !w.get<bool>())) fail(path, "the reader accepts nothing");
      return;
    }
    if (w.is_boolean() && !w.get<bool>()) return;
    if (const json* wb = branches(w)) {  // every writer branch must be readable
      for (std::size_t i = 0; i < wb->size(); ++i) reads(r, (*wb)[i], path);
      return;
    }
    if (const json* rb = branches(r)) {
      for (const auto& b : *rb)
        if (probe(b, w)) return;
      fail(path, "no alternative of the reader accepts what the writer writes");
      return;
    }
    if (r.contains("allOf") && r["allOf"].is_array()) {
      for (std::size_t i = 0; i < r["allOf"].size(); ++i) reads(r["allOf"][i], w, path + "/allOf/" + std::to_string(i));
    }
    if (w.contains("allOf") && w["allOf"].is_array() && !w["allOf"].empty()) {
      for (const auto& b : w["allOf"])
        if (probe(r, b)) return;
    }
    check_types(r, w, path);
    check_values(r, w, path);
    check_string(r, w, path);
    check_number(r, w, path);
    check_object(r, w, path);
    check_array(r, w, path);
  }

  void check_types(const json& r, const json& w, const std::string& path) {
    auto rt = types_of(r), wt = types_of(w);
    if (rt.empty()) return;
    if (wt.empty()) {
      if (!w.contains("enum") && !w.contains("const")) fail(path, "the reader requires a type the writer does not promise");
      return;
    }
    for (const auto& t : wt) {
      bool ok = rt.count(t) || (t == "integer" && rt.count("number"));
      if (!ok) fail(path, "the writer may write " + t + ", which the reader does not accept");
    }
  }

  void check_values(const json& r, const json& w, const std::string& path) {
    json allowed;
    if (r.contains("const")) allowed = json::array({r["const"]});
    else if (r.contains("enum") && r["enum"].is_array()) allowed = r["enum"];
    else return;
    json written;
    if (w.contains("const")) written = json::array({w["const"]});
    else if (w.contains("enum") && w["enum"].is_array()) written = w["enum"];
    else return fail(path, "the reader allows only " + allowed.dump() + "; the writer is not limited to those");
    for (const auto& v : written)
      if (std::find(allowed.begin(), allowed.end(), v) == allowed.end())
        fail(path, "the writer may write " + v.dump() + ", which the reader does not allow");
  }

  static std::optional<double> num(const json& s, const char* k) {
    if (s.contains(k) && s[k].is_number()) return s[k].get<double>();
    return std::nullopt;
  }

  void lower(const json& r, const json& w, const char* k, const std::string& path, const char* what) {
    auto rv = num(r, k), wv = num(w, k);
    if (rv && (!wv || *wv < *rv)) fail(path, std::string("the reader's ") + k + " " + what);
  }
  void upper(const json& r, const json& w, const char* k, const std::string& path, const char* what) {
    auto rv = num(r, k), wv = num(w, k);
    if (rv && (!wv || *wv > *rv)) fail(path, std::string("the reader's ") + k + " " + what);
  }

  void check_string(const json& r, const json& w, const std::string& path) {
    lower(r, w, "minLength", path, "is stricter than the writer's");
    upper(r, w, "maxLength", path, "is stricter than the writer's");
    if (r.contains("pattern") && (!w.contains("pattern") || w["pattern"] != r["pattern"]))
      fail(path, "the reader requires pattern " + r["pattern"].dump() + " the writer does not promise");
    if (r.contains("format") && (!w.contains("format") || w["format"] != r["format"]))
      fail(path, "the reader requires format " + r["format"].dump() + " the writer does not promise");
  }

  void check_number(const json& r, const json& w, const std::string& path) {
    // exclusive bounds count as the inclusive ones for this conservative comparison
    auto rmin = num(r, "minimum"), rxmin = num(r, "exclusiveMinimum");
    auto wmin = num(w, "minimum"), wxmin = num(w, "exclusiveMinimum");
    auto rmax = num(r, "maximum"), rxmax = num(r, "exclusiveMaximum");
    auto wmax = num(w, "maximum"), wxmax = num(w, "exclusiveMaximum");
    auto wlo = wmin ? wmin : wxmin, whi = wmax ? wmax : wxmax;
    if (rmin && (!wlo || *wlo < *rmin)) fail(path, "the reader's minimum is stricter than the writer's");
    if (rxmin && (!wlo || *wlo < *rxmin || (wmin && *wmin == *rxmin)))
      fail(path, "the reader's exclusiveMinimum is stricter than the writer's");
    if (rmax && (!whi || *whi > *rmax)) fail(path, "the reader's maximum is stricter than the writer's");
    if (rxmax && (!whi || *whi > *rxmax || (wmax && *wmax == *rxmax)))
      fail(path, "the reader's exclusiveMaximum is stricter than the writer's");
    if (r.contains("multipleOf") && (!w.contains("multipleOf") || w["multipleOf"] != r["multipleOf"]))
      fail(path, "the reader requires multipleOf the writer does not promise");
  }

  static std::string key_path(const std::string& path, const std::string& key) {
    std::string k;
    for (char c : key) k += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
    return path + "/properties/" + k;
  }

  void check_object(const json& r, const json& w, const std::string& path) {
    static const json none = json::object();
    const json& rp = r.contains("properties") && r["properties"].is_object() ? r["properties"] : none;
    const json& wp = w.contains("properties") && w["properties"].is_object() ? w["properties"] : none;
    std::set<std::string> wreq;
    if (w.contains("required") && w["required"].is_array())
      for (const auto& x : w["required"])
        if (x.is_string()) wreq.insert(x.get<std::string>());
    if (r.contains("required") && r["required"].is_array())
      for (const auto& x : r["required"]) {
        if (!x.is_string()) continue;
        const std::string name = x.get<std::string>();
        if (!wreq.count(name))
          fail(key_path(path, name), wp.contains(name) ? "required by the reader but optional for the writer"
                                                       : "required by the reader but not written by the writer");
      }
    for (const auto& [name, rs] : rp.items())
      if (wp.contains(name)) reads(rs, wp[name], key_path(path, name));
    const json* radd = r.contains("additionalProperties") ? &r["additionalProperties"] : nullptr;
    for (const auto& [name, ws] : wp.items()) {
      if (rp.contains(name) || !radd) continue;
      if (radd->is_boolean() && !radd->get<bool>())
        fail(key_path(path, name), "written by the writer but forbidden by the reader (additionalProperties: false)");
      else
        reads(*radd, ws, key_path(path, name));
    }
    if (radd && w.is_object() && (!w.contains("additionalProperties") || w["additionalProperties"] != false) &&
        !(radd->is_boolean() && radd->get<bool>())) {
      if (w.contains("additionalProperties") && w["additionalProperties"].is_object())
        reads(*radd, w["additionalProperties"], path + "/additionalProperties");
      else if (types_of(w).count("object"))
        fail(path + "/additionalProperties", "the reader limits extra keys the writer leaves open");
    }
  }

  void check_array(const json& r, const json& w, const std::string& path) {
    lower(r, w, "minItems", path, "is stricter than the writer's");
    upper(r, w, "maxItems", path, "is stricter than the writer's");
    if (r.contains("items") && !r["items"].is_array()) {
      if (w.contains("items") && !w["items"].is_array()) reads(r["items"], w["items"], path + "/items");
      else if (!unconstrained(r["items"]) && types_of(w).count("array"))
        fail(path + "/items", "the reader constrains items the writer leaves open");
    }
  }

  const json& rdoc_;
  const json& wdoc_;
  std::set<std::pair<const json*, const json*>> visiting_;
  static constexpr std::size_t max_steps = 10000, max_depth = 256;
  std::size_t own_steps_ = 0, depth_ = 0;
  std::size_t* steps_ = &own_steps_;
};

inline void check_pair(const std::vector<nlohmann::json>& v, std::size_t old_i, std::size_t new_i, bool backward,
                       std::vector<compat_problem>& out) {
  const auto& reader = backward ? v[new_i] : v[old_i];
  const auto& writer = backward ? v[old_i] : v[new_i];
  schema_reader_check c(reader, writer);
  c.run();
  for (auto& [path, message] : c.problems)
    out.push_back({old_i, new_i, backward ? "backward" : "forward", path, message});
}

}  // namespace detail

/// Checks the last schema of `versions` (oldest first) against the one before it, or against
/// every earlier one in the transitive modes. Empty result: compatible.
inline std::vector<compat_problem> check_compatibility(compat_mode mode, const std::vector<nlohmann::json>& versions) {
  std::vector<compat_problem> out;
  if (versions.size() < 2) return out;
  const std::size_t last = versions.size() - 1;
  const bool transitive = mode == compat_mode::backward_transitive || mode == compat_mode::forward_transitive ||
                          mode == compat_mode::full_transitive;
  const bool backward = mode == compat_mode::backward || mode == compat_mode::backward_transitive ||
                        mode == compat_mode::full || mode == compat_mode::full_transitive;
  const bool forward = mode == compat_mode::forward || mode == compat_mode::forward_transitive ||
                       mode == compat_mode::full || mode == compat_mode::full_transitive;
  for (std::size_t i = transitive ? 0 : last - 1; i < last; ++i) {
    if (backward) detail::check_pair(versions, i, last, true, out);
    if (forward) detail::check_pair(versions, i, last, false, out);
  }
  return out;
}

}  // namespace events
