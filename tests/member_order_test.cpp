// codec<T>::read meets the members of compact text in declared order with a few compares each,
// and hands over to the general path (codec<T>::read_by_name, every member found by its name) at
// the first member it does not meet so. Held here to the general path on generated variants of
// real documents: every truncation, every byte left out or replaced, whitespace at every place,
// members swapped, left out, repeated and added in every object, and tighter options. Both must
// give the same errors and the same values.
#include "test_types.hpp"

#include <events/catalog/contract.hpp>
#include <events/cloudevents.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using ojson = nlohmann::ordered_json;

struct long_names {
  int first = 0;
  std::string a_name_longer_than_twenty_eight_bytes;
  std::vector<bool> after;
  test::Address last;
};

// The general path as the whole decode: the root read by name (nested objects by their own read).
template <class T>
events::error_list decode_by_name(std::string_view text, T& out, const events::decode_options& options) {
  return events::detail::decode_erased(
      text, &out, [](events::decode_context& ctx, void* v) { events::codec<T>::read_by_name(ctx, *static_cast<T*>(v)); },
      options);
}

// One text, both ways: the same errors (paths, codes, messages, inputs, lines, columns) and the
// same values, read into fresh objects. Returns false on a difference (reported by doctest).
// And read into a reused object, filled by an earlier message: the same errors and, when there
// are none, the same value (a decoded message keeps nothing of the earlier one; after an error the
// value is only partly written).
template <class T>
bool same_outcome(const std::string& text, const T& earlier, const events::decode_options& options = {}) {
  T fast{}, general{}, reused = earlier;
  const events::error_list a = events::detail::decode(text, fast, options);
  const events::error_list b = decode_by_name(text, general, options);
  const events::error_list c = events::detail::decode(text, reused, options);
  const bool reused_same = !a.empty() || events::to_json(fast) == events::to_json(reused);
  if (a == b && a == c && events::to_json(fast) == events::to_json(general) && reused_same) return true;
  INFO("text: ", text);
  CHECK(a == b);
  CHECK(a == c);
  CHECK(events::to_json(fast) == events::to_json(general));
  CHECK(reused_same);
  return false;
}

// Byte-level variants: truncated, a byte left out, a byte replaced, whitespace put in, at every place.
std::vector<std::string> byte_variants(std::string_view doc) {
  static constexpr char replacements[] = {' ', ',', '"', ':', '}', '{', ']', 'x', '\\', '\n', '0', 'n', '\x80', '\0'};
  std::vector<std::string> out{std::string(doc)};
  for (std::size_t i = 0; i <= doc.size(); ++i) {
    out.emplace_back(doc.substr(0, i));
    for (std::string_view ws : {" ", "\n  ", "\t"}) out.push_back(std::string(doc).insert(i, ws));
    if (i == doc.size()) break;
    out.push_back(std::string(doc).erase(i, 1));
    for (char c : replacements) {
      std::string r(doc);
      r[i] = c;
      out.push_back(std::move(r));
    }
  }
  return out;
}

// json.dumps' default layout: ", " and ": ".
std::string python_layout(const ojson& j) {
  if (j.is_object()) {
    std::string s = "{";
    for (auto it = j.begin(); it != j.end(); ++it)
      s += (it == j.begin() ? "" : ", ") + ojson(it.key()).dump() + ": " + python_layout(it.value());
    return s + "}";
  }
  if (j.is_array()) {
    std::string s = "[";
    for (std::size_t i = 0; i < j.size(); ++i) s += (i ? ", " : "") + python_layout(j[i]);
    return s + "]";
  }
  return j.dump();
}

// The JSON Pointers of every object in j.
void objects_of(const ojson& j, const std::string& at, std::vector<std::string>& out) {
  if (j.is_object()) {
    out.push_back(at);
    for (auto it = j.begin(); it != j.end(); ++it) objects_of(it.value(), at + "/" + it.key(), out);
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) objects_of(j[i], at + "/" + std::to_string(i), out);
  }
}

// Member-level variants of every object: each member swapped with the next, left out, repeated
// right after itself, moved to the end, and an unknown member put before it; written compact.
std::vector<std::string> member_variants(std::string_view doc) {
  const ojson root = ojson::parse(doc);
  std::vector<std::string> at;
  objects_of(root, "", at);
  std::vector<std::string> out{root.dump(2), python_layout(root)};
  using members = std::vector<std::pair<std::string, ojson>>;
  for (const std::string& p : at) {
    const ojson& object = root.at(ojson::json_pointer(p));
    members m;
    for (auto it = object.begin(); it != object.end(); ++it) m.emplace_back(it.key(), it.value());
    // The object's text in place of a marker: an ordered_json cannot hold a repeated key.
    auto emit = [&](const members& v) {
      std::string text = "{";
      for (std::size_t i = 0; i < v.size(); ++i) text += (i ? "," : "") + ojson(v[i].first).dump() + ":" + v[i].second.dump();
      text += "}";
      ojson copy = root;
      copy[ojson::json_pointer(p)] = "@@object@@";
      std::string whole = copy.dump();
      whole.replace(whole.find("\"@@object@@\""), 12, text);
      out.push_back(std::move(whole));
    };
    for (std::size_t i = 0; i < m.size(); ++i) {
      members v = m;
      if (i + 1 < m.size()) {
        std::swap(v[i], v[i + 1]);
        emit(v);
        v = m;
      }
      v.erase(v.begin() + static_cast<std::ptrdiff_t>(i));
      emit(v);
      v = m;
      v.insert(v.begin() + static_cast<std::ptrdiff_t>(i) + 1, m[i]);
      emit(v);
      v = m;
      std::rotate(v.begin() + static_cast<std::ptrdiff_t>(i), v.begin() + static_cast<std::ptrdiff_t>(i) + 1, v.end());
      emit(v);
      v = m;
      v.insert(v.begin() + static_cast<std::ptrdiff_t>(i), {"zz_unknown", ojson::parse(R"([1,{"a":null}])")});
      emit(v);
    }
  }
  return out;
}

