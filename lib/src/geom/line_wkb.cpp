// WKB for LineSet (GeoPandas exchange), through GEOS.
#include "geom/geos.hpp"
#include "watchmap/error.hpp"
#include "watchmap/wkb.hpp"

namespace watchmap {

using detail::geos;

namespace {

detail::GeomPtr feature_to_geos(const LineSet& lines, size_t f) {
  std::vector<GEOSGeometry*> parts;
  try {
    for (int64_t p = lines.feature_offsets()[f]; p < lines.feature_offsets()[f + 1]; ++p) {
      const int64_t b = lines.part_offsets()[p];
      const auto n = static_cast<unsigned>(lines.part_offsets()[p + 1] - b);
      std::vector<double> xy(2 * n);
      for (unsigned i = 0; i < n; ++i) {
        xy[2 * i] = lines.x()[static_cast<size_t>(b) + i];
        xy[2 * i + 1] = lines.y()[static_cast<size_t>(b) + i];
      }
      GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(geos(), xy.data(), n, 0, 0);
      if (seq == nullptr) throw GeometryError("to_wkb: feature " + std::to_string(f) + ": " + detail::take_geos_error());
      parts.push_back(detail::checked(GEOSGeom_createLineString_r(geos(), seq), "to_wkb: line").release());
    }
  } catch (...) {
    for (GEOSGeometry* g : parts) GEOSGeom_destroy_r(geos(), g);
    throw;
  }
  return detail::checked(GEOSGeom_createCollection_r(geos(), GEOS_MULTILINESTRING, parts.data(),
                                                     static_cast<unsigned>(parts.size())),
                         "to_wkb: feature " + std::to_string(f));
}

void append_line(LineSet::Builder& builder, const GEOSGeometry* line) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(geos(), line);
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(geos(), seq, &n);
  if (n == 0) return;
  std::vector<double> xy(2 * n), x(n), y(n);
  GEOSCoordSeq_copyToBuffer_r(geos(), seq, xy.data(), 0, 0);
  for (unsigned i = 0; i < n; ++i) {
    x[i] = xy[2 * i];
    y[i] = xy[2 * i + 1];
  }
  builder.add_part(x, y);
}

}  // namespace

std::vector<std::string> to_wkb(const LineSet& lines) {
  return detail::write_wkb(lines.size(), [&](size_t f) { return feature_to_geos(lines, f); });
}

LineSet lines_from_wkb(const std::vector<std::string>& blobs, Crs crs) {
  GEOSWKBReader* reader = GEOSWKBReader_create_r(geos());
  LineSet::Builder builder(std::move(crs));
  try {
    for (size_t f = 0; f < blobs.size(); ++f) {
      if (!blobs[f].empty()) {
        detail::GeomPtr g(GEOSWKBReader_read_r(geos(), reader, reinterpret_cast<const unsigned char*>(blobs[f].data()),
                                               blobs[f].size()));
        if (!g) throw InvalidInput("row " + std::to_string(f) + ": unreadable WKB: " + detail::take_geos_error());
        const int type = GEOSGeomTypeId_r(geos(), g.get());
        if (type == GEOS_LINESTRING) {
          append_line(builder, g.get());
        } else if (type == GEOS_MULTILINESTRING) {
          for (int i = 0; i < GEOSGetNumGeometries_r(geos(), g.get()); ++i) append_line(builder, GEOSGetGeometryN_r(geos(), g.get(), i));
        } else if (GEOSisEmpty_r(geos(), g.get()) != 1) {
          char* name = GEOSGeomType_r(geos(), g.get());
          std::string type_name = name != nullptr ? name : "geometry";
          GEOSFree_r(geos(), name);
          throw InvalidInput("row " + std::to_string(f) + " is a " + type_name + "; expected LineString or MultiLineString");
        }
      }
      builder.end_feature();
    }
  } catch (...) {
    GEOSWKBReader_destroy_r(geos(), reader);
    throw;
  }
  GEOSWKBReader_destroy_r(geos(), reader);
  return builder.build();
}

}  // namespace watchmap
