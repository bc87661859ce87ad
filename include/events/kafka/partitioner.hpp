#pragma once
/// \file How a keyed record's partition is chosen. By default as Java's producer, aiokafka and
/// kafkajs choose it (murmur2 of the key, made positive, modulo the partition count), so one
/// entity's events from a Python, Node, Java or C++ service land on one partition and stay in
/// order; librdkafka's own default (CRC32 of the key) is an option.
///
/// <!-- given: events::kafka::config cfg; -->
/// \code
/// events::kafka::producer out(cfg);  // partitioning::murmur2, librdkafka's "murmur2_random"
/// events::kafka::producer crc(cfg, {.partitioner = events::kafka::partitioning::consistent_random});
/// std::int32_t p = events::kafka::murmur2_partition("task-42", 3);  // where both put "task-42"
/// \endcode
#include <cstdint>
#include <string_view>

namespace events::kafka {

/// The producer's choice of partition for a keyed record (records without a key: any partition).
enum class partitioning {
  /// `toPositive(murmur2(key)) % partitions`: Java's DefaultPartitioner, aiokafka's, kafkajs's
  /// (librdkafka's `murmur2_random`). The default.
  murmur2,
  /// librdkafka's default, `consistent_random`: CRC32 of the key. Other languages' clients
  /// (but librdkafka-based ones left at their default) put the same key elsewhere.
  consistent_random,
};

/// librdkafka's name of a partitioning (its `partitioner` property).
constexpr std::string_view librdkafka_partitioner(partitioning p) noexcept {
  return p == partitioning::murmur2 ? "murmur2_random" : "consistent_random";
}

/// Kafka's murmur2 of the key's bytes (the Java client's `Utils.murmur2`, seed 0x9747b28c).
constexpr std::uint32_t murmur2(std::string_view key) noexcept {
  constexpr std::uint32_t m = 0x5bd1e995;
  const auto n = static_cast<std::uint32_t>(key.size());
  std::uint32_t h = 0x9747b28cu ^ n;
  auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(key[i])); };
  std::size_t i = 0;
  for (; i + 4 <= key.size(); i += 4) {
    std::uint32_t k = byte(i) | byte(i + 1) << 8 | byte(i + 2) << 16 | byte(i + 3) << 24;
    k *= m;
    k ^= k >> 24;
    k *= m;
    h *= m;
    h ^= k;
  }
  switch (key.size() % 4) {  // the Java code's fall-through over the last bytes
    case 3: h ^= byte(i + 2) << 16; [[fallthrough]];
    case 2: h ^= byte(i + 1) << 8; [[fallthrough]];
    case 1: h ^= byte(i); h *= m;
  }
  h ^= h >> 13;
  h *= m;
  h ^= h >> 15;
  return h;
}

/// The partition Java's producer, aiokafka, kafkajs and ours (by default) give a key among
/// `partitions` (> 0).
constexpr std::int32_t murmur2_partition(std::string_view key, std::int32_t partitions) noexcept {
  return static_cast<std::int32_t>((murmur2(key) & 0x7fffffffu) % static_cast<std::uint32_t>(partitions));
}

}  // namespace events::kafka
