// to_yaml: maps and sequences in block style, scalars as JSON.
#include "yaml.hpp"

namespace events_tool {
namespace {

using json = nlohmann::ordered_json;

bool plain_key(const std::string& k) {
  if (k.empty() || k == "true" || k == "false" || k == "null" || k == "y" || k == "n" || k == "yes" || k == "no" ||
      k == "on" || k == "off")
    return false;
  if (!std::isalpha(static_cast<unsigned char>(k[0])) && k[0] != '_' && k[0] != '$') return false;
  for (char c : k)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-' && c != '$' && c != '/')
      return false;
  return true;
}

std::string key_text(const std::string& k) { return plain_key(k) ? k : json(k).dump(); }

bool inline_value(const json& v) { return !v.is_structured() || v.empty(); }

void write(std::string& out, const json& v, int indent) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      out += pad + key_text(it.key()) + ":";
      if (inline_value(it.value())) {
        out += " " + it.value().dump() + "\n";
      } else {
        out += "\n";
        write(out, it.value(), indent + 2);
      }
    }
  } else if (v.is_array()) {
    for (const auto& item : v) {
      if (inline_value(item)) {
        out += pad + "- " + item.dump() + "\n";
      } else {
        // "- " then the item's lines, indented by two more
        std::string inner;
        write(inner, item, indent + 2);
        out += pad + "- " + inner.substr(static_cast<std::size_t>(indent) + 2);
      }
    }
  } else {
    out += pad + v.dump() + "\n";
  }
}

}  // namespace

std::string to_yaml(const nlohmann::ordered_json& value) {
  std::string out;
  if (inline_value(value)) return value.dump() + "\n";
  write(out, value, 0);
  return out;
}

}  // namespace events_tool
