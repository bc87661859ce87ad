// Interop with Python Pydantic v2 (tests/interop/core_models.py mirrors test::OrderPlaced in the
// nested envelope): C++ writes, Pydantic validates and re-dumps the same bytes; Pydantic writes,
// C++ reads and re-encodes the same bytes; both report the same errors for the same bad input.
#include "test_types.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <set>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using order_event = events::event<test::OrderPlaced>;

const std::string script = EVENTS_SOURCE_DIR "/tests/interop/core_models.py";
const std::string diff_script = EVENTS_SOURCE_DIR "/tests/interop/pydantic_diff.py";

std::string quoted(const std::string& s) { return "'" + s + "'"; }  // paths here hold no quote

// A fresh file name in the temp folder, removed at scope exit.
struct temp_file {
  fs::path path;
  explicit temp_file(std::string_view tag) {
    std::random_device rd;
    path = fs::temp_directory_path() / ("events_interop_" + std::string(tag) + "_" + std::to_string(rd()) + ".jsonl");
  }
  ~temp_file() {
    std::error_code ec;
    fs::remove(path, ec);
  }
};

// Runs the Pydantic script; its stdout, and whether it exited with 0.
std::pair<std::string, bool> run_python(const std::string& mode, const fs::path& file,
                                       const std::string& which = script) {
  std::string cmd = quoted(EVENTS_PYTHON) + " " + quoted(which) + " " + mode + " " + quoted(file.string());
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return {"", false};
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int status = pclose(p);
  return {out, status == 0};
}

