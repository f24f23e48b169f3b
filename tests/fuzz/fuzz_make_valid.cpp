// libFuzzer target: polygon repair (make_valid) on fuzzed rings — self-intersections, spikes,
// repeated and collinear vertices, holes outside shells, zero-area rings, and huge or tiny
// coordinates. Repair may refuse with an error; what it returns must be valid (strict check).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>
#include <vector>

#include "watchmap/error.hpp"
#include "watchmap/polygon_ops.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace watchmap;
  FuzzedDataProvider in(data, size);
  // Small integer grids give exact degeneracies; scale and offset give huge, tiny and UTM-like values.
  const double scale = in.PickValueInArray({1.0, 0.5, 1e-9, 1e9, 1e-300, 1e300});
  const double offset = in.PickValueInArray({0.0, 5e5, -2.4e6, 1e15});
  PolygonSet::Builder builder;
  const int features = in.ConsumeIntegralInRange(1, 3);
  for (int f = 0; f < features; ++f) {
    const int parts = in.ConsumeIntegralInRange(1, 2);
    for (int p = 0; p < parts; ++p) {
      const int rings = in.ConsumeIntegralInRange(1, 3);
      for (int r = 0; r < rings; ++r) {
        const int n = in.ConsumeIntegralInRange(3, 12);
        std::vector<double> x, y;
        for (int i = 0; i < n; ++i) {
          x.push_back(offset + scale * in.ConsumeIntegral<int8_t>());
          y.push_back(offset + scale * in.ConsumeIntegral<int8_t>());
        }
        builder.add_ring(x, y);
      }
      builder.end_part();
    }
    builder.end_feature();
  }
  PolygonSet repaired;
  try {
    repaired = make_valid(builder.build(), false, [](const std::string&) {}, "fuzz");
  } catch (const Error&) {
    return 0;  // refused with a message: fine
  }
  if (repaired.size() != static_cast<size_t>(features)) __builtin_trap();
  make_valid(repaired, true, {}, "fuzz (repaired)");  // a GeometryError here is a finding: let it abort
  return 0;
}
