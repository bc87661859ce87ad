// JSONTestSuite (github.com/nst/JSONTestSuite) against the pull reader: every y_ file accepted,
// every n_ file rejected, every i_ file survived (either outcome, no crash, no hang).
#include <events/detail/json_reader.hpp>
#include <events/json.hpp>

#include <nlohmann/json.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct sample {
  std::string name;
  std::string text;
};

std::vector<sample> load(std::string_view prefix) {
  std::vector<sample> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(EVENTS_CONFORMANCE_DIR, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0 || entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    out.push_back({name, std::string(std::istreambuf_iterator<char>(in), {})});
  }
  return out;
}

// One whole document: a value of any kind, then nothing but whitespace.
bool accepts(std::string_view text, events::detail::reader_limits limits = {}) {
  events::detail::json_reader r(text, limits);
  return r.skip_value() && r.finish();
}

// The same documents through the decoder: a free-form member of an object.
struct document_holder {
  nlohmann::json value;
};

// `text` as the value of a member; true when decoded, false when rejected; throws never.
bool decodes(const std::string& text, std::size_t max_depth = 64) {
  events::decode_options options{.max_depth = max_depth};
  auto r = events::from_json<document_holder>("{\"value\":" + text + "\n}", options);
  if (!r) CHECK_FALSE(r.error().empty());
  return r.has_value();
}

}  // namespace

TEST_SUITE("conformance") {
  TEST_CASE("the suite is present") {
    INFO("JSONTestSuite folder: " EVENTS_CONFORMANCE_DIR);
    CHECK(load("y_").size() + load("n_").size() + load("i_").size() > 300);
  }

  TEST_CASE("y_ files are accepted") {
    auto files = load("y_");
    CHECK(files.size() > 90);
    for (const auto& f : files) {
      CAPTURE(f.name);
      CHECK(accepts(f.text));
      CHECK(decodes(f.text));
    }
  }

  TEST_CASE("n_ files are rejected with json_invalid or json_too_deep, and a position") {
    auto files = load("n_");
    CHECK(files.size() > 180);
    for (const auto& f : files) {
      CAPTURE(f.name);
      events::detail::json_reader r(f.text);
      bool ok = r.skip_value() && r.finish();
      CHECK_FALSE(ok);
      CHECK((r.error().code == "json_invalid" || r.error().code == "json_too_deep"));
      CHECK(r.error().offset <= f.text.size());
      CHECK(r.error().line >= 1);
      CHECK(r.error().column >= 1);
      CHECK_FALSE(decodes(f.text));
    }
  }

  TEST_CASE("i_ files are survived, with the deepest nesting the reader allows") {
    auto files = load("i_");
    CHECK(files.size() > 20);
    int accepted = 0;
    for (const auto& f : files) {
      CAPTURE(f.name);
      bool read = accepts(f.text, {.max_depth = events::detail::json_reader::depth_cap});
      accepted += read;
      bool decoded = false;
      CHECK_NOTHROW(decoded = decodes(f.text, events::detail::json_reader::depth_cap));
      if (decoded) CHECK(read);  // the decoder is never more lenient than the reader
    }
    MESSAGE(accepted << " of " << files.size() << " implementation-defined files accepted");
  }
}