bool pydantic_available() {
  std::string cmd = quoted(EVENTS_PYTHON) +
                    " -c \"import sys, pydantic; sys.exit(0 if pydantic.VERSION.startswith('2.') else 1)\"";
  return std::system(cmd.c_str()) == 0;
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    out.emplace_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The characters core_models.py draws from, as UTF-8: escapes, control characters, non-ASCII.
const std::vector<std::string> alphabet = {"a", "Z", "7", " ", "\xc3\xa9", "\xc3\x9f", "\xe4\xb8\xad",
                                           "\xf0\x9f\x98\x80", "\xe2\x80\xa8", "\"", "\\", "/", "\n", "\t",
                                           "\r", "\b", "\f", "\x01", "\x1f", "\x7f", "<", "&"};

std::string random_text(std::mt19937_64& rng, int lo, int hi) {
  std::string s;
  for (int n = lo + static_cast<int>(rng() % static_cast<unsigned>(hi - lo + 1)); n > 0; --n)
    s += alphabet[rng() % alphabet.size()];
  return s;
}

events::timestamp random_time(std::mt19937_64& rng) {
  events::timestamp t{std::chrono::microseconds(static_cast<std::int64_t>(rng() % 4102444800000000ull))};
  return rng() % 3 == 0 ? std::chrono::floor<std::chrono::seconds>(t) : t;
}

order_event random_event(std::mt19937_64& rng) {
  auto coin = [&] { return rng() % 2 == 0; };
  test::OrderPlaced p{.order_id = events::uuid::v4(),
                      .user_id = events::uuid::v7(),
                      .title = random_text(rng, 1, 20),
                      .quantity = 1 + static_cast<int>(rng() % 1000),
                      .level = static_cast<test::priority>(rng() % 4)};
  if (coin()) p.note = random_text(rng, 0, 40);
  for (auto n = rng() % 5; n > 0; --n) p.tags.push_back(random_text(rng, 0, 6));
  if (coin()) p.due = random_time(rng);
  events::event_options o{.time = random_time(rng), .time_ordered_id = coin()};
  if (coin()) o.correlation_id = events::uuid::v5(events::uuid::namespace_dns(), random_text(rng, 0, 8));
  if (coin()) o.causation_id = events::uuid::v4();
  return events::make_event(std::move(p), o);
}

// ---- the differential corpus: one field of each kind, as tests/interop/pydantic_diff.py declares it
enum class color { red, green };  // in the anonymous namespace: clang names it "(anonymous namespace)::color"
template <class T>
struct value_holder {
  T v;
};
struct inner {
  std::int64_t a;
};

struct verdict {
  bool ok = false;
  std::string dump;
  std::vector<std::pair<std::string, std::string>> errors;
};

// Aware: allow_naive_timestamps = false, compared with Pydantic's AwareDatetime; otherwise the
// defaults, compared with Pydantic's plain datetime (which keeps a naive time naive: UTC to us).
template <class T, bool Aware = false>
verdict decode_as(const std::string& input, bool strict) {
  events::decode_options o;
  o.strict = strict;
  o.allow_naive_timestamps = !Aware;
  verdict out;
  auto r = events::from_json<value_holder<T>>("{\"v\":" + input + "}", o);
  out.ok = r.has_value();
  if (out.ok) out.dump = events::to_json(*r);
  for (const auto& e : r.error()) out.errors.emplace_back(e.path, e.code);
  return out;
}

const std::map<std::string, std::function<verdict(const std::string&, bool)>> kinds = {
    {"int", decode_as<std::int64_t>},
    {"float", decode_as<double>},
    {"bool", decode_as<bool>},
    {"str", decode_as<std::string>},
    {"uuid", decode_as<events::uuid>},
    {"datetime", decode_as<events::timestamp, true>},
    {"naive_utc_datetime", decode_as<events::timestamp>},
    {"enum", decode_as<color>},
    {"list", decode_as<std::vector<std::int64_t>>},
    {"set", decode_as<std::set<std::int64_t>>},
    {"dict", decode_as<std::map<std::string, std::int64_t>>},
    {"array2", decode_as<std::array<std::int64_t, 2>>},
    {"optional", decode_as<std::optional<std::int64_t>>},
    {"duration", decode_as<std::chrono::microseconds>},
    {"object", decode_as<inner>},
    {"any", decode_as<nlohmann::json>},
    {"any_text", decode_as<events::json_value>},
};

// Sets are written in Python's hash order: compared as sorted lists. Pydantic keeps a datetime's
// offset, events::timestamp is UTC: compared as instants (Pydantic's naive time taken as UTC).
// events::json_value keeps text: compared byte for byte.
std::string canonical(const std::string& kind, const std::string& dump) {
  if (dump.empty() || kind == "any_text") return dump;
  auto j = nlohmann::json::parse(dump);
  if (kind == "set") std::sort(j["v"].begin(), j["v"].end());
  events::timestamp t{};
  if ((kind == "datetime" || kind == "naive_utc_datetime") && j["v"].is_string() &&
      events::parse_timestamp(j["v"].get<std::string>(), t, true) == events::timestamp_errc::ok)
    j["v"] = events::format_timestamp(t);
  return j.dump();
}

}  // namespace

