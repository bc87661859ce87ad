#pragma once
/// \file A bounded window of recently seen event ids: a handler sees each event_id once as long
/// as its duplicate arrives within the last `capacity` distinct ids.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace events::kafka {

/// The last `capacity` distinct ids, oldest forgotten first. The ids live in a ring of slots
/// (short ids, such as a UUID's key, inside the slot; longer ones in a reused string), indexed by
/// an open-addressing table: remembering an id up to 24 bytes long allocates nothing.
class dedupe_window {
 public:
  explicit dedupe_window(std::size_t capacity = 10000) : capacity_(capacity) {
    if (capacity_ == 0) return;
    std::size_t n = 16;
    while (n < 2 * capacity_) n <<= 1;  // at most half full: short probes
    table_.assign(n, empty);
    mask_ = n - 1;
    // Reserved, not filled: the pages are the system's to hand out as ids arrive, and filling the
    // ring never moves its slots (their strings) to a larger one.
    ring_.reserve(capacity_);
  }

  /// The hash the window keys `id` by: pass it to contains and insert to hash an id once. A UUID's
  /// key (events::detail::id_key: its 16 bytes and 0xff) is random bits already: mixed, not hashed.
  static std::size_t hash_of(std::string_view id) noexcept {
    if (id.size() == 17 && static_cast<unsigned char>(id[16]) == 0xff) {
      std::uint64_t a = 0, b = 0;
      std::memcpy(&a, id.data(), 8);
      std::memcpy(&b, id.data() + 8, 8);
      std::uint64_t h = (a ^ (b >> 1)) * 0x9e3779b97f4a7c15ull;  // version 7: the time is in a, random bits in b
      return static_cast<std::size_t>(h ^ (h >> 29) ^ b);
    }
    return std::hash<std::string_view>{}(id);
  }

  /// True when `id` is in the window.
  bool contains(std::string_view id) const { return contains(id, hash_of(id)); }
  /// True when `id`, whose hash_of is `h`, is in the window.
  bool contains(std::string_view id, std::size_t h) const { return capacity_ != 0 && find(id, h) != npos; }

  /// Remembers `id`; false when it was already there. An empty id is never remembered.
  bool insert(std::string_view id) { return insert(id, hash_of(id)); }
  /// Remembers `id`, whose hash_of is `h`; false when it was already there.
  bool insert(std::string_view id, std::size_t h) {
    if (id.empty() || capacity_ == 0) return true;
    if (find(id, h) != npos) return false;
    std::size_t slot = next_;
    if (slot == ring_.size()) {  // still filling the ring
      ring_.emplace_back();
    } else {  // the slot holds the oldest id: forget it
      remove_at(find(ring_[slot].id(), ring_[slot].hash));
    }
    ring_[slot].assign(id, h);
    std::size_t i = h & mask_;
    while (table_[i] != empty) i = (i + 1) & mask_;
    table_[i] = static_cast<std::uint32_t>(slot);
    next_ = next_ + 1 == capacity_ ? 0 : next_ + 1;
    return true;
  }

  /// A buffer to make an id's key in (events::detail::id_key: a UUID's 16 bytes, not its text);
  /// the key made there is valid until the next one.
  std::string& key_buffer() noexcept { return key_buffer_; }

  std::size_t size() const noexcept { return ring_.size(); }
  std::size_t capacity() const noexcept { return capacity_; }

 private:
  static constexpr std::uint32_t empty = 0xffffffffu;
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  // One remembered id: up to `inline_size` bytes in place (no allocation), longer in `spilled`.
  struct slot {
    static constexpr std::size_t inline_size = 24;
    std::size_t hash = 0;
    std::uint32_t size = 0;
    std::array<char, inline_size> bytes{};
    std::string spilled;

    std::string_view id() const noexcept {
      return size <= inline_size ? std::string_view(bytes.data(), size) : std::string_view(spilled);
    }
    void assign(std::string_view id, std::size_t h) {
      if (id.size() <= inline_size) std::memcpy(bytes.data(), id.data(), id.size());
      else spilled.assign(id);
      size = static_cast<std::uint32_t>(id.size());
      hash = h;
    }
  };

  // The table position holding `id`, or npos.
  std::size_t find(std::string_view id, std::size_t h) const noexcept {
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      std::uint32_t s = table_[i];
      if (s == empty) return npos;
      if (ring_[s].hash == h && ring_[s].id() == id) return i;
    }
  }

  // Empties table position `i`, moving later entries of its probe run back (linear probing
  // without tombstones).
  void remove_at(std::size_t i) noexcept {
    for (std::size_t j = i;;) {
      j = (j + 1) & mask_;
      if (table_[j] == empty) break;
      std::size_t home = ring_[table_[j]].hash & mask_;
      // The entry at j may move to i unless its home lies cyclically in (i, j].
      bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
      if (!stays) {
        table_[i] = table_[j];
        i = j;
      }
    }
    table_[i] = empty;
  }

  std::size_t capacity_;
  std::size_t mask_ = 0;
  std::size_t next_ = 0;              // ring slot of the next id (the oldest once full)
  std::vector<slot> ring_;            // the remembered ids
  std::vector<std::uint32_t> table_;  // ring slots by hash, `empty` where free
  std::string key_buffer_;
};

}  // namespace events::kafka
