#pragma once
// NDJSON input in chunks of whole lines, for `events validate` and `events fmt`: regular files
// are mapped (no copy), streams are read once into the chunk's own buffer.
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace events_tool {

/// A run of whole lines of one input.
struct chunk {
  std::string_view text;  ///< the lines, each ended by '\n' except perhaps the input's last
  std::string owned;      ///< storage of `text` for streams; empty for mapped files
  bool too_long = false;  ///< a single line over the limit, dropped: `text` is empty
};

/// The chunks of one input, in order.
class chunk_source {
 public:
  /// Reads `f` (a mapped regular file, or else a stream); lines over `limit` bytes become
  /// `too_long` chunks. `target` is the usual chunk size.
  chunk_source(std::FILE* f, std::size_t limit, std::size_t target = 1u << 20);
  ~chunk_source();
  chunk_source(const chunk_source&) = delete;
  chunk_source& operator=(const chunk_source&) = delete;

  /// The next chunk; false at the end.
  bool next(chunk& out);
  /// True when the input is a mapped file (its chunks point into the mapping, valid while this lives).
  bool mapped() const noexcept { return map_ != nullptr; }

 private:
  bool next_mapped(chunk& out);
  bool next_streamed(chunk& out);

  std::FILE* f_;
  std::size_t limit_, target_;
  const char* map_ = nullptr;
  std::size_t map_size_ = 0, map_pos_ = 0;
  std::string carry_;  // a partial line read ahead from the stream
  bool eof_ = false;
};

}  // namespace events_tool
