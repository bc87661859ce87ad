// Seed 000's field list, extended: `name (type[, constraint]...[, "description"][ = default])`.
#include "gen_model.hpp"

#include <cctype>
#include <charconv>

namespace events_tool::gen {
namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// Splits at `sep` outside (), [], "..." and /.../.
std::vector<std::string> split_top(std::string_view s, char sep) {
  std::vector<std::string> out;
  int depth = 0;
  char quote = 0;
  std::size_t begin = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == '\\') ++i;
      else if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || (c == '/' && depth == 0 && trim(s.substr(begin, i - begin)).empty())) quote = c;
    else if (c == '(' || c == '[') ++depth;
    else if (c == ')' || c == ']') --depth;
    else if (c == sep && depth == 0) {
      out.push_back(trim(s.substr(begin, i - begin)));
      begin = i + 1;
    }
  }
  out.push_back(trim(s.substr(begin)));
  return out;
}

bool is_identifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

std::optional<long long> integer(std::string_view s) {
  long long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

type_ref parse_type(const std::string& text, const std::string& where) {
  std::string t = text;
  type_ref r;
  if (!t.empty() && t.back() == '?') {
    r = parse_type(trim(t.substr(0, t.size() - 1)), where);
    if (r.nullable) throw gen_error(where + ": '" + text + "' is optional twice");
    r.nullable = true;
    return r;
  }
  if (t.starts_with("Optional[") && t.back() == ']') {
    r = parse_type(trim(t.substr(9, t.size() - 10)), where);
    r.nullable = true;
    return r;
  }
  if ((t.starts_with("list[") || t.starts_with("List[")) && t.back() == ']') {
    r.kind = type_ref::list;
    r.item = std::make_shared<type_ref>(parse_type(trim(t.substr(5, t.size() - 6)), where));
    if (r.item->nullable) throw gen_error(where + ": list items cannot be optional");
    return r;
  }
  if (t.find('|') != std::string::npos) {
    r.kind = type_ref::str;
    for (auto& v : split_top(t, '|')) {
      if (v.empty()) throw gen_error(where + ": empty choice in '" + t + "'");
      r.choices.push_back(v);
    }
    return r;
  }
  static const std::pair<const char*, type_ref::kind_t> names[] = {
      {"UUID", type_ref::uuid}, {"uuid", type_ref::uuid},         {"str", type_ref::str},
      {"int", type_ref::integer}, {"float", type_ref::number},     {"bool", type_ref::boolean},
      {"datetime", type_ref::datetime}, {"date", type_ref::date}, {"dict", type_ref::dict},
      {"Dict[str, Any]", type_ref::dict}, {"Any", type_ref::any}};
  for (auto& [n, k] : names)
    if (t == n) {
      r.kind = k;
      return r;
    }
  throw gen_error(where + ": unknown type '" + t +
                  "' (UUID, str, int, float, bool, datetime, date, dict, list[T], a|b|c, T?)");
}

void add_constraint(field& f, const std::string& c, const std::string& where) {
  type_ref& t = f.type;
  const bool sized = t.kind == type_ref::str || t.kind == type_ref::list;
  const bool numeric = t.kind == type_ref::integer || t.kind == type_ref::number;
  auto bound = [&](std::string_view v) {
    auto n = integer(trim(v));
    if (!n) throw gen_error(where + ": '" + c + "' needs an integer bound");
    return *n;
  };
  if (c.size() >= 2 && c.front() == '/' && c.back() == '/') {
    if (t.kind != type_ref::str || !t.choices.empty()) throw gen_error(where + ": a /pattern/ applies to str fields");
    t.pattern = c.substr(1, c.size() - 2);
    return;
  }
  if (auto dots = c.find(".."); dots != std::string::npos) {
    std::string lo = trim(c.substr(0, dots)), hi = trim(c.substr(dots + 2));
    if (sized) {
      if (!lo.empty()) {
        if (bound(lo) < 0) throw gen_error(where + ": a length cannot be negative");
        t.min_length = static_cast<std::uint64_t>(bound(lo));
      }
      if (!hi.empty()) {
        if (bound(hi) < 0) throw gen_error(where + ": a length cannot be negative");
        t.max_length = static_cast<std::uint64_t>(bound(hi));
      }
    } else if (numeric) {
      if (!lo.empty()) t.ge = bound(lo);
      if (!hi.empty()) t.le = bound(hi);
    } else {
      throw gen_error(where + ": a range applies to str, list, int and float fields");
    }
    return;
  }
  for (auto [op, slot] : {std::pair{">=", &type_ref::ge}, {"<=", &type_ref::le}, {">", &type_ref::gt}, {"<", &type_ref::lt}}) {
    if (c.starts_with(op)) {
      if (!numeric) throw gen_error(where + ": '" + c + "' applies to int and float fields");
      t.*slot = bound(std::string_view(c).substr(std::string_view(op).size()));
      return;
    }
  }
  if (c.size() >= 2 && c.front() == '"' && c.back() == '"') {
    f.description = nlohmann::json::parse(c, nullptr, false).is_string() ? nlohmann::json::parse(c).get<std::string>()
                                                                          : c.substr(1, c.size() - 2);
    return;
  }
  throw gen_error(where + ": unknown constraint '" + c + "' (N..M, >=N, >N, <=N, <N, /regex/, \"description\")");
}

nlohmann::json parse_default(const field& f, const std::string& text, const std::string& where) {
  const type_ref& t = f.type;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (text == "null" || text == "None") {
    if (!t.nullable) throw gen_error(where + ": only an optional field (T?) can default to null");
    return nullptr;
  }
  if (text == "True") j = true;
  if (text == "False") j = false;
  if (t.kind == type_ref::str || t.kind == type_ref::date) {
    if (j.is_discarded() || !j.is_string()) j = text;  // a bare word
    if (!t.choices.empty() && std::find(t.choices.begin(), t.choices.end(), j.get<std::string>()) == t.choices.end())
      throw gen_error(where + ": default '" + j.get<std::string>() + "' is not one of the choices");
    return j;
  }
  bool ok = !j.is_discarded() && ((t.kind == type_ref::integer && j.is_number_integer()) ||
                                  (t.kind == type_ref::number && j.is_number()) ||
                                  (t.kind == type_ref::boolean && j.is_boolean()) ||
                                  (t.kind == type_ref::list && j.is_array()) || (t.kind == type_ref::dict && j.is_object()));
  if (!ok) throw gen_error(where + ": default '" + text + "' does not fit the type");
  if (t.kind == type_ref::list && !j.empty()) throw gen_error(where + ": a list can only default to []");
  if (t.kind == type_ref::dict && !j.empty()) throw gen_error(where + ": a dict can only default to {}");
  return j;
}

}  // namespace

