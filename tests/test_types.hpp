#pragma once
// Types shared by the core tests.
#include <doctest/doctest.h>
#include <events/event.hpp>
#include <events/json.hpp>
#include <events/pattern.hpp>
#include <events/routing.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace test {

/// A uuid from text known to be valid.
inline events::uuid id(std::string_view s) { return *events::uuid::parse(s); }

/// A timestamp from text known to be valid.
inline events::timestamp at(std::string_view s) {
  events::timestamp t;
  REQUIRE(events::parse_timestamp(s, t) == events::timestamp_errc::ok);
  return t;
}

enum class priority { low, medium, high, urgent };

enum class task_kind { created, completed };

struct is_even {
  bool operator()(long v) const { return v % 2 == 0; }
  static constexpr std::string_view code = "not_even";
  static constexpr std::string_view message = "Value should be even";
};

struct Address {
  std::string city;
  events::string<events::pattern<"^[0-9]{5}$">> zip;
};

struct OrderPlaced {
  static constexpr std::string_view type = "order.placed";
  static constexpr int version = 2;
  static constexpr std::string_view topic = "orders";
  static constexpr std::string_view key = "order_id";
  events::uuid order_id;
  events::uuid user_id;
  events::string<events::min_length<1>, events::max_length<20>> title;
  std::optional<std::string> note;
  events::number<int, events::ge<1>, events::le<1000>> quantity = 1;
  priority level = priority::medium;
  std::vector<std::string> tags;
  std::optional<events::timestamp> due;
  friend bool operator==(const OrderPlaced&, const OrderPlaced&) = default;
};

struct Everything {
  static constexpr std::string_view type = "everything";
  bool flag = false;
  std::int8_t small = 0;
  std::uint64_t big = 0;
  double ratio = 0;
  std::string text;
  std::map<std::string, int> counts;
  nlohmann::json extra;
  std::vector<Address> addresses;
  std::optional<Address> home;
  events::string<events::one_of<"email", "push">> channel = "email";
  events::number<long, events::predicate<is_even>, events::gt<0>, events::lt<100>> even = 2;
  static constexpr std::array<std::string_view, 2> defaulted = {"counts", "extra"};
};

struct Strict {
  static constexpr std::string_view type = "strict";
  static constexpr auto extra = events::extra_fields::forbid;
  int id = 0;
};

}  // namespace test

template <>
struct events::enum_names<test::task_kind> {
  static constexpr std::array<std::pair<test::task_kind, std::string_view>, 2> values{
      {{test::task_kind::created, "task.created"}, {test::task_kind::completed, "task.completed"}}};
};