TEST_SUITE("interop") {
  TEST_CASE("differential: every field kind x canonical, lax and wrong input, lax and strict") {
    REQUIRE_MESSAGE(pydantic_available(), "pydantic 2 is missing for " EVENTS_PYTHON);
    temp_file file("corpus");
    REQUIRE(run_python("corpus", file.path, diff_script).second);
    auto lines = lines_of(read_file(file.path));
    REQUIRE(lines.size() > 2000);
    std::size_t disagreements = 0, accepted = 0;
    std::set<std::string> seen_kinds;
    for (const auto& line : lines) {
      auto doc = nlohmann::json::parse(line);
      const std::string kind = doc["kind"], input = doc["input"];
      const bool strict = doc["strict"];
      seen_kinds.insert(kind);
      verdict want;
      want.ok = doc["ok"];
      if (want.ok) want.dump = doc["dump"];
      for (const auto& e : doc["errors"]) want.errors.emplace_back(e[0], e[1]);
      verdict got = kinds.at(kind)(input, strict);
      std::sort(want.errors.begin(), want.errors.end());
      std::sort(got.errors.begin(), got.errors.end());
      accepted += want.ok;
      if (got.ok != want.ok || canonical(kind, got.dump) != canonical(kind, want.dump) || got.errors != want.errors) {
        ++disagreements;
        std::string why = kind + (strict ? " strict " : " lax ") + input + ": pydantic " +
                          (want.ok ? want.dump : "refuses") + ", events " + (got.ok ? got.dump : "refuses");
        for (const auto& [p, c] : want.errors) why += " | want " + p + " " + c;
        for (const auto& [p, c] : got.errors) why += " | got " + p + " " + c;
        MESSAGE(why);
      }
    }
    CHECK(seen_kinds.size() == kinds.size());
    CHECK(accepted > 200);  // the corpus exercises acceptance, not only errors
    CHECK(disagreements == 0);
  }

  TEST_CASE("differential: doubles are written exactly as Pydantic writes them, and read back") {
    REQUIRE_MESSAGE(pydantic_available(), "pydantic 2 is missing for " EVENTS_PYTHON);
    temp_file file("doubles");
    REQUIRE(run_python("doubles", file.path, diff_script).second);
    auto lines = lines_of(read_file(file.path));
    REQUIRE(lines.size() > 10000);
    std::size_t disagreements = 0;
    for (const auto& line : lines) {
      auto doc = nlohmann::json::parse(line);
      const std::string repr = doc["repr"], dump = doc["dump"], any_dump = doc["any_dump"];
      double x = 0;
      std::from_chars(repr.data(), repr.data() + repr.size(), x);  // repr round-trips exactly
      std::string written;
      events::detail::write_double(written, x);
      auto back = events::from_json<value_holder<double>>("{\"v\":" + dump + "}");
      // The same double inside a free-form value (Pydantic's Any, our nlohmann::json).
      const std::string any_written = events::to_json(value_holder<nlohmann::json>{x});
      auto any_back = events::from_json<value_holder<nlohmann::json>>("{\"v\":" + any_dump + "}");
      // And as events::json_value: built from the double, and read from Pydantic's text.
      const events::json_value value(x);
      auto value_back = events::json_value::parse(any_dump);
      if (written != dump || !back || back->v != x || any_written != "{\"v\":" + any_dump + "}" || !any_back ||
          any_back->v.get<double>() != x || value.text() != any_dump || !value_back || value_back->text() != any_dump ||
          !value_back->as<double>() || *value_back->as<double>() != x) {
        if (++disagreements <= 20)
          MESSAGE(std::string(repr + ": pydantic " + dump + " / " + any_dump + ", events " + written + " / " + any_written));
      }
    }
    CHECK(disagreements == 0);
  }
  TEST_CASE("differential: Pydantic reads a float's shortest text as the double of that same text") {
    REQUIRE_MESSAGE(pydantic_available(), "pydantic 2 is missing for " EVENTS_PYTHON);
    std::mt19937 rng(20261207);
    std::vector<float> floats = {0.1f, 0.2f, 0.3f, 1.0f / 3, -0.0f, 1e16f, 1e-6f, 1.5e-5f, 123456789.0f,
                                 std::numeric_limits<float>::max(), std::numeric_limits<float>::min(),
                                 std::numeric_limits<float>::denorm_min(), 16777217.0f};
    for (int i = 0; i < 5000; ++i) {
      float f = std::bit_cast<float>(static_cast<std::uint32_t>(rng()));
      if (i % 2) f = static_cast<float>(rng() % 100000) * std::pow(10.0f, static_cast<float>(rng() % 40) - 20);
      if (std::isfinite(f)) floats.push_back(f);
    }
    temp_file file("floats");
    std::vector<std::string> written;
    {
      std::ofstream out(file.path);
      for (float f : floats) {
        std::string text = events::to_json(value_holder<float>{f});
        written.push_back(text.substr(5, text.size() - 6));  // {"v":...}
        out << written.back() << '\n';
      }
    }
    auto [dumped, ok] = run_python("floats", file.path, diff_script);
    REQUIRE(ok);
    auto lines = lines_of(dumped);
    REQUIRE(lines.size() == written.size());
    std::size_t disagreements = 0;
    for (std::size_t i = 0; i < lines.size(); ++i)
      if (lines[i] != written[i] && ++disagreements <= 20) MESSAGE(std::string(written[i] + ": pydantic " + lines[i]));
    CHECK(disagreements == 0);
  }
  TEST_CASE("Pydantic v2 is available to the tests") {
    INFO("needs " EVENTS_PYTHON " with pydantic 2: pip install 'pydantic>=2'");
    REQUIRE(pydantic_available());
  }

  TEST_CASE("C++ writes, Pydantic validates every line and re-dumps the same bytes") {
    REQUIRE_MESSAGE(pydantic_available(), "pydantic 2 is missing for " EVENTS_PYTHON);
    std::mt19937_64 rng(42);
    temp_file file("cpp");
    std::vector<std::string> written;
    {
      std::ofstream out(file.path, std::ios::binary);
      for (int i = 0; i < 300; ++i) {
        written.push_back(random_event(rng).to_json());
        out << written.back() << '\n';
      }
    }
    auto [dumped, ok] = run_python("validate", file.path);
    CHECK_MESSAGE(ok, "Pydantic rejected lines C++ wrote (its errors are on stderr above)");
    auto back = lines_of(dumped);
    REQUIRE(back.size() == written.size());
    for (std::size_t i = 0; i < written.size(); ++i) {
      CAPTURE(i);
      CHECK(back[i] == written[i]);
    }
  }

  TEST_CASE("Pydantic writes, C++ reads every line and re-encodes the same bytes") {
    REQUIRE_MESSAGE(pydantic_available(), "pydantic 2 is missing for " EVENTS_PYTHON);
    temp_file file("py");
    REQUIRE(run_python("generate", file.path).second);
    auto lines = lines_of(read_file(file.path));
    REQUIRE(lines.size() == 300);
    int with_note = 0, with_due = 0;
    for (const auto& line : lines) {
      CAPTURE(line);
      auto ev = order_event::from_json(line);
      INFO(events::to_string(ev.error()));
      REQUIRE(ev);
      CHECK(ev->validate().empty());
      CHECK(ev->to_json() == line);
      with_note += ev->payload.note.has_value();
      with_due += ev->payload.due.has_value();
    }
    CHECK(with_note > 0);  // the sample is varied
    CHECK(with_due > 0);
  }

  TEST_CASE("for the same bad input both report the same paths and codes") {
    REQUIRE_MESSAGE(pydantic_available(), "pydantic 2 is missing for " EVENTS_PYTHON);
    temp_file file("errors");
    REQUIRE(run_python("errors", file.path).second);
    auto lines = lines_of(read_file(file.path));
    REQUIRE(lines.size() >= 15);
    for (const auto& line : lines) {
      auto doc = nlohmann::json::parse(line);
      std::string input = doc["input"];
      CAPTURE(input);
      std::vector<std::pair<std::string, std::string>> want, got;
      for (const auto& e : doc["errors"]) {
        want.emplace_back(e[0], e[1]);
      }
      // core_models.py declares its times AwareDatetime: our option of the same meaning.
      auto r = order_event::from_json(input, events::decode_options{.allow_naive_timestamps = false});
      REQUIRE_FALSE(r);
      for (const auto& e : r.error()) got.emplace_back(e.path, e.code);
      // Pydantic lists missing fields in declaration order among the others, events after them.
      std::sort(want.begin(), want.end());
      std::sort(got.begin(), got.end());
      CHECK(got == want);
    }
  }
}
