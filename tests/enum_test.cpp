#include "test_types.hpp"

#include <doctest/doctest.h>

TEST_SUITE("enum") {
  TEST_CASE("enumerators are written as their names without a macro") {
    static_assert(events::enum_entries<test::priority>.size() == 4);
    CHECK(events::enum_to_string(test::priority::high) == "high");
    CHECK(events::enum_from_string<test::priority>("urgent") == test::priority::urgent);
    CHECK_FALSE(events::enum_from_string<test::priority>("High"));
    CHECK(events::enum_to_string(static_cast<test::priority>(42)).empty());
  }

  TEST_CASE("enum_names gives non-identifier wire values") {
    CHECK(events::enum_to_string(test::task_kind::completed) == "task.completed");
    CHECK(events::enum_from_string<test::task_kind>("task.created") == test::task_kind::created);
    CHECK_FALSE(events::enum_from_string<test::task_kind>("created"));
  }
}
