// Compatibility: the compile-time trait between payload versions, and the runtime check between
// JSON Schema documents, which must agree on the schemas we generate for the same types.
#include <events/catalog.hpp>
#include <events/compat.hpp>
#include <events/schema.hpp>
#include <events/schema_compat.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <string_view>
#include <optional>
#include <string>
#include <vector>

namespace compat_types {

enum class color { red, green };
enum class color2 { red, green, blue };

struct Base {
  std::string name;
  std::int32_t count = 0;
  std::optional<std::string> note;
};
struct AddedOptional {  // + optional field
  std::string name;
  std::int32_t count = 0;
  std::optional<std::string> note;
  std::optional<int> extra;
};
struct AddedDefaulted {  // + field with a constant default
  std::string name;
  std::int32_t count = 0;
  std::optional<std::string> note;
  int level = 3;
};
struct AddedDefaultedListed {  // + field with a default, named in `defaulted` (seen by every compiler)
  static constexpr std::array<std::string_view, 1> defaulted = {"level"};
  std::string name;
  std::int32_t count = 0;
  std::optional<std::string> note;
  int level = 3;
};
struct AddedRequired {  // + required field
  std::string name;
  std::int32_t count = 0;
  std::optional<std::string> note;
  std::string owner;
};
struct Removed {  // - note (optional)
  std::string name;
  std::int32_t count = 0;
};
struct RemovedRequired {  // - name (required)
  std::int32_t count = 0;
  std::optional<std::string> note;
};
struct Widened {  // count: int32 -> int64
  std::string name;
  std::int64_t count = 0;
  std::optional<std::string> note;
};
struct Retyped {  // count: int32 -> string
  std::string name;
  std::string count;
  std::optional<std::string> note;
};
struct NowRequired {  // note: optional -> required
  std::string name;
  std::int32_t count = 0;
  std::string note;
};
struct Painted {
  color c = color::red;
};
struct Painted2 {
  color2 c = color2::red;
};

}  // namespace compat_types

namespace {

using namespace compat_types;
using events::compatibility;

template <class Old, class New>
void agree() {
  for (const auto& modes : {std::pair{compatibility::backward, events::compat_mode::backward},
                            std::pair{compatibility::forward, events::compat_mode::forward},
                            std::pair{compatibility::full, events::compat_mode::full}}) {
    const compatibility m = modes.first;
    const events::compat_mode rm = modes.second;
    bool compile_time = m == compatibility::backward ? events::compatible_v<Old, New, compatibility::backward>
                        : m == compatibility::forward ? events::compatible_v<Old, New, compatibility::forward>
                                                      : events::compatible_v<Old, New, compatibility::full>;
    std::vector<nlohmann::json> docs{nlohmann::json::parse(events::json_schema<Old>().dump()),
                                     nlohmann::json::parse(events::json_schema<New>().dump())};
    auto problems = events::check_compatibility(rm, docs);
    std::string why;
    for (const auto& p : problems) why += p.direction + " " + p.path + ": " + p.message + "\n";
    INFO("mode " << static_cast<int>(m) << "; runtime problems:\n" << why);
    CHECK(compile_time == problems.empty());
  }
}

}  // namespace

TEST_SUITE("compat") {
  TEST_CASE("compile-time trait: the rules") {
    using enum compatibility;
    static_assert(events::compatible_v<Base, AddedOptional, full>);
    static_assert(events::compatible_v<Base, AddedDefaultedListed, full>);
    // A default member initializer is seen when the compiler can build the type in a constant
    // expression (g++ 12 with std::string members; clang 14 with libstdc++ cannot): otherwise the
    // field counts as required, the conservative answer.
    CHECK(events::compatible_v<Base, AddedDefaulted, full> == events::detail::constant_default<AddedDefaulted, 3>);
    CHECK(events::compatible_v<Base, AddedDefaulted, forward>);
    static_assert(!events::compatible_v<Base, AddedRequired, backward>);
    static_assert(events::compatible_v<Base, AddedRequired, forward>);
    static_assert(events::compatible_v<Base, Removed, backward>);
    static_assert(events::compatible_v<Base, Removed, forward>);  // note was optional
    static_assert(events::compatible_v<Base, RemovedRequired, backward>);
    static_assert(!events::compatible_v<Base, RemovedRequired, forward>);
    static_assert(events::compatible_v<Base, Widened, backward>);
    static_assert(!events::compatible_v<Base, Widened, forward>);
    static_assert(!events::compatible_v<Base, Retyped, backward>);
    static_assert(!events::compatible_v<Base, Retyped, forward>);
    static_assert(!events::compatible_v<Base, NowRequired, backward>);
    static_assert(events::compatible_v<Base, NowRequired, forward>);
    static_assert(events::compatible_v<Painted, Painted2, backward>);
    static_assert(!events::compatible_v<Painted, Painted2, forward>);
    static_assert(events::require_compatible<Base, AddedOptional, full>);
    // the catalog's task.created v1 -> v2
    static_assert(events::require_compatible<events::TaskCreatedPayload, events::TaskCreatedPayloadV2, full>);
    CHECK(events::compatible_v<Base, Base, full>);
  }

  TEST_CASE("runtime check on our generated schemas agrees with the compile-time trait") {
    agree<Base, AddedOptional>();
    agree<Base, AddedDefaultedListed>();
    agree<Base, AddedRequired>();
    agree<Base, Removed>();
    agree<Base, RemovedRequired>();
    agree<Base, Widened>();
    agree<Base, Retyped>();
    agree<Base, NowRequired>();
    agree<Painted, Painted2>();
    agree<events::TaskCreatedPayload, events::TaskCreatedPayloadV2>();
  }

  TEST_CASE("runtime check: modes, transitive, problems name the path") {
    auto doc = [](const char* s) { return nlohmann::json::parse(s); };
    auto a = doc(R"({"type":"object","properties":{"x":{"type":"string"}},"required":["x"]})");
    auto b = doc(R"({"type":"object","properties":{"x":{"type":"string"},"y":{"type":"integer"}},"required":["x"]})");
    auto c = doc(R"({"type":"object","properties":{"y":{"type":"integer"}}})");
    using M = events::compat_mode;
    CHECK(events::check_compatibility(M::full, {a, b}).empty());
    CHECK(events::check_compatibility(M::backward, {a, b, c}).empty());  // c reads b's data
    auto t = events::check_compatibility(M::forward_transitive, {a, b, c});
    REQUIRE_FALSE(t.empty());  // a requires x, which c's data may lack
    CHECK(t[0].old_index == 0);
    CHECK(t[0].direction == "forward");
    CHECK(t[0].path == "/properties/x");
    CHECK(events::check_compatibility(M::forward, {a, b, c}).empty() == false);  // b requires x too
    auto strict = doc(R"({"type":"object","properties":{"x":{"type":"string"}},"additionalProperties":false})");
    auto f = events::check_compatibility(M::forward, {strict, b});
    REQUIRE_FALSE(f.empty());
    CHECK(f[0].path == "/properties/y");
    auto narrower = doc(R"({"type":"object","properties":{"x":{"type":"string","maxLength":5}},"required":["x"]})");
    CHECK_FALSE(events::check_compatibility(M::backward, {a, narrower}).empty());
    CHECK(events::check_compatibility(M::forward, {a, narrower}).empty());
    CHECK(events::parse_compat_mode("FULL_TRANSITIVE") == M::full_transitive);
    CHECK(events::parse_compat_mode("backward-transitive") == M::backward_transitive);
    CHECK_FALSE(events::parse_compat_mode("none"));
  }
}