// Options under which the in-order path must decline or report exactly as the general one.
std::vector<events::decode_options> tighter_options() {
  std::vector<events::decode_options> o(5);
  o[1].max_string_bytes = 5;  // shorter than most names: the key is refused as too long
  o[2].strict = true;
  o[3].max_depth = 1;
  o[4].max_errors = 1;
  return o;
}

template <class T>
void hold_to_general_path(const std::string& doc) {
  T earlier{};
  REQUIRE(events::detail::decode(doc, earlier, {}).empty());  // the document itself is valid
  std::size_t checked = 0, failed = 0;
  for (const std::string& v : byte_variants(doc)) failed += !same_outcome<T>(v, earlier), ++checked;
  for (const std::string& v : member_variants(doc))
    for (const events::decode_options& o : tighter_options()) failed += !same_outcome<T>(v, earlier, o), ++checked;
  CHECK(failed == 0);
  CHECK(checked > 10 * doc.size());
}

}  // namespace

TEST_SUITE("member order") {
  TEST_CASE("an event with an envelope, read in order, holds to the general path on every variant") {
    events::event<test::OrderPlaced> ev;
    ev.event_id = test::id("123e4567-e89b-12d3-a456-426614174000");
    ev.timestamp = test::at("2026-01-15T10:30:00.123456Z");
    ev.payload = {.order_id = test::id("123e4567-e89b-12d3-a456-426614174000"),
                  .user_id = test::id("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
                  .title = "Book",
                  .note = "by Friday",
                  .quantity = 3,
                  .level = test::priority::high,
                  .tags = {"a", "b\"c"},
                  .due = test::at("2026-01-20T17:00:00Z")};
    hold_to_general_path<events::event<test::OrderPlaced>>(ev.to_json());
  }

  TEST_CASE("maps, free-form JSON, nested lists of objects and constraints") {
    test::Everything e;
    e.flag = true;
    e.small = -3;
    e.big = 18446744073709551615ull;
    e.ratio = 0.25;
    e.text = "caf\xC3\xA9 \\ \"quoted\"";
    e.counts = {{"a", 1}, {"b", 2}};
    e.extra = {{"k", {1, 2, nullptr}}};
    e.addresses = {{"Paris", "75001"}, {"Lyon", "69001"}};
    e.home = test::Address{"Nice", "06000"};
    e.even = 42;
    hold_to_general_path<test::Everything>(events::to_json(e));
  }

  TEST_CASE("a type whose unset optionals are left out, and one that forbids extra members") {
    events::TaskEvent t;
    t.id = test::id("123e4567-e89b-12d3-a456-426614174000");
    t.event_type = events::TaskOperation::created;
    t.task_id = 42;
    t.task_data = events::TaskData{};
    t.task_data->title = "Water the plants";
    t.task_data->tags = {"home"};
    t.user_id = "user-1";
    t.timestamp = test::at("2026-01-15T10:30:00Z");
    hold_to_general_path<events::TaskEvent>(events::to_json(t));
    hold_to_general_path<test::Strict>(R"({"id":7})");
  }

  TEST_CASE("a reused event keeps nothing of its last message: the fields left out take their defaults") {
    events::event<test::OrderPlaced> ev;
    ev.payload.title = "Book";
    ev.payload.note = "by Friday";
    ev.payload.quantity = 3;
    ev.payload.tags = {"a"};
    events::event<test::OrderPlaced> reused;
    REQUIRE(events::from_json(ev.to_json(), reused).empty());
    REQUIRE(reused.payload.note == "by Friday");
    // The next message leaves out note and quantity (Pydantic's exclude_unset / exclude_none).
    std::string next = ev.to_json();
    for (std::string_view member : {R"(,"note":"by Friday")", R"(,"quantity":3)"})
      next.erase(next.find(member), member.size());
    REQUIRE(events::from_json(next, reused).empty());
    CHECK(reused.payload.note == std::nullopt);
    CHECK(reused.payload.quantity == 1);  // the default member initializer
    CHECK(reused == *events::event<test::OrderPlaced>::from_json(next));
  }

  TEST_CASE("a member name too long to be matched in one piece: the general path from there on") {
    hold_to_general_path<long_names>(
        R"({"first":1,"a_name_longer_than_twenty_eight_bytes":"x","after":[true],"last":{"city":"Paris","zip":"75001"}})");
  }

  TEST_CASE("a structured CloudEvent: attributes in order, extensions read by the table") {
    events::event<test::OrderPlaced> ev;
    ev.event_id = test::id("123e4567-e89b-12d3-a456-426614174000");
    ev.correlation_id = test::id("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    std::string doc = events::cloudevents::to_structured(ev, "/orders");
    doc.insert(doc.size() - 1, R"(,"traceparent":"00-ab","partitionkey":"k1")");  // extensions
    hold_to_general_path<events::cloudevents::detail::document>(doc);
  }
}
