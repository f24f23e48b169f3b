#include "geom/geos.hpp"

#include <cstdarg>
#include <cstdio>
#include <vector>

#include "watchmap/error.hpp"

namespace watchmap::detail {

namespace {

thread_local std::string geos_last_error;

void on_geos_error(const char* message, void*) { geos_last_error = message != nullptr ? message : "unknown error"; }

struct ThreadContext {
  GEOSContextHandle_t handle = GEOS_init_r();
  ThreadContext() { GEOSContext_setErrorMessageHandler_r(handle, &on_geos_error, nullptr); }
  ~ThreadContext() { GEOS_finish_r(handle); }
};

GeomPtr ring_to_geos(const PolygonSet& ps, int64_t r) {
  const int64_t b = ps.ring_offsets()[r];
  const auto n = static_cast<unsigned>(ps.ring_offsets()[r + 1] - b);
  std::vector<double> xy(2 * n);
  for (unsigned i = 0; i < n; ++i) {
    xy[2 * i] = ps.x()[b + i];
    xy[2 * i + 1] = ps.y()[b + i];
  }
  GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(geos(), xy.data(), n, 0, 0);
  if (seq == nullptr) throw GeometryError("GEOS: cannot create a coordinate sequence: " + take_geos_error());
  return checked(GEOSGeom_createLinearRing_r(geos(), seq), "GEOS: cannot create a ring");
}

GeomPtr part_to_geos(const PolygonSet& ps, int64_t p) {
  const int64_t r0 = ps.part_offsets()[p], r1 = ps.part_offsets()[p + 1];
  GeomPtr shell = ring_to_geos(ps, r0);
  std::vector<GEOSGeometry*> holes;
  try {
    for (int64_t r = r0 + 1; r < r1; ++r) holes.push_back(ring_to_geos(ps, r).release());
  } catch (...) {
    for (GEOSGeometry* h : holes) GEOSGeom_destroy_r(geos(), h);
    throw;
  }
  // createPolygon takes ownership of shell and holes, even on failure.
  return checked(GEOSGeom_createPolygon_r(geos(), shell.release(), holes.data(), static_cast<unsigned>(holes.size())),
                 "GEOS: cannot create a polygon");
}

GeomPtr collection(int type, std::vector<GeomPtr>& parts) {
  std::vector<GEOSGeometry*> raw;
  raw.reserve(parts.size());
  for (GeomPtr& g : parts) raw.push_back(g.release());
  return checked(GEOSGeom_createCollection_r(geos(), type, raw.data(), static_cast<unsigned>(raw.size())),
                 "GEOS: cannot create a collection");
}

void append_polygon(PolygonSet::Builder& builder, const GEOSGeometry* poly) {
  auto add = [&](const GEOSGeometry* ring) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(geos(), ring);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(geos(), seq, &n);
    if (n == 0) return;
    std::vector<double> xy(2 * n);
    GEOSCoordSeq_copyToBuffer_r(geos(), seq, xy.data(), 0, 0);
    std::vector<double> x(n), y(n);
    for (unsigned i = 0; i < n; ++i) {
      x[i] = xy[2 * i];
      y[i] = xy[2 * i + 1];
    }
    builder.add_ring(x, y);
  };
  if (GEOSisEmpty_r(geos(), poly) == 1) return;
  add(GEOSGetExteriorRing_r(geos(), poly));
  const int holes = GEOSGetNumInteriorRings_r(geos(), poly);
  for (int h = 0; h < holes; ++h) add(GEOSGetInteriorRingN_r(geos(), poly, h));
  builder.end_part();
}

}  // namespace

GEOSContextHandle_t geos() {
  thread_local ThreadContext context;
  return context.handle;
}

std::string take_geos_error() {
  std::string message = std::move(geos_last_error);
  geos_last_error.clear();
  return message.empty() ? "unknown GEOS error" : message;
}

GeomPtr checked(GEOSGeometry* g, const std::string& what) {
  if (g == nullptr) throw GeometryError(what + ": " + take_geos_error());
  return GeomPtr(g);
}

bool predicate(char result, const std::string& what) {
  if (result == 2) throw GeometryError(what + ": " + take_geos_error());
  return result == 1;
}

PreparedPtr prepare(const GEOSGeometry* g, const std::string& what) {
  const GEOSPreparedGeometry* prepared = GEOSPrepare_r(geos(), g);
  if (prepared == nullptr) throw GeometryError(what + ": cannot prepare a geometry: " + take_geos_error());
  return PreparedPtr(prepared);
}

GeomPtr to_geos(const PolygonSet& ps, size_t f) {
  const int64_t p0 = ps.feature_offsets()[f], p1 = ps.feature_offsets()[f + 1];
  if (p0 == p1) return checked(GEOSGeom_createEmptyPolygon_r(geos()), "GEOS: empty polygon");
  if (p1 - p0 == 1) return part_to_geos(ps, p0);
  std::vector<GeomPtr> parts;
  for (int64_t p = p0; p < p1; ++p) parts.push_back(part_to_geos(ps, p));
  return collection(GEOS_MULTIPOLYGON, parts);
}

GeomPtr to_geos_collection(const PolygonSet& ps) {
  std::vector<GeomPtr> parts;
  parts.reserve(ps.num_parts());
  for (size_t p = 0; p < ps.num_parts(); ++p) parts.push_back(part_to_geos(ps, static_cast<int64_t>(p)));
  return collection(GEOS_MULTIPOLYGON, parts);
}

std::vector<std::string> write_wkb(size_t count, const std::function<GeomPtr(size_t)>& feature) {
  GEOSWKBWriter* writer = GEOSWKBWriter_create_r(geos());
  GEOSWKBWriter_setByteOrder_r(geos(), writer, GEOS_WKB_NDR);
  GEOSWKBWriter_setOutputDimension_r(geos(), writer, 2);
  std::vector<std::string> out;
  out.reserve(count);
  try {
    for (size_t f = 0; f < count; ++f) {
      GeomPtr g = feature(f);
      size_t size = 0;
      unsigned char* bytes = GEOSWKBWriter_write_r(geos(), writer, g.get(), &size);
      if (bytes == nullptr) throw GeometryError("to_wkb: feature " + std::to_string(f) + ": " + take_geos_error());
      out.emplace_back(reinterpret_cast<const char*>(bytes), size);
      GEOSFree_r(geos(), bytes);
    }
  } catch (...) {
    GEOSWKBWriter_destroy_r(geos(), writer);
    throw;
  }
  GEOSWKBWriter_destroy_r(geos(), writer);
  return out;
}

GeomPtr to_geos_point(double x, double y) {
  return checked(GEOSGeom_createPointFromXY_r(geos(), x, y), "GEOS: cannot create a point");
}

void append_polygonal(PolygonSet::Builder& builder, const GEOSGeometry* g) {
  switch (GEOSGeomTypeId_r(geos(), g)) {
    case GEOS_POLYGON: append_polygon(builder, g); break;
    case GEOS_MULTIPOLYGON:
    case GEOS_GEOMETRYCOLLECTION: {
      const int n = GEOSGetNumGeometries_r(geos(), g);
      for (int i = 0; i < n; ++i) append_polygonal(builder, GEOSGetGeometryN_r(geos(), g, i));
      break;
    }
    default: break;  // points and lines have no area
  }
}

}  // namespace watchmap::detail
