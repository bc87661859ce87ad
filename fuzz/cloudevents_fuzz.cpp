// CloudEvents: the structured parse and the binary-mode headers, from arbitrary bytes and from
// every catalog event the input decodes to. The same input is read two ways: as a structured
// document, and as header lines "name:text" (the Kafka binding's ce_* headers).
#include "fuzz_check.hpp"

#include <events/catalog.hpp>
#include <events/cloudevents.hpp>
#include <events/detail/json_reader.hpp>
#include <events/events.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ce = events::cloudevents;

namespace {

bool one_json_value(std::string_view text) {
  events::detail::json_reader r(text);
  return r.skip_value() && r.finish();
}

void structured(std::string_view text) {
  auto doc = ce::parse_structured(text);
  if (!doc) {
    EVENTS_FUZZ_CHECK(!doc.error().empty(), "a rejected CloudEvent says why");
    return;
  }
  EVENTS_FUZZ_CHECK(!doc->attrs.id.empty() && !doc->attrs.source.empty() && !doc->attrs.type.empty(),
                    "required attributes are present");
  EVENTS_FUZZ_CHECK(one_json_value(doc->data), "data is one JSON value");
  // Written again from what was read, it reads back the same.
  std::string again = ce::to_structured(doc->attrs, doc->data);
  auto back = ce::parse_structured(again);
  EVENTS_FUZZ_CHECK(back.has_value(), "to_structured(parse_structured(x)) parses");
  EVENTS_FUZZ_CHECK(back->attrs == doc->attrs && back->data == doc->data, "structured round trip keeps attributes and data");
  // The data as the catalog event the CloudEvent carries.
  events::catalog_registry::variant ev;
  if (events::catalog_registry::decode(doc->data, ev).empty())
    std::visit([](const auto& e) { (void)events::to_json(e); }, ev);
}

void binary(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> headers;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
  }
  auto a = ce::from_binary_headers(headers);
  if (!a) return;
  auto back = ce::from_binary_headers(ce::binary_headers(*a));
  EVENTS_FUZZ_CHECK(back && *back == *a, "binary headers round trip");
}

// A decoded catalog event: its headers and structured form agree with its attributes.
template <class E>
void from_event(const E& ev) {
  const std::string_view source = "/fuzz";
  ce::attributes a = ce::attributes_of(ev, source);
  auto headers = ce::binary_headers(ev, source);
  auto back = ce::from_binary_headers(headers);
  EVENTS_FUZZ_CHECK(back && *back == a, "an event's binary headers read back as its attributes");
  std::size_t n = 0;
  ce::for_each_binary_header(ev, source, [&](std::string_view name, std::string_view text) {
    EVENTS_FUZZ_CHECK(n < headers.size() && headers[n].first == name && headers[n].second == text,
                      "for_each_binary_header gives binary_headers' headers in order");
    ++n;
  });
  EVENTS_FUZZ_CHECK(n == headers.size(), "for_each_binary_header gives every header");
  std::string doc = ce::to_structured(ev, source);
  auto parsed = ce::parse_structured(doc);
  EVENTS_FUZZ_CHECK(parsed && parsed->attrs == a, "an event's structured form reads back as its attributes");
  EVENTS_FUZZ_CHECK(parsed->data == events::to_json(ev), "structured data is the event's JSON");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view text = events_fuzz::text(data, size);
  structured(text);
  binary(text);
  events::catalog_registry::variant ev;
  if (events::catalog_registry::decode(text, ev).empty()) std::visit([](const auto& e) { from_event(e); }, ev);
  return 0;
}
