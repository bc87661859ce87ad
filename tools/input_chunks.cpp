// chunk_source: mmap for regular files, block reads for pipes and terminals.
#include "input_chunks.hpp"

#include <cstring>
#include <sys/mman.h>
#include <sys/stat.h>

namespace events_tool {

chunk_source::chunk_source(std::FILE* f, std::size_t limit, std::size_t target)
    : f_(f), limit_(limit), target_(target) {
  struct stat st {};
  int fd = fileno(f);
  if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    void* p = mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      map_ = static_cast<const char*>(p);
      map_size_ = static_cast<std::size_t>(st.st_size);
      madvise(p, map_size_, MADV_SEQUENTIAL);
    }
  }
}

chunk_source::~chunk_source() {
  if (map_) munmap(const_cast<char*>(map_), map_size_);
}

bool chunk_source::next(chunk& out) {
  out.owned.clear();
  out.text = {};
  out.too_long = false;
  return map_ ? next_mapped(out) : next_streamed(out);
}

bool chunk_source::next_mapped(chunk& out) {
  if (map_pos_ >= map_size_) return false;
  std::size_t end = map_pos_ + target_;
  if (end >= map_size_) {
    end = map_size_;
  } else {
    const void* nl = std::memchr(map_ + end, '\n', map_size_ - end);
    end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - map_) + 1 : map_size_;
  }
  out.text = {map_ + map_pos_, end - map_pos_};
  map_pos_ = end;
  return true;
}

bool chunk_source::next_streamed(chunk& out) {
  std::string& buf = out.owned;
  buf.swap(carry_);
  carry_.clear();
  bool skipping = false;  // inside a line over the limit
  for (;;) {
    std::size_t last_nl = buf.rfind('\n');
    if (!skipping && last_nl != std::string::npos && (buf.size() >= target_ || eof_)) {
      carry_.assign(buf, last_nl + 1);
      buf.resize(last_nl + 1);
      out.text = buf;
      return true;
    }
    if (skipping && last_nl != std::string::npos) {
      carry_.assign(buf, buf.find('\n') + 1);
      buf.clear();
      out.too_long = true;
      return true;
    }
    if (eof_) {
      if (skipping) {
        buf.clear();
        out.too_long = true;
        return true;
      }
      if (buf.empty()) return false;
      out.text = buf;
      return true;
    }
    if (!skipping && last_nl == std::string::npos && buf.size() > limit_) {
      skipping = true;  // the first line alone is over the limit: drop it
      buf.clear();
    }
    std::size_t old = buf.size();
    buf.resize(old + target_);
    std::size_t n = std::fread(buf.data() + old, 1, target_, f_);
    buf.resize(old + n);
    if (n == 0) eof_ = true;
    if (skipping) {
      std::size_t nl = buf.find('\n');
      if (nl == std::string::npos) buf.clear();
    }
  }
}

}  // namespace events_tool
