// Compile-time probe: every catalog event decoded through the catalog's registry
// (benchmarks/compile/measure.sh).
#include <events/catalog.hpp>

#include <cstdio>

int main(int argc, char** argv) {
  auto decoded = events::catalog_registry::decode(argc > 1 ? argv[1] : "{}");
  std::printf("%zu\n", decoded.has_value() ? decoded->index() : events::catalog_registry::size);
}
