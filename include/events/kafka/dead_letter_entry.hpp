#pragma once
/// \file A dead letter as read back from a dead-letter topic, whichever convention wrote it: ours
/// (`dlq_*` headers, see dead_letter.hpp), Spring Kafka's (`kafka_dlt-original-*`, partition and
/// offset as big-endian binary) or Kafka Connect's (`__connect.errors.*`, text). Also the filter a
/// redrive selects with and the histogram it reports. No I/O here: redrive.hpp reads and sends.
///
/// <!-- given: events::kafka::header_list headers; std::string key, value; std::int64_t dlq_timestamp_ms = 0; -->
/// \code
/// auto e = events::kafka::read_dead_letter(headers, key, value, dlq_timestamp_ms);
/// // e.convention == dead_letter_convention::spring, e.original_partition == 3, e.code == "...Exception"
/// \endcode
#include <events/error.hpp>
#include <events/identify.hpp>
#include <events/kafka/dead_letter.hpp>
#include <events/kafka/message.hpp>
#include <events/timestamp.hpp>

#include <charconv>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace events::kafka {

/// Headers a redrive adds to a replayed message.
namespace redrive_header {
inline constexpr std::string_view replay_count = "dlq_replay_count";    ///< Times replayed so far (decimal).
inline constexpr std::string_view replayed_from = "dlq_replayed_from";  ///< "<dlq topic>/<partition>/<offset>".
}  // namespace redrive_header

/// Who wrote the dead letter's headers.
enum class dead_letter_convention { events, spring, connect, unknown };

/// The convention's name: "events", "spring", "connect", "unknown".
constexpr std::string_view to_string(dead_letter_convention c) noexcept {
  switch (c) {
    case dead_letter_convention::events: return "events";
    case dead_letter_convention::spring: return "spring";
    case dead_letter_convention::connect: return "connect";
    default: return "unknown";
  }
}

/// One dead letter, normalised across conventions.
struct dead_letter_entry {
  std::string dlq_topic;
  std::int32_t dlq_partition = -1;
  std::int64_t dlq_offset = -1;
  dead_letter_convention convention = dead_letter_convention::unknown;
  std::string original_topic;            ///< Empty when no header says.
  std::int32_t original_partition = -1;  ///< -1 when unknown.
  std::int64_t original_offset = -1;     ///< -1 when unknown.
  std::string code;     ///< Reason code: ours, or the exception class (Spring, Connect); "unknown".
  std::string reason;   ///< The error message text.
  std::string event_type;  ///< ce_type, else the JSON's event_type; empty when neither.
  std::optional<timestamp> failed_at;  ///< dlq_failed_at, else the dead-letter record's timestamp.
  int replay_count = 0;                ///< dlq_replay_count (0: never replayed).
  std::string key;
  std::string value;
  header_list headers;  ///< Every header, as stored.
  error_list problems;  ///< Headers present but unreadable (path: "/headers/<name>").
};

namespace detail {
inline std::optional<std::string_view> last_header(const header_list& h, std::string_view name) {
  for (auto it = h.rbegin(); it != h.rend(); ++it)
    if (it->first == name) return std::string_view(it->second);
  return std::nullopt;
}
template <class Int>
bool parse_decimal(std::string_view s, Int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}
template <class Int>
Int big_endian(std::string_view s) {
  std::uint64_t v = 0;
  for (unsigned char c : s) v = (v << 8) | c;
  return static_cast<Int>(v);
}
inline void header_problem(dead_letter_entry& e, std::string_view name, std::string_view code, std::string message,
                           std::string_view value) {
  e.problems.push_back({"/headers/" + std::string(name), std::string(code), std::move(message),
                        std::string(value.substr(0, 64)), 0, 0});
}
// A decimal header (ours, Connect's).
template <class Int>
void read_decimal(dead_letter_entry& e, std::string_view name, Int& out) {
  auto v = last_header(e.headers, name);
  if (!v) return;
  if (!parse_decimal(*v, out)) header_problem(e, name, "int_parsing", "not a decimal integer", *v);
}
// A big-endian binary header (Spring's: 4 bytes for a partition, 8 for an offset). Older Spring
// versions wrote them as text; a decimal of another length is read as such.
template <class Int>
void read_binary(dead_letter_entry& e, std::string_view name, Int& out) {
  auto v = last_header(e.headers, name);
  if (!v) return;
  if (v->size() == sizeof(Int)) {
    out = big_endian<Int>(*v);
    return;
  }
  if (!parse_decimal(*v, out))
    header_problem(e, name, "binary_length",
                   "expected " + std::to_string(sizeof(Int)) + " big-endian bytes, got " + std::to_string(v->size()), *v);
}
}  // namespace detail

