// Differential: our pull reader against nlohmann::json::parse on free-form JSON. Both must agree
// on accept/reject, and on the value (our reader's strings, keys and structure, built into an
// nlohmann value, equal to nlohmann's parse); the decoder's free-form member (a nlohmann::json
// field) must agree too, and so must events::json_value (same verdict; canonical text that reads
// back as itself and means nlohmann's value). Known, documented differences are set aside, not compared:
//   - nesting deeper than our limit (64), strings over 1 MiB: we reject (json_too_deep,
//     string_too_large), nlohmann has no limits;
//   - numbers beyond double's range (1e400): we accept the grammar, nlohmann refuses the value;
//   - a leading UTF-8 byte order mark: nlohmann skips it, RFC 8259 parsers may reject it;
//   - a NUL byte: nlohmann takes it as the end of the input ("123\0" is 123); it is never valid
//     JSON (not whitespace; a control character inside a string), so we must reject.
#include "fuzz_check.hpp"

#include <events/detail/json_reader.hpp>
#include <events/json.hpp>
#include <events/json_value.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace {

using json = nlohmann::json;
using events::detail::value_kind;

struct builder {
  events::detail::json_reader& r;
  bool number_out_of_range = false;

  // One value at the reader's position; false when the reader failed.
  bool value(json& out) {
    switch (r.peek()) {
      case value_kind::object: {
        if (!r.enter_object()) return false;
        out = json::object();
        std::string_view k;
        while (r.next_member(k)) {
          std::string key(k);  // the view lasts until the next call
          json v;
          if (!value(v)) return false;
          out[key] = std::move(v);  // last duplicate wins, as in nlohmann
        }
        return !r.failed();
      }
      case value_kind::array: {
        if (!r.enter_array()) return false;
        out = json::array();
        while (r.next_element()) {
          json v;
          if (!value(v)) return false;
          out.push_back(std::move(v));
        }
        return !r.failed();
      }
      case value_kind::string: {
        std::string_view s;
        if (!r.read_string(s)) return false;
        out = std::string(s);
        return true;
      }
      case value_kind::number: {
        std::string_view raw;
        if (!r.read_number(raw)) return false;
        out = json::parse(raw, nullptr, false);  // the grammar is ours; the value is nlohmann's
        if (out.is_discarded()) number_out_of_range = true;
        return true;
      }
      case value_kind::boolean: {
        bool b;
        if (!r.read_bool(b)) return false;
        out = b;
        return true;
      }
      case value_kind::null:
        if (!r.read_null()) return false;
        out = nullptr;
        return true;
      default:
        r.skip_value();  // records the error
        return false;
    }
  }
};

struct holder {
  json value;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view text = events_fuzz::text(data, size);

  events::detail::json_reader skipper(text);
  const bool skip_accepts = skipper.skip_value() && skipper.finish();

  events::detail::json_reader r(text);
  builder b{r};
  json ours;
  const bool ours_accepts = b.value(ours) && r.finish();
  EVENTS_FUZZ_CHECK(skip_accepts == ours_accepts, "skip_value and a value-by-value walk agree");
  if (!ours_accepts) EVENTS_FUZZ_CHECK(!r.error().code.empty() && r.error().line >= 1, "a rejection has a code and a position");

  const auto canonical = events::json_value::parse(text);
  EVENTS_FUZZ_CHECK(canonical.has_value() == ours_accepts, "json_value::parse agrees with the reader");
  if (canonical) {
    const auto again = events::json_value::parse(canonical->text());
    EVENTS_FUZZ_CHECK(again && *again == *canonical, "a json_value's text reads back as itself");
  }

  const json theirs = json::parse(text, nullptr, false);
  const bool theirs_accept = !theirs.is_discarded();

  const bool over_limit = !ours_accepts && (r.error().code == "json_too_deep" || r.error().code == "string_too_large");
  const bool bom = text.starts_with("\xEF\xBB\xBF");
  if (over_limit || bom) return 0;
  if (text.find('\0') != std::string_view::npos) {
    EVENTS_FUZZ_CHECK(!ours_accepts, "a NUL byte is never valid JSON");
    return 0;
  }
  if (ours_accepts && b.number_out_of_range) {
    EVENTS_FUZZ_CHECK(!theirs_accept, "nlohmann refuses numbers beyond double's range");
    return 0;
  }
  EVENTS_FUZZ_CHECK(ours_accepts == theirs_accept, "accept/reject agrees with nlohmann");
  if (!ours_accepts) return 0;
  EVENTS_FUZZ_CHECK(ours == theirs, "the parsed value agrees with nlohmann");
  EVENTS_FUZZ_CHECK(json::parse(canonical->text()) == theirs, "a json_value means nlohmann's value");

  // The same document as a free-form member, one level down.
  std::string wrapped = "{\"value\":";
  wrapped.append(text);
  wrapped += "\n}";
  holder h;
  auto errors = events::from_json(wrapped, h);
  if (!errors.empty() && errors.front().code == "json_too_deep") return 0;
  EVENTS_FUZZ_CHECK(errors.empty(), "a free-form member takes any document nlohmann takes");
  EVENTS_FUZZ_CHECK(h.value == theirs, "a free-form member holds nlohmann's value");
  return 0;
}
