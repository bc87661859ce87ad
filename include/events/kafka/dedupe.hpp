#pragma once
/// \file A bounded window of recently seen event ids: a handler sees each event_id once as long
/// as its duplicate arrives within the last `capacity` distinct ids.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace events::kafka {

/// The last `capacity` distinct ids, oldest forgotten first. The ids live in a ring of reused
/// strings, indexed by an open-addressing table: once the ring is full, remembering an id
/// allocates nothing.
class dedupe_window {
 public:
  explicit dedupe_window(std::size_t capacity = 10000) : capacity_(capacity) {
    if (capacity_ == 0) return;
    std::size_t n = 16;
    while (n < 2 * capacity_) n <<= 1;  // at most half full: short probes
    table_.assign(n, empty);
    mask_ = n - 1;
  }

  /// The hash the window keys `id` by: pass it to contains and insert to hash an id once.
  static std::size_t hash_of(std::string_view id) noexcept { return std::hash<std::string_view>{}(id); }

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
    if (slot == ids_.size()) {  // still filling the ring
      ids_.emplace_back();
      hashes_.push_back(0);
    } else {  // the slot holds the oldest id: forget it
      remove_at(find(ids_[slot], hashes_[slot]));
    }
    ids_[slot].assign(id);
    hashes_[slot] = h;
    std::size_t i = h & mask_;
    while (table_[i] != empty) i = (i + 1) & mask_;
    table_[i] = static_cast<std::uint32_t>(slot);
    next_ = next_ + 1 == capacity_ ? 0 : next_ + 1;
    return true;
  }

  std::size_t size() const noexcept { return ids_.size(); }
  std::size_t capacity() const noexcept { return capacity_; }

 private:
  static constexpr std::uint32_t empty = 0xffffffffu;
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  // The table position holding `id`, or npos.
  std::size_t find(std::string_view id, std::size_t h) const noexcept {
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      std::uint32_t s = table_[i];
      if (s == empty) return npos;
      if (hashes_[s] == h && ids_[s] == id) return i;
    }
  }

  // Empties table position `i`, moving later entries of its probe run back (linear probing
  // without tombstones).
  void remove_at(std::size_t i) noexcept {
    for (std::size_t j = i;;) {
      j = (j + 1) & mask_;
      if (table_[j] == empty) break;
      std::size_t home = hashes_[table_[j]] & mask_;
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
  std::size_t next_ = 0;                // ring slot of the next id (the oldest once full)
  std::vector<std::string> ids_;        // the ring
  std::vector<std::size_t> hashes_;     // per ring slot
  std::vector<std::uint32_t> table_;    // ring slots by hash, `empty` where free
};

}  // namespace events::kafka