/// Reads a dead letter from its parts (`record_timestamp_ms`: the dead-letter record's own
/// timestamp, used when no header gives the failure time; negative: none).
inline dead_letter_entry read_dead_letter(header_list headers, std::string key, std::string value,
                                          std::int64_t record_timestamp_ms = -1) {
  dead_letter_entry e;
  e.headers = std::move(headers);
  e.key = std::move(key);
  e.value = std::move(value);
  auto h = [&](std::string_view n) { return detail::last_header(e.headers, n); };
  auto text = [&](std::string_view n) { return std::string(h(n).value_or(std::string_view())); };
  if (h(dlq_header::original_topic) || h(dlq_header::error_code)) {
    e.convention = dead_letter_convention::events;
    e.original_topic = text(dlq_header::original_topic);
    detail::read_decimal(e, dlq_header::original_partition, e.original_partition);
    detail::read_decimal(e, dlq_header::original_offset, e.original_offset);
    e.code = text(dlq_header::error_code);
    e.reason = text(dlq_header::error_message);
    if (auto t = h(dlq_header::failed_at)) {
      timestamp at;
      if (parse_timestamp(*t, at) == timestamp_errc::ok) e.failed_at = at;
      else detail::header_problem(e, dlq_header::failed_at, "datetime_parsing", "not an RFC 3339 time", *t);
    }
  } else if (h("kafka_dlt-original-topic") || h("kafka_dlt-exception-fqcn")) {
    e.convention = dead_letter_convention::spring;
    e.original_topic = text("kafka_dlt-original-topic");
    detail::read_binary(e, "kafka_dlt-original-partition", e.original_partition);
    detail::read_binary(e, "kafka_dlt-original-offset", e.original_offset);
    e.code = text("kafka_dlt-exception-fqcn");
    e.reason = text("kafka_dlt-exception-message");
  } else if (h("__connect.errors.topic") || h("__connect.errors.exception.class.name")) {
    e.convention = dead_letter_convention::connect;
    e.original_topic = text("__connect.errors.topic");
    detail::read_decimal(e, "__connect.errors.partition", e.original_partition);
    detail::read_decimal(e, "__connect.errors.offset", e.original_offset);
    e.code = text("__connect.errors.exception.class.name");
    e.reason = text("__connect.errors.exception.message");
  }
  if (e.code.empty()) e.code = "unknown";
  if (!e.failed_at && record_timestamp_ms >= 0)
    e.failed_at = timestamp(std::chrono::milliseconds(record_timestamp_ms));
  if (h(redrive_header::replay_count)) detail::read_decimal(e, redrive_header::replay_count, e.replay_count);
  if (auto t = h("ce_type")) e.event_type = std::string(*t);
  else if (auto id = identify(e.value)) e.event_type = id->type;
  return e;
}

/// Reads a dead letter from a received message.
inline dead_letter_entry read_dead_letter(const message& m) {
  const auto ts = m.native().timestamp();
  auto e = read_dead_letter(m.headers(), std::string(m.key()), std::string(m.value()),
                            ts.type == RdKafka::MessageTimestamp::MSG_TIMESTAMP_NOT_AVAILABLE ? -1 : ts.timestamp);
  e.dlq_topic = std::string(m.topic());
  e.dlq_partition = m.partition();
  e.dlq_offset = m.offset();
  return e;
}

/// Which dead letters a redrive takes: every set criterion must hold (an empty list: any).
struct redrive_filter {
  std::vector<std::string> types;  ///< Event types.
  std::vector<std::string> codes;  ///< Reason codes.
  std::optional<timestamp> since;  ///< failed_at >= since.
  std::optional<timestamp> until;  ///< failed_at < until.
  std::optional<std::int32_t> partition;  ///< Original partition.
  std::optional<std::int64_t> from_offset;  ///< Original offset >= this.
  std::optional<std::int64_t> to_offset;    ///< Original offset <= this.

  /// Whether `e` is taken.
  bool matches(const dead_letter_entry& e) const {
    auto in = [](const std::vector<std::string>& list, const std::string& v) {
      if (list.empty()) return true;
      for (const auto& x : list)
        if (x == v) return true;
      return false;
    };
    if (!in(types, e.event_type) || !in(codes, e.code)) return false;
    if ((since || until) && !e.failed_at) return false;
    if (since && *e.failed_at < *since) return false;
    if (until && *e.failed_at >= *until) return false;
    if (partition && e.original_partition != *partition) return false;
    if (from_offset && (e.original_offset < 0 || e.original_offset < *from_offset)) return false;
    if (to_offset && (e.original_offset < 0 || e.original_offset > *to_offset)) return false;
    return true;
  }

  /// Contradictions, as errors (path "/since", "/from_offset", ...).
  error_list validate() const {
    error_list out;
    if (since && until && *until <= *since)
      out.push_back({"/until", "dlq_empty_range", "until must be after since", format_timestamp(*until), 0, 0});
    if (from_offset && to_offset && *to_offset < *from_offset)
      out.push_back({"/to_offset", "dlq_empty_range", "the offset range is empty", std::to_string(*to_offset), 0, 0});
    if (partition && *partition < 0)
      out.push_back({"/partition", "greater_than_equal", "a partition is >= 0", std::to_string(*partition), 0, 0});
    return out;
  }
};

/// Counts of dead letters by reason code, event type, original topic and hour of failure.
struct dead_letter_histogram {
  std::uint64_t total = 0;
  std::map<std::string, std::uint64_t> by_code, by_type, by_topic, by_hour;  ///< hour: "2026-01-15T10"; "" unknown.
  std::map<std::string, std::uint64_t> by_convention;

  void add(const dead_letter_entry& e) {
    ++total;
    ++by_code[e.code];
    ++by_type[e.event_type];
    ++by_topic[e.original_topic];
    ++by_convention[std::string(to_string(e.convention))];
    ++by_hour[e.failed_at ? format_timestamp(*e.failed_at).substr(0, 13) : std::string()];
  }
  friend bool operator==(const dead_letter_histogram&, const dead_letter_histogram&) = default;
};

}  // namespace events::kafka
