#pragma once
// The writer's buffer: a cursor into a std::string that the codecs advance by hand. The string is
// sized once ahead (its spare room made part of it), written through a pointer, and cut to what
// was written once at the end: no per-piece call to std::string::append and its capacity check.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace events::detail {

class json_out {
 public:
  /// Writes after what `s` holds; `expected` bytes are made room for at once.
  explicit json_out(std::string& s, std::size_t expected = 512) : s_(&s) { acquire(s.size(), expected); }
  ~json_out() { release(); }
  json_out(const json_out&) = delete;
  json_out& operator=(const json_out&) = delete;

  /// At least n writable bytes at the cursor; write them, then commit() the new end.
  char* room(std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n) [[unlikely]]
      grow(n);
    return p_;
  }
  void commit(char* end) noexcept { p_ = end; }

  void append(const char* d, std::size_t n) {
    char* p = room(n);
    std::memcpy(p, d, n);
    p_ = p + n;
  }
  json_out& operator+=(std::string_view s) {
    append(s.data(), s.size());
    return *this;
  }
  json_out& operator+=(char c) {
    *room(1) = c;
    ++p_;
    return *this;
  }

  /// Lends the string, holding exactly what was written, to `f` (a codec that appends to a
  /// std::string), then takes the cursor back after what `f` appended.
  template <class F>
  void through_string(F&& f) {
    release();
    f(*s_);
    acquire(s_->size(), 256);
  }

 private:
  // The string's size is what was written (the cursor is dropped until acquire()).
  void release() noexcept {
    if (!p_) return;
    s_->resize(static_cast<std::size_t>(p_ - s_->data()));  // shrinking: no allocation, no throw
    p_ = end_ = nullptr;
  }

  // The cursor after `used` bytes, with at least `need` bytes of room: the string's spare
  // capacity, up to 1 KiB of it (resizing writes every byte it adds), or more when needed.
  void acquire(std::size_t used, std::size_t need) {
    const std::size_t spare = std::min(s_->capacity() - used, std::size_t{1024});
    s_->resize(used + std::max(need, spare));
    p_ = s_->data() + used;
    end_ = s_->data() + s_->size();
  }

  [[gnu::noinline]] void grow(std::size_t n) {
    const auto used = static_cast<std::size_t>(p_ - s_->data());
    release();
    acquire(used, std::max(n, used));  // at least doubling: appends stay amortized O(1)
  }

  std::string* s_;
  char* p_ = nullptr;
  char* end_ = nullptr;
};

}  // namespace events::detail
