#pragma once
/// \file A bounded window of recently seen event ids: a handler sees each event_id once as long
/// as its duplicate arrives within the last `capacity` distinct ids.
#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>

namespace events::kafka {

/// The last `capacity` distinct ids, oldest forgotten first.
class dedupe_window {
 public:
  explicit dedupe_window(std::size_t capacity = 10000) : capacity_(capacity) { seen_.reserve(capacity); }

  /// True when `id` is in the window.
  bool contains(std::string_view id) const { return capacity_ != 0 && seen_.find(id) != seen_.end(); }

  /// Remembers `id`; false when it was already there. An empty id is never remembered.
  bool insert(std::string_view id) {
    if (id.empty() || capacity_ == 0) return true;
    auto [it, fresh] = seen_.emplace(id);
    if (!fresh) return false;
    order_.push_back(&*it);
    if (order_.size() > capacity_) {
      seen_.erase(*order_.front());
      order_.pop_front();
    }
    return true;
  }

  std::size_t size() const noexcept { return seen_.size(); }
  std::size_t capacity() const noexcept { return capacity_; }

 private:
  std::size_t capacity_;
  struct hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  // node-based: element addresses stay valid; looked up by string_view without a copy
  std::unordered_set<std::string, hash, std::equal_to<>> seen_;
  std::deque<const std::string*> order_;
};

}  // namespace events::kafka
