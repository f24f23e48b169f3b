// libFuzzer target: polygons from WKB (GeoPandas, Shapely, PostGIS hand these over). Bad bytes must
// be an error, never a crash; what is accepted is valid afterwards (repaired) and survives a WKB
// round trip unchanged.
#include <cstdint>
#include <string>
#include <vector>

#include "watchmap/error.hpp"
#include "watchmap/wkb.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace watchmap;
  const std::vector<std::string> blobs{std::string(reinterpret_cast<const char*>(data), size)};
  PolygonSet polygons;
  try {
    WkbReadOptions options;
    options.warn = [](const std::string&) {};
    polygons = polygons_from_wkb(blobs, {}, options);
  } catch (const Error&) {
    return 0;  // refused with a message: fine
  }
  // Accepted: no longer invalid (strict reading must not object) and stable through WKB.
  const std::vector<std::string> written = to_wkb(polygons);
  WkbReadOptions strict;
  strict.strict = true;
  const PolygonSet again = polygons_from_wkb(written, {}, strict);
  if (again.size() != polygons.size() || to_wkb(again) != written) __builtin_trap();
  return 0;
}
