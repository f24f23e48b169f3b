// libFuzzer target: raster headers. Any bytes (GeoTIFF, ASCII grid, XYZ, PNG, ... whatever GDAL
// recognises) go through read_raster's checks (band, geotransform, north-up, grid size, nodata)
// via GDAL's in-memory files; bad ones must be an error, never a crash or a wrong-sized raster.
#include <cstdint>
#include <string_view>

#include "io/memory_raster.hpp"
#include "watchmap/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace watchmap;
  try {
    // At most 2^16 cells: a 100-byte header may honestly claim gigabytes, which is no bug here, and
    // small rasters keep the fuzzer fast.
    const Raster raster = detail::read_raster_bytes(
        std::string_view(reinterpret_cast<const char*>(data), size), 1, int64_t{1} << 16);
    if (raster.values.size() != static_cast<size_t>(raster.grid.ncols * raster.grid.nrows)) __builtin_trap();
  } catch (const Error&) {
  }
  return 0;
}
