#include "watchmap/wkb.hpp"
#include "watchmap/polygon_ops.hpp"

#include "geom/geos.hpp"
#include "watchmap/error.hpp"

namespace watchmap {

using detail::geos;

std::vector<std::string> to_wkb(const PolygonSet& polygons) {
  return detail::write_wkb(polygons.size(), [&](size_t f) { return detail::to_geos(polygons, f); });
}

PolygonSet polygons_from_wkb(const std::vector<std::string>& blobs, Crs crs, const WkbReadOptions& options) {
  GEOSWKBReader* reader = GEOSWKBReader_create_r(geos());
  PolygonSet::Builder builder(std::move(crs));
  try {
    for (size_t f = 0; f < blobs.size(); ++f) {
      if (!blobs[f].empty()) {
        detail::GeomPtr g(GEOSWKBReader_read_r(geos(), reader, reinterpret_cast<const unsigned char*>(blobs[f].data()),
                                               blobs[f].size()));
        if (!g) throw InvalidInput(options.source + ": row " + std::to_string(f) + ": unreadable WKB: " + detail::take_geos_error());
        const int type = GEOSGeomTypeId_r(geos(), g.get());
        if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON && GEOSisEmpty_r(geos(), g.get()) != 1) {
          char* name = GEOSGeomType_r(geos(), g.get());
          std::string type_name = name != nullptr ? name : "geometry";
          GEOSFree_r(geos(), name);
          throw InvalidInput(options.source + ": row " + std::to_string(f) + " is a " + type_name +
                             "; expected Polygon or MultiPolygon");
        }
        detail::append_polygonal(builder, g.get());
      }
      builder.end_feature();
    }
  } catch (...) {
    GEOSWKBReader_destroy_r(geos(), reader);
    throw;
  }
  GEOSWKBReader_destroy_r(geos(), reader);
  return make_valid(builder.build(), options.strict, options.warn, options.source);
}

}  // namespace watchmap
