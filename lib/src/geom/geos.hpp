#pragma once
// Private GEOS helpers over the reentrant C API: one context per thread, RAII handles, and
// conversion between PolygonSet/PointSet features and GEOS geometries.
#include <geos_c.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "watchmap/geometry.hpp"

namespace watchmap::detail {

/// This thread's GEOS context (created on first use, finished at thread exit). Geometries made
/// in one thread's context may be read through another's, as shapely does.
GEOSContextHandle_t geos();

/// The last error GEOS reported on this thread ("" when none), cleared by the call.
std::string take_geos_error();

struct GeomDeleter {
  void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(geos(), g); }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

struct PreparedDeleter {
  void operator()(const GEOSPreparedGeometry* g) const { GEOSPreparedGeom_destroy_r(geos(), g); }
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

/// Wraps a GEOS result; throws GeometryError("<what>: <GEOS message>") when it is null.
GeomPtr checked(GEOSGeometry* g, const std::string& what);

/// A GEOS predicate's answer (0 or 1); its exception value 2 throws GeometryError naming `what`,
/// instead of reading as "no".
bool predicate(char result, const std::string& what);

/// A prepared geometry over `g` (which must outlive it); throws GeometryError when GEOS fails.
PreparedPtr prepare(const GEOSGeometry* g, const std::string& what);

/// Feature `f` as a GEOS Polygon or MultiPolygon (an empty Polygon when the feature is empty).
GeomPtr to_geos(const PolygonSet& polygons, size_t f);
/// Every part of every feature in one GEOS MultiPolygon, only to be fed to a union (it is invalid
/// when features overlap or share edges).
GeomPtr to_geos_collection(const PolygonSet& polygons);
/// A GEOS point.
GeomPtr to_geos_point(double x, double y);

/// Little-endian 2-D WKB of `count` features, feature f given as GEOS by `feature(f)`.
/// Throws GeometryError naming the feature GEOS cannot write.
std::vector<std::string> write_wkb(size_t count, const std::function<GeomPtr(size_t)>& feature);

/// Appends the polygonal parts of `g` (Polygon, MultiPolygon, or polygons inside a collection)
/// to the current feature of `builder`; lines and points are dropped. Does not end the feature.
void append_polygonal(PolygonSet::Builder& builder, const GEOSGeometry* g);

}  // namespace watchmap::detail