std::vector<field> parse_fields(const std::string& text) {
  std::vector<field> out;
  for (const std::string& item : split_top(text, ',')) {
    if (item.empty()) continue;
    auto open = item.find('(');
    if (open == std::string::npos || item.back() != ')')
      throw gen_error("'" + item + "': expected `name (type)`");
    field f;
    f.name = trim(item.substr(0, open));
    const std::string where = "field '" + f.name + "'";
    if (!is_identifier(f.name)) throw gen_error("'" + f.name + "' is not a field name (letters, digits, _)");
    for (const auto& other : out)
      if (other.name == f.name) throw gen_error(where + " appears twice");
    std::string spec = item.substr(open + 1, item.size() - open - 2);
    // `= default` ends the spec: the last top-level '=' that is not part of >= or <=.
    std::optional<std::string> def;
    {
      int depth = 0;
      char quote = 0;
      std::size_t at = std::string::npos;
      for (std::size_t i = 0; i < spec.size(); ++i) {
        char c = spec[i];
        if (quote) {
          if (c == '\\') ++i;
          else if (c == quote) quote = 0;
        } else if (c == '"') {
          quote = c;
        } else if (c == '/' && (i == 0 || spec[i - 1] == ' ' || spec[i - 1] == ',')) {
          quote = c;
        } else if (c == '(' || c == '[') {
          ++depth;
        } else if (c == ')' || c == ']') {
          --depth;
        } else if (c == '=' && depth == 0 && (i == 0 || (spec[i - 1] != '<' && spec[i - 1] != '>'))) {
          at = i;
        }
      }
      if (at != std::string::npos) {
        def = trim(spec.substr(at + 1));
        spec = spec.substr(0, at);
      }
    }
    auto parts = split_top(spec, ',');
    f.type = parse_type(parts[0], where);
    for (std::size_t i = 1; i < parts.size(); ++i) add_constraint(f, parts[i], where);
    if (def) f.default_value = parse_default(f, *def, where);
    out.push_back(std::move(f));
  }
  if (out.empty()) throw gen_error("no fields given");
  if (out.size() > 60) throw gen_error("at most 60 fields");
  return out;
}

}  // namespace events_tool::gen
