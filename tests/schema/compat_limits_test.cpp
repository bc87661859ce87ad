// check-compat on hostile schemas (found by fuzz/schema_compat_fuzz): it must end, and say it
// could not prove compatibility, instead of running for ever or overflowing the stack.
#include <events/schema/schema_compat.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

bool reports_too_complex(const std::vector<events::compat_problem>& problems) {
  for (const auto& p : problems)
    if (p.message.find("too complex") != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_SUITE("compat") {
  TEST_CASE("runtime check: anyOf over shared $refs ends (was exponential in the depth)") {
    // d0 = anyOf[d1, allOf[d1]], d1 = anyOf[d2, allOf[d2]], ...: 2^40 paths to the same string.
    nlohmann::json defs = nlohmann::json::object();
    const int n = 40;
    for (int i = 0; i < n; ++i) {
      nlohmann::json next = i + 1 < n ? nlohmann::json{{"$ref", "#/$defs/d" + std::to_string(i + 1)}}
                                      : nlohmann::json{{"type", "string"}};
      defs["d" + std::to_string(i)] = {{"anyOf", {next, {{"allOf", {next}}}}}};
    }
    nlohmann::json reader = {{"$defs", defs}, {"$ref", "#/$defs/d0"}};
    nlohmann::json writer = {{"type", "integer"}};
    auto problems = events::check_compatibility(events::compat_mode::backward, {writer, reader});
    CHECK(reports_too_complex(problems));
  }

  TEST_CASE("runtime check: a schema nested 100000 deep is reported, not a stack overflow") {
    auto nested = [](bool innermost) {  // built by moves: nlohmann's copy is recursive itself
      nlohmann::json s = innermost;  // the two versions differ only at the bottom
      for (int i = 0; i < 100000; ++i) {
        nlohmann::json o = nlohmann::json::object();
        o["items"] = std::move(s);
        s = std::move(o);
      }
      return s;
    };
    std::vector<nlohmann::json> versions;
    versions.push_back(nested(true));
    versions.push_back(nested(false));
    auto problems = events::check_compatibility(events::compat_mode::full, versions);
    CHECK(reports_too_complex(problems));
  }

  TEST_CASE("runtime check: nesting within the limit is still compared") {
    nlohmann::json old_s = {{"type", "string"}}, new_s = {{"type", "integer"}};
    for (int i = 0; i < 100; ++i) {
      old_s = nlohmann::json{{"type", "array"}, {"items", std::move(old_s)}};
      new_s = nlohmann::json{{"type", "array"}, {"items", std::move(new_s)}};
    }
    auto problems = events::check_compatibility(events::compat_mode::backward, {old_s, new_s});
    REQUIRE(problems.size() == 1);
    CHECK_FALSE(reports_too_complex(problems));
    CHECK(problems[0].path.size() == 100 * std::string("/items").size());
  }
}
