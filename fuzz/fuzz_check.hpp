// Shared by the fuzz targets: a property that must hold, reported like a crash (libFuzzer keeps
// the input as a crash-* artifact) with the reason on stderr.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#define EVENTS_FUZZ_CHECK(cond, what)                                                  \
  do {                                                                                 \
    if (!(cond)) {                                                                     \
      std::fprintf(stderr, "events fuzz: property failed: %s (%s:%d)\n", what, __FILE__, __LINE__); \
      std::abort();                                                                    \
    }                                                                                  \
  } while (false)

namespace events_fuzz {

/// The input as text (libFuzzer gives bytes).
inline std::string_view text(const unsigned char* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace events_fuzz
